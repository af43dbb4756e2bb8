import type * as ts from 'typescript';
import path from 'node:path';
import type { ExpressionEvaluator } from './evaluate-expression.js';
import { isApp, isStage } from './construct-app.js';
import { deferredBoundary } from './deferred-code.js';
import { encloses, parentOf } from './parent-of.js';
import { AS_CALLED, scopeChain, scopesOutward } from './scope-chain.js';
import { snippet, startOf } from './source-location.js';
import { EMPTY_CONTEXT, objectEntry, type ConstructClass, type ConstructInstance, type Context, type Frame, type StaticValue } from './static-value.js';
import { synthReceiver } from './synth-call-syntax.js';

/** A construct created after the first `synth()` of its App or Stage: it is not in the cloud assembly. */
export const NOT_SYNTHESIZED = Symbol('not synthesized');

/** One `x.synth(...)` the walk ran, of an App or Stage it could name. */
interface SynthRun {
  readonly call: ts.CallExpression;
  /** The `new App(...)` or `new Stage(...)` synthesized. */
  readonly site: ts.NewExpression;
  /** Which instance of that `new` (`creationKey`). */
  readonly key: string;
  /** Why the call may not run (the context's existence), when it may not. */
  readonly maybe: string | undefined;
  /** Where the call starts running in a later job than the app's synchronous code (`deferred-code.ts`), if it does. */
  readonly late: ts.Node | undefined;
}

/**
 * The explicit `app.synth()` and `stage.synth()` calls of an app, in the order the construct walk runs
 * them. The first `synth()` of a Stage (an App is one) synthesizes it and the Stages inside it, and
 * fixes their cloud assembly: aws-cdk-lib 2.276 (`Stage.synth`) hands back the assembly it made then
 * on every later call, and the App's own synthesis as the process exits (`cdk synth` sets
 * `CDK_OUTDIR`, and the App then calls `synth()` on `beforeExit`) writes nothing new — "Only the
 * results of the first synth() call are used, and modifications done after it are ignored", or
 * a `ConstructTreeModifiedAfterSynth` error that fails the app. So a construct created after a
 * `synth()` that certainly ran, of an App or Stage on its scope chain, is not deployed; after one that
 * may have run (under an undecided `if`, in a callback), its existence is unknown. A later
 * `synth({ force: true })` synthesizes again: where the project may pass `force`, a construct after
 * the first `synth()` is of unknown existence, never absent.
 *
 * Only a `synth()` whose receiver names a `new App(...)` or `new Stage(...)` (through variables, and
 * parameters of the calls followed) counts, and only for a construct whose scope chain reaches that
 * same `new`, in the same loop iteration and call: a construct whose App is not known is left as it
 * was. Bodies walked on their own after the app (`ConstructWalker.finish`) run at no known time, so
 * nothing is decided for them.
 */
export class ExplicitSynths {
  private readonly runs: SynthRun[] = [];
  private open = true;
  private forcing: ts.CallExpression | null | undefined;

  constructor(
    private readonly ts: typeof import('typescript'),
    private readonly evaluator: ExpressionEvaluator,
  ) {}

  /** A call the walk has just run (its arguments walked) in `context`: a `synth()` of an App or Stage is remembered. */
  record(call: ts.CallExpression, context: Context): void {
    const t = this.ts;
    const receiver = this.open ? synthReceiver(t, call) : undefined;
    if (!receiver) return;
    const first = scopesOutward(t, this.evaluator, call, receiver, context.frames, AS_CALLED).next();
    if (first.done === true) return;
    const { site, frames } = first.value;
    if (!isApp(t, this.evaluator, site) && !isStage(t, this.evaluator, site)) return;
    const late = this.evaluator.budget.step(call) ? deferredBoundary(t, call, context.frames) : undefined;
    this.runs.push({ call, site, key: creationKey(site, frames), maybe: context.existence, late });
  }

  /** From here on the walk runs bodies on their own, at no known time. */
  close(): void {
    this.open = false;
  }

  /**
   * Whether a construct created at `node` in `context` comes after the first `synth()` of an App or
   * Stage it belongs to: `NOT_SYNTHESIZED`, or why its existence is unknown, or undefined (not after one).
   */
  fixedBefore(node: ts.NewExpression, constructClass: ConstructClass, context: Context): typeof NOT_SYNTHESIZED | string | undefined {
    if (!this.open || this.runs.length === 0) return undefined;
    const t = this.ts;
    const instance = { node, sourceFile: node.getSourceFile(), constructClass, context, id: '' };
    const before: SynthRun[] = [];
    for (const link of scopeChain(t, this.evaluator, instance, AS_CALLED)) {
      // Each construct of the chain is one step of the walk's budget.
      if (!this.evaluator.budget.step(link.site)) return undefined;
      if (link.via === 'instance') continue;
      const key = creationKey(link.site, link.frames);
      for (const run of this.runs) if (run.site === link.site && run.key === key) before.push(run);
    }
    if (before.length === 0) return undefined;
    // A `synth()` in deferred code (a `.then` callback, after an `await`) runs after all of the app's
    // synchronous code: a construct made there came first, whatever the walk's order; one made in other
    // deferred code may come before or after it.
    const late = this.evaluator.budget.step(node) ? deferredBoundary(t, node, context.frames) : undefined;
    const ordered = before.filter((run) => run.late === undefined || run.late === late);
    const unordered = before.find((run) => run.late !== undefined && run.late !== late && late !== undefined);
    const certain = ordered.find((run) => run.maybe === undefined);
    const forcing = this.forcingCall();
    if (certain && forcing === undefined) return NOT_SYNTHESIZED;
    if (certain && forcing) return `created after ${where(certain.call)}, whose cloud assembly a later ${where(forcing)} may synthesize again`;
    const maybe = ordered[0];
    if (maybe) return `created after ${where(maybe.call)}, which may run before it (${maybe.maybe ?? ''}) and then leaves it out of the cloud assembly`;
    if (unordered)
      return `created in code that runs after the app's synchronous code, as ${where(unordered.call)} does, in an order credlint does not follow; created after it, it is not in the cloud assembly`;
    return undefined;
  }

  /**
   * Whether a `synth()` of an App or Stage around `instance` certainly ran, in the app's synchronous
   * code, after `from` and before `to`, both in the function (or module) that holds it: what a
   * change at `to` writes (an `addPropertyOverride`, an L1 property) then reaches no written template
   * (aws-cdk-lib 2.276 keeps the assembly of the first `synth()`), unless a later `synth({ force: true })`
   * may synthesize again.
   */
  synthesizedBetween(instance: ConstructInstance, from: ts.Node, to: ts.Node): boolean {
    const t = this.ts;
    const scope = functionOrFile(t, to);
    const between = this.runs.filter(
      (run) =>
        run.maybe === undefined &&
        run.late === undefined &&
        run.call.getSourceFile() === to.getSourceFile() &&
        from.end <= run.call.pos &&
        run.call.end <= to.pos &&
        functionOrFile(t, run.call) === scope &&
        functionOrFile(t, from) === scope,
    );
    if (between.length === 0 || this.forcingCall() !== undefined) return false;
    for (const link of scopeChain(t, this.evaluator, instance, AS_CALLED)) {
      // Each construct of the chain is one step of the walk's budget.
      if (!this.evaluator.budget.step(link.site)) return false;
      if (link.via === 'instance') continue;
      const key = creationKey(link.site, link.frames);
      if (between.some((run) => run.site === link.site && run.key === key)) return true;
    }
    return false;
  }

  /**
   * Whether `Aspects.of(scope).add(...)` at `call`, searched in the source without a walk (no loop or
   * call around it known), comes after a `synth()` that certainly ran in the app's synchronous code, in
   * the same function (or module), of an App or Stage that `scope` is in: the Aspect is added to a tree
   * that is never synthesized again, so it never runs (aws-cdk-lib 2.276 invokes Aspects in `synth()`).
   */
  addedAfterSynth(call: ts.CallExpression, scope: ts.Expression): boolean {
    const t = this.ts;
    const at = functionOrFile(t, call);
    const before = this.runs.filter(
      (run) =>
        run.maybe === undefined &&
        run.late === undefined &&
        run.key === '' &&
        run.call.getSourceFile() === call.getSourceFile() &&
        run.call.end <= call.pos &&
        functionOrFile(t, run.call) === at,
    );
    if (before.length === 0 || this.forcingCall() !== undefined) return false;
    for (const link of scopesOutward(t, this.evaluator, call, scope, [], AS_CALLED)) {
      if (!this.evaluator.budget.step(link.site)) return false;
      if (before.some((run) => run.site === link.site && creationKey(link.site, link.frames) === '')) return true;
    }
    return false;
  }

  /** A `synth(...)` of the project that may pass `force: true` (then it synthesizes again), if any. */
  private forcingCall(): ts.CallExpression | undefined {
    if (this.forcing === undefined) this.forcing = this.evaluator.calls.synthCalls.find((call) => this.mayForce(call)) ?? null;
    return this.forcing ?? undefined;
  }

  private mayForce(call: ts.CallExpression): boolean {
    const [options] = call.arguments;
    if (options === undefined) return false;
    if (this.ts.isSpreadElement(options)) return true;
    const value: StaticValue = this.evaluator.evaluate(options, EMPTY_CONTEXT);
    if (value.kind === 'undefined') return false;
    if (value.kind !== 'object') return true;
    const force = objectEntry(value, 'force');
    return force.kind !== 'undefined' && !(force.kind === 'boolean' && !force.value);
  }
}

/**
 * Which instance of a `new` a chain of frames names: the loop iterations and calls around the `new`
 * itself (frames whose loop or callee holds it), so that a Stage made once per loop element is told
 * apart from the next one, and a `synth()` inside a function still names the App made outside it.
 */
function creationKey(site: ts.NewExpression, frames: readonly Frame[]): string {
  return frames
    .filter((frame) => encloses(frame.call ? frame.call.callee : frame.loop, site))
    .map((frame) => `${frame.loop.getSourceFile().fileName}:${String(frame.loop.pos)}#${String(frame.index)}`)
    .join('|');
}

/** `app.synth() at line 12 of app.ts`. */
function where(call: ts.CallExpression): string {
  const sourceFile = call.getSourceFile();
  const line = sourceFile.getLineAndCharacterOfPosition(startOf(call, sourceFile)).line + 1;
  return `${snippet(call, sourceFile, 40)} at line ${String(line)} of ${path.basename(sourceFile.fileName)}`;
}

/** The function (or source file) whose body a node runs in. */
function functionOrFile(t: typeof import('typescript'), node: ts.Node): ts.Node | undefined {
  let current = parentOf(node);
  while (current && !t.isFunctionLike(current) && !t.isSourceFile(current)) current = parentOf(current);
  return current;
}
