/**
 * Type conversion functions (https://developer.hashicorp.com/terraform/language/functions — "Type
 * Conversion Functions"): tostring, tonumber, tobool, tolist, toset, tomap. `sensitive`, `nonsensitive`
 * and `issensitive` act on marks, which the dispatcher (index.ts) handles; they are listed here with
 * their arity.
 */
import { typeName } from '../convert.js';
import { tryConvertToType, type TypeConstraint } from '../type-constraints.js';
import { Unknown, type TfValue } from '../value.js';
import { FunctionError, fixed, type FunctionSpec, type FunctionTable } from './function-support.js';

const ANY: TypeConstraint = { kind: 'any' };

/** Converts with the type-constraint rules, turning a failed conversion into this function's error. */
function converter(name: string, type: TypeConstraint, accepts: (value: TfValue) => boolean, acceptsUnknown: boolean): FunctionSpec {
  return fixed(
    1,
    (args) => {
      const value = args[0] ?? null;
      if (value instanceof Unknown || value === null) return value;
      if (!accepts(value)) throw new FunctionError(`cannot convert ${typeName(value)} to ${name.slice(2)}`);
      const result = tryConvertToType(value, type);
      if (!result.ok) throw new FunctionError(result.message);
      return result.value;
    },
    acceptsUnknown,
  );
}

const isPrimitive = (value: TfValue): boolean => typeof value !== 'object';
const isSequence = (value: TfValue): boolean => typeName(value) === 'list' || typeName(value) === 'set';
const isMap = (value: TfValue): boolean => typeName(value) === 'object';

export const conversionFunctions: FunctionTable = {
  tostring: converter('tostring', { kind: 'string' }, isPrimitive, false),
  tonumber: converter('tonumber', { kind: 'number' }, isPrimitive, false),
  tobool: converter('tobool', { kind: 'bool' }, isPrimitive, false),
  // Lists and maps keep unknown elements in place; a set with an unknown element is itself unknown.
  tolist: converter('tolist', { kind: 'list', element: ANY }, isSequence, true),
  toset: converter('toset', { kind: 'set', element: ANY }, isSequence, true),
  tomap: converter('tomap', { kind: 'map', element: ANY }, isMap, true),
  sensitive: fixed(1, (args) => args[0] ?? null, true),
  nonsensitive: fixed(1, (args) => args[0] ?? null, true),
  issensitive: fixed(1, () => false, true),
};
