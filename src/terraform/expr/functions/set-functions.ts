/**
 * setunion, setintersection, setsubtract (https://developer.hashicorp.com/terraform/language/functions —
 * "Collection Functions"). Results are sets in Terraform's iteration order.
 */
import { canonicalKey, keySet, makeSet } from '../convert.js';
import { unifyElements } from '../type-constraints.js';
import type { TfSet, TfValue } from '../value.js';
import { FunctionError, sequenceArg, variadic, fixed, type FunctionTable } from './function-support.js';

function setOf(items: readonly TfValue[]): TfSet {
  const unified = unifyElements(items);
  if (typeof unified === 'string') throw new FunctionError(unified);
  return makeSet(unified);
}

function union(args: readonly TfValue[]): TfValue {
  return setOf(args.flatMap((_, index) => sequenceArg(args, index)));
}

function intersection(args: readonly TfValue[]): TfValue {
  const [first = [], ...rest] = args.map((_, index) => sequenceArg(args, index));
  const others = rest.map(keySet);
  return setOf(first.filter((item) => others.every((keys) => keys.has(canonicalKey(item) ?? ''))));
}

function subtract(args: readonly TfValue[]): TfValue {
  const removed = keySet(sequenceArg(args, 1));
  return setOf(sequenceArg(args, 0).filter((item) => !removed.has(canonicalKey(item) ?? '')));
}

export const setFunctions: FunctionTable = {
  setunion: variadic(1, union),
  setintersection: variadic(1, intersection),
  setsubtract: fixed(2, subtract),
};
