/**
 * The most instances a `count` can make when its value is unknown: a conditional whose results are
 * known whole numbers (`count = var.create ? 1 : 0`, the usual switch of a module's optional
 * resource) makes at most the larger, whatever its condition turns out to be
 * (https://developer.hashicorp.com/terraform/language/meta-arguments/count). So a key written that
 * way is one key at most, never a second one of its own; which one it would be, `count.index` 0, is
 * known too.
 */
import type { TfValue } from '../expr/value.js';
import { isUnknown, unmark } from '../expr/value.js';
import { stringAsNumber } from './expand-instances.js';
import { parseTemplate, type Expr } from './expr-api.js';

/** Conditionals nested deeper than this are not followed (the bound is then unknown). */
const MAX_DEPTH = 8;

/**
 * The largest number of instances `count` (as written, Terraform-JSON shaped) can have whatever the
 * conditions in it turn out to be, when every result of its conditionals is a known whole number;
 * else undefined. `evaluate` evaluates an expression in the block's module.
 */
export function countUpperBound(written: unknown, evaluate: (expr: Expr) => TfValue): number | undefined {
  if (typeof written !== 'string') return undefined;
  const parsed = parseTemplate(written);
  if (!parsed.ok) return undefined;
  let expr = parsed.expr;
  // `"${var.create ? 1 : 0}"` (Terraform 0.11's habit) is that expression itself.
  if (expr.kind === 'template' && expr.parts.length === 1 && expr.parts[0]?.kind === 'interpolation') expr = expr.parts[0].expr;
  return bound(expr, evaluate, 0);
}

function bound(expr: Expr, evaluate: (expr: Expr) => TfValue, depth: number): number | undefined {
  if (expr.kind === 'parens') return bound(expr.expr, evaluate, depth);
  if (expr.kind === 'conditional') {
    if (depth >= MAX_DEPTH) return undefined;
    const [then, otherwise] = [bound(expr.then, evaluate, depth + 1), bound(expr.else, evaluate, depth + 1)];
    return then === undefined || otherwise === undefined ? undefined : Math.max(then, otherwise);
  }
  let evaluated: TfValue;
  try {
    evaluated = evaluate(expr);
  } catch {
    return undefined;
  }
  const value = unmark(evaluated);
  if (isUnknown(value)) return undefined;
  const n = stringAsNumber(value);
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;
}
