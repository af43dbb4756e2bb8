import type * as ts from 'typescript';
import type { Evaluator } from './evaluator.js';
import { unknown, type Context, type StaticValue } from './static-value.js';

/** Binds a parameter, loop variable or callback parameter (or each name of its destructuring pattern) to a value. */
export function bindPattern(evaluator: Evaluator, name: ts.BindingName, value: StaticValue, bindings: Map<ts.Node, StaticValue>, context: Context): void {
  const t = evaluator.ts;
  if (t.isIdentifier(name)) {
    bindings.set(name.parent, value);
    return;
  }
  name.elements.forEach((element, index) => {
    if (!t.isBindingElement(element)) return;
    let item: StaticValue;
    if (element.dotDotDotToken) item = restOf(evaluator, element, value, context) ?? unknown('a rest element is not evaluated');
    else if (t.isObjectBindingPattern(name)) {
      const key = evaluator.propertyName(element.propertyName ?? (t.isIdentifier(element.name) ? element.name : undefined), context);
      item = key === undefined ? { kind: 'unknown', reason: 'a computed key is not evaluated' } : evaluator.memberOf(value, key, undefined);
    } else item = evaluator.memberOf(value, String(index), undefined);
    if (item.kind === 'undefined' && element.initializer) item = evaluator.evaluate(element.initializer, context);
    if (t.isIdentifier(element.name)) bindings.set(element, item);
    else bindPattern(evaluator, element.name, item, bindings, context);
  });
}

/**
 * What a rest element collects, where the destructured value is known: of an object, a new object
 * with its properties but those the pattern's other elements name (`const { secretName, ...userProps }
 * = props`: JavaScript copies the remaining own enumerable properties, so a key a spread of an unknown
 * value may define stays unknown); of an array (or the values of a Set, the entries of a Map), the
 * items from the rest element's position on. Else undefined: the caller says why it is unknown.
 */
export function restOf(evaluator: Evaluator, element: ts.BindingElement, value: StaticValue, context: Context): StaticValue | undefined {
  const t = evaluator.ts;
  const pattern = element.parent;
  if (t.isArrayBindingPattern(pattern)) {
    return value.kind === 'array' ? { kind: 'array', items: value.items.slice(pattern.elements.indexOf(element)) } : undefined;
  }
  if (value.kind !== 'object') return undefined;
  const taken = new Set<string>();
  for (const other of pattern.elements) {
    if (other === element) continue;
    const key = evaluator.propertyName(other.propertyName ?? (t.isIdentifier(other.name) ? other.name : undefined), context);
    if (key === undefined) return undefined;
    taken.add(key);
  }
  const entries = new Map([...value.entries].filter(([key]) => !taken.has(key)));
  return value.rest ? { kind: 'object', entries, rest: value.rest } : { kind: 'object', entries };
}
