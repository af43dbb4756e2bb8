import { presentItems, str, type StaticValue } from './static-value.js';

/**
 * An object's own string keys in the order JavaScript enumerates them (`Object.keys`, `for...in`):
 * keys that are array indexes first, ascending, then the others in the order they were created.
 * https://tc39.es/ecma262/#sec-ordinaryownpropertykeys
 */
export function ownKeys(keys: Iterable<string>): string[] {
  const indexes: string[] = [];
  const others: string[] = [];
  for (const key of keys) (isArrayIndex(key) ? indexes : others).push(key);
  return [...indexes.sort((a, b) => Number(a) - Number(b)), ...others];
}

/** A canonical array index: `"0"` to `"4294967294"`, no sign, no leading zero (https://tc39.es/ecma262/#array-index). */
function isArrayIndex(key: string): boolean {
  return /^(?:0|[1-9]\d{0,9})$/.test(key) && Number(key) < 2 ** 32 - 1;
}

/**
 * The keys `for (const key in value)` visits, as strings (https://tc39.es/ecma262/#sec-for-in-and-for-of-statements):
 * an array's indexes but its holes, a string's indexes, an object's own keys (`ownKeys`); none of
 * `undefined`, `null`, a number, a boolean, or a `Set` or `Map` (whose entries are no properties).
 * Undefined when not known: an object a spread of an unknown value may add keys to, a construct, an
 * instance of a class, anything unknown.
 */
export function forInKeys(value: StaticValue): StaticValue[] | undefined {
  switch (value.kind) {
    case 'array':
      return value.collection === undefined ? presentItems(value).map(([index]) => str(String(index))) : [];
    case 'object':
      return value.rest ? undefined : ownKeys(value.entries.keys()).map(str);
    case 'string':
      return Array.from({ length: value.value.length }, (_, index) => str(String(index)));
    case 'undefined':
    case 'null':
    case 'number':
    case 'boolean':
      return [];
    default:
      return undefined;
  }
}
