/**
 * What is known of the instances of a block whose `for_each` is unknown but written as conditionals
 * whose every result is a known collection: `for_each = var.enabled ? toset(var.users) : []`, or
 * `var.create ? { ci = "ci" } : {}`, a module's usual switch of a block of many instances. Whatever the
 * condition turns out to be, the instances are those of one of the results: Terraform makes one
 * instance per element of a set or key of a map
 * (https://developer.hashicorp.com/terraform/language/meta-arguments/for_each), and the two results
 * of a conditional are converted to one type (a tuple of strings beside a set becomes a set:
 * https://developer.hashicorp.com/terraform/language/expressions/conditionals#result-types). So the
 * block makes at most as many instances as the largest result has elements, each instance's key is
 * one of the results' elements (a set or list of strings, where `each.key` and `each.value` are the
 * element) or keys (a map), and its value one of their elements or values.
 */
import { knownPartsOfOneOf, type KnownParts } from '../../core/known-parts.js';
import { TfSet, isList, isObject, type TfValue } from '../expr/value.js';
import { conditionalResults, type CountModule } from './count-bound.js';

/** Elements of a `for_each` result listed as the values its keys may be, at most (more are not kept). */
const MAX_ELEMENTS = 64;

export interface ForEachBound {
  /** The most instances the block can make. */
  readonly most: number;
  /** What is known of every `each.key`: one of the results' elements or keys, where each result's are known. */
  readonly keys: KnownParts | undefined;
  /** What is known of every `each.value`: one of the results' elements or values, where each is a string. */
  readonly values: KnownParts | undefined;
}

/** The bound of a `for_each` (as written) whose value is unknown, where every result of its conditionals is known; else undefined. */
export function forEachBound(written: unknown, module: CountModule): ForEachBound | undefined {
  const results = conditionalResults(written, module);
  if (results === undefined) return undefined;
  let most = 0;
  const keys: string[] = [];
  const values: TfValue[] = [];
  for (const result of results) {
    const items = result instanceof TfSet ? result.items : isList(result) ? result : undefined;
    if (items !== undefined) {
      // A set or list: one instance per distinct string (a list of anything else fails the plan), the string its key and value.
      if (!items.every((item): item is string => typeof item === 'string')) return undefined;
      const distinct = new Set(items);
      most = Math.max(most, distinct.size);
      keys.push(...distinct);
      values.push(...distinct);
    } else if (isObject(result)) {
      // A map or object: one instance per key; its `each.value` is the key's value.
      const names = Object.keys(result);
      most = Math.max(most, names.length);
      keys.push(...names);
      values.push(...names.map((name) => result[name] ?? null));
    } else {
      // null, a string, a number: Terraform refuses it as for_each; nothing is assumed.
      return undefined;
    }
  }
  return { most, keys: oneOfStrings(keys), values: oneOfStrings(values) };
}

/** What is known of a value that is one of `values`, where they are (at most `MAX_ELEMENTS`) strings. */
function oneOfStrings(values: readonly TfValue[]): KnownParts | undefined {
  const distinct = [...new Set(values)];
  if (distinct.length === 0 || distinct.length > MAX_ELEMENTS || !distinct.every((value): value is string => typeof value === 'string')) return undefined;
  return knownPartsOfOneOf(distinct);
}
