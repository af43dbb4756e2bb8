/**
 * `%f`, `%e` and `%g` with a precision, as Terraform's `format` writes them: through Go's `math/big`
 * decimal conversion, which takes the number's exact decimal digits and rounds to the nearest, exactly
 * halfway to even (`format("%.0f", 2.5)` is `2`, `format("%.1f", 0.25)` is `0.2`). JavaScript's
 * `toFixed`, `toExponential` and `toPrecision` round halfway up, and `toFixed` turns to exponent
 * notation from 1e21. https://developer.hashicorp.com/terraform/language/functions/format
 */

/** A non-negative number as decimal digits: its value is 0.`digits` × 10^`exponent` (no trailing zeros; `''` for 0). */
interface Decimal {
  readonly digits: string;
  readonly exponent: number;
}

/** The exact decimal digits of a finite double's magnitude. */
function exactDecimal(value: number): Decimal {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(value));
  const bits = view.getBigUint64(0);
  const biased = Number(bits >> 52n);
  const fraction = bits & ((1n << 52n) - 1n);
  if (biased === 0 && fraction === 0n) return { digits: '', exponent: 0 };
  // The magnitude is mantissa × 2^power exactly; with a negative power, mantissa × 5^-power × 10^power.
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const power = (biased === 0 ? 1 : biased) - 1075;
  const integer = power >= 0 ? mantissa << BigInt(power) : mantissa * 5n ** BigInt(-power);
  const text = integer.toString();
  return { digits: text.replace(/0+$/, ''), exponent: text.length - Math.max(0, -power) };
}

/** `decimal` rounded to `n` digits: to the nearest, exactly halfway to even (Go's `decimal.round`). */
function roundTo(decimal: Decimal, n: number): Decimal {
  const { digits, exponent } = decimal;
  if (n < 0 || n >= digits.length) return decimal;
  const next = digits.charAt(n);
  const up = next === '5' && n + 1 === digits.length ? n > 0 && Number(digits.charAt(n - 1)) % 2 === 1 : next >= '5';
  if (!up) return { digits: digits.slice(0, n).replace(/0+$/, ''), exponent };
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
