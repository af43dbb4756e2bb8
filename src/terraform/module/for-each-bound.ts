/**
 * What is known of the instances of a block whose `for_each` is unknown but written as conditionals
 * whose every result is a known collection: `for_each = var.enabled ? toset(var.users) : []`, or
 * `var.create ? { ci = "ci" } : {}`, a module's usual switch of a block of many instances. Whatever the
 * condition turns out to be, the instances are those of one of the results: Terraform makes one
 * instance per element of a set or key of a map
 * (https://developer.hashicorp.com/terraform/language/meta-arguments/for_each), and the two results
 * of a conditional are converted to one type (a tuple of strings beside a set becomes a set:
 * https://developer.hashicorp.com/terraform/language/expressions/conditionals#result-types). So the
 * block makes at most as many instances as the largest result has elements, and where every result
 * is a set or list of strings (`each.key` and `each.value` are then the element), each instance's
 * key is one of their elements.
 */
import { knownPartsOfOneOf, type KnownParts } from '../../core/known-parts.js';
import { TfSet, isList, isObject } from '../expr/value.js';
import { conditionalResults, type CountModule } from './count-bound.js';

/** Elements of a `for_each` result listed as the values its keys may be, at most (more are not kept). */
const MAX_ELEMENTS = 64;

export interface ForEachBound {
  /** The most instances the block can make. */
  readonly most: number;
  /** What is known of every `each.key` and `each.value`: one of the elements, where every result is a set or list of strings. */
  readonly elements: KnownParts | undefined;
}

/** The bound of a `for_each` (as written) whose value is unknown, where every result of its conditionals is known; else undefined. */
export function forEachBound(written: unknown, module: CountModule): ForEachBound | undefined {
  const results = conditionalResults(written, module);
  if (results === undefined) return undefined;
  let most = 0;
  const strings: string[] = [];
  let elementsKnown = true;
  for (const result of results) {
    const items = result instanceof TfSet ? result.items : isList(result) ? result : undefined;
    if (items !== undefined) {
      // A set or list: one instance per distinct string (a list of anything else fails the plan).
      if (!items.every((item): item is string => typeof item === 'string')) return undefined;
      const distinct = new Set(items);
      most = Math.max(most, distinct.size);
      strings.push(...distinct);
    } else if (isObject(result)) {
      // A map or object: one instance per key; its `each.value` is the key's value, not the key.
      const keys = Object.keys(result);
      most = Math.max(most, keys.length);
      if (keys.length > 0) elementsKnown = false;
    } else {
      // null, a string, a number: Terraform refuses it as for_each; nothing is assumed.
      return undefined;
    }
  }
  const distinct = [...new Set(strings)];
  const elements = elementsKnown && distinct.length > 0 && distinct.length <= MAX_ELEMENTS ? knownPartsOfOneOf(distinct) : undefined;
  return { most, elements };
}
