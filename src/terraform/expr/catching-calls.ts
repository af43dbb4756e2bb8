/**
 * `try` and `can`, the built-in functions that catch evaluation errors: they take their arguments
 * unevaluated, so the evaluator calls them itself (`evaluate.ts`), evaluating each argument with
 * errors caught (`Env.catchesErrors`).
 */
import type { Expr } from './ast.js';
import { deepUnknown, fail } from './convert-value.js';
import type { Env, EvalIn } from './evaluation-env.js';
import { UndeclaredReference, Unknown, isEvaluationError, type TfValue } from './value.js';

/**
 * `try(a, b, ...)`: the first argument that evaluates without an error. An unknown result is not an
 * error, and whether it would fail later cannot be known, so it makes `try` unknown
 * (https://developer.hashicorp.com/terraform/language/functions/try). Nor is what is known of that
 * unknown string (`"admin-${var.cfg.name}"` starts with `admin-`) known of the result: had the value
 * been known, the argument might have failed and a later one been chosen. Only the last argument,
 * which has no later one, keeps it.
 */
export function evaluateTry(args: readonly Expr[], env: Env, evalIn: EvalIn): TfValue {
  let lastFailure: Unknown | undefined;
  const catching: Env = { ...env, catchesErrors: true };
  for (const [index, arg] of args.entries()) {
    const value = evalIn(arg, catching);
    // Terraform refuses the reference before it evaluates anything: no argument is tried.
    if (value instanceof UndeclaredReference) return value;
    if (isEvaluationError(value)) {
      lastFailure = value;
      continue;
    }
    const unknown = deepUnknown(value);
    if (unknown === undefined) return value;
    return index === args.length - 1 || unknown.known === undefined || unknown.constructor !== Unknown
      ? unknown
      : new Unknown(unknown.reason, unknown.resourceAddress);
  }
  return fail(lastFailure === undefined ? 'try() needs at least one argument' : `no argument of try() succeeded; the last failed: ${lastFailure.reason}`);
}

/** `can(expr)`: true when it evaluates without error, unknown when its value is not wholly known. */
export function evaluateCan(args: readonly Expr[], env: Env, evalIn: EvalIn): TfValue {
  const [arg] = args;
  if (arg === undefined || args.length !== 1) return fail(`can() takes exactly one argument, not ${args.length}`);
  const value = evalIn(arg, { ...env, catchesErrors: true });
  if (value instanceof UndeclaredReference) return value;
  if (isEvaluationError(value)) return false;
  return deepUnknown(value) ?? true;
}
