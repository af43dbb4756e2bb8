import { requireTypeScript } from '../core/optional-package.js';

let loaded: typeof import('typescript') | undefined;

/**
 * The `typescript` compiler API (an optional peer dependency: typescript-eslint users have it), required
 * on first use. ESLint calls rules synchronously, so a dynamic `import()` cannot be awaited here;
 * `require` loads the CommonJS package synchronously, and only when a linted file mentions
 * aws-cdk-lib (files that do not never pay for it).
 */
export function loadTypescript(): typeof import('typescript') {
  loaded ??= requireTypeScript();
  return loaded;
}
