/**
 * Reading one instance of a block whose `count`/`for_each` is unknown. `aws_iam_user.this[0]` fails
 * the plan ("Invalid index") where instance 0 does not exist, so in every plan that succeeds it is
 * that instance; the scope gives its object (`EvalScope.resolveInstance`). The same holds for a
 * position in the list of a `count` block's instances, where indexing the list fails when it is too
 * short: `aws_iam_user.this.*.name[0]` (a bracket ends the legacy splat, so `[0]` indexes the
 * list of names), `(aws_iam_user.this[*].name)[0]`, and `element(aws_iam_user.this[*].name, 0)`
 * (`element` fails on an empty list:
 * https://developer.hashicorp.com/terraform/language/functions/element; any other index wraps around
 * by the unknown length, so only 0 is certain). Not so where an empty list is no error:
 * `aws_iam_user.this[*].name[0]` (the full splat applies `[0]` to each element, so zero instances give
 * `[]`), `one(...)`, `length(...)`, `concat(aws_iam_user.this.*.name, [""])[0]`; nor inside `try`/`can`,
 * which catch the failure, or in the result of a conditional that is not taken (`Env.catchesErrors`).
 */
import type { Expr } from './ast.js';
import type { Env, EvalIn } from './evaluation-env.js';
import { chainOf, rootReference, type RootReference } from './traverse-value.js';
import { isUnknown, type TfValue } from './value.js';

/** References whose value is the collection of a block's instances. */
const COLLECTIONS = new Set<RootReference['kind']>(['resource', 'data', 'module']);

function withoutParens(expr: Expr): Expr {
  let inner = expr;
  while (inner.kind === 'parens') inner = inner.expr;
  return inner;
}

/**
 * The instance `key` selects of the block `ref` names (by key, or by position in its list of instances);
 * with no key, the one instance of a block OpenTofu's `lifecycle { enabled }` switches, whose attribute
 * is read (`aws_iam_user.this.name` fails on the null a disabled block is).
 */
export function indexedInstance(ref: RootReference, key: TfValue | undefined, env: Env, byPosition: boolean): TfValue | undefined {
  if (env.catchesErrors === true || env.scope.resolveInstance === undefined || !COLLECTIONS.has(ref.kind)) return undefined;
  if (key !== undefined && isUnknown(key)) return undefined;
  return env.scope.resolveInstance(ref, key, byPosition);
}

/** The reference `expr` is and nothing more (`aws_iam_user.this`, `module.m`), unless a `for` variable shadows it. */
function bareReference(expr: Expr, env: Env): RootReference | undefined {
  if (expr.kind !== 'traverse') return undefined;
  const { root, steps } = chainOf(expr);
  if (root.kind !== 'variable' || env.locals.has(root.name)) return undefined;
  const reference = rootReference(root.name, steps);
  return typeof reference === 'string' || reference.consumed !== steps.length ? undefined : reference.ref;
}

/**
 * How to read the element at a known position of `list` when `list` is the names (or any splat) of a
 * `count` block's instances, or the block itself (`element(aws_iam_user.this, 0)`): the splat's
 * traversal applied to that instance. Undefined where `list` is written otherwise.
 */
export function positionalReader(list: Expr, env: Env, evalIn: EvalIn): ((position: TfValue) => TfValue | undefined) | undefined {
  const inner = withoutParens(list);
  const direct = bareReference(inner, env);
  if (direct !== undefined) return (position) => indexedInstance(direct, position, env, true);
  if (inner.kind !== 'splat') return undefined;
  const target = bareReference(withoutParens(inner.target), env);
  if (target === undefined) return undefined;
  return (position) => {
    const instance = indexedInstance(target, position, env, true);
    return instance === undefined ? undefined : evalIn(inner.each, { ...env, splatItem: { value: instance } });
  };
}

/**
 * `element(aws_iam_user.this[*].name, 0)` where the block's instances are unknown: its first instance's
 * name, as `element` fails on an empty list (see the module comment); undefined for any other call.
 */
export function elementOfInstances(expr: Extract<Expr, { kind: 'call' }>, env: Env, evalIn: EvalIn): TfValue | undefined {
  const [list, index, ...others] = expr.args;
  if (list === undefined || index === undefined || others.length > 0 || expr.expandFinal) return undefined;
  const read = positionalReader(list, env, evalIn);
  if (read === undefined) return undefined;
  return evalIn(index, env) === 0 ? read(0) : undefined;
}
