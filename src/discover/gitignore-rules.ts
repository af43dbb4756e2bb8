/**
 * `.gitignore` matching as git does it (https://git-scm.com/docs/gitignore): each `.gitignore`
 * applies to paths below its own directory, a deeper file overrides a shallower one (including `!`
 * re-includes), and `.git/info/exclude` applies to the whole repository. Patterns themselves are
 * matched by the `ignore` package, after `boundIgnorePatterns` (a pull request writes them).
 */
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import type { Ignore } from 'ignore';
import type { Diagnostic } from '../core/diagnostic.js';
import { refusal, type FileReader } from '../io/file-reader.js';

/** Where ignore files are read from, and where a refused one is reported. */
export interface IgnoreFiles {
  readonly reader: FileReader;
  report(diagnostic: Diagnostic): void;
}
import { boundIgnorePatterns } from './bounded-ignore-patterns.js';
import { ignoreMatcher } from './ignore-matcher.js';

interface RuleSet {
  /** The directory the patterns are relative to. */
  readonly base: string;
  /** The patterns other than plain names (all of them in a file with a `!` pattern); undefined for none. */
  readonly matcher: Ignore | undefined;
  /** Plain names, lower-cased: a file or directory of that name anywhere below `base` (`names`), or a directory only (`directoryNames`). */
  readonly names: ReadonlySet<string>;
  readonly directoryNames: ReadonlySet<string>;
}

/**
 * A pattern that is a plain name: no slash but a trailing one (so it matches at any depth), no
 * wildcard, escape, blank or leading `!`/`#`, and not `.` or `..`. Git then compares it with each
 * name of a path, which a set lookup does in one step; the `ignore` package would test one regular
 * expression per pattern on every path, so a `.gitignore` of thousands of plain lines over tens of
 * thousands of files cost the walk tens of seconds.
 */
const PLAIN_NAME = /^(?!\.{1,2}\/?$)[^\s*?[\]\\/!#][^\s*?[\]\\/]*\/?$/;

/**
 * The rules of one ignore file. Without `!` patterns, a path is ignored when any pattern matches it
 * or a directory above it, in any order, so plain names can be looked up apart from the others; with
 * one, the last pattern that matches decides (git's order), and every pattern goes to the `ignore`
 * package. Names are compared as the `ignore` package compares them, ignoring case.
 */
function ruleSet(base: string, patterns: readonly string[]): RuleSet {
  const negates = patterns.some((p) => p.startsWith('!'));
  const names = new Set<string>();
  const directoryNames = new Set<string>();
  const others: string[] = [];
  for (const pattern of patterns) {
    if (negates || !PLAIN_NAME.test(pattern)) others.push(pattern);
    else if (pattern.endsWith('/')) directoryNames.add(pattern.slice(0, -1).toLowerCase());
    else names.add(pattern.toLowerCase());
  }
  return { base, matcher: others.some(isPattern) ? ignoreMatcher().add(others) : undefined, names, directoryNames };
}

/** Whether a plain name of `set` names `posix` (a relative path) or a directory above it. */
function namedIn(set: RuleSet, posix: string, isDirectory: boolean): boolean {
  if (set.names.size === 0 && set.directoryNames.size === 0) return false;
  const segments = posix.toLowerCase().split('/');
  return segments.some((segment, k) => set.names.has(segment) || ((isDirectory || k < segments.length - 1) && set.directoryNames.has(segment)));
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

/**
 * Whether a line of an ignore file may match anything: a line of spaces only, or a comment, never
 * does (git trims trailing spaces, not tabs; the `ignore` package drops these lines too, and a few
 * more it judges invalid, which are kept here: only a file of none but these lines is dropped).
 */
function isPattern(line: string): boolean {
  return !/^ *$/.test(line) && !line.startsWith('#');
}

/** The rules in force in one directory: its own `.gitignore` plus its ancestors'. */
export class GitignoreRules {
  private constructor(private readonly sets: readonly RuleSet[]) {}

  static readonly NONE = new GitignoreRules([]);

  /**
   * `.git/info/exclude` of `repoRoot` plus the `.gitignore` files of the ancestors of `directory`
   * from `repoRoot` down (not `directory`'s own: the walk adds it). Without a repository, none.
   * A path given explicitly is always scanned (README, "What is analysed"), so a rule set that ignores `directory`
   * itself is dropped: otherwise it would ignore everything below the directory too.
   */
  static forAncestorsOf(directory: string, repoRoot: string | undefined, files: IgnoreFiles): GitignoreRules {
    let rules = GitignoreRules.NONE;
    if (repoRoot === undefined) return rules;
    rules = rules.withFile(repoRoot, join(repoRoot, '.git', 'info', 'exclude'), files);
    const chain: string[] = [];
    for (let current = directory; current !== repoRoot && dirname(current) !== current;) {
      current = dirname(current);
      chain.unshift(current);
      if (current === repoRoot) break;
    }
    for (const dir of chain) rules = rules.withDirectory(dir, files);
    return new GitignoreRules(rules.sets.filter((set) => !new GitignoreRules([set]).ignores(directory, true)));
  }

  /** These rules plus the `.gitignore` of `directory`, if it has one. */
  withDirectory(directory: string, files: IgnoreFiles): GitignoreRules {
    return this.withFile(directory, join(directory, '.gitignore'), files);
  }

  /**
   * Through the scan's reader: an ignore file that is a symlink leading outside the repository, or
   * that is not a regular file (`/dev/zero`), is not read, and a note says so. A missing or unreadable
   * one is no rules, silently, as for git. Git reads patterns as bytes: invalid UTF-8 is decoded
   * leniently.
   */
  private withFile(base: string, file: string, files: IgnoreFiles): GitignoreRules {
    const read = files.reader.readBytes(file);
    if (!read.ok) {
      if (read.reason !== 'cannot read') files.report(refusal(file, read, files.reader.maxFileBytes));
      return this;
    }
    const bounded = boundIgnorePatterns(read.bytes.toString('utf8').split(/\r?\n/), file);
    for (const n of bounded.notes) files.report(n);
    // A file of comments and blank lines (git's own `.git/info/exclude` template) matches nothing:
    // without it no path of the walk is matched at all (README, "Performance").
    if (!bounded.patterns.some(isPattern)) return this;
    return new GitignoreRules([...this.sets, ruleSet(base, bounded.patterns)]);
  }

  /** Whether the entry at `path` (a directory when `isDirectory`) is ignored. */
  ignores(path: string, isDirectory: boolean): boolean {
    for (let k = this.sets.length - 1; k >= 0; k -= 1) {
      const set = this.sets[k] as RuleSet;
      const rel = below(set.base, path);
      if (rel === undefined) continue;
      const posix = sep === '/' ? rel : rel.split(sep).join('/');
      if (namedIn(set, posix, isDirectory)) return true;
      const result = set.matcher?.test(isDirectory ? `${posix}/` : posix);
      if (result?.ignored) return true;
      if (result?.unignored) return false;
    }
    return false;
  }
}
