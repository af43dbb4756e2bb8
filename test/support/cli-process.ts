/**
 * The CLI as a user runs it, for process tests: the built executable `dist/src/cli.cjs` (the package's `bin`) (`npm test` builds first)
 * in a child process without colours, and a throwaway project with a git marker so that the
 * repository root (config lookup, report paths, baseline paths) is the project itself.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './fixture-cases.js';
import { tempTree } from './temp-tree.js';

export const CLI = path.join(repoRoot, 'dist', 'src', 'cli.cjs');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], cwd: string, env: Readonly<Record<string, string>> = {}): CliRun {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...env },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A temporary project holding `files` and a `.git` marker; its real path (removed by `removeTempTrees`). */
export function gitProject(files: Readonly<Record<string, string>>, prefix = 'credlint-cli-'): string {
  const dir = tempTree(files, prefix);
  mkdirSync(path.join(dir, '.git'));
  writeFileSync(path.join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  return dir;
}
