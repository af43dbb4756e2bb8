/**
 * What a scope takes for granted (`EvalScope.assumed`, set for the one instance of a block switched by
 * its `count`): the value of a reference, a call or a comparison written alike in the condition.
 */
import type { Expr } from './ast.js';
import type { Env } from './evaluation-env.js';
import { expressionShape } from './expression-shape.js';
import type { TfValue } from './value.js';

/**
 * The value the scope takes for granted (`EvalScope.assumed`) for the longest reference a chain of
 * `stepCount` steps starts with (`var.user_name` of `var.user_name.id`), and how many steps it takes.
 */
export function assumedReference(
  expr: Expr,
  stepCount: number,
  assumed: ReadonlyMap<string, TfValue> | undefined,
): { value: TfValue; consumed: number } | undefined {
  if (assumed === undefined || assumed.size === 0) return undefined;
  let [prefix, consumed] = [expr, stepCount];
  while (prefix.kind === 'traverse') {
    const value = assumed.get(expressionShape(prefix));
    if (value !== undefined) return { value, consumed };
    [prefix, consumed] = [prefix.target, consumed - 1];
  }
  return undefined;
}

/**
 * The value the scope takes for granted for a call or a comparison (`lower(var.u)`, `var.k != null`),
 * outside `for` expressions and `dynamic` blocks: a name they bind may be written alike in the condition
 * and stand there for something else.
 */
export function assumedExpression(expr: Expr, env: Env): TfValue | undefined {
  const assumed = env.scope.assumed;
  if (assumed === undefined || assumed.size === 0 || env.locals.size > 0) return undefined;
  return assumed.get(expressionShape(expr));
}
