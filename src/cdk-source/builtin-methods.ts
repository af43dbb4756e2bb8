/**
 * The built-in functions and methods credlint computes without running a callback: `Array.from` of an
 * iterable, `Object.keys`/`values`/`entries`/`freeze`, the array methods names and lists are built
 * with, the string methods, and what a method of an unknown value keeps of it.
 */
import { arrayFromItems, arrayLikeLength } from './array-from.js';
import { isCollection } from './collections.js';
import { caseMapped, cdkFnCall, concatenatedCall, joined } from './known-part-calls.js';
import { ownKeys } from './own-keys.js';
import { knownStringMethod } from './string-methods.js';
import {
  arrayValue,
  derivedUnknown,
  MAX_ITERATIONS,
  opaque,
  overLimit,
  presentItems,
  sameValueZero,
  strictlyEqual,
  str,
  UNDEFINED,
  withoutKnownParts,
  type StaticValue,
  type UnknownValue,
} from './static-value.js';

/**
 * `Array.from(iterable)`: a new array of what `for...of` sees, a Set's values or a Map's `[key, value]`
 * entries, a string's code points, the elements of an array-like `{ length: 2 }` (`arrayFromItems`); of anything else, not known.
 */
export function arrayFrom(method: string, args: readonly StaticValue[], text: string): StaticValue {
  const [iterable] = args;
  if (method !== 'from' || args.length !== 1 || iterable === undefined) return opaque(text);
  const items = arrayFromItems(iterable);
  if (items !== undefined) return { kind: 'array', items };
  if ((arrayLikeLength(iterable) ?? 0) > MAX_ITERATIONS) return overLimit(`${text} makes more than ${MAX_ITERATIONS} elements, more than credlint evaluates`);
  return iterable.kind === 'unknown' ? withoutKnownParts(iterable) : opaque(text);
}

/** A relative index as `slice` and `fill` take it: negative from the end, clamped to `0..length`. */
function relativeIndex(value: number, length: number): number {
  const integer = Number.isNaN(value) ? 0 : Math.trunc(value);
  return integer < 0 ? Math.max(length + integer, 0) : Math.min(integer, length);
}

export function objectFunction(method: string, argument: StaticValue | undefined, text: string): StaticValue {
  // Keys a spread of an unknown value may define are not known: nor are the object's keys, values, entries.
  if (argument?.kind === 'object' && argument.rest && method !== 'freeze') return derivedUnknown(argument.rest, `${text}: ${argument.rest.reason}`);
  if (argument?.kind === 'object') {
    // Integer-like keys come first, ascending (`ownKeys`), whatever order the literal wrote them in.
    const keys = ownKeys(argument.entries.keys());
    const entry = (key: string) => argument.entries.get(key) ?? UNDEFINED;
    if (method === 'keys') return { kind: 'array', items: keys.map(str) };
    if (method === 'values') return { kind: 'array', items: keys.map(entry) };
    if (method === 'entries') return { kind: 'array', items: keys.map((k) => ({ kind: 'array', items: [str(k), entry(k)] })) };
    if (method === 'freeze') return argument;
  }
  // An array's own enumerable keys are its indexes as strings, in order (`Object.entries(users)` gives
  // `[['0', users[0]], ...]`), but for its holes (`[a, , b]`, `Array(3)`), which have none.
  const present = argument?.kind === 'array' && argument.collection === undefined ? presentItems(argument) : undefined;
  if (present !== undefined) {
    if (method === 'keys') return { kind: 'array', items: present.map(([index]) => str(String(index))) };
    if (method === 'values') return { kind: 'array', items: present.map(([, item]) => item) };
    if (method === 'entries') return { kind: 'array', items: present.map(([index, item]) => ({ kind: 'array', items: [str(String(index)), item] })) };
  }
  if (method === 'freeze' && argument !== undefined) return argument;
  // `Object.keys(x)` of an unknown `x` is not `x`: what is known of a string `x` is dropped.
  return argument?.kind === 'unknown' ? withoutKnownParts(argument) : opaque(text);
}

/**
 * A method of an unknown value. aws-cdk-lib's `Fn.join`/`Fn.sub`, and `concat`, `toLowerCase` and
 * `toUpperCase` of a string of which parts are known, keep what is known of the string they build
 * (`known-part-calls.ts`); any other method computes something else from it (`.slice(1)`), so the
 * result is the unknown without its known parts.
 */
export function unknownTargetMethod(target: UnknownValue, method: string, args: readonly StaticValue[], text: string): StaticValue {
  if (target.token === true && /(?:^|\.)Fn$/.test(target.subject ?? '')) return cdkFnCall(method, args, text) ?? opaque(text, true);
  if (target.known !== undefined) {
    const built = method === 'concat' ? concatenatedCall(target, args) : caseMapped(target, method);
    if (built !== undefined) return built;
  }
  return target.subject === undefined ? withoutKnownParts(target) : opaque(text, target.token);
}

export function stringMethod(value: string, method: string, args: readonly StaticValue[], text: string): StaticValue {
  if (method === 'concat') return concatenatedCall(value, args) ?? opaque(text);
  return knownStringMethod(value, method, args) ?? opaque(text);
}

export function arrayMethod(array: Extract<StaticValue, { kind: 'array' }>, method: string, args: readonly StaticValue[], text: string): StaticValue {
  const { items, holes } = array;
  if (method === 'join') {
    // The elements' text with the separator between them: what is known of an unknown element stays.
    const built = joined(items, args[0]);
    if (built !== undefined) return built;
    const unknownPart = items.find((i) => i.kind === 'unknown') ?? args.find((a) => a.kind === 'unknown');
    return unknownPart === undefined ? opaque(text) : withoutKnownParts(unknownPart);
  }
  if (method === 'concat' && items.length + args.length > MAX_ITERATIONS)
    return overLimit(`${text} makes more than ${MAX_ITERATIONS} elements, more than credlint evaluates`);
  if (method === 'concat') {
    // `Array.prototype.concat`: array arguments are spread one level, other values appended; holes stay holes.
    const joinedItems = [...items];
    const joinedHoles = new Set(holes);
    for (const arg of args) {
      if (arg.kind === 'array' && !isCollection(arg)) {
        for (const hole of arg.holes ?? []) joinedHoles.add(joinedItems.length + hole);
        joinedItems.push(...arg.items);
      } else joinedItems.push(arg);
    }
    return arrayValue(joinedItems, joinedHoles);
  }
  // `fill(value, start, end)`: every index from start to end holds the value, holes included.
  // https://tc39.es/ecma262/#sec-array.prototype.fill
  if (method === 'fill' && args.length <= 3) {
    const [value = UNDEFINED, start, end] = args;
    const bound = (arg: StaticValue | undefined, otherwise: number): number | undefined =>
      arg === undefined || arg.kind === 'undefined' ? otherwise : arg.kind === 'number' ? relativeIndex(arg.value, items.length) : undefined;
    const [from, to] = [bound(start, 0), bound(end, items.length)];
    if (from === undefined || to === undefined) return opaque(text);
    const filledHoles = new Set([...(holes ?? [])].filter((index) => index < from || index >= to));
    return arrayValue(
      items.map((item, index) => (index >= from && index < to ? value : item)),
      filledHoles,
    );
  }
  // `keys()`, `values()`, `entries()` visit every index, holes included (read as `undefined`); what
  // `for...of`, a spread or `Array.from` of the iterator sees is this array.
  if (method === 'keys' && args.length === 0) return { kind: 'array', items: items.map((_, index) => ({ kind: 'number', value: index })) };
  if (method === 'values' && args.length === 0) return { kind: 'array', items };
  if (method === 'entries' && args.length === 0)
    return { kind: 'array', items: items.map((item, index): StaticValue => ({ kind: 'array', items: [{ kind: 'number', value: index }, item] })) };
  // Copies of the items, or one of them: what they are does not change (a user keeps its identity).
  // https://tc39.es/ecma262/#sec-array.prototype.slice
  if (method === 'slice' || method === 'at') {
    const position = (arg: StaticValue | undefined): number | undefined | null =>
      arg === undefined || arg.kind === 'undefined' ? undefined : arg.kind === 'number' ? arg.value : null;
    const [a, b] = [position(args[0]), position(args[1])];
    if (a === null || b === null) return opaque(text);
    if (method === 'slice') {
      // Holes stay holes (https://tc39.es/ecma262/#sec-array.prototype.slice copies only present indexes).
      const from = a === undefined ? 0 : relativeIndex(a, items.length);
      const to = b === undefined ? items.length : relativeIndex(b, items.length);
      return arrayValue(items.slice(from, to), new Set([...(holes ?? [])].filter((index) => index >= from && index < to).map((index) => index - from)));
    }
    return items.at(Math.trunc(a ?? 0)) ?? UNDEFINED;
  }
  if (method === 'toReversed') return { kind: 'array', items: items.toReversed() };
  if ((method === 'indexOf' || method === 'lastIndexOf') && args[0] !== undefined && args.length <= 2)
    return indexOf(items, holes, args[0], args[1], method === 'lastIndexOf') ?? opaque(text);
  // SameValueZero (https://tc39.es/ecma262/#sec-array.prototype.includes): holes read as undefined.
  if (method === 'includes' && args[0] !== undefined) {
    const target = args[0];
    if (target.kind === 'unknown') return withoutKnownParts(target);
    const results = items.map((item) => knownEquality(item, target, true));
    if (results.includes(true)) return { kind: 'boolean', value: true };
    const undecided = items.find((_, index) => results[index] === undefined);
    return undecided === undefined ? { kind: 'boolean', value: false } : undecided.kind === 'unknown' ? withoutKnownParts(undecided) : opaque(text);
  }
  return opaque(text);
}

/**
 * `indexOf(x, from)` and `lastIndexOf(x, from)`: the first (last) index from `from` whose element is
 * strictly equal to `x` (https://tc39.es/ecma262/#sec-array.prototype.indexof, `lastindexof`): holes are
 * skipped, NaN is found nowhere, a construct only at its own place; -1 when none is. An element that
 * may or may not equal `x` before the first certain match makes the index unknown (undefined).
 */
function indexOf(
  items: readonly StaticValue[],
  holes: ReadonlySet<number> | undefined,
  target: StaticValue,
  from: StaticValue | undefined,
  last: boolean,
): StaticValue | undefined {
  const length = items.length;
  let start: number;
  if (from === undefined || from.kind === 'undefined') start = last ? length - 1 : 0;
  else if (from.kind !== 'number') return undefined;
  else {
    const integer = Number.isNaN(from.value) ? 0 : Math.trunc(from.value);
    start = last ? (integer < 0 ? length + integer : Math.min(integer, length - 1)) : integer < 0 ? Math.max(length + integer, 0) : integer;
  }
  const step = last ? -1 : 1;
  for (let index = start; index >= 0 && index < length; index += step) {
    const item = items[index];
    if (item === undefined || holes?.has(index)) continue;
    const equal = knownEquality(item, target, false);
    if (equal === undefined) return target.kind === 'unknown' ? withoutKnownParts(target) : item.kind === 'unknown' ? withoutKnownParts(item) : undefined;
    if (equal) return { kind: 'number', value: index };
  }
  return { kind: 'number', value: -1 };
}

/** Kinds of known values that are objects (or functions) in the running app, never equal to a primitive. */
const OBJECT_KINDS = new Set<StaticValue['kind']>(['array', 'object', 'construct', 'imported-user', 'module', 'callable', 'class-instance', 'iam']);
const PRIMITIVE_KINDS = new Set<StaticValue['kind']>(['string', 'number', 'boolean', 'undefined', 'null']);

/**
 * Strict equality (`===`, `indexOf`) or SameValueZero (`includes`: NaN equals NaN) of two values, where
 * it can be told: known primitives, an IAM construct only to itself, a primitive never to an object;
 * undefined otherwise (two other objects, an unknown).
 */
function knownEquality(a: StaticValue, b: StaticValue, zero: boolean): boolean | undefined {
  if (a.kind === 'construct' && b.kind === 'construct') return a.instance === b.instance;
  if ((PRIMITIVE_KINDS.has(a.kind) && OBJECT_KINDS.has(b.kind)) || (OBJECT_KINDS.has(a.kind) && PRIMITIVE_KINDS.has(b.kind))) return false;
  return zero ? sameValueZero(a, b) : strictlyEqual(a, b);
}
