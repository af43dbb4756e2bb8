import type * as ts from 'typescript';
import { opaque, strictlyEqual, truthiness, unknown, type Context, type StaticValue } from './static-value.js';
import { snippet } from './source-location.js';
import type { Evaluator } from './evaluator.js';
import { narrowTruthy } from './narrow-truthy.js';

/**
 * `c ? a : b`: the branch a known condition takes; otherwise both branches, each evaluated with what
 * its side of the condition tells (`narrow-truthy.ts`), and the value when they agree.
 */
export function conditionalValue(evaluator: Evaluator, node: ts.ConditionalExpression, context: Context): StaticValue {
  const condition = evaluator.evaluate(node.condition, context);
  const truth = truthiness(condition);
  if (truth !== undefined) return evaluator.evaluate(truth ? node.whenTrue : node.whenFalse, context);
  const narrowed = (when: boolean) =>
    narrowTruthy(evaluator.ts, evaluator.host.index, (expression, at) => evaluator.evaluate(expression, at), context, node.condition, when);
  const [a, b] = [evaluator.evaluate(node.whenTrue, narrowed(true)), evaluator.evaluate(node.whenFalse, narrowed(false))];
  return strictlyEqual(a, b) === true ? a : conditionUnknown(condition, node.condition, isSet(a) && isSet(b));
}

/** Unknown because a condition is: its own reason, or that it is not a known boolean. */
function conditionUnknown(condition: StaticValue, node: ts.Expression, set = false): StaticValue {
  if (condition.kind !== 'unknown') return opaque(snippet(node, node.getSourceFile()));
  // The value is one of the branches, not the condition: a condition from aws-cdk-lib
  // (`node.tryGetContext('x')`, a token) says nothing of whether `c ? password : undefined` is set;
  // where both branches are set, so is the value (a token: set, its value unknown).
  const value = unknown(condition.reason, condition.subject, set);
  // Which branch it is depends on a value cut off at a size limit: so is this one.
  return condition.cutOff ? { ...value, cutOff: true } : value;
}

/**
 * Whether a branch is a set value whose content nothing reads further: a token (a `SecretValue`) or a
 * primitive. An object, array or construct is not: a set but unknown value reads as set in every
 * property (`(c ? { userName: 'a' } : { userName: 'b' }).password` would be a password).
 */
function isSet(value: StaticValue): boolean {
  if (value.kind === 'unknown') return value.token === true;
  return value.kind === 'string' || value.kind === 'number' || value.kind === 'boolean';
}
