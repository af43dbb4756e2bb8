/**
 * Which `for_each` expressions the expansion of a block reads entry by entry where a `for` filter is
 * unknown for some elements (`partial-collection.ts`), for resources (`resource-instances.ts`) and
 * module calls (`module-calls.ts`) alike.
 */
import { builtInName, type Expr } from '../expr/ast.js';
import { writtenExpression, withoutParens } from './exclusive-counts.js';
import type { ModuleConfig } from './module-config.js';

/** Local values followed to the `for` that builds a `for_each` map. */
const MAX_LOCALS = 8;

/**
 * Whether a `for_each` (as written) is the map a `for` expression builds, or `toset` of the tuple one
 * builds, itself or through local values (`local.humans` written as `{ for k, v in var.users : k => v if
 * v.console }`), or `merge`, `concat` or `flatten` of such collections among known ones (`merge(local.humans,
 * { ci = {} })`, `toset(concat([for ...], ["ci"]))`): its value is then the one those give, entries and all
 * (`partial-collection.ts`); any other expression's is not.
 */
export function builtByFor(written: unknown, config: ModuleConfig): boolean {
  const expr = followLocals(writtenExpression(written), config);
  if (expr?.kind === 'for') return expr.object && !expr.grouping;
  if (expr?.kind !== 'call' || expr.expandFinal) return false;
  const name = builtInName(expr.name);
  if (name === 'merge') return expr.args.some((arg) => holdsFor(arg, config, 0));
  return name === 'toset' && expr.args.length === 1 && expr.args[0] !== undefined && holdsFor(expr.args[0], config, 0);
}

/** The most calls and tuples `holdsFor` looks into. */
const MAX_NESTING = 8;

/** Whether a collection is a `for`, or `merge`/`concat`/`flatten` or a tuple of such collections. */
function holdsFor(written: Expr, config: ModuleConfig, depth: number): boolean {
  const expr = followLocals(written, config);
  if (expr === undefined || depth > MAX_NESTING) return false;
  if (expr.kind === 'for') return !expr.grouping;
  if (expr.kind === 'tuple') return expr.items.some((item) => holdsFor(item, config, depth + 1));
  if (expr.kind !== 'call' || expr.expandFinal || !['merge', 'concat', 'flatten'].includes(builtInName(expr.name))) return false;
  return expr.args.some((arg) => holdsFor(arg, config, depth + 1));
}

/** The expression a chain of local values is written as (`local.a` written as `local.b`...), parentheses aside. */
function followLocals(written: Expr | undefined, config: ModuleConfig): Expr | undefined {
  let expr = written;
  for (let depth = 0; expr !== undefined && depth <= MAX_LOCALS; depth++) {
    expr = withoutParens(expr);
    if (expr.kind !== 'traverse' || expr.step.kind !== 'attr' || expr.target.kind !== 'variable' || expr.target.name !== 'local') return expr;
    expr = writtenExpression(config.locals.get(expr.step.name)?.value);
  }
  return undefined;
}
