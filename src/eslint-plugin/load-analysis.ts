import { requireOwnModule } from '../core/code-cache.js';

type Analysis = typeof import('./analyse-source.js');

let loaded: Analysis | undefined;

/**
 * The CDK source analysis (`analyse-source.ts`: the extractor, about fifty modules), loaded on the first
 * linted file that may hold a finding (`may-hold-findings.ts`): an ESLint run over files that never
 * name CDK IAM constructs does not load it at all (docs/eslint-plugin.md). ESLint calls rules
 * synchronously, so it is required, which Node supports for ES modules from 20.19 and 22.12 on (the
 * `engines` of package.json); the module is the same instance an `import` would give. From the
 * CommonJS copy, through the compiled-code cache when the plugin turned it on (`load-plugin.ts`).
 */
export function analysis(): Analysis {
  loaded ??= requireOwnModule('../eslint-plugin/analyse-source.js') as Analysis;
  return loaded;
}

/**
 * Loads the analysis ahead, asynchronously: for the unit and engine tests, which run from the
 * TypeScript sources that `require` cannot load.
 */
export async function preloadAnalysis(): Promise<void> {
  loaded ??= await import('./analyse-source.js');
}
