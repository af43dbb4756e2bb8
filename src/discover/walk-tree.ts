/**
 * The directory walk of discovery (`discover-files.ts`): one tree's entries, `.gitignore` rules, the
 * directory depth limit, names that are not UTF-8, and symlinks, followed only inside the
 * repositories (docs/security.md, "What credlint reads"). What a walk collects is the formats'
 * business (`WalkRules`, through the `Scan` it is given).
 */
import type { Dirent } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import type { Deadline } from '../core/deadline.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { note, parseError } from '../core/diagnostic.js';
import { limitReached, type Limits } from '../core/limits.js';
import { FILE_START } from '../core/location.js';
import { linkLeadingOut, type FileReader } from '../io/file-reader.js';
import { GitignoreRules, type IgnoreFiles } from './gitignore-rules.js';
import { resolveInside } from '../io/resolve-inside.js';

export function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? 'error';
}

export interface Scan {
  readonly noIgnore: boolean;
  /** Directory names the walk never enters. */
  readonly skipped: ReadonlySet<string>;
  /** Whether the walk collects a file of this name (`WalkRules.collects`). */
  readonly isScanned: (name: string) => boolean;
  /** Whether a file of this name is listed per directory (`WalkRules.belongsToDirectory`). */
  readonly belongsToDirectory: (name: string) => boolean;
  /** Decides which real paths are inside the repositories; reads ignore files. */
  readonly reader: FileReader;
  readonly ignoreFiles: IgnoreFiles;
  /**
   * Real path (for a file listed per directory: its directory's real path and its name) → the path it
   * is listed under (that one if reached directly, else the smallest).
   */
  readonly found: Map<string, string>;
  /** Files listed in another directory than their target's (`symlinkedFileKey`): listing key → the target's real path. */
  readonly links: Map<string, string>;
  readonly visited: Set<string>;
  readonly diagnostics: Diagnostic[];
  /** Symlinks met during the walk, followed after it so that real paths are listed first. */
  readonly symlinks: { readonly path: string; readonly rules: GitignoreRules; readonly chain: Chain | undefined }[];
  readonly limits: Limits;
  /** The scan deadline, and the directories not walked because it passed (`stopByDeadline`). */
  readonly deadline?: Deadline;
  readonly unwalked: Unwalked;
}

/** The directories the walk left because the scan deadline passed: the first, and how many. */
export interface Unwalked {
  first: string | undefined;
  count: number;
}

/** Entries of one directory walked between two looks at the clock. */
const ENTRIES_PER_CLOCK_READ = 256;

/**
 * Whether the scan deadline has passed, noting `dir` as left unwalked if so. The walk's cost grows
 * with entries × ignore patterns in force, which a pull request sets (docs/security.md, "What
 * credlint bounds"): it stops at the deadline like every other phase, and the scan is incomplete.
 */
function stopByDeadline(scan: Scan, dir: string): boolean {
  if (scan.deadline?.expired() !== true) return false;
  scan.unwalked.first ??= dir;
  scan.unwalked.count += 1;
  return true;
}

/** The `parse-error` of a walk the deadline cut short, if it was. */
export function unwalkedDiagnostic(unwalked: Unwalked, limits: Limits): Diagnostic | undefined {
  if (unwalked.first === undefined) return undefined;
  const left =
    unwalked.count === 1
      ? 'this directory was not walked, and what it holds is not scanned'
      : `${unwalked.count} directories were not walked, this one first, and what they hold is not scanned`;
  return limitReached({ file: unwalked.first, range: FILE_START }, 'scanSeconds', limits, `the scan deadline passed while listing the files to scan; ${left}`);
}

/**
 * The real paths of the directories being walked, innermost first: what a link pointing back into
 * one of them (a loop) is told by, and how deep the walk is. Shared by every entry of a directory
 * (a set copied per directory cost a tenth of the walk on 11,000 directories).
 */
export interface Chain {
  readonly real: string;
  readonly depth: number;
  readonly outer: Chain | undefined;
}

/** The chain of a walk that has not entered any directory yet. */
export const NO_CHAIN: Chain | undefined = undefined;

function chainHas(chain: Chain | undefined, real: string): boolean {
  for (let link = chain; link !== undefined; link = link.outer) if (link.real === real) return true;
  return false;
}

export function addFile(scan: Scan, path: string, real: string): void {
  const listed = scan.found.get(real);
  if (listed === undefined || (listed !== real && (path === real || path < listed))) scan.found.set(real, path);
}

/**
 * What a file reached through a symlink is listed as: its real path, or, for a file that belongs to
 * its directory, the real path of the directory the link is in and the link's name (a Terraform file
 * linked into a module directory is a file of that module, and still one of its own directory's).
 */
export function symlinkedFileKey(scan: Scan, path: string, real: string): string {
  const name = basename(path);
  return scan.belongsToDirectory(name) ? join(realOrSelf(dirname(path)), name) : real;
}

/** A directory's entries, or undefined after recording why it cannot be read. */
export function readDirectory(scan: Scan, dir: string): Dirent[] | undefined {
  try {
    const entries = readdirSync(dir, { withFileTypes: true });
    return entries.some((entry) => entry.name.includes('\uFFFD')) ? withoutUndecodableNames(scan, dir, entries) : entries;
  } catch (error) {
    scan.diagnostics.push(parseError({ file: dir, range: FILE_START }, `cannot read directory (${errorCode(error)})`));
    return undefined;
  }
}

/**
 * The entries whose names are valid UTF-8. Node decodes a name that is not (git stores names as bytes,
 * so a pull request can hold one) with U+FFFD in place of the bad bytes, and no file has that decoded
 * name: such an entry could never be opened, and a data file would then pass for "not an input"
 * unseen. A directory, or a file or symlink the walk would collect, is a `parse-error` instead.
 */
function withoutUndecodableNames(scan: Scan, dir: string, entries: Dirent[]): Dirent[] {
  const undecodable = new Set(
    readdirSync(dir, { encoding: 'buffer' })
      .filter((raw) => !isUtf8(raw))
      .map((raw) => raw.toString('utf8')),
  );
  const prefix = dir.endsWith(sep) ? dir : dir + sep;
  for (const entry of entries) {
    if (!undecodable.has(entry.name) || (!entry.isDirectory() && !scan.isScanned(entry.name))) continue;
    scan.diagnostics.push(parseError({ file: prefix + entry.name, range: FILE_START }, 'cannot read: the name is not valid UTF-8 (rename it)'));
  }
  return entries.filter((entry) => !undecodable.has(entry.name));
}

export function walk(scan: Scan, dir: string, realDir: string, inherited: GitignoreRules, chain: Chain | undefined): void {
  // Ignore patterns are matched against the whole path, so their cost grows with its depth; a hostile
  // tree thousands of directories deep is cut off here (real repositories nest a few dozen levels).
  if ((chain?.depth ?? 0) >= scan.limits.directoryDepth) {
    scan.diagnostics.push(
      limitReached({ file: dir, range: FILE_START }, 'directoryDepth', scan.limits, 'this directory is nested too deep; what it holds is not scanned'),
    );
    return;
  }
  if (stopByDeadline(scan, dir)) return;
  const entries = readDirectory(scan, dir);
  if (entries === undefined) return;
  scan.reader.knowRealDirectory(dir, realDir);
  const rules = scan.noIgnore || !entries.some((entry) => entry.name === '.gitignore') ? inherited : inherited.withDirectory(dir, scan.ignoreFiles);
  const inner: Chain = { real: realDir, depth: (chain?.depth ?? 0) + 1, outer: chain };
  // `dir` and `realDir` are absolute and normalised, and an entry name is one segment: plain
  // concatenation gives what `path.join` would, without normalising every path again (measured: a
  // third of the walk's time on 25k files).
  const prefix = dir.endsWith(sep) ? dir : dir + sep;
  // Below a directory reached without a symlink, an entry's path is its real path: one string for both
  // (the walk's maps keep tens of thousands of them, and each copy survives into the old generation).
  const same = dir === realDir;
  const realPrefix = same ? prefix : realDir.endsWith(sep) ? realDir : realDir + sep;
  let index = 0;
  for (const entry of entries) {
    // The rest of a large directory is left as a whole; its subdirectories already entered stay walked.
    if (++index % ENTRIES_PER_CLOCK_READ === 0 && stopByDeadline(scan, dir)) return;
    const name = entry.name;
    if (entry.isDirectory()) {
      if (scan.skipped.has(name)) continue;
      const path = prefix + name;
      if (rules.ignores(path, true)) continue;
      const real = same ? path : realPrefix + name;
      if (scan.visited.has(real)) continue;
      scan.visited.add(real);
      walk(scan, path, real, rules, inner);
    } else if (entry.isSymbolicLink()) {
      scan.symlinks.push({ path: prefix + name, rules, chain: inner });
    } else {
      // A FIFO, socket or device is listed like a file: the reader refuses it unread, with a note naming
      // it (`refusal`), as it does one reached through a symlink. Left out here, a FIFO named
      // `main.tf` or `manifest.json` vanished from the scan without a word, where Terraform and the
      // CDK read it (and block on it).
      if (!scan.isScanned(name)) continue;
      const path = prefix + name;
      if (!rules.ignores(path, false)) addFile(scan, path, same ? path : realPrefix + name);
    }
  }
}

/**
 * Why a link to a file of a scanned kind could not be followed. A dangling link (its target does not
 * exist, as in a submodule that is not checked out) to a file that belongs to its directory is a
 * parse-error: Terraform reads every file of a module and fails on one it cannot read, so the module
 * cannot be analysed. A dangling link to any other file (a template, a plan) stands for no file at
 * all, so nothing is left unanalysed: a note says so, and the scan is complete. Any other failure
 * (no permission, a name too long) is a parse-error.
 */
function unfollowedLink(scan: Scan, path: string, code: string): Diagnostic {
  if (code === 'ENOENT' && !scan.belongsToDirectory(basename(path))) {
    return note({ file: path, range: FILE_START }, 'symlink not followed: its target does not exist');
  }
  return parseError({ file: path, range: FILE_START }, `cannot follow symlink (${code})`);
}

/**
 * A symlink is followed only when its target stays inside the repository (docs/security.md, "What credlint reads": a pull request
 * must not make credlint read files elsewhere on the CI machine). A link to a directory being walked
 * (a loop) is reported; a second link to an already walked directory is skipped.
 */
export function followSymlink(scan: Scan, path: string, rules: GitignoreRules, chain: Chain | undefined): void {
  const name = basename(path);
  let real: string;
  let isDirectory: boolean;
  try {
    const resolution = resolveInside(path, scan.reader.boundaries);
    if (resolution.kind === 'outside') {
      // Whether the target exists, and whether it is a file or a directory, is not looked at: a link
      // leading out is noted unless ignored either way (a file it cannot be if the name is not scanned).
      const ignored = (scan.skipped.has(name) || rules.ignores(path, true)) && (!scan.isScanned(name) || rules.ignores(path, false));
      if (!ignored) scan.diagnostics.push(linkLeadingOut(path, resolution.target));
      return;
    }
    if (resolution.kind === 'error') throw Object.assign(new Error(resolution.code), { code: resolution.code });
    real = resolution.real;
    isDirectory = statSync(real).isDirectory();
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ELOOP') {
      scan.diagnostics.push(parseError({ file: path, range: FILE_START }, 'symlink loop: the link never resolves (ELOOP)'));
    } else if (scan.isScanned(name) && !rules.ignores(path, false)) {
      scan.diagnostics.push(unfollowedLink(scan, path, code));
    }
    return;
  }
  if (isDirectory ? scan.skipped.has(name) || rules.ignores(path, true) : !scan.isScanned(name) || rules.ignores(path, false)) {
    return;
  }
  if (!scan.reader.containsRealPath(real)) {
    scan.diagnostics.push(linkLeadingOut(path, real));
    return;
  }
  if (!isDirectory) {
    const key = symlinkedFileKey(scan, path, real);
    if (key !== real) scan.links.set(key, real);
    addFile(scan, path, key);
    return;
  }
  if (chainHas(chain, real)) {
    scan.diagnostics.push(parseError({ file: path, range: FILE_START }, loopMessage(scan, path, real)));
    return;
  }
  if (scan.visited.has(real)) return;
  scan.visited.add(real);
  walk(scan, path, real, rules, chain);
}

export function realOrSelf(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
}

/**
 * Walks `dir` with the scan's rules into a list of its own (real path → listed path, and the files
 * listed through a symlink in another directory: key → target), reporting into `diagnostics`; lists
 * the files `isScanned` names (by default the scan's).
 */
export function walkApart(
  scan: Scan,
  dir: string,
  gitRoot: string | undefined,
  diagnostics: Diagnostic[],
  isScanned = scan.isScanned,
): { files: Map<string, string>; links: Map<string, string> } {
  const own: Scan = { ...scan, isScanned, found: new Map(), links: new Map(), visited: new Set(), symlinks: [], diagnostics };
  const rules = scan.noIgnore ? GitignoreRules.NONE : GitignoreRules.forAncestorsOf(dir, gitRoot, scan.ignoreFiles);
  walk(own, dir, realOrSelf(dir), rules, NO_CHAIN);
  for (let link = own.symlinks.shift(); link !== undefined; link = own.symlinks.shift()) followSymlink(own, link.path, link.rules, link.chain);
  return { files: own.found, links: own.links };
}

/**
 * The error of a directory link that leads back to a directory containing it, naming that directory
 * from the link's own (`../..`): by its real path, a pull request's `up -> ..` printed the CI machine's
 * checkout path (`/home/runner/work/app/app`) in the job's log.
 */
function loopMessage(scan: Scan, path: string, real: string): string {
  const from = scan.reader.knownRealDirectory(dirname(path)) ?? dirname(path);
  const back = relative(from, real).split(sep).join('/');
  return back === '' ? 'symlink loop: the link points back to its own directory' : `symlink loop: the link points back to ${back}, which contains it`;
}
