#!/usr/bin/env node
// The `credlint` executable. The command itself is `src/cli/main.ts`, run from the CommonJS copy of
// the CLI's code built into `dist/cjs` (`tsconfig.cli-copy.json`), which loads faster than the ES
// modules and is held, as one entry, in the compiled-code cache (README, "Performance"). The copy's
// own cache loader is required the ordinary way and turned on first: one loader then serves the copy
// and the packages it loads, and this file is the only ES module of credlint's a run loads.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const copy = fileURLToPath(new URL('../cjs', import.meta.url));
const { enableCodeCache, requirePackageFile } = createRequire(import.meta.url)(
  path.join(copy, 'src', 'core', 'code-cache.js'),
) as typeof import('./core/code-cache.js');
enableCodeCache();
const { run } = requirePackageFile(copy, path.join(copy, 'src', 'cli', 'main.js')) as typeof import('./cli/main.js');
await run(process.argv.slice(2));
