import { appendAll } from './append-all.js';
import { foldUserName } from './user-name-case.js';

/**
 * What is known of a string whose whole value is not: `"admin_${var.id}"` starts with `admin_`,
 * `!Sub "${AWS::AccountId}-ci"` ends with `-ci`, `"${var.team}-${var.env}"` contains `-`, and each is
 * longer than its literal text. Kept through concatenation, templates and joins by every evaluator,
 * so that a rule can rule a value out (a name that starts with `admin_`, or holds a `-`, is never
 * `root`) without knowing it.
 */
export interface KnownParts {
  /** The value starts with this ('' when nothing is known of its start). */
  readonly prefix: string;
  /** The value ends with this ('' when nothing is known of its end). */
  readonly suffix: string;
  /** The value has at least this many UTF-16 code units. */
  readonly minLength: number;
  /**
   * Text the value holds somewhere between its known prefix and suffix: the literal text between two
   * unknown parts (`-` in `"${var.team}-${var.env}"`). Absent when none is known; a function that
   * cuts or rewrites the string drops them, since the cut may fall in one.
   */
  readonly infixes?: readonly string[];
  /**
   * The value is one of these strings: a CloudFormation parameter restricted by `AllowedValues`, or
   * an `Fn::If` between such values. Absent when the value may be anything else; every function that
   * builds new parts from old ones drops it, except concatenation of such values (kept while few).
   */
  readonly oneOf?: readonly string[];
  /**
   * A test the whole value is known to pass: a Terraform variable's `validation` condition
   * (`var.name != "root"`, `can(regex("^[a-z-]+$", var.name))`), a CloudFormation parameter's
   * `AllowedPattern`. What it implies of the start, end or length is in the other fields too; this
   * keeps the rest (an exclusion, a character class) for comparing the value with a name. Dropped, as
   * `oneOf` is, by every function that builds new parts from old ones.
   */
  readonly passes?: WholeValueTest;
}

/**
 * A test the whole value is known to pass, asked of one candidate string at a time. It answers
 * `true` ("may be") wherever it cannot decide, so that a `false` always rules the candidate out.
 */
export interface WholeValueTest {
  /** Whether the value may be exactly `candidate`. */
  mayBe(candidate: string): boolean;
  /** Whether the value may be `candidate` in some mix of upper and lower case (as IAM compares user names). */
  mayBeIgnoringCase(candidate: string): boolean;
}

/** The most answers of each kind `rememberingAnswers` keeps. */
const MAX_REMEMBERED = 4096;

/**
 * `test` with its answers remembered, up to 4,096 of each kind: pairs of keys ask one test of the same
 * names again and again, and an answer may cost a regular-expression match per case mix.
 */
export function rememberingAnswers(test: WholeValueTest): WholeValueTest {
  const ask = (answers: Map<string, boolean>, candidate: string, decide: (candidate: string) => boolean): boolean => {
    const known = answers.get(candidate);
    if (known !== undefined) return known;
    const answer = decide(candidate);
    if (answers.size < MAX_REMEMBERED) answers.set(candidate, answer);
    return answer;
  };
  const exact = new Map<string, boolean>();
  const ignoringCase = new Map<string, boolean>();
  return {
    mayBe: (candidate) => ask(exact, candidate, (c) => test.mayBe(c)),
    mayBeIgnoringCase: (candidate) => ask(ignoringCase, candidate, (c) => test.mayBeIgnoringCase(c)),
  };
}

/** A piece of a concatenation: a known string, or an unknown value with what is known of it. */
export type Piece = string | { readonly known?: KnownParts | undefined };

const NOTHING: KnownParts = { prefix: '', suffix: '', minLength: 0 };

/**
 * What is known of the concatenation of `pieces`, or undefined when nothing is (no literal text at
 * all). Only a known string extends a prefix or suffix across its neighbours: `a${x}b${y}c` starts
 * with `a`, ends with `c`, holds `b`, and is at least three characters long.
 */
export function concatKnownParts(pieces: readonly Piece[]): KnownParts | undefined {
  const choices = concatenatedChoices(pieces);
  if (choices !== undefined) return knownPartsOfOneOf(choices);
  let prefix: string | undefined;
  // The known text since the last unknown piece (or the start): runs of the whole string.
  let run = '';
  let minLength = 0;
  const infixes: string[] = [];
  for (const piece of pieces) {
    if (typeof piece === 'string') {
      run += piece;
      minLength += piece.length;
      continue;
    }
    const parts = piece.known ?? NOTHING;
    run += parts.prefix;
    // The run before the first unknown piece is the prefix; every later one lies inside the string.
    if (prefix === undefined) prefix = run;
    else if (run !== '') infixes.push(run);
    appendAll(infixes, parts.infixes ?? []);
    // What follows an unknown piece is its own suffix, then the literal text after it.
    run = parts.suffix;
    minLength += parts.minLength;
  }
  // Without an unknown piece the text is all known: it is its own prefix and suffix.
  prefix ??= run;
  const suffix = run;
  if (prefix === '' && suffix === '' && minLength === 0) return undefined;
  const inside = [...new Set(infixes)];
  return inside.length === 0 ? { prefix, suffix, minLength } : { prefix, suffix, minLength, infixes: inside };
}

/** The most strings `concatKnownParts` spells out when every unknown piece is one of a few. */
const MAX_CHOICES = 64;

/**
 * Every string the concatenation of `pieces` can be, when each unknown piece is one of a few strings
 * (`!Sub "${Team}-ci"` with `Team` one of `AllowedValues: [build, deploy]` is `build-ci` or
 * `deploy-ci`); undefined when a piece may be anything, or when there would be more than `MAX_CHOICES`.
 */
function concatenatedChoices(pieces: readonly Piece[]): string[] | undefined {
  if (pieces.every((piece) => typeof piece === 'string')) return undefined;
  let choices = [''];
  for (const piece of pieces) {
    const options = typeof piece === 'string' ? [piece] : piece.known?.oneOf;
    if (options === undefined || options.length === 0 || choices.length * options.length > MAX_CHOICES) return undefined;
    choices = choices.flatMap((before) => options.map((option) => before + option));
  }
  return [...new Set(choices)];
}

/**
 * Whether a string of which `parts` is known can equal `candidate` when both are compared
 * lowercased (as IAM compares user names). `toLowerCase` never shortens a string, so a lowercased
 * prefix or suffix is a prefix or suffix of the lowercased whole, and the length bound still holds.
 */
export function mayEqualIgnoringCase(parts: KnownParts, candidate: string): boolean {
  const lower = foldUserName(candidate);
  if (parts.oneOf !== undefined) return parts.oneOf.some((value) => foldUserName(value) === lower);
  // A test may rule out one spelling and not another (`var.name != "root"` allows `Root`): it is asked of every spelling.
  if (parts.minLength > lower.length || parts.passes?.mayBeIgnoringCase(candidate) === false) return false;
  // Lowercased alone, an ASCII infix is what it is in the lowercased whole; other text may not be (final sigma).
  const holds = (infix: string) => !/^[\x00-\x7f]*$/.test(infix) || lower.includes(foldUserName(infix));
  return lower.startsWith(foldUserName(parts.prefix)) && lower.endsWith(foldUserName(parts.suffix)) && (parts.infixes ?? []).every(holds);
}

/** Whether a string of which `parts` is known can be exactly `candidate` (case-sensitive, as `Fn::Equals` compares). */
export function mayEqual(parts: KnownParts, candidate: string): boolean {
  if (parts.oneOf !== undefined) return parts.oneOf.includes(candidate);
  if (parts.passes?.mayBe(candidate) === false) return false;
  const holds = (infix: string) => candidate.includes(infix);
  return candidate.length >= parts.minLength && candidate.startsWith(parts.prefix) && candidate.endsWith(parts.suffix) && (parts.infixes ?? []).every(holds);
}

/**
 * What is known of a string that is one of `values` (at least one): the values themselves, and that
 * every value starts with their longest common prefix, ends with their longest common suffix, and is
 * as long as the shortest (no infix is looked for), for whatever drops the list.
 */
export function knownPartsOfOneOf(values: readonly string[]): KnownParts | undefined {
  const [first, ...rest] = values;
  if (first === undefined) return undefined;
  let prefix = first;
  let suffix = first;
  let minLength = first.length;
  for (const value of rest) {
    while (!value.startsWith(prefix)) prefix = prefix.slice(0, -1);
    while (!value.endsWith(suffix)) suffix = suffix.slice(1);
    minLength = Math.min(minLength, value.length);
  }
  return { prefix, suffix, minLength, oneOf: [...new Set(values)] };
}

/** Lowercased `oneOf` lists, built once per list: pairs of keys compare the same lists again and again. */
const lowercased = new WeakMap<readonly string[], ReadonlySet<string>>();

function lowercaseSet(values: readonly string[]): ReadonlySet<string> {
  let set = lowercased.get(values);
  if (set === undefined) {
    set = new Set(values.map(foldUserName));
    lowercased.set(values, set);
  }
  return set;
}

/**
 * The most values of one `oneOf` list that `mayBothEqualIgnoringCase` looks at: it is asked of every
 * pair of undecided keys, so it must stay cheap; allowed user names are usually a handful.
 */
const MAX_COMPARED = 8;

/** Whether two known prefixes (or two suffixes, `atEnd`) can be of one string, compared as IAM compares names. */
function compatible(x: string, y: string, atEnd: boolean): boolean {
  const [p, q] = [foldUserName(x), foldUserName(y)];
  return atEnd ? p.endsWith(q) || q.endsWith(p) : p.startsWith(q) || q.startsWith(p);
}

/**
 * Whether two strings of which `a` and `b` are known may be equal, compared as IAM compares user
 * names: not when their known prefixes (or suffixes) differ, nor when one is one of a few values
 * (`oneOf`, at most `MAX_COMPARED`) none of which the other can be.
 */
export function mayBothEqualIgnoringCase(a: KnownParts, b: KnownParts): boolean {
  if (!compatible(a.prefix, b.prefix, false) || !compatible(a.suffix, b.suffix, true)) return false;
  const [few, other] = (a.oneOf?.length ?? Infinity) <= (b.oneOf?.length ?? Infinity) ? [a.oneOf, b] : [b.oneOf, a];
  if (few === undefined || few.length > MAX_COMPARED) return true;
  if (other.oneOf === undefined) return few.some((value) => mayEqualIgnoringCase(other, value));
  const others = lowercaseSet(other.oneOf);
  return few.some((value) => others.has(foldUserName(value)));
}

/**
 * Known parts after a case mapping (`lower`, `upper`, `.toLowerCase()`). Mapping a known prefix or
 * suffix alone gives the same text as in the whole only where the mapping does not look at the
 * neighbouring characters (Unicode's final sigma does): ASCII parts are mapped, other parts dropped.
 * A case mapping never shortens a string, so the length bound stays. A value that is one of a few
 * ASCII strings (`upper(var.users[count.index])`) is one of those mapped.
 */
export function caseMappedKnownParts(parts: KnownParts, map: (text: string) => string): KnownParts | undefined {
  const ascii = (text: string): boolean => /^[\x00-\x7f]*$/.test(text);
  if (parts.oneOf !== undefined && parts.oneOf.every(ascii)) return knownPartsOfOneOf(parts.oneOf.map(map));
  const prefix = ascii(parts.prefix) ? map(parts.prefix) : '';
  const suffix = ascii(parts.suffix) ? map(parts.suffix) : '';
  const infixes = (parts.infixes ?? []).filter(ascii).map(map);
  if (prefix === '' && suffix === '' && parts.minLength === 0) return undefined;
  return infixes.length === 0 ? { prefix, suffix, minLength: parts.minLength } : { prefix, suffix, minLength: parts.minLength, infixes };
}

/**
 * `text` backwards, by UTF-16 code units: matching reversed text against a reversed search string
 * finds the same matches, from the other end.
 */
function reversed(text: string): string {
  let out = '';
  for (let k = text.length - 1; k >= 0; k -= 1) out += text.charAt(k);
  return out;
}

/** The last `length` characters of `text` (all of it when shorter; none for 0). */
const tail = (text: string, length: number): string => text.slice(text.length - Math.max(0, Math.min(text.length, length)));

/**
 * Known parts after removing `removed` from the start when the string starts with it (Terraform's
 * `trimprefix`). When the known prefix decides it (it starts with `removed`, or cannot), the result is
 * exact; otherwise either may happen and only what holds for both is kept.
 */
export function trimPrefixKnownParts(parts: KnownParts, removed: string): KnownParts | undefined {
  if (removed === '' || !(parts.prefix.startsWith(removed) || removed.startsWith(parts.prefix))) return parts;
  const minLength = Math.max(0, parts.minLength - removed.length);
  // A suffix lies within the string: after the removal, only as much of it as the string still holds is sure.
  const suffix = tail(parts.suffix, minLength);
  const prefix = parts.prefix.startsWith(removed) ? parts.prefix.slice(removed.length) : '';
  return prefix === '' && suffix === '' && minLength === 0 ? undefined : { prefix, suffix, minLength };
}

/** `trimPrefixKnownParts` mirrored: `removed` taken from the end (Terraform's `trimsuffix`). */
export function trimSuffixKnownParts(parts: KnownParts, removed: string): KnownParts | undefined {
  const reverse = reversed;
  const mirrored = trimPrefixKnownParts({ prefix: reverse(parts.suffix), suffix: reverse(parts.prefix), minLength: parts.minLength }, reverse(removed));
  return mirrored && { prefix: reverse(mirrored.suffix), suffix: reverse(mirrored.prefix), minLength: mirrored.minLength };
}

/**
 * The part of a known prefix that replacing every `search` with `replacement`, left to right (as
 * Terraform's `replace` and `String.prototype.replaceAll` do), certainly turns into: scanning stops
 * where a match could begin in the known text and end in the unknown rest.
 */
function replacedPrefix(prefix: string, search: string, replacement: string): string {
  let out = '';
  let at = 0;
  while (at < prefix.length) {
    const rest = prefix.slice(at);
    if (rest.startsWith(search)) {
      out += replacement;
      at += search.length;
    } else if (search.startsWith(rest)) break;
    else {
      out += prefix.charAt(at);
      at += 1;
    }
  }
  return out;
}

/**
 * Known parts after replacing every literal `search` with `replacement`. The prefix is replaced up
 * to where a match could straddle into the unknown part. From the end, matches found left to right
 * line up with those found right to left only when `search` cannot overlap itself (`aa` in `aaa`),
 * so the suffix is kept only then.
 */
export function replaceKnownParts(parts: KnownParts, search: string, replacement: string): KnownParts | undefined {
  if (search === '') return undefined;
  const overlaps = [...Array(search.length - 1).keys()].some((k) => search.endsWith(search.slice(0, k + 1)));
  const reverse = reversed;
  const prefix = replacedPrefix(parts.prefix, search, replacement);
  const suffix = overlaps ? '' : reverse(replacedPrefix(reverse(parts.suffix), reverse(search), reverse(replacement)));
  const minLength = replacement.length >= search.length ? parts.minLength : Math.max(prefix.length, suffix.length);
  return prefix === '' && suffix === '' && minLength === 0 ? undefined : { prefix, suffix, minLength };
}

/**
 * Known parts after taking `length` characters from character `offset` (Terraform's `substr`;
 * a negative `length` means "to the end"). Terraform counts grapheme clusters, and where an unknown
 * rest may begin decides how the known text is cut: within a known prefix of ASCII characters other
 * than a carriage return (which joins a following line feed), every character is a cluster of its
 * own, and a cut before one of them falls where it would in the whole string. So an `offset` inside
 * such a prefix keeps the rest of it; a cut that ends inside it keeps exactly the characters taken;
 * one that may reach the unknown rest keeps the prefix from `offset` on. A negative `offset` counts
 * from an end nobody knows: nothing is kept.
 * https://developer.hashicorp.com/terraform/language/functions/substr
 */
export function substringKnownParts(parts: KnownParts, offset: number, length: number): KnownParts | undefined {
  const { prefix } = parts;
  if (!/^[\x00-\x0c\x0e-\x7f]*$/.test(prefix) || offset < 0 || offset >= prefix.length) return undefined;
  if (length >= 0 && offset + length < prefix.length) {
    const taken = prefix.slice(offset, offset + length);
    return taken === '' ? undefined : { prefix: taken, suffix: taken, minLength: taken.length };
  }
  const rest = prefix.slice(offset);
  if (length >= 0) return { prefix: rest, suffix: '', minLength: rest.length };
  // To the end: the suffix is sure only as far as the shortened string still holds it.
  const minLength = parts.minLength - offset;
  return { prefix: rest, suffix: tail(parts.suffix, minLength), minLength };
}
