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
import { statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Deadline } from '../core/deadline.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { note, parseError } from '../core/diagnostic.js';
import { DEFAULT_LIMITS, limitReached, type Limits } from '../core/limits.js';
import { FILE_START } from '../core/location.js';
import { FileReader, linkLeadingOut } from '../io/file-reader.js';
import { DEFAULT_MAX_FILE_BYTES } from '../io/read-source.js';
import { findGitRoot, leavingLink, repositoryRoot } from '../io/repository-root.js';
import { GitignoreRules, type IgnoreFiles } from './gitignore-rules.js';
import {
  addFile,
  errorCode,
  followSymlink,
  NO_CHAIN,
  readDirectory,
  realOrSelf,
  symlinkedFileKey,
  unwalkedDiagnostic,
  walk,
  walkApart,
  type Scan,
  type Unwalked,
} from './walk-tree.js';
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

/**
 * A file argument stands for its unit (README, "What is analysed"): what the formats' `argumentUnits` name, walked with the scan's rules.
 * `followed` is false for a symlink leading out of the repository (`leavingLink`): it is not read, but
 * the unit it belongs to is still scanned.
 */
function addFileArgument(scan: Scan, file: string, gitRoot: string | undefined, rules: WalkRules, followed = true): void {
  if (followed) addFile(scan, file, symlinkedFileKey(scan, file, realOrSelf(file)));
  for (const unit of rules.argumentUnits(file, gitRoot, scan.reader)) {
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
    if (entry.isSymbolicLink()) followSymlink(scan, path, rules, NO_CHAIN);
    // A FIFO or socket too, as in the walk (`walk-tree.ts`): the reader refuses it with a note.
    else if (!entry.isDirectory()) addFile(scan, path, join(realDir, entry.name));
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
  /** Directories the walks left at the scan deadline. */
  readonly unwalked: Unwalked;
}

/** `path` as the user would type it from `cwd`: relative below it, else absolute. */
function shownFrom(cwd: string, path: string): string {
  const below = relative(cwd, path);
  return below === '' || below.startsWith('..') || isAbsolute(below) ? path : below;
}

/**
 * A path that does not exist. Paths are files and directories, never patterns (README, "Usage"): a
 * quoted glob such as `'infra/*.tf'`, which ESLint would expand, reaches credlint as written, so the
 * message says what to give instead. So does `-`, which many tools read as standard input
 * (`cat template.yaml | credlint -`; the path has been resolved against the working directory by
 * then): credlint reads files of a repository, never standard input. And so does a path written with
 * Windows separators on a system where `\` is part of a file name.
 */
function missingPathMessage(path: string, cwd: string): string {
  if (basename(path) === '-') return 'path does not exist (credlint does not read standard input: give the files or directories to scan)';
  // `infra\tf\main.tf` copied from Windows: outside Windows `\` is a file-name character, not a separator.
  if (sep === '/' && path.includes('\\') && !/[*?[\]{}]/.test(path))
    return `path does not exist (\\ is not a path separator on this system: write ${shownFrom(cwd, path.replaceAll('\\', '/'))})`;
  if (!/[*?[\]{}]/.test(path)) return 'path does not exist';
  return 'path does not exist (credlint does not expand glob patterns: give the directory, or let the shell expand the pattern unquoted)';
}

function discoverPath(path: string, options: DiscoverOptions, state: DiscoveryState): string {
  const { reader, found, visited, diagnostics, requests } = state;
  const absolute = resolve(options.cwd, path);
  const leaving = leavingLink(absolute);
  if (leaving !== undefined) {
    diagnostics.push(linkLeadingOut(leaving.link, leaving.target));
    // Only the argument itself leads out: it still names the unit it belongs to (Terraform reads every
    // file of a module's directory, so a link there is part of that module), whose other files are
    // scanned. What the link points to is never looked at, so the answer is the same whether it exists.
    if (leaving.link !== absolute) return leaving.holder;
  }
  // A link leading out is taken as the file it is named as, and not followed.
  let isDirectory = false;
  if (leaving === undefined) {
    try {
      const info = statSync(absolute);
      // A FIFO, socket or device that names a unit larger than itself is a file argument like any
      // other (a FIFO `x.tf` in a working tree given to pre-commit: the rest of its module is scanned),
      // and the reader refuses it unread, with the walk's note (`not read: … is not a regular file`),
      // so it never blocks; it was this parse-error, and the rest of its module was not scanned. One
      // that names nothing else (`credlint /dev/stdin`, a FIFO template) leaves nothing to scan.
      if (!info.isDirectory() && !info.isFile() && options.rules.argumentUnits(absolute, findGitRoot(dirname(absolute)), reader).length === 0) {
        diagnostics.push(parseError({ file: absolute, range: FILE_START }, 'not a regular file (a FIFO, socket or device): not read'));
        return absolute;
      }
      isDirectory = info.isDirectory();
    } catch (error) {
      const code = errorCode(error);
      // A link loop is named as the walk names one it meets (`walk-tree.ts`).
      const message =
        code === 'ENOENT'
          ? missingPathMessage(path, options.cwd)
          : code === 'ELOOP'
            ? 'symlink loop: the link never resolves (ELOOP)'
            : `cannot read path (${code})`;
      diagnostics.push(parseError({ file: absolute, range: FILE_START }, message));
      return absolute;
    }
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
    ...(options.deadline ? { deadline: options.deadline } : {}),
    unwalked: state.unwalked,
  };
  if (!isDirectory) {
    addFileArgument(scan, absolute, gitRoot, options.rules, leaving === undefined);
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
  walk(scan, absolute, real, rules, NO_CHAIN);
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
  const state: DiscoveryState = { reader, found: new Map(), visited: new Set(), diagnostics, requests, unwalked: { first: undefined, count: 0 } };
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
  const unwalked = unwalkedDiagnostic(state.unwalked, options.limits ?? DEFAULT_LIMITS);
  if (unwalked) diagnostics.push(unwalked);
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
