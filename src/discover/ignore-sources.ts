/**
 * Globs of files not to scan that are not `.gitignore` files: the configuration's `ignore`, relative
 * to the config file's directory, and `--ignore-pattern`, relative to the current directory (README,
 * "Configuration"). Both are gitignore syntax, bounded like `.gitignore` lines (a pull request may write
 * the config), and both are off with `--no-ignore`. The scan and `--print-config` match with the same
 * code, so they agree on which files are ignored and by which pattern.
 */
import path from 'node:path';
import type { Diagnostic } from '../core/diagnostic.js';
import { appendAll } from '../core/append-all.js';
import { boundIgnorePatterns } from './bounded-ignore-patterns.js';
import { compilePatterns, type PatternMatcher } from './ignore-patterns.js';

export interface IgnoreGlobs {
  /** The configuration's `ignore`, relative to `base` (the config file's directory). */
  readonly ignore?: { readonly base: string; readonly patterns: readonly string[] } | undefined;
  /** `--ignore-pattern`, relative to the current directory. */
  readonly ignorePatterns?: readonly string[] | undefined;
  readonly noIgnore?: boolean | undefined;
}

/** Where an ignored file's pattern came from, as a note says it (`the configuration's ignore pattern "legacy/**"`). */
export interface IgnoredBy {
  readonly pattern: string;
  readonly described: string;
}

export interface IgnoreSources {
  /** Why `file` (absolute) is ignored, or undefined when no glob of a source whose base holds it matches. */
  ignoredBy(file: string): IgnoredBy | undefined;
  /** Notes on patterns that are not honoured (too many, too long, too many `**`). */
  readonly notes: readonly Diagnostic[];
  readonly empty: boolean;
}

interface Source {
  readonly base: string;
  readonly matcher: PatternMatcher;
  readonly describe: (pattern: string) => string;
}

export function ignoreSources(globs: IgnoreGlobs, cwd: string): IgnoreSources {
  const sources: Source[] = [];
  const notes: Diagnostic[] = [];
  const add = (base: string, patterns: readonly string[], describe: (pattern: string) => string): void => {
    if (patterns.length === 0) return;
    const bounded = boundIgnorePatterns(
      patterns.flatMap((p) => p.split(/\r?\n/)),
      base,
    );
    appendAll(notes, bounded.notes);
    sources.push({ base, matcher: compilePatterns(bounded.patterns), describe });
  };
  if (globs.noIgnore !== true) {
    if (globs.ignore) add(globs.ignore.base, globs.ignore.patterns, (pattern) => `the configuration's ignore pattern "${pattern}"`);
    add(cwd, globs.ignorePatterns ?? [], (pattern) => `--ignore-pattern "${pattern}"`);
  }
  return {
    notes,
    empty: sources.length === 0,
    ignoredBy(file) {
      for (const source of sources) {
        const relative = path.relative(source.base, file).split(path.sep).join('/');
        if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) continue;
        const test = source.matcher.test(relative, false);
        if (!test.ignored) continue;
        const pattern = test.pattern ?? '';
        return { pattern, described: source.describe(pattern) };
      }
      return undefined;
    },
  };
}
