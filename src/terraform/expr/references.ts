/**
 * The root references an expression makes (`var.x`, `aws_iam_user.u`, `data.t.n`, `each`...), for
 * dependency order and for linking resources by reference. Names bound by `for` are not references.
 */
import type { Expr } from './ast.js';
import { describeReference, rootReference, type RootReference } from './traverse-value.js';
import { visitExpression, visitJsonExpressions, type ExpressionVisitor } from './visit-expression.js';

/**
 * Every root reference in the expression, each once, in order of first appearance. `names` are bound
 * names that are not references (the `names` given to `evaluate`, such as a dynamic block's iterator).
 */
export function references(expr: Expr, names: Iterable<string> = []): RootReference[] {
  const found = new Map<string, RootReference>();
  visitExpression(expr, collector(found), new Set(names));
  return [...found.values()];
}

/** The references in a JSON-syntax value: every string is a template, object keys included. */
export function referencesInJson(value: unknown, names: Iterable<string> = []): RootReference[] {
  const found = new Map<string, RootReference>();
  const visitor = collector(found);
  const bound = new Set(names);
  visitJsonExpressions(value, (expr) => {
    visitExpression(expr, visitor, bound);
    return undefined;
  });
  return [...found.values()];
}

/** Adds each reference to `found` under its description; never ends the walk. */
function collector(found: Map<string, RootReference>): ExpressionVisitor<never> {
  return {
    name: (name, _offset, steps) => {
      const reference = rootReference(name, steps);
      if (typeof reference !== 'string') {
        const key = describeReference(reference.ref);
        if (!found.has(key)) found.set(key, reference.ref);
      }
      return undefined;
    },
  };
}
