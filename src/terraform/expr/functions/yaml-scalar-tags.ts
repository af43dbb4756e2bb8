/**
 * How Terraform's yamldecode reads a scalar: go-cty-yaml's own resolver (its `resolve.go`), which is
 * neither YAML 1.1 nor YAML 1.2 core, and which looks at the scalar's style and tag as well as its text.
 * - Booleans (`yes`, `on`, `y`), nulls (`~`, `null`, and nothing at all) and infinities (`.inf`,
 *   `-.inf`) are YAML 1.1's words, looked up before the tag is: `!!int yes` is true.
 * - Numbers are YAML 1.2's literal forms only: `010` is ten (decimal, not octal), `0o10` is eight, `0x1F`
 *   is 31, while `1_000`, `0b101`, `+0x10` and base-60 `1:20` stay strings. With an explicit `!!int` or
 *   `!!float` tag, underscores are dropped and Go's prefixed forms (`0b`, `0o`, `0x`) are read too, and
 *   `!!bool 1` is the number 1. `.nan` is an error, which cty cannot hold.
 * - A plain date (`2024-01-31`, or a date and time) becomes an RFC 3339 string (`2024-01-31T00:00:00Z`),
 *   cty's convention for time.
 * - A quoted scalar is a string whatever its tag (`!!int "10"` is `"10"`), except where its text starts
 *   with none of the characters above (`!!int "abc"` is an error, `!!null "x"` null).
 * - A block scalar (`|`, `>`) is read as a plain one, then made a string, because go-cty-yaml types
 *   every untagged scalar that is not plain as a string: `|-` holding `yes` is `"true"`, holding `010`
 *   is `"10"`, holding nothing or `~` is null.
 * - A tag other than YAML's `str`, `bool`, `int`, `float`, `null`, `timestamp` and `binary` is an
 *   error (`!Ref x`); `!!binary` keeps its base64 text, which must be valid.
 *
 * The yaml package parses; `resolveCtyScalar` then gives every scalar its value (`encoding-functions.ts`).
 */
import type { ScalarTag } from 'yaml';
import { formatNumber } from '../convert.js';

const INT_TAG = 'tag:yaml.org,2002:int';
const FLOAT_TAG = 'tag:yaml.org,2002:float';
const TIMESTAMP_TAG = 'tag:yaml.org,2002:timestamp';

const STR_TAG = 'tag:yaml.org,2002:str';
const BOOL_TAG = 'tag:yaml.org,2002:bool';
const NULL_TAG = 'tag:yaml.org,2002:null';
const BINARY_TAG = 'tag:yaml.org,2002:binary';

/** The tags whose yaml-package versions these replace. */
export const REPLACED_YAML_TAGS: ReadonlySet<string> = new Set([INT_TAG, FLOAT_TAG, TIMESTAMP_TAG]);

/** The tags go-cty-yaml resolves a scalar with (`resolvableTag`); `''` is no tag. */
const RESOLVABLE_TAGS: ReadonlySet<string> = new Set(['', STR_TAG, BOOL_TAG, INT_TAG, FLOAT_TAG, NULL_TAG, TIMESTAMP_TAG, BINARY_TAG]);

/** go-cty-yaml's `resolveMap`: words that are a value whatever the tag (but `!!str` and `!!binary`). */
const WORDS: ReadonlyMap<string, boolean | number | null> = new Map<string, boolean | number | null>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((word) => [word, true] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((word) => [word, false] as const),
  ...['', '~', 'null', 'Null', 'NULL'].map((word) => [word, null] as const),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((word) => [word, Infinity] as const),
  ...['-.inf', '-.Inf', '-.INF'].map((word) => [word, -Infinity] as const),
]);

/**
 * go-cty-yaml's `resolveTable`: what the first character hints at (sign, digit, a word of `WORDS`, a
 * float starting with "."); `undefined` where it hints at nothing, and the text is taken as tagged.
 */
function hint(source: string): 'sign' | 'digit' | 'word' | 'dot' | undefined {
  const first = source.charAt(0);
  if (first === '') return 'word';
  if (first === '+' || first === '-') return 'sign';
  if (first >= '0' && first <= '9') return 'digit';
  if ('yYnNtTfFoO~'.includes(first)) return 'word';
  return first === '.' ? 'dot' : undefined;
}

// go-cty-yaml's `integerLiteralRegexp` and `floatLiteralRegexp`: the plain numbers.
const INTEGER_LITERAL = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;
const FLOAT_LITERAL = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
// What Go's big.ParseFloat reads in base 10 (cty.ParseNumberVal), and strconv.ParseInt in base 0.
const DECIMAL = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const GO_INFINITY = /^([-+]?)[Ii]nf$/;
const GO_PREFIXED_INT = /^([-+]?)(?:0[xX]([0-9a-fA-F]+)|0[oO]?([0-7]+)|0[bB]([01]+))$/;

/** A scalar tagged `!!int` or `!!float`: decimal first, then Go's prefixed integers. */
function explicitNumber(source: string, fail: (message: string) => never): number {
  const plain = source.replaceAll('_', '');
  if (DECIMAL.test(plain)) return Number(plain);
  const infinity = GO_INFINITY.exec(plain);
  if (infinity !== null) return infinity[1] === '-' ? -Infinity : Infinity;
  const prefixed = GO_PREFIXED_INT.exec(plain);
  if (prefixed !== null) {
    const [, sign, hex, octal, binary] = prefixed;
    const value = hex !== undefined ? Number.parseInt(hex, 16) : octal !== undefined ? Number.parseInt(octal, 8) : Number.parseInt(binary ?? '', 2);
    return sign === '-' ? -value : value;
  }
  return fail(`cannot parse "${source}" as a number`);
}

// The layouts go-cty-yaml tries with Go's time.Parse: date and time with a zone ("T" or "t"), date and
// time with a space and no zone (UTC), and a date alone. Month, day, hour, minute and second take one
// or two digits; a fraction takes any number of digits after "." or ","; a run of spaces matches the
// layout's one space.
const TIMESTAMP =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,]\d+)?(Z|[-+]\d{2}:\d{2}))|(?: +(\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,]\d+)?))?$/;

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** Days in a month of the proleptic Gregorian calendar, as Go counts them (year 0 is a leap year). */
function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** `text` as go-cty-yaml writes a timestamp (RFC 3339, in the zone it was written in), or undefined. */
function timestamp(text: string): string | undefined {
  const match = TIMESTAMP.exec(text);
  if (match === null) return undefined;
  const field = (...candidates: (string | undefined)[]) => Number(candidates.find((item) => item !== undefined) ?? '0');
  const [year, month, day] = [field(match[1]), field(match[2]), field(match[3])];
  const [hour, minute, second] = [field(match[4], match[8]), field(match[5], match[9]), field(match[6], match[10])];
  // Go's time.Parse refuses fields out of range ("month out of range", "day out of range", ...).
  if (month < 1 || month > 12 || day < 1 || day > daysIn(month, year) || hour > 23 || minute > 59 || second > 59) return undefined;
  let zone = 'Z';
  const offset = match[7];
  if (offset !== undefined && offset !== 'Z') {
    const [hours, minutes] = [Number(offset.slice(1, 3)), Number(offset.slice(4, 6))];
    if (hours > 24 || minutes > 60) return undefined;
    // Go keeps the written offset and prints it back as hours and minutes ("Z" when it is zero).
    const total = hours * 60 + minutes;
    if (total !== 0) zone = `${offset.slice(0, 1)}${pad(Math.floor(total / 60))}:${pad(total % 60)}`;
  }
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}${zone}`;
}

/** How a scalar is written: its yaml-package `Scalar.type`, as go-cty-yaml tells them apart. */
export type ScalarStyle = 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED';

/** Go's base64 standard encoding, which skips line breaks (`!!binary` text may span lines). */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The value go-cty-yaml gives a scalar of text `source`, written in `style` with `tag` (the full tag
 * name, `''` for none). Throws `fail`'s error where Terraform's yamldecode fails.
 */
export function resolveCtyScalar(tag: string, source: string, style: ScalarStyle, fail: (message: string) => never): string | number | boolean | null {
  if (!RESOLVABLE_TAGS.has(tag)) return fail(`unsupported tag "${tag}"`);
  const value = resolveTagged(tag, source, style, fail);
  // An untagged scalar that is not plain is typed a string (go-cty-yaml's `impliedTypeScalar`), and its
  // value converted to one as cty converts: a number in plain decimal, a bool as true or false, null kept.
  if (tag !== '' || style === 'PLAIN' || value === null || typeof value === 'string') return value;
  return typeof value === 'number' ? formatNumber(value) : value ? 'true' : 'false';
}

function resolveTagged(tag: string, source: string, style: ScalarStyle, fail: (message: string) => never): string | number | boolean | null {
  let resolved = tag;
  const hinted = hint(source);
  if (hinted !== undefined && tag !== STR_TAG && tag !== BINARY_TAG) {
    if (style === 'QUOTE_DOUBLE' || style === 'QUOTE_SINGLE') return source;
    const word = WORDS.get(source);
    if (word !== undefined) return word;
    if (tag === '' && /^\.(?:nan|NaN|NAN)$/.test(source)) return fail('floating point NaN is not supported');
    if (hinted === 'dot' && DECIMAL.test(source)) return Number(source);
    if ((hinted === 'digit' || hinted === 'sign') && (tag === '' || tag === TIMESTAMP_TAG)) {
      const time = timestamp(source);
      if (time !== undefined) return time;
    }
    if ((hinted === 'digit' || hinted === 'sign') && (INTEGER_LITERAL.test(source) || FLOAT_LITERAL.test(source))) resolved = INT_TAG;
  }
  switch (resolved) {
    case INT_TAG:
    case FLOAT_TAG:
      return explicitNumber(source, fail);
    case BOOL_TAG: {
      const word = WORDS.get(source);
      return typeof word === 'boolean' ? word : fail(`cannot parse "${source}" as a bool`);
    }
    case TIMESTAMP_TAG:
      return timestamp(source) ?? fail(`cannot parse "${source}" as a timestamp`);
    case NULL_TAG:
      return null;
    case BINARY_TAG:
      return BASE64.test(source.replaceAll(/[\r\n]/g, '')) ? source : fail(`cannot parse "${source}" as binary: not valid base64`);
    default:
      return source;
  }
}

/**
 * Tags the yaml package is to leave to `resolveCtyScalar`: an explicit `!!int`, `!!float` or
 * `!!timestamp` keeps its text (the package's own would reject `!!int yes`), and no plain scalar is a
 * number or date to it.
 */
export const CTY_YAML_SCALAR_TAGS: readonly ScalarTag[] = [
  { tag: INT_TAG, resolve: (source) => source },
  { tag: FLOAT_TAG, resolve: (source) => source },
  { tag: TIMESTAMP_TAG, resolve: (source) => source },
];
