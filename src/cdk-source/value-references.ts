import type * as ts from 'typescript';
import { unwrapExpression } from './unwrap-expression.js';
import { appendAll } from '../core/append-all.js';

/**
 * Where the values inside an expression's value are inside the value of the plain name it is reached
 * from, for `mutated-variables.ts` (a change made through the expression may change the name's value):
 * a value `depth` levels down the expression's value (0: the value itself, 1: one of its elements or
 * properties) is `depth + shift` levels down the name's, when `depth >= from`; above `from` the value
 * is new. So `names`: shift 0, from 0; `config.names`: shift 1; `[names]` and `{ a: names }`: shift -1,
 * from 1 (the new array itself is not `names`); a copy (`names.slice()`, `[...names]`): shift 0, from 1.
 * A depth not known exactly is taken too deep, never too shallow: then more changes count, never fewer.
 */
export interface Relation {
  readonly shift: number;
  readonly from: number;
  /** The first property on the path between the two values, from the one holding the other (`config.names`, `{ names: list }`: `names`), when known. */
  readonly key?: string;
  /** Whether `shift` is a depth taken too deep: the value may be fewer levels down the name's (`map`, `concat`). */
  readonly shallower?: true;
}

export interface Reference {
  readonly identifier: ts.Identifier;
  readonly relation: Relation;
}

/** The value itself. */
export const SAME: Relation = { shift: 0, from: 0 };

/** An element or property of the value. */
export const ELEMENT: Relation = { shift: 1, from: 0 };

/** A new array or object of the value's elements or properties. */
export const COPY: Relation = { shift: 0, from: 1 };

/** A new array or object holding the value. */
export const HOLDER: Relation = { shift: -1, from: 1 };

/** A depth taken for values whose depth is not known (what a `map` callback returns): deeper than anything followed. */
const DEEP = 64;

/** A new array of values found at some depth under the value's elements (`map`, `flat`). */
const DERIVED: Relation = { shift: DEEP, from: 1, shallower: true };

/** What `concat` makes of an argument: its elements, or itself when it is no array (then one level shallower than `COPY` says). */
const CONCATENATED: Relation = { ...COPY, shallower: true };

/** `outer` relates a value to `middle`'s, `inner` relates `middle` to a name's: how the value relates to the name's. */
export function compose(outer: Relation, inner: Relation): Relation {
  if (outer.shift === 0 && outer.from === 0) return inner;
  if (inner.shift === 0 && inner.from === 0) return outer;
  const shift = Math.min(DEEP, outer.shift + inner.shift);
  const from = Math.max(outer.from, inner.from - outer.shift);
  // The first property from the holding end: the name's, when the value is inside it; the value's, when the value holds it.
  const key = inner.shift > 0 && outer.shift >= 0 ? inner.key : outer.shift < 0 && inner.shift <= 0 ? outer.key : undefined;
  const shallower = outer.shallower === true || inner.shallower === true || shift === DEEP ? { shallower: true as const } : {};
  return { shift, from, ...(key === undefined ? {} : { key }), ...shallower };
}

/** A property `key` of the value (an element when the key is not known). */
function member(key: string | undefined): Relation {
  return key === undefined ? ELEMENT : { ...ELEMENT, key };
}

/** A new array or object holding the value as its property `key`. */
function heldAs(key: string | undefined): Relation {
  return key === undefined ? HOLDER : { ...HOLDER, key };
}

/** Array (and Map) methods and what their result is to the receiver: an element, a new array of its elements, of `[index, element]` pairs, of values under its elements. */
const METHOD_RESULTS: Readonly<Record<string, Relation>> = {
  find: ELEMENT,
  findLast: ELEMENT,
  get: ELEMENT,
  at: ELEMENT,
  pop: ELEMENT,
  shift: ELEMENT,
  slice: COPY,
  concat: COPY,
  filter: COPY,
  values: COPY,
  toSorted: COPY,
  toReversed: COPY,
  toSpliced: COPY,
  with: COPY,
  entries: { shift: -1, from: 2 },
  flat: DERIVED,
  flatMap: DERIVED,
  map: DERIVED,
};

/** `Object.<name>(x)` and `Array.<name>(x)`: what their result is to `x`. */
const STATIC_RESULTS: Readonly<Record<string, Readonly<Record<string, Relation>>>> = {
  Object: { values: COPY, entries: { shift: -1, from: 2 }, freeze: SAME },
  Array: { from: COPY },
};

/** How deep an expression is followed. */
const MAX_DEPTH = 64;

/**
 * The plain name an expression's value is reached from (`a.b[0].slice()`: `a`), and how; undefined for
 * any other expression. The result of a call of a plain name (`makeNames().push(x)`) is reached from
 * that name, the callee (`isCallee`), and that of a method (`helper.names().push(x)`) from the
 * method's name (`isMethodCallee`): what the function returns may be changed through it.
 */
export function referenceOf(t: typeof import('typescript'), expression: ts.Expression): Reference | undefined {
  const found = baseOf(t, expression);
  return found && t.isIdentifier(found.base) ? { identifier: found.base, relation: found.relation } : undefined;
}

/** The property of `this` an expression's value is reached from (`this.lists[0]`: `lists`, `this['lists']`), and how; undefined for any other expression. */
export function thisMemberOf(
  t: typeof import('typescript'),
  expression: ts.Expression,
): { readonly member: string; readonly self: ts.Expression; readonly relation: Relation } | undefined {
  const found = baseOf(t, expression);
  const base = found?.base;
  if (!found || !base || !(t.isPropertyAccessExpression(base) || t.isElementAccessExpression(base))) return undefined;
  const member = propertyKey(t, base);
  const self = unwrapExpression(t, base.expression);
  return member !== undefined && self.kind === t.SyntaxKind.ThisKeyword ? { member, self, relation: found.relation } : undefined;
}

/** Whether an expression is `this.name` (or `this['name']`). */
function isThisMember(t: typeof import('typescript'), node: ts.Expression): boolean {
  return (
    (t.isPropertyAccessExpression(node) || t.isElementAccessExpression(node)) &&
    unwrapExpression(t, node.expression).kind === t.SyntaxKind.ThisKeyword &&
    propertyKey(t, node) !== undefined
  );
}

/** The plain name or property of `this` an expression's value is reached from, and how. */
function baseOf(t: typeof import('typescript'), expression: ts.Expression): { readonly base: ts.Expression; readonly relation: Relation } | undefined {
  let relation = SAME;
  let current = unwrapExpression(t, expression);
  for (let depth = 0; depth < MAX_DEPTH; depth += 1) {
    if (t.isIdentifier(current) || isThisMember(t, current)) return { base: current, relation };
    if (t.isCallExpression(current) && t.isIdentifier(current.expression)) return { base: current.expression, relation };
    if (t.isPropertyAccessExpression(current) || t.isElementAccessExpression(current)) {
      relation = compose(relation, member(propertyKey(t, current)));
      current = unwrapExpression(t, current.expression);
      continue;
    }
    const result = t.isCallExpression(current) ? callResult(t, current) : undefined;
    // `helper.names()`: what a project method returns is reached from its name (`isCallee`).
    if (!result && t.isCallExpression(current) && t.isPropertyAccessExpression(current.expression) && t.isIdentifier(current.expression.name))
      return { base: current.expression.name, relation };
    if (!result) return undefined;
    relation = compose(relation, result.step);
    current = unwrapExpression(t, result.inner);
  }
  return undefined;
}

/**
 * How a method call's result relates to the value it is computed from: its receiver
 * (`names.slice()`, `METHOD_RESULTS`) or, for `Object.values(x)` and the like, its first argument
 * (`STATIC_RESULTS`); undefined for any other call.
 */
function callResult(t: typeof import('typescript'), call: ts.CallExpression): { readonly step: Relation; readonly inner: ts.Expression } | undefined {
  const callee = unwrapExpression(t, call.expression);
  if (!t.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  const owner = unwrapExpression(t, callee.expression);
  const statics = t.isIdentifier(owner) && Object.hasOwn(STATIC_RESULTS, owner.text) ? STATIC_RESULTS[owner.text] : undefined;
  const step = statics
    ? Object.hasOwn(statics, method)
      ? statics[method]
      : undefined
    : Object.hasOwn(METHOD_RESULTS, method)
      ? METHOD_RESULTS[method]
      : undefined;
  const inner = statics ? call.arguments[0] : owner;
  return step && inner ? { step, inner } : undefined;
}

/**
 * The plain names whose values an expression's value may be, be inside, or hold: `referenceOf`, each
 * branch of `a ? b : c` and `a ?? b`, and what an array or object literal is built of.
 */
export function referencesIn(t: typeof import('typescript'), expression: ts.Expression, depth = 0): Reference[] {
  if (depth > MAX_DEPTH) return [];
  const node = unwrapExpression(t, expression);
  const within = (step: Relation, part: ts.Expression): Reference[] =>
    referencesIn(t, part, depth + 1).map(({ identifier, relation }): Reference => ({ identifier, relation: compose(step, relation) }));
  // An array's elements are held under no known key: `shift`, `sort` and the like move them to other indices.
  if (t.isArrayLiteralExpression(node))
    return node.elements.flatMap((element) =>
      t.isOmittedExpression(element) ? [] : t.isSpreadElement(element) ? within(COPY, element.expression) : within(HOLDER, element),
    );
  if (t.isObjectLiteralExpression(node)) {
    // A getter, setter or method may reach any property through `this` (`get b() { return this.a }`):
    // what the object holds is then under no known key.
    const keyed = !node.properties.some(
      (property) =>
        t.isGetAccessorDeclaration(property) ||
        t.isSetAccessorDeclaration(property) ||
        t.isMethodDeclaration(property) ||
        (t.isPropertyAssignment(property) && t.isFunctionExpression(unwrapExpression(t, property.initializer))),
    );
    const key = (name: ts.PropertyName): string | undefined => (keyed && (t.isIdentifier(name) || t.isStringLiteralLike(name)) ? name.text : undefined);
    return node.properties.flatMap((property) =>
      t.isPropertyAssignment(property)
        ? within(heldAs(key(property.name)), property.initializer)
        : t.isShorthandPropertyAssignment(property)
          ? within(heldAs(key(property.name)), property.name)
          : t.isSpreadAssignment(property)
            ? within(COPY, property.expression)
            : [],
    );
  }
  if (t.isConditionalExpression(node)) return [...referencesIn(t, node.whenTrue, depth + 1), ...referencesIn(t, node.whenFalse, depth + 1)];
  if (
    t.isBinaryExpression(node) &&
    (node.operatorToken.kind === t.SyntaxKind.QuestionQuestionToken ||
      node.operatorToken.kind === t.SyntaxKind.BarBarToken ||
      node.operatorToken.kind === t.SyntaxKind.AmpersandAmpersandToken)
  )
    return [...referencesIn(t, node.left, depth + 1), ...referencesIn(t, node.right, depth + 1)];
  // An argument spread into a call (`appendAll(all, users)`, `f(...[names])`): each of its elements is an argument.
  if (t.isSpreadElement(node)) return within(ELEMENT, node.expression);
  const reference = referenceOf(t, node);
  const found = reference ? [reference] : [];
  if (!t.isCallExpression(node)) return found;
  const callee = unwrapExpression(t, node.expression);
  if (!t.isPropertyAccessExpression(callee)) return found;
  // Of what is not a plain name: `Object.freeze({ list: names })`, `[names, other].filter(...)`.
  const result = reference ? undefined : callResult(t, node);
  if (result) appendAll(found, within(result.step, result.inner));
  // `base.concat(names)`: the elements of an array argument, or the argument itself, are the result's
  // elements. A copy reaches the deeper of the two (an argument's value one level down at the most), and
  // one relation per argument keeps nested calls (`a.concat(a.concat(…))`) linear.
  if (callee.name.text === 'concat') for (const argument of node.arguments) appendAll(found, within(CONCATENATED, argument));
  return found;
}

/** The property an access names when written literally (`x.a`, `x['a']`; not an index, `x[0]`, whose element may have moved). */
function propertyKey(t: typeof import('typescript'), access: ts.PropertyAccessExpression | ts.ElementAccessExpression): string | undefined {
  if (t.isPropertyAccessExpression(access)) return access.name.text;
  const argument = unwrapExpression(t, access.argumentExpression);
  return t.isStringLiteralLike(argument) ? argument.text : undefined;
}

/** Whether a name is the callee of a call (`makeNames` in `makeNames()`): a reference to it (`referenceOf`) is to what the call returns. */
export function isCallee(t: typeof import('typescript'), identifier: ts.Identifier): boolean {
  const parent = identifier.parent as ts.Node | undefined;
  return parent !== undefined && t.isCallExpression(parent) && parent.expression === identifier;
}

/** Whether a name is the method a call calls (`names` in `helper.names()`): a reference to it (`referenceOf`) is to what the call returns. */
export function isMethodCallee(t: typeof import('typescript'), identifier: ts.Identifier): boolean {
  const access = identifier.parent as ts.Node | undefined;
  const call = access?.parent;
  return (
    access !== undefined &&
    t.isPropertyAccessExpression(access) &&
    access.name === identifier &&
    call !== undefined &&
    t.isCallExpression(call) &&
    call.expression === access
  );
}
