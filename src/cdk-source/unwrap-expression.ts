import type * as ts from 'typescript';

/**
 * Whether `node` is syntax that wraps a value without changing it: parentheses, `as T`, `<T>x`, `x!`
 * and `satisfies T`, the same wrappers the evaluator looks through (`WrappingExpression` in
 * `evaluate-expression.ts`).
 */
export function isWrappingExpression(
  t: typeof import('typescript'),
  node: ts.Node,
): node is ts.ParenthesizedExpression | ts.AsExpression | ts.TypeAssertion | ts.NonNullExpression | ts.SatisfiesExpression {
  return (
    t.isParenthesizedExpression(node) ||
    t.isAsExpression(node) ||
    t.isTypeAssertionExpression(node) ||
    t.isNonNullExpression(node) ||
    t.isSatisfiesExpression(node)
  );
}

/** The expression inside the wrappers around `node` (`isWrappingExpression`). */
export function unwrapExpression(t: typeof import('typescript'), node: ts.Expression): ts.Expression {
  let current = node;
  while (isWrappingExpression(t, current)) current = current.expression;
  return current;
}
