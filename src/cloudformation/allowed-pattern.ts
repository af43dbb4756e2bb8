/**
 * What a `String` parameter's `AllowedPattern` tells of a value nobody gave. CloudFormation refuses a
 * value the pattern does not match as a whole, with Java's regular expressions
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html).
 * Patterns run on re2js, an RE2 port that matches in linear time, so that a pattern in a pull request
 * cannot backtrack for hours; a pattern RE2 refuses (lookaround, backreferences, possessive
 * quantifiers) tells nothing, and so does one whose Java meaning RE2 would read differently (below).
 * Two things are read from an accepted pattern: which candidate names it can match (`^(?!x)` aside,
 * `[a-z]+-[a-z]+` never matches `root`), and what every match starts or ends with, holds, or is one of
 * (`svc-[a-z]+`, `(build|deploy)-ci`), as `AllowedValues` tells, from the pattern's structure read as a
 * whole match (`src/core/pattern-structure.ts`, which reads Terraform's validation patterns too).
 */
import { re2Library } from '../core/re2-library.js';
import type { RE2JS } from 're2js';
import { knownPartsOfOneOf, rememberingAnswers, type KnownParts, type WholeValueTest } from '../core/known-parts.js';
import { readPatternStructure } from '../core/pattern-structure.js';
import { someSpellingPasses } from '../core/value-tests.js';

/**
 * Candidates are matched only where Java and RE2 agree on every construct both accept: printable
 * ASCII without spaces (what IAM user names and statuses are made of). There `.` (Java leaves out
 * `\r` and `\u2028` too), `\s` (Java counts `\x0B`), `$` (Java allows a final line break) and
 * case-insensitive matching (RE2 also folds `K` to the Kelvin sign) give the same answers.
 */
const COMPARABLE = /^[\x21-\x7e]{0,128}$/;

/** The most case mixes of a candidate that `mayBeIgnoringCase` tries (six letters). */
const MAX_CASE_MIXES = 64;

/** Work of one candidate match at most: program size times the longest comparable candidate, for every case mix. */
const MATCH_WORK = (128 + 1) * MAX_CASE_MIXES;

export type PatternReading = { readonly kind: 'known'; readonly parts: KnownParts } | { readonly kind: 'nothing' } | { readonly kind: 'too-large' };

/**
 * What `AllowedPattern` tells of the value, restricted further to `allowed` (its `AllowedValues`) when
 * given. `too-large` when matching a candidate could take more than `regexSteps`.
 */
export function readAllowedPattern(
  source: string,
  allowed: readonly string[] | undefined,
  regexSteps: number,
  spend: (steps: number) => boolean = () => true,
): PatternReading {
  // A pattern's program is at least about as long as the pattern: a longer one is refused unread.
  if (source.length * MATCH_WORK > regexSteps) return { kind: 'too-large' };
  if (!javaMeansTheSame(source)) return { kind: 'nothing' };
  let compiled: RE2JS;
  try {
    compiled = re2Library().compile(source);
  } catch {
    // Refused by RE2 (or nested too deeply for it): the pattern tells nothing.
    return { kind: 'nothing' };
  }
  if (compiled.programSize() * MATCH_WORK > regexSteps) return { kind: 'too-large' };
  const test = wholeValueTest(compiled, spend);
  const structure = readPatternStructure(source, 'whole');
  const spelled = typeof structure === 'string' ? [structure] : structure?.oneOf;
  const candidates = allowed ?? spelled;
  if (candidates !== undefined) {
    // Every allowed value is matched once: many long ones against a large pattern are work too.
    const inputs = candidates.reduce((sum, value) => sum + Math.min(value.length, 128) + 1, 0);
    if (compiled.programSize() * inputs > regexSteps) return { kind: 'too-large' };
    const parts = knownPartsOfOneOf(candidates.filter((value) => test.mayBe(value)));
    return parts === undefined ? { kind: 'nothing' } : { kind: 'known', parts };
  }
  const parts = typeof structure === 'string' ? undefined : structure;
  return { kind: 'known', parts: { ...(parts ?? { prefix: '', suffix: '', minLength: 0 }), passes: test } };
}

function wholeValueTest(compiled: RE2JS, spend: (steps: number) => boolean): WholeValueTest {
  // Each match is paid for from the unit's budget; once it has run out, the candidate is not ruled out.
  const matches = (text: string) => !spend(compiled.programSize() * (text.length + 1)) || compiled.matches(text);
  return rememberingAnswers({
    mayBe: (candidate) => !COMPARABLE.test(candidate) || matches(candidate),
    // Past six letters the case mixes are not tried: the candidate is not ruled out.
    mayBeIgnoringCase: (candidate) =>
      !COMPARABLE.test(candidate) || (someSpellingPasses(candidate, matches, { most: MAX_CASE_MIXES, kelvinSign: false }) ?? true),
  });
}

/**
 * Whether RE2 reads the pattern as Java does, as far as a scan of its text can tell. RE2 accepts,
 * with another meaning, Java's nested classes and intersections (`[a-z&&[^r]]`: in RE2 a class of
 * `a-z`, `&`, `[`, `^`, `r` followed by `]`), POSIX classes, a class opening with `]`, `\v` (vertical
 * whitespace in Java), octal escapes (a backreference in Java), and `{` outside a repetition (an
 * error in Java).
 */
function javaMeansTheSame(source: string): boolean {
  let inClass = false;
  for (let i = 0; i < source.length; i += 1) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (next === 'Q') {
        const end = source.indexOf('\\E', i + 2);
        if (end < 0) return true;
        i = end + 1;
        continue;
      }
      if (/[0-9v]/.test(next)) return false;
      i += 1;
      continue;
    }
    if (inClass) {
      if (c === '[' || (c === '&' && source[i + 1] === '&')) return false;
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      const first = source[i + 1] === '^' ? i + 2 : i + 1;
      if (source[first] === ']') return false;
      i = first - 1;
    } else if (c === '{' && !/^\{\d+(,\d*)?\}/.test(source.slice(i, i + 24))) return false;
  }
  return true;
}
