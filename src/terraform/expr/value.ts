import type { KnownParts } from '../../core/known-parts.js';
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
    /** What is known of a string value (a template's literal text around unknown parts), `core/known-parts.ts`. */
    readonly known?: KnownParts,
  ) {}
}

/** A Terraform set: unordered, no duplicates. `items` are kept in Terraform's iteration order. */
export class TfSet {
  constructor(readonly items: readonly TfValue[]) {}
}

export interface TfObject {
  readonly [key: string]: TfValue;
}

export type TfValue = null | boolean | number | string | readonly TfValue[] | TfSet | TfObject | Unknown | Sensitive;

export function isUnknown(value: TfValue): value is Unknown {
  return value instanceof Unknown;
}

export function isObject(value: TfValue): value is TfObject {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof TfSet) &&
    !(value instanceof Unknown) &&
    !(value instanceof Sensitive)
  );
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

/**
 * A failure in an argument of a module call, its reason prefixed with that call and argument
 * (`module.main, argument public_key: file(): ...`), where Terraform reports it: the blocks of the
 * module only read the variable, far from the failing expression. Said once, at the innermost call
 * (an argument passing on a failed variable keeps the reason it has). Still a failure to `try` and `can`.
 */
export class ArgumentError extends EvaluationError {}

/**
 * A reference to a variable, local, resource, data source or module call the module does not declare:
 * Terraform refuses it while it validates the configuration, before evaluating anything ("Reference to
 * undeclared local value" and the like), so `try` and `can` do not catch it.
 */
export class UndeclaredReference extends EvaluationError {}

/** Unknowns made by `unsetVariable`. */
const UNSET = new WeakSet<Unknown>();

/**
 * The value of a root module variable that nothing sets (no default, no variables file, `-var` or
 * `TF_VAR_`): a value still to come when the plan runs, any value of its type, never a failure.
 * Operators and functions that pass an unknown operand on give this object itself, so a `count`
 * switched by it (`var.pgp_key != "" ? 1 : 0`) is known to wait for such values alone (`awaitsVariables`).
 */
export function unsetVariable(reason: string, known?: KnownParts): Unknown {
  const value = new Unknown(reason, undefined, known);
  UNSET.add(value);
  return value;
}

/** Whether `value` is the value of a root variable that nothing sets (`unsetVariable`). */
export function awaitsVariables(value: TfValue): boolean {
  return value instanceof Unknown && UNSET.has(value);
}

export function isEvaluationError(value: TfValue): value is EvaluationError {
  return value instanceof EvaluationError;
}

/**
 * A value marked sensitive, as Terraform marks it (cty's marks): the value of a variable or module
 * output declared `sensitive = true`, the result of `sensitive(x)`, and everything computed from one
 * (https://developer.hashicorp.com/terraform/language/values/variables#suppressing-values-in-cli-output,
 * https://developer.hashicorp.com/terraform/language/functions/sensitive). It is evaluated and compared
 * as the value it holds (so keys still link to their users by name), but never shown: the model
 * renders it as `(sensitive value)`. Only known values are wrapped, never another mark or an unknown
 * (an unknown's reason never quotes a value), and the mark sits on the outermost value it applies to:
 * an element of a plain list may be marked, the list itself is not.
 */
export class Sensitive {
  constructor(readonly value: Exclude<TfValue, Sensitive | Unknown>) {}
}

/**
 * Whether any mark was ever made in this process. Until one is, no value can hold a mark and every
 * unmarking below returns at once: configurations without sensitive values pay nothing for them.
 */
let marksMade = false;

export function isSensitive(value: TfValue | undefined): value is Sensitive {
  return value instanceof Sensitive;
}

/** `value` marked sensitive (a mark on a mark, or on an unknown, changes nothing). */
export function markSensitive(value: TfValue): TfValue {
  if (value instanceof Sensitive || value instanceof Unknown) return value;
  marksMade = true;
  return new Sensitive(value);
}

/** `value` marked when `marked`, else as it is: a result computed from marked operands. */
export function markedIf(value: TfValue, marked: boolean): TfValue {
  return marked ? markSensitive(value) : value;
}

/** The value under a mark on `value` itself (marks on elements stay). */
export function unmark(value: TfValue): Exclude<TfValue, Sensitive> {
  return value instanceof Sensitive ? value.value : value;
}

/**
 * A failure computed from marked values (`var.secret + 1`, a failed conversion) may quote one in
 * its reason: then only what failed is kept. An unknown passed through from one of `inputs` (`var.x
 * has no value`) or linked to a resource keeps its reason, which names no value.
 */
export function concealFailure(result: TfValue, marked: boolean, inputs: readonly TfValue[], what: string): TfValue {
  if (!marked || !(result instanceof Unknown) || result.resourceAddress !== undefined || inputs.includes(result)) return result;
  const reason = `${what} cannot be computed from a sensitive value`;
  return result instanceof EvaluationError ? new EvaluationError(reason) : new Unknown(reason);
}

/** Objects whose attributes are computed on first read (module outputs, resource instances). */
const LAZY = new WeakSet<object>();

export function noteLazy(value: object): void {
  LAZY.add(value);
}

/** Whether `value` is such an object: reading its type would compute every attribute. */
export function isLazy(value: TfValue): boolean {
  return typeof value === 'object' && value !== null && LAZY.has(value);
}

/** Collections known to hold a mark somewhere (collections never change once built). */
const HOLDS_MARK = new WeakMap<object, boolean>();

/** Whether `value` or anything inside it is marked. */
export function holdsMark(value: TfValue): boolean {
  if (!marksMade || value === null || typeof value !== 'object' || value instanceof Unknown) return false;
  if (value instanceof Sensitive) return true;
  const cached = HOLDS_MARK.get(value);
  if (cached !== undefined) return cached;
  HOLDS_MARK.set(value, false);
  const items: readonly TfValue[] = Array.isArray(value) ? (value as readonly TfValue[]) : value instanceof TfSet ? value.items : Object.values(value);
  const found = items.some(holdsMark);
  HOLDS_MARK.set(value, found);
  return found;
}

/**
 * `value` with every mark inside it removed (cty's `UnmarkDeep`), and whether there was any: a
 * built-in function or an operator computes on the plain value and marks its whole result.
 */
export function unmarkDeep(value: TfValue): { readonly value: TfValue; readonly marked: boolean } {
  if (!holdsMark(value)) return { value, marked: false };
  return { value: stripMarks(value), marked: true };
}

function stripMarks(value: TfValue): TfValue {
  if (value instanceof Sensitive) return stripMarks(value.value);
  if (!holdsMark(value)) return value;
  if (Array.isArray(value)) return (value as readonly TfValue[]).map(stripMarks);
  if (value instanceof TfSet) return new TfSet(value.items.map(stripMarks));
  // A lazy object (a resource instance answers any attribute the provider computes) is kept, read
  // through a view that strips marks from what it gives.
  if (LAZY.has(value as object)) return unmarkedView(value as TfObject);
  const object = value as TfObject;
  return Object.fromEntries<TfValue>(Object.keys(object).map((key) => [key, stripMarks(object[key] ?? null)]));
}

function unmarkedView(object: TfObject): TfObject {
  const view = new Proxy(object, {
    get: (target, name, receiver) => {
      const item: unknown = Reflect.get(target, name, receiver);
      return typeof name === 'string' && item !== null && typeof item === 'object' ? stripMarks(item as TfValue) : item;
    },
  });
  noteLazy(view);
  return view;
}

/** Every value in `values` without marks, and whether any held one. */
export function unmarkAll(values: readonly TfValue[]): { readonly values: readonly TfValue[]; readonly marked: boolean } {
  if (!marksMade) return { values, marked: false };
  let marked = false;
  const plain = values.map((value) => {
    const result = unmarkDeep(value);
    marked ||= result.marked;
    return result.value;
  });
  return { values: plain, marked };
}
