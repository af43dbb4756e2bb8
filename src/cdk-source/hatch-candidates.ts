import type * as ts from 'typescript';
import { appendAll } from '../core/append-all.js';
import { unwrapExpression } from './unwrap-expression.js';

/**
 * The syntax an escape hatch is written in (`escape-hatches.ts`): the candidates of a scope (member
 * assignments and raw override calls), the calls that may hand a construct on, and what an override
 * call does to a property. Each is found once per scope, not once per construct.
 */

/** The L1 property names (`status`) and CloudFormation property names (`Status`) of a property. */
export interface PropertyNames {
  /** The L1 class's property (`status`); none for a generic `CfnResource`, which has no such setter. */
  readonly l1: string | undefined;
  readonly cfn: string;
}

/** What a candidate node changes: the receiver it changes, and the value written (or deleted, or a part of it set). */
export type ChangeMatch = { readonly receiver: ts.Expression; readonly value: ts.Expression | 'deleted' | 'present' } | undefined;

/** What a search looks for: `match` tells a candidate that changes it; `what` names it (`Status`, `Condition`), one per `match`. */
export interface Matcher {
  readonly what: string;
  readonly match: (node: ts.Node) => ChangeMatch;
}

/** Per function body (or file): the calls in it, in source order (found once per scope, as the candidates are). */
const callCache = new WeakMap<ts.Node, readonly ts.CallExpression[]>();

export function callsIn(t: typeof import('typescript'), scope: ts.Node): readonly ts.CallExpression[] {
  // A call with no argument cannot be handed the construct.
  return nodesIn(t, scope, callCache, (node): node is ts.CallExpression => t.isCallExpression(node) && node.arguments.length > 0);
}

/**
 * The nodes of `scope` (itself included) that `accept` takes, in source order, found once per scope in
 * `cache`. Iteratively: generated code can nest expressions far deeper than the call stack allows.
 */
function nodesIn<T extends ts.Node>(
  t: typeof import('typescript'),
  scope: ts.Node,
  cache: WeakMap<ts.Node, readonly T[]>,
  accept: (node: ts.Node) => node is T,
): readonly T[] {
  const cached = cache.get(scope);
  if (cached) return cached;
  const found: T[] = [];
  const pending: ts.Node[] = [scope];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (accept(node)) found.push(node);
    const children: ts.Node[] = [];
    t.forEachChild(node, (child) => {
      children.push(child);
    });
    // Reversed, so that nodes are met in source order.
    appendAll(pending, children.reverse());
  }
  cache.set(scope, found);
  return found;
}

/**
 * What a raw override call does to the property `names`: sets it (`addPropertyOverride('Status', v)`,
 * `addOverride('Properties.Status', v)`; no value deletes it), sets a part of it (`LoginProfile.Password`:
 * the property is then present), or deletes it. Undefined when the call does not touch it; deleting a
 * part (`LoginProfile.PasswordResetRequired`) neither adds nor removes the property.
 */
export function overrideOf(
  t: typeof import('typescript'),
  call: ts.CallExpression,
  names: PropertyNames,
): { readonly kind: 'set'; readonly value: ts.Expression | undefined } | { readonly kind: 'part' | 'deleted' } | undefined {
  if (!t.isPropertyAccessExpression(call.expression)) return undefined;
  const method = call.expression.name.text;
  const first = call.arguments[0];
  const path = first && t.isStringLiteralLike(first) ? first.text : undefined;
  const property = method === 'addOverride' || method === 'addDeletionOverride' ? path?.replace(/^Properties\./, '') : path;
  if (property === undefined || (property !== names.cfn && !property.startsWith(`${names.cfn}.`))) return undefined;
  const nested = property !== names.cfn;
  if (method === 'addPropertyDeletionOverride' || method === 'addDeletionOverride') return nested ? undefined : { kind: 'deleted' };
  if (method !== 'addPropertyOverride' && (method !== 'addOverride' || path?.startsWith('Properties.') !== true)) return undefined;
  return nested ? { kind: 'part' } : { kind: 'set', value: call.arguments[1] };
}

const OVERRIDE_METHODS = new Set(['addPropertyOverride', 'addOverride', 'addPropertyDeletionOverride', 'addDeletionOverride']);

/** Per function body (or file): the assignments to a member and the override calls in it, in source order. */
const candidateCache = new WeakMap<ts.Node, readonly ts.Node[]>();

/** Found once per scope, not once per construct: a file may create thousands of constructs. */
export function candidatesIn(t: typeof import('typescript'), scope: ts.Node): readonly ts.Node[] {
  return nodesIn(
    t,
    scope,
    candidateCache,
    (node): node is ts.Node =>
      (t.isBinaryExpression(node) && node.operatorToken.kind === t.SyntaxKind.EqualsToken && t.isPropertyAccessExpression(unwrapExpression(t, node.left))) ||
      (t.isCallExpression(node) && t.isPropertyAccessExpression(node.expression) && OVERRIDE_METHODS.has(node.expression.name.text)),
  );
}
