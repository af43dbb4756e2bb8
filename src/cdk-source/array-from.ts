import type * as ts from 'typescript';
import { isNamedMemberAccess, memberNameOf } from './member-syntax.js';
import { arrayValue, MAX_ITERATIONS, objectEntry, opaque, overLimit, UNDEFINED, unknown, type StaticValue } from './static-value.js';

/**
 * What `Array.from(source)` reads from its first argument, one item per element it makes, when that is
 * known (https://tc39.es/ecma262/#sec-array.from): an iterable's elements (an array's items, a Set's
 * values, a Map's `[key, value]` entries, a string's code points), or, of an array-like object such as
 * `{ length: 2 }`, its properties `0` to `length - 1` (`undefined` where absent). A `length` that is not
 * a known non-negative integer of at most `MAX_ITERATIONS` leaves the result unknown (README, "CDK
 * TypeScript source"), as does an object whose other keys are not all known.
 */
export function arrayFromItems(source: StaticValue | undefined): readonly StaticValue[] | undefined {
  // A hole is read as `undefined`: `Array.from(Array(2))` is `[undefined, undefined]`.
  if (source?.kind === 'array') return source.items;
  // A string iterates by code point, as `Array.from` of it does here.
  if (source?.kind === 'string') return Array.from(source.value, (value): StaticValue => ({ kind: 'string', value }));
  if (source?.kind !== 'object' || source.rest) return undefined;
  const length = objectEntry(source, 'length');
  if (length.kind !== 'number' || !Number.isInteger(length.value) || length.value < 0 || length.value > MAX_ITERATIONS) return undefined;
  return Array.from({ length: length.value }, (_, index) => source.entries.get(String(index)) ?? UNDEFINED);
}

/** The `length` of an array-like object, when it is a known non-negative integer (`Array.from({ length: 5000 })`). */
export function arrayLikeLength(source: StaticValue | undefined): number | undefined {
  if (source?.kind !== 'object') return undefined;
  const length = objectEntry(source, 'length');
  return length.kind === 'number' && Number.isInteger(length.value) && length.value >= 0 ? length.value : undefined;
}

/** `Array.from(source, (item, i) => ...)` with an inline callback, `Array` not a name of the project (`isProjectName`). */
export function isArrayFromWithCallback(t: typeof import('typescript'), node: ts.CallExpression, isProjectName: (name: ts.Identifier) => boolean): boolean {
  const callee = node.expression;
  const callback = node.arguments[1];
  return (
    isNamedMemberAccess(t, callee) &&
    memberNameOf(t, callee) === 'from' &&
    t.isIdentifier(callee.expression) &&
    callee.expression.text === 'Array' &&
    !isProjectName(callee.expression) &&
    node.arguments.length === 2 &&
    callback !== undefined &&
    (t.isArrowFunction(callback) || t.isFunctionExpression(callback))
  );
}

/**
 * `Array(...)` and `new Array(...)` (the same: https://tc39.es/ecma262/#sec-array-constructor): of one
 * number, an array of that many holes (`Array(2).map(cb)` calls `cb` for none, `[...Array(2)]` is two
 * `undefined`s); of anything else, the arguments are the elements. `args` is undefined when they are
 * not known one by one (a spread). A length that is not an integer from 0 to 2^32 - 1 throws a
 * RangeError, so the app creates nothing after it: unknown.
 */
export function constructedArray(args: readonly StaticValue[] | undefined, text: string): StaticValue {
  if (args === undefined) return opaque(text);
  const [first] = args;
  if (args.length !== 1 || first === undefined || (first.kind !== 'number' && first.kind !== 'unknown')) return arrayValue(args);
  // One argument not known: a length or the one element.
  if (first.kind === 'unknown') return first.subject === undefined ? first : opaque(text);
  const length = first.value;
  if (!Number.isInteger(length) || length < 0 || length > 2 ** 32 - 1) return unknown(`${text} throws a RangeError (invalid array length)`);
  if (length > MAX_ITERATIONS) return overLimit(`${text} is too long to evaluate`);
  return arrayValue(
    Array.from({ length }, () => UNDEFINED),
    new Set(Array.from({ length }, (_, index) => index)),
  );
}

/** A call or `new` of the global `Array` (`isProjectName`: a name the project declares is not it). */
export function isArrayConstructor(t: typeof import('typescript'), callee: ts.Expression, isProjectName: (name: ts.Identifier) => boolean): boolean {
  return t.isIdentifier(callee) && callee.text === 'Array' && !isProjectName(callee);
}
