#!/usr/bin/env node
// `dist/src/cli.js`, the executable's path before it became CommonJS (`cli.cts`, `dist/src/cli.cjs`,
// the package's `bin`): kept for scripts that run it by path. It runs the executable.
import { createRequire } from 'node:module';

createRequire(import.meta.url)('./cli.cjs');
