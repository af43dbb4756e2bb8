/**
 * coalesce (https://developer.hashicorp.com/terraform/language/functions/coalesce): the first argument
 * that is neither null nor an empty string. Its answer is known as soon as an earlier argument is known
 * and non-empty, even when later arguments are unknown; an unknown before that makes the answer unknown.
 */
import { primitiveToString } from '../convert.js';
import { Unknown, type TfValue } from '../value.js';
import { FunctionError, variadic, type FunctionSpec } from './function-support.js';

function coalesce(args: readonly TfValue[]): TfValue {
  const chosen = args.find((value) => value instanceof Unknown || (value !== null && value !== ''));
  if (chosen === undefined) throw new FunctionError('no non-null, non-empty-string arguments');
  if (chosen instanceof Unknown) return chosen;
  const known = args.filter((value) => value !== null && !(value instanceof Unknown));
  const primitive = (value: TfValue): boolean => typeof value !== 'object';
  if (known.some(primitive) && !known.every(primitive)) throw new FunctionError('all arguments must have the same type');
  // Terraform unifies the argument types first: a string among them makes numbers and bools strings.
  if (typeof chosen !== 'string' && primitive(chosen) && known.some((value) => typeof value === 'string')) return primitiveToString(chosen) ?? chosen;
  return chosen;
}

export const coalesceFunction: FunctionSpec = variadic(1, coalesce, true);
