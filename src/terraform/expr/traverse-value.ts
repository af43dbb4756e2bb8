/**
 * References and traversals: which root object a name like `aws_iam_user.u.name` starts from
 * (https://developer.hashicorp.com/terraform/language/expressions/references), and what `.attr` and
 * `[key]` do to a value (https://developer.hashicorp.com/terraform/language/expressions/types#indices-and-attributes).
 */
import type { Expr, Traversal } from './ast.js';
import { formatNumber, primitiveToNumber, quoted, aTypeName } from './convert.js';
import { fail } from './convert-value.js';
import { knownPartsOfOneOf } from '../../core/known-parts.js';
import { TfSet, Unknown, isEvaluationError, isObject, isUnknown, type TfValue } from './value.js';

export type RootReference =
  | { readonly kind: 'var'; readonly name: string }
  | { readonly kind: 'local'; readonly name: string }
  | { readonly kind: 'module'; readonly name: string }
  | { readonly kind: 'resource'; readonly type: string; readonly name: string }
  | { readonly kind: 'data'; readonly type: string; readonly name: string }
  /** An ephemeral resource (Terraform 1.10): https://developer.hashicorp.com/terraform/language/ephemeral */
  | { readonly kind: 'ephemeral'; readonly type: string; readonly name: string }
  | { readonly kind: 'each' }
  | { readonly kind: 'count' }
  | { readonly kind: 'self' }
  | { readonly kind: 'path'; readonly name: string }
  | { readonly kind: 'terraform'; readonly name: string };

/** A chain `root.a[0].b` taken apart: the root name and its steps, in order. */
export interface Chain {
  readonly root: Expr;
  readonly steps: readonly Traversal[];
}

export function chainOf(expr: Expr): Chain {
  const steps: Traversal[] = [];
  let node = expr;
  while (node.kind === 'traverse') {
    steps.push(node.step);
    node = node.target;
  }
  return { root: node, steps: steps.reverse() };
}

/**
 * A reference as written (`var.tag_prefix`, `each.value.name`, `local.users[0]`, `var.m["a"]`), for
 * messages that name the expression that failed, as Terraform's do; undefined for anything else (a
 * call, an operation, an index that is not a literal).
 */
export function writtenReference(expr: Expr): string | undefined {
  const { root, steps } = chainOf(expr);
  if (root.kind !== 'variable') return undefined;
  let text = root.name;
  for (const step of steps) {
    if (step.kind === 'attr') text += `.${step.name}`;
    else if (step.kind === 'legacy-index') text += `.${String(step.index)}`;
    else if (step.key.kind === 'literal' && (typeof step.key.value === 'string' || typeof step.key.value === 'number'))
      text += `[${JSON.stringify(step.key.value)}]`;
    else return undefined;
  }
  return text;
}

const NAMED_ROOTS: Readonly<Record<string, 'var' | 'local' | 'module' | 'path' | 'terraform'>> = {
  var: 'var',
  local: 'local',
  module: 'module',
  path: 'path',
  terraform: 'terraform',
  // OpenTofu's alias of `terraform` (`tofu.workspace`, `tofu.applying`): https://opentofu.org/docs/language/expressions/references/#filesystem-and-workspace-info
  tofu: 'terraform',
};

/**
 * The root reference a traversal from the global name `name` makes, and how many of `steps` it
 * consumes; a string explains why the reference is invalid (`var` without a name).
 */
export function rootReference(name: string, steps: readonly Traversal[]): { readonly ref: RootReference; readonly consumed: number } | string {
  if (name === 'each' || name === 'count' || name === 'self') return { ref: { kind: name }, consumed: 0 };
  const first = steps[0]?.kind === 'attr' ? steps[0].name : undefined;
  const named = NAMED_ROOTS[name];
  if (named !== undefined) {
    if (first === undefined) return `invalid reference: "${name}" must be followed by an attribute name, as in ${name}.example`;
    return { ref: { kind: named, name: first }, consumed: 1 };
  }
  if (name === 'data' || name === 'ephemeral') {
    const second = steps[1]?.kind === 'attr' ? steps[1].name : undefined;
    if (first === undefined || second === undefined)
      return `invalid reference: ${name === 'data' ? 'a data source' : 'an ephemeral resource'} is referenced as ${name}.<type>.<name>`;
    return { ref: { kind: name, type: first, name: second }, consumed: 2 };
  }
  if (first === undefined) return `invalid reference: a resource is referenced as ${name}.<name>, and a bare "${name}" is not declared`;
  return { ref: { kind: 'resource', type: name, name: first }, consumed: 1 };
}

/** A printable form of a reference, for reasons. */
export function describeReference(ref: RootReference): string {
  switch (ref.kind) {
    case 'each':
    case 'count':
    case 'self':
      return ref.kind;
    case 'resource':
      return `${ref.type}.${ref.name}`;
    case 'data':
    case 'ephemeral':
      return `${ref.kind}.${ref.type}.${ref.name}`;
    default:
      return `${ref.kind}.${ref.name}`;
  }
}

export function getAttribute(value: TfValue, name: string): TfValue {
  if (isUnknown(value)) return value;
  if (isObject(value)) {
    return Object.hasOwn(value, name) ? (value[name] ?? null) : fail(`unsupported attribute: the object has no attribute "${name}"`);
  }
  if (value === null) return fail(`attempt to get attribute "${name}" from a null value`);
  if (Array.isArray(value)) {
    return fail(`cannot access attribute "${name}" on a list of ${value.length}; select an element with [index] or all of them with [*].${name}`);
  }
  return fail(`cannot access attribute "${name}" on ${aTypeName(value)}`);
}

/** Elements of a collection listed as the values an unknown key may select, at most (more are not kept). */
const MAX_SELECTABLE = 64;

/**
 * `value[key]` where only the key is unknown. What is known of the key (`each.key` starts with
 * `team-`, or is an attribute of a resource instance) is not known of the element it selects; but
 * whatever the key turns out to be, the element is one of the collection's (a list's elements, a map's
 * values, of the keys the key may be where it is one of a few), or the index fails the plan ("Invalid
 * index"). So where those are known strings (`var.users[count.index]` in a block whose count is
 * unknown), the element is unknown but one of them.
 */
function selectedByUnknownKey(value: TfValue, key: Unknown): Unknown {
  let elements: readonly TfValue[] | undefined;
  if (Array.isArray(value)) elements = value;
  else if (isObject(value)) {
    const names = key.known?.oneOf;
    elements = names === undefined ? Object.values(value) : names.filter((name) => Object.hasOwn(value, name)).map((name) => value[name] ?? null);
  }
  const strings = elements?.every((element): element is string => typeof element === 'string') === true ? elements : [];
  const known = strings.length <= MAX_SELECTABLE ? knownPartsOfOneOf(strings) : undefined;
  return new Unknown(key.reason, undefined, known);
}

/** Whether an unknown value is a failure (not a type guard: a failure is an Unknown too, and is read as one). */
function failure(value: Unknown): boolean {
  return isEvaluationError(value);
}

/** `value[key]` with the key already evaluated. */
export function getIndex(value: TfValue, key: TfValue): TfValue {
  if (isUnknown(value)) return value;
  if (isUnknown(key)) return failure(key) ? key : selectedByUnknownKey(value, key);
  if (value === null) return fail('cannot index a null value');
  if (key === null) return fail('the index is null');
  if (Array.isArray(value)) {
    // A string index converts to a number as any string does (`tonumber`): "1", "1.0", "+1" and "1e0" are 1.
    const index = typeof key === 'number' ? key : typeof key === 'string' ? primitiveToNumber(key) : undefined;
    if (index === undefined) return fail(`a list index must be a whole number, not ${typeof key === 'string' ? quoted(key) : aTypeName(key)}`);
    if (!Number.isInteger(index)) return fail(`a list index must be a whole number, not ${formatNumber(index)}`);
    if (index < 0 || index >= value.length) return fail(`index ${index} out of range for a list of ${value.length} element${value.length === 1 ? '' : 's'}`);
    return (value as readonly TfValue[])[index] ?? null;
  }
  if (value instanceof TfSet) return fail('elements of a set have no index; convert the set with tolist() first');
  if (isObject(value)) {
    const name = typeof key === 'string' ? key : typeof key === 'number' ? formatNumber(key) : typeof key === 'boolean' ? String(key) : undefined;
    if (name === undefined) return fail(`a map key must be a string, not ${aTypeName(key)}`);
    return Object.hasOwn(value, name) ? (value[name] ?? null) : fail(`the map has no element for the key ${quoted(name)}`);
  }
  return fail(`cannot index ${aTypeName(value)}`);
}
