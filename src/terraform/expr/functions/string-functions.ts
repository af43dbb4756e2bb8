/**
 * Terraform's string functions (https://developer.hashicorp.com/terraform/language/functions — "String
 * Functions"). Character counts and offsets are in grapheme clusters, as Terraform's are.
 */
import { graphemes } from '../convert.js';
import { goTitle, goToLower, goToUpper } from '../../../core/go-case-mapping.js';
import type { TfValue } from '../value.js';
import { reserveString } from '../eval-budget.js';
import { FunctionError, fixed, integerArg, sequenceArg, stringArg, stringListArg, variadic, type FunctionTable } from './function-support.js';
import { replaceRegex } from './regex-functions.js';
import { oneOf, withoutLeading, withoutTrailing } from '../../../core/trailing-run.js';

function unary(transform: (text: string) => string) {
  return fixed(1, (args) => transform(stringArg(args, 0)));
}

function binary(transform: (text: string, other: string) => TfValue) {
  return fixed(2, (args) => transform(stringArg(args, 0), stringArg(args, 1)));
}

function join(args: readonly TfValue[]): TfValue {
  const separator = stringArg(args, 0);
  if (args.length < 2) throw new FunctionError('at least one list is required');
  const parts = args.slice(1).flatMap((_, index) => {
    const items = sequenceArg(args, index + 1);
    if (items.includes(null)) throw new FunctionError('cannot join a list containing null values');
    return stringListArg(args, index + 1);
  });
  // The separator repeats between every element: a long one over a long list outgrows both.
  reserveString(
    parts.reduce((total, part) => total + part.length, separator.length * Math.max(0, parts.length - 1)),
    'the joined string would be too large',
  );
  return parts.join(separator);
}

function substr(args: readonly TfValue[]): TfValue {
  const chars = graphemes(stringArg(args, 0));
  let offset = integerArg(args, 1);
  const length = integerArg(args, 2);
  // A negative offset counts from the end; a negative length means "to the end"; both clamp to the
  // string, and an offset past the end gives "" (cty's Substr).
  if (offset < 0) offset = Math.max(0, chars.length + offset);
  const end = length < 0 ? chars.length : Math.min(chars.length, offset + length);
  return chars.slice(offset, end).join('');
}

/** Removes every leading and trailing character that appears in `cutset` (Go's strings.Trim). */
function trim(text: string, cutset: string): string {
  const cut = new Set(Array.from(cutset));
  const chars = Array.from(text);
  let start = 0;
  let end = chars.length;
  while (start < end && cut.has(chars[start] as string)) start += 1;
  while (end > start && cut.has(chars[end - 1] as string)) end -= 1;
  return chars.slice(start, end).join('');
}

/** Go's unicode.IsSpace set, which trimspace uses. */
const SPACE = oneOf('\t\n\v\f\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000');
/** The line breaks chomp removes from the end: any run of CR and LF (`\r\n`, `\n`, `\r`, repeated). */
const LINE_BREAK = oneOf('\r\n');

/** indent: spaces after every newline (not before the first line), as cty's IndentFunc does. */
function indent(args: readonly TfValue[]): TfValue {
  const spaces = Math.max(0, integerArg(args, 0));
  const text = stringArg(args, 1);
  const lines = text.split('\n').length;
  reserveString(text.length + (lines - 1) * spaces, 'the indented string would be too large');
  return text.replaceAll('\n', `\n${' '.repeat(spaces)}`);
}

function replace(args: readonly TfValue[]): TfValue {
  const text = stringArg(args, 0);
  const search = stringArg(args, 1);
  const replacement = stringArg(args, 2);
  if (search.length > 1 && search.startsWith('/') && search.endsWith('/')) return replaceRegex(text, search.slice(1, -1), replacement);
  if (search === '') return replaceEmpty(text, replacement);
  const pieces = text.split(search);
  reserveString(text.length + (pieces.length - 1) * (replacement.length - search.length), 'the result would be too large');
  return pieces.join(replacement);
}

/**
 * An empty search string matches before every character and at the end, as Go's strings.Replace does
 * (`replace("ab", "", "-")` is "-a-b-", `replace("", "", "-")` is "-"); characters are code points.
 */
function replaceEmpty(text: string, replacement: string): string {
  // Checked before any string is built: a code point is at least one UTF-16 unit, so this bounds the result.
  reserveString(text.length + (text.length + 1) * replacement.length, 'the result would be too large');
  let out = replacement;
  for (const character of text) out += character + replacement;
  return out;
}

export const stringFunctions: FunctionTable = {
  // Go's simple case mappings, not JavaScript's full ones: upper("ß") is "ß" (core/go-case-mapping.ts).
  lower: unary(goToLower),
  upper: unary(goToUpper),
  title: unary(goTitle),
  strrev: unary((text) => graphemes(text).reverse().join('')),
  chomp: unary((text) => withoutTrailing(text, LINE_BREAK)),
  trimspace: unary((text) => withoutLeading(withoutTrailing(text, SPACE), SPACE)),
  trim: binary(trim),
  trimprefix: binary((text, prefix) => (text.startsWith(prefix) ? text.slice(prefix.length) : text)),
  trimsuffix: binary((text, suffix) => (suffix !== '' && text.endsWith(suffix) ? text.slice(0, -suffix.length) : text)),
  startswith: binary((text, prefix) => text.startsWith(prefix)),
  endswith: binary((text, suffix) => text.endsWith(suffix)),
  strcontains: binary((text, part) => text.includes(part)),
  split: binary((separator, text) => (separator === '' ? Array.from(text) : text.split(separator))),
  indent: fixed(2, indent),
  join: variadic(1, join),
  substr: fixed(3, substr),
  replace: fixed(3, replace),
};
