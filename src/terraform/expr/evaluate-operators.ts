/**
 * Arithmetic, comparison, equality and logical operators with Terraform's type rules
 * (https://developer.hashicorp.com/terraform/language/expressions/operators): arithmetic and
 * comparison convert operands to numbers, logic to bools, equality converts nothing.
 */
import type { BinaryOperator, UnaryOperator } from './ast.js';
import { tidyNumber } from './convert.js';
import { fail, toBool, toNumber, valuesEqual } from './convert-value.js';
import { isEvaluationError, isUnknown, type TfValue } from './value.js';

export function applyUnary(operator: UnaryOperator, operand: TfValue): TfValue {
  if (operator === '!') {
    const value = toBool(operand, 'the operand of "!"');
    return isUnknown(value) ? value : !value;
  }
  const value = toNumber(operand, 'the operand of unary "-"');
  return isUnknown(value) ? value : -value;
}

/** Operators other than `&&` and `||`, whose right side may go unevaluated. */
export function applyBinary(operator: Exclude<BinaryOperator, '&&' | '||'>, left: TfValue, right: TfValue): TfValue {
  if (operator === '==' || operator === '!=') {
    const equal = valuesEqual(left, right);
    if (isUnknown(equal)) return equal;
    return operator === '==' ? equal : !equal;
  }
  const a = toNumber(left, `the left operand of "${operator}"`);
  const b = toNumber(right, `the right operand of "${operator}"`);
  if (isUnknown(a)) return isEvaluationError(b) ? b : a;
  if (isUnknown(b)) return b;
  switch (operator) {
    case '+':
      return finite(a + b);
    case '-':
      return finite(a - b);
    case '*':
      return finite(a * b);
    case '/':
      // cty divides with big.Float: x/0 is an infinity, only 0/0 fails.
      return a === 0 && b === 0 ? fail('cannot divide zero by zero') : finite(a / b);
    case '%':
      return remainder(a, b);
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
  }
}

/**
 * cty's `Value.Modulo`, as Terraform 1.11.4's console shows it: the remainder of a division by zero is
 * the dividend itself (`5 % 0` is 5, `(-5/0) % 0` is -Inf), and any other remainder with an infinity
 * on either side fails (a nil pointer dereference inside cty, reported as "Operation failed").
 */
function remainder(a: number, b: number): TfValue {
  if (b === 0) return finite(a);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return fail('the remainder of an infinity is not a number');
  return finite(a % b);
}

/** Terraform computes in decimal, so `0.1 + 0.2` is 0.3; doubles are tidied to match. */
function finite(value: number): TfValue {
  return Number.isNaN(value) ? fail('the arithmetic result is not a number') : tidyNumber(value);
}

/**
 * `&&` and `||`, as HCL's short-circuit rules decide them
 * (https://github.com/hashicorp/hcl/blob/main/hclsyntax/operation.go): both sides are evaluated and
 * an operand that is not a bool fails the operation; otherwise a known deciding side (`false` for
 * `&&`, `true` for `||`) decides even when the other side failed or is unknown. With both sides
 * unknown, an unknown (not failed) left side decides. A failed operand counts as unknown here, as
 * it does in HCL, so its failure is kept only when nothing decides without it.
 */
export function applyLogical(operator: '&&' | '||', leftValue: TfValue, rightValue: TfValue): TfValue {
  const decisive = operator === '||';
  const left = toBool(leftValue, `the left operand of "${operator}"`);
  const right = toBool(rightValue, `the right operand of "${operator}"`);
  if (isUnknown(left) && left !== leftValue) return left;
  if (isUnknown(right) && right !== rightValue) return right;
  if (isUnknown(left) && isUnknown(right)) return left;
  if (left === decisive || right === decisive) return decisive;
  if (isUnknown(left)) return left;
  if (isUnknown(right)) return right;
  return !decisive;
}
