import type * as ts from 'typescript';
import { isNamedMemberAccess, memberNameOf } from './member-syntax.js';
import { MAX_ITERATIONS, objectEntry, UNDEFINED, type StaticValue } from './static-value.js';

/**
 * What `Array.from(source)` reads from its first argument, one item per element it makes, when that is
 * known (https://tc39.es/ecma262/#sec-array.from): an iterable's elements (an array's items, a Set's
 * values, a Map's `[key, value]` entries, a string's code points), or, of an array-like object such as
 * `{ length: 2 }`, its properties `0` to `length - 1` (`undefined` where absent). A `length` that is not
 * a known non-negative integer of at most `MAX_ITERATIONS` leaves the result unknown (README, "CDK
 * TypeScript source"), as does an object whose other keys are not all known.
 */
export function arrayFromItems(source: StaticValue | undefined): readonly StaticValue[] | undefined {
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
