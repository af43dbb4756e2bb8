import type * as ts from 'typescript';
import type { ExpressionEvaluator } from './evaluate-expression.js';
import { parentOf } from './parent-of.js';
import { namesCdkClass } from './names-cdk-class.js';
import { EMPTY_CONTEXT, type ConstructInstance, type Frame } from './static-value.js';
import { unwrapExpression } from './unwrap-expression.js';

/**
 * The construct scope chain: a construct's scope argument (the first argument of its `new`) followed
 * outward through the constructs it names, up to the `App`. A construct is a child of the scope it is
 * created with (https://docs.aws.amazon.com/cdk/v2/guide/constructs.html), so this chain is the
 * construct's path in the construct tree: it gives its app (`construct-app.ts`), its stack's account
 * (`stack-account.ts`) and the Aspects that visit it (`aspect-scopes.ts`).
 */

/** Scope arguments followed outward in one run between two `this` before giving up. */
const MAX_SCOPE_DEPTH = 20;
const STACK: ReadonlySet<string> = new Set(['Stack']);

/**
 * How far a walk trusts what it reads. The app and the account read a scope as written (`stack`, not
 * `stack!`), take any variable to hold the construct it is declared with, and take `this` anywhere to
 * be the construct whose `new` is innermost in the frames not yet passed. The Aspect scopes look
 * through wrappers, trust only a `const` (a `let` may be assigned another construct), and follow
 * `this` only in a constructor, to the `new` of its class, never across functions.
 */
export interface ScopeRules {
  /** Whether parentheses, `as`, `!` and `satisfies` around a scope or an initializer are looked through (`unwrap-expression.ts`). */
  readonly unwrap: boolean;
  /** Whether a `let` or `var` is followed to its initializer, as a `const` is. */
  readonly mutableVariables: boolean;
  /** `innermost-new`: `this` is the construct the innermost class `new` of the frames creates; `constructor`: only a constructor's `this`, checked against the frames. */
  readonly self: 'innermost-new' | 'constructor';
  /** Whether a parameter of a function or constructor called in the frames is followed to the argument of that call (`deployKey(this)`). */
  readonly parameters?: boolean;
  /**
   * Whether `Stack.of(x)` is followed to `x`. `Stack.of` returns the innermost stack around `x` (`x` itself
   * when it is one: https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.Stack.html#static-ofconstruct),
   * so the chain from `x` outward passes the same stacks, stages and app: right for the app and the
   * account, not for the Aspect scopes (an Aspect added to `x` below that stack does not visit it).
   */
  readonly stackOf?: boolean;
}

/** The rules of the app and the account: the scope as written. */
export const AS_WRITTEN: ScopeRules = { unwrap: false, mutableVariables: true, self: 'innermost-new', stackOf: true };
/** The rules of the account: the scope as written, and a parameter through the call in the frames that passed it. */
export const AS_CALLED: ScopeRules = { ...AS_WRITTEN, parameters: true };
/** The rules of the Aspect scopes: through wrappers and `const`s, `this` of constructors. */
export const THROUGH_CONSTS: ScopeRules = { unwrap: true, mutableVariables: false, self: 'constructor' };

/** One construct of the chain: the `new` that creates it and how the one before it leads to it. */
export interface ScopeLink {
  readonly site: ts.NewExpression;
  /** `instance`: where the walk starts; `scope`: the scope argument before it names it; `this`: its constructor created the one before. */
  readonly via: 'instance' | 'scope' | 'this';
  /** The frames the `new` runs in (those of the construct's creation, cut where a `this` led outward): its arguments are evaluated there. */
  readonly frames: readonly Frame[];
}

/**
 * Why a walk stops. `root`: a construct without a scope argument. `unknown`: a scope not known
 * statically (a parameter, a property, a call's result, or what the rules do not follow). `this`:
 * `scopeSites` leaves `this` to its caller; `scopeChain` stops there when the frames do not say whose
 * constructor it is in. `too-deep`: more scopes than `MAX_SCOPE_DEPTH` in one run.
 */
export type ScopeEnd = { readonly kind: 'root' | 'unknown' | 'too-deep' } | { readonly kind: 'this'; readonly node: ts.Expression };

/** What one scope expression names: the construct of a `new`, `this`, or undefined when not known. */
export function scopeTarget(
  t: typeof import('typescript'),
  evaluator: ExpressionEvaluator,
  scope: ts.Expression,
  rules: ScopeRules,
): ts.NewExpression | { readonly self: ts.Expression } | undefined {
  const expression = rules.unwrap ? unwrapExpression(t, scope) : scope;
  if (expression.kind === t.SyntaxKind.ThisKeyword) return { self: expression };
  const of = rules.stackOf === true ? stackOfArgument(t, evaluator, expression) : undefined;
  if (of) return scopeTarget(t, evaluator, of, { ...rules, stackOf: false });
  const bound = t.isIdentifier(expression) ? variableInitializer(t, evaluator, expression, rules.mutableVariables) : expression;
  const site = bound && rules.unwrap ? unwrapExpression(t, bound) : bound;
  return site && t.isNewExpression(site) ? site : undefined;
}

/** `x` of `Stack.of(x)` (also `cdk.Stack.of(x)`) where `Stack` is aws-cdk-lib's class, not a project one. */
export function stackOfArgument(t: typeof import('typescript'), evaluator: ExpressionEvaluator, expression: ts.Expression): ts.Expression | undefined {
  if (!t.isCallExpression(expression) || !t.isPropertyAccessExpression(expression.expression) || expression.expression.name.text !== 'of') return undefined;
  const [argument, ...rest] = expression.arguments;
  const owner = expression.expression.expression;
  if (!argument || rest.length > 0 || t.isSpreadElement(argument) || !namesCdkClass(t, owner, STACK)) return undefined;
  return evaluator.evaluate(owner, EMPTY_CONTEXT).kind === 'callable' ? undefined : argument;
}

/**
 * The initializer of the variable an identifier names (not a destructured one; a `const` only unless
 * `mutable`), or undefined.
 */
export function variableInitializer(
  t: typeof import('typescript'),
  evaluator: ExpressionEvaluator,
  identifier: ts.Identifier,
  mutable: boolean,
): ts.Expression | undefined {
  const declaration = evaluator.host.index.find(identifier);
  if (declaration?.kind !== 'variable' || declaration.path.length > 0) return undefined;
  const list = declaration.node.parent;
  if (!mutable && (!t.isVariableDeclarationList(list) || (list.flags & t.NodeFlags.Const) === 0)) return undefined;
  return declaration.node.initializer;
}

/**
 * The constructs a scope argument leads to, outward: the one it names, then the one that construct's
 * own scope argument names, and so on, up to `this` (left to the caller, who knows the frames), a
 * construct without a scope argument, or a scope not known.
 */
export function* scopeSites(
  t: typeof import('typescript'),
  evaluator: ExpressionEvaluator,
  scope: ts.Expression | undefined,
  rules: ScopeRules,
): Generator<ts.NewExpression, ScopeEnd> {
  for (let depth = 0; scope; depth += 1) {
    const target = scopeTarget(t, evaluator, scope, rules);
    // `this` is handed back even past the depth: the frames, not the scopes, bound the walk from there.
    if (target && 'self' in target) return { kind: 'this', node: target.self };
    if (depth > MAX_SCOPE_DEPTH) return { kind: 'too-deep' };
    if (!target) return { kind: 'unknown' };
    yield target;
    scope = target.arguments?.[0];
  }
  return { kind: 'root' };
}

/** A class `new` of the frames (a constructor running where the construct is created) and where in the frames it is. */
export interface CreatingFrame {
  readonly site: ts.NewExpression;
  readonly cls: ts.ClassLikeDeclaration;
  readonly at: number;
}

/** The class `new`s of the frames, innermost first (a function's call and a `super(...)` are passed over). */
export function* creatingFrames(t: typeof import('typescript'), frames: readonly Frame[]): Generator<CreatingFrame, undefined> {
  for (let at = frames.length - 1; at >= 0; at -= 1) {
    const frame = frames[at] as Frame;
    const site = frame.loop;
    if (frame.call?.kind === 'new' && t.isClassLike(frame.call.callee) && t.isNewExpression(site)) yield { site, cls: frame.call.callee, at };
  }
}

/**
 * The construct scope chain of a construct, from its own `new` outward: each scope argument through
 * `scopeSites`, and `this` through the frames the construct was created in, as `rules` allow. Its
 * return value says why it stops; a caller stops earlier where it has its answer.
 */
export function* scopeChain(
  t: typeof import('typescript'),
  evaluator: ExpressionEvaluator,
  instance: ConstructInstance,
  rules: ScopeRules,
): Generator<ScopeLink, ScopeEnd> {
  const site = instance.node;
  yield { site, via: 'instance', frames: instance.context.frames };
  return yield* scopesOutward(t, evaluator, site, site.arguments?.[0], instance.context.frames, rules);
}

/**
 * The constructs `start` leads to, outward, as `scopeChain` walks them from a construct's scope argument:
 * `from` is the node `start` is read at (a construct's `new`, or a member access such as `x.stackName`,
 * whose `x` names the first construct of the walk), `frames` those it is evaluated in.
 */
export function* scopesOutward(
  t: typeof import('typescript'),
  evaluator: ExpressionEvaluator,
  from: ts.Node,
  start: ts.Expression | undefined,
  startFrames: readonly Frame[],
  rules: ScopeRules,
): Generator<ScopeLink, ScopeEnd> {
  let site: ts.Node = from;
  let frames = startFrames;
  let scope = start;
  for (;;) {
    const outward = scopeSites(t, evaluator, scope, rules);
    let step = outward.next();
    for (; !step.done; step = outward.next()) {
      // A `const` of the same function is created in the same frames; one declared elsewhere is not told apart by them.
      if (rules.self === 'constructor' && functionOf(t, step.value) !== functionOf(t, site)) frames = [];
      site = step.value;
      scope = step.value.arguments?.[0];
      yield { site: step.value, via: 'scope', frames };
    }
    const end = step.value;
    // `scope` is where the walk stopped: a parameter is followed to the argument its caller passed.
    if (end.kind === 'unknown' && rules.parameters && scope) {
      const passed = argumentOf(t, evaluator, scope, frames);
      if (!passed) return end;
      ({ scope, frames } = passed);
      continue;
    }
    if (end.kind !== 'this') return end;
    const creator = rules.self === 'constructor' ? constructorCreation(t, end.node, frames) : creatingFrames(t, frames).next().value;
    if (!creator) return end;
    site = creator.site;
    scope = creator.site.arguments?.[0];
    frames = frames.slice(0, creator.at);
    yield { site: creator.site, via: 'this', frames };
  }
}

/**
 * The argument a scope that is a parameter (not destructured, not a rest) was given: at the innermost
 * call of its function, or `new`/`super(...)` of its constructor's class, in the frames, with the frames
 * outside that call. Undefined when no frame calls it or the argument is not written there (spread, missing).
 */
function argumentOf(
  t: typeof import('typescript'),
  evaluator: ExpressionEvaluator,
  scope: ts.Expression,
  frames: readonly Frame[],
): { scope: ts.Expression; frames: readonly Frame[] } | undefined {
  if (!t.isIdentifier(scope)) return undefined;
  const declaration = evaluator.host.index.find(scope);
  if (declaration?.kind !== 'parameter' || declaration.leaf !== declaration.node || declaration.node.dotDotDotToken) return undefined;
  const parameter = declaration.node;
  const owner = parameter.parent;
  const at = frames.findLastIndex(
    (f) => f.call !== undefined && (f.call.callee === owner || (t.isClassLike(f.call.callee) && evaluator.classes.constructorOf(f.call.callee) === owner)),
  );
  const call = frames[at]?.loop;
  if (!call || !(t.isCallExpression(call) || t.isNewExpression(call))) return undefined;
  const args = call.arguments ?? [];
  const index = owner.parameters.indexOf(parameter);
  if (args.slice(0, index + 1).some((a) => t.isSpreadElement(a))) return undefined;
  const argument = args[index];
  return argument ? { scope: argument, frames: frames.slice(0, at) } : undefined;
}

/**
 * `this` in a constructor: the construct created by the innermost `new` of the frames, when that `new`
 * is of the class the constructor belongs to (or a subclass reaching it through `super(...)` frames).
 */
function constructorCreation(t: typeof import('typescript'), self: ts.Node, frames: readonly Frame[]): { site: ts.NewExpression; at: number } | undefined {
  let container: ts.Node | undefined = parentOf(self);
  while (container && (!t.isFunctionLike(container) || t.isArrowFunction(container))) container = parentOf(container);
  if (!container || !t.isConstructorDeclaration(container)) return undefined;
  const cls = container.parent;
  let inClass = false;
  for (let i = frames.length - 1; i >= 0; i -= 1) {
    const frame = frames[i] as Frame;
    if (!frame.call) continue;
    if (!t.isClassLike(frame.call.callee)) return undefined;
    inClass ||= frame.call.callee === cls;
    if (frame.call.kind === 'super') continue;
    if (frame.call.kind !== 'new' || !inClass || !t.isNewExpression(frame.loop)) return undefined;
    return { site: frame.loop, at: i };
  }
  return undefined;
}

/** The function (or source file) whose body a node runs in. */
function functionOf(t: typeof import('typescript'), node: ts.Node): ts.Node | undefined {
  let current = parentOf(node);
  while (current && !t.isFunctionLike(current) && !t.isSourceFile(current)) current = parentOf(current);
  return current;
}
