/**
 * Values of Terraform's type system as the evaluator sees them. Terraform's collection kinds are kept
 * apart where they change behaviour: a set (from `toset`) iterates in Terraform's order and gives
 * `each.key == each.value` under `for_each`; lists and tuples are JS arrays; maps and objects are plain
 * objects. Unknown values are first-class (three-valued logic): anything computed from an unknown is
 * unknown, and the reason says which value was unknown.
 */

/** A value that cannot be known before apply, or that credlint cannot evaluate. */
export class Unknown {
  constructor(
    /** Which value was unknown, for messages: `var.user_name has no value`, `function foo is not supported`. */
    readonly reason: string,
    /**
     * When the unknown value is an attribute of a resource instance (`aws_iam_user.x[0].name` whose
     * name is unknown, `.arn`, `.unique_id`), that instance's address. Linking uses it to join a key to
     * its user by reference even when the name itself is unknown.
     */
    readonly resourceAddress?: string,
  ) {}
}

/** A Terraform set: unordered, no duplicates. `items` are kept in Terraform's iteration order. */
export class TfSet {
  constructor(readonly items: readonly TfValue[]) {}
}

export interface TfObject {
  readonly [key: string]: TfValue;
}

export type TfValue = null | boolean | number | string | readonly TfValue[] | TfSet | TfObject | Unknown;

export function isUnknown(value: TfValue): value is Unknown {
  return value instanceof Unknown;
}

export function isObject(value: TfValue): value is TfObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof TfSet) && !(value instanceof Unknown);
}

export function isList(value: TfValue): value is readonly TfValue[] {
  return Array.isArray(value);
}

/**
 * An evaluation that failed (type mismatch, missing attribute, index out of range, function error).
 * It is an Unknown to everything downstream — a failed fact is never treated as known — but `try` and
 * `can` tell it apart: Terraform's `try` falls through on errors, not on unknown values
 * (https://developer.hashicorp.com/terraform/language/functions/try).
 */
export class EvaluationError extends Unknown {}

export function isEvaluationError(value: TfValue): value is EvaluationError {
  return value instanceof EvaluationError;
}
