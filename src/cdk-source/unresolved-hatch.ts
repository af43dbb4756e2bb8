import type * as ts from 'typescript';
import { treeWalkOf } from './aspect-scopes.js';
import { isInlineCallback } from './control-flow-syntax.js';
import { parentOf } from './parent-of.js';
import { resourceChild } from './resource-child.js';
import type { ConstructClass, StaticValue, UnknownValue } from './static-value.js';
import { unwrapExpression } from './unwrap-expression.js';

/**
 * An escape hatch (https://docs.aws.amazon.com/cdk/v2/guide/cfn_layer.html) written on a receiver
 * credlint cannot evaluate: `(this.node.findChild('OldKey').node.defaultChild as iam.CfnAccessKey).status
 * = 'Inactive'`, or `(child as iam.CfnAccessKey).addPropertyOverride('Status', 'Inactive')` in a loop
 * over `this.node.children`. The receiver may be any construct of the code around it, so the change
 * may be one of the construct credlint is modelling (`escape-hatches.ts` then takes it as a change
 * that may run), never one of none of them.
 *
 * Only what is written as an escape hatch counts: a raw override (`addPropertyOverride`,
 * `addOverride` and their deletions, methods of `CfnResource`), a CloudFormation option
 * (`x.cfnOptions.condition`), and an L1 property written through `.node.defaultChild` or
 * `.node.findChild('Resource')`, or on a value cast to the construct's L1 class (`as iam.CfnAccessKey`)
 * or to `CfnResource`. Any other `x.status = …` on an unknown `x` is taken to be of something else.
 *
 * Returns the receiver's unknown value when the change is such an escape hatch and `value` (the
 * receiver's value where the change runs) is unknown.
 */
export function unresolvedHatch(
  t: typeof import('typescript'),
  change: ts.Node,
  receiver: ts.Expression,
  constructClass: ConstructClass,
  value: (expression: ts.Expression) => StaticValue,
): UnknownValue | undefined {
  if (!writtenAsHatch(t, change, receiver, constructClass)) return undefined;
  // A child of a construct credlint models (`key.node.tryFindChild('Default')`, an L1 resource's
  // `node.defaultChild`) is none of the constructs it models: they are created in a stack or a construct of the app's own.
  const owner = childOwner(t, receiver);
  if (owner !== undefined && value(owner).kind === 'construct') return undefined;
  const evaluated = value(unwrapExpression(t, receiver));
  return evaluated.kind === 'unknown' ? evaluated : undefined;
}

/** `x` of `x.node.defaultChild`, `x.node.findChild(…)` and `x.node.tryFindChild(…)`, else undefined. */
function childOwner(t: typeof import('typescript'), receiver: ts.Expression): ts.Expression | undefined {
  const target = unwrapExpression(t, receiver);
  const read = t.isPropertyAccessExpression(target) && target.name.text === 'defaultChild' ? target.expression : undefined;
  const callee = t.isCallExpression(target) ? unwrapExpression(t, target.expression) : undefined;
  const found =
    callee && t.isPropertyAccessExpression(callee) && (callee.name.text === 'findChild' || callee.name.text === 'tryFindChild') ? callee.expression : undefined;
  const node = read ?? found;
  const nodeAccess = node && unwrapExpression(t, node);
  return nodeAccess && t.isPropertyAccessExpression(nodeAccess) && nodeAccess.name.text === 'node' ? nodeAccess.expression : undefined;
}

function writtenAsHatch(t: typeof import('typescript'), change: ts.Node, receiver: ts.Expression, constructClass: ConstructClass): boolean {
  if (t.isCallExpression(change)) return true;
  if (!t.isBinaryExpression(change)) return false;
  const left = unwrapExpression(t, change.left);
  if (t.isPropertyAccessExpression(left) && left.name.text === 'condition') return true;
  if (resourceChild(t, receiver)) return true;
  let cast: ts.Node = receiver;
  while (t.isParenthesizedExpression(cast) || t.isNonNullExpression(cast)) cast = cast.expression;
  if (!t.isAsExpression(cast) && !t.isTypeAssertionExpression(cast)) return false;
  const type = cast.type;
  if (!t.isTypeReferenceNode(type)) return false;
  const name = t.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text;
  return name === 'CfnResource' || name === (constructClass === 'User' || constructClass === 'CfnUser' ? 'CfnUser' : 'CfnAccessKey');
}

/**
 * Whether `node` runs as part of the run of `scope` (a function or file): inside no function or class
 * declared there, but callbacks handed directly to a call (`ids.forEach((id) => …)`), which run in
 * place; and in no loop over a construct tree (`for (const c of stack.node.findAll())`), whose changes
 * are an Aspect's (`aspect-changes.ts`), made to the constructs of the tree it walks.
 */
export function runsInScope(t: typeof import('typescript'), node: ts.Node, scope: ts.Node): boolean {
  for (let current = parentOf(node); current && current !== scope; current = parentOf(current)) {
    if (t.isClassLike(current) || treeWalkOf(t, current)) return false;
    if (t.isFunctionLike(current) && !isInlineCallback(t, current)) return false;
  }
  return true;
}
