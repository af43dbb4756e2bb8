#!/usr/bin/env node
// The `credlint` executable; the command itself is `src/cli/main.ts`.
// The compiled-code cache is turned on before anything else loads (README, "Performance").
import { enableCodeCache } from './core/code-cache.js';

enableCodeCache();
const { run } = await import('./cli/main.js');
await run(process.argv.slice(2));
