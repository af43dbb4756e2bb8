import { requireWithCodeCache } from './code-cache.js';

let loaded: typeof import('yaml') | undefined;

/**
 * The `yaml` package, loaded on first use (its CommonJS build, synchronously): a scan of Terraform or
 * JSON templates alone never needs it, and start-up time matters for pre-commit (README, "Performance"). Callers
 * that only need its types import them with `import type`. In the CLI, its files load through the
 * compiled-code cache (`code-cache.ts`): about 70 files, whose resolution and compilation cost a
 * one-file YAML scan more than Node's own start-up work for them.
 */
export function yamlLibrary(): typeof import('yaml') {
  loaded ??= requireWithCodeCache('yaml') as typeof import('yaml');
  return loaded;
}
