/**
 * Shared plumbing for the built-in functions: the function table shape, the error that becomes an
 * Unknown with a reason, and argument readers that raise the errors Terraform would raise.
 */
import { primitiveToNumber, primitiveToString, quoted, sequenceItems, aTypeName } from '../convert.js';
import { TfSet, Unknown, isList, isObject, type TfObject, type TfValue } from '../value.js';

/**
 * Float precisions beyond this are refused: Terraform formats with arbitrary precision, doubles cannot.
 * (Widths, indents and combinations are bounded by the value budget, eval-budget.ts.)
 */
export const MAX_PRECISION = 100;

/**
 * An error Terraform itself would raise (`element([], 0)`, a regex that does not match). `callFunction`
 * turns it into an EvaluationError naming the function, so `try` and `can` fall through as in Terraform.
 */
export class FunctionError extends Error {}

/**
 * Something Terraform would evaluate but credlint does not (an RE2 feature without a JavaScript
 * equivalent, absurd padding). `callFunction` turns it into a plain Unknown: not an error, not a guess.
 */
export class LimitError extends Error {}

/**
 * Input that Terraform would evaluate but credlint refuses to, to keep its own stack and memory safe
 * (YAML nested past the depth its parser can take). Unlike a `LimitError` the scan is then incomplete:
 * `callFunction` reports it as it reports a JavaScript `RangeError` (`EvaluationBudget.beyondCapacity`),
 * a `parse-error` where the evaluation was located, so no exit code hides it.
 */
export class CapacityError extends Error {}

export interface FunctionSpec {
  /** Fewest and most arguments accepted (`Infinity` for variadic functions). */
  readonly minArgs: number;
  readonly maxArgs: number;
  /**
   * When false (the default) any unknown inside any argument makes the result that unknown. Functions that
   * know their answer anyway (`length` of a list with unknown elements, `concat`, `merge`, ...) set this
   * and handle unknowns themselves.
   */
  readonly acceptsUnknown?: boolean;
  readonly impl: (args: readonly TfValue[]) => TfValue;
}

export type FunctionTable = Readonly<Record<string, FunctionSpec>>;

export function fixed(count: number, impl: FunctionSpec['impl'], acceptsUnknown = false): FunctionSpec {
  return { minArgs: count, maxArgs: count, impl, acceptsUnknown };
}

export function variadic(minArgs: number, impl: FunctionSpec['impl'], acceptsUnknown = false): FunctionSpec {
  return { minArgs, maxArgs: Infinity, impl, acceptsUnknown };
}

function describe(index: number): string {
  return `argument ${index + 1}`;
}

function notNull(value: TfValue | undefined, index: number): TfValue {
  if (value === undefined) throw new FunctionError(`missing ${describe(index)}`);
  if (value === null) throw new FunctionError(`${describe(index)} must not be null`);
  return value;
}

export function stringArg(args: readonly TfValue[], index: number): string {
  const value = notNull(args[index], index);
  const text = primitiveToString(value);
  if (text === undefined) throw new FunctionError(`${describe(index)} must be a string, not ${aTypeName(value)}`);
  return text;
}

export function numberArg(args: readonly TfValue[], index: number): number {
  const value = notNull(args[index], index);
  const number = primitiveToNumber(value);
  if (number === undefined) throw new FunctionError(`${describe(index)} must be a number, not ${typeof value === 'string' ? quoted(value) : aTypeName(value)}`);
  return number;
}

/** A number argument that must be a whole number (Terraform rejects fractions where it needs an index). */
export function integerArg(args: readonly TfValue[], index: number): number {
  const number = numberArg(args, index);
  if (!Number.isInteger(number)) throw new FunctionError(`${describe(index)} must be a whole number, not ${number}`);
  return number;
}

/** A list, tuple or set argument's elements. */
export function sequenceArg(args: readonly TfValue[], index: number): readonly TfValue[] {
  const value = notNull(args[index], index);
  const items = sequenceItems(value);
  if (items === undefined) throw new FunctionError(`${describe(index)} must be a list or set, not ${aTypeName(value)}`);
  return items;
}

/**
 * A list argument: a list or tuple, or a set, which Terraform converts to a list where a function's
 * parameter is a list (`reverse`, `distinct`, `chunklist` take sets so).
 */
export function listArg(args: readonly TfValue[], index: number): readonly TfValue[] {
  const value = notNull(args[index], index);
  if (value instanceof TfSet) return value.items;
  return listOrTupleArg(args, index);
}

/**
 * A list or tuple argument, never a set: the functions that read elements by position or keep the
 * sequence as it is (`concat`, `element`, `index`, `slice`, `coalescelist`) check the argument's type
 * themselves and refuse a set ("all arguments must be lists or tuples; got set of string").
 */
export function listOrTupleArg(args: readonly TfValue[], index: number): readonly TfValue[] {
  const value = notNull(args[index], index);
  if (value instanceof TfSet) throw new FunctionError(`${describe(index)} must be a list or tuple, not a set`);
  if (!isList(value)) throw new FunctionError(`${describe(index)} must be a list, not ${aTypeName(value)}`);
  return value;
}

export function objectArg(args: readonly TfValue[], index: number): TfObject {
  const value = notNull(args[index], index);
  if (!isObject(value)) throw new FunctionError(`${describe(index)} must be a map or object, not ${aTypeName(value)}`);
  return value;
}

/** A list of strings (numbers and bools convert, as Terraform converts them to `list(string)`). */
export function stringListArg(args: readonly TfValue[], index: number): string[] {
  return sequenceArg(args, index).map((item, position) => {
    const text = item === null ? undefined : primitiveToString(item);
    if (text === undefined) throw new FunctionError(`element ${position} of ${describe(index)} must be a string, not ${aTypeName(item)}`);
    return text;
  });
}

export function isUnknownValue(value: TfValue | undefined): value is Unknown {
  return value instanceof Unknown;
}
