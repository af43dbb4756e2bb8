import type * as ts from 'typescript';
import { namesCdkClass } from './names-cdk-class.js';
import { cfnParameterDefault, onlyUsed, stackConstant } from './cfn-parameters.js';
import type { Evaluator } from './evaluator.js';
import { EMPTY_CONTEXT } from './static-value.js';
import { unwrapExpression } from './unwrap-expression.js';

const CFN_CONDITION: ReadonlySet<string> = new Set(['CfnCondition']);
const CONDITION_FUNCTIONS: ReadonlySet<string> = new Set(['conditionEquals', 'conditionAnd', 'conditionOr', 'conditionNot']);
/** How many conditions deep `Fn.conditionAnd(other, ...)` is followed. */
const MAX_DEPTH = 8;

/**
 * Whether a [CfnCondition](https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.CfnCondition.html) put on a
 * resource (`key.cfnOptions.condition = always`) always holds (true), never holds (false), or is not decided
 * here (undefined). Decided only for a condition created as `const c = new CfnCondition(this, 'Id', { expression })`
 * in the constructor of a class extending `Stack`, used only as a resource's condition, in another condition
 * or for its `logicalId`, whose expression is `Fn.conditionEquals`, `conditionAnd`, `conditionOr` and
 * `conditionNot` of string literals, of `valueAsString` of parameters with a literal `default`
 * (`cfn-parameters.ts`) and of other such conditions: CloudFormation evaluates it once per stack, from
 * those values ([Condition functions](https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-conditions.html)).
 */
export function cfnConditionHolds(
  t: typeof import('typescript'),
  evaluator: Evaluator,
  expression: ts.Expression,
  given: ReadonlySet<string>,
  depth = 0,
): boolean | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const created = stackConstant(t, evaluator, expression, CFN_CONDITION);
  if (!created || !t.isObjectLiteralExpression(created.props) || !onlyUsed(t, evaluator, created, isConditionUse)) return undefined;
  const [property, ...others] = created.props.properties;
  if (!property || others.length > 0 || !t.isPropertyAssignment(property) || !t.isIdentifier(property.name) || property.name.text !== 'expression')
    return undefined;
  return conditionValue(t, evaluator, property.initializer, given, depth);
}

/** The value of `Fn.conditionEquals(...)` and the other condition functions, of another condition, or undefined. */
function conditionValue(
  t: typeof import('typescript'),
  evaluator: Evaluator,
  node: ts.Expression,
  given: ReadonlySet<string>,
  depth: number,
): boolean | undefined {
  const expression = unwrapExpression(t, node);
  if (t.isIdentifier(expression)) return cfnConditionHolds(t, evaluator, expression, given, depth + 1);
  const name = conditionFunction(t, evaluator, expression);
  if (name === undefined || !t.isCallExpression(expression) || expression.arguments.some((a) => t.isSpreadElement(a))) return undefined;
  const args = expression.arguments;
  if (name === 'conditionEquals') {
    const [left, right, ...rest] = args;
    if (!left || !right || rest.length > 0) return undefined;
    const a = operand(t, evaluator, left, given);
    const b = operand(t, evaluator, right, given);
    return a === undefined || b === undefined ? undefined : a === b;
  }
  if (name === 'conditionNot') {
    const [only, ...rest] = args;
    const value = only && rest.length === 0 ? conditionValue(t, evaluator, only, given, depth + 1) : undefined;
    return value === undefined ? undefined : !value;
  }
  if (args.length === 0) return undefined;
  const values = args.map((a) => conditionValue(t, evaluator, a, given, depth + 1));
  // Fn::And holds when all hold, Fn::Or when one does: one decided operand may decide it.
  const decisive = name === 'conditionOr';
  if (values.includes(decisive)) return decisive;
  return values.includes(undefined) ? undefined : !decisive;
}

/** The condition function a call names (`Fn.conditionEquals`, `cdk.Fn.conditionAnd`) when `Fn` is aws-cdk-lib's. */
function conditionFunction(t: typeof import('typescript'), evaluator: Evaluator, expression: ts.Expression): string | undefined {
  if (!t.isCallExpression(expression)) return undefined;
  const callee = unwrapExpression(t, expression.expression);
  if (!t.isPropertyAccessExpression(callee) || !CONDITION_FUNCTIONS.has(callee.name.text)) return undefined;
  const owner = unwrapExpression(t, callee.expression);
  const named = t.isIdentifier(owner) ? owner.text : t.isPropertyAccessExpression(owner) ? owner.name.text : undefined;
  if (named !== 'Fn') return undefined;
  // aws-cdk-lib's `Fn` evaluates to a token; a project object named `Fn` does not.
  const value = evaluator.evaluate(owner, EMPTY_CONTEXT);
  return value.kind === 'unknown' && value.token === true ? callee.name.text : undefined;
}

/** A string compared by `Fn.conditionEquals`: a literal, or a parameter's `default` read as `valueAsString`. */
function operand(t: typeof import('typescript'), evaluator: Evaluator, node: ts.Expression, given: ReadonlySet<string>): string | undefined {
  const expression = unwrapExpression(t, node);
  if (t.isStringLiteralLike(expression)) return expression.text;
  if (!t.isPropertyAccessExpression(expression) || expression.name.text !== 'valueAsString') return undefined;
  const owner = evaluator.evaluate(expression.expression, EMPTY_CONTEXT);
  if (owner.kind !== 'unknown' || owner.token !== true) return undefined;
  const value = cfnParameterDefault(t, evaluator, expression.expression, given, expression.getText());
  return value?.kind === 'string' ? value.value : undefined;
}

/**
 * A condition's use that leaves it as created: a resource's `x.cfnOptions.condition = c`, `c.logicalId`, or an
 * operand of condition functions that make another condition's `expression` (`Fn.conditionAnd(c)` of one
 * operand returns `c` itself, so a call used anywhere else could hand it on to be changed).
 */
function isConditionUse(t: typeof import('typescript'), reference: ts.Identifier): boolean {
  const parent = reference.parent;
  if (t.isPropertyAccessExpression(parent))
    return parent.expression === reference && parent.name.text === 'logicalId' && !(t.isBinaryExpression(parent.parent) && parent.parent.left === parent);
  if (t.isBinaryExpression(parent)) {
    const left = parent.left;
    return (
      parent.right === reference &&
      parent.operatorToken.kind === t.SyntaxKind.EqualsToken &&
      t.isPropertyAccessExpression(left) &&
      left.name.text === 'condition' &&
      t.isPropertyAccessExpression(left.expression) &&
      left.expression.name.text === 'cfnOptions'
    );
  }
  let operand: ts.Node = reference;
  while (t.isCallExpression(operand.parent) && operand.parent.arguments.some((a) => a === operand) && isConditionCall(t, operand.parent))
    operand = operand.parent;
  if (operand === reference) return false;
  const property = operand.parent;
  if (!t.isPropertyAssignment(property) || property.initializer !== operand || !t.isIdentifier(property.name) || property.name.text !== 'expression')
    return false;
  const created = property.parent.parent;
  return t.isNewExpression(created) && created.arguments?.[2] === property.parent && namesCdkClass(t, created.expression, CFN_CONDITION);
}

function isConditionCall(t: typeof import('typescript'), call: ts.CallExpression): boolean {
  return t.isPropertyAccessExpression(call.expression) && CONDITION_FUNCTIONS.has(call.expression.name.text);
}
