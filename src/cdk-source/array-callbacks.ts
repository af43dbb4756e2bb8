import type * as ts from 'typescript';
import { bindPattern } from './bind-pattern.js';
import type { CallSites } from './call-sites.js';
import type { Evaluator } from './evaluator.js';
import { arrayValue, iterationFrame, MAX_ITERATIONS, opaque, truthiness, UNDEFINED, type Context, type StaticValue } from './static-value.js';

/** Array methods whose inline callback decides, for each item, whether it is the one (or whether one is). */
export const PREDICATE_METHODS = new Set(['find', 'findLast', 'some', 'every']);

/**
 * The array methods whose inline callback credlint runs for each item, in the iteration frame the
 * walker created that item's constructs in: `map` (and `Array.from`'s mapping callback), `filter`,
 * `find`, `findLast`, `some` and `every`. Each result is unknown unless every return value it needs is known.
 */
export class ArrayCallbacks {
  constructor(
    private readonly evaluator: Evaluator,
    private readonly calls: CallSites,
  ) {}

  private get ts(): typeof import('typescript') {
    return this.evaluator.ts;
  }

  /**
   * `items.map((item, i) => ...)` with an inline callback: the array of its return values, so
   * `['a', 'b'].map((n) => new User(this, n))` is the two users. Unknown unless every return is known.
   */
  mapped(node: ts.CallExpression, items: readonly StaticValue[], text: string, context: Context, callbackAt = 0, holes?: ReadonlySet<number>): StaticValue {
    // `map` keeps the holes where they are (https://tc39.es/ecma262/#sec-array.prototype.map).
    const results: StaticValue[] = items.map(() => UNDEFINED);
    const known = this.eachReturn(
      node,
      items,
      text,
      context,
      (value, _item, index) => {
        if (value.kind === 'unknown') return false;
        results[index] = value;
        return true;
      },
      callbackAt,
      holes,
    );
    return known ? arrayValue(results, holes) : opaque(text);
  }

  /**
   * `items.filter((item, i) => ...)` with an inline callback: the items for which it returns a truthy
   * value, themselves (a user keeps its identity). Unknown unless every return is known to be truthy or not.
   */
  filtered(node: ts.CallExpression, items: readonly StaticValue[], text: string, context: Context, holes?: ReadonlySet<number>): StaticValue {
    const kept: StaticValue[] = [];
    const known = this.eachReturn(
      node,
      items,
      text,
      context,
      (value, item) => {
        const keep = truthiness(value);
        if (keep === undefined) return false;
        if (keep) kept.push(item);
        return true;
      },
      0,
      holes,
    );
    return known ? { kind: 'array', items: kept } : opaque(text);
  }

  /**
   * `items.find(cb)`, `findLast`, `some` and `every` with an inline callback: the item found (itself:
   * a user keeps its identity) or `undefined`, and the boolean. Unknown unless the callback's result
   * is known to be truthy or not for every item (`find` then stops at the first truthy one, as
   * JavaScript does, so the items after it do not matter).
   * https://tc39.es/ecma262/#sec-array.prototype.find
   */
  searched(node: ts.CallExpression, items: readonly StaticValue[], method: string, text: string, context: Context, holes?: ReadonlySet<number>): StaticValue {
    const truthy: StaticValue[] = [];
    const undecided: StaticValue[] = [];
    // `find` and `findLast` read a hole as `undefined`; `some` and `every` skip it.
    const skipped = method === 'some' || method === 'every' ? holes : undefined;
    const known = this.eachReturn(
      node,
      items,
      text,
      context,
      (value, item) => {
        const keep = truthiness(value);
        if (keep === undefined) undecided.push(item);
        else if (keep) truthy.push(item);
        return keep !== undefined && !(method === 'find' && keep);
      },
      0,
      skipped,
    );
    if (undecided.length > 0) return opaque(text);
    if (method === 'find') return truthy[0] ?? (known ? UNDEFINED : opaque(text));
    if (!known) return opaque(text);
    if (method === 'findLast') return truthy.at(-1) ?? UNDEFINED;
    return { kind: 'boolean', value: method === 'some' ? truthy.length > 0 : truthy.length === items.length - (skipped?.size ?? 0) };
  }

  /**
   * Runs the inline callback of an array method (`node`: `items.map(cb)`, `items.filter(cb)`) for each
   * item in turn, in the iteration frame the walker created that element's constructs in, and hands
   * each return value with its item and index to `take`; the callback is not called at `holes`. False
   * when the callback is not an inline function, the items are too many, or `take` refuses a value (the
   * rest are then not evaluated).
   */
  private eachReturn(
    node: ts.CallExpression,
    items: readonly StaticValue[],
    text: string,
    context: Context,
    take: (value: StaticValue, item: StaticValue, index: number) => boolean,
    callbackAt = 0,
    holes?: ReadonlySet<number>,
  ): boolean {
    const t = this.ts;
    const callback = node.arguments[callbackAt];
    if (!callback || !(t.isArrowFunction(callback) || t.isFunctionExpression(callback))) return false;
    if (items.length > MAX_ITERATIONS) {
      // The callback's values are unknown past credlint's bound: the analysis is incomplete.
      this.evaluator.budget.loopTooLong(node);
      return false;
    }
    const [element, position] = callback.parameters;
    for (const [index, item] of items.entries()) {
      if (holes?.has(index) === true) continue;
      const bindings = new Map(context.bindings);
      if (element) bindPattern(this.evaluator, element.name, item, bindings, context);
      if (position) bindPattern(this.evaluator, position.name, { kind: 'number', value: index }, bindings, context);
      const inner: Context = { frames: [...context.frames, iterationFrame(node, item, index)], bindings, existence: context.existence };
      if (!take(this.calls.frames.returnValue(callback, inner, text), item, index)) return false;
    }
    return true;
  }
}
