import type * as ts from 'typescript';
import type { ConstructInstance, Context } from './static-value.js';

/**
 * The instances each `new` expression created, as the walk registers them, indexed by the loop
 * iterations each was created in (its context's frames). Evaluating `new X(...)` in a context asks
 * for the instance of the same iterations: filtering every instance of the expression on each such
 * question made an array of N constructs built by `map` cost about N² steps (the walk's budget ran out
 * at some 450), where the index answers in one lookup. Instances of one expression are created in the
 * same loops, in the same order, unless the expression is reached by different paths (a helper
 * called from inside and outside a loop): those are compared one by one, as before.
 */
export class InstancesByIteration {
  private readonly byNode = new Map<ts.NewExpression, Entry>();

  add(instance: ConstructInstance): void {
    let entry = this.byNode.get(instance.node);
    if (!entry) {
      entry = { all: [], loops: loopsOf(instance), byIteration: new Map() };
      this.byNode.set(instance.node, entry);
    }
    entry.all.push(instance);
    if (entry.loops !== undefined && !sameLoops(entry.loops, instance)) entry.loops = undefined;
    if (entry.loops === undefined) return;
    const key = iterationKey(instance.context.frames.map((frame) => frame.index));
    const same = entry.byIteration.get(key);
    if (same) same.push(instance);
    else entry.byIteration.set(key, [instance]);
  }

  /** Forgets instances (of a walk that overflowed the stack). */
  remove(dropped: readonly ConstructInstance[]): void {
    const gone = new Set(dropped);
    for (const node of new Set(dropped.map((instance) => instance.node))) {
      const kept = (this.byNode.get(node)?.all ?? []).filter((instance) => !gone.has(instance));
      this.byNode.delete(node);
      for (const instance of kept) this.add(instance);
    }
  }

  /**
   * The instances of `node` that `context` may mean: those whose every loop runs the iteration the
   * context is in; where there is a single instance, a loop the context is outside of does not
   * count. Also the steps it took: one per loop through the index, one per instance otherwise.
   */
  lookup(node: ts.NewExpression, context: Context): { readonly matching: readonly ConstructInstance[]; readonly steps: number } {
    const entry = this.byNode.get(node);
    if (!entry) return { matching: [], steps: 1 };
    const { all, loops } = entry;
    if (loops === undefined || all.length === 1)
      return { matching: all.filter((candidate) => ranIn(candidate, context, all.length)), steps: Math.max(1, all.length) };
    const indexes: number[] = [];
    for (const loop of loops) {
      const index = context.frames.find((frame) => frame.loop === loop)?.index;
      // Outside one of the loops: with several instances, none is the one meant.
      if (index === undefined) return { matching: [], steps: 1 + loops.length };
      indexes.push(index);
    }
    return { matching: entry.byIteration.get(iterationKey(indexes)) ?? [], steps: 1 + loops.length };
  }
}

interface Entry {
  readonly all: ConstructInstance[];
  /** The loops every instance was created in, innermost first as in the frames; undefined when they differ. */
  loops: readonly ts.Node[] | undefined;
  /** Instances by the indexes of their iterations of `loops`. */
  readonly byIteration: Map<string, ConstructInstance[]>;
}

function loopsOf(instance: ConstructInstance): readonly ts.Node[] {
  return instance.context.frames.map((frame) => frame.loop);
}

function sameLoops(loops: readonly ts.Node[], instance: ConstructInstance): boolean {
  const { frames } = instance.context;
  return frames.length === loops.length && frames.every((frame, i) => frame.loop === loops[i]);
}

function iterationKey(indexes: readonly number[]): string {
  return indexes.join(',');
}

/** Whether `candidate` was created in the iterations `context` is in (one instance of `count`). */
function ranIn(candidate: ConstructInstance, context: Context, count: number): boolean {
  return candidate.context.frames.every(
    (frame) => context.frames.find((f) => f.loop === frame.loop)?.index === frame.index || (count === 1 && !context.frames.some((f) => f.loop === frame.loop)),
  );
}
