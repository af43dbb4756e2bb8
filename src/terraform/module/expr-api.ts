/**
 * The expression engine's entry points the module evaluator uses, gathered in one place so the
 * evaluator does not depend on how `src/terraform/expr/` splits its files.
 */
import { convertToType, parseTypeConstraint } from '../expr/type-constraints.js';
import { EvaluationError, isUnknown, markedIf, unmarkDeep, type TfValue } from '../expr/value.js';
import type { Expr } from '../expr/ast.js';

export { evaluate, evaluateJson, literalJson, loadFunctionsFor } from '../expr/evaluate.js';
export type { EvalScope } from '../expr/evaluate.js';
export type { PathFunctions } from '../expr/evaluation-env.js';
export type { RootReference } from '../expr/traverse-value.js';
export { describeReference } from '../expr/traverse-value.js';
export { parseExpression, parseTemplate } from '../expr/parse-expression.js';
export { notConstant } from '../expr/constant-expression.js';
export { visitExpression, visitJsonExpressions } from '../expr/visit-expression.js';
export type { Expr, Traversal } from '../expr/ast.js';

/** The name of a reference to an input variable written alone (`var.deployer`). */
export function variableName(expr: Expr): string | undefined {
  return expr.kind === 'traverse' && expr.step.kind === 'attr' && expr.target.kind === 'variable' && expr.target.name === 'var' ? expr.step.name : undefined;
}

/**
 * A variable's value converted to its declared type, as Terraform converts input values
 * (https://developer.hashicorp.com/terraform/language/values/variables#type-constraints).
 * A constraint credlint cannot read leaves the value as given.
 */
export function convertVariableValue(given: TfValue, typeSource: string, what: string): TfValue {
  const type = parseTypeConstraint(typeSource);
  if (type === undefined) return given;
  // A marked value is converted as the plain value, and the result marked as a whole.
  const { value, marked } = unmarkDeep(given);
  const converted = convertToType(value, type);
  // The reason may quote the value (`cannot convert "abc" to number`): not when it is sensitive.
  if (isUnknown(converted) && !isUnknown(value))
    return new EvaluationError(`${what}: ${marked ? `the sensitive value does not convert to ${typeSource}` : converted.reason}`);
  return markedIf(converted, marked);
}
