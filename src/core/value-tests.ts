/**
 * Tests a string value is known to pass though the value is not known: a Terraform variable's
 * `validation` condition (`can(regex("^[a-z-]+$", var.name)) && var.name != "root"`), which Terraform
 * refuses the plan without. Each test is exact (a value passes it or not), so a negation of one is a
 * test too; a condition credlint cannot read is no test at all, never a weaker one. Plain data: it
 * travels with the model.
 */
import { graphemeClusters } from './graphemes.js';
import { goToLower, goToUpper } from './go-case-mapping.js';
import { re2Library } from './re2-library.js';
import type { RE2JS } from 're2js';
import { rememberingAnswers, type WholeValueTest } from './known-parts.js';

export type ValueTest =
  /** The value is one of these (`contains([...], v)`, `v == "x"`). */
  | { readonly kind: 'one-of'; readonly values: readonly string[] }
  /** `startswith(v, text)`, `endswith(v, text)`, `strcontains(v, text)`. */
  | { readonly kind: 'starts-with' | 'ends-with' | 'holds'; readonly text: string }
  /** An RE2 pattern finds a match somewhere in the value, as Terraform's `regex` does (`can(regex(p, v))`). */
  | { readonly kind: 'matches'; readonly pattern: string }
  /** The value has at least `min` and at most `max` (absent: no bound) characters, counted as Terraform's `length` counts them. */
  | { readonly kind: 'length'; readonly min: number; readonly max?: number }
  /** The value is its own lowercase (`lower(v) == v`) or uppercase. */
  | { readonly kind: 'lowercase' | 'uppercase' }
  /** `test` holds of the value lowercased (`lower(v)`) or uppercased (`upper(v)`). */
  | { readonly kind: 'lower' | 'upper'; readonly test: ValueTest }
  | { readonly kind: 'not'; readonly test: ValueTest }
  | { readonly kind: 'all' | 'any'; readonly tests: readonly ValueTest[] };

/**
 * The longest RE2 program a test keeps (`programSize`): matching is linear in program size times
 * input length, and a test runs against every name a value is compared with.
 */
const MAX_PROGRAM_SIZE = 1000;

const compiled = new Map<string, RE2JS | undefined>();

/**
 * `pattern` compiled by re2js (RE2's syntax and linear-time matching, as Go's `regexp` under
 * Terraform's `regex`; never JavaScript's backtracking engine on a pattern from the input), or
 * undefined when RE2 refuses it or it is too large to run often.
 */
export function compileTestPattern(pattern: string): RE2JS | undefined {
  if (!compiled.has(pattern)) {
    let result: RE2JS | undefined;
    try {
      result = re2Library().compile(pattern);
      if (result.programSize() > MAX_PROGRAM_SIZE) result = undefined;
    } catch {
      result = undefined;
    }
    compiled.set(pattern, result);
  }
  return compiled.get(pattern);
}

/** Terraform's `length` of a string: its grapheme clusters (https://developer.hashicorp.com/terraform/language/functions/length). */
function graphemeCount(value: string): number {
  return graphemeClusters(value).length;
}

/** Whether `value` passes `test`. A pattern no longer compiled (never: tests are built from compiled ones) passes. */
export function passesTest(test: ValueTest, value: string): boolean {
  switch (test.kind) {
    case 'one-of':
      return test.values.includes(value);
    case 'starts-with':
      return value.startsWith(test.text);
    case 'ends-with':
      return value.endsWith(test.text);
    case 'holds':
      return value.includes(test.text);
    case 'matches': {
      const pattern = compileTestPattern(test.pattern);
      return pattern === undefined || pattern.matcher(value).find();
    }
    case 'length': {
      const count = graphemeCount(value);
      return count >= test.min && (test.max === undefined || count <= test.max);
    }
    case 'lowercase':
      return goToLower(value) === value;
    case 'uppercase':
      return goToUpper(value) === value;
    case 'lower':
      return passesTest(test.test, goToLower(value));
    case 'upper':
      return passesTest(test.test, goToUpper(value));
    case 'not':
      return !passesTest(test.test, value);
    case 'all':
      return test.tests.every((each) => passesTest(each, value));
    case 'any':
      return test.tests.some((each) => passesTest(each, value));
  }
}

/** The most spellings of one name `someSpellingPasses` tries by default (2^8: a name of eight letters). */
const MAX_SPELLINGS = 256;

/** Which spellings `someSpellingPasses` tries. */
export interface Spellings {
  /** At most this many (default 256). */
  readonly most?: number;
  /**
   * `k` also as the Kelvin sign, which lowercases to it (default true): what Terraform's `lower()`
   * makes `k` of. A matcher that folds ASCII only has no use for it.
   */
  readonly kelvinSign?: boolean;
}

/**
 * Whether some string equal to `name` compared case-insensitively (as IAM compares user names) passes
 * `accepts`; undefined when there are too many spellings to try. Only an ASCII name is spelled out:
 * each letter either case (and `k` as the Kelvin sign, `Spellings`).
 */
export function someSpellingPasses(name: string, accepts: (spelling: string) => boolean, spellings: Spellings = {}): boolean | undefined {
  if (!/^[\x00-\x7f]*$/.test(name)) return undefined;
  const kelvinSign = spellings.kelvinSign ?? true;
  const options = Array.from(name.toLowerCase()).map((char) => {
    const upper = char.toUpperCase();
    if (char === 'k' && kelvinSign) return ['k', 'K', '\u212a'];
    return upper === char ? [char] : [char, upper];
  });
  if (options.reduce((count, each) => count * each.length, 1) > (spellings.most ?? MAX_SPELLINGS)) return undefined;
  const spell = (at: number, before: string): boolean => {
    const choices = options[at];
    if (choices === undefined) return accepts(before);
    return choices.some((choice) => spell(at + 1, before + choice));
  };
  return spell(0, '');
}

/**
 * `test` as `KnownParts` carries it: asked of a name exactly, or of every spelling of it (IAM compares
 * user names ignoring case, and `var.name != "root"` rules out `root` but not `Root`); a name with too
 * many spellings to try may be the value.
 */
export function wholeValueTest(test: ValueTest): WholeValueTest {
  return rememberingAnswers({
    mayBe: (candidate) => passesTest(test, candidate),
    mayBeIgnoringCase: (candidate) => someSpellingPasses(candidate, (spelling) => passesTest(test, spelling)) ?? true,
  });
}
