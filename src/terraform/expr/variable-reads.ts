/** What the validation of a variable whose value is not known tells of the parts of it read (`EvalScope.variableElements`, `variableAttribute`). */
import type { Env } from './evaluation-env.js';
import type { RootReference } from './traverse-value.js';
import { isEvaluationError, isUnknown, Unknown, type TfValue } from './value.js';

/**
 * An element of a list variable whose value is not known (`var.names[count.index]`), where its
 * validation tells what every element is (`EvalScope.variableElements`): any element read by index is
 * one of them, or Terraform fails the plan.
 */
export function variableElement(ref: RootReference, value: TfValue, env: Env): Unknown | undefined {
  // A failure (an undeclared variable) stays one.
  if (ref.kind !== 'var' || isEvaluationError(value) || !isUnknown(value) || value.known !== undefined) return undefined;
  const elements = env.scope.variableElements?.(ref.name);
  return elements === undefined ? undefined : new Unknown(value.reason, undefined, elements);
}

/** An attribute of an object variable whose value is not known (`var.user.name`), where its validation tells what it is (`EvalScope.variableAttribute`). */
export function variableAttribute(ref: RootReference, value: TfValue, attribute: string, env: Env): Unknown | undefined {
  if (ref.kind !== 'var' || isEvaluationError(value) || !isUnknown(value) || value.known !== undefined) return undefined;
  const parts = env.scope.variableAttribute?.(ref.name, attribute);
  return parts === undefined ? undefined : new Unknown(value.reason, undefined, parts);
}
