import { enableCodeCache } from '../core/code-cache.js';
import { run } from './main.js';

/**
 * What the `credlint` executable (`src/cli.ts`) runs: this file and everything it loads are built a
 * second time as CommonJS (`tsconfig.cli-copy.json`, `dist/cjs`), which Node loads faster than ES
 * modules and which the code cache can hold (README, "Performance"). This copy's own code cache is
 * turned on before it loads a package.
 */
export function runExecutable(argv: readonly string[]): Promise<void> {
  enableCodeCache();
  return run(argv);
}
