'use strict';
/**
 * Where credlint's code is, for the code that must know: `require` for the CommonJS packages and
 * built-in modules loaded on first use, and the directory the package's own `package.json` is found
 * above. credlint's code is built twice (README, "Performance"): as ES modules (the library, the ESLint
 * plugin, the CDK plugin) and as a CommonJS copy of the CLI's code, which the `credlint` executable
 * loads. A file names itself with `import.meta.url` only as an ES module and with `__filename` only as
 * CommonJS, and a TypeScript source is one or the other in both builds; so this one file is written as
 * CommonJS JavaScript (its types are `own-module.d.cts`), which both ES modules and CommonJS load, and
 * the build puts a copy beside each build's `src/core` (`scripts/finish-build.ts`), each naming its own
 * directory. The CLI's copy thus loads no ES module at all: as an ES module this file started Node's
 * ES module loader in every run (docs/performance.md).
 */
const { createRequire } = require('node:module');
const path = require('node:path');

/** `require` resolving from credlint's package: its dependencies, and Node's built-in modules. */
exports.ownRequire = createRequire(__filename);

/** The directory of credlint's `src/core` in the build that is running (`dist/src/core`, the copy's, or the sources'). */
exports.ownDirectory = path.dirname(__filename);
