/**
 * Setup file of the `unit` and `engine` vitest projects: tests that evaluate Terraform expressions
 * directly have no file reader to load the built-in functions before evaluation (the CLI and `lint()`
 * do, `src/terraform/expr/evaluate.ts`), so they are loaded here, as for any text that calls one.
 */
import { loadFunctionsFor } from '../../src/terraform/expr/evaluate.js';

await loadFunctionsFor('upper("x")');
