/**
 * A map built by a `for` expression whose `if` condition is unknown for some elements
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
