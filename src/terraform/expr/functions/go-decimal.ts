/**
 * `%f`, `%e` and `%g` with a precision, as Terraform's `format` writes them: through Go's `math/big`
 * decimal conversion, which takes the number's exact decimal digits and rounds to the nearest, exactly
 * halfway to even (`format("%.0f", 2.5)` is `2`, `format("%.1f", 0.25)` is `0.2`). JavaScript's
 * `toFixed`, `toExponential` and `toPrecision` round halfway up, and `toFixed` turns to exponent
 * notation from 1e21. https://developer.hashicorp.com/terraform/language/functions/format
 */
import { oneOf, withoutTrailing } from '../../../core/trailing-run.js';

const ZERO = oneOf('0');

/** A non-negative number as decimal digits: its value is 0.`digits` × 10^`exponent` (no trailing zeros; `''` for 0). */
interface Decimal {
  readonly digits: string;
  readonly exponent: number;
}

/** Bits of a Terraform number's mantissa: cty parses a number with `big.ParseFloat(text, 10, 512, ToNearestEven)`. */
const PRECISION = 512;

/**
 * The exact decimal digits of the number Terraform holds where credlint holds the double `value`:
 * the shortest decimal that reads back as `value` (the text the number was written as: a literal, a
 * variable's value) rounded to a 512-bit mantissa. A double's own digits differ from the 17th on
 * (`format("%.20f", 0.1)` is `0.10000000000000000000`), and on which side of a tie the number lies
 * (`format("%.2f", 1.115)` is `1.12`, the double being 1.11499…).
 */
function exactDecimal(value: number): Decimal {
  const magnitude = Math.abs(value);
  if (magnitude === 0) return { digits: '', exponent: 0 };
  // `Number#toString` writes the shortest decimal that reads back as the double: `digits` × 10^`power`.
  const [mantissa = '0', exponent = '0'] = magnitude.toExponential().split('e');
  const fraction = mantissa.split('.')[1] ?? '';
  const digits = BigInt(mantissa.replace('.', ''));
  const power = Number(exponent) - fraction.length;
  if (power >= 0) return trimmed(roundedToPrecision(digits * 10n ** BigInt(power)).toString(), 0);
  // digits / 10^-power as m / 2^shift with m of 512 bits, rounded to the nearest, halfway to even.
  const divisor = 10n ** BigInt(-power);
  let shift = PRECISION - (digits.toString(2).length - divisor.toString(2).length) + 1;
  let scaled = (digits << BigInt(shift)) / divisor;
  while (scaled.toString(2).length > PRECISION) {
    shift -= 1;
    scaled = (digits << BigInt(shift)) / divisor;
  }
  const remainder = (digits << BigInt(shift)) - scaled * divisor;
  if (2n * remainder > divisor || (2n * remainder === divisor && scaled % 2n === 1n)) scaled += 1n;
  // m / 2^shift = m × 5^shift / 10^shift.
  return trimmed((scaled * 5n ** BigInt(shift)).toString(), shift);
}

/** An integer rounded to a 512-bit mantissa (nearest, halfway to even). */
function roundedToPrecision(integer: bigint): bigint {
  const length = integer.toString(2).length;
  if (length <= PRECISION) return integer;
  const drop = BigInt(length - PRECISION);
  let kept = integer >> drop;
  const remainder = integer - (kept << drop);
  const half = 1n << (drop - 1n);
  if (remainder > half || (remainder === half && kept % 2n === 1n)) kept += 1n;
  return kept << drop;
}

/** `text` × 10^-`scale` as a `Decimal`. */
function trimmed(text: string, scale: number): Decimal {
  return { digits: withoutTrailing(text, ZERO), exponent: text.length - scale };
}

/** `decimal` rounded to `n` digits: to the nearest, exactly halfway to even (Go's `decimal.round`). */
function roundTo(decimal: Decimal, n: number): Decimal {
  const { digits, exponent } = decimal;
  if (n < 0 || n >= digits.length) return decimal;
  const next = digits.charAt(n);
  const up = next === '5' && n + 1 === digits.length ? n > 0 && Number(digits.charAt(n - 1)) % 2 === 1 : next >= '5';
  if (!up) return { digits: withoutTrailing(digits.slice(0, n), ZERO), exponent };
  let end = n;
  while (end > 0 && digits.charAt(end - 1) === '9') end -= 1;
  if (end === 0) return { digits: '1', exponent: exponent + 1 };
  return { digits: digits.slice(0, end - 1) + String(Number(digits.charAt(end - 1)) + 1), exponent };
}

function digitAt(decimal: Decimal, index: number): string {
  return index >= 0 && index < decimal.digits.length ? decimal.digits.charAt(index) : '0';
}

/** Go's `fmtF`: the integer part, then `precision` digits after the point. */
function fixedOf(decimal: Decimal, precision: number): string {
  const whole = decimal.exponent > 0 ? Array.from({ length: decimal.exponent }, (_, index) => digitAt(decimal, index)).join('') : '0';
  if (precision <= 0) return whole;
  return `${whole}.${Array.from({ length: precision }, (_, index) => digitAt(decimal, decimal.exponent + index)).join('')}`;
}

/** Go's `fmtE`: one digit, `precision` more after the point, and an exponent of at least two digits. */
function exponentialOf(decimal: Decimal, precision: number): string {
  const rest = precision > 0 ? `.${Array.from({ length: precision }, (_, index) => digitAt(decimal, index + 1)).join('')}` : '';
  const exponent = decimal.digits === '' ? 0 : decimal.exponent - 1;
  return `${digitAt(decimal, 0)}${rest}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

/** `%.<precision>f` of the magnitude of `value`. */
export function goFixed(value: number, precision: number): string {
  const decimal = exactDecimal(value);
  return fixedOf(roundTo(decimal, decimal.exponent + precision), precision);
}

/** `%.<precision>e` of the magnitude of `value`. */
export function goExponential(value: number, precision: number): string {
  return exponentialOf(roundTo(exactDecimal(value), 1 + precision), precision);
}

/** `%.<precision>g` of the magnitude of `value`: `precision` significant digits, trailing zeros dropped. */
export function goGeneral(value: number, precision: number): string {
  let digits = precision === 0 ? 1 : precision;
  const decimal = roundTo(exactDecimal(value), digits);
  const shown = digits > decimal.digits.length && decimal.digits.length >= decimal.exponent ? decimal.digits.length : digits;
  const exponent = decimal.exponent - 1;
  if (exponent < -4 || exponent >= shown) return exponentialOf(decimal, Math.min(digits, decimal.digits.length) - 1);
  if (digits > decimal.exponent) digits = decimal.digits.length;
  return fixedOf(decimal, Math.max(digits - decimal.exponent, 0));
}
