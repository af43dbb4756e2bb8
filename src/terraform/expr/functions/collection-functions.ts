/**
 * Terraform's list and sequence functions
 * (https://developer.hashicorp.com/terraform/language/functions — "Collection Functions").
 * Functions that only move elements around keep unknown elements in place, as Terraform does.
 */
import {
  canonicalKey,
  compareStrings,
  findUnknown,
  distinctValues,
  graphemes,
  keySet,
  primitiveToBool,
  primitiveToString,
  sequenceItems,
  aTypeName,
  valuesEqual,
} from '../convert.js';
import { TfSet, Unknown, isObject, type TfValue } from '../value.js';
import { reserveNodes } from '../eval-budget.js';
import { terraformArithmetic } from '../exact-number.js';
import { asListOrMap, asTupleOrObject, collectionKind } from '../collection-kinds.js';
import { unifyElements } from '../type-constraints.js';
import {
  FunctionError,
  fixed,
  integerArg,
  isUnknownValue,
  listArg,
  listOrTupleArg,
  numberArg,
  sequenceArg,
  stringListArg,
  variadic,
  type FunctionTable,
} from './function-support.js';

/** The first argument that is itself unknown (its elements may still be known). */
export function unknownArg(args: readonly TfValue[]): Unknown | undefined {
  return args.find(isUnknownValue);
}

function length(args: readonly TfValue[]): TfValue {
  const [value = null] = args;
  if (value instanceof Unknown) return value;
  if (typeof value === 'string') return graphemes(value).length;
  const items = sequenceItems(value);
  if (items !== undefined) return items.length;
  if (isObject(value)) return Object.keys(value).length;
  throw new FunctionError(`argument must be a string, list, set, map or object, not ${aTypeName(value)}`);
}

function concat(args: readonly TfValue[]): TfValue {
  const unknown = unknownArg(args);
  if (unknown !== undefined) return unknown;
  return args.flatMap((_, index) => listOrTupleArg(args, index));
}

function element(args: readonly TfValue[]): TfValue {
  const unknown = unknownArg(args);
  if (unknown !== undefined) return unknown;
  const items = listOrTupleArg(args, 0);
  const index = integerArg(args, 1);
  if (items.length === 0) throw new FunctionError('cannot use element function with an empty list');
  // Indexes wrap around (https://developer.hashicorp.com/terraform/language/functions/element):
  // element(["a","b","c"], 3) is "a". The page says -1 picks "c", and so it does for a list; but
  // Terraform 1.11's function takes the remainder of a negative index first, and a tuple (what
  // `[...]` builds) indexes its element types with that negative remainder: `element(["a","b","c"], -1)`
  // fails with "panic in function implementation: runtime error: index out of range [-1]" (checked
  // with terraform console 1.11.4), while `element(tolist(["a","b","c"]), -1)` is "c".
  const wrapped = index % items.length;
  if (wrapped < 0) {
    const kind = collectionKind(args[0] ?? null);
    if (kind === 'tuple-or-object') throw new FunctionError(`panic in function implementation: runtime error: index out of range [${String(wrapped)}]`);
    if (kind === undefined) return new Unknown('element() of a negative index wraps around a list but fails on a tuple, and this value could be either');
  }
  return items[(wrapped + items.length) % items.length] as TfValue;
}

function flattenInto(items: readonly TfValue[], out: TfValue[]): Unknown | undefined {
  for (const item of items) {
    // An unknown element could itself be a list, so the flattened length is unknown.
    if (item instanceof Unknown) return item;
    const nested = sequenceItems(item);
    if (nested === undefined) out.push(item);
    else {
      const unknown = flattenInto(nested, out);
      if (unknown !== undefined) return unknown;
    }
  }
  return undefined;
}

function flatten(args: readonly TfValue[]): TfValue {
  const unknown = unknownArg(args);
  if (unknown !== undefined) return unknown;
  const out: TfValue[] = [];
  return flattenInto(sequenceArg(args, 0), out) ?? out;
}

function one(args: readonly TfValue[]): TfValue {
  const unknown = unknownArg(args);
  if (unknown !== undefined) return unknown;
  const items = sequenceArg(args, 0);
  if (items.length > 1) throw new FunctionError(`must be a list, set, or tuple value with either zero or one elements, not ${items.length}`);
  return items[0] ?? null;
}

function reverse(args: readonly TfValue[]): TfValue {
  const unknown = unknownArg(args);
  if (unknown !== undefined) return unknown;
  return [...listArg(args, 0)].reverse();
}

function slice(args: readonly TfValue[]): TfValue {
  const unknown = unknownArg(args);
  if (unknown !== undefined) return unknown;
  const items = listOrTupleArg(args, 0);
  const start = integerArg(args, 1);
  const end = integerArg(args, 2);
  if (start < 0) throw new FunctionError('the starting index must be greater than or equal to zero');
  if (end > items.length) throw new FunctionError('the ending index must be less than or equal to the length of the list');
  if (start > end) throw new FunctionError('the starting index must be less than or equal to the ending index');
  return items.slice(start, end);
}

function chunklist(args: readonly TfValue[]): TfValue {
  const unknown = unknownArg(args);
  if (unknown !== undefined) return unknown;
  // Its argument is a list: a tuple's elements are converted to one type first (["a", 1] chunks as strings).
  const items = unifyElements(listArg(args, 0));
  if (typeof items === 'string') throw new FunctionError(items);
  const size = integerArg(args, 1);
  if (size < 0) throw new FunctionError('the size argument must be positive');
  // A size of zero means one chunk holding the whole list, and an empty list has no chunk at all.
  if (size === 0) return items.length === 0 ? [] : [items];
  const chunks: TfValue[] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

function coalescelist(args: readonly TfValue[]): TfValue {
  if (args.length === 0) throw new FunctionError('at least one argument is required');
  // Terraform checks every argument's type before choosing one: a set or string after the chosen list
  // still fails the call ("coalescelist arguments must be lists or tuples").
  for (const [index, value] of args.entries()) if (value !== null && !(value instanceof Unknown)) listOrTupleArg(args, index);
  for (const [index, value] of args.entries()) {
    if (value instanceof Unknown) return value;
    if (value === null) continue;
    const items = listOrTupleArg(args, index);
    if (items.length > 0) return items;
  }
  throw new FunctionError('no non-null arguments');
}

function compact(args: readonly TfValue[]): TfValue {
  return sequenceArg(args, 0)
    .filter((item, position) => {
      if (item !== null && typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') {
        throw new FunctionError(`element ${position} must be a string, not ${aTypeName(item)}`);
      }
      return item !== null && item !== '';
    })
    .map((item) => primitiveToString(item) as string);
}

/**
 * An element equal to the value makes it true even where other elements are unknown, as Terraform's
 * own `contains` answers (it looks past elements it cannot compare for an equal one): whatever those
 * turn out to be, the list holds the value.
 */
function contains(args: readonly TfValue[]): TfValue {
  const [list = null, value = null] = args;
  if (list instanceof Unknown) return list;
  const items = sequenceArg(args, 0);
  // Its value parameter does not allow null: contains(list, null) fails, even when the list holds a null.
  if (value === null) throw new FunctionError('the value argument must not be null');
  if (items.length === 0) return false;
  const unknownValue = findUnknown(value);
  if (unknownValue !== undefined) return unknownValue;
  const failed = failureIn(items);
  if (failed !== undefined) return failed;
  let unknown: Unknown | undefined;
  for (const item of items) {
    const undecided = findUnknown(item);
    if (undecided !== undefined) unknown ??= undecided;
    else if (valuesEqual(item, value)) return true;
  }
  return unknown ?? false;
}

function distinct(args: readonly TfValue[]): TfValue {
  // Its argument is a list: a tuple's elements are converted to one type first, so `1` and `"1"` are one.
  const items = unifyElements(listArg(args, 0));
  if (typeof items === 'string') throw new FunctionError(items);
  return distinctValues(items);
}

function index(args: readonly TfValue[]): TfValue {
  const position = listOrTupleArg(args, 0).findIndex((item) => valuesEqual(item, args[1] ?? null));
  if (position < 0) throw new FunctionError('item not found');
  return position;
}

/** range(limit), range(start, limit), range(start, limit, step); Terraform caps results at 1024 elements. */
function range(args: readonly TfValue[]): TfValue {
  const numbers = args.map((_, position) => numberArg(args, position));
  const [first = 0, second, third] = numbers;
  const start = second === undefined ? 0 : first;
  const limit = second === undefined ? first : second;
  const step = third ?? (limit < start ? -1 : 1);
  if (step === 0) throw new FunctionError('step must not be zero');
  if (start < limit && step < 0) throw new FunctionError('step must be positive when start is less than limit');
  if (start > limit && step > 0) throw new FunctionError('step must be negative when start is greater than limit');
  const out: number[] = [];
  // go-cty adds the step to the previous element, each sum a 512-bit number: where one is not a
  // double's (`range(0, 1, 0.1)[9]` is 0.9 and some 150 digits), the elements and their count are unknown.
  let value = start;
  while (step > 0 ? value < limit : value > limit) {
    if (out.length >= 1024)
      throw new FunctionError('more than 1024 values were generated; either decrease the difference between start and end or use a smaller step');
    out.push(value);
    const next = exactSum(value, step);
    if (next === undefined) return new Unknown(INEXACT_SUM);
    value = next;
  }
  return out;
}

/** Terraform's `a + b` where a double holds it (whole numbers without big integers), else undefined. */
function exactSum(a: number, b: number): number | undefined {
  if (Number.isSafeInteger(a) && Number.isSafeInteger(b) && Number.isSafeInteger(a + b)) return a + b;
  return Number.isFinite(a) && Number.isFinite(b) ? terraformArithmetic('+', a, b) : a + b;
}

const INEXACT_SUM = "a sum with more digits than credlint's numbers keep (Terraform's are exact to 512 bits)";

function sort(args: readonly TfValue[]): TfValue {
  return stringListArg(args, 0).sort(compareStrings);
}

function sum(args: readonly TfValue[]): TfValue {
  const items = sequenceArg(args, 0);
  if (items.length === 0) throw new FunctionError('cannot sum an empty list');
  let total: number | undefined;
  for (const [position, item] of items.entries()) {
    if (typeof item !== 'number') throw new FunctionError(`element ${position} must be a number, not ${aTypeName(item)}`);
    // go-cty adds each element to the sum of those before it, from the first (`sum([-0])` is -0).
    total = total === undefined ? item : exactSum(total, item);
    if (total === undefined) return new Unknown(INEXACT_SUM);
  }
  return total ?? null;
}

/**
 * An element that failed (or ran out of a budget) fails the list it is written in, before any
 * function sees the list: only a plain unknown element may be looked past.
 */
function failureIn(items: readonly TfValue[]): Unknown | undefined {
  for (const item of items) {
    const unknown = findUnknown(item);
    if (unknown !== undefined && unknown.constructor !== Unknown) return unknown;
  }
  return undefined;
}

/**
 * One false element decides alltrue, one true element anytrue, whatever the unknown elements beside it
 * turn out to be (Terraform's anytrue skips unknown elements looking for a true one); otherwise an
 * unknown element leaves the answer unknown.
 */
function allOrAny(mode: 'all' | 'any') {
  return (args: readonly TfValue[]): TfValue => {
    const [list = null] = args;
    if (list instanceof Unknown) return list;
    const failed = failureIn(sequenceArg(args, 0));
    if (failed !== undefined) return failed;
    let unknown: Unknown | undefined;
    const bools = sequenceArg(args, 0).map((item, position) => {
      // alltrue/anytrue take list(bool): "true" and "1" convert, null counts as false.
      if (item === null) return false;
      if (item instanceof Unknown) {
        unknown ??= item;
        return undefined;
      }
      const bool = primitiveToBool(item);
      if (bool === undefined) throw new FunctionError(`element ${position} must be a bool, not ${aTypeName(item)}`);
      return bool;
    });
    const deciding = mode === 'all' ? false : true;
    if (bools.includes(deciding)) return deciding;
    return unknown ?? !deciding;
  };
}

function matchkeys(args: readonly TfValue[]): TfValue {
  const values = listArg(args, 0);
  const keys = listArg(args, 1);
  const searchset = sequenceArg(args, 2);
  if (values.length !== keys.length) throw new FunctionError('length of keys and values should be equal');
  const wanted = keySet(searchset);
  return values.filter((_, position) => wanted.has(canonicalKey(keys[position] ?? null) ?? ''));
}

/**
 * setproduct: every combination, each a tuple, in a list, or in a set where any argument is a set
 * (terraform console 1.11.4: `type(setproduct(toset(["a"]), tolist(["b"])))` is
 * `set(tuple([string, string]))`, with lists or tuples a `list(tuple(...))`), so `==` compares a
 * combination with a tuple written in place (`if pair == ["ops", "live"]`).
 */
function setproduct(args: readonly TfValue[]): TfValue {
  const lists = args.map((_, position) => sequenceArg(args, position));
  const total = lists.reduce((count, items) => count * items.length, 1);
  reserveNodes(total * (lists.length + 1), `${total} combinations are too many`);
  let product: TfValue[][] = [[]];
  for (const items of lists) product = product.flatMap((prefix) => items.map((item) => [...prefix, item]));
  if (lists.some((items) => items.length === 0)) product = [];
  const tuples = product.map((combination) => asTupleOrObject(combination));
  return args.some((arg) => arg instanceof TfSet) ? new TfSet(tuples) : asListOrMap(tuples);
}

export const collectionFunctions: FunctionTable = {
  length: fixed(1, length, true),
  concat: variadic(0, concat, true),
  element: fixed(2, element, true),
  flatten: fixed(1, flatten, true),
  one: fixed(1, one, true),
  reverse: fixed(1, reverse, true),
  slice: fixed(3, slice, true),
  chunklist: fixed(2, chunklist, true),
  coalescelist: variadic(1, coalescelist, true),
  compact: fixed(1, compact),
  contains: fixed(2, contains, true),
  distinct: fixed(1, distinct),
  index: fixed(2, index),
  range: { minArgs: 1, maxArgs: 3, impl: range },
  sort: fixed(1, sort),
  sum: fixed(1, sum),
  alltrue: fixed(1, allOrAny('all'), true),
  anytrue: fixed(1, allOrAny('any'), true),
  matchkeys: fixed(3, matchkeys),
  setproduct: variadic(2, setproduct),
};
