/**
 * The most instances a `count` can make when its value is unknown: a conditional whose results are
 * known whole numbers (`count = var.create ? 1 : 0`, the usual switch of a module's optional
 * resource) makes at most the larger, whatever its condition turns out to be
 * (https://developer.hashicorp.com/terraform/language/meta-arguments/count). So a key written that
 * way is one key at most, never a second one of its own; which one it would be, `count.index` 0, is
 * known too. A local value that is not known is the expression written for it
 * (`count = local.key_count`, written as such a conditional).
 */
import type { Sensitive, TfValue } from '../expr/value.js';
import { isUnknown, unmark } from '../expr/value.js';
import { stringAsNumber } from './expand-instances.js';
import { parseTemplate, type Expr } from './expr-api.js';

/** Conditionals nested and local values followed deeper than this are not (the bound is then unknown). */
const MAX_DEPTH = 8;

/**
 * The largest number of instances `count` (as written, Terraform-JSON shaped) can have whatever the
 * conditions in it turn out to be, when every result of its conditionals is a known whole number;
 * else undefined. `evaluate` evaluates an expression in the block's module.
 */
export function countUpperBound(written: unknown, module: CountModule): number | undefined {
  const results = conditionalResults(written, module);
  if (results === undefined) return undefined;
  let most = 0;
  for (const result of results) {
    const n = stringAsNumber(result);
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) return undefined;
    most = Math.max(most, n);
  }
  return most;
}

/** What `countUpperBound` reads of the module instance a `count` is written in. */
export interface CountModule {
  /** The value of an expression in the module instance. */
  readonly evaluate: (expr: Expr) => TfValue;
  /** The value written for a local value of the module, if it declares one. */
  readonly localValue: (name: string) => unknown;
}

/**
 * Every value an expression (as written, Terraform-JSON shaped) written as conditionals can take,
 * whatever their conditions turn out to be, when each result of a conditional is known (unmarked);
 * else undefined. A result whose value is not known is followed where it is a local value written
 * as such conditionals (`count = local.key_count`). The results are those of every branch, also of one
 * no condition can choose: a superset, which is all a bound needs.
 */
export function conditionalResults(written: unknown, module: CountModule): Exclude<TfValue, Sensitive>[] | undefined {
  const expr = writtenExpression(written);
  if (expr === undefined) return undefined;
  const results: Exclude<TfValue, Sensitive>[] = [];
  return collect(expr, module, 0, results) ? results : undefined;
}

/** The expression of a value written in configuration (`"${...}"` alone taken as what it holds), if it parses. */
export function writtenExpression(written: unknown): Expr | undefined {
  if (typeof written !== 'string') return undefined;
  const parsed = parseTemplate(written);
  if (!parsed.ok) return undefined;
  // `"${var.create ? 1 : 0}"` (Terraform 0.11's habit) is that expression itself.
  const expr = parsed.expr;
  return expr.kind === 'template' && expr.parts.length === 1 && expr.parts[0]?.kind === 'interpolation' ? expr.parts[0].expr : expr;
}

function collect(expr: Expr, module: CountModule, depth: number, results: Exclude<TfValue, Sensitive>[]): boolean {
  if (expr.kind === 'parens') return collect(expr.expr, module, depth, results);
  if (expr.kind === 'conditional') {
    if (depth >= MAX_DEPTH) return false;
    return collect(expr.then, module, depth + 1, results) && collect(expr.else, module, depth + 1, results);
  }
  let evaluated: TfValue;
  try {
    evaluated = module.evaluate(expr);
  } catch {
    return false;
  }
  const value = unmark(evaluated);
  if (isUnknown(value)) {
    const local =
      expr.kind === 'traverse' && expr.step.kind === 'attr' && expr.target.kind === 'variable' && expr.target.name === 'local' ? expr.step.name : undefined;
    const written = local === undefined || depth >= MAX_DEPTH ? undefined : writtenExpression(module.localValue(local));
    return written !== undefined && collect(written, module, depth + 1, results);
  }
  results.push(value);
  return true;
}
