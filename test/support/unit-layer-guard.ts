/**
 * Setup file of the `unit` vitest project: a unit test stays in its process. Starting a child process
 * or a worker thread (the hcl2json worker pool is one) throws, naming the layer the test belongs to,
 * so a slow test cannot settle in the fast layer unnoticed (DEVELOPERS.md, "Tests").
 */
import { createRequire, syncBuiltinESMExports } from 'node:module';

const require = createRequire(import.meta.url);
const childProcess = require('node:child_process') as Record<string, unknown>;
const workerThreads = require('node:worker_threads') as Record<string, unknown>;

function refuse(what: string): never {
  throw new Error(`a unit test may not start ${what}: move the test to test/engine/ (whole engine, hcl2json) or test/process/ (child processes)`);
}

for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
  childProcess[name] = () => refuse(`a child process (child_process.${name})`);
}
workerThreads.Worker = function Worker() {
  refuse('a worker thread');
};
// ES module imports of node: built-ins see the patched functions only after this.
syncBuiltinESMExports();
