/**
 * Value helpers shared by the function library and type conversion: Terraform's primitive conversions
 * (https://developer.hashicorp.com/terraform/language/expressions/type-constraints#conversion-of-primitive-types),
 * deep equality, set ordering and the search for an unknown inside a value.
 */
import { TfSet, Unknown, isList, type TfObject, type TfValue } from './value.js';

/** Characters of an input string that a message quotes; a longer one is cut. */
const QUOTED_CHARACTERS = 200;

/**
 * A string from the input quoted for a message (`"abc"`): a long one is cut, saying how long it was, so
 * that a message stays a line a person reads however large a file a pull request feeds in (a 60 KB
 * template that does not parse, `tonumber(file(...))`).
 */
export function quoted(text: string): string {
  if (text.length <= QUOTED_CHARACTERS) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, QUOTED_CHARACTERS))}… (${text.length} characters)`;
}

/** A short type name for messages, as Terraform would call the value. */
export function typeName(value: TfValue): string {
  if (value === null) return 'null';
  if (value instanceof Unknown) return 'unknown value';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  if (value instanceof TfSet) return 'set';
  if (Array.isArray(value)) return 'list';
  return 'object';
}

/** The type name with its indefinite article, for messages: `a string`, `an object`, `null`. */
export function aTypeName(value: TfValue): string {
  const name = typeName(value);
  if (name === 'null') return name;
  return /^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`;
}

/**
 * Terraform prints numbers in plain decimal (it uses arbitrary precision, never exponent notation), so
 * `1e21` is `1000000000000000000000` and `1e-7` is `0.0000001`; a negative zero keeps its sign
 * (`tostring(-0)` and `tostring(0 * -1)` are "-0" in terraform console 1.11.4).
 */
export function formatNumber(value: number): string {
  // cty writes a division by zero's infinities as Go's big.Float does.
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  if (Number.isNaN(value)) return 'NaN';
  if (Object.is(value, -0)) return '-0';
  const text = String(value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (match === null) return text;
  const [, sign = '', lead = '', rest = '', exp = '0'] = match;
  const digits = lead + rest;
  const point = 1 + Number(exp);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses a string as Terraform does when converting it to a number (a decimal with an optional sign,
 * `+` too: `tonumber("+1")` is 1); `undefined` when it is not one. No space, hex prefix or `_` is read.
 */
function parseNumber(text: string): number | undefined {
  if (!DECIMAL.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** Primitive → string conversion; `undefined` when the value is not a primitive. */
export function primitiveToString(value: TfValue): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return undefined;
}

/** Primitive → number conversion; `undefined` when not convertible (bools never convert to numbers). */
export function primitiveToNumber(value: TfValue): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return parseNumber(value);
  return undefined;
}

/**
 * Primitive → bool conversion: the strings "true" and "false", and also "1" and "0", which Terraform's
 * value library converts although the `tobool` page names only the first two (go-cty,
 * `cty/convert/conversion_primitive.go`: `case "true", "1"` / `case "false", "0"`). Terraform 0.11 code
 * wrote flags as "1" and "0", and `var.create ? 1 : 0` still reads them. Numbers never convert.
 */
export function primitiveToBool(value: TfValue): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return undefined;
}

/** The first unknown anywhere inside a value (depth first, in Terraform's iteration order), if any. */
export function findUnknown(value: TfValue): Unknown | undefined {
  if (value instanceof Unknown) return value;
  if (value === null || typeof value !== 'object') return undefined;
  const items = value instanceof TfSet ? value.items : isList(value) ? value : sortedKeys(value as TfObject).map((key) => (value as TfObject)[key] as TfValue);
  for (const item of items) {
    const found = findUnknown(item);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The first unknown inside any of the values. */
export function findUnknownIn(values: readonly TfValue[]): Unknown | undefined {
  for (const value of values) {
    const found = findUnknown(value);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Terraform's `==` on known values: same type and same content (lists, sets and maps compared deeply). */
export function valuesEqual(a: TfValue, b: TfValue): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof Unknown || b instanceof Unknown) return false;
  if (a instanceof TfSet || b instanceof TfSet) {
    if (!(a instanceof TfSet && b instanceof TfSet) || a.items.length !== b.items.length) return false;
    return a.items.every((item) => b.items.some((other) => valuesEqual(item, other)));
  }
  if (isList(a) || isList(b)) {
    if (!(isList(a) && isList(b)) || a.length !== b.length) return false;
    return a.every((item, index) => valuesEqual(item, b[index] as TfValue));
  }
  const aKeys = Object.keys(a);
  const bObject = b as TfObject;
  if (aKeys.length !== Object.keys(bObject).length) return false;
  return aKeys.every((key) => Object.hasOwn(bObject, key) && valuesEqual((a as TfObject)[key] as TfValue, bObject[key] as TfValue));
}

/**
 * A string that two values share exactly when `valuesEqual` holds between them, so that de-duplication
 * and membership take one hash lookup per element instead of a comparison with every other element
 * (`toset` of 200,000 strings would otherwise take 2·10^10 comparisons). A value holding an unknown has
 * no key: it equals nothing, not even a copy of itself.
 */
export function canonicalKey(value: TfValue): string | undefined {
  if (value === null) return 'z';
  if (typeof value === 'boolean') return value ? 'b1' : 'b0';
  if (typeof value === 'number') return `n${value === 0 ? 0 : value}`;
  if (typeof value === 'string') return `s${JSON.stringify(value)}`;
  if (value instanceof Unknown) return undefined;
  const parts: string[] = [];
  const entries: readonly TfValue[] = Array.isArray(value) ? (value as readonly TfValue[]) : value instanceof TfSet ? value.items : [];
  for (const item of entries) {
    const key = canonicalKey(item);
    if (key === undefined) return undefined;
    parts.push(key);
  }
  if (Array.isArray(value)) return `[${parts.join(',')}]`;
  if (value instanceof TfSet) return `{${parts.sort().join(',')}}`;
  const object = value as TfObject;
  for (const name of Object.keys(object).sort()) {
    const key = canonicalKey(object[name] ?? null);
    if (key === undefined) return undefined;
    parts.push(`${JSON.stringify(name)}:${key}`);
  }
  return `(${parts.join(',')})`;
}

/** The elements without repeats, first occurrence kept, in linear time (values with unknowns are all kept). */
export function distinctValues(items: readonly TfValue[]): TfValue[] {
  const seen = new Set<string>();
  const unique: TfValue[] = [];
  for (const item of items) {
    const key = canonicalKey(item);
    if (key !== undefined) {
      if (seen.has(key)) continue;
      seen.add(key);
    }
    unique.push(item);
  }
  return unique;
}

/** Canonical keys of the known elements, for membership tests. */
export function keySet(items: readonly TfValue[]): Set<string> {
  const keys = new Set<string>();
  for (const item of items) {
    const key = canonicalKey(item);
    if (key !== undefined) keys.add(key);
  }
  return keys;
}

/**
 * Compares strings by Unicode code point, which is how Go compares UTF-8 bytes (Terraform's lexical
 * order). UTF-16 code unit order differs only where a surrogate pair meets a character above U+E000.
 */
export function compareStrings(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index += 1) {
    if (a.charCodeAt(index) !== b.charCodeAt(index)) return (a.codePointAt(index) ?? 0) - (b.codePointAt(index) ?? 0);
  }
  return a.length - b.length;
}

/** Object keys in Terraform's iteration order (lexical). */
export function sortedKeys(value: TfObject): string[] {
  return Object.keys(value).sort(compareStrings);
}

/**
 * Builds a set from known elements: duplicates removed, elements in Terraform's iteration order (strings
 * lexically, numbers numerically, false before true; other kinds keep first-seen order, since Terraform
 * orders them by hash). Elements should already share one type (see `unifyPrimitives`).
 */
export function makeSet(items: readonly TfValue[]): TfSet {
  const unique = distinctValues(items);
  const rank = (value: TfValue): number => (typeof value === 'number' ? 0 : typeof value === 'string' ? 1 : typeof value === 'boolean' ? 2 : 3);
  unique.sort((a, b) => {
    const byKind = rank(a) - rank(b);
    if (byKind !== 0) return byKind;
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
    if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
    return 0;
  });
  return new TfSet(unique);
}

/**
 * Terraform unifies the element types of a collection built from mixed primitives: a string among numbers
 * or bools turns them all into strings (`tolist(["a", 1])` is `["a", "1"]`); numbers mixed with bools
 * cannot be unified. Returns an error message instead of a list when unification fails.
 */
export function unifyPrimitives(items: readonly TfValue[]): readonly TfValue[] | string {
  const kinds = new Set(items.filter((item) => item !== null && !(item instanceof Unknown)).map((item) => typeof item));
  if (kinds.size <= 1) return items;
  // Collections of mixed structure are left alone: Terraform would need their full types to unify them.
  if (kinds.has('object')) return items;
  if (!kinds.has('string')) return `cannot unify ${[...kinds].map((kind) => (kind === 'boolean' ? 'bool' : kind)).join(' and ')} elements`;
  return items.map((item) => (item === null || item instanceof Unknown ? item : (primitiveToString(item) as string)));
}

/** The elements of a list, tuple or set; `undefined` for any other value. */
export function sequenceItems(value: TfValue): readonly TfValue[] | undefined {
  if (value instanceof TfSet) return value.items;
  if (isList(value)) return value;
  return undefined;
}

// Made on first use: creating a segmenter loads ICU's break rules (about 20 ms), which a scan that
// never calls a string function such as length or substr should not pay.
/** Splits a string into user-perceived characters (grapheme clusters), as Terraform's string functions count them. */
export { graphemeClusters as graphemes } from '../../core/graphemes.js';
