import type * as ts from 'typescript';
import { encloses, parentOf } from './parent-of.js';
import { resourceChild } from './resource-child.js';
import { snippet } from './source-location.js';
import { unwrapExpression } from './unwrap-expression.js';
import type { Callable, ConstructInstance, Context, StaticValue } from './static-value.js';
import { appendAll } from '../core/append-all.js';
import { isIteratingCall } from './control-flow-syntax.js';
import { isArrayFromWithCallback } from './array-from.js';
import { bodyPlacement, directStatement, placement, statementIn } from './change-placement.js';
import { contextAt, loopsAround, type Loop, type LoopRun } from './loop-runs.js';
import { candidatesIn, overrideOf, type ChangeMatch, type Matcher, type PropertyNames } from './hatch-candidates.js';
import { constantConstruct, helperCalls, type Evaluate } from './hatch-helpers.js';
import { constructsIn, firstUnresolvedRun, HELD_DEPTH, receiverValue, runIndex, runOrder, runsOf } from './hatch-runs.js';
import { runsInScope, unresolvedHatch } from './unresolved-hatch.js';

/**
 * CloudFormation properties changed after construction through the CDK's escape hatches
 * (https://docs.aws.amazon.com/cdk/v2/guide/cfn_layer.html): an L1 property assigned
 * (`cfnKey.status = 'Inactive'`, `(user.node.defaultChild as iam.CfnUser).loginProfile = {...}`), or a raw
 * override (`addPropertyOverride('Status', ...)`, `addOverride('Properties.Status', ...)`,
 * `addPropertyDeletionOverride('LoginProfile')`). The synthesized template has the changed value, so
 * the props of the `new` expression are not the last word.
 */
export interface PropertyChange {
  /** The statement that changes the property. */
  readonly node: ts.Node;
  /** The value written, or `undefined` for a deletion; for a nested path (`LoginProfile.Password`) the property is present. */
  readonly value: StaticValue | 'deleted' | 'present';
  /**
   * Whether the change certainly runs after the construct is created: a statement of the block that
   * creates it, after it. Any other (under an `if`, in a callback, in another function) may or may not run.
   */
  readonly certain: boolean;
  /** How the change is written, for messages. */
  readonly text: string;
}

/**
 * How many calls deep a change is followed from where the construct is created: a helper the construct
 * is handed to (`retire(key)`), and the helpers that one hands it to.
 */
const MAX_HELPER_DEPTH = 4;

/**
 * The changes to `names` of `instance` written in the function (or file) that creates it, and before
 * that in the constructors of the project classes it is an instance of (`constructors`), in the order
 * they run. A receiver is the instance when it evaluates to it, directly or through `.node.defaultChild`
 * or `.node.findChild('Resource')` (the evaluator gives an IAM construct for its L1 resource: it is the
 * one resource credlint models).
 */
export function propertyChanges(
  typescript: typeof import('typescript'),
  evaluator: Evaluate,
  instance: ConstructInstance,
  names: PropertyNames,
  constructors: readonly ConstructorBody[] = [],
): PropertyChange[] {
  return changesOf(typescript, evaluator, instance, constructors, { what: names.cfn, match: (node) => propertyMatch(typescript, node, names) });
}

/**
 * The CloudFormation conditions put on `instance`'s resource after construction, in the order they run.
 * A resource with a `Condition` exists only when the condition holds at deploy time
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/conditions-section-structure.html).
 */
export function conditionChanges(
  typescript: typeof import('typescript'),
  evaluator: Evaluate,
  instance: ConstructInstance,
  constructors: readonly ConstructorBody[] = [],
): PropertyChange[] {
  return changesOf(typescript, evaluator, instance, constructors, { what: 'Condition', match: (node) => conditionMatch(typescript, node) });
}

/**
 * A constructor of a project class that an instance of an IAM subclass runs (`class RetiredKey extends
 * iam.AccessKey`), the `super(...)` call after which the construct exists, and the context in which its
 * `this` is that instance: a change it writes through `this` (`(this.node.defaultChild as
 * iam.CfnAccessKey).status = 'Inactive'`) is a change of the instance.
 */
export interface ConstructorBody {
  readonly declaration: ts.ConstructorDeclaration;
  readonly superCall: ts.CallExpression;
  readonly context: ConstructInstance['context'];
}

/** Whether a candidate (`x.status = ...`, `x.addPropertyOverride('Status', ...)`) writes or deletes `names`, and on which receiver. */
export function propertyMatch(t: typeof import('typescript'), node: ts.Node, names: PropertyNames): ChangeMatch {
  if (t.isBinaryExpression(node)) {
    const left = unwrapExpression(t, node.left);
    return names.l1 !== undefined && t.isPropertyAccessExpression(left) && left.name.text === names.l1
      ? { receiver: left.expression, value: node.right }
      : undefined;
  }
  if (!t.isCallExpression(node) || !t.isPropertyAccessExpression(node.expression)) return undefined;
  const override = overrideOf(t, node, names);
  if (!override) return undefined;
  const value = override.kind === 'set' ? (override.value ?? 'deleted') : override.kind === 'deleted' ? 'deleted' : 'present';
  return { receiver: node.expression.expression, value };
}

/**
 * Whether a candidate puts a condition on a resource, or takes it off: `x.cfnOptions.condition = isProd`
 * (also through `.node.defaultChild`), or the raw `addOverride('Condition', 'IsProd')` /
 * `addDeletionOverride('Condition')`.
 */
export function conditionMatch(t: typeof import('typescript'), node: ts.Node): ChangeMatch {
  if (t.isBinaryExpression(node)) {
    const left = unwrapExpression(t, node.left);
    if (!t.isPropertyAccessExpression(left) || left.name.text !== 'condition') return undefined;
    const options = unwrapExpression(t, left.expression);
    return t.isPropertyAccessExpression(options) && options.name.text === 'cfnOptions' ? { receiver: options.expression, value: node.right } : undefined;
  }
  if (!t.isCallExpression(node) || !t.isPropertyAccessExpression(node.expression)) return undefined;
  const method = node.expression.name.text;
  const first = node.arguments[0];
  if (!first || !t.isStringLiteralLike(first) || first.text !== 'Condition') return undefined;
  if (method === 'addDeletionOverride') return { receiver: node.expression.expression, value: 'deleted' };
  if (method !== 'addOverride') return undefined;
  return { receiver: node.expression.expression, value: node.arguments[1] ?? 'deleted' };
}

/**
 * The candidates (`candidatesIn`) that `match` says change `instance`: those of each constructor it runs,
 * the base class's first, then those of the function (or file) that creates it.
 */
function changesOf(
  t: typeof import('typescript'),
  evaluator: Evaluate,
  instance: ConstructInstance,
  constructors: readonly ConstructorBody[],
  matcher: Matcher,
): PropertyChange[] {
  const changes: PropertyChange[] = [];
  for (const body of [...constructors].reverse())
    appendAll(changes, changesIn(t, evaluator, instance, { scope: body.declaration, created: body.superCall, context: body.context }, matcher));
  let reached = searchOutward(t, evaluator, instance, instance.node, instance.context, matcher, changes);
  // Then where the calls that ran that code return to, innermost first (in this file or another): a
  // stack's key changed by the app after `new TeamStack(...)` (`(stack.oldKey.node.defaultChild as
  // iam.CfnAccessKey).status = 'Inactive'`), a key a helper made changed by the stack calling it
  // (`const key = createKey(this, user); key.addPropertyOverride(...)`). The frames of the instance's
  // context are those calls, each site in the code of the frame around it.
  const frames = instance.context.frames;
  const left: Callable[] = [];
  for (let index = frames.length - 1; index >= 0 && reached; index--) {
    const frame = frames[index];
    if (!frame?.call) continue;
    const site = frame.loop;
    const callee = frame.call.callee;
    if (!encloses(callee, reached) || !(t.isCallExpression(site) || t.isNewExpression(site))) break;
    left.push(callee);
    // The caller's frames and bindings (none of the code it called), the same for every construct its
    // call created: receivers there are evaluated once. The callee's own changes were searched already.
    const bindings = new Map([...instance.context.bindings].filter(([declaration]) => !left.some((code) => encloses(code, declaration))));
    const caller: Context = { frames: frames.slice(0, index), bindings, existence: undefined };
    reached = searchOutward(t, evaluator, instance, site, caller, matcher, changes, callee);
  }
  // Then, for code run at the top of a module (`export const oldKey = new iam.AccessKey(...)`), the
  // modules importing it, which run once it has (`module-order.ts`): their top-level changes
  // (`(oldKey.node.defaultChild as iam.CfnAccessKey).status = 'Inactive'`) certainly run after the
  // construct exists, unless an import cycle makes that order depend on which file loads first.
  const modules = evaluator.host.modules;
  if (reached && t.isSourceFile(reached) && modules) {
    const home = reached;
    const importers = modules.namingFiles(home);
    for (const file of modules.files) {
      if (file === home || !importers.has(file)) continue;
      const found = changesIn(t, evaluator, instance, { scope: file, created: undefined, context: { ...instance.context, frames: [] } }, matcher);
      const inOrder = !modules.inCycle(file) && !modules.inCycle(home);
      appendAll(changes, inOrder ? found : found.map((change) => ({ ...change, certain: false })));
    }
  }
  return changes;
}

/**
 * The changes to `instance` in the function (or file) around `created` (its `new`, or the call that
 * created it), from `created` on, appended to `changes`; and the function (or file) searched last.
 * A construct created in the callback of `forEach`, `map`, `flatMap` or `Array.from` exists in the function (or
 * file) around the call too, once the call is over: `const keys = names.map((n) => new iam.CfnAccessKey(...));
 * keys[1].status = 'Inactive'`. Each is searched in turn, without the callback searched before.
 */
function searchOutward(
  t: typeof import('typescript'),
  evaluator: Evaluate,
  instance: ConstructInstance,
  from: ts.Node,
  context: Context,
  matcher: Matcher,
  changes: PropertyChange[],
  /** Code searched already (the function the call ran), inside the first function searched here. */
  done?: ts.Node,
): ts.Node | undefined {
  let created: ts.Node = from;
  let searched: ts.Node | undefined = done;
  let last: ts.Node | undefined;
  for (let scope = parentOf(from); scope;) {
    while (scope && !t.isFunctionLike(scope) && !t.isSourceFile(scope)) scope = parentOf(scope);
    if (!scope) break;
    last = scope;
    appendAll(changes, changesIn(t, evaluator, instance, { scope, created, context, searched }, matcher));
    const call = parentOf(scope);
    const iterating =
      call !== undefined &&
      t.isCallExpression(call) &&
      ((isIteratingCall(t, call) && call.arguments[0] === scope) ||
        (isArrayFromWithCallback(t, call, (name) => evaluator.host.index.find(name) !== undefined) && call.arguments[1] === scope));
    if (!iterating) break;
    searched = scope;
    created = call;
    scope = parentOf(call);
  }
  return last;
}

/**
 * The changes to `instance` among the candidates of `where.scope`: `where.created` is the expression after
 * which the construct exists (its `new`, or a subclass's `super(...)`), or undefined in the body of a
 * project function the construct is handed to (`retire(key)`, `this.retire(key)`), which runs the
 * changes it writes to its parameter where it is called; receivers are evaluated in `where.context`.
 * Changes come in the order they run: those of a called function at its call.
 */
function changesIn(
  t: typeof import('typescript'),
  evaluator: Evaluate,
  instance: ConstructInstance,
  where: {
    readonly scope: ts.Node;
    readonly created: ts.Node | undefined;
    readonly context: ConstructInstance['context'];
    /** A part of the scope searched already (the callback creating the construct): its changes are not searched again. */
    readonly searched?: ts.Node | undefined;
  },
  matcher: Matcher,
  depth = 0,
): PropertyChange[] {
  const searched = where.searched;
  const outside = (node: ts.Node) => searched === undefined || !encloses(searched, node);
  const creation = where.created && statementIn(t, where.created);
  const found: { readonly at: number; readonly changes: readonly PropertyChange[] }[] = [];
  /** Whether a receiver is the instance as far as its syntax tells (`true`, `false`), or only its value can (the expression to evaluate). */
  const told = (receiver: ts.Expression, held = false): boolean | ts.Expression => {
    const target = unwrapExpression(t, receiver);
    // `new iam.CfnAccessKey(...).addPropertyOverride(...)`, `(new iam.AccessKey(...).node.defaultChild as ...).status = ...`: the construct written there.
    const owner = resourceChild(t, target)?.owner;
    if (target === instance.node || (owner !== undefined && unwrapExpression(t, owner) === instance.node)) return true;
    // An array or object literal handed to a function (`retireAll([a, b])`) may hold it.
    if (held && (t.isArrayLiteralExpression(target) || t.isObjectLiteralExpression(target))) return target;
    // Cheap syntactic filter first: only names, `this`, `this.x`, `keys[0]`, `k.node.findChild('Resource')` and such can hold the construct.
    if (
      !t.isIdentifier(target) &&
      !t.isPropertyAccessExpression(target) &&
      !t.isElementAccessExpression(target) &&
      target.kind !== t.SyntaxKind.ThisKeyword &&
      !resourceChild(t, target)
    )
      return false;
    // Only an L2 user or key has a child `Resource` (its L1 resource); an L1 resource has no children.
    if (resourceChild(t, target)?.by === 'Resource' && instance.constructClass !== 'User' && instance.constructClass !== 'AccessKey') return false;
    // A `const` holding a `new` expression (possibly through `.node.defaultChild`) is that construct or another one:
    // told without evaluating, as a file creating thousands of keys would otherwise spend its steps here.
    const created = constantConstruct(t, evaluator, target);
    return created === null ? target : created === instance.node;
  };
  /** Whether a receiver is the instance; with `held`, an argument that is it or an array or object holding it (`retireAll(keys)`). */
  const isInstance = (receiver: ts.Expression, context: Context, held = false): boolean => {
    const target = told(receiver, held);
    if (typeof target === 'boolean') return target;
    return constructsIn(receiverValue(evaluator, target, context), held ? HELD_DEPTH : 0).has(instance.id);
  };
  /** The runs (of loops around the code) in which one of `receivers` is the instance (`held`: or holds it), found through an index per receiver and runs. */
  const runsWith = (receivers: readonly ts.Expression[], runs: readonly LoopRun[], held = false): readonly LoopRun[] => {
    const found = new Set<LoopRun>();
    for (const receiver of receivers) {
      const target = told(receiver, held);
      if (target === true) return runs;
      if (target !== false) for (const run of runIndex(evaluator, target, runs, held).get(instance.id) ?? []) found.add(run);
    }
    // In the order they run (not by filtering every run: each construct meets only its own).
    const order = runOrder(runs);
    return [...found].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  };
  /** Whether a statement of the scope runs (in `run` of the loops around it): certainly, never, or maybe. */
  const runs = (node: ts.Node, context: Context, loops: readonly Loop[] = [], run?: LoopRun): { statement: ts.Node; runs: 'certain' | 'never' | 'may' } => {
    const direct = directStatement(t, node, loops, where.scope);
    const statement = direct ?? node;
    if (direct === undefined) return { statement, runs: 'may' };
    const created = where.created;
    // `retireAll([new iam.AccessKey(...), ...])`, `new iam.CfnAccessKey(...).addPropertyOverride(...)`: the call (or
    // assignment) runs once its callee and arguments (its target), the construct among them, are made.
    const madeForIt =
      created !== undefined &&
      direct === creation &&
      (t.isCallExpression(node) || t.isBinaryExpression(node)) &&
      (t.isCallExpression(node) ? [...node.arguments, node.expression] : [node.left]).some((part) => part.pos <= created.pos && created.end <= part.end);
    const when =
      created === undefined
        ? bodyPlacement(t, evaluator, direct, where.scope, context, loops)
        : creation === undefined
          ? 'may'
          : madeForIt
            ? 'certain'
            : placement(t, evaluator, direct, creation, context, loops);
    // After the App's first `synth()` (between the construct and the change): the written template never sees it.
    if (when !== 'never' && created !== undefined && evaluator.host.synthesizedBetween?.(instance, created, statement) === true)
      return { statement, runs: 'never' };
    return { statement, runs: when === 'certain' && run?.certain === false ? 'may' : when };
  };
  /**
   * An escape hatch on a receiver credlint cannot evaluate (`unresolved-hatch.ts`) may change the
   * instance: a change that may run, so that what it writes leaves the property unknown. Whether one was found.
   */
  const mayBeOfIt = (node: ts.Node, matched: NonNullable<ChangeMatch>, context: Context): boolean => {
    // Written in a function or class declared in the scope, it runs there when called, where its receiver is evaluated.
    if (!runsInScope(t, node, where.scope)) return false;
    const unresolved = unresolvedHatch(t, node, matched.receiver, instance.constructClass, (target) => receiverValue(evaluator, target, context));
    if (!unresolved) return false;
    const { statement, runs: when } = runs(node, context);
    if (when === 'never') return false;
    const value = typeof matched.value === 'string' ? matched.value : evaluator.evaluate(matched.value, context);
    const text = `${snippet(statement, statement.getSourceFile())}, on a construct credlint cannot tell (${unresolved.reason}),`;
    found.push({ at: node.pos, changes: [{ node: statement, value, certain: false, text }] });
    return true;
  };
  for (const node of candidatesIn(t, where.scope)) {
    const matched = outside(node) ? matcher.match(node) : undefined;
    if (!matched) continue;
    // In loops credlint can list (`keys.forEach((k, i) => { if (i > 0) k.status = 'Inactive'; })`): once per run of their body.
    const base = contextAt(where.context, node, where.scope);
    const loops = loopsAround(t, node, where.scope, where.created);
    const each = loops !== undefined && loops.length > 0 ? runsOf(evaluator, node, loops, base) : undefined;
    for (const run of each ? runsWith([matched.receiver], each) : [undefined]) {
      const context = run?.context ?? base;
      if (!run && !isInstance(matched.receiver, context)) {
        mayBeOfIt(node, matched, context);
        continue;
      }
      const { statement, runs: when } = run ? runs(node, context, loops, run) : runs(node, context);
      if (when === 'never') continue;
      const value = typeof matched.value === 'string' ? matched.value : evaluator.evaluate(matched.value, context);
      found.push({ at: node.pos, changes: [{ node: statement, value, certain: when === 'certain', text: snippet(statement, statement.getSourceFile()) }] });
    }
    // In a run of the loops around it whose receiver credlint cannot evaluate, it may be of the instance too.
    const unresolved = each && firstUnresolvedRun(t, evaluator, node, matched, each, instance.constructClass);
    if (unresolved) mayBeOfIt(node, matched, unresolved.context);
  }
  const calls = evaluator.calls;
  if (calls && depth < MAX_HELPER_DEPTH) {
    const index = helperCalls(t, evaluator, where.scope, matcher, MAX_HELPER_DEPTH - depth);
    const handed = [...new Set([...(index.byConstruct.get(instance.node) ?? []), ...index.evaluated])].sort((a, b) => a.pos - b.pos);
    for (const call of handed) {
      const callee = outside(call) ? calls.calleeOf(call) : undefined;
      if (!callee) continue;
      // `keys.forEach((k) => retire(k))`: once per run of the loops around the call.
      const base = contextAt(where.context, call, where.scope);
      const loops = loopsAround(t, call, where.scope, where.created);
      const each = loops !== undefined && loops.length > 0 ? runsOf(evaluator, call, loops, base) : undefined;
      const given = call.arguments.filter((argument) => !t.isSpreadElement(argument));
      for (const run of each ? runsWith(given, each, true) : [undefined]) {
        const caller = run?.context ?? base;
        if (!run && !given.some((argument) => isInstance(argument, caller, true))) continue;
        const { runs: when } = run ? runs(call, caller, loops, run) : runs(call, caller);
        if (when === 'never') continue;
        const context = calls.frames.enter(call, 'call', callee, calls.frames.argumentsOf(call, caller), caller);
        const inner = changesIn(t, evaluator, instance, { scope: callee, created: undefined, context }, matcher, depth + 1);
        if (inner.length > 0) found.push({ at: call.pos, changes: when === 'certain' ? inner : inner.map((change) => ({ ...change, certain: false })) });
      }
    }
  }
  return found.sort((a, b) => a.at - b.at).flatMap((entry) => entry.changes);
}
