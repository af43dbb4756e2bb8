/**
 * Terraform's `fileset(path, pattern)` on the files of the repository
 * (https://developer.hashicorp.com/terraform/language/functions/fileset): the pattern is joined to
 * the path (a relative path is taken from the root module's directory, as for `file`) and the joined
 * path made canonical (`..` and `.` removed), then globbed component by component (`glob-pattern.ts`),
 * as Terraform's glob library does: literal leading components are taken as written, `**` descends
 * into every directory below (symlinked ones too), and the other components match the names of a
 * directory's entries. Of what matches, only regular files are kept (a symlink to one counts), and
 * the result is the set of their paths relative to `path`, with `/` separators.
 *
 * credlint reads no directory and follows no symlink outside the repository: a glob that would (a
 * path leading out, a matched or traversed symlink whose target is outside) is an unknown, as `file`
 * of such a path is, never a list with that file left out. The work is bounded (`FILESET_LIMITS`): a
 * glob over a huge tree, a symlink loop under `**`, or a pattern that backtracks without end is an
 * unknown whose reason says so.
 */
import { lstatSync, readdirSync, statSync, type Stats } from 'node:fs';
import { posix, relative, resolve, sep } from 'node:path';
import type { FileReader } from '../../io/file-reader.js';
import { makeSet } from '../expr/convert.js';
import { activeBudget } from '../expr/eval-budget.js';
import { EvaluationError, Unknown, type TfValue } from '../expr/value.js';
import { BadGlobPattern, GlobStepsExceeded, isLiteralComponent, matchesComponent, splitUnescaped, type GlobSteps } from './glob-pattern.js';

/** What one `fileset` call may spend (README, where `fileset` is described; docs/security.md). */
export const FILESET_LIMITS = {
  /** Directory entries looked at, over all directories listed. */
  entries: 20_000,
  /** Directories listed. */
  directories: 2_000,
  /** Comparison steps of names against pattern components. */
  matchSteps: 1_000_000,
} as const;

/**
 * A glob that would leave the repository, or go past a limit (`beyondLimit`): the call's result is
 * this unknown. Past a limit the scan is incomplete where Terraform would have listed the files, so it
 * is reported as a `parse-error` at the expression (`EvalBudget.beyondCapacity`), not left as an
 * unknown that no exit code shows.
 */
class Stop extends Error {
  constructor(
    readonly reason: string,
    readonly beyondLimit = false,
  ) {
    super(reason);
  }
}

/** `lstat`/`stat`, undefined where the glob library's call fails (absent, a symlink loop, no permission). */
function examine(how: typeof statSync, path: string): Stats | undefined {
  try {
    return how(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

interface GlobState {
  readonly reader: FileReader;
  readonly rootDir: string;
  readonly steps: GlobSteps;
  entriesLeft: number;
  directoriesLeft: number;
  readonly matches: string[];
}

export function repositoryFileSet(rootDir: string, reader: FileReader, path: string, pattern: string): TfValue {
  const base = resolve(rootDir, path);
  // Terraform joins path and pattern and cleans the result (no `.`, `..`, doubled or trailing `/`).
  const joined = posix.normalize(`${base}/${pattern}`).replace(/(?<=.)\/+$/, '');
  const state: GlobState = {
    reader,
    rootDir,
    steps: { left: FILESET_LIMITS.matchSteps },
    entriesLeft: FILESET_LIMITS.entries,
    directoriesLeft: FILESET_LIMITS.directories,
    matches: [],
  };
  try {
    glob(state, '/', splitUnescaped(joined, '/'), 1);
  } catch (error) {
    if (error instanceof Stop)
      return error.beyondLimit ? activeBudget().beyondCapacity(`fileset(): ${error.reason}`) : new Unknown(`fileset(): ${error.reason}`);
    if (error instanceof GlobStepsExceeded) {
      return activeBudget().beyondCapacity(
        `fileset(): matching the pattern ${JSON.stringify(pattern)} takes more than ${FILESET_LIMITS.matchSteps} steps, beyond credlint's limit`,
      );
    }
    if (error instanceof BadGlobPattern) return new EvaluationError(`fileset(): the pattern ${JSON.stringify(pattern)} is malformed: ${error.message}`);
    throw error;
  }
  const files: string[] = [];
  for (const match of state.matches) {
    const resolution = reader.resolvePath(match);
    if (resolution.kind === 'outside') return new Unknown(`fileset(): ${shownPath(rootDir, match)} is outside the repository and is not read`);
    const info = resolution.kind === 'real' ? examine(statSync, resolution.real) : undefined;
    // Terraform fails where a match cannot be examined (a dangling symlink).
    if (info === undefined) return new EvaluationError(`fileset(): cannot examine ${shownPath(rootDir, match)}`);
    if (info.isFile()) files.push(posix.relative(base, match));
  }
  return makeSet(files);
}

function shownPath(rootDir: string, absolute: string): string {
  return JSON.stringify(relative(rootDir, absolute).split(sep).join('/'));
}

/**
 * A path the glob is about to look at (list, follow, or return): inside the repository, or the call
 * stops. Followed one component at a time and never past the repository's edge
 * (`FileReader.resolvePath`), so the answer for a link leading out is the same whether its target
 * exists: a pull request cannot probe the CI machine's files through the reason.
 */
function mustBeInside(state: GlobState, absolute: string): void {
  if (state.reader.resolvePath(absolute).kind === 'outside') throw new Stop(`${shownPath(state.rootDir, absolute)} is outside the repository and is not read`);
}

function glob(state: GlobState, start: string, components: readonly string[], from: number): void {
  // `from`: the first component still to match (the array is shared, never copied per directory:
  // a pattern of 200,000 `*/` would otherwise be copied once per entry).
  let index = from;
  while (index < components.length && isLiteralComponent(components[index] ?? '')) index += 1;
  const dir = index > from ? posix.join(start, components.slice(from, index).join('/')) : start;
  mustBeInside(state, dir);
  let info = examine(lstatSync, dir);
  if (info === undefined) return;
  if (index >= components.length) {
    state.matches.push(dir);
    return;
  }
  if (info.isSymbolicLink()) info = examine(statSync, dir);
  if (info === undefined || !info.isDirectory()) return;
  const names = listDirectory(state, dir);
  let component = components[index] ?? '';
  let last = index + 1 >= components.length;
  if (component === '**') {
    for (const name of names) {
      const entry = posix.join(dir, name);
      const kind = entryKind(state, entry);
      if (kind === 'directory') {
        if (last) state.matches.push(entry);
        glob(state, entry, components, index);
      } else if (kind === 'other' && last) {
        state.matches.push(entry);
      }
    }
    if (last) return;
    index += 1;
    component = components[index] ?? '';
    last = index + 1 >= components.length;
  }
  const chars = Array.from(component);
  for (const name of names) {
    if (!matchesComponent(chars, name, state.steps)) continue;
    const entry = posix.join(dir, name);
    if (last) {
      state.matches.push(entry);
    } else {
      glob(state, entry, components, index + 1);
    }
  }
}

/**
 * What `**` sees of an entry, following a symlink (within the repository only): a directory, something
 * else, or nothing (a dangling symlink, which the glob passes over).
 */
function entryKind(state: GlobState, entry: string): 'directory' | 'other' | 'none' {
  let info = examine(lstatSync, entry);
  if (info?.isSymbolicLink() === true) {
    mustBeInside(state, entry);
    info = examine(statSync, entry);
  }
  if (info === undefined) return 'none';
  return info.isDirectory() ? 'directory' : 'other';
}

function listDirectory(state: GlobState, dir: string): string[] {
  state.directoriesLeft -= 1;
  if (state.directoriesLeft < 0) throw new Stop(`the glob lists more than ${FILESET_LIMITS.directories} directories, beyond credlint's limit`, true);
  let raw: Buffer[];
  try {
    raw = readdirSync(dir, { encoding: 'buffer' });
  } catch {
    // Terraform's glob passes over a directory it cannot open.
    return [];
  }
  state.entriesLeft -= raw.length;
  if (state.entriesLeft < 0) throw new Stop(`the glob looks at more than ${FILESET_LIMITS.entries} directory entries, beyond credlint's limit`, true);
  return raw.map((bytes) => {
    try {
      return utf8.decode(bytes);
    } catch {
      throw new Stop(`${shownPath(state.rootDir, dir)} holds a name that is not valid UTF-8`, true);
    }
  });
}
