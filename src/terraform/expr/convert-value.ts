/**
 * Terraform's (cty's) conversions and comparisons as the operators use them
 * (https://developer.hashicorp.com/terraform/language/expressions/types#type-conversion).
 */
import { primitiveToBool, primitiveToNumber, primitiveToString, quoted, aTypeName } from './convert.js';
import { SAME_ELEMENTS, equalCollections } from './collection-kinds.js';
import { isExactDecimal } from './exact-number.js';
import { EvaluationError, Sensitive, TfSet, Unknown, isEvaluationError, isObject, isUnknown, type TfValue } from './value.js';

export function fail(reason: string): EvaluationError {
  return new EvaluationError(reason);
}

/**
 * The unknown that decides a result computed from `values`: the first failure if any (a failed
 * evaluation fails the whole expression), otherwise the first unknown, keeping its reason and
 * resource address.
 */
export function firstUnknown(values: readonly TfValue[]): Unknown | undefined {
  let unknown: Unknown | undefined;
  for (const value of values) {
    if (isEvaluationError(value)) return value;
    if (unknown === undefined && isUnknown(value)) unknown = value;
  }
  return unknown;
}

/** The first unknown anywhere inside a value (failures first), or undefined when wholly known. */
export function deepUnknown(value: TfValue): Unknown | undefined {
  if (isUnknown(value)) return value;
  const children = childValues(value);
  if (children.length === 0) return undefined;
  let unknown: Unknown | undefined;
  for (const child of children) {
    const inner = deepUnknown(child);
    if (inner !== undefined && isEvaluationError(inner)) return inner;
    if (unknown === undefined) unknown = inner;
  }
  return unknown;
}

function childValues(value: TfValue): readonly TfValue[] {
  if (Array.isArray(value)) return value as readonly TfValue[];
  if (value instanceof TfSet) return value.items;
  if (value instanceof Sensitive) return [value.value];
  if (isObject(value)) return Object.values(value);
  return [];
}

/** A number operand: numbers as they are, strings that spell a number converted (`"2" + 1` is 3). */
export function toNumber(value: TfValue, role: string): number | Unknown {
  if (isUnknown(value)) return value;
  const number = primitiveToNumber(value);
  if (number !== undefined && typeof value === 'string') return numberOfText(value, number);
  return number ?? fail(`${role} ${mismatch(value, 'number')}`);
}

/**
 * The number a string converts to, where the double read from it is Terraform's number: a string
 * of more digits (`"12345678901234567891"` from `-var` or a tfvars file) is unknown (`exact-number.ts`).
 */
export function numberOfText(text: string, number: number): number | Unknown {
  // The text itself is not quoted: it may be a sensitive value's.
  return isExactDecimal(text, number)
    ? number
    : new Unknown("a number read from a string with more digits than credlint's numbers keep (Terraform's are exact to 512 bits)");
}

/** A bool operand: bools as they are, the strings "true" and "false" (and "1" and "0") converted. */
export function toBool(value: TfValue, role: string): boolean | Unknown {
  if (isUnknown(value)) return value;
  return primitiveToBool(value) ?? fail(`${role} ${mismatch(value, 'bool')}`);
}

/** The string a value becomes inside a template or as an object key; collections and null refuse. */
export function toTemplateString(value: TfValue, role: string): string | Unknown {
  if (isUnknown(value)) return value;
  if (value === null) return fail(`${role} is null; a null value cannot be included in a string`);
  return primitiveToString(value) ?? fail(`${role} is ${aTypeName(value)}; a string is required`);
}

function mismatch(value: TfValue, required: string): string {
  if (value === null) return `is null; a ${required} is required`;
  return `must be a ${required}, but it is ${typeof value === 'string' ? `the string ${quoted(value)}` : aTypeName(value)}`;
}

/**
 * `==`: no implicit conversion (`1 == "1"` is false). Known differences decide even when other parts
 * are unknown; otherwise an unknown part makes the answer unknown. Two collections of the same
 * elements are equal only when their types are too (a `list(string)` variable is never equal to `[]`,
 * `collection-kinds.ts`): decided where both collections' kinds are known, unknown elsewhere.
 */
export function valuesEqual(left: TfValue, right: TfValue): boolean | Unknown {
  const unknown = firstUnknown([left, right]);
  if (unknown !== undefined) return unknown;
  if (left === null || right === null) return left === right;
  if (typeof left !== 'object' || typeof right !== 'object') return left === right;
  if (Array.isArray(left) || Array.isArray(right)) {
    if (!Array.isArray(left) || !Array.isArray(right) || left.length !== right.length) return false;
    return equalCollections(left, right, allEqual((left as readonly TfValue[]).map((item, i) => valuesEqual(item, (right as readonly TfValue[])[i] ?? null))));
  }
  if (left instanceof TfSet || right instanceof TfSet) {
    if (!(left instanceof TfSet) || !(right instanceof TfSet) || left.items.length !== right.items.length) return false;
    // Equal elements give equal element types, except that two empty sets show none.
    if (left.items.length === 0) return new Unknown(SAME_ELEMENTS);
    return allEqual(left.items.map((item) => anyEqual(right.items.map((other) => valuesEqual(item, other)))));
  }
  const leftKeys = Object.keys(left).sort();
  const rightKeys = Object.keys(right).sort();
  if (leftKeys.length !== rightKeys.length || leftKeys.some((key, i) => key !== rightKeys[i])) return false;
  const leftObject = left as Readonly<Record<string, TfValue>>;
  const rightObject = right as Readonly<Record<string, TfValue>>;
  return equalCollections(left, right, allEqual(leftKeys.map((key) => valuesEqual(leftObject[key] ?? null, rightObject[key] ?? null))));
}

function allEqual(results: readonly (boolean | Unknown)[]): boolean | Unknown {
  if (results.includes(false)) return false;
  return firstUnknown(results) ?? true;
}

function anyEqual(results: readonly (boolean | Unknown)[]): boolean | Unknown {
  if (results.includes(true)) return true;
  return firstUnknown(results) ?? false;
}

/** An object from entries, safe for any key (a `__proto__` key stays an ordinary key). */
export function objectFrom(entries: Iterable<readonly [string, TfValue]>): { readonly [key: string]: TfValue } {
  return Object.fromEntries<TfValue>(entries);
}
