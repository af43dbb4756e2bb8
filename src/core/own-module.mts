import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where credlint's code is, for the code that must know: `require` for the CommonJS packages and
 * built-in modules loaded on first use, and the directory the package's own `package.json` is found
 * above. credlint's code is built twice (README, "Performance"): as ES modules (the library, the ESLint
 * plugin, the CDK plugin) and as a CommonJS copy of the CLI's code, which the `credlint` executable
 * loads. Only an ES module can name its own file (`import.meta.url`), and a CommonJS module cannot
 * contain that syntax; this file is `.mts`, so both builds emit it as an ES module (Node loads an ES
 * module from CommonJS with `require`, from 20.19 and 22.12 on), each copy naming its own build's
 * directory.
 */

const ownFile: string = fileURLToPath(import.meta.url);

/** `require` resolving from credlint's package: its dependencies, and Node's built-in modules. */
export const ownRequire: NodeJS.Require = createRequire(ownFile);

/** The directory of credlint's `src/core` in the build that is running (`dist/src/core`, the copy's, or the sources'). */
export const ownDirectory: string = path.dirname(ownFile);
