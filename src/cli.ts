#!/usr/bin/env node
// The `credlint` executable; the command itself is `src/cli/main.ts`.
import { run } from './cli/main.js';

await run(process.argv.slice(2));
