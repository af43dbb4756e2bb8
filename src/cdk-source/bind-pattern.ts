import type * as ts from 'typescript';
import type { Evaluator } from './evaluator.js';
import type { Context, StaticValue } from './static-value.js';

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
    if (element.dotDotDotToken) item = { kind: 'unknown', reason: 'a rest element is not evaluated' };
    else if (t.isObjectBindingPattern(name)) {
      const key = evaluator.propertyName(element.propertyName ?? (t.isIdentifier(element.name) ? element.name : undefined), context);
      item = key === undefined ? { kind: 'unknown', reason: 'a computed key is not evaluated' } : evaluator.memberOf(value, key, undefined);
    } else item = evaluator.memberOf(value, String(index), undefined);
    if (item.kind === 'undefined' && element.initializer) item = evaluator.evaluate(element.initializer, context);
    if (t.isIdentifier(element.name)) bindings.set(element, item);
    else bindPattern(evaluator, element.name, item, bindings, context);
  });
}
