/**
 * Terraform's map and object functions: keys, values, lookup, merge, zipmap, transpose
 * (https://developer.hashicorp.com/terraform/language/functions). Keys are iterated in lexical order,
 * which is how Terraform iterates maps and objects.
 */
import { objectFrom } from '../convert-value.js';
import { primitiveToString, sortedKeys, aTypeName } from '../convert.js';
import { Unknown, type TfValue } from '../value.js';
import { unknownArg } from './collection-functions.js';
import { FunctionError, fixed, listOrTupleArg, objectArg, sequenceArg, stringArg, stringListArg, variadic, type FunctionTable } from './function-support.js';
import { appendAll } from '../../../core/append-all.js';

function keys(args: readonly TfValue[]): TfValue {
  const unknown = unknownArg(args);
  if (unknown !== undefined) return unknown;
  return sortedKeys(objectArg(args, 0));
}

function values(args: readonly TfValue[]): TfValue {
  const unknown = unknownArg(args);
  if (unknown !== undefined) return unknown;
  const object = objectArg(args, 0);
  return sortedKeys(object).map((key) => object[key] as TfValue);
}

function lookup(args: readonly TfValue[]): TfValue {
  const [map = null, key = null] = args;
  if (map instanceof Unknown) return map;
  if (key instanceof Unknown) return key;
  const object = objectArg(args, 0);
  const name = stringArg(args, 1);
  if (Object.hasOwn(object, name)) return object[name] as TfValue;
  if (args.length > 2) return args[2] ?? null;
  throw new FunctionError(`the given key "${name}" is not present in the map`);
}

/** Later arguments win; null arguments are skipped (Terraform allows them). Unknown values stay in place. */
function merge(args: readonly TfValue[]): TfValue {
  const unknown = unknownArg(args);
  if (unknown !== undefined) return unknown;
  const entries: [string, TfValue][] = [];
  for (const [index, value] of args.entries()) {
    if (value === null) continue;
    appendAll(entries, Object.entries(objectArg(args, index)));
  }
  return objectFrom(entries);
}

function zipmap(args: readonly TfValue[]): TfValue {
  const [keyList = null, valueList = null] = args;
  if (keyList instanceof Unknown) return keyList;
  if (valueList instanceof Unknown) return valueList;
  const unknownKey = sequenceArg(args, 0).find((item) => item instanceof Unknown);
  if (unknownKey !== undefined) return unknownKey;
  const names = stringListArg(args, 0);
  // Keys may be a set (read in its order), values not: they pair by position ("values argument must be a list or tuple").
  const items = listOrTupleArg(args, 1);
  if (names.length !== items.length) throw new FunctionError(`number of keys (${names.length}) does not match number of values (${items.length})`);
  return objectFrom(names.map((name, index) => [name, items[index] as TfValue]));
}

function transpose(args: readonly TfValue[]): TfValue {
  const object = objectArg(args, 0);
  const out = new Map<string, string[]>();
  for (const key of sortedKeys(object)) {
    const list = object[key] as TfValue;
    const items = Array.isArray(list) ? (list as readonly TfValue[]) : undefined;
    if (items === undefined) throw new FunctionError(`value of "${key}" must be a list of strings, not ${aTypeName(list)}`);
    for (const item of items) {
      const text = item === null ? undefined : primitiveToString(item);
      if (text === undefined) throw new FunctionError(`elements of "${key}" must be strings`);
      const keysOfText = out.get(text) ?? [];
      keysOfText.push(key);
      out.set(text, keysOfText);
    }
  }
  return objectFrom(out);
}

export const mapFunctions: FunctionTable = {
  keys: fixed(1, keys, true),
  values: fixed(1, values, true),
  lookup: { minArgs: 2, maxArgs: 3, impl: lookup, acceptsUnknown: true },
  merge: variadic(0, merge, true),
  zipmap: fixed(2, zipmap, true),
  transpose: fixed(1, transpose),
};
