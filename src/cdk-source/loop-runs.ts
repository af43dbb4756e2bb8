import type * as ts from 'typescript';
import { bindPattern } from './bind-pattern.js';
import { forEachArguments, isCollection } from './collections.js';
import { assignsVariable, counterStep, hasBreak, isIteratingCall } from './control-flow-syntax.js';
import type { Evaluator } from './evaluator.js';
import { forInKeys } from './own-keys.js';
import { parentOf } from './parent-of.js';
import { iterationFrame, MAX_ITERATIONS, truthiness, UNDEFINED, type Context, type StaticValue } from './static-value.js';

/**
 * A loop whose body runs once per element credlint can list: `for...of`, `for...in`, a counting `for`,
 * or the inline callback of `.forEach`, `.map` or `.flatMap`, which runs once per element the array has
 * (https://tc39.es/ecma262/#sec-array.prototype.foreach).
 */
export type Loop =
  | { readonly kind: 'of'; readonly node: ts.ForOfStatement }
  | { readonly kind: 'in'; readonly node: ts.ForInStatement }
  | { readonly kind: 'for'; readonly node: ts.ForStatement }
  | { readonly kind: 'callback'; readonly node: ts.CallExpression; readonly callback: ts.ArrowFunction | ts.FunctionExpression };

/** One run of the innermost of some loops' bodies: the context binding their variables, and whether it certainly runs. */
export interface LoopRun {
  readonly context: Context;
  readonly certain: boolean;
}

/** How many runs of nested loops' bodies are listed at most: past it, the code in them is not told apart per run. */
const MAX_RUNS = MAX_ITERATIONS;

/**
 * The loops whose bodies hold `node` inside `scope`, outermost first, leaving out those that hold
 * `outside` too (a construct created in the loop: its context binds their variables already); empty
 * when there is none. Undefined when something else lies in between whose runs credlint does not list:
 * a function that is no such callback, a `while` or `do` loop, a loop's header.
 */
export function loopsAround(t: typeof import('typescript'), node: ts.Node, scope: ts.Node, outside: ts.Node | undefined): Loop[] | undefined {
  const loops: Loop[] = [];
  let current = node;
  for (let parent = parentOf(current); parent && parent !== scope; current = parent, parent = parentOf(parent)) {
    if (outside && parent.pos <= outside.pos && outside.end <= parent.end) break;
    if (t.isForOfStatement(parent) || t.isForInStatement(parent) || t.isForStatement(parent)) {
      if (current !== parent.statement) return undefined;
      loops.push(
        t.isForOfStatement(parent) ? { kind: 'of', node: parent } : t.isForInStatement(parent) ? { kind: 'in', node: parent } : { kind: 'for', node: parent },
      );
      continue;
    }
    if (t.isIterationStatement(parent, false)) return undefined;
    if (!t.isFunctionLike(parent)) continue;
    const call = parentOf(parent);
    if (!(t.isArrowFunction(parent) || t.isFunctionExpression(parent)) || current !== parent.body || !call || !t.isCallExpression(call)) return undefined;
    if (!isIteratingCall(t, call) || call.arguments[0] !== parent) return undefined;
    loops.push({ kind: 'callback', node: call, callback: parent });
  }
  return loops.reverse();
}

/**
 * Each run of the innermost loop's body, in order, with the variables of `loops` (outermost first)
 * bound as each iteration binds them; undefined when an iterated value is not known, or the runs are
 * too many. A run after the first of a loop that may stop early (a `break`, or a `return` of a `for`
 * statement's function) may not happen.
 */
export function loopRuns(evaluator: Evaluator, loops: readonly Loop[], context: Context): LoopRun[] | undefined {
  let runs: LoopRun[] = [{ context, certain: true }];
  for (const loop of loops) {
    const next: LoopRun[] = [];
    const stops = loop.kind !== 'callback' && (hasBreak(evaluator.ts, loop.node, 0) || returnsIn(evaluator.ts, loop.node.statement));
    for (const run of runs) {
      const fixed = constantsRead(evaluator, loop.node).flatMap(({ read, declaration }): [ts.Node, StaticValue][] => {
        const value = evaluator.evaluate(read, run.context);
        return value.kind === 'array' || value.kind === 'object' ? [[declaration, value]] : [];
      });
      const outer: Context = fixed.length === 0 ? run.context : { ...run.context, bindings: new Map([...run.context.bindings, ...fixed]) };
      const items = iterations(evaluator, loop, outer);
      if (items === undefined || next.length + items.length > MAX_RUNS) return undefined;
      for (const { item, index, bind } of items) {
        if (!evaluator.budget.step(loop.node, outer.bindings.size)) return undefined;
        const bindings = new Map(outer.bindings);
        bind(bindings, outer);
        const inner: Context = { ...outer, frames: [...outer.frames, iterationFrame(loop.node, item, index)], bindings };
        next.push({ context: inner, certain: run.certain && (!stops || index === 0) });
      }
    }
    runs = next;
  }
  return runs;
}

/** Per loop: the `const` names declared outside it that it reads, and one read of each. */
const constantReads = new WeakMap<ts.Node, readonly { readonly read: ts.Identifier; readonly declaration: ts.VariableDeclaration }[]>();

/**
 * The `const` variables declared outside a loop that its body reads (`keys` of `keys[i].status = …`):
 * each holds one value for all the loop's runs, evaluated once and bound in each run's context rather
 * than evaluated again in every run (an array of a thousand keys made by `map`, read in each of a
 * thousand runs, would cost a million steps).
 */
function constantsRead(evaluator: Evaluator, loop: ts.Node): readonly { readonly read: ts.Identifier; readonly declaration: ts.VariableDeclaration }[] {
  const t = evaluator.ts;
  const cached = constantReads.get(loop);
  if (cached) return cached;
  const found = new Map<ts.VariableDeclaration, ts.Identifier>();
  const pending: ts.Node[] = [loop];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (t.isIdentifier(node)) {
      const declaration = evaluator.host.index.find(node);
      const variable = declaration?.kind === 'variable' && declaration.leaf === declaration.node ? declaration.node : undefined;
      if (
        variable &&
        !found.has(variable) &&
        (t.getCombinedNodeFlags(variable) & t.NodeFlags.Const) !== 0 &&
        (variable.pos > loop.end || variable.end < loop.pos || variable.getSourceFile() !== loop.getSourceFile())
      )
        found.set(variable, node);
      continue;
    }
    t.forEachChild(node, (child) => {
      pending.push(child);
    });
  }
  const reads = [...found].map(([declaration, read]) => ({ read, declaration }));
  constantReads.set(loop, reads);
  return reads;
}

interface Iteration {
  readonly item: StaticValue;
  readonly index: number;
  readonly bind: (bindings: Map<ts.Node, StaticValue>, context: Context) => void;
}

/** The iterations of one loop in `context`, each binding its variables; undefined when not known. */
function iterations(evaluator: Evaluator, loop: Loop, context: Context): Iteration[] | undefined {
  const t = evaluator.ts;
  const declared = (initializer: ts.ForInitializer | undefined) =>
    initializer && t.isVariableDeclarationList(initializer) ? initializer.declarations[0] : undefined;
  switch (loop.kind) {
    case 'of':
    case 'in': {
      const declaration = declared(loop.node.initializer);
      const value = evaluator.evaluate(loop.node.expression, context);
      const items = loop.kind === 'in' ? forInKeys(value) : value.kind === 'array' ? value.items : undefined;
      if (!declaration || !items || items.length > MAX_ITERATIONS) return undefined;
      return items.map((item, index) => ({
        item,
        index,
        bind: (bindings, outer) => {
          bindPattern(evaluator, declaration.name, item, bindings, outer);
        },
      }));
    }
    case 'for': {
      const counted = countedValues(evaluator, loop.node, context);
      const { declaration } = counted;
      if (!counted.known || !declaration) return undefined;
      return counted.values.map((item, index) => ({ item, index, bind: (bindings) => bindings.set(declaration, item) }));
    }
    case 'callback': {
      const callee = loop.node.expression as ts.PropertyAccessExpression;
      const over = evaluator.evaluate(callee.expression, context);
      const collection = isCollection(over) ? over : undefined;
      // A Set's or Map's `forEach` passes (value, value) or (value, key); they have no `map` or `flatMap`.
      if (over.kind !== 'array' || over.items.length > MAX_ITERATIONS || (collection && callee.name.text !== 'forEach')) return undefined;
      const [element, position, array] = loop.callback.parameters;
      const found: Iteration[] = [];
      over.items.forEach((item, index) => {
        // The callback runs for the indexes the array has, not its holes.
        if (over.holes?.has(index) === true) return;
        const [value, key] = collection ? forEachArguments(collection, item) : [item, { kind: 'number', value: index } as const];
        found.push({
          item,
          index,
          bind: (bindings, outer) => {
            if (element) bindPattern(evaluator, element.name, value, bindings, outer);
            if (position) bindPattern(evaluator, position.name, key, bindings, outer);
            if (array) bindPattern(evaluator, array.name, over, bindings, outer);
          },
        });
      });
      return found;
    }
  }
}

/** Whether a loop's body holds a `return` (not of a function inside it), which ends the loop's later runs. */
function returnsIn(t: typeof import('typescript'), body: ts.Node): boolean {
  const pending: ts.Node[] = [body];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (t.isReturnStatement(node)) return true;
    if (t.isFunctionLike(node) || t.isClassLike(node)) continue;
    t.forEachChild(node, (child) => {
      pending.push(child);
    });
  }
  return false;
}

/**
 * The values the counter of `for (let i = 0; i < n; i++)` takes, when its start and bounds are known
 * and neither the body nor the condition assigns it: `known` once the condition is false; else
 * `undecided` holds the condition that could not be decided (`UNDEFINED` when there was none).
 */
export function countedValues(
  evaluator: Evaluator,
  node: ts.ForStatement,
  context: Context,
): {
  readonly declaration: ts.VariableDeclaration | undefined;
  readonly values: readonly StaticValue[];
  readonly known: boolean;
  readonly undecided: StaticValue;
} {
  const t = evaluator.ts;
  const declaration = node.initializer && t.isVariableDeclarationList(node.initializer) ? node.initializer.declarations[0] : undefined;
  const values: StaticValue[] = [];
  let undecided: StaticValue = UNDEFINED;
  // The body or the condition assigning the counter would change the values the loop sees.
  const isCounter = (identifier: ts.Identifier) => evaluator.host.index.find(identifier)?.node === declaration;
  const assigned = (part: ts.Node | undefined) => part !== undefined && assignsVariable(t, part, isCounter);
  if (
    !declaration?.initializer ||
    !t.isIdentifier(declaration.name) ||
    !node.condition ||
    !node.incrementor ||
    assigned(node.statement) ||
    assigned(node.condition)
  )
    return { declaration, values, known: false, undecided };
  let value = evaluator.evaluate(declaration.initializer, context);
  for (let i = 0; i <= MAX_ITERATIONS && value.kind === 'number'; i += 1) {
    const bindings = new Map(context.bindings).set(declaration, value);
    const condition = evaluator.evaluate(node.condition, { ...context, bindings });
    const truth = truthiness(condition);
    if (truth === false) return { declaration, values, known: true, undecided };
    if (truth === undefined) {
      // Undecided: a value cut off at a size limit then decides the loop.
      undecided = condition;
      break;
    }
    values.push(value);
    value = counterStep(t, node.incrementor, declaration, value);
  }
  return { declaration, values, known: false, undecided };
}

/** Per scope: the contexts `contextAt` made, by what they hold, so that constructs created in different runs of a loop share one. */
const seen = new WeakMap<ts.Node, Map<string, Context>>();
const ids = new WeakMap<object, number>();
let nextId = 0;

function idOf(value: object): number {
  let id = ids.get(value);
  if (id === undefined) ids.set(value, (id = nextId++));
  return id;
}

/**
 * `context`, where a construct was created, as code at `node` of `scope` sees it: without the runs of
 * the loops inside `scope` that hold the construct but not `node` (`const keys = names.map((n) => new
 * iam.CfnAccessKey(...)); keys[1].status = 'Inactive'` reads `keys` after the `map`, not in one of its
 * runs), nor the variables they bind. Contexts that end up holding the same are one object (each
 * construct is found in a context of its own), so what is worked out per context is worked out once.
 */
export function contextAt(context: Context, node: ts.Node, scope: ts.Node): Context {
  const inside = (outer: ts.Node, inner: ts.Node) => outer.pos <= inner.pos && inner.end <= outer.end && outer.getSourceFile() === inner.getSourceFile();
  const left = context.frames.filter((frame) => frame.call !== undefined || !inside(scope, frame.loop) || inside(frame.loop, node));
  const dropped = context.frames.filter((frame) => !left.includes(frame)).map((frame) => frame.loop);
  const bindings =
    dropped.length === 0 ? context.bindings : new Map([...context.bindings].filter(([declaration]) => !dropped.some((loop) => inside(loop, declaration))));
  const key = [
    left.map(idOf).join(','),
    [...bindings].map(([declaration, value]) => `${String(idOf(declaration))}=${String(idOf(value))}`).join(','),
    context.existence ?? '',
    context.repeated ? String(idOf(context.repeated)) : '',
    String(context.writesSeen ?? ''),
    context.cutOff ? String(idOf(context.cutOff)) : '',
  ].join('\0');
  let contexts = seen.get(scope);
  if (!contexts) seen.set(scope, (contexts = new Map<string, Context>()));
  let found = contexts.get(key);
  if (!found) contexts.set(key, (found = { ...context, frames: left, bindings }));
  return found;
}
