import type * as ts from 'typescript';
import { parentOf } from './parent-of.js';
import { MAX_DEPTH } from './scope-changes.js';
import type { Relation } from './value-references.js';

/*
 * What the search of values changed in place (`mutated-variables.ts`) asks of a value as it follows it
 * from name to name: which changes count (`Reach`), and the names a declaration binds inside it.
 */

/**
 * Which changes of a value are asked for: of values at least `depth` levels down it (0: the value
 * itself too), and, when `key` is known, only under its property `key` (what a holder holds there).
 * With `below`, only of values fewer than `below` levels down: deeper ones are inside values whose
 * changes are not the value's to the evaluator (the constructs of an array of constructs, whose escape
 * hatches `escape-hatches.ts` reads: `keys[1].status = 'Inactive'` leaves `keys` the same two keys).
 */
export interface Reach {
  readonly depth: number;
  readonly key?: string;
  readonly below?: number;
}

/** Any change of the value. */
export const ANY: Reach = { depth: 0 };

/**
 * Which changes of a value that `relation` relates to this one reach what `reach` asks of this one;
 * undefined when none can (it is under another property than the one asked about).
 */
export function deeper(relation: Relation, reach: Reach): Reach | undefined {
  const depth = Math.max(0, relation.from, reach.depth - relation.shift);
  // A depth taken too deep (`Relation.shallower`) bounds nothing: the value may be shallower than it says.
  const below = reach.below === undefined || relation.shallower === true ? undefined : reach.below - relation.shift;
  if (below !== undefined && below <= depth) return undefined;
  const bound = below === undefined ? {} : { below };
  if (relation.shift === 0 && relation.from === 0) return { depth, ...(reach.key === undefined ? {} : { key: reach.key }), ...bound };
  if (relation.shift > 0) return reach.key !== undefined && relation.key !== undefined && relation.key !== reach.key ? undefined : { depth, ...bound };
  // A value holding this one under a known property: only changes under that property reach it.
  return relation.shift < 0 && relation.key !== undefined ? { depth, key: relation.key, ...bound } : { depth, ...bound };
}

/** What `reach` asks of a value `inside` levels down the one it asks about (a name a destructuring pattern binds); undefined when nothing. */
export function reachInside(reach: Reach, levels: number): Reach | undefined {
  if (levels === 0) return reach;
  const depth = Math.max(0, reach.depth - levels);
  if (reach.below === undefined) return { depth };
  const below = reach.below - levels;
  return below > depth ? { depth, below } : undefined;
}

/** Whether every change `reach` asks about is one `wider` asks about too. */
export function covers(wider: Reach, reach: Reach): boolean {
  return (
    wider.depth <= reach.depth &&
    (wider.key === undefined || wider.key === reach.key) &&
    (wider.below === undefined || (reach.below !== undefined && reach.below <= wider.below))
  );
}

/** Whether a change to a value `depth` levels down, under the property `key`, is one `reach` asks about. */
export function reaches(root: { readonly depth: number; readonly key: string | undefined }, reach: Reach): boolean {
  return (
    root.depth >= reach.depth &&
    (reach.below === undefined || root.depth < reach.below) &&
    (reach.key === undefined || root.key === undefined || root.key === reach.key)
  );
}

/**
 * The names a declaration binds, how many levels down the declared value each one's value is
 * (`const { list } = x`: 1), and the property of the declared value it is under, when known.
 */
export function boundNames(t: typeof import('typescript'), name: ts.BindingName): { readonly name: string; readonly inside: number; readonly key?: string }[] {
  const found: { name: string; inside: number; key?: string }[] = [];
  const collect = (pattern: ts.BindingName, depth: number, key: string | undefined): void => {
    if (t.isIdentifier(pattern)) found.push({ name: pattern.text, inside: depth, ...(key === undefined ? {} : { key }) });
    else if (depth < MAX_DEPTH)
      // A rest element (`...others`) is a new object or array of values one level down.
      pattern.elements.forEach((element) => {
        if (t.isOmittedExpression(element)) return;
        const property = element.propertyName ?? element.name;
        // An object's property (an array's elements are under no known key: see `value-references.ts`).
        const own =
          element.dotDotDotToken || t.isArrayBindingPattern(pattern) || !(t.isIdentifier(property) || t.isStringLiteralLike(property))
            ? undefined
            : property.text;
        collect(element.name, depth + 1, depth === 0 ? own : key);
      });
  };
  collect(name, 0, undefined);
  return found;
}

/** The local name an object pattern binds a property `key` to (`const { names: list } = x`: `list`), if any. */
export function boundTo(t: typeof import('typescript'), pattern: ts.ObjectBindingPattern, key: string): string | undefined {
  for (const element of pattern.elements) {
    const property = element.propertyName ?? element.name;
    if (!element.dotDotDotToken && t.isIdentifier(element.name) && (t.isIdentifier(property) || t.isStringLiteralLike(property)) && property.text === key)
      return element.name.text;
  }
  return undefined;
}

/**
 * The node whose tree holds every use of a variable, a parameter or a class (its static properties):
 * the function of a parameter, the block around a declaration.
 */
export function bindingScope(
  t: typeof import('typescript'),
  binding: ts.VariableDeclaration | ts.ParameterDeclaration | ts.ClassDeclaration,
): ts.Node | undefined {
  if (t.isClassDeclaration(binding)) return parentOf(binding);
  return t.isParameter(binding) ? binding.parent : parentOf(binding.parent.parent);
}
