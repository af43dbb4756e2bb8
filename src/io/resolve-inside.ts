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
 * outside (as the links wrote it), else the error code of the component that failed inside.
 */
export function resolveInside(path: string, boundaries: readonly string[]): InsideResolution {
  let resolved: string;
  try {
    resolved = realpathSync.native(dirname(path));
  } catch (error) {
    return { kind: 'error', code: codeOf(error) };
  }
  return walkComponents(resolved, [basename(path)], boundaries);
}

/**
 * Resolves a path a file in the repository writes (an absolute path, or one relative to `realDir`,
 * the real path of a directory inside the repository), the same way: nothing outside the boundaries
 * is looked at, not even the directories the path names on its way out.
 */
export function resolveWritten(realDir: string, written: string, boundaries: readonly string[]): InsideResolution {
  const resolution = walkComponents(isAbsolute(written) ? sep : realDir, written.split(sep), boundaries);
  // `..` may end above the repository (`../..`), where no component was looked at.
  if (resolution.kind === 'real' && !boundaries.some((root) => isWithin(resolution.real, root))) return { kind: 'outside', target: resolution.real };
  return resolution;
}

/** Follows `parts` from the real directory `start`, one component at a time (see `resolveInside`). */
function walkComponents(start: string, parts: readonly string[], boundaries: readonly string[]): InsideResolution {
  let resolved = start;
  let pending = [...parts];
  let links = 0;
  while (pending.length > 0) {
    const part = pending.shift() as string;
    if (part === '' || part === '.') continue;
    if (part === '..') {
      resolved = dirname(resolved);
      continue;
    }
    const next = join(resolved, part);
    if (!boundaries.some((root) => isWithin(next, root) || isWithin(root, next))) return { kind: 'outside', target: join(next, ...pending) };
    let isLink: boolean;
    try {
      isLink = lstatSync(next).isSymbolicLink();
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
    if (isAbsolute(written)) resolved = sep;
    pending = [...written.split(sep), ...pending];
  }
  return { kind: 'real', real: resolved };
}

/** Whether `path` is `root` or below it. */
function isWithin(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'EIO';
}
