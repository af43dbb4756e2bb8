import { createRequire } from 'node:module';

let loaded: typeof import('yaml') | undefined;

/**
 * The `yaml` package, loaded on first use (its CommonJS build, synchronously): a scan of Terraform or
 * JSON templates alone never needs it, and start-up time matters for pre-commit (README, "Performance"). Callers
 * that only need its types import them with `import type`.
 */
export function yamlLibrary(): typeof import('yaml') {
  loaded ??= createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return loaded;
}
