import type * as ts from 'typescript';
import { isNamedMemberAccess, memberNameOf } from './member-syntax.js';
import { parentOf } from './parent-of.js';
import { MAX_DEPTH } from './scope-changes.js';
import { isWrappingExpression, unwrapExpression } from './unwrap-expression.js';

/**
 * Whether every use of the variable in `scope` is one whose changes `MutatedVariables` sees: of an
 * object, reading or writing one of its properties (`users.ci`, `users[name]`), listing them
 * (`Object.keys/values/entries(users)`, `for (const k in users)`) or copying them (`{ ...users }`);
 * of a Set or Map, its members (`names.has(x)`, `names.add(x)`), `for...of`, a spread, or a copy
 * (`Array.from(names)`, `Array.from(names, fn)`, `new Set(names)`); of an array, the same, and an
 * argument of `concat` (`['ops'].concat(names)`: Array's `concat` copies an array argument's elements,
 * https://tc39.es/ecma262/#sec-array.prototype.concat). Past the depth limit, some other use is assumed.
 */
export function onlyUsedAs(
  t: typeof import('typescript'),
  kind: 'object' | 'collection' | 'array',
  scope: ts.Node,
  name: string,
  isThis: (identifier: ts.Identifier) => boolean,
): boolean {
  const isStatic = (callee: ts.Expression, owner: string, names: readonly string[]) =>
    t.isPropertyAccessExpression(callee) && t.isIdentifier(callee.expression) && callee.expression.text === owner && names.includes(callee.name.text);
  const plainUse = (identifier: ts.Identifier): boolean => {
    let use: ts.Node = identifier;
    while (isWrappingExpression(t, use.parent)) use = use.parent;
    const parent = use.parent;
    if ((t.isPropertyAccessExpression(parent) || t.isElementAccessExpression(parent)) && parent.expression === use) return true;
    // Exported (`export { names }`, `export default names`): what importing modules do with it is searched there (`imported-changes.ts`).
    if ((t.isExportSpecifier(parent) && parent.parent.parent.moduleSpecifier === undefined) || (t.isExportAssignment(parent) && !parent.isExportEquals))
      return true;
    if (kind === 'object' && (t.isSpreadAssignment(parent) || (t.isForInStatement(parent) && parent.expression === use))) return true;
    if (kind !== 'object' && (t.isSpreadElement(parent) || (t.isForOfStatement(parent) && parent.expression === use))) return true;
    if (kind === 'array' && t.isCallExpression(parent) && parent.arguments.includes(use as ts.Expression)) {
      const concat = unwrapExpression(t, parent.expression);
      if (isNamedMemberAccess(t, concat) && memberNameOf(t, concat) === 'concat') return true;
    }
    if (!(t.isCallExpression(parent) || t.isNewExpression(parent)) || parent.arguments?.[0] !== use) return false;
    const callee = unwrapExpression(t, parent.expression);
    // `Array.from(set, fn)`: the mapping function is given the elements and their indexes, never the Set.
    if (parent.arguments.length === 2 && t.isCallExpression(parent)) return kind !== 'object' && isStatic(callee, 'Array', ['from']);
    if (parent.arguments.length !== 1) return false;
    if (kind === 'object') return t.isCallExpression(parent) && isStatic(callee, 'Object', ['keys', 'values', 'entries']);
    return t.isCallExpression(parent) ? isStatic(callee, 'Array', ['from']) : t.isIdentifier(callee) && (callee.text === 'Set' || callee.text === 'Map');
  };
  const visit = (node: ts.Node, depth: number): boolean => {
    if (depth > MAX_DEPTH) return false;
    if (t.isIdentifier(node) && node.text === name && !isPropertyName(t, node) && isThis(node) && !isDeclarationName(t, node) && !plainUse(node)) return false;
    return t.forEachChild(node, (child) => (visit(child, depth + 1) ? undefined : true)) !== true;
  };
  return visit(scope, 0);
}

/** The name a declaration declares (`const users = …`), not a use of it. */
function isDeclarationName(t: typeof import('typescript'), identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  return (t.isVariableDeclaration(parent) || t.isParameter(parent)) && parent.name === identifier;
}

/** A property's name (`x.name`, `{ name: v }`, `{ name: local } = x`), not a use of a variable of that name. */
function isPropertyName(t: typeof import('typescript'), identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  return (
    ((t.isPropertyAccessExpression(parent) || t.isPropertyAssignment(parent) || t.isMethodDeclaration(parent) || t.isPropertyDeclaration(parent)) &&
      parent.name === identifier) ||
    (t.isBindingElement(parent) && parent.propertyName === identifier)
  );
}

/** `target[key] = value` or `target.key = value`, with `=`, whose target is `identifier` itself. */
export function isPropertyWrite(t: typeof import('typescript'), change: ts.Node, identifier: ts.Identifier): change is ts.BinaryExpression {
  if (!t.isBinaryExpression(change) || change.operatorToken.kind !== t.SyntaxKind.EqualsToken) return false;
  const left = unwrapExpression(t, change.left);
  return (t.isPropertyAccessExpression(left) || t.isElementAccessExpression(left)) && unwrapExpression(t, left.expression) === identifier;
}

/** What a variable or class property is filled with in place: an object's properties, an array's elements, a Map's entries, a Set's values. */
export type FillKind = 'object' | 'array' | 'map' | 'set';

/**
 * `target.set(key, value)` of a Map, `target.add(value)` of a Set, or `target.push(...values)` /
 * `target.unshift(...values)` of an array, whose receiver `isTarget` picks: the ways such a value is
 * filled in place without reading it. A `set` or `add` counts only as a statement of its own: it
 * returns the collection, which would otherwise go on under another name
 * (https://tc39.es/ecma262/#sec-map.prototype.set, #sec-set.prototype.add,
 * #sec-array.prototype.push, #sec-array.prototype.unshift).
 */
export function isCollectionWrite(
  t: typeof import('typescript'),
  change: ts.Node,
  kind: 'array' | 'map' | 'set',
  isTarget: (receiver: ts.Expression) => boolean,
): change is ts.CallExpression {
  if (!t.isCallExpression(change) || !isNamedMemberAccess(t, change.expression)) return false;
  const method = memberNameOf(t, change.expression);
  if (kind === 'array') {
    // They return the new length, not the array: used as a value (`(n) => names.push(n)`), they hand on no reference to it.
    if (method !== 'push' && method !== 'unshift') return false;
  } else {
    const parent = parentOf(change);
    if (parent === undefined || !t.isExpressionStatement(parent)) return false;
    const [name, arity] = kind === 'map' ? ['set', 2] : ['add', 1];
    if (method !== name || change.arguments.length !== arity || change.arguments.some((a) => t.isSpreadElement(a))) return false;
  }
  return isTarget(unwrapExpression(t, change.expression.expression));
}

/** `x.add(…)`, `x.set(…)`, `x.push(…)` or `x.unshift(…)` of a variable: a Set, Map or array it may fill in place. */
export function isFillCall(t: typeof import('typescript'), call: ts.CallExpression): boolean {
  const callee = call.expression;
  return isNamedMemberAccess(t, callee) && FILL_CALLS.has(memberNameOf(t, callee)) && t.isIdentifier(unwrapExpression(t, callee.expression));
}

const FILL_CALLS: ReadonlySet<string> = new Set(['add', 'set', 'push', 'unshift']);

/** `x[k] = …` or `x.k = …` of a variable: an object it may fill in place. */
export function isFillAssignment(t: typeof import('typescript'), node: ts.BinaryExpression): boolean {
  if (node.operatorToken.kind !== t.SyntaxKind.EqualsToken) return false;
  const left = unwrapExpression(t, node.left);
  return (t.isPropertyAccessExpression(left) || t.isElementAccessExpression(left)) && t.isIdentifier(unwrapExpression(t, left.expression));
}
