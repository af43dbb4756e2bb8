/**
 * Where a symlink in the repository leads, found the way `realpath(3)` finds it, one component at a
 * time, but stopping at the first component outside the repository: nothing outside is looked at, so
 * what a scan says about a link leading out is the same whether its target exists, is a directory, is
 * unreadable or is a `/proc` link, and names the target as the links spell it, never the machine's own
 * real path behind it (docs/security.md, "What credlint reads"). A pull request could otherwise probe
 * which files exist on the CI machine (`~/.aws/credentials`: a note; absent: a parse-error) and read
 * where `/proc/self/fd/1` or `/proc/self/exe` lead in the notes.
 */
import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, sep } from 'node:path';

export type InsideResolution =
  { readonly kind: 'real'; readonly real: string } | { readonly kind: 'outside'; readonly target: string } | { readonly kind: 'error'; readonly code: string };

/** Links followed before giving up, as Linux's `realpath` (MAXSYMLINKS). */
const MAX_LINKS = 40;

/**
 * Resolves the link at `path` (in a directory that exists) with `boundaries`, the repositories' real
 * paths: its real path when every component on the way is inside one of them, else the first path
 * outside (as the links wrote it, relative to the link's directory unless a link on the way wrote an
 * absolute path), else the error code of the component that failed inside.
 */
export function resolveInside(path: string, boundaries: readonly string[]): InsideResolution {
  let resolved: string;
  try {
    resolved = realpathSync.native(dirname(path));
  } catch (error) {
    return { kind: 'error', code: codeOf(error) };
  }
  return finished(walkComponents(resolved, [basename(path)], boundaries, '.'), boundaries);
}

/**
 * Resolves a path a file in the repository writes (an absolute path, or one relative to `realDir`,
 * the real path of a directory inside the repository), the same way: nothing outside the boundaries
 * is looked at, not even the directories the path names on its way out. A target outside is spelled
 * from `spelledFrom`, how the caller names `realDir` (by default `.`: relative to it, as written).
 */
export function resolveWritten(realDir: string, written: string, boundaries: readonly string[], spelledFrom = '.'): InsideResolution {
  return finished(walkComponents(isAbsolute(written) ? sep : realDir, written.split(sep), boundaries, isAbsolute(written) ? sep : spelledFrom), boundaries);
}

/**
 * A walk's end: `..` may end above the repository (a link to `../..`), where no component was looked
 * at; that is outside too, or the walk would stat the directory above the repository and name it by
 * its real path.
 */
function finished(walked: ReturnType<typeof walkComponents>, boundaries: readonly string[]): InsideResolution {
  if (walked.kind !== 'real') return walked;
  if (!boundaries.some((root) => isWithin(walked.real, root))) return { kind: 'outside', target: walked.spelled };
  return { kind: 'real', real: walked.real };
}

/**
 * Follows `parts` from the real directory `start`, one component at a time (see `resolveInside`).
 * Beside the real path it keeps the path as the parts and links spell it, from `spelledFrom` (how
 * `start` is named): a link leading out by `../..` is named `../..`, not by the real path of the
 * directory above the repository, which would show whoever wrote the link where the CI machine keeps
 * its checkout (`/home/runner/work/...`). Spelled lexically, so `..` past the file system's root is
 * kept as written, and says nothing of how deep the repository lies.
 */
function walkComponents(
  start: string,
  parts: readonly string[],
  boundaries: readonly string[],
  spelledFrom: string,
): Exclude<InsideResolution, { kind: 'real' }> | { readonly kind: 'real'; readonly real: string; readonly spelled: string } {
  let resolved = start;
  let spelled = spelledFrom;
  let pending = [...parts];
  let links = 0;
  while (pending.length > 0) {
    const part = pending.shift() as string;
    if (part === '' || part === '.') continue;
    if (part === '..') {
      resolved = dirname(resolved);
      spelled = join(spelled, '..');
      continue;
    }
    const next = join(resolved, part);
    spelled = join(spelled, part);
    if (!boundaries.some((root) => isWithin(next, root) || isWithin(root, next))) return { kind: 'outside', target: join(spelled, ...pending) };
    let isLink: boolean;
    try {
      // A missing component is the common answer (`.terraform/modules/modules.json` looked for beside
      // each module call): told without an exception, whose error object and stack cost several times
      // the system call (docs/performance.md).
      const info = lstatSync(next, { throwIfNoEntry: false });
      if (info === undefined) return { kind: 'error', code: 'ENOENT' };
      isLink = info.isSymbolicLink();
    } catch (error) {
      return { kind: 'error', code: codeOf(error) };
    }
    if (!isLink) {
      resolved = next;
      continue;
    }
    links += 1;
    if (links > MAX_LINKS) return { kind: 'error', code: 'ELOOP' };
    let written: string;
    try {
      written = readlinkSync(next);
    } catch (error) {
      return { kind: 'error', code: codeOf(error) };
    }
    if (isAbsolute(written)) {
      resolved = sep;
      spelled = sep;
    } else {
      // The link's text is relative to its directory: the link's own name is dropped.
      spelled = join(spelled, '..');
    }
    pending = [...written.split(sep), ...pending];
  }
  return { kind: 'real', real: resolved, spelled };
}
/** Whether `path` is `root` or below it. */
function isWithin(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'EIO';
}
