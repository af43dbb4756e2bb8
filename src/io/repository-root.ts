/**
 * The repository a scanned path belongs to: its git work tree, else the path itself (its directory
 * for a file). Nothing is read beyond it (`FileReader`).
 */
import { lstatSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { readBytes } from './read-source.js';

/** `gitdir: ` and a path: a `.git` file longer than this is not one git wrote. */
const GIT_FILE_HEAD_BYTES = 4096;

/**
 * Whether `dir/.git` makes `dir` a work tree, as git decides it: a directory holding `HEAD`, or a
 * file starting `gitdir:` (worktrees, submodules). A stray empty `.git` directory does not. The
 * `.git` file is read only when it is itself a regular file (not through a symlink: a `.git` linked
 * to `/dev/zero` or to a file elsewhere is not a work tree), and only its first bytes: this runs
 * before the repository is known, so `FileReader` cannot guard it.
 */
function isWorkTree(dir: string): boolean {
  const dotGit = join(dir, '.git');
  try {
    if (lstatSync(dotGit).isDirectory()) return lstatSync(join(dotGit, 'HEAD')).isFile();
  } catch {
    return false;
  }
  const read = readBytes(dotGit, GIT_FILE_HEAD_BYTES, { noFollow: true, head: true });
  return read.ok && read.bytes.toString('latin1').startsWith('gitdir:');
}

/** The nearest ancestor-or-self directory that is a git work tree. */
export function findGitRoot(directory: string): string | undefined {
  for (let current = directory; ; current = dirname(current)) {
    if (isWorkTree(current)) return current;
    if (dirname(current) === current) return undefined;
  }
}

/**
 * The repository of a path given to a scan (absolute, or relative to `cwd`): the git root of the
 * path (of its directory, for a file), else that directory. A missing path stands for itself.
 */
export function repositoryRoot(path: string, cwd: string): string {
  const absolute = resolve(cwd, path);
  let home = absolute;
  try {
    if (!statSync(absolute).isDirectory()) home = dirname(absolute);
  } catch {
    return absolute;
  }
  return findGitRoot(home) ?? home;
}
