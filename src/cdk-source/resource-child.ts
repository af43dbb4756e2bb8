import type * as ts from 'typescript';
import { unwrapExpression } from './unwrap-expression.js';

/**
 * How code reaches the L1 resource of a construct (`key.node.defaultChild`, or the child an L2 IAM
 * construct creates under the id `Resource`: `key.node.findChild('Resource')`,
 * `key.node.tryFindChild('Resource')`), written as the escape hatch of [Customize
 * constructs](https://docs.aws.amazon.com/cdk/v2/guide/cfn_layer.html) before `defaultChild` existed.
 * `User` and `AccessKey` create their `CfnUser` and `CfnAccessKey` with the id `Resource`, which is
 * also the child `defaultChild` returns.
 */
export interface ResourceChild {
  /** The construct whose child is read (`key`). */
  readonly owner: ts.Expression;
  /** `defaultChild`, or a child found by its id `Resource`. */
  readonly by: 'defaultChild' | 'Resource';
}

/** `key` of `key.node.defaultChild`, `key.node.findChild('Resource')` and `key.node.tryFindChild('Resource')`, else undefined. */
export function resourceChild(t: typeof import('typescript'), expression: ts.Expression): ResourceChild | undefined {
  const target = unwrapExpression(t, expression);
  if (t.isPropertyAccessExpression(target) && target.name.text === 'defaultChild') {
    const owner = nodeOwner(t, target.expression);
    return owner ? { owner, by: 'defaultChild' } : undefined;
  }
  if (!t.isCallExpression(target) || !t.isPropertyAccessExpression(target.expression)) return undefined;
  const method = target.expression.name.text;
  const id = target.arguments[0];
  if ((method !== 'findChild' && method !== 'tryFindChild') || target.arguments.length !== 1 || !id || !t.isStringLiteralLike(id) || id.text !== 'Resource')
    return undefined;
  const owner = nodeOwner(t, target.expression.expression);
  return owner ? { owner, by: 'Resource' } : undefined;
}

/** `key` of `key.node`. */
function nodeOwner(t: typeof import('typescript'), expression: ts.Expression): ts.Expression | undefined {
  const node = unwrapExpression(t, expression);
  return t.isPropertyAccessExpression(node) && node.name.text === 'node' ? node.expression : undefined;
}
