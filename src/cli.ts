#!/usr/bin/env node
// The `credlint` executable. The command itself is `src/cli/main.ts`, run from the CommonJS copy of
// the CLI's code (`src/cli/executable.ts`, built into `dist/cjs`), which loads faster than the ES
// modules and is held, as one entry, in the compiled-code cache turned on here (README, "Performance").
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { enableCodeCache, requirePackageFile } from './core/code-cache.js';

enableCodeCache();
const copy = fileURLToPath(new URL('../cjs', import.meta.url));
const { runExecutable } = requirePackageFile(copy, path.join(copy, 'src', 'cli', 'executable.js')) as typeof import('./cli/executable.js');
await runExecutable(process.argv.slice(2));
