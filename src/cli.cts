#!/usr/bin/env node
// The `credlint` executable. The command itself is `src/cli/main.ts`, run from the CommonJS copy of
// the CLI's code built into `dist/cjs` (`tsconfig.cli-copy.json`), which loads faster than the ES
// modules and is held, as one entry, in the compiled-code cache (README, "Performance"). The copy's
// own cache loader is required the ordinary way and turned on first: one loader then serves the copy
// and the packages it loads. This file is CommonJS too (`.cts`), so a run loads no ES module at all:
// an ES module executable started Node's ES module loader for itself alone, about 5 ms of CPU of
// every run (docs/performance.md). `dist/src/cli.js` runs this file, for whoever calls it by that path.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- this file is CommonJS by design (above).
import path = require('node:path');

const copy = path.join(__dirname, '..', 'cjs');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a file of the copy, by its path.
const { enableCodeCache, requirePackageFile } = require(path.join(copy, 'src', 'core', 'code-cache.js')) as typeof import('./core/code-cache.js');
enableCodeCache();
const { run } = requirePackageFile(copy, path.join(copy, 'src', 'cli', 'main.js')) as typeof import('./cli/main.js');
// `run` reports every error itself and sets the exit code; it never rejects.
void run(process.argv.slice(2));
