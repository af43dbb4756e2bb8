/**
 * What a regular expression's structure tells of the strings it matches, read from the pattern text
 * without running it, in time linear in its length: `svc-[a-z]+` that the string starts with `svc-`,
 * `[a-z]+-ci` that it ends with `-ci`, `(dev|prod)-ci` that it is one of two strings,
 * `[a-z]+_[a-z]+` that it holds `_`. Whatever the reader does not follow (a lookaround, a
 * backreference, deep nesting) tells nothing, so what it says is sound.
 *
 * The syntax is RE2's (https://github.com/google/re2/wiki/Syntax), which both callers run: Terraform's
 * `regex` and `regexall` are Go's RE2 and find a match anywhere in the string (`find`), while a
 * CloudFormation `AllowedPattern` is matched against the whole value (`whole`; its caller first checks
 * that Java, which CloudFormation uses, reads the pattern as RE2 does).
 */
import { appendAll } from './append-all.js';
import { concatKnownParts, knownPartsOfOneOf, type KnownParts } from './known-parts.js';

/** How a pattern is matched: against the whole string, or anywhere in it (`^`, `$` and `\A`, `\z` anchor a find). */
export type PatternMatch = 'whole' | 'find';

/**
 * What is known of every string the pattern matches: one string, what it is known to be, or
 * undefined when the structure tells nothing.
 */
export type Summary = string | KnownParts | undefined;

/** `readPatternStructure`'s answer as known parts (a spelled-out string is one of one). */
export function patternKnownParts(pattern: string, match: PatternMatch): KnownParts | undefined {
  const summary = readPatternStructure(pattern, match);
  return typeof summary === 'string' ? knownPartsOfOneOf([summary]) : summary;
}

/** What the structure of `pattern` tells of every string it matches (`PatternMatch`). */
export function readPatternStructure(pattern: string, match: PatternMatch): Summary {
  return new StructureReader(pattern, match).read();
}

const ANY_CHAR: KnownParts = { prefix: '', suffix: '', minLength: 1 };

/** The most strings a structure spells out (as `AllowedValues` concatenations do). */
const MAX_SPELLED = 64;

/** Deeper nesting than this is read as telling nothing (RE2 itself refuses 1,000 levels). */
const MAX_DEPTH = 100;

class Unreadable extends Error {}

/**
 * Zero-width assertions (`^`, `$`, `\b`) are read as empty text: they can only narrow what matches, so
 * what holds without them holds with them. For a find, a top-level branch that does not start with a
 * start anchor may have anything before its match, and likewise after it (`^` and `$` anchor at the
 * text's ends only without the `m` flag; `\A` and `\z` always do).
 */
class StructureReader {
  private at = 0;
  private ignoreCase = false;
  private multiLine = false;

  constructor(
    private readonly source: string,
    private readonly match: PatternMatch,
  ) {}

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
    const saved = { ignoreCase: this.ignoreCase, multiLine: this.multiLine };
    const branches = [this.sequence(depth)];
    while (this.source[this.at] === '|') {
      this.at += 1;
      branches.push(this.sequence(depth));
    }
    ({ ignoreCase: this.ignoreCase, multiLine: this.multiLine } = saved);
    return union(branches);
  }

  private sequence(depth: number): Summary {
    const finding = this.match === 'find' && depth === 0;
    const pieces: Summary[] = [];
    let startAnchored = false;
    let endAnchored = false;
    while (this.at < this.source.length && this.source[this.at] !== '|' && this.source[this.at] !== ')') {
      const from = this.at;
      const atom = this.atom(depth);
      const anchor = this.anchorIn(this.source.slice(from, this.at));
      const unquantified = this.at;
      const piece = this.quantified(atom);
      const anchors = this.at === unquantified ? anchor : undefined;
      if (anchors === 'start' && pieces.every((before) => before === '')) startAnchored = true;
      if (anchors === 'end') endAnchored = true;
      else if (piece !== '') endAnchored = false;
      pieces.push(piece);
    }
    if (finding && !startAnchored) pieces.unshift(undefined);
    if (finding && !endAnchored) pieces.push(undefined);
    return concat(pieces);
  }

  /** Which end of the text an atom's source anchors a match at, if it is an anchor. */
  private anchorIn(atom: string): 'start' | 'end' | undefined {
    if (atom === '\\A' || (atom === '^' && !this.multiLine)) return 'start';
    if (atom === '\\z' || (atom === '$' && !this.multiLine)) return 'end';
    return undefined;
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
      const sets = (flag: string) => ((flags[1] ?? '').includes(flag) ? true : (flags[2] ?? '').includes(flag) ? false : undefined);
      const setsCase = sets('i');
      const setsMultiLine = sets('m');
      const apply = () => {
        if (setsCase !== undefined) this.ignoreCase = setsCase;
        if (setsMultiLine !== undefined) this.multiLine = setsMultiLine;
      };
      if (flags[3] === ')') {
        // `(?i)` holds to the end of the enclosing group.
        apply();
        return '';
      }
      const saved = { ignoreCase: this.ignoreCase, multiLine: this.multiLine };
      apply();
      const inner = this.alternation(depth + 1);
      ({ ignoreCase: this.ignoreCase, multiLine: this.multiLine } = saved);
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
      if (c === '[' && this.source[this.at] === ':') {
        // A POSIX class (`[[:alpha:]]`, `[[:^digit:]]`): many characters.
        const end = this.source.indexOf(':]', this.at + 1);
        if (end < 0) throw new Unreadable();
        this.at = end + 2;
        few = false;
        continue;
      }
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
    appendAll(spelled, values);
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
  const minLength = known.map((p) => p.minLength).reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
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
