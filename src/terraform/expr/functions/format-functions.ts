/**
 * format and formatlist (https://developer.hashicorp.com/terraform/language/functions/format): Go-style
 * verbs %v %#v %t %b %d %o %x %X %e %E %f %g %G %s %q %%, flags `+ - # 0` and space, width, precision and
 * explicit argument indexes `%[n]d`.
 */
import { formatNumber, graphemes, primitiveToBool, primitiveToNumber, primitiveToString, sequenceItems, typeName } from '../convert.js';
import { TfSet, type TfValue } from '../value.js';
import { encodeJson } from './encoding-functions.js';
import { goExponential, goFixed, goGeneral } from './go-decimal.js';
import { reserveNodes, reserveString, stringNodes } from '../eval-budget.js';
import { FunctionError, LimitError, MAX_PRECISION, stringArg, variadic, type FunctionTable } from './function-support.js';

interface Directive {
  readonly flags: string;
  readonly width: number | undefined;
  readonly precision: number | undefined;
  readonly verb: string;
}

/** A verb of a specification: what it is, the argument it takes (from 0), and where it starts. */
export interface FormatVerb extends Directive {
  readonly argument: number;
  readonly offset: number;
}

/**
 * A verb as Terraform's specification syntax has it: `%`, flags, a width (a decimal number), a period
 * and a precision, then `[n]` immediately before the verb letter. A width or precision taken from an
 * argument (C's and Go's `*`) is not part of it: Terraform refuses `%*d`, and so does this.
 */
const VERB = /%([-+# 0]*)([1-9]\d*)?(?:\.(\d*))?(?:\[([1-9]\d*)\])?([a-zA-Z])/y;

/** The verb letters Terraform formats; any other letter is an error. */
const VERB_LETTERS = new Set('vtbdoxXeEfgGsq');

/**
 * The specification `spec` cut into literal text and verbs, with the argument each verb takes among
 * `count` arguments; or the error Terraform reports for it: a sequence that is not a verb, a verb
 * letter it does not format, a verb asking for an argument that is not given, or an argument no verb takes (Terraform's "too many
 * arguments").
 */
export function scanFormat(spec: string, count: number): readonly (string | FormatVerb)[] | string {
  const parts: (string | FormatVerb)[] = [];
  let literal = '';
  let next = 0;
  let highest = 0;
  for (let at = 0; at < spec.length;) {
    if (spec[at] !== '%') {
      literal += spec.charAt(at);
      at += 1;
      continue;
    }
    if (spec[at + 1] === '%') {
      literal += '%';
      at += 2;
      continue;
    }
    VERB.lastIndex = at;
    const match = VERB.exec(spec);
    if (match === null) return `invalid format directive at offset ${at}`;
    const [text, flags = '', width, precision, index, verb = ''] = match;
    if (!VERB_LETTERS.has(verb)) return `unsupported format verb "%${verb}"`;
    const argument = index === undefined ? next : Number(index) - 1;
    if (argument >= count) return `not enough arguments for "${text}" at offset ${at}`;
    if (literal !== '') parts.push(literal);
    literal = '';
    parts.push({
      flags,
      width: width === undefined ? undefined : Number(width),
      precision: precision === undefined ? undefined : Number(precision === '' ? 0 : precision),
      verb,
      argument,
      offset: at,
    });
    next = argument + 1;
    highest = Math.max(highest, next);
    at = VERB.lastIndex;
  }
  if (literal !== '') parts.push(literal);
  if (highest < count) return `too many arguments; only ${highest} used by format string`;
  return parts;
}

function integerDigits(value: number): string {
  return Number.isSafeInteger(value) ? String(Math.abs(value)) : (BigInt(value) < 0n ? -BigInt(value) : BigInt(value)).toString();
}

/** Go's shortest %e: the fewest mantissa digits that give the number back, and an exponent of at least two digits. */
function exponential(value: number): string {
  const text = Math.abs(value).toExponential();
  const [mantissa = '', exponent = '0'] = text.split('e');
  const sign = exponent.startsWith('-') ? '-' : '+';
  return `${mantissa}e${sign}${exponent.replace(/^[+-]/, '').padStart(2, '0')}`;
}

function formatFloat(value: number, directive: Directive): string {
  const { verb, precision } = directive;
  const lower = verb.toLowerCase();
  // %e and %f default to precision 6; rounding is Go's (`go-decimal.ts`).
  if (lower === 'e') return goExponential(value, precision ?? 6);
  if (lower === 'f') return goFixed(value, precision ?? 6);
  if (precision !== undefined) return goGeneral(value, precision);
  // Shortest %g: %e for exponents below -4 or from 6 on, plain decimal otherwise.
  const exponent = value === 0 ? 0 : Math.floor(Math.log10(Math.abs(value)));
  return exponent < -4 || exponent >= 6 ? exponential(value) : formatNumber(Math.abs(value));
}

const ALTERNATE_PREFIX: Readonly<Record<string, string>> = { b: '0b', o: '0', x: '0x', X: '0X' };

function formatInteger(value: number, directive: Directive): string {
  if (!Number.isInteger(value)) throw new FunctionError(`%${directive.verb} requires a whole number, not ${formatNumber(value)}`);
  const { verb, flags, precision } = directive;
  const magnitude = Number.isSafeInteger(value) ? Math.abs(value) : BigInt(value) < 0n ? -BigInt(value) : BigInt(value);
  let digits = verb === 'd' ? integerDigits(value) : magnitude.toString(verb === 'b' ? 2 : verb === 'o' ? 8 : 16);
  if (verb === 'X') digits = digits.toUpperCase();
  if (precision !== undefined) digits = digits.padStart(precision, '0');
  if (flags.includes('#')) digits = (ALTERNATE_PREFIX[verb] ?? '') + digits;
  return digits;
}

/**
 * Go's fmt writes an infinity (`1/0` is one in Terraform) as `+Inf` or `-Inf` whatever the verb and
 * precision, a `+` even without the `+` flag unless the space flag asks for a space, and never pads it
 * with zeros (`terraform console`: `format("%08.3f|% f", 1/0, 1/0)` is `"    +Inf| Inf"`).
 */
function infinitySign(value: number, flags: string): string {
  if (value < 0) return '-';
  return flags.includes(' ') && !flags.includes('+') ? ' ' : '+';
}

function numericSign(value: number, flags: string): string {
  if (value < 0 || Object.is(value, -0)) return '-';
  if (flags.includes('+')) return '+';
  return flags.includes(' ') ? ' ' : '';
}

/**
 * Pads to the width, counted in grapheme clusters as Terraform counts it. Numbers follow Go's fmt (zeros
 * go after the sign, `-` wins over `0`); everything else pads with the `0` flag's zeros or spaces.
 */
function pad(body: string, sign: string, directive: Directive, numeric: boolean): string {
  const { width, flags } = directive;
  const length = graphemes(sign + body).length;
  if (width === undefined || length >= width) return sign + body;
  const fill = width - length;
  const left = flags.includes('-');
  if (numeric) {
    if (left) return sign + body + ' '.repeat(fill);
    return flags.includes('0') ? sign + '0'.repeat(fill) + body : ' '.repeat(fill) + sign + body;
  }
  const padding = (flags.includes('0') ? '0' : ' ').repeat(fill);
  return left ? sign + body + padding : padding + sign + body;
}

function formatValue(value: TfValue, directive: Directive, position: number): string {
  const { verb, flags, precision } = directive;
  const fail = (need: string): never => {
    throw new FunctionError(`unsupported value for "%${verb}" at argument ${position + 1}: ${need}, not ${typeName(value)}`);
  };
  if (verb === 'v' && flags.includes('#')) return pad(encodeJson(value), '', directive, false);
  if (verb === 'v') {
    // %v prints strings as they are, numbers as Go's shortest %g (so 1000000 is "1e+06"), the rest as JSON.
    if (typeof value === 'string') return pad(value, '', directive, false);
    if (typeof value === 'number' && !Number.isFinite(value)) return pad('Inf', infinitySign(value, ''), directive, false);
    // A negative zero keeps its sign here (`format("%v", -0)` is "-0" in terraform console 1.11.4).
    if (typeof value === 'number')
      return pad(formatFloat(value, { ...directive, verb: 'g', precision: undefined }), value < 0 || Object.is(value, -0) ? '-' : '', directive, false);
    return pad(encodeJson(value), '', directive, false);
  }
  if (value === null) return fail('a non-null value is required');
  if (verb === 't') {
    const bool = primitiveToBool(value);
    return bool === undefined ? fail('a bool is required') : pad(String(bool), '', directive, false);
  }
  if (verb === 's' || verb === 'q') {
    let text = primitiveToString(value);
    if (text === undefined) return fail('a string is required');
    // A precision truncates to that many characters; Terraform ignores a zero precision here.
    if (precision !== undefined && precision > 0) text = graphemes(text).slice(0, precision).join('');
    return pad(verb === 'q' ? encodeJson(text) : text, '', directive, false);
  }
  const number = primitiveToNumber(value);
  if (number === undefined) return fail('a number is required');
  if (!Number.isFinite(number) && 'eEfgG'.includes(verb)) return pad('Inf', infinitySign(number, flags), { ...directive, flags: flags.replace('0', '') }, true);
  const sign = numericSign(number, flags);
  // go-cty formats whole numbers from a big integer, which has no negative zero: `format("%d", -0)` is "0".
  if ('bdoxX'.includes(verb)) return pad(formatInteger(number, directive), numericSign(number + 0, flags), directive, true);
  if ('eEfgG'.includes(verb)) {
    const body = formatFloat(number, directive);
    return pad(verb === 'E' || verb === 'G' ? body.toUpperCase() : body, sign, directive, true);
  }
  throw new FunctionError(`unsupported format verb "%${verb}"`);
}

/** Formats `spec` with `values`, which must all be known. */
function formatString(spec: string, values: readonly TfValue[]): string {
  const parts = scanFormat(spec, values.length);
  if (typeof parts === 'string') throw new FunctionError(parts);
  let out = '';
  for (const part of parts) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    if ((part.precision ?? 0) > MAX_PRECISION) throw new LimitError(`precision at offset ${part.offset} is beyond what credlint evaluates`);
    // A width pads to that many characters: `%0100000000d` is a 100-million-character string.
    reserveString(out.length + (part.width ?? 0), `the width at offset ${part.offset} makes the string too large`);
    out += formatValue(values[part.argument] ?? null, part, part.argument);
  }
  return out;
}

function formatlist(args: readonly TfValue[]): TfValue {
  const spec = stringArg(args, 0);
  // A set argument is iterated in its own order, as a list is (Terraform converts it).
  const values = args.slice(1).map((value) => (value instanceof TfSet ? value.items : value));
  let length: number | undefined;
  for (const [position, value] of values.entries()) {
    const items = sequenceItems(value);
    if (items === undefined) continue;
    if (length !== undefined && items.length !== length)
      throw new FunctionError(`argument ${position + 2} has length ${items.length}, which does not match length ${length} of the earlier lists`);
    length = items.length;
  }
  // With no list arguments Terraform formats once and returns a one-element list.
  const count = length ?? 1;
  reserveNodes(count * stringNodes(spec.length), 'the list would be too large');
  return Array.from({ length: count }, (_, row) =>
    formatString(
      spec,
      values.map((value) => (Array.isArray(value) ? ((value as readonly TfValue[])[row] ?? null) : value)),
    ),
  );
}

export const formatFunctions: FunctionTable = {
  format: variadic(1, (args) => formatString(stringArg(args, 0), args.slice(1))),
  formatlist: variadic(1, formatlist),
};
