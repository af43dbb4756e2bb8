/**
 * The type a value shows, and the one type several values convert to, as Terraform unifies types
 * (https://developer.hashicorp.com/terraform/language/expressions/type-constraints#conversion-of-complex-types):
 * both results of `c ? a : b` (`unify-conditional.ts`), and the elements of a list, set or map whose
 * element type is `any` (`tolist`, `toset`, `tomap`, `distinct`, set functions, `list(any)` variables:
 * `type-constraints.ts`).
 *
 * Values here carry no static type, so a type is read from the value: a set is a set of its elements'
 * type, a JS array a tuple of its elements' types, a plain object an object of its attributes' types;
 * null, an unknown value and a lazy object (a resource instance, module outputs, whose attributes are
 * computed on demand) are of a type credlint does not know, which unifies with anything. The rules:
 * - primitives: equal types stay; a string with a number or bool is a string; a number with a bool fails;
 * - a set with a set or a tuple: a set of the unified element type (a tuple converts to a set);
 * - two tuples of the same length: a tuple of the unified element types; of different lengths: a list
 *   of one element type all elements unify to;
 * - two objects with the same attributes: an object of the unified attribute types; with different
 *   attributes: a map of one type all attributes unify to (`cond ? {a = "x"} : {}` is a map of strings);
 * - a map with a map or an object, a list with a list or a tuple: a map (list) of one type the elements,
 *   attributes and tuple elements all unify to;
 * - anything else (a primitive with a collection, a tuple with an object) has no common type.
 */
import type { ObjectAttribute, TypeConstraint } from './type-shapes.js';
import { Sensitive, TfSet, Unknown, isLazy, type TfValue } from './value.js';

const ANY: TypeConstraint = { kind: 'any' };

/** Thrown when reading the branches' types spends more steps than the evaluation has left. */
export class StepsSpent extends Error {}

/** A step budget shared with the evaluation: one step per value node whose type is read. */
export interface Steps {
  remaining: number;
}

function spend(steps: Steps): void {
  steps.remaining -= 1;
  if (steps.remaining < 0) throw new StepsSpent();
}

function attribute(type: TypeConstraint): ObjectAttribute {
  return { type, optional: false, defaultValue: null };
}

/** The type of a value, as far as the value shows it. */
export function typeOf(value: TfValue, steps: Steps): TypeConstraint {
  spend(steps);
  if (value instanceof Sensitive) return typeOf(value.value, steps);
  if (value === null || value instanceof Unknown) return ANY;
  if (typeof value === 'string') return { kind: 'string' };
  if (typeof value === 'number') return { kind: 'number' };
  if (typeof value === 'boolean') return { kind: 'bool' };
  if (value instanceof TfSet) {
    let element: TypeConstraint | undefined = ANY;
    for (const item of value.items) element = element === undefined ? undefined : unify(element, typeOf(item, steps));
    return { kind: 'set', element: element ?? ANY };
  }
  if (Array.isArray(value)) return { kind: 'tuple', elements: (value as readonly TfValue[]).map((item) => typeOf(item, steps)) };
  if (isLazy(value)) return ANY;
  const object = value as Readonly<Record<string, TfValue>>;
  const attributes = Object.fromEntries(Object.keys(object).map((name) => [name, attribute(typeOf(object[name] ?? null, steps))]));
  return { kind: 'object', attributes };
}

/** One type all of `types` convert to, or undefined. */
export function unifyAll(types: readonly TypeConstraint[]): TypeConstraint | undefined {
  let result: TypeConstraint | undefined = ANY;
  // Terraform unifies all of them at once: a bool and a number become strings when a string is among
  // them anywhere (`tolist([{ k = true }, { a = 1, b = "x" }])` is a list of maps of strings), so strings
  // join first and a bool met before a number no longer fails the fold.
  const ordered = [...types.filter((type) => type.kind === 'string'), ...types.filter((type) => type.kind !== 'string')];
  for (const type of ordered) {
    result = result === undefined ? undefined : unify(result, type);
  }
  return result;
}

const PRIMITIVE = new Set(['string', 'number', 'bool']);

/** The type both `a` and `b` convert to, or undefined when there is none. */
export function unify(a: TypeConstraint, b: TypeConstraint): TypeConstraint | undefined {
  if (a.kind === 'any') return b;
  if (b.kind === 'any') return a;
  if (PRIMITIVE.has(a.kind) || PRIMITIVE.has(b.kind)) {
    if (a.kind === b.kind) return a;
    if (!PRIMITIVE.has(a.kind) || !PRIMITIVE.has(b.kind)) return undefined;
    // Numbers and bools convert to strings, never to each other.
    return a.kind === 'string' || b.kind === 'string' ? { kind: 'string' } : undefined;
  }
  if (a.kind === 'set' || b.kind === 'set') {
    const element = unifyAll([...elementTypes(a), ...elementTypes(b)].filter((type) => type !== undefined));
    if (element === undefined || (a.kind !== 'set' && a.kind !== 'tuple') || (b.kind !== 'set' && b.kind !== 'tuple')) return undefined;
    return { kind: 'set', element };
  }
  if (a.kind === 'map' || b.kind === 'map') return joinCollection('map', a, b);
  if (a.kind === 'list' || b.kind === 'list') return joinCollection('list', a, b);
  if (a.kind === 'tuple' && b.kind === 'tuple') {
    if (a.elements.length === b.elements.length) {
      const elements = a.elements.map((element, index) => unify(element, b.elements[index] ?? ANY));
      return elements.every((element) => element !== undefined) ? { kind: 'tuple', elements } : undefined;
    }
    const element = unifyAll([...a.elements, ...b.elements]);
    return element === undefined ? undefined : { kind: 'list', element };
  }
  if (a.kind === 'object' && b.kind === 'object') {
    const names = Object.keys(a.attributes);
    const same = names.length === Object.keys(b.attributes).length && names.every((name) => Object.hasOwn(b.attributes, name));
    if (same) {
      const attributes: [string, ObjectAttribute][] = [];
      for (const name of names) {
        const type = unify(a.attributes[name]?.type ?? ANY, b.attributes[name]?.type ?? ANY);
        if (type === undefined) return undefined;
        attributes.push([name, attribute(type)]);
      }
      return { kind: 'object', attributes: Object.fromEntries(attributes) };
    }
    const element = unifyAll([...Object.values(a.attributes), ...Object.values(b.attributes)].map((item) => item.type));
    return element === undefined ? undefined : { kind: 'map', element };
  }
  return undefined;
}

/**
 * A map or list met here stands for several objects or tuples already folded into one (the
 * attributes of one value, or the elements of a set): Terraform unifies all of them in one step,
 * joining every attribute or element type, so an object or tuple met next joins the same element
 * type. `{ a = { x = "1" }, b = { y = "2", z = "3" }, c = {} }` is a map of maps of strings.
 */
function joinCollection(kind: 'map' | 'list', a: TypeConstraint, b: TypeConstraint): TypeConstraint | undefined {
  const left = members(kind, a);
  const right = members(kind, b);
  if (left === undefined || right === undefined) return undefined;
  const element = unifyAll([...left, ...right]);
  return element === undefined ? undefined : { kind, element };
}

/** The types that join the element type of a `kind` collection, or undefined when `type` cannot. */
function members(kind: 'map' | 'list', type: TypeConstraint): readonly TypeConstraint[] | undefined {
  if (type.kind === kind) return [type.element];
  if (kind === 'map' && type.kind === 'object') return Object.values(type.attributes).map((item) => item.type);
  if (kind === 'list' && type.kind === 'tuple') return type.elements;
  return undefined;
}

function elementTypes(type: TypeConstraint): readonly (TypeConstraint | undefined)[] {
  if (type.kind === 'set') return [type.element];
  if (type.kind === 'tuple') return type.elements;
  return [];
}

export function sameType(a: TypeConstraint, b: TypeConstraint): boolean {
  if (a.kind !== b.kind) return false;
  if ((a.kind === 'list' || a.kind === 'set' || a.kind === 'map') && (b.kind === 'list' || b.kind === 'set' || b.kind === 'map')) {
    return sameType(a.element, b.element);
  }
  if (a.kind === 'tuple' && b.kind === 'tuple') {
    return a.elements.length === b.elements.length && a.elements.every((element, index) => sameType(element, b.elements[index] ?? ANY));
  }
  if (a.kind === 'object' && b.kind === 'object') {
    const names = Object.keys(a.attributes);
    return (
      names.length === Object.keys(b.attributes).length &&
      names.every((name) => Object.hasOwn(b.attributes, name) && sameType(a.attributes[name]?.type ?? ANY, b.attributes[name]?.type ?? ANY))
    );
  }
  return true;
}

/** For callers whose work is already bounded by the size of the values they convert. */
export const UNLIMITED_STEPS: Steps = { remaining: Number.POSITIVE_INFINITY };
