/**
 * format and formatlist (https://developer.hashicorp.com/terraform/language/functions/format): Go-style
 * verbs %v %#v %t %b %d %o %x %X %e %E %f %g %G %s %q %%, flags `+ - # 0` and space, width, precision and
 * explicit argument indexes `%[n]d`.
 */
import { formatNumber, graphemes, primitiveToBool, primitiveToNumber, primitiveToString, sequenceItems, typeName } from '../convert.js';
import { TfSet, type TfValue } from '../value.js';
import { encodeJson } from './encoding-functions.js';
import { reserveNodes, reserveString, stringNodes } from '../eval-budget.js';
import { FunctionError, LimitError, MAX_PRECISION, stringArg, variadic, type FunctionTable } from './function-support.js';

interface Directive {
  readonly flags: string;
  readonly width: number | undefined;
  readonly precision: number | undefined;
  readonly verb: string;
}

const DIRECTIVE = /%(?:\[(\d+)\])?([-+# 0]*)(\d+)?(?:\.(\d*))?(?:\[(\d+)\])?([a-zA-Z%])?/y;

function integerDigits(value: number): string {
  return Number.isSafeInteger(value) ? String(Math.abs(value)) : (BigInt(value) < 0n ? -BigInt(value) : BigInt(value)).toString();
}

/** Go's %e: mantissa with `precision` digits (shortest when undefined) and an exponent of at least two digits. */
function exponential(value: number, precision: number | undefined): string {
  const text = precision === undefined ? Math.abs(value).toExponential() : Math.abs(value).toExponential(precision);
  const [mantissa = '', exponent = '0'] = text.split('e');
  const sign = exponent.startsWith('-') ? '-' : '+';
  return `${mantissa}e${sign}${exponent.replace(/^[+-]/, '').padStart(2, '0')}`;
}

function formatFloat(value: number, directive: Directive): string {
  const { verb, precision } = directive;
  const lower = verb.toLowerCase();
  if (lower === 'e') return exponential(value, precision ?? 6);
  if (lower === 'f') return Math.abs(value).toFixed(precision ?? 6);
  // %g: %e for large or tiny exponents, plain decimal otherwise (Go decides with precision 6 when shortest).
  const exponent = value === 0 ? 0 : Math.floor(Math.log10(Math.abs(value)));
  const limit = precision ?? 6;
  if (exponent < -4 || exponent >= limit) {
    return exponential(value, precision === undefined ? undefined : Math.max(0, precision - 1));
  }
  return precision === undefined ? formatNumber(Math.abs(value)) : String(Number(Math.abs(value).toPrecision(Math.max(1, precision))));
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
  return left ? body + padding : padding + body;
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
    if (typeof value === 'number') return pad(formatFloat(value, { ...directive, verb: 'g', precision: undefined }), value < 0 ? '-' : '', directive, false);
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
  const sign = numericSign(number, flags);
  if ('bdoxX'.includes(verb)) return pad(formatInteger(number, directive), sign, directive, true);
  if ('eEfgG'.includes(verb)) {
    const body = formatFloat(number, directive);
    return pad(verb === 'E' || verb === 'G' ? body.toUpperCase() : body, sign, directive, true);
  }
  throw new FunctionError(`unsupported format verb "%${verb}"`);
}

/** Formats `spec` with `values`, which must all be known. */
function formatString(spec: string, values: readonly TfValue[]): string {
  let out = '';
  let next = 0;
  let index = 0;
  while (index < spec.length) {
    const percent = spec.indexOf('%', index);
    if (percent < 0) {
      out += spec.slice(index);
      break;
    }
    out += spec.slice(index, percent);
    DIRECTIVE.lastIndex = percent;
    const match = DIRECTIVE.exec(spec);
    const verb = match?.[6];
    if (match === null || verb === undefined) throw new FunctionError(`invalid format directive at offset ${percent}`);
    index = percent + match[0].length;
    if (verb === '%') {
      out += '%';
      continue;
    }
    const explicit = match[5] ?? match[1];
    const position = explicit === undefined ? next : Number(explicit) - 1;
    if (position < 0 || position >= values.length) throw new FunctionError(`not enough arguments for "%${verb}" at offset ${percent}`);
    next = position + 1;
    const directive: Directive = {
      flags: match[2] ?? '',
      width: match[3] === undefined ? undefined : Number(match[3]),
      precision: match[4] === undefined ? undefined : Number(match[4] === '' ? 0 : match[4]),
      verb,
    };
    if ((directive.precision ?? 0) > MAX_PRECISION) throw new LimitError(`precision at offset ${percent} is beyond what credlint evaluates`);
    // A width pads to that many characters: `%0100000000d` is a 100-million-character string.
    reserveString(out.length + (directive.width ?? 0), `the width at offset ${percent} makes the string too large`);
    out += formatValue(values[position] ?? null, directive, position);
  }
  if (next < values.length && !/%\[\d+\]/.test(spec)) throw new FunctionError(`too many arguments; only ${next} used by format string`);
  return out;
}

function formatlist(args: readonly TfValue[]): TfValue {
  const spec = stringArg(args, 0);
  const values = args.slice(1);
  let length: number | undefined;
  for (const [position, value] of values.entries()) {
    const items = value instanceof TfSet ? undefined : sequenceItems(value);
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
