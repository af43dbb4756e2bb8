/**
 * Terraform's numeric functions (https://developer.hashicorp.com/terraform/language/functions — "Numeric
 * Functions"). Terraform's numbers are exact to 512 bits where credlint's are doubles: a result is
 * kept where a double is that number (`exact-number.ts`), and is unknown elsewhere.
 */
import { aTypeName, quoted } from '../convert.js';
import { Unknown, type TfValue } from '../value.js';
import { writesExactly } from '../exact-number.js';
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
  // go-cty takes any type and refuses all but a string ("first argument must be a string"): no conversion.
  const [first = null] = args;
  if (typeof first !== 'string' && first !== null) throw new FunctionError(`the first argument must be a string, not ${aTypeName(first)}`);
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
 * (`pow(2, 0.5)` is 1.4142135623730951). A double credlint computes the same way to the last bit is
 * kept where it is the decimal it writes (`writesExactly`); an infinite one is reported by the caller.
 */
function fromGoDouble(value: number): TfValue {
  if (Number.isNaN(value)) throw new FunctionError('the result is not a number');
  return !Number.isFinite(value) || writesExactly(value) ? value : new Unknown(TOO_MANY_DIGITS);
}

/**
 * Go's `math.Log` and `math.Exp` are not JavaScript's: their last bits differ (terraform console
 * 1.11.4 gives `log(2744, 14)` 2.9999999999999996 and `pow(27, 0.3333333333333333)` 2.9999999999999996,
 * where JavaScript gives 3 for both), and may differ between the platforms Terraform runs on.
 */
const LAST_BIT =
  "a number Terraform computes with Go's math.Log or math.Exp, whose last bit credlint cannot reproduce (log(2744, 14) is 2.9999999999999996 there)";

/** Go's `math.Frexp` of a finite, nonzero double within 2^±1000: `[fraction, exponent]`, fraction in [0.5, 1). */
function frexp(value: number): [number, number] {
  let exponent = Math.floor(Math.log2(Math.abs(value))) + 1;
  let fraction = value / 2 ** exponent;
  // log2 may round across a power of two; scaling by one is exact.
  if (Math.abs(fraction) >= 1) [fraction, exponent] = [fraction / 2, exponent + 1];
  if (Math.abs(fraction) < 0.5) [fraction, exponent] = [fraction * 2, exponent - 1];
  return [fraction, exponent];
}

/**
 * Go's `math.Pow(x, y)` for a whole `y` (at most 1100 in size): its repeated squaring, each step an IEEE
 * multiplication JavaScript does alike, the exponent kept apart, then `1 / a1` for a negative `y`.
 * Undefined where the result is zero or subnormal (`Ldexp` rounds a subnormal one in its own way).
 */
function goWholePower(x: number, y: number): number | undefined {
  if (Math.abs(x) < 2 ** -1000 || Math.abs(x) > 2 ** 1000) return undefined;
  let [a1, ae] = [1, 0];
  let [x1, xe] = frexp(x);
  for (let i = Math.abs(y); i !== 0; i = Math.floor(i / 2)) {
    // Go's "catastrophic overflow": it leaves the rest to Ldexp, which gives an infinity or a zero.
    if (xe < -(1 << 12) || 1 << 12 < xe) {
      ae += xe;
      break;
    }
    if (i % 2 === 1) [a1, ae] = [a1 * x1, ae + xe];
    [x1, xe] = [x1 * x1, xe * 2];
    if (x1 < 0.5) [x1, xe] = [x1 + x1, xe - 1];
  }
  if (y < 0) [a1, ae] = [1 / a1, -ae];
  // a1 lies within 2^±64: past 2^1100 the result is infinite, below 2^-1100 zero or subnormal.
  if (ae > 1100) return a1 < 0 ? -Infinity : Infinity;
  if (ae < -1100) return undefined;
  const half = Math.trunc(ae / 2);
  const result = a1 * 2 ** half * 2 ** (ae - half);
  return !Number.isFinite(result) || Math.abs(result) >= 2 ** -1022 ? result : undefined;
}

/**
 * `pow(x, y)` as Go's `math.Pow` computes it, where credlint can follow it to the last bit: its special
 * cases (`y` 0 or `x` 1: 1; `y` 1: `x`; `x` 0; `y` ±0.5: the square root, correctly rounded in both
 * languages) and a whole `y`; any other power goes through Go's `Exp` and `Log` (`LAST_BIT`).
 */
function pow(args: readonly TfValue[]): TfValue {
  const [x, y] = [numberArg(args, 0), numberArg(args, 1)];
  if (y === 0 || x === 1) return 1;
  if (y === 1) return x;
  if (!Number.isFinite(x) || !Number.isFinite(y)) return fromGoDouble(x ** y);
  if (x === 0) {
    const oddWhole = Number.isInteger(y) && Math.abs(y % 2) === 1;
    if (y < 0) return Object.is(x, -0) && oddWhole ? -Infinity : Infinity;
    return Object.is(x, -0) && oddWhole ? -0 : 0;
  }
  if (y === 0.5) return fromGoDouble(Math.sqrt(x));
  if (y === -0.5) return fromGoDouble(1 / Math.sqrt(x));
  if (!Number.isInteger(y)) {
    // Go: a fractional power of a negative number is NaN.
    if (x < 0) throw new FunctionError('the result is not a number');
    return new Unknown(LAST_BIT);
  }
  const result = Math.abs(y) <= 1100 ? goWholePower(x, y) : undefined;
  return result === undefined ? new Unknown(TOO_MANY_DIGITS) : fromGoDouble(result);
}

/**
 * `log(x, base)`: go-cty's `math.Log(x) / math.Log(base)`. Only the quotients that do not depend on
 * Log's last bit are known: `log(1, base)` is 0 (-0 for a base below 1) and `log(base, base)` is 1.
 */
function log(args: readonly TfValue[]): TfValue {
  const [value, base] = numbers(args) as [number, number];
  const quotient = Math.log(value) / Math.log(base);
  if (Number.isNaN(quotient)) throw new FunctionError('the result is not a number');
  if (!Number.isFinite(quotient) || value === 1 || value === base) return quotient;
  return new Unknown(LAST_BIT);
}

/**
 * go-cty reads signum's argument into a Go `int`: a fraction, or a whole number outside 64 bits, fails
 * ("value must be a whole number, between -9223372036854775808 and 9223372036854775807").
 */
function signum(args: readonly TfValue[]): TfValue {
  const value = integerArg(args, 0);
  if (value < -(2 ** 63) || value >= 2 ** 63) throw new FunctionError('the number must be a whole number between -9223372036854775808 and 9223372036854775807');
  return value > 0 ? 1 : value < 0 ? -1 : 0;
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
  signum: fixed(1, signum),
  // Reduced, not spread: `max(local.list...)` of 200,000 numbers would overflow the call stack.
  max: extreme((candidate, kept) => candidate > kept),
  min: extreme((candidate, kept) => candidate < kept),
  pow: fixed(2, pow),
  log: fixed(2, log),
  parseint: fixed(2, parseint),
};
