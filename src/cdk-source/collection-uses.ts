import type * as ts from 'typescript';
import type { Declaration } from './resolve-declaration.js';
import { isWrappingExpression } from './unwrap-expression.js';
import { parentOf } from './parent-of.js';

/** How deep a module's syntax is searched for the uses of a collection; deeper, it is taken as used otherwise. */
const MAX_SEARCH_DEPTH = 500;

/** A list (an array), a Map (JavaScript's own) or a record (an object literal used as a dictionary) held in a `const`. */
export type CollectionKind = 'list' | 'map' | 'record';

/**
 * Array methods that hand a callback each element (`(element, index, array)`) and change nothing; the
 * callback of one of them that declares at most two parameters never sees the array itself
 * (https://tc39.es/ecma262/#sec-array.prototype.foreach and the methods beside it).
 */
export const ELEMENT_CALLBACKS: ReadonlySet<string> = new Set(['forEach', 'map', 'filter', 'some', 'every', 'find', 'findLast', 'flatMap']);
/** Array methods whose result is a new array holding some of the elements (`filter` is also an element callback). */
export const ELEMENT_COPIES: ReadonlySet<string> = new Set(['filter', 'slice']);
/** Array methods that add their arguments as elements (https://tc39.es/ecma262/#sec-array.prototype.push, #sec-array.prototype.unshift). */
const ADDING: ReadonlySet<string> = new Set(['push', 'unshift']);

/**
 * What a module does with a non-exported `const` collection, when every use is one that neither hands
 * the collection on nor changes it other than by adding values the syntax shows: the values added
 * (`stacks.push(a, b)`, `stacks.set(key, value)` as a statement: `set` returns the Map, which would
 * otherwise go on under another name, https://tc39.es/ecma262/#sec-map.prototype.set). Undefined when
 * some use may add, replace, remove or hand on a value otherwise:
 * - a list: `name[i]` read, `for (... of name)`, `name.length` read, `name.push(...)`/`name.unshift(...)`
 *   without spread, `name.slice(...)`, and `name.forEach(cb)` (and `map`, `filter`, ...: `ELEMENT_CALLBACKS`)
 *   with an arrow function of at most two parameters;
 * - a Map: `name.get(...)`, `name.has(...)`, `name.values()`, `name.size` read, `name.set(key, value)`
 *   as a statement, and `name.forEach(cb)` with such an arrow function (it is handed `(value, key, map)`);
 * - a record: `name[key]` and `name.key` read, or assigned with `=` as a statement, `Object.values(name)`
 *   and `Object.keys(name)` of JavaScript's own `Object`, and `for (... in name)`.
 */
export function addedValues(
  t: typeof import('typescript'),
  find: (name: ts.Identifier) => Declaration | undefined,
  declaration: ts.VariableDeclaration,
  kind: CollectionKind,
): ts.Expression[] | undefined {
  const name = declaration.name as ts.Identifier;
  const added: ts.Expression[] = [];
  // Set by the visit's callbacks: an object, so that the type checker does not take it as always true.
  const search = { only: true };
  const visit = (node: ts.Node, depth: number): void => {
    if (!search.only) return;
    if (depth > MAX_SEARCH_DEPTH) {
      search.only = false;
      return;
    }
    if (t.isIdentifier(node) && node !== name && node.text === name.text && find(node)?.node === declaration) {
      const values = useOf(t, node, kind, find);
      if (values) added.push(...values);
      else search.only = false;
    }
    t.forEachChild(node, (child) => {
      visit(child, depth + 1);
    });
  };
  visit(declaration.getSourceFile(), 0);
  return search.only ? added : undefined;
}

/** The values one use of a collection adds (none for a read), or undefined for a use `addedValues` does not allow. */
function useOf(
  t: typeof import('typescript'),
  node: ts.Identifier,
  kind: CollectionKind,
  find: (name: ts.Identifier) => Declaration | undefined,
): readonly ts.Expression[] | undefined {
  const parent = parentOf(node);
  if (!parent) return undefined;
  if (kind === 'record') return recordUseOf(t, node, parent, find);
  if (kind === 'list' && t.isElementAccessExpression(parent) && parent.expression === node) return writeOf(t, parent) === 'not' ? [] : undefined;
  if (kind === 'list' && t.isForOfStatement(parent) && parent.expression === node) return [];
  if (!t.isPropertyAccessExpression(parent) || parent.expression !== node || !t.isIdentifier(parent.name)) return undefined;
  const method = parent.name.text;
  const call = parentOf(parent);
  if (!call || !t.isCallExpression(call) || call.expression !== parent)
    return method === (kind === 'list' ? 'length' : 'size') && writeOf(t, parent) === 'not' ? [] : undefined;
  const args = call.arguments;
  if (args.some((a) => t.isSpreadElement(a))) return undefined;
  if (method === 'forEach' || (kind === 'list' && ELEMENT_CALLBACKS.has(method))) return isElementCallback(t, args[0]) ? [] : undefined;
  if (kind === 'list') {
    if (ADDING.has(method)) return args;
    return method === 'slice' ? [] : undefined;
  }
  if (method === 'get' || method === 'has' || method === 'values') return [];
  const statement = parentOf(call);
  return method === 'set' && args.length === 2 && statement && t.isExpressionStatement(statement) ? [args[1] as ts.Expression] : undefined;
}

/** The values one use of a record adds (`name[key] = value;`), none for a read, or undefined for another use. */
function recordUseOf(
  t: typeof import('typescript'),
  node: ts.Identifier,
  parent: ts.Node,
  find: (name: ts.Identifier) => Declaration | undefined,
): readonly ts.Expression[] | undefined {
  if (t.isForInStatement(parent) && parent.expression === node) return [];
  if ((t.isElementAccessExpression(parent) || t.isPropertyAccessExpression(parent)) && parent.expression === node) {
    const call = parentOf(parent);
    if (call && t.isCallExpression(call) && call.expression === parent) return undefined;
    const write = writeOf(t, parent);
    if (write === 'not') return [];
    const statement = write === 'other' ? undefined : parentOf(write);
    return write !== 'other' && statement && t.isExpressionStatement(statement) ? [write.right] : undefined;
  }
  // `Object.values(name)`, `Object.keys(name)`: copies of its values or keys (https://tc39.es/ecma262/#sec-object.values).
  const callee = t.isCallExpression(parent) && parent.arguments.length === 1 && parent.arguments[0] === node ? parent.expression : undefined;
  if (!callee || !t.isPropertyAccessExpression(callee) || !t.isIdentifier(callee.expression) || callee.expression.text !== 'Object') return undefined;
  return find(callee.expression) === undefined && (callee.name.text === 'values' || callee.name.text === 'keys') ? [] : undefined;
}

/** An arrow function declaring at most two parameters, none a rest parameter: handed an element (or a Map's value) and its index (key), never the collection. */
export function isElementCallback(t: typeof import('typescript'), callback: ts.Expression | undefined): callback is ts.ArrowFunction {
  return callback !== undefined && t.isArrowFunction(callback) && callback.parameters.length <= 2 && !callback.parameters.some((p) => p.dotDotDotToken);
}

/** How a use of a property changes it: `not` (a read), the assignment `x.p = value` it is the target of, or `other` (`x.p += 1`, `delete x.p`, `x.p++`, a destructuring or `for...of` target). */
export function writeOf(t: typeof import('typescript'), use: ts.Expression): 'not' | 'other' | ts.BinaryExpression {
  let outer: ts.Node = use;
  for (let up = parentOf(outer); up && isWrappingExpression(t, up); up = parentOf(outer)) outer = up;
  const parent = parentOf(outer);
  if (!parent) return 'not';
  if (t.isBinaryExpression(parent) && parent.left === outer) {
    const operator = parent.operatorToken.kind;
    if (operator === t.SyntaxKind.EqualsToken) return parent;
    return operator >= t.SyntaxKind.FirstAssignment && operator <= t.SyntaxKind.LastAssignment ? 'other' : 'not';
  }
  if (t.isDeleteExpression(parent)) return 'other';
  if (
    (t.isPrefixUnaryExpression(parent) || t.isPostfixUnaryExpression(parent)) &&
    (parent.operator === t.SyntaxKind.PlusPlusToken || parent.operator === t.SyntaxKind.MinusMinusToken)
  )
    return 'other';
  // `[x.p] = v`, `({ a: x.p } = v)`, `for (x.p of ...)`: the literal around the use is an assignment's target.
  let pattern: ts.Node = outer;
  for (let up = parentOf(pattern); up; up = parentOf(pattern)) {
    const holds =
      t.isArrayLiteralExpression(up) ||
      t.isObjectLiteralExpression(up) ||
      t.isSpreadElement(up) ||
      t.isSpreadAssignment(up) ||
      t.isShorthandPropertyAssignment(up) ||
      (t.isPropertyAssignment(up) && up.initializer === pattern) ||
      isWrappingExpression(t, up);
    if (!holds) break;
    pattern = up;
  }
  if (pattern === outer) return (t.isForOfStatement(parent) || t.isForInStatement(parent)) && parent.initializer === outer ? 'other' : 'not';
  const holder = parentOf(pattern);
  if (holder && t.isBinaryExpression(holder) && holder.left === pattern && holder.operatorToken.kind === t.SyntaxKind.EqualsToken) return 'other';
  return holder && (t.isForOfStatement(holder) || t.isForInStatement(holder)) && holder.initializer === pattern ? 'other' : 'not';
}
