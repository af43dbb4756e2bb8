/**
 * Setup file of the `unit` vitest project: a unit test stays in its process. Starting a child process
 * or a worker thread, or reading the process's CPU clock, throws, and fails the test even where the code
 * under test catches the error (the pool turns a failed worker into a diagnostic), naming the layer the
 * test belongs to: a slow test cannot settle in the fast layer unnoticed (DEVELOPERS.md, "Tests").
 */
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { afterEach } from 'vitest';

const require = createRequire(import.meta.url);
const childProcess = require('node:child_process') as Record<string, unknown>;
const workerThreads = require('node:worker_threads') as Record<string, unknown>;

let attempted: string | undefined;

function refusal(what: string): Error {
  return new Error(`a unit test may not use ${what}: move the test to test/engine/ (whole engine) or test/process/ (child processes)`);
}

function refuse(what: string): never {
  attempted ??= what;
  throw refusal(what);
}

for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
  childProcess[name] = () => refuse(`a child process (child_process.${name})`);
}
workerThreads.Worker = function Worker() {
  refuse('a worker thread');
};
// The unit layer's files share worker threads of one process, so the process's CPU clock counts every
// test file running beside the caller: a timing assertion there measures its neighbours.
process.cpuUsage = () => refuse('a process CPU clock (process.cpuUsage counts every unit test thread)');
// ES module imports of node: built-ins see the patched functions only after this.
syncBuiltinESMExports();

afterEach(() => {
  const what = attempted;
  attempted = undefined;
  if (what !== undefined) throw refusal(what);
});
