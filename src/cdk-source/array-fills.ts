import type * as ts from 'typescript';
import { snippet } from './source-location.js';
import { arrayValue, MAX_ITERATIONS, opaque, overLimit, type Context, type StaticValue, type UnknownValue } from './static-value.js';
import type { Evaluator } from './evaluator.js';

/**
 * Arrays filled in place by `push` and `unshift` (`filled-objects.ts` records the writes in the order
 * the walk runs them): `names.push('ci', ...more)` appends its elements in order, `names.unshift(a, b)`
 * puts `a, b` in front (https://tc39.es/ecma262/#sec-array.prototype.push, #sec-array.prototype.unshift).
 */

/** A recorded `push` (`back`) or `unshift` (`front`): `value` is the array of the elements it adds, or why they are not known. */
export interface ArrayWrite {
  readonly value: StaticValue;
  readonly end?: 'front' | 'back';
}

/** The elements a `push(...)` or `unshift(...)` call adds, spreads read as a spread in an array literal reads them. */
export function elementsOf(t: typeof import('typescript'), call: ts.CallExpression, context: Context, evaluator: Evaluator): StaticValue {
  const items: StaticValue[] = [];
  for (const argument of call.arguments) {
    if (!t.isSpreadElement(argument)) {
      items.push(evaluator.evaluate(argument, context));
      continue;
    }
    // A spread iterates: an array's elements, a Set's values, a Map's `[key, value]` entries.
    const spread = evaluator.evaluate(argument.expression, context);
    if (spread.kind !== 'array') return spread.kind === 'unknown' ? spread : opaque(snippet(argument.expression, call.getSourceFile()));
    if (items.length + spread.items.length > MAX_ITERATIONS) return tooLong(call);
    for (const item of spread.items) items.push(item);
  }
  return { kind: 'array', items };
}

function tooLong(node: ts.Node): UnknownValue {
  return overLimit(`${snippet(node, node.getSourceFile(), 40)} makes an array of more than ${String(MAX_ITERATIONS)} elements, more than credlint evaluates`);
}

/**
 * What the first writes of one array have added, in front and at the back: kept per array and
 * activation and extended as reads see more writes, so that reading an array after thousands of
 * `push` calls costs its length, not the number of writes times the reads.
 */
class Added {
  /** The `unshift` calls' elements, the latest first. */
  private readonly front: (readonly StaticValue[])[] = [];
  private readonly back: StaticValue[] = [];
  private length = 0;
  private why: UnknownValue | undefined;
  seen = 0;

  add(writes: readonly ArrayWrite[], until: number): void {
    for (; this.seen < until; this.seen += 1) {
      const write = writes[this.seen];
      if (write === undefined || this.why) continue;
      const value = write.value;
      if (value.kind !== 'array' || write.end === undefined) {
        this.why = value.kind === 'unknown' ? value : opaque('an element written to the array');
        continue;
      }
      this.length += value.items.length;
      if (this.length > MAX_ITERATIONS) {
        this.why = overLimit(`the array gets more than ${String(MAX_ITERATIONS)} elements, more than credlint evaluates`);
        continue;
      }
      if (write.end === 'front') this.front.unshift(value.items);
      else for (const item of value.items) this.back.push(item);
    }
  }

  /** The array `initial` (the declared value) with these writes made to it. */
  over(initial: Extract<StaticValue, { kind: 'array' }>, name: string): StaticValue {
    if (this.why) return this.why;
    if (initial.items.length + this.length > MAX_ITERATIONS)
      return overLimit(`${name} has more than ${String(MAX_ITERATIONS)} elements, more than credlint evaluates`);
    const front = this.front.flat();
    const holes = initial.holes && new Set([...initial.holes].map((index) => index + front.length));
    return arrayValue([...front, ...initial.items, ...this.back], holes);
  }
}

/** Per array (its declaration) and activation (`filled-objects.ts`), what its writes have added so far. */
export class ArrayFills {
  private readonly added = new Map<ts.Node, Map<string, Added>>();

  /** What the first `seen` of an array's recorded `writes` (of one activation) have added. */
  read(filled: ts.Node, activation: string, writes: readonly ArrayWrite[], seen: number): Added {
    let byActivation = this.added.get(filled);
    if (!byActivation) this.added.set(filled, (byActivation = new Map<string, Added>()));
    let added = byActivation.get(activation);
    // A read that sees fewer writes than the last one (a construct's props read later) starts again.
    if (!added || added.seen > seen) byActivation.set(activation, (added = new Added()));
    added.add(writes, seen);
    return added;
  }
}
