/**
 * Terraform's numeric functions (https://developer.hashicorp.com/terraform/language/functions — "Numeric
 * Functions"). Terraform's numbers are exact to 512 bits where credlint's are doubles: a result is
 * kept where a double is that number (`exact-number.ts`), and is unknown elsewhere.
 */
import { quoted } from '../convert.js';
import { Unknown, type TfValue } from '../value.js';
import { FunctionError, fixed, integerArg, numberArg, stringArg, variadic, type FunctionTable } from './function-support.js';

function numbers(args: readonly TfValue[]): number[] {
  return args.map((_, index) => numberArg(args, index));
}

function unaryNumber(transform: (value: number) => number) {
  return fixed(1, (args) => transform(numberArg(args, 0)));
}

/** Digit values for parseint: 0-9, then a-z, then A-Z for bases above 36 (Go's big.Int.SetString). */
function digitValue(char: string, base: number): number {
  const code = char.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 122) return code - 87;
  if (code >= 65 && code <= 90) return base <= 36 ? code - 55 : code - 29;
  return Infinity;
}

function parseint(args: readonly TfValue[]): TfValue {
  const text = stringArg(args, 0);
  const base = integerArg(args, 1);
  if (base < 2 || base > 62) throw new FunctionError('base must be a whole number between 2 and 62 inclusive');
  const negative = text.startsWith('-');
  const digits = negative || text.startsWith('+') ? text.slice(1) : text;
  if (digits === '') throw new FunctionError(`cannot parse ${quoted(text)} as a base ${base} integer`);
  let total = 0n;
  for (const char of digits) {
    const digit = digitValue(char, base);
    if (digit >= base) throw new FunctionError(`cannot parse ${quoted(text)} as a base ${base} integer`);
    total = total * BigInt(base) + BigInt(digit);
  }
  // A whole number a double does not hold would name another user once written out.
  if (total > BigInt(Number.MAX_SAFE_INTEGER)) return new Unknown(TOO_MANY_DIGITS);
  return Number(negative ? -total : total);
}

const TOO_MANY_DIGITS = "a number with more digits than credlint's numbers keep (Terraform's are exact to 512 bits)";

/**
 * go-cty computes `pow` and `log` with Go's float64 `math.Pow` and `math.Log` and keeps the double
 * (`pow(2, 0.5)` is 1.4142135623730951). JavaScript's `**` and `Math.log` are not bound to give the
 * same last bit, so only a whole result a double holds, which neither can round away, is kept.
 */
function fromDouble(value: number): TfValue {
  if (Number.isNaN(value)) throw new FunctionError('the result is not a number');
  return !Number.isFinite(value) || Number.isSafeInteger(value) ? value : new Unknown(TOO_MANY_DIGITS);
}

/**
 * A whole power of a whole number that a double holds exactly (`pow(10, 20)`): every partial product
 * has no more significant bits than the result, so both Go's and JavaScript's powers are exact.
 */
function pow(args: readonly TfValue[]): TfValue {
  const [base, exponent] = [numberArg(args, 0), numberArg(args, 1)];
  const value = base ** exponent;
  const whole = Number.isSafeInteger(base) && Number.isSafeInteger(exponent) && exponent >= 0 && exponent <= 1100 && Number.isFinite(value);
  if (whole && !Number.isSafeInteger(value) && BigInt(base) ** BigInt(exponent) === BigInt(value)) return value;
  return fromDouble(value);
}

function log(args: readonly TfValue[]): TfValue {
  const [value, base] = numbers(args) as [number, number];
  return fromDouble(Math.log(value) / Math.log(base));
}

/**
 * The first of the greatest (or least) numbers: go-cty keeps the first of equal ones, which `max(-0, 0)`
 * shows ("-0" in terraform console 1.11.4, where `Math.max` gives 0).
 */
function extreme(pick: (candidate: number, kept: number) => boolean) {
  return variadic(1, (args) => numbers(args).reduce((kept, candidate) => (pick(candidate, kept) ? candidate : kept)));
}

export const numericFunctions: FunctionTable = {
  abs: unaryNumber(Math.abs),
  // go-cty rounds through a big integer, which has no negative zero: `ceil(-0.2)` is 0.
  ceil: unaryNumber((value) => Math.ceil(value) + 0),
  floor: unaryNumber((value) => Math.floor(value) + 0),
  signum: unaryNumber((value) => (value > 0 ? 1 : value < 0 ? -1 : 0)),
  // Reduced, not spread: `max(local.list...)` of 200,000 numbers would overflow the call stack.
  max: extreme((candidate, kept) => candidate > kept),
  min: extreme((candidate, kept) => candidate < kept),
  pow: fixed(2, pow),
  log: fixed(2, log),
  parseint: fixed(2, parseint),
};
