/**
 * The root references an expression makes (`var.x`, `aws_iam_user.u`, `data.t.n`, `each`...), for
 * dependency order and for linking resources by reference. Names bound by `for` are not references.
 */
import type { Expr, TemplatePart } from './ast.js';
import { parseTemplate } from './parse-expression.js';
import { MAX_NESTING } from './source-cursor.js';
import { chainOf, describeReference, rootReference, type RootReference } from './traverse-value.js';

/**
 * Every root reference in the expression, each once, in order of first appearance. `names` are bound
 * names that are not references (the `names` given to `evaluate`, such as a dynamic block's iterator).
 */
export function references(expr: Expr, names: Iterable<string> = []): RootReference[] {
  const found = new Map<string, RootReference>();
  walk(expr, new Set(names), found);
  return [...found.values()];
}

/** The references in a JSON-syntax value: every string is a template, object keys included. */
export function referencesInJson(value: unknown, names: Iterable<string> = []): RootReference[] {
  const found = new Map<string, RootReference>();
  walkJson(value, new Set(names), found, 0);
  return [...found.values()];
}

function walkJson(value: unknown, bound: ReadonlySet<string>, found: Map<string, RootReference>, depth: number): void {
  if (depth > MAX_NESTING * 2) return;
  if (typeof value === 'string') {
    const parsed = parseTemplate(value);
    if (parsed.ok) walk(parsed.expr, bound, found);
  } else if (Array.isArray(value)) {
    for (const item of value as unknown[]) walkJson(item, bound, found, depth + 1);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      walkJson(key, bound, found, depth + 1);
      walkJson(item, bound, found, depth + 1);
    }
  }
}

function walk(expr: Expr, bound: ReadonlySet<string>, found: Map<string, RootReference>): void {
  switch (expr.kind) {
    case 'literal':
    case 'splat-item':
      return;
    case 'parens':
      walk(expr.expr, bound, found);
      return;
    case 'template':
      walkParts(expr.parts, bound, found);
      return;
    case 'tuple':
      for (const item of expr.items) walk(item, bound, found);
      return;
    case 'object':
      for (const item of expr.items) {
        walk(item.key, bound, found);
        walk(item.value, bound, found);
      }
      return;
    case 'variable':
    case 'traverse': {
      const { root, steps } = chainOf(expr);
      if (root.kind !== 'variable') walk(root, bound, found);
      else if (!bound.has(root.name)) {
        const reference = rootReference(root.name, steps);
        if (typeof reference !== 'string' && !found.has(describeReference(reference.ref))) found.set(describeReference(reference.ref), reference.ref);
      }
      for (const step of steps) if (step.kind === 'index') walk(step.key, bound, found);
      return;
    }
    case 'splat':
      walk(expr.target, bound, found);
      walk(expr.each, bound, found);
      return;
    case 'call':
      for (const arg of expr.args) walk(arg, bound, found);
      return;
    case 'unary':
      walk(expr.operand, bound, found);
      return;
    case 'binary':
      walk(expr.left, bound, found);
      walk(expr.right, bound, found);
      return;
    case 'conditional':
      walk(expr.condition, bound, found);
      walk(expr.then, bound, found);
      walk(expr.else, bound, found);
      return;
    case 'for': {
      walk(expr.collection, bound, found);
      const inner = withNames(bound, expr.keyVar, expr.valueVar);
      if (expr.keyExpr !== undefined) walk(expr.keyExpr, inner, found);
      walk(expr.valueExpr, inner, found);
      if (expr.condition !== undefined) walk(expr.condition, inner, found);
      return;
    }
  }
}

function walkParts(parts: readonly TemplatePart[], bound: ReadonlySet<string>, found: Map<string, RootReference>): void {
  for (const part of parts) {
    if (part.kind === 'interpolation') walk(part.expr, bound, found);
    else if (part.kind === 'if') {
      walk(part.condition, bound, found);
      walkParts(part.then, bound, found);
      walkParts(part.else, bound, found);
    } else if (part.kind === 'for') {
      walk(part.collection, bound, found);
      walkParts(part.body, withNames(bound, part.keyVar, part.valueVar), found);
    }
  }
}

function withNames(bound: ReadonlySet<string>, keyVar: string | undefined, valueVar: string): ReadonlySet<string> {
  const inner = new Set(bound);
  if (keyVar !== undefined) inner.add(keyVar);
  inner.add(valueVar);
  return inner;
}
