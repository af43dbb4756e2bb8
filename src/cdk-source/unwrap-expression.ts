import type * as ts from 'typescript';

/**
 * The expression inside the syntax that wraps a value without changing it: parentheses, `as T`,
 * `<T>x`, `x!` and `satisfies T`, the same wrappers the evaluator looks through
 * (`WrappingExpression` in `evaluate-expression.ts`).
 */
export function unwrapExpression(t: typeof import('typescript'), node: ts.Expression): ts.Expression {
  let current = node;
  while (
    t.isParenthesizedExpression(current) ||
    t.isAsExpression(current) ||
    t.isTypeAssertionExpression(current) ||
    t.isNonNullExpression(current) ||
    t.isSatisfiesExpression(current)
  )
    current = current.expression;
  return current;
}
