import { createRequire } from 'node:module';

let loaded: typeof import('typescript') | undefined;

/**
 * The `typescript` compiler API, required on first use. ESLint calls rules synchronously, so a
 * dynamic `import()` cannot be awaited here; `createRequire` loads the CommonJS package synchronously,
 * and only when a linted file mentions aws-cdk-lib (files that do not never pay for it, SPEC §8).
 */
export function loadTypescript(): typeof import('typescript') {
  loaded ??= createRequire(import.meta.url)('typescript') as typeof import('typescript');
  return loaded;
}
