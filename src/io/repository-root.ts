/**
 * The repository a scanned path belongs to: its git work tree, else the path itself (its directory
 * for a file). Nothing is read beyond it (`FileReader`).
 */
import { lstatSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseIndex, type TrackedPaths } from './git-index.js';
import { resolveInside } from './resolve-inside.js';
import { DEFAULT_MAX_FILE_BYTES, readBytes } from './read-source.js';

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

/** A symlink on the way to a scanned path that leads out of the work tree holding it. */
export interface LeavingLink {
  /** The link, as the scanned path names it. */
  readonly link: string;
  /** Where it leads, as its links spell it, up to the first path outside the work tree (never looked at). */
  readonly target: string;
  /** The git work tree that holds the link. */
  readonly holder: string;
}

/**
 * The first symlink among the components of an absolute path that lies in a git work tree, is that
 * repository's content, and leads outside it, if any. Such a link is what a pull request controls: the
 * action's `paths: infra`, or `credlint $(git diff --name-only)`, must not scan another checkout on
 * the CI machine because the pull request turned `infra` into a link to it (docs/security.md, "What
 * credlint reads"). Git itself would take the linked directory's own work tree as the repository.
 * Links above every work tree (`/tmp` on macOS), links that stay inside theirs, and links git does
 * not track (`tracksLink`: a developer's own `~/code -> /data/code` in a home directory kept in git)
 * are not reported.
 */
export function leavingLink(absolute: string): LeavingLink | undefined {
  const parts = absolute.split(sep);
  for (let i = 2; i <= parts.length; i += 1) {
    const link = parts.slice(0, i).join(sep);
    let isLink: boolean;
    try {
      isLink = lstatSync(link).isSymbolicLink();
    } catch {
      return undefined;
    }
    if (!isLink) continue;
    const holder = findGitRoot(dirname(link));
    if (holder === undefined) continue;
    let realHolder: string;
    try {
      realHolder = realpathSync.native(holder);
    } catch {
      continue;
    }
    // Resolved up to the first component outside the work tree and no further: what the note says is
    // the same whatever is there (`resolve-inside.ts`).
    const resolution = resolveInside(link, [realHolder]);
    if (resolution.kind === 'outside' && tracksLink(holder, link)) return { link, target: resolution.target, holder };
  }
  return undefined;
}

/**
 * The tracked paths of each work tree asked about, while its index is the one read, and the answer
 * for each link asked about (an untracked link takes a pass over every tracked path, and the ESLint
 * plugin asks once per linted file).
 */
const indexes = new Map<string, { readonly stamp: string; readonly paths: TrackedPaths | undefined; readonly answers: Map<string, boolean> }>();

/**
 * Whether the repository at `holder` has `link` as content: git tracks it (a committed symlink is an
 * entry of its own) or something below it. Everything a pull request's checkout puts on disk is
 * tracked; a link git does not know is the machine's own. An index that cannot be read (a worktree's
 * or submodule's lies elsewhere; over the size limit; a version or hash this reader does not know)
 * counts as tracking it: the link is then not followed, as before this rule.
 */
function tracksLink(holder: string, link: string): boolean {
  const indexFile = join(holder, '.git', 'index');
  let stamp: string;
  try {
    const info = lstatSync(indexFile);
    stamp = `${info.ino}:${info.size}:${info.mtimeMs}`;
  } catch {
    return true;
  }
  let known = indexes.get(holder);
  if (known?.stamp !== stamp) {
    const read = readBytes(indexFile, DEFAULT_MAX_FILE_BYTES, { noFollow: true });
    known = { stamp, paths: read.ok ? parseIndex(read.bytes) : undefined, answers: new Map() };
    indexes.set(holder, known);
  }
  const path = relative(holder, link).split(sep).join('/');
  let answer = known.answers.get(path);
  if (answer === undefined) {
    answer = known.paths === undefined || tracked(known.paths, path);
    known.answers.set(path, answer);
  }
  return answer;
}

/** Whether `paths` holds `path` or a path below it, also under another case or Unicode normalisation. */
function tracked(paths: TrackedPaths, path: string): boolean {
  if (paths.has(path, true)) return true;
  // On a file system that ignores case or Unicode normalisation (macOS, Windows), a checkout's
  // `Infra` answers to `infra`: a tracked name equal to this one but for those counts as this one.
  const folded = fold(path);
  return paths.some((name) => {
    const candidate = fold(name);
    return candidate === folded || candidate.startsWith(`${folded}/`);
  });
}

function fold(path: string): string {
  return path.normalize('NFC').toLowerCase();
}

/**
 * The repository of a path given to a scan (absolute, or relative to `cwd`): the git root of the
 * path (of its directory, for a file), else that directory. A missing path stands for itself. A
 * path that reaches another place through a symlink leading out of a work tree belongs to the work
 * tree holding the link (`leavingLink`).
 */
export function repositoryRoot(path: string, cwd: string): string {
  const absolute = resolve(cwd, path);
  const leaving = leavingLink(absolute);
  if (leaving !== undefined) return leaving.holder;
  let home = absolute;
  try {
    if (!statSync(absolute).isDirectory()) home = dirname(absolute);
  } catch {
    return absolute;
  }
  return findGitRoot(home) ?? home;
}
