/**
 * The scalars of the YAML subset credlint reads itself (`yaml-subset.ts`): what an untagged plain scalar
 * resolves to, double-quoted escapes and the folding of folded block scalars, as the `yaml` package reads them.
 */
import { exactInteger } from './template-node.js';
import { YAML_11_FALSE, YAML_11_TRUE } from './yaml-short-forms.js';

/** Thrown (one instance, no stack to build) where the text leaves the subset. */
export const OUTSIDE_SUBSET = new Error('outside the YAML subset');

export const DOUBLE_QUOTED_ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};
export const HEX_ESCAPE_LENGTH: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/** The YAML 1.2 core schema's plain scalars (https://yaml.org/spec/1.2.2/#1032-tag-resolution), in its order. */
const CORE_NULL = /^(?:~|[Nn]ull|NULL)?$/;
const CORE_TRUE = /^(?:[Tt]rue|TRUE)$/;
const CORE_FALSE = /^(?:[Ff]alse|FALSE)$/;
const CORE_OCTAL = /^0o[0-7]+$/;
const CORE_DECIMAL = /^[-+]?[0-9]+$/;
const CORE_HEX = /^0x[0-9a-fA-F]+$/;
const CORE_INFINITY_OR_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const CORE_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
/** Plain scalars that may be anything but a string: those that start like a number, null or boolean, or a YAML 1.1 boolean. */
const MAYBE_NOT_STRING = /^(?:[-+.0-9~]|[Nn]ull$|NULL$|[Tt]rue$|TRUE$|[Ff]alse$|FALSE$|[YyNnOo])/;

/** An untagged plain scalar's value: CloudFormation's YAML 1.1 booleans, then the YAML 1.2 core schema. */
export function plainValue(raw: string): string | number | boolean | null {
  if (!MAYBE_NOT_STRING.test(raw)) return raw === '' ? null : raw;
  if (YAML_11_TRUE.test(raw)) return true;
  if (YAML_11_FALSE.test(raw)) return false;
  if (CORE_NULL.test(raw)) return null;
  if (CORE_TRUE.test(raw)) return true;
  if (CORE_FALSE.test(raw)) return false;
  if (CORE_OCTAL.test(raw)) return parseInt(raw.slice(2), 8);
  if (CORE_DECIMAL.test(raw)) return exactInteger(raw, parseInt(raw, 10));
  if (CORE_HEX.test(raw)) return parseInt(raw.slice(2), 16);
  if (CORE_INFINITY_OR_NAN.test(raw))
    return raw.endsWith('nan') || raw.endsWith('NaN') || raw.endsWith('NAN') ? NaN : raw.startsWith('-') ? -Infinity : Infinity;
  if (CORE_FLOAT.test(raw)) return parseFloat(raw);
  return raw;
}

/** The text of a double-quoted scalar with its escapes (https://yaml.org/spec/1.2.2/#57-escaped-characters); an unknown one leaves the subset. */
export function decodeDoubleQuoted(raw: string): string {
  let value = '';
  let at = 0;
  for (let escape = raw.indexOf('\\'); escape !== -1; escape = raw.indexOf('\\', at)) {
    value += raw.slice(at, escape);
    const code = raw[escape + 1] ?? '';
    const simple = DOUBLE_QUOTED_ESCAPES[code];
    if (simple !== undefined) {
      value += simple;
      at = escape + 2;
      continue;
    }
    const length = HEX_ESCAPE_LENGTH[code];
    const hex = length === undefined ? '' : raw.slice(escape + 2, escape + 2 + length);
    if (length === undefined || hex.length !== length || !/^[0-9a-fA-F]+$/.test(hex)) throw OUTSIDE_SUBSET;
    const point = parseInt(hex, 16);
    if (point > 0x10ffff) throw OUTSIDE_SUBSET;
    value += String.fromCodePoint(point);
    at = escape + 2 + length;
  }
  return value + raw.slice(at);
}

/** Folded lines (none more indented): a line break between two lines is a space, each empty line between them a line feed. */
export function foldLines(lines: readonly string[]): string {
  let value = '';
  let empty = 0;
  let started = false;
  for (const line of lines) {
    if (line === '') {
      empty += 1;
      continue;
    }
    if (started) value += empty === 0 ? ' ' : '\n'.repeat(empty);
    value += line;
    started = true;
    empty = 0;
  }
  return value;
}
