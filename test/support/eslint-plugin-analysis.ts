/**
 * Setup file of the `unit` vitest project: the ESLint plugin requires its CDK analysis on the first
 * file that needs it (`src/eslint-plugin/load-analysis.ts`), and `require` cannot load the TypeScript
 * sources these tests run from, so the analysis is imported here first, as the built plugin would
 * require it.
 */
import { preloadAnalysis } from '../../src/eslint-plugin/load-analysis.js';

await preloadAnalysis();
