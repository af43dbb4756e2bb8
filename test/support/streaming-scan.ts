/**
 * What the streaming memory tests share (docs/architecture.md, "Streaming"): a generated repository of
 * N small units beside one large unit, and a `--no-prefilter` CLI scan of it in a child process whose
 * JavaScript heap is limited.
 */
import { spawnSync } from 'node:child_process';
import { expect } from 'vitest';
import { CLI } from './cli-process.js';
import { tempTree } from './temp-tree.js';

/** The files of one unit named `name`, its size (resources per file) given. */
export type UnitFiles = (name: string, size: number) => Record<string, string>;

/** A git repository holding one unit of `largestSize` named "largest" and `units` units of `size`, named `<prefix>0000`, …. */
export function unitsCorpus(unitFiles: UnitFiles, units: number, sizes: { readonly largest: number; readonly each: number }, prefix: string): string {
  const files: Record<string, string> = { '.git/HEAD': 'ref: refs/heads/main\n', ...unitFiles('largest', sizes.largest) };
  for (let i = 0; i < units; i++) Object.assign(files, unitFiles(`${prefix}${String(i).padStart(4, '0')}`, sizes.each));
  return tempTree(files, `credlint-stream-${prefix}-`);
}

/**
 * Scans `root` with the CLI in a child process whose old-generation heap is limited to `heapMb`
 * (`--max-old-space-size`): a scan that needs more dies with V8's "heap out of memory" on stderr and no
 * report. A heap limit is a yes-or-no measure that does not depend on when V8 happens to collect, as a
 * peak resident set size did (the same streamed scan measured 0.9× to 1.55× between runs).
 */
export function scanWithinHeap(root: string, heapMb: number): { completed: boolean; findings: number; stderr: string } {
  const result = spawnSync(process.execPath, [`--max-old-space-size=${heapMb}`, CLI, '--no-prefilter', '-f', 'json', '.'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 300_000,
  });
  if (result.status !== 1 || result.stderr !== '') return { completed: false, findings: 0, stderr: result.stderr.slice(0, 2000) };
  const output = JSON.parse(result.stdout) as { findings: unknown[] };
  return { completed: true, findings: output.findings.length, stderr: '' };
}

/**
 * Scans the corpora of `units` and of 4 × `units` units (`corpus`) within `heapMb` of heap: both must
 * complete, with one finding per unit and one for the largest unit.
 */
export function expectBothScansWithinHeap(corpus: (units: number) => string, units: number, heapMb: number): void {
  for (const count of [units, 4 * units]) {
    const scan = scanWithinHeap(corpus(count), heapMb);
    expect(scan.stderr, `${count} units`).toBe('');
    expect(scan.completed).toBe(true);
    expect(scan.findings).toBe(count + 1);
  }
}
