/**
 * What the streaming memory tests share (docs/architecture.md, "Streaming"): a generated repository of
 * N small units beside one large unit, and a `--no-prefilter` CLI scan of it in a child process that
 * reports its peak resident set size.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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

/** Scans `root` with the CLI in a child process; its peak RSS in MB (what `process.resourceUsage()` reports at exit) and its findings. */
export function scanPeakRss(root: string): { peakMb: number; findings: number } {
  const report = join(root, 'peak-rss.txt');
  const hook = encodeURIComponent(
    `import { writeFileSync } from 'node:fs'; process.on('exit', () => writeFileSync(${JSON.stringify(report)}, String(process.resourceUsage().maxRSS)));`,
  );
  const result = spawnSync(process.execPath, ['--import', `data:text/javascript,${hook}`, CLI, '--no-prefilter', '-f', 'json', '.'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 300_000,
  });
  expect(result.stderr).toBe('');
  const output = JSON.parse(result.stdout) as { findings: unknown[] };
  return { peakMb: Number(readFileSync(report, 'utf8')) / 1024, findings: output.findings.length };
}
