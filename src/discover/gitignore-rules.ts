/**
 * `.gitignore` matching as git does it (https://git-scm.com/docs/gitignore): each `.gitignore`
 * applies to paths below its own directory, a deeper file overrides a shallower one (including `!`
 * re-includes), and `.git/info/exclude` applies to the whole repository. Patterns themselves are
 * matched by the `ignore` package, after `boundIgnorePatterns` (a pull request writes them). As for
 * git, they do not apply to a file the repository tracks (`git-index.ts`).
 */
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import type { Diagnostic } from '../core/diagnostic.js';
import { refusal, type FileReader } from '../io/file-reader.js';
import { readTrackedPaths, type TrackedPaths } from '../io/git-index.js';

/** Where ignore files are read from, and where a refused one is reported. */
export interface IgnoreFiles {
  readonly reader: FileReader;
  report(diagnostic: Diagnostic): void;
}
import { note } from '../core/diagnostic.js';
import { FILE_START } from '../core/location.js';
import { boundIgnorePatterns, MAX_PATTERNS } from './bounded-ignore-patterns.js';
import { compilePatterns, isPattern, type PatternMatcher } from './ignore-patterns.js';

interface RuleSet {
  /** The directory the patterns are relative to. */
  readonly base: string;
  readonly matcher: PatternMatcher;
  /** How many patterns it holds. */
  readonly count: number;
}

/**
 * `path` relative to `base` when it lies below it, else undefined. The walk passes absolute, normal
 * paths (its own concatenations), so a prefix is the answer `path.relative` would give, without
 * normalising both paths again for every entry of the repository; anything else goes through it.
 */
const NOT_NORMAL = /\/(?:\.{0,2})(?:\/|$)/;

function below(base: string, path: string): string | undefined {
  const prefix = base.endsWith(sep) ? base : base + sep;
  if (sep === '/' && path.startsWith(prefix) && !NOT_NORMAL.test(path)) return path.slice(prefix.length);
  const rel = relative(base, path);
  return rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? undefined : rel;
}

/** The rules in force in one directory: its own `.gitignore` plus its ancestors'. */
export class GitignoreRules {
  private constructor(
    private readonly sets: readonly RuleSet[],
    /** The repository whose tracked paths no pattern ignores: its index is read when a pattern first matches. */
    private readonly tracked?: TrackedIn,
    /** False outside a git work tree, where no `.gitignore` file is read. */
    private readonly readsFiles = true,
  ) {}

  static readonly NONE = new GitignoreRules([]);

  /**
   * Outside a git work tree no `.gitignore` applies: git reads them only inside one
   * (https://git-scm.com/docs/gitignore), and so do ripgrep and fd (ripgrep's `--no-require-git` turns
   * it off); ESLint, TFLint and Checkov read none at all. A checkout without `.git` (a pull request's
   * source archive, a CI cache) has no index either, so a `.gitignore` it carries (`*.tf`) would hide
   * every committed file of it from the scan, where inside a work tree tracked files are scanned.
   */
  private static readonly OUTSIDE_GIT = new GitignoreRules([], undefined, false);

  /**
   * `.git/info/exclude` of `repoRoot` plus the `.gitignore` files of the ancestors of `directory`
   * from `repoRoot` down (not `directory`'s own: the walk adds it). Without a repository, none, and
   * none that the walk adds below (`OUTSIDE_GIT`).
   * A path given explicitly is always scanned (README, "What is analysed"), so a rule set that ignores `directory`
   * itself is dropped: otherwise it would ignore everything below the directory too.
   */
  static forAncestorsOf(directory: string, repoRoot: string | undefined, files: IgnoreFiles): GitignoreRules {
    if (repoRoot === undefined) return GitignoreRules.OUTSIDE_GIT;
    let rules = new GitignoreRules([], trackedIn(repoRoot, files));
    rules = rules.withFile(repoRoot, join(repoRoot, '.git', 'info', 'exclude'), files, true);
    const chain: string[] = [];
    for (let current = directory; current !== repoRoot && dirname(current) !== current;) {
      current = dirname(current);
      chain.unshift(current);
      if (current === repoRoot) break;
    }
    for (const dir of chain) rules = rules.withDirectory(dir, files);
    return new GitignoreRules(
      rules.sets.filter((set) => !new GitignoreRules([set]).ignores(directory, true)),
      rules.tracked,
    );
  }

  /** These rules plus the `.gitignore` of `directory`, if it has one. */
  withDirectory(directory: string, files: IgnoreFiles): GitignoreRules {
    if (!this.readsFiles) return this;
    return this.withFile(directory, join(directory, '.gitignore'), files);
  }

  /**
   * Through the scan's reader: an ignore file that is a symlink leading outside the repository, or
   * that is not a regular file (`/dev/zero`), is not read, and a note says so. A missing or unreadable
   * one is no rules, silently, as for git. Git reads patterns as bytes: invalid UTF-8 is decoded
   * leniently.
   */
  private withFile(base: string, file: string, files: IgnoreFiles, gitMetadata = false): GitignoreRules {
    const read = files.reader.readBytes(file, { gitMetadata });
    if (!read.ok) {
      if (read.reason !== 'cannot read') files.report(refusal(file, read, files.reader.maxFileBytes));
      return this;
    }
    const bounded = boundIgnorePatterns(read.bytes.toString('utf8').split(/\r?\n/), file);
    for (const n of bounded.notes) files.report(n);
    // A file of comments and blank lines (git's own `.git/info/exclude` template) matches nothing:
    // without it no path of the walk is matched at all (README, "Performance").
    const count = bounded.patterns.filter(isPattern).length;
    if (count === 0) return this;
    // Every path below is tested against the patterns of each ignore file above it too: a hundred
    // nested directories, each with a `.gitignore` of 4,999 patterns, made each file's test cost
    // 500,000 regular expressions, and the walk ran for minutes before the scan deadline was even
    // looked at. The patterns in force at one directory are bounded like those of one file.
    const inForce = this.sets.reduce((sum, set) => sum + set.count, 0);
    if (inForce + count > MAX_PATTERNS) {
      files.report(
        note(
          { file, range: FILE_START },
          `ignore patterns not honoured: with the ${inForce} patterns of the ignore files above it, ${inForce + count} patterns would apply here, more than ${MAX_PATTERNS}; every file they would ignore is scanned`,
        ),
      );
      return this;
    }
    return new GitignoreRules([...this.sets, { base, matcher: compilePatterns(bounded.patterns), count }], this.tracked);
  }

  /** Whether the entry at `path` (a directory when `isDirectory`) is ignored. */
  ignores(path: string, isDirectory: boolean): boolean {
    return this.matches(path, isDirectory) && !this.isTracked(path, isDirectory);
  }

  /** Whether the patterns ignore the entry at `path`, tracked or not. */
  private matches(path: string, isDirectory: boolean): boolean {
    for (let k = this.sets.length - 1; k >= 0; k -= 1) {
      const set = this.sets[k] as RuleSet;
      const rel = below(set.base, path);
      if (rel === undefined) continue;
      const posix = sep === '/' ? rel : rel.split(sep).join('/');
      let result = set.matcher.test(posix, isDirectory);
      if (result.ignored) {
        const reopened = this.reopenedAncestors(set, posix);
        if (reopened === undefined) return true;
        if (reopened.length > 0) result = set.matcher.testReopened(posix, isDirectory, reopened);
      }
      if (result.ignored) return true;
      if (result.unignored) return false;
    }
    return false;
  }

  /**
   * The ancestors of `posix` (below `set.base`) that `set` ignores but that the patterns do not ignore,
   * a deeper ignore file re-including them (a root `bin/`, a project's `!bin/`), or undefined when the
   * patterns ignore one of them. The `ignore` package answers a path below a directory it ignores with
   * that directory's answer, as git would for one ignore file; git walks into a directory a deeper file
   * re-includes and matches the paths there by what each pattern says of them. (A directory walked
   * into only because it holds a tracked file is still ignored: its untracked files stay out.)
   */
  private reopenedAncestors(set: RuleSet, posix: string): readonly string[] | undefined {
    const reopened: string[] = [];
    for (let end = posix.indexOf('/'); end >= 0; end = posix.indexOf('/', end + 1)) {
      const ancestor = posix.slice(0, end);
      if (!set.matcher.test(ancestor, true).ignored) continue;
      if (this.matches(join(set.base, ...ancestor.split('/')), true)) return undefined;
      reopened.push(ancestor);
    }
    return reopened;
  }

  /** Whether git tracks the file at `path`, or a file below the directory at `path`. */
  private isTracked(path: string, isDirectory: boolean): boolean {
    const paths = this.tracked?.paths();
    if (this.tracked === undefined || paths === undefined) return false;
    const rel = below(this.tracked.root, path);
    if (rel === undefined) return false;
    return paths.has(sep === '/' ? rel : rel.split(sep).join('/'), isDirectory);
  }
}

/** A repository root, and its tracked paths, read once on first use (a scan whose patterns match nothing never reads the index). */
interface TrackedIn {
  readonly root: string;
  paths(): TrackedPaths | undefined;
}

/** One read of a repository's index per scan (the walk asks for each tree it starts in). */
const trackedByScan = new WeakMap<IgnoreFiles, Map<string, TrackedIn>>();

function trackedIn(repoRoot: string, files: IgnoreFiles): TrackedIn {
  let byRoot = trackedByScan.get(files);
  if (byRoot === undefined) {
    byRoot = new Map();
    trackedByScan.set(files, byRoot);
  }
  let tracked = byRoot.get(repoRoot);
  if (tracked === undefined) {
    let read = false;
    let paths: TrackedPaths | undefined;
    tracked = {
      root: repoRoot,
      paths: () => {
        if (!read) {
          read = true;
          paths = readTrackedPaths(repoRoot, files.reader);
        }
        return paths;
      },
    };
    byRoot.set(repoRoot, tracked);
  }
  return tracked;
}
