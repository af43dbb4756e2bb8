/**
 * Whether a double credlint computes is the number Terraform computes. Terraform's numbers are
 * go-cty's: `big.Float`s of 512 bits, a literal or a string rounded to them (`big.ParseFloat(s, 10,
 * 512, ToNearestEven)`), each arithmetic result rounded to them again, and a number written as the
 * shortest decimal that reads back as the same 512-bit value (`Text('f', -1)`). So `0.1 + 0.2` is 0.3,
 * but `1 - 0.9` is a decimal of some 150 digits, and `9007199254740992 + 1` is exact where a double
 * is not (terraform console 1.11.4). credlint keeps doubles; this module says which are that number.
 *
 * A double `d` stands for the decimal `formatNumber(d)` writes, as Terraform holds it: that decimal
 * rounded to 512 bits. Literals and strings read as numbers are kept only where their decimal is the
 * one the double writes (`isExactDecimal`), and an arithmetic result only where Terraform's 512-bit
 * result of those operands is, again, the 512-bit rounding of a decimal that a double writes
 * (`terraformArithmetic`). Everything else is unknown: a wrong digit in a name names another user.
 * Exact arithmetic on fractions of big integers, so a check costs microseconds.
 */
import { formatNumber } from './convert.js';

/** A fraction `p / q`, `q > 0`. */
interface Fraction {
  readonly p: bigint;
  readonly q: bigint;
}

/** go-cty's precision for every number it parses or computes. */
const PRECISION = 512n;

const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** A decimal's exact value; undefined for text that is not one, or whose exponent is out of reach. */
function decimalFraction(text: string): Fraction | undefined {
  const match = DECIMAL_TEXT.exec(text);
  if (match === null) return undefined;
  const [, sign = '', whole = '', fraction = '', exponentText = '0'] = match;
  if (whole === '' && fraction === '') return undefined;
  const exponent = Number(exponentText) - fraction.length;
  // Far beyond any double: the caller treats the number as not kept.
  if (Math.abs(exponent) > 1200) return undefined;
  const digits = BigInt(`${whole}${fraction}` || '0') * (sign === '-' ? -1n : 1n);
  return exponent >= 0 ? { p: digits * 10n ** BigInt(exponent), q: 1n } : { p: digits, q: 10n ** BigInt(-exponent) };
}

function bitLength(n: bigint): bigint {
  const hex = n.toString(16);
  return BigInt(hex.length * 4 - Math.clz32(parseInt(hex[0] ?? '0', 16)) + 28);
}

/** The fraction rounded to `PRECISION` significant bits, ties to even, as go-cty rounds. */
function rounded(x: Fraction): Fraction {
  if (x.p === 0n) return { p: 0n, q: 1n };
  const negative = x.p < 0n;
  const p = negative ? -x.p : x.p;
  // Scale so that the quotient has PRECISION bits (or one more, corrected below).
  let shift = PRECISION - (bitLength(p) - bitLength(x.q));
  let [num, den] = shift >= 0n ? [p << shift, x.q] : [p, x.q << -shift];
  if (num / den >= 1n << PRECISION) {
    shift -= 1n;
    [num, den] = shift >= 0n ? [p << shift, x.q] : [p, x.q << -shift];
  }
  let m = num / den;
  const twice = (num % den) * 2n;
  if (twice > den || (twice === den && m % 2n === 1n)) m += 1n;
  const signed = negative ? -m : m;
  return shift >= 0n ? { p: signed, q: 1n << shift } : { p: signed << -shift, q: 1n };
}

function same(a: Fraction, b: Fraction): boolean {
  return a.p * b.q === b.p * a.q;
}

function apply(operator: '+' | '-' | '*' | '/', a: Fraction, b: Fraction): Fraction {
  switch (operator) {
    case '+':
      return { p: a.p * b.q + b.p * a.q, q: a.q * b.q };
    case '-':
      return { p: a.p * b.q - b.p * a.q, q: a.q * b.q };
    case '*':
      return { p: a.p * b.p, q: a.q * b.q };
    case '/':
      return b.p < 0n ? { p: -a.p * b.q, q: a.q * -b.p } : { p: a.p * b.q, q: a.q * b.p };
  }
}

/** The quotient truncated toward zero (`big.Float.Int`). */
function truncated(x: Fraction): Fraction {
  return { p: x.p / x.q, q: 1n };
}

/**
 * go-cty's `Modulo`: `a - trunc(a / b) * b`, each step rounded to 512 bits; `exact` computes it without
 * rounding, the decimal it would be.
 */
function remainder(a: Fraction, b: Fraction, round: (x: Fraction) => Fraction): Fraction {
  const whole = truncated(round(apply('/', a, b)));
  return round(apply('-', a, round(apply('*', b, whole))));
}

/** The decimal text of a fraction whose denominator divides a power of ten; undefined for any other. */
function terminatingDecimal(x: Fraction): string | undefined {
  let q = x.q;
  let [twos, fives] = [0, 0];
  while (q % 2n === 0n) [q, twos] = [q / 2n, twos + 1];
  while (q % 5n === 0n) [q, fives] = [q / 5n, fives + 1];
  if (q !== 1n) return undefined;
  const places = Math.max(twos, fives);
  const scaled = (x.p * 10n ** BigInt(places)) / x.q;
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(places + 1, '0');
  const text = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return negative ? `-${text}` : text;
}

/** The double whose decimal is exactly `x`, if one is. */
function doubleOf(x: Fraction): number | undefined {
  const text = terminatingDecimal(x);
  if (text === undefined) return undefined;
  const value = Number(text);
  const written = Number.isFinite(value) ? decimalFraction(formatNumber(value)) : undefined;
  return written !== undefined && same(written, x) ? value : undefined;
}

/**
 * Whether the decimal `text` (a literal, or a string converted to a number) is the decimal the double
 * `value` writes, so that Terraform's value of the text is the one credlint keeps: not for
 * `123456789.123456789`, `9007199254740993` or `1e400`.
 */
export function isExactDecimal(text: string, value: number): boolean {
  const exact = decimalFraction(text);
  const written = Number.isFinite(value) ? decimalFraction(formatNumber(value)) : undefined;
  return exact !== undefined && written !== undefined && same(exact, written);
}

/** The exact value of a finite double: its significand over a power of two (or times one). */
function doubleFraction(value: number): Fraction {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0);
  const exponentBits = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  const significand = exponentBits === 0 ? fraction : fraction | (1n << 52n);
  const exponent = (exponentBits === 0 ? 1 : exponentBits) - 1075;
  const signed = bits >> 63n === 1n ? -significand : significand;
  return exponent >= 0 ? { p: signed << BigInt(exponent), q: 1n } : { p: signed, q: 1n << BigInt(-exponent) };
}

/**
 * Whether the decimal the double `value` writes is exactly its value (0.5, 2.25, a whole number up to
 * 2^53; not 0.1, nor 2^60, written 1152921504606847000). go-cty keeps a float64 that a function computed
 * with Go's math (`pow`, `log`) as that double, which Terraform writes as that decimal
 * (terraform console 1.11.4: `pow(2, 60)` is 1152921504606847000) but computes with as the double
 * (`pow(10, -1) + 0.2` is 0.3000000000000000055511151231257827021181583404541015625): credlint's
 * number, which stands for the decimal, is Terraform's only where the two are one.
 */
export function writesExactly(value: number): boolean {
  if (!Number.isFinite(value)) return false;
  const written = decimalFraction(formatNumber(value));
  return written !== undefined && same(written, doubleFraction(value));
}

/**
 * Terraform's result of `a operator b` for finite operands (a divisor other than zero), where it is
 * the decimal of a double: that double; else undefined. A zero keeps the sign IEEE arithmetic gives
 * it, as go-cty's does (`0 * -1` is -0), except a remainder, which is -0 only of -0 (`-6 % 3` is 0).
 */
export function terraformArithmetic(operator: '+' | '-' | '*' | '/' | '%', a: number, b: number): number | undefined {
  // Far from 1 a check costs up to a millisecond (numbers of a thousand bits), which a loop over
  // hostile input would multiply; such numbers name no user, so they are left unknown unchecked.
  if (!withinReach(a) || !withinReach(b)) return undefined;
  // Loops repeat the same operations (`i * 0.1` for each element of an inner loop): answers are kept.
  const key = `${operator}${formatNumber(a)} ${formatNumber(b)}`;
  if (answers.has(key)) return answers.get(key);
  if (answers.size >= MAX_ANSWERS) answers.clear();
  const answer = checkedArithmetic(operator, a, b);
  answers.set(key, answer);
  return answer;
}

const answers = new Map<string, number | undefined>();
const MAX_ANSWERS = 4096;

function checkedArithmetic(operator: '+' | '-' | '*' | '/' | '%', a: number, b: number): number | undefined {
  const [x, y] = [decimalFraction(formatNumber(a)), decimalFraction(formatNumber(b))];
  if (x === undefined || y === undefined) return undefined;
  const computed = operator === '%' ? remainder(rounded(x), rounded(y), rounded) : rounded(apply(operator, rounded(x), rounded(y)));
  const exact = operator === '%' ? remainder(x, y, (f) => f) : apply(operator, x, y);
  if (!same(computed, rounded(exact))) return undefined;
  if (exact.p === 0n) return operator === '%' ? (Object.is(a, -0) ? -0 : 0) : applyDouble(operator, a, b);
  return doubleOf(exact);
}

/** Whether a number is 0, or between 1e-20 and 1e21 in size: its decimal has 40 digits at most. */
function withinReach(value: number): boolean {
  const size = Math.abs(value);
  return size === 0 || (size >= 1e-20 && size <= 1e21);
}

function applyDouble(operator: '+' | '-' | '*' | '/', a: number, b: number): number {
  return operator === '+' ? a + b : operator === '-' ? a - b : operator === '*' ? a * b : a / b;
}
