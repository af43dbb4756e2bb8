/**
 * Arithmetic, comparison, equality and logical operators with Terraform's type rules
 * (https://developer.hashicorp.com/terraform/language/expressions/operators): arithmetic and
 * comparison convert operands to numbers, logic to bools, equality converts nothing.
 */
import type { BinaryOperator, UnaryOperator } from './ast.js';
import { fail, toBool, toNumber, valuesEqual } from './convert-value.js';
import { terraformArithmetic } from './exact-number.js';
import { Unknown, isEvaluationError, isUnknown, type TfValue } from './value.js';

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
    case '-':
    case '*':
      return arithmetic(operator, a, b);
    case '/':
      // cty divides with big.Float: x/0 is an infinity, only 0/0 fails.
      if (b === 0) return a === 0 ? fail('cannot divide zero by zero') : a / b;
      return arithmetic(operator, a, b);
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
  if (b === 0) return a;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return fail('the remainder of an infinity is not a number');
  return arithmetic('%', a, b);
}

/**
 * `a operator b` as Terraform computes it, where a double holds that (`exact-number.ts`): whole
 * numbers a double holds, and their result, need no more; `0.1 + 0.2` is 0.3, as Terraform's
 * 512-bit numbers make it. Otherwise (`9007199254740992 + 1`, `1 - 0.9`, `1 / 3`, whose 512-bit
 * results are a digit apart from any double or run to some 150 digits) the result is unknown.
 * Infinities (a division by zero) compute as doubles do, as big.Float's do.
 */
function arithmetic(operator: '+' | '-' | '*' | '/' | '%', a: number, b: number): TfValue {
  if (!Number.isFinite(a) || !Number.isFinite(b)) {
    const value = operator === '+' ? a + b : operator === '-' ? a - b : operator === '*' ? a * b : a / b;
    return Number.isNaN(value) ? fail('the arithmetic result is not a number') : value;
  }
  if (operator !== '/' && Number.isSafeInteger(a) && Number.isSafeInteger(b)) {
    const value = operator === '+' ? a + b : operator === '-' ? a - b : operator === '*' ? a * b : a % b;
    // go-cty's remainder subtracts: it is -0 only of -0 (`-6 % 3` is 0).
    if (operator === '%' && value === 0) return Object.is(a, -0) ? -0 : 0;
    if (Number.isSafeInteger(value)) return value;
  }
  return (
    terraformArithmetic(operator, a, b) ??
    new Unknown(`the result of "${operator}" has more digits than credlint's numbers keep (Terraform's are exact to 512 bits)`)
  );
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
