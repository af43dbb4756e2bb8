/**
 * What a `String` parameter's `AllowedPattern` tells of a value nobody gave. CloudFormation refuses a
 * value the pattern does not match as a whole, with Java's regular expressions
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html).
 * Patterns run on re2js, an RE2 port that matches in linear time, so that a pattern in a pull request
 * cannot backtrack for hours; a pattern RE2 refuses (lookaround, backreferences, possessive
 * quantifiers) tells nothing, and so does one whose Java meaning RE2 would read differently (below).
 * Two things are read from an accepted pattern: which candidate names it can match (`^(?!x)` aside,
 * `[a-z]+-[a-z]+` never matches `root`), and what every match starts or ends with, holds, or is one of
 * (`svc-[a-z]+`, `(build|deploy)-ci`), as `AllowedValues` tells.
 */
import { re2Library } from '../core/re2-library.js';
import type { RE2JS } from 're2js';
import { concatKnownParts, knownPartsOfOneOf, type KnownParts, type WholeValueTest } from '../core/known-parts.js';

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
  const structure = new StructureReader(source).read();
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

/** The most answers one test remembers: pairs of keys ask it of the same names again and again. */
const MAX_REMEMBERED = 4096;

function wholeValueTest(compiled: RE2JS, spend: (steps: number) => boolean): WholeValueTest {
  const remembered = new Map<string, boolean>();
  // Each match is paid for from the unit's budget; once it has run out, the candidate is not ruled out.
  const matches = (text: string) => !spend(compiled.programSize() * (text.length + 1)) || compiled.matches(text);
  const answer = (key: string, decide: () => boolean): boolean => {
    const known = remembered.get(key);
    if (known !== undefined) return known;
    const result = decide();
    if (remembered.size < MAX_REMEMBERED) remembered.set(key, result);
    return result;
  };
  return {
    mayBe: (candidate) => !COMPARABLE.test(candidate) || answer(`=${candidate}`, () => matches(candidate)),
    mayBeIgnoringCase(candidate) {
      if (!COMPARABLE.test(candidate)) return true;
      const letters = candidate.split('').flatMap((c, i) => (/[a-z]/i.test(c) ? [i] : []));
      if (2 ** letters.length > MAX_CASE_MIXES) return true;
      return answer(`~${candidate.toLowerCase()}`, () => {
        for (let mix = 0; mix < 2 ** letters.length; mix += 1) {
          const chars = candidate.toLowerCase().split('');
          letters.forEach((at, bit) => {
            if ((mix >> bit) & 1) chars[at] = (chars[at] ?? '').toUpperCase();
          });
          if (matches(chars.join(''))) return true;
        }
        return false;
      });
    },
  };
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

/**
 * What is known of every string the pattern matches, read from its structure; only asked of a pattern
 * RE2 compiled and Java reads alike. Zero-width assertions (`^`, `$`, `\b`) are read as empty text:
 * they can only narrow what matches, so what holds without them holds with them.
 */
type Summary = string | KnownParts | undefined;

const ANY_CHAR: KnownParts = { prefix: '', suffix: '', minLength: 1 };

/** The most strings a structure spells out (as `AllowedValues` concatenations do). */
const MAX_SPELLED = 64;

/** Deeper nesting than this is read as telling nothing (RE2 itself refuses 1,000 levels). */
const MAX_DEPTH = 100;

class Unreadable extends Error {}

class StructureReader {
  private at = 0;
  private ignoreCase = false;

  constructor(private readonly source: string) {}

  read(): Summary {
    try {
      const summary = this.alternation(0);
      return this.at === this.source.length ? summary : undefined;
    } catch (error) {
      if (error instanceof Unreadable) return undefined;
      throw error;
    }
  }

  private alternation(depth: number): Summary {
    if (depth > MAX_DEPTH) throw new Unreadable();
    const saved = this.ignoreCase;
    const branches = [this.sequence(depth)];
    while (this.source[this.at] === '|') {
      this.at += 1;
      branches.push(this.sequence(depth));
    }
    this.ignoreCase = saved;
    return union(branches);
  }

  private sequence(depth: number): Summary {
    const pieces: Summary[] = [];
    while (this.at < this.source.length && this.source[this.at] !== '|' && this.source[this.at] !== ')') {
      const atom = this.atom(depth);
      pieces.push(this.quantified(atom));
    }
    return concat(pieces);
  }

  private quantified(atom: Summary): Summary {
    const rest = this.source.slice(this.at, this.at + 24);
    const match = /^(?:([*+?])|\{(\d+)(?:(,)(\d*))?\})\??/.exec(rest);
    if (!match) return atom;
    this.at += match[0].length;
    const [, op, minText, comma, maxText] = match;
    const min = op === '+' ? 1 : op === undefined ? Number(minText) : 0;
    const max = op === '?' ? 1 : op !== undefined ? Infinity : comma === undefined ? min : maxText === '' ? Infinity : Number(maxText);
    const repeated = concat(Array.from({ length: min }, () => atom));
    if (max === min) return repeated;
    // More copies may follow: what every string ends with is what the atom ends with, once there is one.
    const more = atom === undefined ? undefined : oneOrMore(atom);
    return min === 0 ? (max === 1 ? union([atom, '']) : union([more, ''])) : concat([concat(Array.from({ length: min - 1 }, () => atom)), more]);
  }

  private atom(depth: number): Summary {
    const c = this.source[this.at] ?? '';
    this.at += 1;
    if (c === '(') return this.group(depth);
    if (c === '[') return this.characterClass();
    if (c === '.') return ANY_CHAR;
    if (c === '^' || c === '$') return '';
    if (c === '\\') return this.escape();
    if ('*+?{'.includes(c)) throw new Unreadable();
    return this.literal(c);
  }

  private literal(c: string): Summary {
    if (this.ignoreCase && /[a-z]/i.test(c)) return ANY_CHAR;
    // A character outside the Basic Multilingual Plane is one code point, two UTF-16 units.
    const code = c.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdbff && this.at < this.source.length) {
      const pair = c + (this.source[this.at] ?? '');
      this.at += 1;
      return pair;
    }
    return c;
  }

  private group(depth: number): Summary {
    const flags = /^\?([imsU]*)(?:-([imsU]*))?([:)])/.exec(this.source.slice(this.at, this.at + 16));
    const named = /^\?P?<[A-Za-z0-9_]+>/.exec(this.source.slice(this.at, this.at + 256));
    if (flags) {
      this.at += flags[0].length;
      const setsCase = (flags[1] ?? '').includes('i') ? true : (flags[2] ?? '').includes('i') ? false : undefined;
      if (flags[3] === ')') {
        // `(?i)` holds to the end of the enclosing group.
        if (setsCase !== undefined) this.ignoreCase = setsCase;
        return '';
      }
      const saved = this.ignoreCase;
      if (setsCase !== undefined) this.ignoreCase = setsCase;
      const inner = this.alternation(depth + 1);
      this.ignoreCase = saved;
      return this.close(inner);
    }
    if (named) this.at += named[0].length;
    else if (this.source[this.at] === '?') throw new Unreadable();
    return this.close(this.alternation(depth + 1));
  }

  private close(inner: Summary): Summary {
    if (this.source[this.at] !== ')') throw new Unreadable();
    this.at += 1;
    return inner;
  }

  /** A class of a few literal characters is one of them; any other is one character. */
  private characterClass(): Summary {
    const negated = this.source[this.at] === '^';
    if (negated) this.at += 1;
    const chars: string[] = [];
    let few = !negated && !this.ignoreCase;
    let first = true;
    while (this.at < this.source.length && (first || this.source[this.at] !== ']')) {
      first = false;
      let c = this.source[this.at] ?? '';
      this.at += 1;
      if (c === '\\') {
        const escaped = this.source[this.at] ?? '';
        this.at += 1;
        if (/[A-Za-z0-9]/.test(escaped)) {
          few = false;
          if (escaped === 'p' || escaped === 'P') this.skipPropertyName();
          else if (escaped === 'x') this.skipHex();
          continue;
        }
        c = escaped;
      }
      if (this.source[this.at] === '-' && this.source[this.at + 1] !== ']' && this.at + 1 < this.source.length) {
        // A range: read its end, and count it as many characters.
        this.at += 1;
        const end = this.source[this.at] === '\\' ? this.source[this.at + 1] : this.source[this.at];
        this.at += this.source[this.at] === '\\' ? 2 : 1;
        if (end === undefined || /[A-Za-z0-9]/.test(this.source[this.at - 2] === '\\' ? end : '') || end.charCodeAt(0) - c.charCodeAt(0) >= 8) {
          few = false;
          continue;
        }
        for (let code = c.charCodeAt(0); code <= end.charCodeAt(0); code += 1) chars.push(String.fromCharCode(code));
        continue;
      }
      chars.push(c);
    }
    if (this.source[this.at] !== ']') throw new Unreadable();
    this.at += 1;
    const distinct = [...new Set(chars)];
    if (few && distinct.length > 0 && distinct.length <= 8 && distinct.every((ch) => /^[\x20-\x7e]$/.test(ch))) return union(distinct);
    return ANY_CHAR;
  }

  private skipPropertyName(): void {
    if (this.source[this.at] === '{') {
      const end = this.source.indexOf('}', this.at);
      if (end < 0) throw new Unreadable();
      this.at = end + 1;
    } else this.at += 1;
  }

  private skipHex(): void {
    if (this.source[this.at] === '{') this.skipPropertyName();
    else this.at += 2;
  }

  private escape(): Summary {
    const c = this.source[this.at] ?? '';
    this.at += 1;
    if (c === 'Q') {
      const end = this.source.indexOf('\\E', this.at);
      const text = this.source.slice(this.at, end < 0 ? undefined : end);
      this.at = end < 0 ? this.source.length : end + 2;
      // Quoted text is itself, but for letters where case is ignored.
      return this.ignoreCase ? concat(text.split('').map((ch) => (/[a-z]/i.test(ch) ? ANY_CHAR : ch))) : text;
    }
    if ('bBAz'.includes(c)) return '';
    if ('dDwWsS'.includes(c)) return ANY_CHAR;
    if (c === 'p' || c === 'P') {
      this.skipPropertyName();
      return ANY_CHAR;
    }
    const controls: Readonly<Record<string, string>> = { t: '\t', n: '\n', r: '\r', f: '\f', a: '\x07' };
    const control = controls[c];
    if (control !== undefined) return control;
    if (c === 'x') {
      const hex = /^(?:\{([0-9A-Fa-f]{1,6})\}|([0-9A-Fa-f]{2}))/.exec(this.source.slice(this.at, this.at + 9));
      if (!hex) throw new Unreadable();
      this.at += hex[0].length;
      return this.literal(String.fromCodePoint(parseInt(hex[1] ?? hex[2] ?? '0', 16)));
    }
    if (/[A-Za-z0-9]/.test(c) || c === '') throw new Unreadable();
    return this.literal(c);
  }
}

/** What holds of a string that is one of `branches`. */
function union(branches: readonly Summary[]): Summary {
  if (branches.length === 1) return branches[0];
  const spelled: string[] = [];
  for (const branch of branches) {
    const values = typeof branch === 'string' ? [branch] : branch?.oneOf;
    if (values === undefined || spelled.length + values.length > MAX_SPELLED) return commonParts(branches);
    spelled.push(...values);
  }
  const distinct = [...new Set(spelled)];
  if (distinct.length === 1) return distinct[0];
  return knownPartsOfOneOf(distinct);
}

/** The start, end and least length that every branch shares. */
function commonParts(branches: readonly Summary[]): Summary {
  const parts = branches.map((branch) => (typeof branch === 'string' ? knownPartsOfOneOf([branch]) : branch));
  if (parts.some((p) => p === undefined)) return undefined;
  const known = parts as KnownParts[];
  const prefixes = known.map((p) => p.prefix);
  const suffixes = known.map((p) => p.suffix);
  const prefix = prefixes.reduce((a, b) => commonStart(a, b));
  const suffix = suffixes.reduce((a, b) => commonEnd(a, b));
  const minLength = Math.min(...known.map((p) => p.minLength));
  return prefix === '' && suffix === '' && minLength === 0 ? undefined : { prefix, suffix, minLength };
}

function commonStart(a: string, b: string): string {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n += 1;
  return a.slice(0, n);
}

function commonEnd(a: string, b: string): string {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n += 1;
  return a.slice(a.length - n);
}

/** One string after another: known text runs on, unknown pieces keep what is known of them. */
function concat(pieces: readonly Summary[]): Summary {
  const written = pieces.filter((piece) => piece !== '');
  if (written.length === 0) return '';
  if (written.every((piece) => typeof piece === 'string')) return written.join('');
  const parts = concatKnownParts(written.map((piece) => (typeof piece === 'string' ? piece : { known: piece })));
  // A concatenation of a single spelled-out choice is that string.
  return parts?.oneOf?.length === 1 && parts.oneOf[0] !== undefined ? parts.oneOf[0] : parts;
}

/** One or more strings of `atom` after each other: they start as it starts and end as it ends. */
function oneOrMore(atom: string | KnownParts): KnownParts | undefined {
  const parts = typeof atom === 'string' ? knownPartsOfOneOf([atom]) : atom;
  if (parts === undefined) return undefined;
  const { prefix, suffix, minLength, infixes } = parts;
  if (prefix === '' && suffix === '' && minLength === 0) return undefined;
  return infixes === undefined ? { prefix, suffix, minLength } : { prefix, suffix, minLength, infixes };
}
