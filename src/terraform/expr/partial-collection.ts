/**
 * A map (or tuple) built by a `for` expression whose `if` condition is unknown for some elements
 * (https://developer.hashicorp.com/terraform/language/expressions/for#filtering-elements): Terraform
 * makes the whole map unknown (and refuses it as `for_each` until the condition is known), but every
 * plan that can be made has it known, and then it holds each entry whose condition was true, and
 * each entry whose unknown condition turns out true. The value is unknown to everything that reads
 * it; only the expansion of a `for_each` (`expand-instances.ts`) looks at the entries.
 */
import { Unknown, type TfValue } from './value.js';

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
