/**
 * One walk over an expression for the analyses that look at the names it uses without evaluating it:
 * `references.ts` (every root reference) and `constant-expression.ts` (the first name or function
 * call Terraform refuses where no evaluation context is given). Sub-expressions are visited in source
 * order; the names a `for` expression or a template `for` directive binds are in scope in its body
 * only, as HCL scopes them (https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#for-expressions).
 */
import type { Expr, TemplatePart, Traversal } from './ast.js';
import { parseTemplate } from './parse-expression.js';
import { MAX_NESTING } from './source-cursor.js';
import { chainOf } from './traverse-value.js';

export type CallExpr = Extract<Expr, { readonly kind: 'call' }>;

/** What an analysis does at the nodes it cares about: a result other than `undefined` ends the walk with it. */
export interface ExpressionVisitor<T> {
  /**
   * A root name no enclosing `for` binds (`var` in `var.x`, `aws_iam_user` in `aws_iam_user.u.name`),
   * with the traversal steps written after it; `inFor` says whether a `for` encloses it.
   */
  readonly name: (name: string, offset: number, steps: readonly Traversal[], inFor: boolean) => T | undefined;
  /** A function call; without a result the walk goes on into its arguments. */
  readonly call?: (expr: CallExpr) => T | undefined;
}

/** Walks `expr`; `bound` holds names that are not references (such as a dynamic block's iterator). */
export function visitExpression<T>(expr: Expr, visitor: ExpressionVisitor<T>, bound: ReadonlySet<string>): T | undefined {
  return visit(expr, visitor, bound, false);
}

/**
 * Walks every expression of a value in Terraform's JSON shape, where every string is a template,
 * object keys included (the native parser gives a `.tf` file's expressions in the same shape).
 */
export function visitJsonExpressions<T>(value: unknown, visit: (expr: Expr) => T | undefined): T | undefined {
  return visitJson(value, visit, 0);
}

function visitJson<T>(value: unknown, visitExpr: (expr: Expr) => T | undefined, depth: number): T | undefined {
  if (depth > MAX_NESTING * 2) return undefined;
  if (typeof value === 'string') {
    const parsed = parseTemplate(value);
    return parsed.ok ? visitExpr(parsed.expr) : undefined;
  }
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) {
      const result = visitJson(item, visitExpr, depth + 1);
      if (result !== undefined) return result;
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const result = visitJson(key, visitExpr, depth + 1) ?? visitJson(item, visitExpr, depth + 1);
      if (result !== undefined) return result;
    }
  }
  return undefined;
}

function visit<T>(expr: Expr, visitor: ExpressionVisitor<T>, bound: ReadonlySet<string>, inFor: boolean): T | undefined {
  switch (expr.kind) {
    case 'literal':
    case 'splat-item':
      return undefined;
    case 'parens':
      return visit(expr.expr, visitor, bound, inFor);
    case 'template':
      return visitParts(expr.parts, visitor, bound, inFor);
    case 'tuple':
      return visitAll(expr.items, visitor, bound, inFor);
    case 'object':
      for (const item of expr.items) {
        const result = visit(item.key, visitor, bound, inFor) ?? visit(item.value, visitor, bound, inFor);
        if (result !== undefined) return result;
      }
      return undefined;
    case 'variable':
    case 'traverse': {
      const { root, steps } = chainOf(expr);
      let result: T | undefined;
      if (root.kind !== 'variable') result = visit(root, visitor, bound, inFor);
      else if (!bound.has(root.name)) result = visitor.name(root.name, root.offset, steps, inFor);
      for (const step of steps) {
        if (result !== undefined) return result;
        if (step.kind === 'index') result = visit(step.key, visitor, bound, inFor);
      }
      return result;
    }
    case 'splat':
      return visit(expr.target, visitor, bound, inFor) ?? visit(expr.each, visitor, bound, inFor);
    case 'call':
      return visitor.call?.(expr) ?? visitAll(expr.args, visitor, bound, inFor);
    case 'unary':
      return visit(expr.operand, visitor, bound, inFor);
    case 'binary':
      return visit(expr.left, visitor, bound, inFor) ?? visit(expr.right, visitor, bound, inFor);
    case 'conditional':
      return visit(expr.condition, visitor, bound, inFor) ?? visit(expr.then, visitor, bound, inFor) ?? visit(expr.else, visitor, bound, inFor);
    case 'for': {
      const result = visit(expr.collection, visitor, bound, inFor);
      if (result !== undefined) return result;
      const inner = withNames(bound, expr.keyVar, expr.valueVar);
      return (
        (expr.keyExpr === undefined ? undefined : visit(expr.keyExpr, visitor, inner, true)) ??
        visit(expr.valueExpr, visitor, inner, true) ??
        (expr.condition === undefined ? undefined : visit(expr.condition, visitor, inner, true))
      );
    }
  }
}

function visitAll<T>(items: readonly Expr[], visitor: ExpressionVisitor<T>, bound: ReadonlySet<string>, inFor: boolean): T | undefined {
  for (const item of items) {
    const result = visit(item, visitor, bound, inFor);
    if (result !== undefined) return result;
  }
  return undefined;
}

function visitParts<T>(parts: readonly TemplatePart[], visitor: ExpressionVisitor<T>, bound: ReadonlySet<string>, inFor: boolean): T | undefined {
  for (const part of parts) {
    let result: T | undefined;
    if (part.kind === 'interpolation') result = visit(part.expr, visitor, bound, inFor);
    else if (part.kind === 'if')
      result = visit(part.condition, visitor, bound, inFor) ?? visitParts(part.then, visitor, bound, inFor) ?? visitParts(part.else, visitor, bound, inFor);
    else if (part.kind === 'for')
      result = visit(part.collection, visitor, bound, inFor) ?? visitParts(part.body, visitor, withNames(bound, part.keyVar, part.valueVar), true);
    if (result !== undefined) return result;
  }
  return undefined;
}

function withNames(bound: ReadonlySet<string>, keyVar: string | undefined, valueVar: string): ReadonlySet<string> {
  const inner = new Set(bound);
  if (keyVar !== undefined) inner.add(keyVar);
  inner.add(valueVar);
  return inner;
}
