/**
 * How Terraform's yamldecode reads a plain scalar: go-cty-yaml's own resolver (its `resolve.go`), which
 * is neither YAML 1.1 nor YAML 1.2 core. Booleans (`yes`, `on`, `y`), nulls and merge keys are YAML
 * 1.1's, but numbers are YAML 1.2's literal forms only: `010` is ten (decimal, not octal), `0o10` is
 * eight, `0x1F` is 31, while `1_000`, `0b101`, `+0x10` and base-60 `1:20` stay strings. A plain date
 * (`2024-01-31`, or a date and time) becomes an RFC 3339 string (`2024-01-31T00:00:00Z`), cty's
 * convention for time. With an explicit `!!int` or `!!float` tag, underscores are dropped and Go's
 * prefixed forms (`0b`, `0o`, `0x`) are read too. `.inf` is an infinity (which credlint's decoder then
 * refuses, as before); `.nan` is an error, which cty cannot hold. Quoted and block scalars stay strings
 * (the yaml package's own rule for them).
 *
 * These tags replace the yaml package's YAML 1.1 number and timestamp tags (`encoding-functions.ts`).
 */
import type { ScalarTag } from 'yaml';

const INT_TAG = 'tag:yaml.org,2002:int';
const FLOAT_TAG = 'tag:yaml.org,2002:float';
const TIMESTAMP_TAG = 'tag:yaml.org,2002:timestamp';

/** The tags whose yaml-package versions these replace. */
export const REPLACED_YAML_TAGS: ReadonlySet<string> = new Set([INT_TAG, FLOAT_TAG, TIMESTAMP_TAG]);

// go-cty-yaml's `integerLiteralRegexp` and `floatLiteralRegexp`.
const INTEGER_LITERAL = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;
const FLOAT_LITERAL = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
// What Go's big.ParseFloat reads in base 10 (cty.ParseNumberVal), and strconv.ParseInt in base 0.
const DECIMAL = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const GO_INFINITY = /^([-+]?)[Ii]nf$/;
const GO_PREFIXED_INT = /^([-+]?)(?:0[xX]([0-9a-fA-F]+)|0[oO]?([0-7]+)|0[bB]([01]+))$/;

/** A literal that matched one of the regular expressions above, as cty reads it. */
function literal(text: string): number {
  if (text.startsWith('0o')) return Number.parseInt(text.slice(2), 8);
  if (text.startsWith('0x')) return Number.parseInt(text.slice(2), 16);
  return Number(text);
}

/** A scalar tagged `!!int` or `!!float`: decimal first, then Go's prefixed integers. */
function explicitNumber(source: string, onError: (message: string) => void): unknown {
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
  onError(`cannot parse "${source}" as a number`);
  return source;
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

/** A plain scalar starting with a digit that is a date, read before the number forms. */
const plainTimestamp: ScalarTag = {
  tag: TIMESTAMP_TAG,
  default: true,
  test: /^\d{4}-/,
  resolve: (source) => timestamp(source) ?? numberOrString(source),
};

/** A plain scalar that looked like a date but is none: a number if it is one's literal, else a string. */
function numberOrString(source: string): unknown {
  return INTEGER_LITERAL.test(source) || FLOAT_LITERAL.test(source) ? literal(source) : source;
}

export const CTY_YAML_SCALAR_TAGS: readonly ScalarTag[] = [
  plainTimestamp,
  { tag: INT_TAG, default: true, test: INTEGER_LITERAL, resolve: literal },
  { tag: FLOAT_TAG, default: true, test: FLOAT_LITERAL, resolve: literal },
  { tag: FLOAT_TAG, default: true, test: /^[-+]?\.(?:inf|Inf|INF)$/, resolve: (source) => (source.startsWith('-') ? -Infinity : Infinity) },
  {
    tag: FLOAT_TAG,
    default: true,
    test: /^\.(?:nan|NaN|NAN)$/,
    resolve: (source, onError) => {
      onError('floating point NaN is not supported');
      return source;
    },
  },
  // Explicit tags, which yaml matches by name before any tag that has a test.
  { tag: INT_TAG, resolve: explicitNumber },
  { tag: FLOAT_TAG, resolve: explicitNumber },
  { tag: TIMESTAMP_TAG, resolve: (source, onError) => timestamp(source) ?? (onError(`cannot parse "${source}" as a timestamp`), source) },
];
