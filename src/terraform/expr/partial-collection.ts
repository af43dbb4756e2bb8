/**
 * A map (or tuple) built by a `for` expression whose `if` condition is unknown for some elements
 * (https://developer.hashicorp.com/terraform/language/expressions/for#filtering-elements): Terraform
 * makes the whole map unknown (and refuses it as `for_each` until the condition is known), but every
 * plan that can be made has it known, and then it holds each entry whose condition was true, and
 * each entry whose unknown condition turns out true. The value is unknown to everything that reads
 * it; only the expansion of a `for_each` (`expand-instances.ts`) looks at the entries.
 */
import { knownPartsOfOneOf } from '../../core/known-parts.js';
import { objectFrom } from './convert-value.js';
import { TfSet, Unknown, isLazy, isObject, type TfValue } from './value.js';

export interface PartialEntry {
  readonly key: string;
  readonly value: TfValue;
  /** The entry is in the map in every plan (its condition is true); else only where its unknown condition holds. */
  readonly certain: boolean;
}

export class PartialMap extends Unknown {
  constructor(
    reason: string,
    /** The entries the map may have, each key at most once, in the map's (lexical) key order. */
    readonly entries: readonly PartialEntry[],
  ) {
    super(reason);
  }
}

/**
 * A tuple built by a `for` whose `if` is unknown for some elements: unknown (its length and the
 * positions of its elements are), but `toset` of it knows which strings it certainly holds and which
 * it may (`toset` below).
 */
export class PartialTuple extends Unknown {
  constructor(
    reason: string,
    readonly items: readonly { readonly value: TfValue; readonly certain: boolean }[],
  ) {
    super(reason);
  }
}

/**
 * A set of strings of which some are certain (`toset` of a `PartialTuple` of strings: an element
 * certain wherever one of its occurrences is).
 */
export class PartialSet extends Unknown {
  constructor(
    reason: string,
    /** Each element at most once, with whether it is certain, in the set's (lexical) order. */
    readonly elements: readonly { readonly value: string; readonly certain: boolean }[],
  ) {
    super(reason);
  }
}

/**
 * `toset([for k, v in C : k if F])` with F unknown for some elements: Terraform converts each element
 * to a string (https://developer.hashicorp.com/terraform/language/functions/toset); only a tuple of
 * known strings is followed here, anything else is a plain unknown.
 */
export function partialSet(tuple: PartialTuple): PartialSet | Unknown {
  const certain = new Map<string, boolean>();
  for (const { value, certain: sure } of tuple.items) {
    if (typeof value !== 'string') return new Unknown(tuple.reason);
    certain.set(value, sure || certain.get(value) === true);
  }
  const elements = [...certain].map(([value, sure]) => ({ value, certain: sure }));
  elements.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return new PartialSet(tuple.reason, elements);
}

/** Whether `value` lists what is known of a partly filtered collection (any of the classes above). */
export function isPartial(value: TfValue): value is PartialMap | PartialTuple | PartialSet {
  return value instanceof PartialMap || value instanceof PartialTuple || value instanceof PartialSet;
}

/** The first partly filtered collection among `values`, whose reason a result made from them gives. */
function firstPartial(values: readonly TfValue[]): PartialMap | PartialTuple | PartialSet | undefined {
  return values.find(isPartial);
}

/**
 * `merge` of maps some of which are partly filtered
 * (https://developer.hashicorp.com/terraform/language/functions/merge): a key is in the result where it
 * is in one argument, and takes the value of the last argument that has it. So an entry is certain
 * where one of its arguments' is, and its value is the last argument's that certainly has it, or no
 * other has it. Where a later argument may or may not have the key, the value is one of the two
 * (`eitherValue`): what both share stays known. Undefined where an argument is neither a known map nor
 * a partly filtered one (null arguments are skipped, as Terraform skips them), or where none is partly
 * filtered.
 */
export function partialMerge(args: readonly TfValue[]): PartialMap | undefined {
  const partial = firstPartial(args);
  if (!(partial instanceof PartialMap)) return undefined;
  const merged = new Map<string, { value: TfValue; certain: boolean }>();
  for (const arg of args) {
    if (arg === null) continue;
    let entries: readonly PartialEntry[];
    if (arg instanceof PartialMap) entries = arg.entries;
    else if (isObject(arg)) entries = Object.keys(arg).map((key) => ({ key, value: arg[key] ?? null, certain: true }));
    else return undefined;
    for (const entry of entries) {
      const before = merged.get(entry.key);
      // A later entry that may be missing leaves the earlier value in the plans without it.
      const value = before === undefined || entry.certain ? entry.value : eitherValue(before.value, entry.value, partial.reason, 0);
      merged.set(entry.key, { value, certain: entry.certain || before?.certain === true });
    }
  }
  const entries = [...merged].map(([key, { value, certain }]) => ({ key, value, certain }));
  entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return new PartialMap(partial.reason, entries);
}

/** The most nested objects and lists `eitherValue` compares (deeper ones are unknown here). */
const MAX_EITHER_DEPTH = 8;

/**
 * A value that is `a` in some plans and `b` in the others: where they are alike it is that value;
 * objects with the same attributes and lists of the same length are compared part by part (an
 * attribute or element that differs is unknown); two strings are unknown but one of them; anything
 * else is unknown. Marked (sensitive) values are never compared: the result would tell which was taken.
 */
function eitherValue(a: TfValue, b: TfValue, reason: string, depth: number): TfValue {
  if (a === b && !(a instanceof Unknown)) return a;
  if (typeof a === 'string' && typeof b === 'string') return new Unknown(reason, undefined, knownPartsOfOneOf([a, b]));
  if (depth >= MAX_EITHER_DEPTH || isLazy(a) || isLazy(b)) return new Unknown(reason);
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length || !keys.every((key) => Object.hasOwn(b, key))) return new Unknown(reason);
    return objectFrom(keys.map((key) => [key, eitherValue(a[key] ?? null, b[key] ?? null, reason, depth + 1)]));
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    const list: readonly TfValue[] = a;
    const other: readonly TfValue[] = b;
    return list.map((item, index) => eitherValue(item, other[index] ?? null, reason, depth + 1));
  }
  return new Unknown(reason);
}

type PartialItem = PartialTuple['items'][number];

/**
 * `concat` of lists some of which are partly filtered
 * (https://developer.hashicorp.com/terraform/language/functions/concat): the elements of each, in order.
 * Undefined where an argument is neither a known list nor a partly filtered tuple, or none is partly filtered.
 */
export function partialConcat(args: readonly TfValue[]): PartialTuple | undefined {
  const partial = firstPartial(args);
  if (!(partial instanceof PartialTuple)) return undefined;
  const items: PartialItem[] = [];
  for (const arg of args) {
    if (arg instanceof PartialTuple) items.push(...arg.items);
    else if (Array.isArray(arg)) items.push(...(arg as readonly TfValue[]).map((value) => ({ value, certain: true })));
    else return undefined;
  }
  return new PartialTuple(partial.reason, items);
}

/** The most nested lists `partialFlatten` goes into (Terraform's flatten has no limit; deeper ones are unknown here). */
const MAX_FLATTEN_DEPTH = 8;

/**
 * `flatten` of a list holding partly filtered tuples
 * (https://developer.hashicorp.com/terraform/language/functions/flatten): every element that is not a
 * list, in order, each certain where every tuple it came through certainly held it. Undefined where none
 * is partly filtered, or where an element is unknown or a set (its elements' order would matter here).
 */
export function partialFlatten(list: TfValue): PartialTuple | undefined {
  let reason: string | undefined;
  const items: PartialItem[] = [];
  const walk = (value: TfValue, certain: boolean, depth: number): boolean => {
    if (depth > MAX_FLATTEN_DEPTH) return false;
    if (value instanceof PartialTuple) {
      reason ??= value.reason;
      return value.items.every((item) => walk(item.value, certain && item.certain, depth + 1));
    }
    if (Array.isArray(value)) return (value as readonly TfValue[]).every((item) => walk(item, certain, depth + 1));
    if (value instanceof Unknown || value instanceof TfSet) return false;
    items.push({ value, certain });
    return true;
  };
  if (!Array.isArray(list) || !walk(list, true, 0) || reason === undefined) return undefined;
  return new PartialTuple(reason, items);
}
