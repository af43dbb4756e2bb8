import type * as ts from 'typescript';
import { isStatic } from './member-syntax.js';
import type { CallSite } from './call-frames.js';
import type { Declaration } from './resolve-declaration.js';
import type { Callable } from './static-value.js';
import { unwrapExpression } from './unwrap-expression.js';
import { addedValues, ELEMENT_CALLBACKS, ELEMENT_COPIES, isElementCallback, writeOf, type CollectionKind } from './collection-uses.js';
import { parentOf } from './parent-of.js';

/** How many steps (`const` names, calls, properties) are followed back to the `new` that made an object. */
const MAX_STEPS = 8;

/** What the search for call sites knows, as `ReceiverClasses` asks it. */
export interface ReceiverLookups {
  /** The declaration a name resolves to in its file. */
  find(name: ts.Identifier): Declaration | undefined;
  /** The project class (`new`) or function (a call) a call site runs, decided without bindings. */
  calleeOf(site: CallSite): Callable | undefined;
  /** The instance method `name` an instance of `cls` runs: its own, or the nearest project base's. */
  nearestMethod(cls: ts.ClassLikeDeclaration, name: string): ts.MethodDeclaration | undefined;
  /** `cls` and its project base classes, nearest first. */
  chain(cls: ts.ClassLikeDeclaration): Iterable<ts.ClassLikeDeclaration>;
  /** The class whose instance `this` is at `node`, if any. */
  thisClassOf(node: ts.Node): ts.ClassLikeDeclaration | undefined;
  /**
   * Every `x.name` and `x['name']` of the project, once the search has listed them all; undefined
   * before, or when it could not see them all.
   */
  accessesNamed(name: string): readonly ts.Expression[] | undefined;
  /** Every class of the project, once the search has seen them all. */
  classes(): readonly ts.ClassLikeDeclaration[] | undefined;
}

/**
 * The exact project class of the object an expression yields, decided from the syntax alone (no
 * bindings), so that the search for call sites and the walk agree on which method a call such as
 * `stack.addKey()` runs (`call-sites.ts`). An object's class is its `new`'s, and stays so whatever
 * the name, call or property it is reached through:
 * - `new UsersStack(app, 'U')`, and a `const` holding such a value (`const s = new UsersStack(...)`);
 * - a call of a method that returns its own instance (`withKey() { ...; return this; }`), on an
 *   object of a known class: `new KeysStack(app, 'K').withKey('A')` is that `KeysStack`;
 * - a call of a project function or static method whose one `return` ends its body and gives such an
 *   object (`static create(app) { return new KeysStack(app, 'K'); }`, `function make() { const s = new
 *   S(); s.addKey(); return s; }`); `await` of one that is `async` (its promise settles to that object,
 *   https://tc39.es/ecma262/#sec-async-functions-abstract-operations-async-function-start);
 * - a `readonly` property (`main.keys`, `this.keys`) that one class of the project declares, set by its
 *   initializer or only in its constructor (TypeScript allows no other write,
 *   https://www.typescriptlang.org/docs/handbook/2/classes.html#readonly), to such an object.
 * - an element of a list whose elements are all such objects of one class, to which nothing adds
 *   anything else (`stacks[0]`, `for (const s of stacks)`, `stacks.forEach((s) => ...)` of `const stacks
 *   = [new KeysStack(app, 'A'), ...]`, or of `const stacks: KeysStack[] = []` filled by
 *   `stacks.push(new KeysStack(...))`), and a value of such a Map (`stacks.get('a')`, filled by `set`).
 * Anything else (another parameter, a `let`, a list handed on): undefined.
 */
export class ReceiverClasses {
  private readonly addedTo = new WeakMap<ts.VariableDeclaration, Map<CollectionKind, readonly ts.Expression[] | undefined>>();

  constructor(
    private readonly ts: typeof import('typescript'),
    private readonly lookups: ReceiverLookups,
  ) {}

  /** The exact class of what `expression` yields, if the syntax tells it. */
  exactClassOf(expression: ts.Expression, steps = 0): ts.ClassLikeDeclaration | undefined {
    const t = this.ts;
    if (steps > MAX_STEPS) return undefined;
    const value = unwrapExpression(t, expression);
    if (t.isNewExpression(value)) {
      const cls = this.lookups.calleeOf(value);
      return cls && t.isClassLike(cls) ? cls : undefined;
    }
    if (t.isIdentifier(value)) {
      const declaration = this.lookups.find(value);
      if (declaration?.kind === 'parameter') return this.callbackElementClassOf(declaration.node, steps + 1);
      if (declaration?.kind !== 'variable' || declaration.path.length > 0 || !t.isIdentifier(declaration.node.name)) return undefined;
      if ((t.getCombinedNodeFlags(declaration.node) & t.NodeFlags.Const) === 0) return undefined;
      if (declaration.node.initializer) return this.exactClassOf(declaration.node.initializer, steps + 1);
      // `for (const stack of stacks)`: an element of the list it iterates.
      const loop = parentOf(declaration.node.parent);
      if (!loop || !t.isForOfStatement(loop) || loop.awaitModifier || loop.initializer !== declaration.node.parent) return undefined;
      return this.elementClassOf(loop.expression, steps + 1);
    }
    if (t.isElementAccessExpression(value)) return this.elementClassOf(value.expression, steps + 1);
    if (t.isAwaitExpression(value)) {
      const operand = unwrapExpression(t, value.expression);
      return t.isCallExpression(operand) ? this.resultClassOf(operand, true, steps + 1) : this.exactClassOf(operand, steps + 1);
    }
    if (t.isCallExpression(value)) return this.mapValueClassOf(value, steps + 1) ?? this.resultClassOf(value, false, steps + 1);
    if (t.isPropertyAccessExpression(value) && t.isIdentifier(value.name))
      return this.recordValuesClassOf(value.expression, steps + 1) ?? this.propertyClassOf(value, steps + 1);
    return undefined;
  }

  /** `stacks.get(key)` of a Map whose values are all objects of one class (`mapValuesClassOf`): one of them, or undefined, and the method call then throws, failing synthesis. */
  private mapValueClassOf(call: ts.CallExpression, steps: number): ts.ClassLikeDeclaration | undefined {
    const t = this.ts;
    const callee = unwrapExpression(t, call.expression);
    if (!t.isPropertyAccessExpression(callee) || callee.name.text !== 'get') return undefined;
    return this.mapValuesClassOf(callee.expression, steps);
  }

  /**
   * The class every value of a Map has: a non-exported `const` holding `new Map()` or `new Map([['a',
   * new KeysStack(app, 'A')], ...])` (JavaScript's own Map), whose module only reads it, or adds values
   * with `set` statements (`addedValues`), every value given or added an object of one class.
   */
  private mapValuesClassOf(expression: ts.Expression, steps: number): ts.ClassLikeDeclaration | undefined {
    const t = this.ts;
    const declaration = this.collectionDeclaration(expression);
    const initializer = declaration?.initializer && unwrapExpression(t, declaration.initializer);
    if (!declaration || !initializer || !t.isNewExpression(initializer)) return undefined;
    if (!t.isIdentifier(initializer.expression) || initializer.expression.text !== 'Map' || this.lookups.find(initializer.expression) !== undefined)
      return undefined;
    const [entries, ...rest] = initializer.arguments ?? [];
    const list = entries && unwrapExpression(t, entries);
    if (rest.length > 0 || (list && !t.isArrayLiteralExpression(list))) return undefined;
    const values: ts.Expression[] = [];
    for (const entry of list?.elements ?? []) {
      const pair = unwrapExpression(t, entry);
      if (!t.isArrayLiteralExpression(pair) || pair.elements.length !== 2 || pair.elements.some((e) => t.isSpreadElement(e))) return undefined;
      values.push(pair.elements[1] as ts.Expression);
    }
    const added = this.added(declaration, 'map');
    return added && this.sameClassOfAll([...values, ...added], steps);
  }

  /**
   * The class every element of a list has: an array literal of objects of one class
   * (`[new KeysStack(app, 'A'), new KeysStack(app, 'B')]`), a copy of part of such a list
   * (`stacks.filter(...)`, `stacks.slice(1)`), the values of such a Map (`stacks.values()`), or a
   * non-exported `const` holding a list literal or copy that its module only reads or adds objects of
   * that class to (`stacks.push(new KeysStack(app, 'C'))`: `addedValues`), so nothing adds anything
   * else, replaces or hands on an element.
   */
  private elementClassOf(expression: ts.Expression, steps: number): ts.ClassLikeDeclaration | undefined {
    const t = this.ts;
    if (steps > MAX_STEPS) return undefined;
    const list = unwrapExpression(t, expression);
    if (t.isArrayLiteralExpression(list)) return this.sameClassOf(list, steps);
    if (t.isCallExpression(list)) {
      const callee = unwrapExpression(t, list.expression);
      if (!t.isPropertyAccessExpression(callee) || !t.isIdentifier(callee.name)) return undefined;
      if (callee.name.text === 'values' && list.arguments.length === 0) return this.mapValuesClassOf(callee.expression, steps + 1);
      // `Object.values(stacks)` of a record (JavaScript's own Object).
      const [record, ...rest] = list.arguments;
      if (callee.name.text === 'values' && record && rest.length === 0 && t.isIdentifier(callee.expression) && callee.expression.text === 'Object')
        return this.lookups.find(callee.expression) === undefined ? this.recordValuesClassOf(record, steps + 1) : undefined;
      return ELEMENT_COPIES.has(callee.name.text) ? this.elementClassOf(callee.expression, steps + 1) : undefined;
    }
    const declaration = this.collectionDeclaration(list);
    const initializer = declaration?.initializer && unwrapExpression(t, declaration.initializer);
    if (!declaration || !initializer) return undefined;
    if (t.isObjectLiteralExpression(initializer)) return this.recordValuesClassOf(list, steps);
    const added = this.added(declaration, 'list');
    if (!added) return undefined;
    if (t.isArrayLiteralExpression(initializer)) {
      if (initializer.elements.some((e) => t.isSpreadElement(e) || t.isOmittedExpression(e))) return undefined;
      return this.sameClassOfAll([...initializer.elements, ...added], steps);
    }
    if (!t.isCallExpression(initializer)) return undefined;
    const copied = this.elementClassOf(initializer, steps + 1);
    return copied && added.every((value) => this.exactClassOf(value, steps) === copied) ? copied : undefined;
  }

  /**
   * The class every value of a record has: a non-exported `const` holding an object literal of plain
   * properties (`{}`, `{ dev: new KeysStack(app, 'Dev') }`) that its module only reads (`stacks.dev`,
   * `stacks[env]`, `Object.values(stacks)`) or fills with `stacks[env] = new KeysStack(...)` statements
   * (`addedValues`), every value given or added an object of one class.
   */
  private recordValuesClassOf(expression: ts.Expression, steps: number): ts.ClassLikeDeclaration | undefined {
    const t = this.ts;
    const declaration = this.collectionDeclaration(expression);
    const initializer = declaration?.initializer && unwrapExpression(t, declaration.initializer);
    if (!declaration || !initializer || !t.isObjectLiteralExpression(initializer)) return undefined;
    const values: ts.Expression[] = [];
    for (const property of initializer.properties) {
      if (!t.isPropertyAssignment(property) || t.isComputedPropertyName(property.name)) return undefined;
      values.push(property.initializer);
    }
    const added = this.added(declaration, 'record');
    return added && this.sameClassOfAll([...values, ...added], steps);
  }

  /** The non-exported `const name = ...` a collection's identifier names, if it is one. */
  private collectionDeclaration(expression: ts.Expression): ts.VariableDeclaration | undefined {
    const t = this.ts;
    const name = unwrapExpression(t, expression);
    if (!t.isIdentifier(name)) return undefined;
    const declaration = this.lookups.find(name);
    if (declaration?.kind !== 'variable' || declaration.path.length > 0 || !t.isIdentifier(declaration.node.name)) return undefined;
    if ((t.getCombinedNodeFlags(declaration.node) & t.NodeFlags.Const) === 0) return undefined;
    const statement = parentOf(parentOf(declaration.node) ?? declaration.node);
    if (statement && t.isVariableStatement(statement) && (t.getModifiers(statement) ?? []).some((m) => m.kind === t.SyntaxKind.ExportKeyword)) return undefined;
    return declaration.node;
  }

  /** The values a module adds to a collection taken as a list or a Map (`addedValues`), found once per declaration and kind. */
  private added(declaration: ts.VariableDeclaration, kind: CollectionKind): readonly ts.Expression[] | undefined {
    const known = this.addedTo.get(declaration) ?? new Map<CollectionKind, readonly ts.Expression[] | undefined>();
    this.addedTo.set(declaration, known);
    if (!known.has(kind))
      known.set(
        kind,
        addedValues(this.ts, (n) => this.lookups.find(n), declaration, kind),
      );
    return known.get(kind);
  }

  /**
   * The class of what an element callback is handed: its first parameter, of an arrow function given
   * to `stacks.forEach(...)` (or `map`, `filter`, ...) of a list whose elements all have one class, or
   * to `forEach` of such a Map, when nothing in the function assigns the parameter.
   */
  private callbackElementClassOf(parameter: ts.ParameterDeclaration, steps: number): ts.ClassLikeDeclaration | undefined {
    const t = this.ts;
    const callback = parentOf(parameter);
    const call = callback && parentOf(callback);
    if (!callback || !call || !t.isCallExpression(call) || call.arguments[0] !== callback || !isElementCallback(t, callback as ts.Expression)) return undefined;
    if ((callback as ts.ArrowFunction).parameters[0] !== parameter || !t.isIdentifier(parameter.name) || parameter.initializer) return undefined;
    const callee = unwrapExpression(t, call.expression);
    if (!t.isPropertyAccessExpression(callee) || !t.isIdentifier(callee.name) || !ELEMENT_CALLBACKS.has(callee.name.text)) return undefined;
    if (!this.neverAssigned(parameter.name, callback)) return undefined;
    const cls = this.elementClassOf(callee.expression, steps + 1);
    if (cls || callee.name.text !== 'forEach') return cls;
    return this.mapValuesClassOf(callee.expression, steps + 1);
  }

  /** Whether no use of a parameter in its function assigns it. */
  private neverAssigned(name: ts.Identifier, scope: ts.Node): boolean {
    const t = this.ts;
    let assigned = false;
    const visit = (node: ts.Node, depth: number): void => {
      if (assigned) return;
      if (depth > 200) {
        assigned = true;
        return;
      }
      if (t.isIdentifier(node) && node !== name && node.text === name.text && this.lookups.find(node)?.node === parentOf(name) && writeOf(t, node) !== 'not')
        assigned = true;
      t.forEachChild(node, (child) => {
        visit(child, depth + 1);
      });
    };
    visit(scope, 0);
    return !assigned;
  }

  /** The class all elements of an array literal have (no spread, no hole), if one. */
  private sameClassOf(list: ts.ArrayLiteralExpression, steps: number): ts.ClassLikeDeclaration | undefined {
    const t = this.ts;
    if (list.elements.some((e) => t.isSpreadElement(e) || t.isOmittedExpression(e))) return undefined;
    return this.sameClassOfAll(list.elements, steps);
  }

  private sameClassOfAll(elements: readonly ts.Expression[], steps: number): ts.ClassLikeDeclaration | undefined {
    if (elements.length === 0) return undefined;
    const found = elements.map((element) => this.exactClassOf(element, steps));
    const first = found[0];
    return first && found.every((cls) => cls === first) ? first : undefined;
  }

  /** The class of what a call returns (`awaited`: of what its promise settles to, for an `async` callee). */
  private resultClassOf(call: ts.CallExpression, awaited: boolean, steps: number): ts.ClassLikeDeclaration | undefined {
    const t = this.ts;
    const callee = unwrapExpression(t, call.expression);
    // `x.withKey()` on an object whose class is known: that class's method; `return this` gives the object back.
    const receiver = t.isPropertyAccessExpression(callee) && t.isIdentifier(callee.name) ? unwrapExpression(t, callee.expression) : undefined;
    const receiverClass = receiver && receiver.kind !== t.SyntaxKind.ThisKeyword ? this.exactClassOf(receiver, steps) : undefined;
    let body: ts.FunctionLikeDeclaration | undefined;
    if (receiverClass && t.isPropertyAccessExpression(callee)) body = this.lookups.nearestMethod(receiverClass, callee.name.text);
    else {
      const found = this.lookups.calleeOf(call);
      // A function, or a static method (`UsersStack.create(app)`); not an instance method reached some other way.
      if (found && (t.isFunctionDeclaration(found) || t.isFunctionExpression(found) || t.isArrowFunction(found))) body = found;
      else if (found && t.isMethodDeclaration(found) && isStatic(t, found)) body = found;
    }
    if (!body?.body) return undefined;
    const isAsync = (t.getCombinedModifierFlags(body) & t.ModifierFlags.Async) !== 0;
    if (isAsync !== awaited || body.asteriskToken) return undefined;
    const returned = this.onlyReturned(body.body);
    if (!returned) return undefined;
    if (unwrapExpression(t, returned).kind === t.SyntaxKind.ThisKeyword) return t.isMethodDeclaration(body) && !isStatic(t, body) ? receiverClass : undefined;
    return this.exactClassOf(returned, steps);
  }

  /** The expression of a body's only `return`, when it is the last statement (every run returns it); an arrow function's expression. */
  private onlyReturned(body: ts.ConciseBody): ts.Expression | undefined {
    const t = this.ts;
    if (!t.isBlock(body)) return body;
    const last = body.statements[body.statements.length - 1];
    if (!last || !t.isReturnStatement(last) || !last.expression) return undefined;
    let returns = 0;
    const visit = (node: ts.Node, depth: number): void => {
      if (returns > 1 || depth > 200 || t.isFunctionLike(node) || t.isClassLike(node)) return;
      if (t.isReturnStatement(node)) returns += 1;
      t.forEachChild(node, (child) => {
        visit(child, depth + 1);
      });
    };
    for (const statement of body.statements) visit(statement, 0);
    return returns === 1 ? last.expression : undefined;
  }

  /**
   * `x.keys` (or `this.keys`) where the class of `x` declares, or inherits from a project base,
   * `readonly keys`, which no other class of the project declares: set by its initializer, or by
   * `this.keys = ...` statements of that class's constructor and nowhere else, each to an object of the same class.
   */
  private propertyClassOf(access: ts.PropertyAccessExpression, steps: number): ts.ClassLikeDeclaration | undefined {
    const t = this.ts;
    const name = access.name.text;
    const receiver = unwrapExpression(t, access.expression);
    const owner = receiver.kind === t.SyntaxKind.ThisKeyword ? this.lookups.thisClassOf(access) : this.exactClassOf(receiver, steps);
    const classes = this.lookups.classes();
    const accesses = this.lookups.accessesNamed(name);
    if (!owner || !classes || !accesses) return undefined;
    let declaring: ts.ClassLikeDeclaration | undefined;
    for (const cls of this.lookups.chain(owner)) if (!declaring && cls.members.some((m) => memberName(t, m) === name)) declaring = cls;
    if (!declaring || classes.some((cls) => cls !== declaring && cls.members.some((m) => memberName(t, m) === name))) return undefined;
    const declared = declaring.members.filter((m) => memberName(t, m) === name);
    const property = declared[0];
    if (declared.length !== 1 || !property || !t.isPropertyDeclaration(property) || isStatic(t, property)) return undefined;
    if (!(t.getModifiers(property) ?? []).some((m) => m.kind === t.SyntaxKind.ReadonlyKeyword)) return undefined;
    const values: ts.Expression[] = property.initializer ? [property.initializer] : [];
    const constructor = declaring.members.find((m): m is ts.ConstructorDeclaration => t.isConstructorDeclaration(m) && m.body !== undefined);
    for (const use of accesses) {
      const write = writeOf(t, use);
      if (write === 'not') continue;
      // Only a plain `this.keys = value;` statement at the top of the declaring class's constructor.
      const statement = write === 'other' ? undefined : parentOf(write);
      if (
        write === 'other' ||
        !t.isPropertyAccessExpression(use) ||
        unwrapExpression(t, use.expression).kind !== t.SyntaxKind.ThisKeyword ||
        !statement ||
        !t.isExpressionStatement(statement) ||
        parentOf(statement) !== constructor?.body
      )
        return undefined;
      values.push(write.right);
    }
    const found = values.map((value) => this.exactClassOf(value, steps));
    const first = found[0];
    return first && found.every((cls) => cls === first) ? first : undefined;
  }
}

/** A class member's plain name, if it has one. */
function memberName(t: typeof import('typescript'), member: ts.ClassElement): string | undefined {
  return member.name && (t.isIdentifier(member.name) || t.isStringLiteral(member.name)) ? member.name.text : undefined;
}
