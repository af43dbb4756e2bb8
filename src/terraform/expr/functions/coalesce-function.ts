/**
 * coalesce (https://developer.hashicorp.com/terraform/language/functions/coalesce): the first argument
 * that is neither null nor an empty string. Its answer is known as soon as an earlier argument is known
 * and non-empty, even when later arguments are unknown; an unknown before that makes the answer unknown.
 */
import { unifyElements } from '../type-constraints.js';
import { Unknown, type TfValue } from '../value.js';
import { FunctionError, variadic, type FunctionSpec } from './function-support.js';

function coalesce(args: readonly TfValue[]): TfValue {
  const chosen = args.find((value) => value instanceof Unknown || (value !== null && value !== ''));
  if (chosen === undefined) throw new FunctionError('no non-null, non-empty-string arguments');
  if (chosen instanceof Unknown) return chosen;
  const known = args.filter((value) => value !== null && !(value instanceof Unknown));
  // Terraform unifies the argument types first and converts the chosen one: a string among primitives
  // makes numbers and bools strings, a number beside a bool (with no string) or a list beside a map has
  // no common type, and objects of different attributes become maps (coalesce({ k = true }, { a = "x" })
  // is { k = "true" }).
  const unified = unifyElements(known);
  if (typeof unified === 'string') throw new FunctionError('all arguments must have the same type');
  return unified[known.indexOf(chosen)] ?? chosen;
}

export const coalesceFunction: FunctionSpec = variadic(1, coalesce, true);
