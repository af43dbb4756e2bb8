import { MAX_ITERATIONS, opaque, overLimit, sameValueZero, UNDEFINED, unknown, type StaticValue } from './static-value.js';

// `new Set(...)` and `new Map(...)` of known values (ECMAScript Set and Map constructors:
// https://tc39.es/ecma262/#sec-set-iterable, https://tc39.es/ecma262/#sec-map-iterable). A
// collection is an array value marked `collection`: `for...of` and a spread see its values (a Set)
// or its `[key, value]` entries (a Map) in insertion order; an index or `length` reads nothing of it.
// A collection changed after it is made (`add`, `set`, `delete`) is unknown (`mutated-variables.ts`).

type Collection = Extract<StaticValue, { kind: 'array' }> & { readonly collection: 'set' | 'map' };

export function isCollection(value: StaticValue): value is Collection {
  return value.kind === 'array' && value.collection !== undefined;
}

/** `new Set(iterable)` or `new Map(iterable)`; `text` is the expression, for messages. */
export function newCollection(kind: 'set' | 'map', iterable: StaticValue | undefined, text: string): StaticValue {
  if (iterable === undefined || iterable.kind === 'undefined' || iterable.kind === 'null') return { kind: 'array', items: [], collection: kind };
  if (iterable.kind === 'array' && iterable.items.length > MAX_ITERATIONS)
    return overLimit(`${text} has more than ${MAX_ITERATIONS} elements, more than credlint evaluates`);
  if (iterable.kind !== 'array') return iterable.kind === 'unknown' ? iterable : opaque(text);
  const keys: StaticValue[] = [];
  const values: StaticValue[] = [];
  for (const item of iterable.items) {
    // A Map's entry is any object: its `0` and `1` are the key and the value.
    const entry = kind === 'map' ? entryOf(item) : { key: item, value: item };
    if (entry === undefined) return unknown(`an entry of ${text} is not known statically`);
    let at = -1;
    for (const [index, key] of keys.entries()) {
      const same = sameValueZero(key, entry.key);
      if (same === undefined) return unknown(`whether two entries of ${text} are the same is not known statically`);
      if (same) at = index;
    }
    // A key seen before keeps its place; a Map keeps the last value set for it.
    if (at < 0) {
      keys.push(entry.key);
      values.push(entry.value);
    } else values[at] = entry.value;
  }
  const items = kind === 'set' ? keys : keys.map((key, index): StaticValue => ({ kind: 'array', items: [key, values[index] ?? UNDEFINED] }));
  return { kind: 'array', items, collection: kind };
}

function entryOf(item: StaticValue): { key: StaticValue; value: StaticValue } | undefined {
  if (item.kind !== 'array' || item.collection !== undefined) return undefined;
  return { key: item.items[0] ?? UNDEFINED, value: item.items[1] ?? UNDEFINED };
}

/** `set.size`; any other property of a collection is not read. */
export function collectionMember(value: Collection, name: string, text: string): StaticValue {
  return name === 'size' ? { kind: 'number', value: value.items.length } : opaque(text);
}

/** `has`, `get`, `keys`, `values`, `entries` of a collection; other methods are not evaluated. */
export function collectionMethod(value: Collection, method: string, args: readonly StaticValue[], text: string): StaticValue {
  const keys = value.collection === 'set' ? value.items : value.items.map((entry) => (entry.kind === 'array' ? (entry.items[0] ?? UNDEFINED) : UNDEFINED));
  const values = value.collection === 'set' ? value.items : value.items.map((entry) => (entry.kind === 'array' ? (entry.items[1] ?? UNDEFINED) : UNDEFINED));
  const [argument] = args;
  if ((method === 'has' || method === 'get') && argument !== undefined) {
    let found = -1;
    for (const [index, key] of keys.entries()) {
      // A key that cannot be compared may be the one asked for.
      const same = sameValueZero(key, argument);
      if (same === undefined) return opaque(text);
      if (same) {
        found = index;
        break;
      }
    }
    if (method === 'has') return { kind: 'boolean', value: found >= 0 };
    return value.collection === 'map' ? (found >= 0 ? (values[found] ?? UNDEFINED) : UNDEFINED) : opaque(text);
  }
  if (method === 'keys') return { kind: 'array', items: keys };
  if (method === 'values') return { kind: 'array', items: values };
  if (method === 'entries')
    return { kind: 'array', items: keys.map((key, index): StaticValue => ({ kind: 'array', items: [key, values[index] ?? UNDEFINED] })) };
  return opaque(text);
}

/** What a collection's `forEach` callback receives for one item: (value, key) of a Map, (value, value) of a Set. */
export function forEachArguments(value: Collection, item: StaticValue): readonly [StaticValue, StaticValue] {
  if (value.collection === 'set') return [item, item];
  return item.kind === 'array' ? [item.items[1] ?? UNDEFINED, item.items[0] ?? UNDEFINED] : [UNDEFINED, UNDEFINED];
}
