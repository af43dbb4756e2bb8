/**
 * The patterns of one ignore source (a `.gitignore`, `.git/info/exclude`, the configuration's `ignore`,
 * `--ignore-pattern`), after `boundIgnorePatterns`, compiled for matching paths relative to the
 * source's directory. Patterns are matched by the `ignore` package, except plain names (below), which
 * are looked up, and `*` with a plain ending (`*.log`), compared as an ending when a source holds no
 * other kind of pattern. Both `gitignore-rules.ts` and `ignore-sources.ts` match through it.
 */
import type { Ignore } from 'ignore';
import { ignoreMatcher } from './ignore-matcher.js';

/** What a path's test found: as the `ignore` package says it, with the pattern that decided. */
export interface PatternTest {
  readonly ignored: boolean;
  readonly unignored: boolean;
  readonly pattern: string | undefined;
}

export interface PatternMatcher {
  /** `posix`: a path relative to the source's directory, `/`-separated. */
  test(posix: string, isDirectory: boolean): PatternTest;
  /**
   * As `test`, with the directories `reopened` (ancestors of `posix`, relative and `/`-separated, no
   * trailing slash) taken as not ignored: a deeper ignore file re-includes them, and git then matches
   * the path by what these patterns say of the path itself.
   */
  testReopened(posix: string, isDirectory: boolean, reopened: readonly string[]): PatternTest;
}

/** A pattern that re-includes exactly the directory `posix` (relative to the patterns' directory). */
function reinclusion(posix: string): string {
  return `!/${posix.replace(/[\\*?[\]]/g, '\\$&').replace(/ (?= *$)/g, '\\ ')}/`;
}

/**
 * Whether a line of an ignore file may match anything: a line of spaces only, or a comment, never
 * does (git trims trailing spaces, not tabs; the `ignore` package drops these lines too, and a few
 * more it judges invalid, which are kept here: only a file of none but these lines is dropped).
 */
export function isPattern(line: string): boolean {
  return !/^ *$/.test(line) && !line.startsWith('#');
}

/**
 * A pattern that is a plain name: no slash but a trailing one (so it matches at any depth), no
 * wildcard, escape, blank or leading `!`/`#`, and not `.` or `..`. Git then compares it with each
 * name of a path, which a set lookup does in one step; the `ignore` package would test one regular
 * expression per pattern on every path, so an ignore source of thousands of plain lines over tens of
 * thousands of files cost the walk tens of seconds.
 */
const PLAIN_NAME = /^(?!\.{1,2}\/?$)[^\s*?[\]\\/!#][^\s*?[\]\\/]*\/?$/;

const NOTHING: PatternTest = { ignored: false, unignored: false, pattern: undefined };

/**
 * `*` then a literal ending of ASCII letters, digits, `.`, `_` or `-` (`*.log`, `*.tsbuildinfo`): it
 * matches any name that ends so, at any depth, a file or a directory. Matched here by comparing the
 * ending (as the `ignore` package does, ignoring the case of ASCII letters: its `i` flag matches no
 * other character with these), so that a `.gitignore` of such patterns and plain names costs no
 * regular expression per path and does not load the package.
 */
const SUFFIX_NAME = /^\*[A-Za-z0-9._-]+$/;

/** Whether `name` ends with `ending` (lower case), ASCII letters compared without case. */
function endsWithFolded(name: string, ending: string): boolean {
  const offset = name.length - ending.length;
  if (offset < 0) return false;
  for (let k = 0; k < ending.length; k += 1) {
    let code = name.charCodeAt(offset + k);
    if (code >= 0x41 && code <= 0x5a) code += 0x20;
    if (code !== ending.charCodeAt(k)) return false;
  }
  return true;
}

/**
 * Without `!` patterns, a path is ignored when any pattern matches it or a directory above it, in any
 * order, so plain names are looked up apart from the others; with one, the last pattern that matches
 * decides (git's order), and every pattern goes to the `ignore` package. Names are compared as the
 * `ignore` package compares them, ignoring case.
 */
export function compilePatterns(patterns: readonly string[]): PatternMatcher {
  const negates = patterns.some((p) => p.startsWith('!'));
  // Lower-cased name → the pattern as written: a file or directory of that name anywhere (`names`), or a directory only.
  const names = new Map<string, string>();
  const directoryNames = new Map<string, string>();
  const others: string[] = [];
  for (const pattern of patterns) {
    if (negates || !PLAIN_NAME.test(pattern)) others.push(pattern);
    else if (pattern.endsWith('/')) directoryNames.set(pattern.slice(0, -1).toLowerCase(), pattern);
    else names.set(pattern.toLowerCase(), pattern);
  }
  // Endings are matched apart only when the package would hold nothing else: with other patterns
  // beside them, which one the package names for a path (`pattern`) depends on their order.
  const endings =
    !negates && others.some(isPattern) && others.every((pattern) => !isPattern(pattern) || SUFFIX_NAME.test(pattern)) ? others.filter(isPattern) : [];
  const matcher = endings.length === 0 && others.some(isPattern) ? ignoreMatcher().add(others) : undefined;
  // Last first: the package names the last pattern that matches.
  const folded = endings.map((pattern) => ({ pattern, ending: pattern.slice(1).toLowerCase() })).reverse();
  const ended = (posix: string): PatternTest => {
    // The highest directory that matches decides, as the package answers a path below a directory it ignores.
    for (const segment of posix.split('/')) {
      for (const { pattern, ending } of folded) if (endsWithFolded(segment, ending)) return { ignored: true, unignored: false, pattern };
    }
    return NOTHING;
  };
  const named = (posix: string, isDirectory: boolean): string | undefined => {
    if (names.size === 0 && directoryNames.size === 0) return undefined;
    const segments = posix.toLowerCase().split('/');
    for (const [k, segment] of segments.entries()) {
      const pattern = names.get(segment) ?? (isDirectory || k < segments.length - 1 ? directoryNames.get(segment) : undefined);
      if (pattern !== undefined) return pattern;
    }
    return undefined;
  };
  const fromPackage = (ig: Ignore, posix: string, isDirectory: boolean): PatternTest => {
    const result = ig.test(isDirectory ? `${posix}/` : posix);
    return { ignored: result.ignored, unignored: result.unignored, pattern: result.rule?.pattern };
  };
  // One matcher per set of reopened directories (the walk asks for the files of one directory in turn).
  const withReopened = new Map<string, Ignore>();
  return {
    test(posix, isDirectory) {
      const name = named(posix, isDirectory);
      if (name !== undefined) return { ignored: true, unignored: false, pattern: name };
      if (folded.length > 0) return ended(posix);
      return matcher ? fromPackage(matcher, posix, isDirectory) : NOTHING;
    },
    testReopened(posix, isDirectory, reopened) {
      // Every ancestor these patterns ignore is reopened (the caller's contract), so a plain name
      // decides only on the path's own name.
      const own = posix.slice(posix.lastIndexOf('/') + 1);
      const name = named(own, isDirectory);
      if (name !== undefined) return { ignored: true, unignored: false, pattern: name };
      if (folded.length > 0) return ended(own);
      if (!matcher) return NOTHING;
      const key = reopened.join('\0');
      let reopenedMatcher = withReopened.get(key);
      if (reopenedMatcher === undefined) {
        reopenedMatcher = ignoreMatcher().add([...others, ...reopened.map(reinclusion)]);
        withReopened.set(key, reopenedMatcher);
      }
      return fromPackage(reopenedMatcher, posix, isDirectory);
    },
  };
}
