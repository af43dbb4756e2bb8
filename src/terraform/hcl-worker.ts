/**
 * Worker thread that runs hcl2json for `hcl-parser-pool.ts`, one file at a time.
 *
 * hcl2json's Go runtime writes fatal errors and tracebacks with `globalThis.fs.writeSync(2, ...)`,
 * which would bypass the worker's captured stderr and print a Go stack trace into credlint's output.
 * So before hcl2json loads, `globalThis.fs` becomes an accessor: whatever hcl2json installs is wrapped
 * so that writes to fd 1/2 are kept here instead. A `fatal error`/`panic:` in that text means the Go
 * program has exited and will never answer again: the pool is told at once and replaces the worker.
 */
import type * as NodeFs from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { findExcessiveNesting } from './check-nesting-depth.js';
import type { ParseRequest, ParseResponse } from './hcl-worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('hcl-worker.ts must run in a worker thread');

let currentId = -1;
let goOutput = '';
let crashReported = false;

function post(message: ParseResponse): void {
  port?.postMessage(message);
}

function captureGoOutput(bytes: Uint8Array): void {
  if (goOutput.length < 16_384) goOutput += Buffer.from(bytes).toString('utf8');
  if (!crashReported && /fatal error:|panic:/.test(goOutput)) {
    crashReported = true;
    // Let the Go runtime finish writing its traceback and exit before reporting.
    setImmediate(() => {
      const first = /(fatal error: [^\n]*|panic: [^\n]*)/.exec(goOutput)?.[1] ?? 'Go runtime exited';
      const cause = /goroutine stack exceeds/.test(goOutput) ? 'stack overflow' : first.trim();
      post({ id: currentId, kind: 'crash', detail: cause });
    });
  }
}

function guardFs(real: typeof NodeFs): typeof NodeFs {
  const guarded = Object.create(real) as typeof NodeFs & Record<string, unknown>;
  guarded.writeSync = ((fd: number, buffer: Uint8Array, ...rest: unknown[]) => {
    if (fd === 1 || fd === 2) {
      captureGoOutput(buffer);
      return buffer.length;
    }
    return (real.writeSync as (...args: unknown[]) => number)(fd, buffer, ...rest);
  }) as typeof NodeFs.writeSync;
  return guarded;
}

let installedFs: unknown;
Object.defineProperty(globalThis, 'fs', {
  configurable: true,
  get: () => installedFs,
  set: (value: typeof NodeFs) => {
    installedFs = guardFs(value);
  },
});

/**
 * V8 compiles WebAssembly twice: at once with its baseline compiler (Liftoff), then hot functions
 * again with its optimizing compiler (TurboFan), on background threads. hcl2json's module is 6.5 MB
 * of Go, and a scan parses about a megabyte with it: with V8's default budget, the optimizing
 * compiles start within the first files and take more CPU than they ever give back, on a machine
 * where the other core is busy with the scan itself. Measured on 787 files (1 MB) parsed in one
 * worker here: 4.6 s of CPU and 3.1 s wall by default, 3.0 s of CPU and 2.3 s wall with this
 * budget (`--liftoff-only`: 3.8 s of CPU, 3.8 s wall). Functions that stay hot through a large file
 * are still optimized. The flag is read when a module is compiled, so it is set before hcl2json loads;
 * V8 flags are per process, and nothing else in credlint runs WebAssembly.
 */
setFlagsFromString('--wasm-tiering-budget=300000000');

// Loaded only after the guard is in place (a static import would run first).
const { parseWithHcl2json } = await import('./hcl2json.js');

async function handle(request: ParseRequest): Promise<void> {
  currentId = request.id;
  // The depth check runs here, off the main thread; hcl2json never sees a text that would overflow it.
  const deep = findExcessiveNesting(request.text, request.maxDepth);
  if (deep) {
    post({ id: request.id, kind: 'too-deep', line: deep.line, column: deep.column });
    return;
  }
  try {
    post({ id: request.id, kind: 'ok', body: await parseWithHcl2json(request.file, request.text) });
  } catch (error) {
    post({
      id: request.id,
      kind: 'error',
      name: error instanceof Error ? error.name : 'Error',
      message: error instanceof Error ? error.message : String(error),
    });
  }
}

// The pool posts several requests ahead; they are answered strictly in order, one parse at a time.
let queue: Promise<void> = Promise.resolve();
port.on('message', (request: ParseRequest) => {
  queue = queue.then(() => handle(request));
});
