/**
 * Setup file of the `unit` vitest project: the ESLint plugin's entry requires its code from the
 * CommonJS copy of the build (`src/eslint-plugin/load-plugin.ts`), and the plugin requires its CDK
 * analysis on the first file that needs it (`src/eslint-plugin/load-analysis.ts`); the TypeScript
 * sources these tests run from have no CommonJS copy, and `require` cannot load them, so both are
 * imported here first, as the built plugin would require them.
 */
import { preloadAnalysis } from '../../src/eslint-plugin/load-analysis.js';
import { preloadPlugin } from '../../src/eslint-plugin/load-plugin.js';

await preloadPlugin();
await preloadAnalysis();
