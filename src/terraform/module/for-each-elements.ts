/**
 * What is known of every `each.key` (and `each.value`) of a block or module call whose `for_each` is a
 * list or set variable credlint does not know (`toset(var.names)`, `var.names`, through `distinct`,
 * `compact`, `sort`): what the variable's `validation` says of each element. Of a set, `each.key` and
 * `each.value` are the element itself
 * (https://developer.hashicorp.com/terraform/language/meta-arguments/for_each#the-each-object).
 */
import type { KnownParts } from '../../core/known-parts.js';
import { builtInName } from '../expr/ast.js';
import { parseTemplate, variableName } from './expr-api.js';

/** Functions that give a collection only of elements of their argument: for_each over them runs over those elements. */
const ELEMENTS_KEPT = new Set(['toset', 'tolist', 'distinct', 'compact', 'sort', 'nonsensitive']);

/** The elements' known parts of `forEach` as written; undefined where it is not such a variable or its validation tells nothing. */
export function forEachElements(forEach: unknown, variableElements: (name: string) => KnownParts | undefined): KnownParts | undefined {
  const parsed = typeof forEach === 'string' ? parseTemplate(forEach) : undefined;
  let expr = parsed?.ok === true ? parsed.expr : undefined;
  for (;;) {
    while (expr?.kind === 'parens') expr = expr.expr;
    if (expr?.kind === 'template' && expr.parts.length === 1 && expr.parts[0]?.kind === 'interpolation') expr = expr.parts[0].expr;
    else if (expr?.kind === 'call' && !expr.expandFinal && expr.args.length === 1 && ELEMENTS_KEPT.has(builtInName(expr.name))) expr = expr.args[0];
    else break;
  }
  const name = expr === undefined ? undefined : variableName(expr);
  return name === undefined ? undefined : variableElements(name);
}
