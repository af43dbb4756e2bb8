/**
 * Turns the paths given on the command line into the files to analyse (README, "What is analysed"): walks directories,
 * skipping `node_modules`, `.git`, the formats' working directories and what `.gitignore` ignores; follows symlinks only
 * inside the repository; expands a file argument to its unit. Which files to collect and what a
 * file argument stands for are the formats' business (`WalkRules`, passed in by the engine): the
 * walk knows no format. Never throws: unreadable or missing paths and symlink loops become
 * `parse-error` diagnostics.
 *
 * File system calls are synchronous on purpose: a walk is thousands of tiny calls with nothing to
 * overlap them with, and the sync calls are several times faster than a round trip through libuv's
 * thread pool each (measured on an 11,000-directory corpus).
 */
import type { Dirent } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { Deadline } from '../core/deadline.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { note, parseError } from '../core/diagnostic.js';
import { DEFAULT_LIMITS, limitReached, type Limits } from '../core/limits.js';
import { FILE_START } from '../core/location.js';
import { FileReader } from '../io/file-reader.js';
import { DEFAULT_MAX_FILE_BYTES } from '../io/read-source.js';
import { findGitRoot, repositoryRoot } from '../io/repository-root.js';
import { GitignoreRules, type IgnoreFiles } from './gitignore-rules.js';
import type { ArgumentUnit, WalkRules } from './walk-rules.js';

export interface DiscoverOptions {
  readonly cwd: string;
  /** What to collect and how file arguments expand (the formats' rules). */
  readonly rules: WalkRules;
  /** `--no-ignore`: do not apply `.gitignore` files. */
  readonly noIgnore: boolean;
  /** The size limit of the reader the scan uses (`--max-file-size`); default 10 MiB. */
  readonly maxFileBytes?: number;
  /** Add the units file arguments belong to (`addUnitContext`); default true. */
  readonly unitContext?: boolean;
  /** The scan deadline: the search for the units a file argument belongs to stops at it. */
  readonly deadline?: Deadline;
  readonly limits?: Limits;
}

export interface Discovered {
  /**
   * Absolute, sorted, de-duplicated: by real path, or for a file that belongs to its directory
   * (`WalkRules.belongsToDirectory`) by the real path of the directory it is listed in and its name.
   */
  readonly files: readonly string[];
  /** The git root of the first path, else that path (its directory for a file). */
  readonly repoRoot: string;
  readonly diagnostics: readonly Diagnostic[];
  /**
   * The door every later read goes through: bounded by the repositories of all the given paths (a
   * file is inside when it is inside any of them), seeded with the real paths the walk learnt.
   */
  readonly reader: FileReader;
}

/** Dependencies and git's own data are never analysed (nor the formats' working directories). */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? 'error';
}

interface Scan {
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
  readonly symlinks: { readonly path: string; readonly rules: GitignoreRules; readonly chain: ReadonlySet<string> }[];
  readonly limits: Limits;
}

function addFile(scan: Scan, path: string, real: string): void {
  const listed = scan.found.get(real);
  if (listed === undefined || (listed !== real && (path === real || path < listed))) scan.found.set(real, path);
}

/**
 * What a file reached through a symlink is listed as: its real path, or, for a file that belongs to
 * its directory, the real path of the directory the link is in and the link's name (a Terraform file
 * linked into a module directory is a file of that module, and still one of its own directory's).
 */
function symlinkedFileKey(scan: Scan, path: string, real: string): string {
  const name = basename(path);
  return scan.belongsToDirectory(name) ? join(realOrSelf(dirname(path)), name) : real;
}

/** A directory's entries, or undefined after recording why it cannot be read. */
function readDirectory(scan: Scan, dir: string): Dirent[] | undefined {
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

function walk(scan: Scan, dir: string, realDir: string, inherited: GitignoreRules, chain: ReadonlySet<string>): void {
  // Ignore patterns are matched against the whole path, so their cost grows with its depth; a hostile
  // tree thousands of directories deep is cut off here (real repositories nest a few dozen levels).
  if (chain.size >= scan.limits.directoryDepth) {
    scan.diagnostics.push(
      limitReached({ file: dir, range: FILE_START }, 'directoryDepth', scan.limits, 'this directory is nested too deep; what it holds is not scanned'),
    );
    return;
  }
  const entries = readDirectory(scan, dir);
  if (entries === undefined) return;
  scan.reader.knowRealDirectory(dir, realDir);
  const rules = scan.noIgnore || !entries.some((entry) => entry.name === '.gitignore') ? inherited : inherited.withDirectory(dir, scan.ignoreFiles);
  const inner = new Set(chain).add(realDir);
  // `dir` and `realDir` are absolute and normalised, and an entry name is one segment: plain
  // concatenation gives what `path.join` would, without normalising every path again (measured: a
  // third of the walk's time on 25k files).
  const prefix = dir.endsWith(sep) ? dir : dir + sep;
  const realPrefix = realDir.endsWith(sep) ? realDir : realDir + sep;
  for (const entry of entries) {
    const name = entry.name;
    if (entry.isDirectory()) {
      if (scan.skipped.has(name)) continue;
      const path = prefix + name;
      if (rules.ignores(path, true)) continue;
      const real = realPrefix + name;
      if (scan.visited.has(real)) continue;
      scan.visited.add(real);
      walk(scan, path, real, rules, inner);
    } else if (entry.isFile()) {
      if (!scan.isScanned(name)) continue;
      const path = prefix + name;
      if (!rules.ignores(path, false)) addFile(scan, path, realPrefix + name);
    } else if (entry.isSymbolicLink()) {
      scan.symlinks.push({ path: prefix + name, rules, chain: inner });
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
function followSymlink(scan: Scan, path: string, rules: GitignoreRules, chain: ReadonlySet<string>): void {
  const name = basename(path);
  let real: string;
  let isDirectory: boolean;
  try {
    // The native call: one `realpath(3)` where the JavaScript version lstats every component itself.
    real = realpathSync.native(path);
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
    scan.diagnostics.push(note({ file: path, range: FILE_START }, `symlink not followed: its target ${real} is outside the repository`));
    return;
  }
  if (!isDirectory) {
    const key = symlinkedFileKey(scan, path, real);
    if (key !== real) scan.links.set(key, real);
    addFile(scan, path, key);
    return;
  }
  if (chain.has(real)) {
    scan.diagnostics.push(parseError({ file: path, range: FILE_START }, `symlink loop: the link points back to ${real}, which contains it`));
    return;
  }
  if (scan.visited.has(real)) return;
  scan.visited.add(real);
  walk(scan, path, real, rules, chain);
}

function realOrSelf(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
}

/** A file argument stands for its unit (README, "What is analysed"): what the formats' `argumentUnits` name, walked with the scan's rules. */
function addFileArgument(scan: Scan, file: string, gitRoot: string | undefined, rules: WalkRules): void {
  addFile(scan, file, symlinkedFileKey(scan, file, realOrSelf(file)));
  for (const unit of rules.argumentUnits(file, gitRoot)) {
    if (unit.recursive) addTree(scan, unit, gitRoot);
    else addDirectoryEntries(scan, file, unit, gitRoot);
  }
}

/** The entries of one directory that belong with a file argument (a Terraform module directory). */
function addDirectoryEntries(scan: Scan, file: string, unit: ArgumentUnit, gitRoot: string | undefined): void {
  const dir = unit.directory;
  const entries = readDirectory(scan, dir);
  if (entries === undefined) return;
  const rules = scan.noIgnore ? GitignoreRules.NONE : GitignoreRules.forAncestorsOf(dir, gitRoot, scan.ignoreFiles).withDirectory(dir, scan.ignoreFiles);
  const realDir = realOrSelf(dir);
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (path === file || !unit.includes(entry.name) || rules.ignores(path, false)) continue;
    if (entry.isFile()) addFile(scan, path, join(realDir, entry.name));
    else if (entry.isSymbolicLink()) followSymlink(scan, path, rules, new Set());
  }
}

/**
 * A whole tree that belongs with a file argument (a CDK project): its files that `unit.includes`,
 * walked with the same ignore and symlink rules. Each tree is walked once, however many of its files
 * are given.
 */
function addTree(scan: Scan, unit: ArgumentUnit, gitRoot: string | undefined): void {
  const key = `${realOrSelf(unit.directory)}\0argument tree`;
  if (scan.visited.has(key)) return;
  scan.visited.add(key);
  for (const [real, path] of walkApart(scan, unit.directory, gitRoot, scan.diagnostics).files) if (unit.includes(path)) addFile(scan, path, real);
}

/**
 * Walks `dir` with the scan's rules into a list of its own (real path → listed path, and the files
 * listed through a symlink in another directory: key → target), reporting into `diagnostics`; lists
 * the files `isScanned` names (by default the scan's).
 */
function walkApart(
  scan: Scan,
  dir: string,
  gitRoot: string | undefined,
  diagnostics: Diagnostic[],
  isScanned = scan.isScanned,
): { files: Map<string, string>; links: Map<string, string> } {
  const own: Scan = { ...scan, isScanned, found: new Map(), links: new Map(), visited: new Set(), symlinks: [], diagnostics };
  const rules = scan.noIgnore ? GitignoreRules.NONE : GitignoreRules.forAncestorsOf(dir, gitRoot, scan.ignoreFiles);
  walk(own, dir, realOrSelf(dir), rules, new Set());
  for (let link = own.symlinks.shift(); link !== undefined; link = own.symlinks.shift()) followSymlink(own, link.path, link.rules, link.chain);
  return { files: own.found, links: own.links };
}

/** A file argument whose unit may be larger than itself: a Terraform module file or a template. */
interface ContextRequest {
  readonly file: string;
  /** Its repository (git root, else its directory): where its callers and parents are searched. */
  readonly repository: string;
  readonly gitRoot: string | undefined;
  readonly scan: Scan;
}

/**
 * Adds the units the file arguments belong to (`WalkRules.ancestorFinders`: the Terraform module
 * directories that call a given module file's directory, the templates that nest a given template),
 * found by walking each repository once with the scan's ignore and symlink rules. What that walk meets
 * elsewhere in the repository (an unreadable directory, a symlink loop) is not reported: the scan is of
 * the given files, the walk only a search for their callers.
 */
function addUnitContext(requests: readonly ContextRequest[], options: DiscoverOptions, diagnostics: Diagnostic[]): void {
  const finders = options.rules.ancestorFinders;
  const byRepository = new Map<string, ContextRequest[]>();
  for (const request of requests) {
    const group = byRepository.get(request.repository);
    if (group) group.push(request);
    else byRepository.set(request.repository, [request]);
  }
  for (const [repository, group] of byRepository) {
    const first = group[0] as ContextRequest;
    const wanted = finders.map((finder) => group.filter((r) => finder.wants(r.file, first.scan.reader)).map((r) => r.file));
    if (wanted.every((files) => files.length === 0)) continue;
    if (options.deadline?.expired()) {
      diagnostics.push(deadlinePassed(first.file, options));
      continue;
    }
    // Only the files the wanted searches look at: each other file would cost an ignore-pattern match.
    const searching = finders.filter((_, index) => (wanted[index] ?? []).length > 0);
    const walked = walkApart(first.scan, repository, first.gitRoot, [], (name) => searching.some((finder) => finder.candidate(name)));
    for (const [index, finder] of finders.entries()) {
      const changed = wanted[index] ?? [];
      if (changed.length === 0) continue;
      const search = finder.search(changed, walked.files, first.scan.reader, options.deadline, walked.links);
      for (const file of search.files) addFile(first.scan, file, symlinkedFileKey(first.scan, file, realOrSelf(file)));
      if (search.deadlinePassed) diagnostics.push(deadlinePassed(first.file, options));
    }
  }
}

function deadlinePassed(file: string, options: DiscoverOptions): Diagnostic {
  return limitReached(
    { file, range: FILE_START },
    'scanSeconds',
    options.limits ?? DEFAULT_LIMITS,
    'the scan deadline passed while searching for the modules and templates that include this file; its unit may be incomplete',
  );
}

/** What the walks of all given paths share: one reader, and what they found so far. */
interface DiscoveryState {
  readonly reader: FileReader;
  /** Real path → the path it was listed under. */
  readonly found: Map<string, string>;
  /** Real paths of the directories and files already walked. */
  readonly visited: Set<string>;
  readonly diagnostics: Diagnostic[];
  /** File arguments whose units are searched once every path is walked. */
  readonly requests: ContextRequest[];
}

function discoverPath(path: string, options: DiscoverOptions, state: DiscoveryState): string {
  const { reader, found, visited, diagnostics, requests } = state;
  const absolute = resolve(options.cwd, path);
  let isDirectory: boolean;
  try {
    const info = statSync(absolute);
    if (!info.isDirectory() && !info.isFile()) {
      diagnostics.push(parseError({ file: absolute, range: FILE_START }, 'not a file or directory'));
      return absolute;
    }
    isDirectory = info.isDirectory();
  } catch (error) {
    const code = errorCode(error);
    const message = code === 'ENOENT' ? 'path does not exist' : `cannot read path (${code})`;
    diagnostics.push(parseError({ file: absolute, range: FILE_START }, message));
    return absolute;
  }
  const home = isDirectory ? absolute : dirname(absolute);
  const gitRoot = findGitRoot(home);
  const boundaryPath = gitRoot ?? home;
  const ignoreFiles: IgnoreFiles = { reader, report: (diagnostic) => diagnostics.push(diagnostic) };
  const scan: Scan = {
    noIgnore: options.noIgnore,
    skipped: new Set([...SKIPPED_DIRECTORIES, ...options.rules.workingDirectories.keys()]),
    isScanned: options.rules.collects,
    belongsToDirectory: options.rules.belongsToDirectory,
    reader,
    ignoreFiles,
    found,
    links: new Map(),
    visited,
    diagnostics,
    symlinks: [],
    limits: options.limits ?? DEFAULT_LIMITS,
  };
  if (!isDirectory) {
    addFileArgument(scan, absolute, gitRoot, options.rules);
    requests.push({ file: absolute, repository: boundaryPath, gitRoot, scan });
    return boundaryPath;
  }
  const working = absolute.split(sep).find((segment) => options.rules.workingDirectories.has(segment));
  if (working !== undefined) {
    diagnostics.push(
      note({ file: absolute, range: FILE_START }, `not scanned: ${working} is ${options.rules.workingDirectories.get(working) ?? 'a working directory'}`),
    );
    return boundaryPath;
  }
  const real = realOrSelf(absolute);
  if (visited.has(real)) return boundaryPath;
  visited.add(real);
  const rules = options.noIgnore ? GitignoreRules.NONE : GitignoreRules.forAncestorsOf(absolute, gitRoot, ignoreFiles);
  walk(scan, absolute, real, rules, new Set());
  for (let link = scan.symlinks.shift(); link !== undefined; link = scan.symlinks.shift()) {
    followSymlink(scan, link.path, link.rules, link.chain);
  }
  return boundaryPath;
}

/**
 * Finds the files to analyse under `paths` (the caller passes `['.']` by default). A path given
 * explicitly is scanned even if ignored. Files reached twice (two arguments, or a symlink) are listed
 * once, preferring the path that is not a symlink; a file that belongs to its directory is listed once
 * per directory it is reached in.
 */
export async function discoverFiles(paths: readonly string[], options: DiscoverOptions): Promise<Discovered> {
  const diagnostics: Diagnostic[] = [];
  const requests: ContextRequest[] = [];
  let repoRoot: string | undefined;
  const given = paths.length > 0 ? paths : ['.'];
  const reader = new FileReader(
    given.map((path) => repositoryRoot(path, options.cwd)),
    options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
  );
  const state: DiscoveryState = { reader, found: new Map(), visited: new Set(), diagnostics, requests };
  for (const path of given) {
    try {
      const root = discoverPath(path, options, state);
      repoRoot ??= root;
    } catch (error) {
      const absolute = resolve(options.cwd, path);
      repoRoot ??= absolute;
      diagnostics.push(parseError({ file: absolute, range: FILE_START }, `cannot scan path (${errorCode(error)})`));
    }
  }
  try {
    if (options.unitContext ?? true) addUnitContext(requests, options, diagnostics);
  } catch (error) {
    const first = requests[0]?.file ?? resolve(options.cwd);
    diagnostics.push(parseError({ file: first, range: FILE_START }, `cannot search the units the given files belong to (${errorCode(error)})`));
  }
  const files = new Set(state.found.values());
  diagnostics.sort((a, b) => (a.location.file < b.location.file ? -1 : a.location.file > b.location.file ? 1 : 0));
  return { files: [...files].sort(), repoRoot: repoRoot ?? resolve(options.cwd), diagnostics: dedupeDiagnostics(diagnostics), reader };
}

/** An ignore file refused once per directory walked under it is reported once. */
function dedupeDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.kind}\0${d.location.file}\0${d.location.range.start.line}\0${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
