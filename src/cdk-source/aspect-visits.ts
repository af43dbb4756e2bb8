import type * as ts from 'typescript';
import { isApp, isStage } from './construct-app.js';
import type { ExpressionEvaluator } from './evaluate-expression.js';
import { scopeChain, THROUGH_CONSTS, type ScopeRules } from './scope-chain.js';
import { EMPTY_CONTEXT, type ConstructInstance } from './static-value.js';
import { MAX_DEPTH, type AspectScopes } from './aspect-scopes.js';

/*
 * Which constructs an Aspect, or a walk of `node.findAll()`, added to some scopes (`aspect-scopes.ts`)
 * visits: the path of a construct up its construct tree (`constructPath`), and whether that path meets
 * one of the scopes, below any Stage (`mayVisit`, `surelyVisits`).
 */

/** A construct's own scope chain: through `const`s and constructors, and a parameter to the argument its call passed. */
const THROUGH_CALLS: ScopeRules = { ...THROUGH_CONSTS, parameters: true };

/**
 * The `new ...(...)` of the construct and of each construct above it in the construct tree, up to the
 * one with no scope argument (the `App`): the scope argument followed through `const`s and through
 * `this` in the constructor of the class the construct is created in (its `new` in the frames), and a
 * parameter to the argument the call in the frames passed. Undefined when a scope is not known
 * statically (a parameter no frame calls, a property, a call's result).
 */
export function constructPath(t: typeof import('typescript'), evaluator: ExpressionEvaluator, instance: ConstructInstance): Set<ts.Node> | undefined {
  const path = new Set<ts.Node>();
  let depth = 0;
  for (const { site } of scopeChain(t, evaluator, instance, THROUGH_CALLS)) {
    if (depth === MAX_DEPTH) return undefined;
    depth += 1;
    path.add(site);
    if (!keepsScope(t, evaluator, site)) return undefined;
    // The root: an `App` (whose first argument is its props) or a construct without a scope.
    if (!site.arguments?.[0] || isApp(t, evaluator, site)) return path;
  }
  return undefined;
}

/**
 * Whether the construct a `new` creates is a child of its scope argument: a project class hands its
 * first parameter on to `super(...)` as its scope, down to the aws-cdk-lib class (or has no constructor
 * of its own); one that passes another construct (`super(new Stack(scope, 'Inner'), id)`) is not followed.
 */
function keepsScope(t: typeof import('typescript'), evaluator: ExpressionEvaluator, site: ts.NewExpression): boolean {
  const callee = evaluator.evaluate(site.expression, EMPTY_CONTEXT);
  if (callee.kind !== 'callable') return true;
  if (!t.isClassLike(callee.node)) return false;
  let cls: ts.ClassLikeDeclaration | undefined = callee.node;
  for (let depth = 0; cls && depth < MAX_DEPTH; depth += 1, cls = evaluator.classes.baseOf(cls)) {
    const constructor = evaluator.classes.constructorOf(cls);
    if (!constructor) continue;
    const parameter = constructor.parameters[0]?.name;
    const argument = evaluator.classes.superCall(cls)?.arguments[0];
    if (!parameter || !t.isIdentifier(parameter) || !argument || !t.isIdentifier(argument) || argument.text !== parameter.text) return false;
  }
  return cls === undefined;
}

/**
 * Whether an Aspect certainly added to `scopes` (`sureScopesOf`) visits the construct whose path is
 * `path`: one of them is on the path, with no Stage between (`mayVisit`), and for a class, the site
 * is certainly an instance of it (its class or a base class of its class).
 */
export function surelyVisits(t: typeof import('typescript'), evaluator: ExpressionEvaluator, scopes: AspectScopes, path: ReadonlySet<ts.Node>): boolean {
  const instanceOf = (site: ts.Node, cls: ts.ClassLikeDeclaration): boolean => {
    if (!t.isNewExpression(site)) return false;
    const callee = evaluator.evaluate(site.expression, EMPTY_CONTEXT);
    let current = callee.kind === 'callable' && t.isClassLike(callee.node) ? callee.node : undefined;
    for (let depth = 0; current && depth < MAX_DEPTH; depth += 1, current = evaluator.classes.baseOf(current)) if (current === cls) return true;
    return false;
  };
  return scopes.some((scope) => {
    if (scope === undefined) return false;
    for (const site of path) {
      if (site === scope || (t.isClassLike(scope) && instanceOf(site, scope))) return true;
      if (t.isNewExpression(site) && isStage(t, evaluator, site)) return false;
    }
    return false;
  });
}

/**
 * Whether an Aspect added to `scopes` may visit a construct whose path is `path` (undefined: not known),
 * the construct's own `new` first. With `stopsAtStages` (an Aspect, not a walk of `node.findAll()`), a
 * Stage between the scope and the construct ends the visit: the CDK invokes an Aspect on the children
 * of its scope but for Stages, each of which is synthesized with its own Aspects (aws-cdk-lib
 * `core/lib/private/synthesis.ts`, `invokeAspects`: `if (!Stage.isStage(child)) recurse(child, ...)`).
 */
export function mayVisit(
  t: typeof import('typescript'),
  evaluator: ExpressionEvaluator,
  scopes: AspectScopes,
  path: ReadonlySet<ts.Node> | undefined,
  stopsAtStages = false,
): boolean {
  if (path === undefined) return scopes.length > 0;
  const sites = [...path];
  // The sites the scope may be, each with whether a Stage lies below it, nearer the construct.
  const reachable = (matches: (site: ts.Node) => boolean): boolean => {
    for (const site of sites) {
      if (matches(site)) return true;
      if (stopsAtStages && t.isNewExpression(site) && isStage(t, evaluator, site)) return false;
    }
    return false;
  };
  return scopes.some(
    (scope) =>
      scope === undefined ||
      reachable((site) => site === scope) ||
      (t.isClassLike(scope) && reachable((site) => t.isNewExpression(site) && mayBeInstanceOf(t, evaluator, site, scope))),
  );
}

/** Whether the construct a `new` creates may be an instance of a project class: its class or a base class of it is (or is not followed). */
function mayBeInstanceOf(t: typeof import('typescript'), evaluator: ExpressionEvaluator, site: ts.NewExpression, cls: ts.ClassLikeDeclaration): boolean {
  const callee = evaluator.evaluate(site.expression, EMPTY_CONTEXT);
  if (callee.kind !== 'callable') return callee.kind === 'unknown' && !callee.token;
  return t.isClassLike(callee.node) && (callee.node === cls || evaluator.classes.mayExtend(callee.node, cls));
}
