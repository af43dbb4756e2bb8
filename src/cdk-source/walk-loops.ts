import type * as ts from 'typescript';
import { bindPattern } from './bind-pattern.js';
import { memberNameOf, type NamedMemberAccess } from './member-syntax.js';
import type { ExpressionEvaluator } from './evaluate-expression.js';
import { snippet } from './source-location.js';
import { iterationFrame, MAX_ITERATIONS, opaque, truthiness, UNDEFINED, type Context, type StaticValue } from './static-value.js';
import { forEachArguments, isCollection } from './collections.js';
import { arrayFromItems, arrayLikeLength } from './array-from.js';
import { forInKeys } from './own-keys.js';
import { counterStep, hasBreak, loopCounter } from './control-flow-syntax.js';
import { countedValues } from './loop-runs.js';
import type { ReducingCall } from './array-reduce.js';
import { decidedBy, withExistence, withRepetition, type WalkVisitor } from './walk-context.js';

/**
 * Loops in the construct walk (`walk-constructs.ts`): `for...of`, `.forEach`/`.map`/`.flatMap` and
 * `Array.from(source, cb)` over a known array, string, Set or Map, `for...in` of known keys, counting
 * `for` loops with known bounds and `while`/`do` loops stepping a known counter walk their body once per
 * element, with a frame naming the iteration and the loop variable bound; other loops once, what they
 * create of unknown existence.
 */
export class LoopWalk {
  private readonly breakCache = new WeakMap<ts.Node, boolean>();

  constructor(
    private readonly ts: typeof import('typescript'),
    private readonly evaluator: ExpressionEvaluator,
    private readonly walker: WalkVisitor,
  ) {}

  /**
   * `Array.from({ length: 2 }, (_, i) => ...)`, or of a known array, string, Set or Map: the callback's
   * body once per element `Array.from` reads (`arrayFromItems`), called with `(element, index)`. False,
   * walking nothing, when those are not known: the callback is then one `visitCallSite` does not follow.
   */
  visitArrayFrom(node: ts.CallExpression, context: Context, depth: number): boolean {
    const [source, callback] = node.arguments as unknown as [ts.Expression, ts.ArrowFunction | ts.FunctionExpression];
    const from = this.evaluator.evaluate(source, context);
    const items = arrayFromItems(from);
    if (items === undefined) {
      if ((arrayLikeLength(from) ?? 0) > MAX_ITERATIONS) this.evaluator.budget.loopTooLong(node);
      return false;
    }
    this.walker.visit(source, context, depth);
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
        this.walker.visit(callback.body, inner, depth);
      },
    );
    return true;
  }

  visitForOf(node: ts.ForOfStatement, context: Context, depth: number): void {
    this.walker.visit(node.expression, context, depth);
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
        this.walker.visit(node.statement, inner, depth);
      },
    );
  }

  /**
   * `for (const key in value)`: once per key `forInKeys` finds (an array's indexes, an object's keys,
   * as strings), else walked once, what it creates of unknown existence.
   */
  visitForIn(node: ts.ForInStatement, context: Context, depth: number): void {
    const declaration = this.ts.isVariableDeclarationList(node.initializer) ? node.initializer.declarations[0] : undefined;
    const keys = forInKeys(this.evaluator.evaluate(node.expression, context));
    if (keys === undefined || !declaration) {
      this.visitUnexpandedLoop(node, context, depth);
      return;
    }
    this.walker.visit(node.expression, context, depth);
    this.iterate(
      node,
      node.expression,
      { kind: 'array', items: keys },
      context,
      (item, bindings) => {
        this.bind(declaration.name, item, bindings, context);
      },
      (inner) => {
        this.walker.visit(node.statement, inner, depth);
      },
    );
  }

  /**
   * `while (i < 3) { ...; i++; }` and `do { ...; i++; } while (i < 3)` with a counter whose values are
   * known (`loopCounter`): once per value, as a counting `for`; a `do` body runs before its first test.
   * Other `while` and `do` loops are not expanded.
   */
  counterLoop(node: ts.WhileStatement | ts.DoStatement, context: Context, depth: number): void {
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
      this.visitUnexpandedLoop(node, decidedBy(context, node.expression, undecided), depth);
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
        this.walker.visit(node.statement, inner, depth);
        this.walker.visit(node.expression, inner, depth);
      },
    );
  }

  /** `for...in` of a value whose keys are not known, `while`, `do`: walked once, what they create of unknown existence. */
  private visitUnexpandedLoop(node: ts.ForInStatement | ts.WhileStatement | ts.DoStatement, context: Context, depth: number): void {
    this.walker.visitChildren(node, withRepetition(context, 'created in a loop that credlint does not expand'), depth);
  }

  /** `items.forEach((item, i) => ...)`, `.map`, `.flatMap`: the callback's body once per element. */
  visitIteratingCall(node: ts.CallExpression, context: Context, depth: number): void {
    const callee = node.expression as NamedMemberAccess;
    const callback = node.arguments[0] as ts.ArrowFunction | ts.FunctionExpression;
    this.walker.visit(callee.expression, context, depth);
    for (const argument of node.arguments.slice(1)) this.walker.visit(argument, context, depth);
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
        this.walker.visit(callback.body, inner, depth);
      },
      // `forEach`, `map` and `flatMap` call the callback for the indexes the array has, not its holes.
      true,
    );
  }

  /**
   * `items.reduce((acc, item, i) => { acc[key] = value; return acc; }, {})` (`array-reduce.ts`) over a
   * known array: its body once per element, with `(item, i)` bound as the evaluator binds them, so the
   * constructs it creates are the ones the reduced object holds. False, walking nothing, for any other
   * items: the callback is then one `visitCallSite` does not follow.
   */
  visitReducingCall(node: ts.CallExpression, reduce: ReducingCall, context: Context, depth: number): boolean {
    const callee = node.expression as NamedMemberAccess;
    const over = this.evaluator.evaluate(callee.expression, context);
    if (over.kind !== 'array' || isCollection(over) || over.items.length > MAX_ITERATIONS) return false;
    this.walker.visit(callee.expression, context, depth);
    this.walker.visit(reduce.initial, context, depth);
    this.iterate(
      node,
      callee.expression,
      over,
      context,
      (item, bindings, index) => {
        const [, element, position] = reduce.callback.parameters;
        if (element) this.bind(element.name, item, bindings, context);
        if (position) this.bind(position.name, { kind: 'number', value: index }, bindings, context);
      },
      (inner) => {
        this.walker.visit(reduce.callback.body, inner, depth);
      },
      true,
    );
    return true;
  }

  /** `for (let i = 0; i < 3; i++)` with known bounds, else one iteration of unknown existence. */
  countingLoop(node: ts.ForStatement, context: Context, depth: number): void {
    const t = this.ts;
    const { declaration, values, known, undecided } = countedValues(this.evaluator, node, context);
    if (values.length > MAX_ITERATIONS) this.evaluator.budget.loopTooLong(node);
    if (node.initializer) this.walker.visit(node.initializer, context, depth);
    if (!known || !declaration) {
      const repeated = decidedBy(withRepetition(context, 'created in a loop that credlint does not expand'), node.condition ?? node, undecided);
      t.forEachChild(node, (child) => {
        this.walker.visit(child, repeated, depth);
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
        this.walker.visit(node.statement, inner, depth);
      },
    );
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
      body(decidedBy(withRepetition(context, `created once per element of ${text}${because}`), over, value));
      return;
    }
    const breaks = this.breaks(loop);
    const budget = this.evaluator.budget;
    for (const [index, item] of value.items.entries()) {
      if (skipHoles && value.holes?.has(index) === true) continue;
      if (!budget.iteration(loop)) {
        // The iterations left are walked once, their loop variable unknown: what they create may exist.
        const rest: Context = { ...context, frames: [...context.frames, iterationFrame(loop, UNDEFINED, index)] };
        body(withRepetition(rest, `created in iteration ${index + 1} or a later one of a loop that credlint stopped expanding (limit loopIterations)`));
        return;
      }
      // Copying the bindings costs as much as walking that many nodes.
      if (!budget.step(loop, context.bindings.size)) return;
      const bindings = new Map(context.bindings);
      bind(item, bindings, index);
      let inner: Context = { ...context, frames: [...context.frames, iterationFrame(loop, item, index)], bindings };
      if (breaks && index > 0) inner = withExistence(inner, 'the loop may stop early (break)');
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

  /** Binds a loop variable or callback parameter (or each name of its destructuring pattern) to a value. */
  private bind(name: ts.BindingName, value: StaticValue, bindings: Map<ts.Node, StaticValue>, context: Context): void {
    bindPattern(this.evaluator, name, value, bindings, context);
  }
}
