import type * as ts from 'typescript';
import type { Evaluator } from './evaluator.js';
import type { ChangeMatch } from './hatch-candidates.js';
import { loopRuns, type Loop, type LoopRun } from './loop-runs.js';
import type { ConstructInstance, Context, StaticValue } from './static-value.js';
import { unresolvedHatch } from './unresolved-hatch.js';

/**
 * The runs of the loops around an escape hatch (`escape-hatches.ts`) and the values of its receiver in
 * each: evaluated once per change and context and indexed by the constructs they are, not once per
 * construct (a loop may create thousands).
 */

/** Per list of runs (`runsOf`) and L1 class: the first run whose receiver is an escape hatch credlint cannot evaluate, or null. */
const unresolvedRuns = new WeakMap<readonly LoopRun[], Map<string, LoopRun | null>>();

/** Found once per change and class, not once per construct: a loop may create thousands. */
export function firstUnresolvedRun(
  t: typeof import('typescript'),
  evaluator: Evaluator,
  node: ts.Node,
  matched: NonNullable<ChangeMatch>,
  runs: readonly LoopRun[],
  constructClass: ConstructInstance['constructClass'],
): LoopRun | undefined {
  let known = unresolvedRuns.get(runs);
  if (!known) unresolvedRuns.set(runs, (known = new Map<string, LoopRun | null>()));
  let found = known.get(constructClass);
  if (found === undefined) {
    found =
      runs.find((run) => unresolvedHatch(t, node, matched.receiver, constructClass, (target) => receiverValue(evaluator, target, run.context)) !== undefined) ??
      null;
    known.set(constructClass, found);
  }
  return found ?? undefined;
}

/** Per receiver and context: its value, evaluated once for every construct the change may be of. */
const receivers = new WeakMap<ts.Node, WeakMap<Context, StaticValue>>();

export function receiverValue(evaluator: Evaluator, target: ts.Expression, context: Context): StaticValue {
  let known = receivers.get(target);
  if (!known) receivers.set(target, (known = new WeakMap<Context, StaticValue>()));
  let value = known.get(context);
  if (!value) known.set(context, (value = evaluator.evaluate(target, context)));
  return value;
}

/**
 * How deep an argument's value is searched for the construct a function is handed (`retireAll(keys)`,
 * `rotate({ old, current })`): the function may reach it there and change it.
 */
export const HELD_DEPTH = 3;

/** Per value and depth: `constructsIn`, found once for every construct a helper may be handed. */
const heldConstructs = new WeakMap<StaticValue, Map<number, ReadonlySet<string>>>();

/** The ids of the constructs a value is, or holds down to `depth` levels (arrays, objects). */
export function constructsIn(value: StaticValue, depth: number): ReadonlySet<string> {
  let known = heldConstructs.get(value);
  if (!known) heldConstructs.set(value, (known = new Map<number, ReadonlySet<string>>()));
  const cached = known.get(depth);
  if (cached) return cached;
  const found = new Set<string>();
  known.set(depth, found);
  const pending: [StaticValue, number][] = [[value, 0]];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const [current, level] = item;
    if (current.kind === 'construct') found.add(current.instance.id);
    else if (level < depth && current.kind === 'array') for (const inner of current.items) pending.push([inner, level + 1]);
    else if (level < depth && current.kind === 'object') for (const inner of current.entries.values()) pending.push([inner, level + 1]);
  }
  return found;
}

/** Per list of runs (`runsOf`): each run's position in it. */
const runOrders = new WeakMap<readonly LoopRun[], ReadonlyMap<LoopRun, number>>();

export function runOrder(runs: readonly LoopRun[]): ReadonlyMap<LoopRun, number> {
  let order = runOrders.get(runs);
  if (!order) runOrders.set(runs, (order = new Map(runs.map((run, index) => [run, index]))));
  return order;
}

/** Per list of runs (`runsOf`), receiver and depth held: the runs in which it is (or holds) each construct, by the construct's id. */
const runIndexes = new WeakMap<readonly LoopRun[], Map<string, WeakMap<ts.Node, ReadonlyMap<string, readonly LoopRun[]>>>>();

export function runIndex(evaluator: Evaluator, target: ts.Expression, runs: readonly LoopRun[], held: boolean): ReadonlyMap<string, readonly LoopRun[]> {
  let byDepth = runIndexes.get(runs);
  if (!byDepth) runIndexes.set(runs, (byDepth = new Map<string, WeakMap<ts.Node, ReadonlyMap<string, readonly LoopRun[]>>>()));
  const depth = held ? HELD_DEPTH : 0;
  let known = byDepth.get(String(depth));
  if (!known) byDepth.set(String(depth), (known = new WeakMap<ts.Node, ReadonlyMap<string, readonly LoopRun[]>>()));
  let index = known.get(target);
  if (!index) {
    const byId = new Map<string, LoopRun[]>();
    for (const run of runs)
      for (const id of constructsIn(receiverValue(evaluator, target, run.context), depth)) {
        const list = byId.get(id);
        if (list) list.push(run);
        else byId.set(id, [run]);
      }
    known.set(target, (index = byId));
  }
  return index;
}

/** The runs of the loops around a candidate, listed once per candidate and context (not once per construct); undefined when not known. */
const runCache = new WeakMap<ts.Node, WeakMap<ConstructInstance['context'], readonly LoopRun[] | null>>();

export function runsOf(evaluator: Evaluator, node: ts.Node, loops: readonly Loop[], context: ConstructInstance['context']): readonly LoopRun[] | undefined {
  let known = runCache.get(node);
  if (!known) runCache.set(node, (known = new WeakMap<Context, readonly LoopRun[] | null>()));
  let runs = known.get(context);
  if (runs === undefined) {
    runs = loopRuns(evaluator, loops, context) ?? null;
    known.set(context, runs);
  }
  return runs ?? undefined;
}
