/**
 * Bounds on gitignore-syntax patterns from the scanned repository (`.gitignore`, `.git/info/exclude`,
 * the config file's `ignore`), which a pull request writes. The `ignore` package compiles each `**`
 * segment between others to a backtracking group (`(?:\/[^\/]+)*`), so a pattern such as
 * `**\/a/**\/a/**\/a/b` tested against a deep path `a/a/a/…` tries every way of splitting the path
 * among its groups: time grows as the path depth to the power of the number of `**`. Here:
 *
 * - runs of `**` segments collapse to one (`a/**\/**\/b` is `a/**\/b`: git's `**` already matches
 *   zero or more directories, https://git-scm.com/docs/gitignore#_pattern_format);
 * - a pattern still holding more than `MAX_GLOBSTARS` `**` segments (real ones hold one or two:
 *   `**\/build/**`) is not used as written, and a note says so. Its replacement errs towards
 *   scanning more, never less: an ignoring pattern is dropped (files it would ignore are scanned); a
 *   re-including `!` pattern is widened to `!**\/<what follows its last inner **>`, which matches
 *   every path the original matches;
 * - a pattern longer than `MAX_PATTERN_LENGTH` is dropped likewise (a negation too: no path is that
 *   long), and a file with more than `MAX_PATTERNS` patterns is not honoured at all.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import { note } from '../core/diagnostic.js';
import { range } from '../core/location.js';

/** `**` segments kept in one pattern; each more multiplies matching time by the path depth. */
export const MAX_GLOBSTARS = 2;
/** Git's own paths are at most PATH_MAX (4096) bytes; a longer pattern is junk or an attack. */
export const MAX_PATTERN_LENGTH = 4096;
/**
 * Patterns in one file. Every directory entry is tested against each, so the walk costs entries ×
 * patterns; large real `.gitignore` files (GitHub's templates, monorepos) hold a few hundred.
 */
export const MAX_PATTERNS = 5000;

/** A `**` segment (git drops unescaped trailing spaces, so the last segment may carry some). */
const GLOBSTAR = /^\*{2,} *$/;

export interface BoundedPatterns {
  readonly patterns: string[];
  readonly notes: Diagnostic[];
}

/**
 * The patterns of `lines` (the lines of an ignore file, or config globs) made safe to hand to the
 * `ignore` package; `file` and the 1-based line numbers locate the notes.
 */
export function boundIgnorePatterns(lines: readonly string[], file: string): BoundedPatterns {
  const at = (index: number) => ({ file, range: range(index + 1, 1, index + 1, 1) });
  const counted = lines.filter((line) => line.trim() !== '' && !line.startsWith('#')).length;
  if (counted > MAX_PATTERNS) {
    return {
      patterns: [],
      notes: [note(at(0), `ignore patterns not honoured: ${counted} patterns, more than ${MAX_PATTERNS}; every file they would ignore is scanned`)],
    };
  }
  const patterns: string[] = [];
  const notes: Diagnostic[] = [];
  lines.forEach((line, index) => {
    if (line.length > MAX_PATTERN_LENGTH) {
      notes.push(note(at(index), `ignore pattern not honoured: longer than ${MAX_PATTERN_LENGTH} characters`));
      return;
    }
    const negated = line.startsWith('!');
    const segments = collapseGlobstars(negated ? line.slice(1) : line);
    const globstars = segments.filter((segment) => GLOBSTAR.test(segment)).length;
    if (globstars <= MAX_GLOBSTARS) {
      patterns.push(`${negated ? '!' : ''}${segments.join('/')}`);
      return;
    }
    if (negated) {
      const widened = widenNegation(segments);
      patterns.push(widened);
      notes.push(note(at(index), `ignore pattern with more than ${MAX_GLOBSTARS} "**" widened to "${widened}" (matching it as written is exponential)`));
    } else {
      notes.push(
        note(at(index), `ignore pattern with more than ${MAX_GLOBSTARS} "**" not honoured (matching it is exponential); files it would ignore are scanned`),
      );
    }
  });
  return { patterns, notes };
}

/** The segments of `pattern`, with consecutive `**` segments as one (`a/**\/**\/b` → `a/**\/b`). */
function collapseGlobstars(pattern: string): string[] {
  const segments = pattern.split('/');
  return segments.filter((segment, k) => !(GLOBSTAR.test(segment) && k + 1 < segments.length && GLOBSTAR.test(segments[k + 1] as string)));
}

/**
 * `!p/**\/q/**\/x/y` → `!**\/x/y`: every path the original matches ends with what follows its last
 * `**` that is not the final segment, at some depth, which is what the widened pattern matches.
 */
function widenNegation(segments: readonly string[]): string {
  let last = -1;
  for (let k = 0; k < segments.length - 1; k += 1) if (GLOBSTAR.test(segments[k] as string)) last = k;
  return `!**/${segments.slice(last + 1).join('/')}`;
}
