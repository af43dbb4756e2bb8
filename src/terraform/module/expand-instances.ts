/**
 * `count` and `for_each` as Terraform expands them
 * (https://developer.hashicorp.com/terraform/language/meta-arguments/count,
 * https://developer.hashicorp.com/terraform/language/meta-arguments/for_each): a whole number of
 * instances keyed `[0]`, `[1]`...; a map (keyed by its keys, in lexical order) or a set of strings
 * (`each.key == each.value`); and OpenTofu's `lifecycle { enabled }`
 * (https://opentofu.org/docs/language/meta-arguments/enabled): one instance without a key, or none.
 * Anything else is an error in Terraform, and an unknown here: credlint never guesses how many
 * instances exist.
 */
import type { EvalBudget } from '../expr/eval-budget.js';
import { aTypeName, primitiveToNumber } from '../expr/convert.js';
import { toBool } from '../expr/convert-value.js';
import { PartialMap, PartialSet } from '../expr/partial-collection.js';
import { TfSet, awaitsVariables, isObject, isSensitive, isUnknown, unmark, type TfValue } from '../expr/value.js';

export interface InstanceContext {
  readonly each?: { readonly key: TfValue; readonly value: TfValue };
  readonly countIndex?: TfValue;
  /** Values of references that hold wherever the instance exists (`count-assumptions.ts`). */
  readonly assumed?: ReadonlyMap<string, TfValue>;
}

export interface ExpandedInstance {
  /** `[0]`, `["ana"]`, or `''` for a block without count/for_each. */
  readonly keySuffix: string;
  readonly context: InstanceContext;
}

export type Expansion =
  | { readonly kind: 'single' }
  /** `lifecycle { enabled = false }`: no instance, and the block's value is null. */
  | { readonly kind: 'disabled' }
  | { readonly kind: 'count'; readonly instances: readonly ExpandedInstance[] }
  | {
      readonly kind: 'for_each';
      readonly instances: readonly ExpandedInstance[];
      readonly keys: readonly string[];
    }
  | {
      readonly kind: 'unknown';
      readonly reason: string;
      /**
       * The `count` is unknown only because it waits for root variables that nothing sets
       * (`unsetVariable`): it turns out to be some value of theirs, never a failure of the plan.
       */
      readonly awaitsVariables?: true;
      /**
       * A `for_each` map built by a `for` whose `if` is unknown for some elements (`partial-collection.ts`):
       * every instance it may have, each certain (in every plan) or not. Only where the block's own
       * expansion asks for it (`expandBlock`'s `partial`); everything else reads the block as unknown.
       */
      readonly partial?: readonly PartialInstance[];
    };

export interface PartialInstance extends ExpandedInstance {
  readonly certain: boolean;
}

/** How Terraform writes an instance key in an address: `[0]`, `["ana"]`. */
export function instanceKeySuffix(key: string | number): string {
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * What a `count` value was, for a reason: its type (a number saying what keeps it from being a count),
 * never the value itself, which may come from a `sensitive` variable, `TF_VAR_` or `--var` and must
 * not appear in output. `for_each` reasons name the type alone (`aTypeName`), for the same reason.
 */
function describeCount(value: TfValue): string {
  if (typeof value !== 'number') return aTypeName(value);
  if (Number.isNaN(value)) return 'a value that is not a number';
  if (value < 0) return 'a negative number';
  if (value >= COUNT_END) return 'a number too large (Terraform takes at most 9223372036854775807)';
  return 'a fractional number';
}

/**
 * Terraform converts a count to a Go `int` (cty's `gocty` conversion) and refuses a number outside its
 * 64-bit range: `terraform plan` of `count = 1e999` or `1e19` fails with "value must be a whole number,
 * between -9223372036854775808 and 9223372036854775807". A double this large is whole (or, past 1.8e308,
 * an infinity); either way Terraform creates no instance, and no budget applies.
 */
const COUNT_END = 2 ** 63;

/** Refuses more instances than the block budget allows, before any is built. */
function overBlockLimit(count: number, meta: string, budget: EvalBudget): Expansion | undefined {
  if (count <= budget.limits.instancesPerBlock) return undefined;
  const unknown = budget.trip('instancesPerBlock', `${meta} asks for more than ${budget.limits.instancesPerBlock} instances`);
  return { kind: 'unknown', reason: unknown.reason };
}

/**
 * A `count` value or list index as Terraform reads it: a string converts to a number as everywhere else
 * (cty's string-to-number conversion, as `tonumber`), so "2", "2.0", "+2" and "1e1" are numbers and " 2"
 * is not; anything else is returned as it is.
 */
export function stringAsNumber(value: TfValue): TfValue {
  return typeof value === 'string' ? (primitiveToNumber(value) ?? value) : value;
}

/**
 * A sensitive `count` is used as its number: an instance index says no more than how many
 * instances there are, which the findings tell anyway.
 */
export function expandCount(marked: TfValue, budget: EvalBudget): Expansion {
  const value = unmark(marked);
  if (isUnknown(value)) return { kind: 'unknown', reason: `count is unknown: ${value.reason}`, ...(awaitsVariables(value) ? { awaitsVariables: true } : {}) };
  const n = stringAsNumber(value);
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n >= COUNT_END) {
    return { kind: 'unknown', reason: `count must be a whole number, got ${describeCount(n)}` };
  }
  // Checked before anything is allocated: `count = 1e10` must not reach Array.from (a RangeError).
  const over = overBlockLimit(n, 'count', budget);
  if (over !== undefined) return over;
  const instances = Array.from({ length: n }, (_, index) => ({ keySuffix: instanceKeySuffix(index), context: { countIndex: index } }));
  return { kind: 'count', instances };
}

/**
 * Terraform refuses a `for_each` derived from a sensitive value (a marked map or set, or a set holding a
 * marked element), because its keys would appear in instance addresses: "Sensitive values, or values
 * derived from sensitive values, cannot be used as for_each arguments"
 * (https://developer.hashicorp.com/terraform/language/meta-arguments/for_each#limitations-on-values-used-in-for_each).
 * No instance is created, so none is modelled: the block is undecided (README, "Rules"). A map whose
 * values alone are sensitive is accepted, and so is `nonsensitive(...)`.
 */
export function expandForEach(marked: TfValue, budget: EvalBudget, partial = false): Expansion {
  const sensitive = 'for_each is derived from a sensitive value, which Terraform refuses (its keys would appear in instance addresses)';
  if (isSensitive(marked)) return { kind: 'unknown', reason: sensitive };
  const value = unmark(marked);
  if (partial && (value instanceof PartialMap || value instanceof PartialSet)) return partialExpansion(value, budget);
  if (isUnknown(value)) return { kind: 'unknown', reason: `for_each is unknown: ${value.reason}` };
  const entries: [string, TfValue][] = [];
  const size = value instanceof TfSet ? value.items.length : isObject(value) ? Object.keys(value).length : 0;
  const over = overBlockLimit(size, 'for_each', budget);
  if (over !== undefined) return over;
  if (value instanceof TfSet) {
    // A marked element marks the whole set, as in cty.
    if (value.items.some((item) => isSensitive(item))) return { kind: 'unknown', reason: sensitive };
    for (const item of value.items) {
      if (isUnknown(item)) return { kind: 'unknown', reason: `for_each is unknown: ${item.reason}` };
      if (typeof item !== 'string') return { kind: 'unknown', reason: `for_each must be a map or a set of strings; it is a set holding ${aTypeName(item)}` };
      entries.push([item, item]);
    }
  } else if (isObject(value)) {
    for (const key of Object.keys(value)) entries.push([key, value[key] ?? null]);
  } else {
    return { kind: 'unknown', reason: `for_each must be a map or a set of strings; it is ${aTypeName(value)}` };
  }
  entries.sort(([a], [b]) => compareKeys(a, b));
  return {
    kind: 'for_each',
    keys: entries.map(([key]) => key),
    instances: entries.map(([key, each]) => ({ keySuffix: instanceKeySuffix(key), context: { each: { key, value: each } } })),
  };
}

/**
 * Terraform refuses the map until every condition is known ("Invalid for_each argument"); in every plan
 * that can be made the conditions are known, and the map holds its certain entries and those of the
 * others whose condition turns out true.
 */
function partialExpansion(value: PartialMap | PartialSet, budget: EvalBudget): Expansion {
  const reason = `for_each is unknown: ${value.reason}`;
  // A set's element is its instance's key and value.
  const entries = value instanceof PartialMap ? value.entries : value.elements.map((element) => ({ key: element.value, ...element }));
  const over = overBlockLimit(entries.length, 'for_each', budget);
  if (over !== undefined) return over;
  const partial = entries.map(({ key, value: each, certain }) => ({
    keySuffix: instanceKeySuffix(key),
    context: { each: { key, value: each } },
    certain,
  }));
  return { kind: 'unknown', reason, partial };
}

/**
 * The `enabled` argument of a block's `lifecycle` block, as written (HCL gives a list of blocks,
 * Terraform JSON an object or a list of them), or undefined when there is none.
 */
export function writtenEnabled(body: { readonly [key: string]: unknown }): unknown {
  const lifecycle = body['lifecycle'];
  for (const block of Array.isArray(lifecycle) ? (lifecycle as unknown[]) : [lifecycle]) {
    if (typeof block === 'object' && block !== null && Object.hasOwn(block, 'enabled')) return (block as Record<string, unknown>)['enabled'];
  }
  return undefined;
}

/**
 * Whether OpenTofu's `enabled` alone switches the block (no `count` or `for_each` beside it, which
 * OpenTofu refuses): one instance without a key, or none.
 */
export function switchedByEnabledAlone(body: { readonly [key: string]: unknown }): boolean {
  return writtenEnabled(body) !== undefined && !Object.hasOwn(body, 'count') && !Object.hasOwn(body, 'for_each');
}

/** OpenTofu's `enabled`: a bool (or a string that converts to one); true is the block's one instance. */
export function expandEnabled(marked: TfValue): Expansion {
  const value = toBool(unmark(marked), 'lifecycle.enabled');
  if (isUnknown(value)) return { kind: 'unknown', reason: `lifecycle.enabled is unknown: ${value.reason}` };
  return value ? { kind: 'single' } : { kind: 'disabled' };
}

/**
 * The expansion of a resource or module block, given a way to evaluate its meta-arguments as written.
 * OpenTofu refuses `enabled` beside `count` or `for_each`.
 */
export function expandBlock(
  body: { readonly [key: string]: unknown },
  evaluateMeta: (name: 'count' | 'for_each' | 'enabled', written: unknown) => TfValue,
  budget: EvalBudget,
  partial = false,
): Expansion {
  const enabled = writtenEnabled(body);
  const repeated = Object.hasOwn(body, 'for_each') || Object.hasOwn(body, 'count');
  if (enabled !== undefined && repeated) return { kind: 'unknown', reason: 'lifecycle.enabled cannot be used together with count or for_each' };
  if (Object.hasOwn(body, 'for_each')) return expandForEach(evaluateMeta('for_each', body['for_each']), budget, partial);
  if (Object.hasOwn(body, 'count')) return expandCount(evaluateMeta('count', body['count']), budget);
  if (enabled !== undefined) return expandEnabled(evaluateMeta('enabled', enabled));
  return { kind: 'single' };
}

export function expansionInstances(expansion: Expansion): readonly ExpandedInstance[] {
  if (expansion.kind === 'single') return [{ keySuffix: '', context: {} }];
  if (expansion.kind === 'unknown' || expansion.kind === 'disabled') return [];
  return expansion.instances;
}

/**
 * The instance a known index or key would select in a block whose `count`/`for_each` is unknown, if
 * that instance can exist at all: for `count`, a whole number (or a string that converts to one, as Terraform
 * converts a list index) below `countBound` where that is known; for `for_each`, a string, whose
 * `each.value` is `eachValue(key)`. `byPosition` asks for the instance at a position of the block's list of
 * instances (`aws_iam_user.this.*.name[0]`), which only a `count` block has.
 */
export function indexedInstance(
  body: { readonly [key: string]: unknown },
  key: TfValue | undefined,
  byPosition: boolean,
  countBound: number | undefined,
  eachValue: (key: string) => TfValue,
): ExpandedInstance | undefined {
  // No key: the one instance of a block `lifecycle { enabled }` alone switches.
  if (key === undefined) return switchedByEnabledAlone(body) ? { keySuffix: '', context: {} } : undefined;
  if (Object.hasOwn(body, 'for_each')) {
    if (byPosition || typeof key !== 'string') return undefined;
    return { keySuffix: instanceKeySuffix(key), context: { each: { key, value: eachValue(key) } } };
  }
  if (!Object.hasOwn(body, 'count')) return undefined;
  const index = stringAsNumber(key);
  if (typeof index !== 'number' || !Number.isSafeInteger(index) || index < 0) return undefined;
  // `count = var.create ? 1 : 0` never makes `[1]`: reading it always fails, so nothing is assumed.
  if (countBound !== undefined && index >= countBound) return undefined;
  return { keySuffix: instanceKeySuffix(index), context: { countIndex: index } };
}
