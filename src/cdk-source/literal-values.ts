import type * as ts from 'typescript';
import { parentOf } from './parent-of.js';
import {
  arrayValue,
  concatenated,
  derivedUnknown,
  hideIfSecret,
  opaque,
  overLimit,
  UNDEFINED,
  unknown,
  type Context,
  type StaticValue,
  type UnknownValue,
} from './static-value.js';
import { snippet } from './source-location.js';
import { thisChangeIn } from './this-changes.js';
import { unwrapExpression } from './unwrap-expression.js';
import type { CallSites } from './call-sites.js';
import { MAX_STRING, type OperandEvaluator } from './evaluate-operators.js';
import type { Evaluator } from './evaluator.js';
import { appendAll } from '../core/append-all.js';

/** The longest array an evaluation builds (bad input must give `unknown`, never a hang). */
const MAX_ITEMS = 10_000;

/**
 * Template, array and object literals: their values, what a spread adds to them, the getters and
 * methods of an object literal (and the `this` they see), and whether a method may change the object.
 */
export class LiteralValues {
  /** `selfChangeOf`, per object literal, once the project's uses are known. */
  private readonly selfChanges = new WeakMap<ts.ObjectLiteralExpression, string | undefined>();

  constructor(
    private readonly ts: typeof import('typescript'),
    private readonly evaluator: Evaluator & OperandEvaluator,
    private readonly calls: CallSites,
  ) {}

  template(node: ts.TemplateExpression, context: Context): StaticValue {
    // An unknown part leaves what the literal text says of the string: `${ctx}-dev-api` ends with `-dev-api`.
    const pieces: (string | UnknownValue)[] = [node.head.text];
    let length = node.head.text.length;
    for (const span of node.templateSpans) {
      const value = this.evaluator.evaluate(span.expression, context);
      const part = this.evaluator.textOf(value);
      if (typeof part === 'string') pieces.push(part);
      else if (part.kind === 'unknown') pieces.push(part);
      else return part;
      pieces.push(span.literal.text);
      length += (typeof part === 'string' ? part.length : 0) + span.literal.text.length;
      if (length > MAX_STRING) return overLimit('the string is too long to evaluate');
    }
    return concatenated(pieces.filter((piece) => piece !== ''));
  }

  array(node: ts.ArrayLiteralExpression, context: Context): StaticValue {
    const t = this.ts;
    const items: StaticValue[] = [];
    const holes = new Set<number>();
    for (const element of node.elements) {
      if (t.isSpreadElement(element)) {
        // A spread iterates, so a hole of the spread array becomes `undefined` here (`[...Array(2)]`).
        const spread = this.evaluator.evaluate(element.expression, context);
        if (spread.kind !== 'array') return spread.kind === 'unknown' ? spread : opaque(snippet(element.expression, node.getSourceFile()));
        appendAll(items, spread.items);
      } else if (t.isOmittedExpression(element)) {
        // `[a, , b]`: a hole, which `forEach` and `map` skip.
        holes.add(items.length);
        items.push(UNDEFINED);
      } else {
        items.push(this.evaluator.evaluate(element, context));
      }
      if (items.length > MAX_ITEMS) return overLimit('the array is too long to evaluate');
    }
    return arrayValue(items, holes);
  }

  object(node: ts.ObjectLiteralExpression, context: Context): StaticValue {
    const t = this.ts;
    const selfChange = this.selfChangeOf(node);
    if (selfChange !== undefined) return unknown(selfChange);
    const entries = new Map<string, StaticValue>();
    const getters: [string, ts.GetAccessorDeclaration][] = [];
    let rest: UnknownValue | undefined;
    for (const property of node.properties) {
      if (t.isSpreadAssignment(property)) {
        // `{ ...a, k }`: later keys win; a spread of an unknown value may define (or overwrite) any key,
        // so the keys before it and the keys not written after it are unknown, never absent.
        const spread = this.evaluator.evaluate(property.expression, context);
        if (spread.kind === 'undefined' || spread.kind === 'null' || spread.kind === 'number' || spread.kind === 'boolean') continue;
        const unknownPart = spread.kind === 'object' ? spread.rest : spreadUnknown(spread, property.expression);
        if (unknownPart) {
          // Overwritten or not by a value cut off at a size limit: cut off too (`UnknownValue.cutOff`).
          for (const key of entries.keys()) entries.set(key, derivedUnknown(unknownPart, `${key} may be overwritten by ${unknownPart.reason}`));
          rest = unknownPart;
        }
        if (spread.kind === 'object') for (const [key, value] of spread.entries) entries.set(key, value);
        continue;
      }
      const key = this.evaluator.propertyName(property.name, context);
      if (key === undefined) {
        // A computed key cut off at a size limit (or past the steps of the expression) leaves the object cut off.
        const computed = t.isComputedPropertyName(property.name) ? this.evaluator.evaluate(property.name.expression, context) : undefined;
        return derivedUnknown(
          computed?.kind === 'unknown' ? computed : undefined,
          `a computed key in ${snippet(node, node.getSourceFile(), 40)} is not known statically`,
        );
      }
      if (t.isPropertyAssignment(property)) entries.set(key, hideIfSecret(key, this.evaluator.evaluate(property.initializer, context)));
      else if (t.isShorthandPropertyAssignment(property)) entries.set(key, hideIfSecret(key, this.evaluator.evaluate(property.name, context)));
      // A method is called with `this` the object it is called on (`call-frames.ts`, `enter`).
      else if (t.isMethodDeclaration(property) && property.body) entries.set(key, { kind: 'callable', node: property });
      else if (t.isGetAccessorDeclaration(property)) getters.push([key, property]);
      else entries.set(key, opaque(key));
    }
    const self: StaticValue = rest ? { kind: 'object', entries, rest } : { kind: 'object', entries };
    // A getter reads the object's other properties through `this` (`get names() { return this.list; }`):
    // what it returns for this object, the way a read of the property runs it.
    for (const [key, getter] of getters) {
      const bindings = new Map(context.bindings).set(getter, self);
      entries.set(key, hideIfSecret(key, this.calls.frames.returnValue(getter, { ...context, bindings }, key)));
    }
    return self;
  }

  /**
   * Why an object literal's value may not stay as written: a method of it (also a `function`
   * property, getter or setter) that may change the object through `this` (`grow(n) { this.list.push(n); }`:
   * `this-changes.ts`), named anywhere in the project (`team.grow('bo')`, whichever object that reaches).
   * Asked while the project's uses are being listed, only the answer once they are known is kept.
   */
  private selfChangeOf(node: ts.ObjectLiteralExpression): string | undefined {
    const t = this.ts;
    if (this.selfChanges.has(node)) return this.selfChanges.get(node);
    let answer: string | undefined;
    for (const property of node.properties) {
      const value = t.isPropertyAssignment(property) ? unwrapExpression(t, property.initializer) : property;
      const method = t.isMethodDeclaration(value) || t.isAccessor(value) || t.isFunctionExpression(value) ? value : undefined;
      const change = method?.body && thisChangeIn(t, method.body);
      if (!change || !property.name) continue;
      const name = t.isIdentifier(property.name) || t.isStringLiteralLike(property.name) ? property.name.text : undefined;
      const uses = name === undefined ? undefined : this.calls.uses.accessesNamed(name);
      if (uses === undefined && !this.calls.uses.listed) return undefined;
      if (uses === undefined || uses.length > 0 || t.isAccessor(value)) {
        answer = `${name ?? 'a method'} may change the object through this (${snippet(change, change.getSourceFile())})`;
        break;
      }
    }
    this.selfChanges.set(node, answer);
    return answer;
  }

  /**
   * `this` inside a method or getter of an object literal, or inside a `function` (an arrow function
   * there sees the same one): the object the call or read is made on, as `enter` or `object` bound it;
   * undefined elsewhere.
   */
  objectLiteralThis(thisNode: ts.Node, context: Context): StaticValue | undefined {
    const t = this.ts;
    let owner = parentOf(thisNode);
    while (owner && (!t.isFunctionLike(owner) || t.isArrowFunction(owner)) && !t.isClassLike(owner)) owner = parentOf(owner);
    // A `function` has the `this` of its call: the receiver of `o.fill()` (`enter`), else not known.
    if (owner && t.isFunctionExpression(owner)) return context.bindings.get(owner) ?? opaque('this');
    const literal = owner && parentOf(owner);
    if (!owner || !literal || !t.isObjectLiteralExpression(literal) || !(t.isMethodDeclaration(owner) || t.isAccessor(owner))) return undefined;
    return context.bindings.get(owner) ?? opaque('this');
  }
}

/** What a spread of a value that is not an object adds: unknown keys (a construct or class instance has properties of its own too). */
function spreadUnknown(spread: StaticValue, expression: ts.Expression): UnknownValue {
  const text = snippet(expression, expression.getSourceFile(), 40);
  return spread.kind === 'unknown' ? derivedUnknown(spread, `...${text}: ${spread.reason}`) : unknown(`...${text}, which is not known statically`);
}
