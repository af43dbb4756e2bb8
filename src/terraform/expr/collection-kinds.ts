/**
 * Whether a collection value is a tuple or object, or a list or map. Values carry no static type
 * (`value.ts`), but Terraform's `==` compares types before elements: a `list(string)` is never equal
 * to the tuple `[]`, nor a `map(string)` to the object `{}`
 * (https://developer.hashicorp.com/terraform/language/expressions/operators#equality-operators;
 * `var.users == []` is false even when the list is empty). So the collections whose kind is certain
 * are remembered: what a tuple or object constructor, a `for` expression or the JSON syntax builds
 * (tuples and objects), and what a conversion to a type constraint makes (a declared variable type,
 * `tolist`, `tomap`). Any other collection (a function's result, a resource attribute) is of a kind
 * credlint does not know.
 */
import { isObject, Sensitive, Unknown, type TfValue } from './value.js';

type Kind = 'tuple-or-object' | 'list-or-map';

const kinds = new WeakMap<object, Kind>();

function remember(value: TfValue, kind: Kind): TfValue {
  const plain = value instanceof Sensitive ? value.value : value;
  if (Array.isArray(plain) || isObject(plain)) kinds.set(plain, kind);
  return value;
}

/** `value`, remembered as a tuple or object when it is a collection. */
export function asTupleOrObject(value: TfValue): TfValue {
  return remember(value, 'tuple-or-object');
}

/** `value`, remembered as a list or map when it is a collection. */
export function asListOrMap(value: TfValue): TfValue {
  return remember(value, 'list-or-map');
}

function kindOf(value: TfValue): Kind | undefined {
  return Array.isArray(value) || isObject(value) ? kinds.get(value) : undefined;
}

/** Whether `value` (marked or not) is known to be a tuple or object, or a list or map; undefined when not known. */
export function collectionKind(value: TfValue): Kind | undefined {
  return kindOf(value instanceof Sensitive ? value.value : value);
}

export const SAME_ELEMENTS = '"==" of two collections with the same elements depends on their types (a list(string) is never equal to [])';

/**
 * `==` of two arrays or two objects whose elements compared `equal`: a tuple or object never equals a
 * list or map; two of one kind are equal (two empty lists or maps only when their element types are,
 * which an empty value does not show); a collection of unknown kind leaves it unknown.
 */
export function equalCollections(left: TfValue, right: TfValue, equal: boolean | Unknown): boolean | Unknown {
  if (equal !== true) return equal;
  const leftKind = kindOf(left);
  const rightKind = kindOf(right);
  if (leftKind === undefined || rightKind === undefined) return new Unknown(SAME_ELEMENTS);
  if (leftKind !== rightKind) return false;
  const empty = Array.isArray(left) ? left.length === 0 : Object.keys(left as object).length === 0;
  return leftKind === 'list-or-map' && empty ? new Unknown(SAME_ELEMENTS) : true;
}
