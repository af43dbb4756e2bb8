// Lints credlint's own code, and its CDK test apps with credlint's own ESLint plugin (DEVELOPERS.md, "Checks").
import { existsSync } from 'node:fs';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

// The plugin as users get it: the built package entry (`npm run build` first; `npm run lint` does).
const builtPlugin = new URL('./dist/src/eslint-plugin/index.js', import.meta.url);
if (!existsSync(builtPlugin)) throw new Error('eslint.config.mjs: dist/src/eslint-plugin/index.js is missing; run `npm run build` first');
const { default: credlint } = await import(builtPlugin.href);

/** The CDK apps of negative fixtures: credlint's own plugin must find nothing in them. */
const CDK_NEGATIVE_APPS = ['fixtures/*/cdk-source/negative/**/*.ts'];

export default defineConfig([
  {
    // Fixtures are inputs, never project code: no project config below names them, and ESLint's default
    // JavaScript patterns are kept off them here; only the negative CDK apps are linted, by credlint's plugin.
    ignores: ['dist/', 'fixtures/**/*.{js,mjs,cjs,jsx}'],
  },
  {
    files: ['src/**/*.{ts,mts,cts}', 'rules/**/*.ts', 'scripts/**/*.ts'],
    extends: [tseslint.configs.strictTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Messages, paths and limits interpolate counts, line numbers and flags; String(n) there adds noise, not safety.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // Loaders and format methods are `async` without awaiting on purpose: a bug that throws must
      // become a rejected promise, which the engine's `.catch` turns into an internal error for that
      // format only; a plain function would throw past it.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Type-aware linting of 90 test files costs more than it finds; the test code gets the syntactic strict set.
    files: ['test/**/*.ts', 'vitest.config.ts'],
    extends: [tseslint.configs.strict],
    rules: {
      // With noUncheckedIndexedAccess `units[0]` is `T | undefined`; in a test a wrong `!` fails at that line, as it should.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: CDK_NEGATIVE_APPS,
    // Linted here without type information, so each file alone (docs/eslint-plugin.md, "What is
    // analysed"): an app whose verdict rests on another file's escape hatch is checked with type
    // information by test/process/cdk-source-parity.test.ts instead, as the CLI and the typed plugin agree on it.
    ignores: ['fixtures/multiple-active-access-keys/cdk-source/negative/old-key-retired-by-the-app/**'],
    extends: [credlint.configs.recommended],
  },
]);
