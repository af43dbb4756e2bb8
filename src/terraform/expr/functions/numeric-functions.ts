/**
 * Terraform's numeric functions (https://developer.hashicorp.com/terraform/language/functions — "Numeric
 * Functions"). Terraform numbers are arbitrary precision; doubles are close enough here, and results that
 * are whole numbers stay whole.
 */
import { quoted, tidyNumber } from '../convert.js';
import type { TfValue } from '../value.js';
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
  return Number(negative ? -total : total);
}

function log(args: readonly TfValue[]): TfValue {
  const [value, base] = numbers(args) as [number, number];
  return tidyNumber(Math.log(value) / Math.log(base));
}

export const numericFunctions: FunctionTable = {
  abs: unaryNumber(Math.abs),
  ceil: unaryNumber(Math.ceil),
  floor: unaryNumber(Math.floor),
  signum: unaryNumber((value) => (value > 0 ? 1 : value < 0 ? -1 : 0)),
  // Reduced, not spread: `max(local.list...)` of 200,000 numbers would overflow the call stack.
  max: variadic(1, (args) => numbers(args).reduce((a, b) => Math.max(a, b))),
  min: variadic(1, (args) => numbers(args).reduce((a, b) => Math.min(a, b))),
  pow: fixed(2, (args) => tidyNumber(numberArg(args, 0) ** numberArg(args, 1))),
  log: fixed(2, log),
  parseint: fixed(2, parseint),
};
