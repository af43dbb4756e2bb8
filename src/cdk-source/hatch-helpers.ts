import type * as ts from 'typescript';
import type { Evaluator } from './evaluator.js';
import { callsIn, candidatesIn, type Matcher } from './hatch-candidates.js';
import { resourceChild } from './resource-child.js';
import type { Callable, Context, StaticValue } from './static-value.js';
import { unwrapExpression } from './unwrap-expression.js';

/**
 * The helper functions an escape hatch may be written in (`escape-hatches.ts`): the calls of a scope
 * that may hand a construct to a function that changes it, told from the syntax where it can be.
 */

/** The evaluator, with the project's calls (`call-sites.ts`) when the walk has them. */
export interface Evaluate extends Evaluator {
  /** The project's calls (`call-sites.ts`), through which a change written in a function the construct is handed to is found. */
  readonly calls?: {
    calleeOf(site: ts.CallExpression): Callable | undefined;
    readonly frames: {
      argumentsOf(site: ts.CallExpression, context: Context): StaticValue[] | undefined;
      enter(site: ts.Node, kind: 'call', callee: Callable, args: readonly StaticValue[] | undefined, caller: Context): Context;
    };
  };
}

/**
 * The calls of a scope that may hand a construct to a function changing it (`mayChange`), found once per
 * scope and search: by the `new` a `const` argument holds (`retire(key)`), told without evaluating, so
 * that each construct meets only its own; `evaluated` holds those whose arguments only evaluation can tell.
 */
interface HelperCalls {
  readonly byConstruct: ReadonlyMap<ts.Node, readonly ts.CallExpression[]>;
  readonly evaluated: readonly ts.CallExpression[];
}

const helperCallCache = new WeakMap<ts.Node, Map<string, HelperCalls>>();

export function helperCalls(t: typeof import('typescript'), evaluator: Evaluate, scope: ts.Node, matcher: Matcher, depth: number): HelperCalls {
  const key = `${matcher.what}\0${String(depth)}`;
  let known = helperCallCache.get(scope);
  const cached = known?.get(key);
  if (cached) return cached;
  if (!known) helperCallCache.set(scope, (known = new Map<string, HelperCalls>()));
  const byConstruct = new Map<ts.Node, ts.CallExpression[]>();
  const evaluated: ts.CallExpression[] = [];
  for (const call of callsIn(t, scope)) {
    const callee = evaluator.calls?.calleeOf(call);
    if (!callee || !mayChange(t, evaluator, callee, matcher, depth)) continue;
    for (const argument of call.arguments) {
      if (t.isSpreadElement(argument)) continue;
      const target = unwrapExpression(t, argument);
      if (t.isArrayLiteralExpression(target) || t.isObjectLiteralExpression(target)) {
        evaluated.push(call);
        continue;
      }
      if (!t.isIdentifier(target) && !t.isPropertyAccessExpression(target) && !t.isElementAccessExpression(target) && target.kind !== t.SyntaxKind.ThisKeyword)
        continue;
      const created = constantConstruct(t, evaluator, target);
      if (created === null) evaluated.push(call);
      else byConstruct.set(created, [...(byConstruct.get(created) ?? []), call]);
    }
  }
  const found = { byConstruct, evaluated: [...new Set(evaluated)] };
  known.set(key, found);
  return found;
}

/** Per project function, per `Matcher.what` and depth: whether it, or a function it calls, writes a candidate of that kind. */
const changers = new WeakMap<ts.Node, Map<string, boolean>>();

/**
 * Whether a project function (not a class) writes a candidate `matcher` matches, in its body or in a
 * project function it calls, at most `depth` calls deep: told from the syntax alone, so that calls of
 * other functions (most of an app's) cost no evaluation of their arguments per construct.
 */
function mayChange(t: typeof import('typescript'), evaluator: Evaluate, callee: Callable, matcher: Matcher, depth: number): boolean {
  if (t.isClassLike(callee) || !callee.body || depth <= 0 || !evaluator.calls) return false;
  const key = `${matcher.what}\0${String(depth)}`;
  let known = changers.get(callee);
  const cached = known?.get(key);
  if (cached !== undefined) return cached;
  if (!known) changers.set(callee, (known = new Map<string, boolean>()));
  // Recursion (a function calling itself) is not a change: taken as none while the answer is worked out.
  known.set(key, false);
  const calls = evaluator.calls;
  const answer =
    candidatesIn(t, callee).some((node) => matcher.match(node) !== undefined) ||
    callsIn(t, callee).some((call) => {
      const inner = calls.calleeOf(call);
      return inner !== undefined && mayChange(t, evaluator, inner, matcher, depth - 1);
    });
  known.set(key, answer);
  return answer;
}

/** Per receiver: the `new` expression its `const` holds, or null when only evaluation can tell. */
const createdBy = new WeakMap<ts.Node, ts.NewExpression | null>();

/**
 * The `new` expression the `const` a receiver names holds (`k`, `k.node.defaultChild`), or null when
 * only evaluation can tell: found once per receiver, without evaluating.
 */
export function constantConstruct(t: typeof import('typescript'), evaluator: Evaluate, target: ts.Expression): ts.NewExpression | null {
  let created = createdBy.get(target);
  if (created === undefined) {
    created = heldNew(t, evaluator, target);
    createdBy.set(target, created);
  }
  return created;
}

function heldNew(t: typeof import('typescript'), evaluator: Evaluate, target: ts.Expression): ts.NewExpression | null {
  const name = ownerName(t, target);
  const declaration = name ? evaluator.host.index.find(name) : undefined;
  if (declaration?.kind !== 'variable' || declaration.leaf !== declaration.node) return null;
  const list = declaration.node.parent;
  if (!t.isVariableDeclarationList(list) || (list.flags & t.NodeFlags.Const) === 0 || !declaration.node.initializer) return null;
  const created = unwrapExpression(t, declaration.node.initializer);
  return t.isNewExpression(created) ? created : null;
}

/** `k` of `k`, of `k.node.defaultChild` and of `k.node.findChild('Resource')` (`resource-child.ts`), else undefined. */
function ownerName(t: typeof import('typescript'), target: ts.Expression): ts.Identifier | undefined {
  if (t.isIdentifier(target)) return target;
  const child = resourceChild(t, target);
  const owner = child ? unwrapExpression(t, child.owner) : undefined;
  return owner && t.isIdentifier(owner) ? owner : undefined;
}
