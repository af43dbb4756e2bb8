import type * as ts from 'typescript';
import path from 'node:path';
import { bindPattern } from './bind-pattern.js';
import { isStatic, memberNameOf, type NamedMemberAccess } from './member-syntax.js';
import type { ExpressionEvaluator } from './evaluate-expression.js';
import { snippet, startOf } from './source-location.js';
import {
  EMPTY_CONTEXT,
  isCutOff,
  iterationFrame,
  MAX_ITERATIONS,
  opaque,
  strictlyEqual,
  truthiness,
  UNDEFINED,
  type CallFrame,
  type Callable,
  type ConstructClass,
  type Context,
  type StaticValue,
} from './static-value.js';
import { isUnreferencedDeclaration } from './unreferenced-declaration.js';
import { forEachArguments, isCollection } from './collections.js';
import { arrayFromItems, arrayLikeLength, isArrayFromWithCallback } from './array-from.js';
import { forInKeys } from './own-keys.js';
import { alwaysExits, counterStep, hasBreak, isIteratingCall, isShortCircuit, loopCounter, switchOutcome } from './control-flow-syntax.js';
import { countedValues } from './loop-runs.js';
import { narrowTruthy } from './narrow-truthy.js';

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
 *   unknown): existence unknown.
 * - `new` of a project class, `super(...)` of a project base class and calls of project functions:
 *   the body (constructor and property initializers) is walked per call site, with the parameters
 *   bound to the arguments (`call-sites.ts`); such a body is not walked where it is declared. A
 *   recursive call, or one past `MAX_CALL_EXPANSIONS`, is not followed: its body is walked once on its
 *   own instead (`finish`), parameters unknown, existence unknown.
 * - A class's own private methods called as `this.name(...)`, and its overridable ones no project
 *   subclass declares again, are project bodies like functions (`call-sites.ts`, `privateMethodOf`,
 *   `overridableMethodOf`); one that subclasses declare again runs the body of the instance's class,
 *   the innermost `new` of the frames (`CallSites.dispatch`).
 * - Bodies never called in the project, and other methods, are walked once, as if called once, with their
 *   parameters unknown; unless they are module-private and never named (`unreferenced-declaration.ts`),
 *   or private methods nothing reaches (`isDeadPrivateMethod`): nothing can call those, so they create nothing. A method another class of its hierarchy declares
 *   again is walked so with unknown existence, any number of times (`overriddenReason`).
 */
export class ConstructWalker {
  /** The handler of each syntax kind with control flow (or calls, or declarations) to follow; other kinds visit their children. */
  private readonly handlers: ReadonlyMap<ts.SyntaxKind, VisitHandler>;
  private tooDeep: ts.Node | undefined;
  private expansions = 0;
  /** The bodies being walked for a call, innermost last: a call of one of them is recursion. */
  private readonly calling: Callable[] = [];
  /** Bodies with a call site that was not followed, and why: walked on their own by `finish`. */
  private readonly notFollowed = new Map<Callable, string>();
  private readonly walkedAlone = new Set<Callable>();
  private readonly breakCache = new WeakMap<ts.Node, boolean>();

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
    for (const [callee, reason] of this.notFollowed) {
      if (this.walkedAlone.has(callee)) continue;
      this.walkedAlone.add(callee);
      this.calling.push(callee);
      this.walkBody(callee, { frames: [], bindings: new Map(), existence: reason }, undefined, 0);
      this.calling.pop();
    }
    return this.tooDeep;
  }

  private visit(node: ts.Node, context: Context, depth: number): void {
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

  private visitChildren(node: ts.Node, context: Context, depth: number): void {
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
    const statements = on(this.visitStatementList.bind(this));
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
      [k.IfStatement, on(this.visitIf.bind(this))],
      [k.ConditionalExpression, on(this.visitConditional.bind(this))],
      [k.BinaryExpression, on(this.visitBinary.bind(this))],
      [k.ForOfStatement, on(this.visitForOf.bind(this))],
      [k.ForStatement, on(this.countingLoop.bind(this))],
      [k.ForInStatement, on(this.visitForIn.bind(this))],
      [k.WhileStatement, on(this.counterLoop.bind(this))],
      [k.DoStatement, on(this.counterLoop.bind(this))],
      [k.CallExpression, on(this.visitCall.bind(this))],
      [k.NewExpression, on(this.visitCallSite.bind(this))],
      [k.SwitchStatement, on(this.visitSwitch.bind(this))],
      [k.CatchClause, on(this.visitCatch.bind(this))],
      [k.ClassDeclaration, classLike],
      [k.ClassExpression, classLike],
      [k.FunctionDeclaration, functionLike],
      [k.FunctionExpression, functionLike],
      [k.ArrowFunction, functionLike],
      [k.MethodDeclaration, functionLike],
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
    // A method one of its class's subclasses (or bases) declares again may run for no instance, or for many.
    const overridden = this.ts.isMethodDeclaration(node)
      ? (this.evaluator.calls.thisCalls.overriddenReason(node) ?? this.evaluator.calls.calledElsewhereReason(node))
      : undefined;
    this.visitChildren(node, overridden === undefined ? context : this.withRepetition(context, overridden), depth);
  }

  private visitCall(node: ts.CallExpression, context: Context, depth: number): void {
    if (isIteratingCall(this.ts, node)) this.visitIteratingCall(node, context, depth);
    else if (
      !isArrayFromWithCallback(this.ts, node, (name) => this.evaluator.host.index.find(name) !== undefined) ||
      !this.visitArrayFrom(node, context, depth)
    )
      this.visitCallSite(node, context, depth);
  }

  /**
   * `Array.from({ length: 2 }, (_, i) => ...)`, or of a known array, string, Set or Map: the callback's
   * body once per element `Array.from` reads (`arrayFromItems`), called with `(element, index)`. False,
   * walking nothing, when those are not known: the callback is then one `visitCallSite` does not follow.
   */
  private visitArrayFrom(node: ts.CallExpression, context: Context, depth: number): boolean {
    const [source, callback] = node.arguments as unknown as [ts.Expression, ts.ArrowFunction | ts.FunctionExpression];
    const from = this.evaluator.evaluate(source, context);
    const items = arrayFromItems(from);
    if (items === undefined) {
      if ((arrayLikeLength(from) ?? 0) > MAX_ITERATIONS) this.evaluator.budget.loopTooLong(node);
      return false;
    }
    this.visit(source, context, depth);
    this.iterate(
      node,
      source,
      { kind: 'array', items },
      context,
      (item, bindings, index) => {
        const [element, position] = callback.parameters;
        if (element) this.bind(element.name, item, bindings, context);
        if (position) this.bind(position.name, { kind: 'number', value: index }, bindings, context);
      },
      (inner) => {
        this.visit(callback.body, inner, depth);
      },
    );
    return true;
  }

  /** `new X(...)` or a call: a construct it records, its arguments, and the project body it runs. */
  private visitCallSite(node: ts.NewExpression | ts.CallExpression, context: Context, depth: number): void {
    const t = this.ts;
    if (t.isNewExpression(node)) this.record(node, context);
    // A callback argument runs as often as the callee decides (`Array.from({ length: 2 }, cb)`: twice),
    // which is not followed: what it creates may exist any number of times.
    const isCallback = (child: ts.Node): boolean => (t.isArrowFunction(child) || t.isFunctionExpression(child)) && node.arguments?.includes(child) === true;
    const inCallback = node.arguments?.some(isCallback)
      ? this.withRepetition(
          context,
          `created in a callback passed to ${snippet(node.expression, node.getSourceFile(), 40)}(...), which credlint does not follow`,
        )
      : context;
    t.forEachChild(node, (child) => {
      this.visit(child, isCallback(child) ? inCallback : context, depth);
    });
    // `users.set(name, new iam.User(...))`: what a Map or Set filled in place holds from here on.
    if (t.isCallExpression(node)) this.evaluator.filled.record(node, context, this.evaluator);
    const calls = this.evaluator.calls;
    const callee = calls.calleeOf(node);
    if (callee && calls.relevance.isLive(callee)) {
      const kind = t.isNewExpression(node) ? 'new' : node.expression.kind === t.SyntaxKind.SuperKeyword ? 'super' : 'call';
      this.callInto(node, kind, callee, calls.frames.argumentsOf(node, context), context, depth);
    }
    // `this.build()` of a method subclasses override: the instance's class's, or each with unknown existence.
    const dispatched = callee ? undefined : calls.thisCalls.dispatch(node, context);
    for (const method of dispatched?.methods ?? []) {
      if (!calls.relevance.isLive(method)) continue;
      const reason = dispatched?.undecided ? calls.thisCalls.overriddenReason(method) : undefined;
      this.callInto(
        node,
        'call',
        method,
        calls.frames.argumentsOf(node, context),
        reason === undefined ? context : this.withRepetition(context, reason),
        depth,
      );
    }
  }

  private visitStatementList(node: ts.SourceFile | ts.Block | ts.ModuleBlock | ts.CaseOrDefaultClause, context: Context, depth: number): void {
    if (this.ts.isCaseClause(node)) this.visit(node.expression, context, depth);
    this.visitStatements(node.statements, context, depth);
  }

  private visitIf(node: ts.IfStatement, context: Context, depth: number): void {
    this.visit(node.expression, context, depth);
    const condition = this.evaluator.evaluate(node.expression, context);
    const truth = truthiness(condition);
    if (truth !== false) this.visit(node.thenStatement, truth === true ? context : this.unless(context, node.expression, condition, true), depth);
    if (truth !== true && node.elseStatement)
      this.visit(node.elseStatement, truth === false ? context : this.unless(context, node.expression, condition, false), depth);
  }

  private visitConditional(node: ts.ConditionalExpression, context: Context, depth: number): void {
    this.visit(node.condition, context, depth);
    const condition = this.evaluator.evaluate(node.condition, context);
    const truth = truthiness(condition);
    if (truth !== false) this.visit(node.whenTrue, truth === true ? context : this.unless(context, node.condition, condition, true), depth);
    if (truth !== true) this.visit(node.whenFalse, truth === false ? context : this.unless(context, node.condition, condition, false), depth);
  }

  /** `a && b`, `a || b`, `a ?? b`: the right side is walked as it runs; other operators walk both sides. */
  private visitBinary(node: ts.BinaryExpression, context: Context, depth: number): void {
    const t = this.ts;
    const operator = node.operatorToken.kind;
    if (!isShortCircuit(this.ts, operator)) {
      this.visitChildren(node, context, depth);
      // `users[name] = new iam.User(...)`: what an object filled in place holds from here on.
      if (operator === t.SyntaxKind.EqualsToken) this.evaluator.filled.record(node, context, this.evaluator);
      return;
    }
    this.visit(node.left, context, depth);
    const left = this.evaluator.evaluate(node.left, context);
    // Whether the right side runs: `a && b` when a is truthy, `a || b` when falsy, `a ?? b` when nullish.
    const runs =
      operator === t.SyntaxKind.QuestionQuestionToken
        ? left.kind === 'unknown'
          ? undefined
          : left.kind === 'undefined' || left.kind === 'null'
        : ((truth) => (truth === undefined ? undefined : truth === (operator === t.SyntaxKind.AmpersandAmpersandToken)))(truthiness(left));
    if (runs !== false)
      this.visit(node.right, runs === true ? context : this.unless(context, node.left, left, operator === t.SyntaxKind.AmpersandAmpersandToken), depth);
  }

  private visitForOf(node: ts.ForOfStatement, context: Context, depth: number): void {
    this.visit(node.expression, context, depth);
    const declaration = this.ts.isVariableDeclarationList(node.initializer) ? node.initializer.declarations[0] : undefined;
    this.iterate(
      node,
      node.expression,
      this.evaluator.evaluate(node.expression, context),
      context,
      (item, bindings) => {
        if (declaration) this.bind(declaration.name, item, bindings, context);
      },
      (inner) => {
        this.visit(node.statement, inner, depth);
      },
    );
  }

  /**
   * `for (const key in value)`: once per key `forInKeys` finds (an array's indexes, an object's keys,
   * as strings), else walked once, what it creates of unknown existence.
   */
  private visitForIn(node: ts.ForInStatement, context: Context, depth: number): void {
    const declaration = this.ts.isVariableDeclarationList(node.initializer) ? node.initializer.declarations[0] : undefined;
    const keys = forInKeys(this.evaluator.evaluate(node.expression, context));
    if (keys === undefined || !declaration) {
      this.visitUnexpandedLoop(node, context, depth);
      return;
    }
    this.visit(node.expression, context, depth);
    this.iterate(
      node,
      node.expression,
      { kind: 'array', items: keys },
      context,
      (item, bindings) => {
        this.bind(declaration.name, item, bindings, context);
      },
      (inner) => {
        this.visit(node.statement, inner, depth);
      },
    );
  }

  /**
   * `while (i < 3) { ...; i++; }` and `do { ...; i++; } while (i < 3)` with a counter whose values are
   * known (`loopCounter`): once per value, as a counting `for`; a `do` body runs before its first test.
   * Other `while` and `do` loops are not expanded.
   */
  private counterLoop(node: ts.WhileStatement | ts.DoStatement, context: Context, depth: number): void {
    const t = this.ts;
    const counter = loopCounter(t, node, (identifier) => this.evaluator.host.index.find(identifier)?.node);
    const values: StaticValue[] = [];
    let known = false;
    // The condition that could not be decided: a value cut off at a size limit then decides the loop.
    let undecided: StaticValue = UNDEFINED;
    if (counter) {
      const { declaration, step } = counter;
      const holds = (value: StaticValue) => {
        const condition = this.evaluator.evaluate(node.expression, { ...context, bindings: new Map(context.bindings).set(declaration, value) });
        undecided = condition;
        return truthiness(condition);
      };
      let value = this.evaluator.evaluate(declaration.initializer as ts.Expression, context);
      for (let i = 0; i <= MAX_ITERATIONS && value.kind === 'number'; i += 1) {
        const truth = t.isDoStatement(node) && i === 0 ? true : holds(value);
        if (truth === false) {
          known = true;
          break;
        }
        if (truth === undefined) break;
        values.push(value);
        value = counterStep(t, step, declaration, value);
      }
    }
    if (values.length > MAX_ITERATIONS) this.evaluator.budget.loopTooLong(node);
    if (!counter || !known) {
      if (!counter) undecided = this.evaluator.evaluate(node.expression, context);
      this.visitUnexpandedLoop(node, this.decidedBy(context, node.expression, undecided), depth);
      return;
    }
    const { declaration } = counter;
    this.iterate(
      node,
      node.expression,
      { kind: 'array', items: values },
      context,
      (item, bindings) => bindings.set(declaration, item),
      (inner) => {
        this.visit(node.statement, inner, depth);
        this.visit(node.expression, inner, depth);
      },
    );
  }

  /** `for...in` of a value whose keys are not known, `while`, `do`: walked once, what they create of unknown existence. */
  private visitUnexpandedLoop(node: ts.ForInStatement | ts.WhileStatement | ts.DoStatement, context: Context, depth: number): void {
    this.visitChildren(node, this.withRepetition(context, 'created in a loop that credlint does not expand'), depth);
  }

  /** `items.forEach((item, i) => ...)`, `.map`, `.flatMap`: the callback's body once per element. */
  private visitIteratingCall(node: ts.CallExpression, context: Context, depth: number): void {
    const callee = node.expression as NamedMemberAccess;
    const callback = node.arguments[0] as ts.ArrowFunction | ts.FunctionExpression;
    this.visit(callee.expression, context, depth);
    for (const argument of node.arguments.slice(1)) this.visit(argument, context, depth);
    const over = this.evaluator.evaluate(callee.expression, context);
    // A Set's or Map's `forEach` passes (value, value) or (value, key); they have no `map` or `flatMap`.
    const collection = isCollection(over) ? over : undefined;
    this.iterate(
      node,
      callee.expression,
      collection && memberNameOf(this.ts, callee) !== 'forEach' ? opaque(snippet(node, node.getSourceFile())) : over,
      context,
      (item, bindings, index) => {
        const [element, position] = callback.parameters;
        const [value, key] = collection ? forEachArguments(collection, item) : [item, { kind: 'number', value: index } as const];
        if (element) this.bind(element.name, value, bindings, context);
        if (position) this.bind(position.name, key, bindings, context);
      },
      (inner) => {
        this.visit(callback.body, inner, depth);
      },
      // `forEach`, `map` and `flatMap` call the callback for the indexes the array has, not its holes.
      true,
    );
  }

  private visitSwitch(node: ts.SwitchStatement, context: Context, depth: number): void {
    const t = this.ts;
    this.visit(node.expression, context, depth);
    const taken = this.switchEntry(node, context);
    if (taken === undefined) {
      const inCase = this.decidedBy(
        this.withExistence(context, `created in one case of switch (${snippet(node.expression, node.getSourceFile())}), which credlint does not decide`),
        node.expression,
        this.evaluator.evaluate(node.expression, context),
      );
      for (const clause of node.caseBlock.clauses) this.visit(clause, inCase, depth);
      return;
    }
    const clauses = node.caseBlock.clauses;
    for (const clause of clauses.slice(0, taken.compared)) if (t.isCaseClause(clause)) this.visit(clause.expression, context, depth);
    // Control falls through the clauses after the entry until a `break` (or another exit) ends them.
    if (taken.entry !== undefined)
      this.visitStatements(
        clauses.slice(taken.entry).flatMap((clause) => [...clause.statements]),
        context,
        depth,
      );
  }

  private visitCatch(node: ts.CatchClause, context: Context, depth: number): void {
    this.visit(node.block, this.withExistence(context, 'created only when an exception is caught'), depth);
  }

  /** An IAM construct: `new iam.User(...)`, or `new SmtpUser(...)` of a project class extending one (recorded before its body is walked, where `this` is it). */
  private record(node: ts.NewExpression, context: Context): void {
    const constructClass = this.evaluator.calls.constructClassAt(node);
    if (!constructClass) return;
    // Whether, or how often, it is created depends on a value larger than credlint evaluates.
    if (context.cutOff) this.evaluator.budget.valueCutOff(context.cutOff.node, context.cutOff.reason);
    if (this.evaluator.budget.instance(node)) this.onFound({ node, constructClass, context: { ...context, writesSeen: this.evaluator.filled.recorded } });
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
      this.walkBody(callee, this.evaluator.calls.frames.enter(site, kind, callee, args, context), args, depth);
    } finally {
      this.calling.pop();
    }
  }

  /** What runs for one call: a function's body; a class's property initializers and constructor (or its base's, without one). */
  private walkBody(callee: Callable, context: Context, args: readonly StaticValue[] | undefined, depth: number): void {
    const t = this.ts;
    if (!t.isClassLike(callee)) {
      for (const parameter of callee.parameters) if (parameter.initializer) this.visit(parameter.initializer, context, depth);
      if (callee.body) this.visit(callee.body, context, depth);
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

  /**
   * Where a `switch` on a known value starts: the first `case` strictly equal to it (cases are compared
   * in order, `===`), else `default`, else nowhere; `compared` is how many clauses were tested.
   * Undefined when the value, or a case tested before the match, cannot be compared statically.
   * (ECMAScript CaseBlockEvaluation: https://tc39.es/ecma262/#sec-runtime-semantics-caseblockevaluation)
   */
  private switchEntry(node: ts.SwitchStatement, context: Context): { entry: number | undefined; compared: number } | undefined {
    const t = this.ts;
    const value = this.evaluator.evaluate(node.expression, context);
    if (value.kind === 'unknown') return undefined;
    const clauses = node.caseBlock.clauses;
    for (const [index, clause] of clauses.entries()) {
      if (!t.isCaseClause(clause)) continue;
      const equal = strictlyEqual(value, this.evaluator.evaluate(clause.expression, context));
      if (equal === undefined) return undefined;
      if (equal) return { entry: index, compared: index + 1 };
    }
    const fallback = clauses.findIndex((clause) => t.isDefaultClause(clause));
    return { entry: fallback < 0 ? undefined : fallback, compared: clauses.length };
  }

  /** Statements in order; an early exit ends (or, when undecidable, makes unknown) the ones after it. */
  private visitStatements(statements: readonly ts.Statement[], context: Context, depth: number): void {
    let current = context;
    for (const statement of statements) {
      this.visit(statement, current, depth);
      const exit = this.exitAfter(statement, current);
      if (exit === true) return;
      if (typeof exit === 'string') current = this.withExistence(current, exit);
    }
  }

  /** Whether control certainly (true) or possibly (the reason) leaves the statement list after `statement`. */
  private exitAfter(statement: ts.Statement, context: Context): boolean | string {
    const t = this.ts;
    if (alwaysExits(t, statement)) return true;
    if (t.isSwitchStatement(statement)) return this.switchExit(statement, context);
    if (!t.isIfStatement(statement)) return false;
    const thenExits = alwaysExits(t, statement.thenStatement);
    const elseExits = statement.elseStatement !== undefined && alwaysExits(t, statement.elseStatement);
    if (!thenExits && !elseExits) return false;
    const truth = truthiness(this.evaluator.evaluate(statement.expression, context));
    if (truth !== undefined) return truth ? thenExits : elseExits;
    // Named by its file too: the exit is often in the app's entry file, the construct in a stack's.
    const sourceFile = statement.getSourceFile();
    const line = sourceFile.getLineAndCharacterOfPosition(startOf(statement, sourceFile)).line + 1;
    const when = `${thenExits ? '' : 'not '}${snippet(statement.expression, sourceFile)}`;
    return `created only if the early exit at line ${line} of ${path.basename(sourceFile.fileName)} (when ${when}) is not taken, which is not known statically`;
  }

  /**
   * Whether control certainly (true) or possibly (the reason) leaves the statement list at a `switch`:
   * through the clause a known value enters (none when no `case` matches and there is no `default`),
   * or, for a value not known statically, through every clause it may enter.
   */
  private switchExit(statement: ts.SwitchStatement, context: Context): boolean | string {
    const t = this.ts;
    const clauses = statement.caseBlock.clauses;
    const taken = this.switchEntry(statement, context);
    const entries = taken ? (taken.entry === undefined ? [] : [taken.entry]) : [...clauses.keys()];
    const outcomes = new Set(entries.map((entry) => switchOutcome(t, clauses, entry)));
    // A value that matches no case of a switch without `default` runs no clause.
    if (!taken && !clauses.some((clause) => t.isDefaultClause(clause))) outcomes.add('ends');
    if (outcomes.size === 0 || (outcomes.size === 1 && outcomes.has('ends'))) return false;
    if (outcomes.size === 1 && outcomes.has('exits')) return true;
    const sourceFile = statement.getSourceFile();
    const line = sourceFile.getLineAndCharacterOfPosition(startOf(statement, sourceFile)).line + 1;
    return `created only if the switch (${snippet(statement.expression, sourceFile)}) at line ${line} of ${path.basename(sourceFile.fileName)} does not leave early, which is not known statically`;
  }

  /** The context of a branch taken only if `condition` is (`when`) truthy, which is not known. */
  private unless(context: Context, node: ts.Expression, condition: StaticValue, when: boolean): Context {
    const text = snippet(node, node.getSourceFile());
    const because = condition.kind === 'unknown' && condition.subject !== text ? `: ${condition.reason}` : ', which is not known statically';
    const decided = this.decidedBy(this.withExistence(context, `created only if ${when ? '' : 'not '}${text}${because}`), node, condition);
    return narrowTruthy(this.ts, this.evaluator.host.index, (expression, at) => this.evaluator.evaluate(expression, at), decided, node, when);
  }

  /** `context` noting that `value`, when cut off at a size limit, decides whether its code runs (`Context.cutOff`). */
  private decidedBy(context: Context, node: ts.Node, value: StaticValue): Context {
    return isCutOff(value) && !context.cutOff ? { ...context, cutOff: { node, reason: value.reason } } : context;
  }

  private withExistence(context: Context, reason: string): Context {
    return context.existence === undefined ? { ...context, existence: reason } : context;
  }

  /** Code that may run any number of times (`Context.repeated`), existence unknown for `reason`. */
  private withRepetition(context: Context, reason: string): Context {
    return { ...this.withExistence(context, reason), repeated: { reason } };
  }

  /**
   * Walks a loop body once per element of a known array, with a frame naming the iteration, or once
   * with unknown existence. A `break` in the body may end the loop early: iterations after the first
   * are then of unknown existence. With `skipHoles` (`forEach`, `map`) the array's holes are not visited.
   */
  private iterate(
    loop: ts.Node,
    over: ts.Expression,
    value: StaticValue,
    context: Context,
    bind: (item: StaticValue, bindings: Map<ts.Node, StaticValue>, index: number) => void,
    body: (context: Context) => void,
    skipHoles = false,
  ): void {
    if (value.kind !== 'array' || value.items.length > MAX_ITERATIONS) {
      if (value.kind === 'array') this.evaluator.budget.loopTooLong(loop);
      const text = snippet(over, over.getSourceFile());
      const because =
        value.kind === 'unknown' && value.subject !== text
          ? `: ${value.reason}`
          : value.kind === 'array'
            ? ', which is too long to expand'
            : ', which is not known statically';
      body(this.decidedBy(this.withRepetition(context, `created once per element of ${text}${because}`), over, value));
      return;
    }
    const breaks = this.breaks(loop);
    const budget = this.evaluator.budget;
    for (const [index, item] of value.items.entries()) {
      if (skipHoles && value.holes?.has(index) === true) continue;
      if (!budget.iteration(loop)) {
        // The iterations left are walked once, their loop variable unknown: what they create may exist.
        const rest: Context = { ...context, frames: [...context.frames, iterationFrame(loop, UNDEFINED, index)] };
        body(this.withRepetition(rest, `created in iteration ${index + 1} or a later one of a loop that credlint stopped expanding (limit loopIterations)`));
        return;
      }
      // Copying the bindings costs as much as walking that many nodes.
      if (!budget.step(loop, context.bindings.size)) return;
      const bindings = new Map(context.bindings);
      bind(item, bindings, index);
      let inner: Context = { ...context, frames: [...context.frames, iterationFrame(loop, item, index)], bindings };
      if (breaks && index > 0) inner = this.withExistence(inner, 'the loop may stop early (break)');
      body(inner);
    }
  }

  /** `hasBreak` of a loop, once per loop (an inner loop is entered once per iteration of the outer one). */
  private breaks(loop: ts.Node): boolean {
    let found = this.breakCache.get(loop);
    if (found === undefined) {
      found = hasBreak(this.ts, loop, 0);
      this.breakCache.set(loop, found);
    }
    return found;
  }

  /** `for (let i = 0; i < 3; i++)` with known bounds, else one iteration of unknown existence. */
  private countingLoop(node: ts.ForStatement, context: Context, depth: number): void {
    const t = this.ts;
    const { declaration, values, known, undecided } = countedValues(this.evaluator, node, context);
    if (values.length > MAX_ITERATIONS) this.evaluator.budget.loopTooLong(node);
    if (node.initializer) this.visit(node.initializer, context, depth);
    if (!known || !declaration) {
      const repeated = this.decidedBy(this.withRepetition(context, 'created in a loop that credlint does not expand'), node.condition ?? node, undecided);
      t.forEachChild(node, (child) => {
        this.visit(child, repeated, depth);
      });
      return;
    }
    this.iterate(
      node,
      node.condition as ts.Expression,
      { kind: 'array', items: values },
      context,
      (item, bindings) => bindings.set(declaration, item),
      (inner) => {
        this.visit(node.statement, inner, depth);
      },
    );
  }

  /** Binds a loop variable or callback parameter (or each name of its destructuring pattern) to a value. */
  private bind(name: ts.BindingName, value: StaticValue, bindings: Map<ts.Node, StaticValue>, context: Context): void {
    bindPattern(this.evaluator, name, value, bindings, context);
  }
}
