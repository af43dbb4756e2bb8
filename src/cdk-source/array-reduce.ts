import type * as ts from 'typescript';
import { bindPattern } from './bind-pattern.js';
import type { Evaluator } from './evaluator.js';
import { isNamedMemberAccess, memberNameOf } from './member-syntax.js';
import { derivedUnknown, iterationFrame, MAX_ITERATIONS, opaque, propertyKeyOf, type Context, type StaticValue } from './static-value.js';

/**
 * `items.reduce((acc, item, i) => { acc[key] = value; ...; return acc; }, {})`: an inline callback
 * whose body only writes members of its accumulator and then returns it, with an initial value.
 * https://tc39.es/ecma262/#sec-array.prototype.reduce
 */
export interface ReducingCall {
  readonly callback: ts.ArrowFunction | ts.FunctionExpression;
  readonly initial: ts.Expression;
  readonly accumulator: ts.ParameterDeclaration;
  /** The `acc[key] = value` (or `acc.key = value`) writes, in order. */
  readonly writes: readonly (ts.BinaryExpression & { readonly left: ts.ElementAccessExpression | ts.PropertyAccessExpression })[];
}

/** The shape above, or undefined for any other `reduce` (which stays a callback credlint does not follow). */
export function reducingCall(t: typeof import('typescript'), node: ts.CallExpression): ReducingCall | undefined {
  const callee = node.expression;
  const [callback, initial] = node.arguments;
  if (!isNamedMemberAccess(t, callee) || memberNameOf(t, callee) !== 'reduce' || node.arguments.length !== 2 || !initial) return undefined;
  if (!callback || !(t.isArrowFunction(callback) || t.isFunctionExpression(callback)) || !t.isBlock(callback.body)) return undefined;
  const accumulator = callback.parameters[0];
  if (!accumulator || !t.isIdentifier(accumulator.name) || callback.parameters.length > 3) return undefined;
  const name = accumulator.name.text;
  const statements = callback.body.statements;
  const last = statements.at(-1);
  if (!last || !t.isReturnStatement(last) || !last.expression || !t.isIdentifier(last.expression) || last.expression.text !== name) return undefined;
  const writes: ReducingCall['writes'][number][] = [];
  for (const statement of statements.slice(0, -1)) {
    const write = t.isExpressionStatement(statement) ? statement.expression : undefined;
    if (!write || !t.isBinaryExpression(write) || write.operatorToken.kind !== t.SyntaxKind.EqualsToken) return undefined;
    const left = write.left;
    if (!(t.isElementAccessExpression(left) || t.isPropertyAccessExpression(left)) || !t.isIdentifier(left.expression) || left.expression.text !== name)
      return undefined;
    if (t.isPropertyAccessExpression(left) && !t.isIdentifier(left.name)) return undefined;
    writes.push(write as ReducingCall['writes'][number]);
  }
  return { callback, initial, accumulator, writes };
}

/**
 * The value of such a `reduce` over known items: the initial object with each item's writes made in
 * turn, the callback run in the iteration frame the walker created that item's constructs in. Unknown
 * when the initial value is not a known object or a key is not known (`propertyKeyOf`).
 */
export function reducedValue(
  evaluator: Evaluator,
  node: ts.CallExpression,
  reduce: ReducingCall,
  items: readonly StaticValue[],
  text: string,
  context: Context,
  holes?: ReadonlySet<number>,
): StaticValue {
  const t = evaluator.ts;
  if (items.length > MAX_ITERATIONS) {
    evaluator.budget.loopTooLong(node);
    return opaque(text);
  }
  const initial = evaluator.evaluate(reduce.initial, context);
  // A value cut off at a limit stays cut off (`UnknownValue.cutOff`): the analysis is then incomplete
  // where it decides a construct, instead of a plain unknown that ends in no finding and exit code 0.
  if (initial.kind === 'unknown' && initial.cutOff === true) return derivedUnknown(initial, `${text} is too complex to evaluate`);
  if (initial.kind !== 'object' || initial.rest) return opaque(text);
  const entries = new Map(initial.entries);
  const [, element, position] = reduce.callback.parameters;
  // Each run binds only the callback's parameters: a variable declared outside it is evaluated once (`SharedReads`).
  const reads = { outside: reduce.callback, values: new Map<ts.Node, StaticValue>() };
  for (const [index, item] of items.entries()) {
    // `reduce` skips the holes of an array, as `forEach` does.
    if (holes?.has(index) === true) continue;
    const bindings = new Map(context.bindings);
    bindings.set(reduce.accumulator, { kind: 'object', entries: new Map(entries) });
    if (element) bindPattern(evaluator, element.name, item, bindings, context);
    if (position) bindPattern(evaluator, position.name, { kind: 'number', value: index }, bindings, context);
    const inner: Context = { frames: [...context.frames, iterationFrame(node, item, index)], bindings, existence: context.existence };
    evaluator.shareReads(inner, reads);
    for (const write of reduce.writes) {
      const left = write.left;
      const written = t.isPropertyAccessExpression(left)
        ? { kind: 'string' as const, value: left.name.text }
        : evaluator.evaluate(left.argumentExpression, inner);
      if (written.kind === 'unknown' && written.cutOff === true) return derivedUnknown(written, `${text} is too complex to evaluate`);
      const key = propertyKeyOf(written);
      if (key === undefined) return opaque(text);
      entries.set(key, evaluator.evaluate(write.right, inner));
    }
  }
  return { kind: 'object', entries };
}
