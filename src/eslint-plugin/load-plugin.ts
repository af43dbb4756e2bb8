import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

type PluginModule = typeof import('./plugin.js');

let loaded: PluginModule | undefined;

/**
 * The plugin's code (`plugin.ts`, its rules, and the CDK source analysis they require on the first
 * file that may hold a finding), required from the CommonJS copy of credlint's code that the CLI runs
 * (`dist/cjs`, `tsconfig.cli-copy.json`; README, "Performance"): the same sources, built as CommonJS.
 * ESLint imports a flat config as an ES module; the plugin's ES modules would be resolved import by
 * import as URLs and linked as module records (about 40 modules for the rules, 75 more for the
 * analysis, with about 250 relative imports), which costs Node 20 more CPU than requiring the same
 * code as CommonJS: 18–23 against 11–13 ms for the plugin, 34–37 against 23–30 ms for the analysis
 * (docs/performance.md, "The ESLint plugin"). On Node 20, which has no compile cache of its own, the
 * copy is loaded through the CLI's compiled-code cache (`code-cache.ts`, `enablePluginCodeCache`): the
 * analysis compiles most of its functions on the first analysed file, and the cache holds them.
 */
export function pluginModule(): PluginModule {
  if (loaded) return loaded;
  const copy = fileURLToPath(new URL('../../cjs', import.meta.url));
  const { enablePluginCodeCache, requirePackageFile } = createRequire(import.meta.url)(
    path.join(copy, 'src', 'core', 'code-cache.js'),
  ) as typeof import('../core/code-cache.js');
  enablePluginCodeCache();
  loaded = requirePackageFile(copy, path.join(copy, 'src', 'eslint-plugin', 'plugin.js')) as PluginModule;
  return loaded;
}

/**
 * Loads the plugin ahead from the ES modules, asynchronously: for the tests that run from the
 * TypeScript sources, which have no CommonJS copy beside them.
 */
export async function preloadPlugin(): Promise<void> {
  loaded ??= await import('./plugin.js');
}
