import type * as ts from 'typescript';
import { isStatic } from './member-syntax.js';
import type { ExpressionEvaluator } from './evaluate-expression.js';
import { snippet } from './source-location.js';
import { EMPTY_CONTEXT, type CallFrame, type Callable, type ConstructClass, type Context, type StaticValue } from './static-value.js';
import { isUnreferencedDeclaration } from './unreferenced-declaration.js';
import { uncalledBodyReason } from './uncalled-bodies.js';
import { holdsAwait, synthBeforeResume } from './detached-async-calls.js';
import { isArrayFromWithCallback } from './array-from.js';
import { isIteratingCall } from './control-flow-syntax.js';
import { reducingCall } from './array-reduce.js';
import { withExistence, withRepetition, type WalkVisitor } from './walk-context.js';
import { ExplicitSynths, NOT_SYNTHESIZED } from './explicit-synth.js';
import { LoopWalk } from './walk-loops.js';
import { isAppMakingThenCallback, isPromiseExecutor } from './promise-callbacks.js';
import { BranchWalk } from './walk-branches.js';
import { GenericResources } from './generic-resources.js';

/**
 * Class and function bodies evaluated per call site, in all (one per `new`, per loop element): past
 * this, a body called again is walked once more on its own, with its parameters unknown and its
 * constructs' existence unknown, so cost stays bounded and nothing it creates is lost.
 */
export const MAX_CALL_EXPANSIONS = 1000;
/** Calls nested deeper than this (a stack creating a construct creating a construct ...) are not followed. */
const MAX_CALL_DEPTH = 50;
/** Syntax nested deeper than this is not walked (TypeScript's own parser stops near 600 parentheses). */
export const MAX_WALK_DEPTH = 1000;

type VisitHandler = (node: ts.Node, context: Context, depth: number) => void;

export interface FoundConstruct {
  readonly node: ts.NewExpression;
  readonly constructClass: ConstructClass;
  readonly context: Context;
  /** A `new CfnResource(...)` of an IAM type (`generic-resources.ts`). */
  readonly generic?: true;
}

/**
 * Finds every `new User/AccessKey/CfnUser/CfnAccessKey(...)` of a file and the contexts it runs in,
 * following control flow the way synthesis would:
 * - `if`, `?:`, `&&`, `||`, `??`: a branch whose condition is known is taken or skipped; under an
 *   undecidable condition the construct's existence is unknown (never assumed). An early `return`,
 *   `throw`, `continue` or `break` ends the statements after it the same way.
 * - `for...of`, `.forEach`/`.map`/`.flatMap` over a literal or `const` array (or a known Set or Map,
 *   `collections.ts`), counting `for` loops with known bounds, and `while`/`do` loops stepping a known
 *   counter (`loopCounter`): one instance per element, with the loop variable bound. Other loops
 *   (`for...in`, unknown arrays, more than 1000 elements): one instance whose existence is unknown.
 * - `switch` on a known value: the matching `case` (or `default`) and the clauses it falls through to,
 *   up to a `break`; on an unknown value (or an incomparable case), every case has unknown existence.
 * - `Array.from(source, cb)` of a known array, string, Set, Map or `{ length: n }`: as `.map` over
 *   what it reads (`visitArrayFrom`).
 * - `catch` blocks, and callbacks passed to other calls (`Array.from({ length: n }, cb)` with `n`
 *   unknown): existence unknown; but a promise's `.then` or `.finally` handler that makes the App, and
 *   the executor of `new Promise(...)`, run once, as the app's own code (`promise-callbacks.ts`).
 * - `new` of a project class, `super(...)` of a project base class and calls of project functions:
 *   the body (constructor and property initializers) is walked per call site, with the parameters
 *   bound to the arguments (`call-sites.ts`); such a body is not walked where it is declared. A
 *   recursive call, or one past `MAX_CALL_EXPANSIONS`, is not followed: its body is walked once on its
 *   own instead (`finish`), parameters unknown, existence unknown.
 * - A class's own private methods called as `this.name(...)`, and its overridable ones no project
 *   subclass declares again, are project bodies like functions (`this-calls.ts`, `privateMethodOf`,
 *   `overridableMethodOf`); one that subclasses declare again runs the body of the instance's class,
 *   the innermost `new` of the frames (`ThisCalls.dispatch`).
 * - Bodies never called in the project, and other methods, are walked once, as if called once, with their
 *   parameters unknown; unless they are module-private and never named (`unreferenced-declaration.ts`),
 *   or private methods nothing reaches (`isDeadPrivateMethod`): nothing can call those, so they create nothing. A method another class of its hierarchy declares
 *   again is walked so with unknown existence, any number of times (`overriddenReason`); so is one of a
 *   class the app instantiates (static or not) whose name nothing in the project uses, or an exported
 *   function of the app's modules that nothing calls or imports (`uncalled-bodies.ts`), and a
 *   getter or setter of such a class that nothing names (`unreadAccessorReason`).
 * - A method called on an object whose class the syntax tells (`new S(app).process()`, `s.addKey()` of
 *   `const s = S.create(app)`, chained calls of methods returning `this`, a `readonly` property set in
 *   the constructor: `receiver-class.ts`) is walked per call, like a function (`call-sites.ts`).
 * Loops are walked by `walk-loops.ts`, branches and statement order by `walk-branches.ts`; this class
 * follows calls and declarations.
 */
export class ConstructWalker implements WalkVisitor {
  /** The handler of each syntax kind with control flow (or calls, or declarations) to follow; other kinds visit their children. */
  private readonly handlers: ReadonlyMap<ts.SyntaxKind, VisitHandler>;
  private tooDeep: ts.Node | undefined;
  private expansions = 0;
  /** The bodies being walked for a call, innermost last: a call of one of them is recursion. */
  private readonly calling: Callable[] = [];
  /** Bodies with a call site that was not followed, and why: walked on their own by `finish`. */
  private readonly notFollowed = new Map<Callable, string>();
  private readonly walkedAlone = new Set<Callable>();
  private readonly loops: LoopWalk;
  private readonly branches: BranchWalk;
  /** The `new CfnResource(...)` found, and the notes of those whose resource is not known. */
  readonly genericResources: GenericResources;
  /** The `app.synth()` calls run so far: what is created (or changed) after one is not deployed. */
  readonly synths: ExplicitSynths;

  constructor(
    private readonly ts: typeof import('typescript'),
    private readonly evaluator: ExpressionEvaluator,
    /** Receives each construct as it is found, so that code walked later can refer to it. */
    private readonly onFound: (found: FoundConstruct) => void,
    /**
     * Whether another app of the project calls a class or function (`projectCallees`): one this app
     * does not call then creates nothing here, rather than being walked once with unknown parameters.
     */
    private readonly calledInProject: (node: ts.Node) => boolean = () => false,
  ) {
    this.genericResources = new GenericResources(evaluator);
    this.synths = new ExplicitSynths(ts, evaluator);
    this.loops = new LoopWalk(ts, evaluator, this);
    this.branches = new BranchWalk(ts, evaluator, this);
    this.handlers = this.handlerTable();
  }

  /** Walks a file (and the bodies it calls); returns the first node too deeply nested to walk, if any. */
  walk(sourceFile: ts.SourceFile): ts.Node | undefined {
    this.tooDeep = undefined;
    this.visit(sourceFile, EMPTY_CONTEXT, 0);
    return this.tooDeep;
  }

  /** Walks each body whose call was not followed once on its own (after every file is walked). */
  finish(): ts.Node | undefined {
    this.tooDeep = undefined;
    this.synths.close();
    for (const [callee, reason] of this.notFollowed) {
      if (this.walkedAlone.has(callee)) continue;
      this.walkedAlone.add(callee);
      this.calling.push(callee);
      this.walkBody(undefined, callee, { frames: [], bindings: new Map(), existence: reason }, undefined, 0);
      this.calling.pop();
    }
    return this.tooDeep;
  }

  visit(node: ts.Node, context: Context, depth: number): void {
    const t = this.ts;
    // Syntax that can create no construct (`construct-relevance.ts`) is not walked.
    if (!this.evaluator.calls.relevance.mustVisit(node)) return;
    // Out of steps: nothing more is walked; `build-cdk-source-unit.ts` gives every construct not yet
    // found an instance of unknown existence.
    if (!this.evaluator.budget.step(node)) return;
    if (depth > MAX_WALK_DEPTH) {
      this.tooDeep ??= node;
      return;
    }
    const next = depth + 1;
    // Most nodes need no control-flow handling: one map lookup instead of a chain of kind tests.
    const handler = this.handlers.get(node.kind);
    if (handler) handler(node, context, next);
    else if (node.kind < t.SyntaxKind.FirstTypeNode || node.kind > t.SyntaxKind.LastTypeNode) this.visitChildren(node, context, next);
  }

  visitChildren(node: ts.Node, context: Context, depth: number): void {
    this.ts.forEachChild(node, (child) => {
      this.visit(child, context, depth);
    });
  }

  /** One small handler per syntax kind (kinds come from the `ts` passed in: versions number them differently). */
  private handlerTable(): Map<ts.SyntaxKind, VisitHandler> {
    const k = this.ts.SyntaxKind;
    // Each handler is filed under the kinds of node it takes: TypeScript cannot relate a `SyntaxKind` key to a node type.
    const on = (handler: (node: never, context: Context, depth: number) => void): VisitHandler => handler as VisitHandler;
    const skip: VisitHandler = () => undefined;
    const statements = on(this.branches.visitStatementList.bind(this.branches));
    const classLike = on(this.visitClass.bind(this));
    const functionLike = on(this.visitFunction.bind(this));
    return new Map([
      [k.InterfaceDeclaration, skip],
      [k.TypeAliasDeclaration, skip],
      [k.SourceFile, statements],
      [k.Block, statements],
      [k.ModuleBlock, statements],
      [k.CaseClause, statements],
      [k.DefaultClause, statements],
      [k.IfStatement, on(this.branches.visitIf.bind(this.branches))],
      [k.ConditionalExpression, on(this.branches.visitConditional.bind(this.branches))],
      [k.BinaryExpression, on(this.branches.visitBinary.bind(this.branches))],
      [k.ForOfStatement, on(this.loops.visitForOf.bind(this.loops))],
      [k.ForStatement, on(this.loops.countingLoop.bind(this.loops))],
      [k.ForInStatement, on(this.loops.visitForIn.bind(this.loops))],
      [k.WhileStatement, on(this.loops.counterLoop.bind(this.loops))],
      [k.DoStatement, on(this.loops.counterLoop.bind(this.loops))],
      [k.CallExpression, on(this.visitCall.bind(this))],
      [k.NewExpression, on(this.visitCallSite.bind(this))],
      [k.SwitchStatement, on(this.branches.visitSwitch.bind(this.branches))],
      [k.CatchClause, on(this.branches.visitCatch.bind(this.branches))],
      [k.ClassDeclaration, classLike],
      [k.ClassExpression, classLike],
      [k.FunctionDeclaration, functionLike],
      [k.FunctionExpression, functionLike],
      [k.ArrowFunction, functionLike],
      [k.MethodDeclaration, functionLike],
      [k.GetAccessor, on(this.visitAccessor.bind(this))],
      [k.SetAccessor, on(this.visitAccessor.bind(this))],
    ]);
  }

  /**
   * A class called in the app: its constructor and property initializers run per call site (`callInto`);
   * static parts and methods once. One only other apps of the project call has no instance here.
   */
  private visitClass(node: ts.ClassLikeDeclaration, context: Context, depth: number): void {
    const t = this.ts;
    if (isUnreferencedDeclaration(t, node)) return;
    if (!this.evaluator.calls.isCalled(node) && !this.calledInProject(node)) {
      this.visitChildren(node, context, depth);
      // Its constructor walked on its own calls its base's through `super(...)`; without one of its own,
      // the implicit constructor does, with the same (unknown) arguments.
      const classes = this.evaluator.classes;
      const base = classes.constructorOf(node) ? undefined : classes.baseOf(node);
      const site = classes.extendsNode(node);
      if (base && site && this.evaluator.calls.relevance.isLive(base)) this.callInto(site, 'super', base, undefined, context, depth);
      return;
    }
    for (const member of node.members) {
      if (t.isConstructorDeclaration(member) || (t.isPropertyDeclaration(member) && !isStatic(t, member))) continue;
      this.visit(member, context, depth);
    }
    for (const clause of node.heritageClauses ?? []) this.visit(clause, context, depth);
  }

  /**
   * A function (or private method) called in the app is walked per call site (`callInto`), not where it
   * is declared; one only other apps of the project call creates nothing here.
   */
  private visitFunction(node: ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration, context: Context, depth: number): void {
    if (isUnreferencedDeclaration(this.ts, node) || this.evaluator.calls.isCalled(node) || this.calledInProject(node)) return;
    if (this.ts.isMethodDeclaration(node) && this.evaluator.calls.isDeadPrivateMethod(node)) return;
    // A method one of its class's subclasses (or bases) declares again may run for no instance, or for many;
    // a body nothing in the project calls or names, perhaps never.
    const calls = this.evaluator.calls;
    const overridden = this.ts.isMethodDeclaration(node)
      ? (calls.thisCalls.overriddenReason(node) ?? calls.uses.calledElsewhereReason(node) ?? uncalledBodyReason(this.ts, calls, node))
      : uncalledBodyReason(this.ts, calls, node);
    this.visitChildren(node, overridden === undefined ? context : withRepetition(context, overridden), depth);
  }

  /**
   * A getter or setter runs on each read or write of its name: walked as if run once, unless it belongs
   * to a class the app instantiates and nothing in the project names it (`unreadAccessorReason`).
   */
  private visitAccessor(node: ts.AccessorDeclaration, context: Context, depth: number): void {
    const reason = this.unreadAccessorReason(node);
    this.visitChildren(node, reason === undefined ? context : withRepetition(context, reason), depth);
  }

  /**
   * Why an accessor of a class the app instantiates may not run: no `x.name`, `x['name']`, nor any
   * other identifier or string `name` in the project's files (a destructuring `const { name } = stack`
   * reads it too) but its own declarations. Walked as if run once, what its getter creates would be
   * counted though synth never runs it (`get rotated() { return new iam.AccessKey(...) }` nothing reads).
   */
  private unreadAccessorReason(accessor: ts.AccessorDeclaration): string | undefined {
    const t = this.ts;
    const owner = accessor.parent;
    if (isStatic(t, accessor) || !t.isIdentifier(accessor.name) || !t.isClassLike(owner) || !this.evaluator.calls.isCalled(owner)) return undefined;
    const name = accessor.name.text;
    if (this.evaluator.calls.uses.accessesNamed(name)?.length !== 0) return undefined;
    const declared = owner.members.filter(
      (m) => (t.isGetAccessorDeclaration(m) || t.isSetAccessorDeclaration(m)) && t.isIdentifier(m.name) && m.name.text === name,
    );
    if (this.evaluator.calls.nameCount(name) !== declared.length) return undefined;
    const what = t.isGetAccessorDeclaration(accessor) ? 'reads' : 'writes';
    return `nothing in the project ${what} ${name}, so it runs only if code credlint does not see ${what} it`;
  }

  /** `items.reduce(cb, {})` of the shape `array-reduce.ts` evaluates, over known items. */
  private visitsReduce(node: ts.CallExpression, context: Context, depth: number): boolean {
    const reduce = reducingCall(this.ts, node);
    return reduce !== undefined && this.loops.visitReducingCall(node, reduce, context, depth);
  }

  private visitCall(node: ts.CallExpression, context: Context, depth: number): void {
    if (isIteratingCall(this.ts, node)) this.loops.visitIteratingCall(node, context, depth);
    else if (this.visitsReduce(node, context, depth)) {
      // Walked once per element, as a `forEach` is.
    } else if (
      !isArrayFromWithCallback(this.ts, node, (name) => this.evaluator.host.index.find(name) !== undefined) ||
      !this.loops.visitArrayFrom(node, context, depth)
    )
      this.visitCallSite(node, context, depth);
  }

  /** `new X(...)` or a call: a construct it records, its arguments, and the project body it runs. */
  private visitCallSite(node: ts.NewExpression | ts.CallExpression, context: Context, depth: number): void {
    const t = this.ts;
    if (t.isNewExpression(node)) this.record(node, context);
    // A callback argument runs as often as the callee decides (`Array.from({ length: 2 }, cb)`: twice),
    // which is not followed: what it creates may exist any number of times.
    const isCallback = (child: ts.Node): child is ts.ArrowFunction | ts.FunctionExpression =>
      (t.isArrowFunction(child) || t.isFunctionExpression(child)) && node.arguments?.includes(child) === true;
    const inCallback = node.arguments?.some(isCallback)
      ? withRepetition(context, `created in a callback passed to ${snippet(node.expression, node.getSourceFile(), 40)}(...), which credlint does not follow`)
      : context;
    const calls = this.evaluator.calls;
    const callee = calls.calleeOf(node);
    // A promise's `.then` or `.finally` handler that makes the App runs once in every synthesis of that
    // app; the executor of `new Promise(...)` runs once, before the `new` returns.
    const runsOnce = (child: ts.ArrowFunction | ts.FunctionExpression): boolean =>
      t.isCallExpression(node)
        ? isAppMakingThenCallback(t, this.evaluator, node, child, callee !== undefined)
        : isPromiseExecutor(t, this.evaluator, node, child);
    t.forEachChild(node, (child) => {
      this.visit(child, isCallback(child) && !runsOnce(child) ? inCallback : context, depth);
    });
    // `users.set(name, new iam.User(...))`: what a Map or Set filled in place holds from here on.
    if (t.isCallExpression(node)) this.evaluator.filled.record(node, context, this.evaluator);
    // `app.synth()`: what its App holds from here on is not deployed.
    if (t.isCallExpression(node)) this.synths.record(node, context);
    if (callee && calls.relevance.isLive(callee)) {
      const kind = t.isNewExpression(node) ? 'new' : node.expression.kind === t.SyntaxKind.SuperKeyword ? 'super' : 'call';
      this.callInto(node, kind, callee, calls.frames.argumentsOf(node, context), context, depth);
    }
    // `this.build()` of a method subclasses override: the instance's class's, or each with unknown existence.
    const dispatched = callee ? undefined : calls.thisCalls.dispatch(node, context);
    for (const method of dispatched?.methods ?? []) {
      if (!calls.relevance.isLive(method)) continue;
      const reason = dispatched?.undecided ? calls.thisCalls.overriddenReason(method) : undefined;
      this.callInto(node, 'call', method, calls.frames.argumentsOf(node, context), reason === undefined ? context : withRepetition(context, reason), depth);
    }
  }

  /**
   * An IAM construct: `new iam.User(...)`, or `new SmtpUser(...)` of a project class extending one
   * (recorded before its body is walked, where `this` is it), or a `new CfnResource(...)` whose type,
   * in this context, is an IAM user's or key's.
   */
  private record(node: ts.NewExpression, context: Context): void {
    const declared = this.evaluator.calls.constructClassAt(node);
    const generic = declared ? undefined : this.genericResources.classAt(node, context);
    const constructClass = declared ?? generic;
    if (!constructClass) return;
    // Created after its App (or Stage) was synthesized: not in the cloud assembly, or perhaps not.
    const fixed = this.synths.fixedBefore(node, constructClass, context);
    if (fixed === NOT_SYNTHESIZED) return;
    if (fixed !== undefined) context = withExistence(context, fixed);
    // Whether, or how often, it is created depends on a value larger than credlint evaluates.
    if (context.cutOff) this.evaluator.budget.valueCutOff(context.cutOff.node, context.cutOff.reason);
    if (this.evaluator.budget.instance(node))
      this.onFound({ node, constructClass, context: { ...context, writesSeen: this.evaluator.filled.recorded }, ...(generic ? { generic: true } : {}) });
  }

  /** Walks a callee's body for one call site, or records why it is not followed. */
  private callInto(site: ts.Node, kind: CallFrame['kind'], callee: Callable, args: readonly StaticValue[] | undefined, context: Context, depth: number): void {
    const name = this.evaluator.calls.frames.nameOf(callee);
    let reason: string | undefined;
    if (this.calling.includes(callee)) reason = `created in a recursive call of ${name}, which credlint does not follow`;
    else if (this.calling.length >= MAX_CALL_DEPTH)
      reason = `created in ${name}, called more than ${MAX_CALL_DEPTH} calls deep, which credlint does not follow`;
    else if (this.expansions >= MAX_CALL_EXPANSIONS)
      reason = `created in ${name}, whose call sites are more than credlint follows (${MAX_CALL_EXPANSIONS} calls)`;
    if (reason !== undefined) {
      if (!this.notFollowed.has(callee)) this.notFollowed.set(callee, reason);
      return;
    }
    this.expansions += 1;
    this.calling.push(callee);
    try {
      this.walkBody(site, callee, this.evaluator.calls.frames.enter(site, kind, callee, args, context), args, depth);
    } finally {
      this.calling.pop();
    }
  }

  /** What runs for one call: a function's body; a class's property initializers and constructor (or its base's, without one). */
  private walkBody(callSite: ts.Node | undefined, callee: Callable, context: Context, args: readonly StaticValue[] | undefined, depth: number): void {
    const t = this.ts;
    if (!t.isClassLike(callee)) {
      for (const parameter of callee.parameters) if (parameter.initializer) this.visit(parameter.initializer, context, depth);
      // `main(); app.synth();` with an async main: what runs after its first `await` may come after synthesis.
      const paused = callSite && callee.body && t.isBlock(callee.body) ? synthBeforeResume(t, callSite, callee) : undefined;
      if (paused !== undefined && callee.body && t.isBlock(callee.body))
        this.branches.visitStatementList(callee.body, context, depth, (statement) => (holdsAwait(t, statement) ? paused : undefined));
      else if (callee.body) this.visit(callee.body, context, depth);
      return;
    }
    const calls = this.evaluator.calls;
    const classes = this.evaluator.classes;
    const constructor = classes.constructorOf(callee);
    const base = constructor ? undefined : classes.baseOf(callee);
    const site = classes.extendsNode(callee);
    if (base && site && calls.relevance.isLive(base)) this.callInto(site, 'super', base, args, context, depth);
    for (const member of callee.members) {
      if (t.isPropertyDeclaration(member) && !isStatic(t, member) && member.initializer) this.visit(member.initializer, context, depth);
    }
    if (constructor?.body) {
      for (const parameter of constructor.parameters) if (parameter.initializer) this.visit(parameter.initializer, context, depth);
      this.visit(constructor.body, context, depth);
    }
  }
}
