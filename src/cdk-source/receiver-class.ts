import type * as ts from 'typescript';
import { isStatic } from './member-syntax.js';
import type { CallSite } from './call-frames.js';
import type { Declaration } from './resolve-declaration.js';
import type { Callable } from './static-value.js';
import { isWrappingExpression, unwrapExpression } from './unwrap-expression.js';
import { parentOf } from './parent-of.js';

/** How many steps (`const` names, calls, properties) are followed back to the `new` that made an object. */
const MAX_STEPS = 8;
/** How deep a module's syntax is searched for the uses of a list (`onlyReadAsList`); deeper, the list is taken as used otherwise. */
const MAX_LIST_SEARCH_DEPTH = 500;

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
 * - an element of a list whose elements are all such objects of one class, and that nothing changes
 *   (`stacks[0]`, `for (const s of stacks)` of `const stacks = [new KeysStack(app, 'A'), ...]`).
 * Anything else (a parameter, a `let`, a value of a Map): undefined.
 */
export class ReceiverClasses {
  private readonly listsReadOnly = new WeakMap<ts.VariableDeclaration, boolean>();

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
    if (t.isPropertyAccessExpression(value) && t.isIdentifier(value.name)) return this.propertyClassOf(value, steps + 1);
    return undefined;
  }

  /**
   * `stacks.get(key)` of `const stacks = new Map([['a', new KeysStack(app, 'A')], ...])` (JavaScript's
   * own Map) whose values are all objects of one class, where the module only calls `stacks.get(...)` and
   * `stacks.has(...)`: nothing sets, deletes or hands on a value, so what `get` gives is one of them (or
   * undefined, and the method call then throws, failing synthesis).
   */
  private mapValueClassOf(call: ts.CallExpression, steps: number): ts.ClassLikeDeclaration | undefined {
    const t = this.ts;
    const callee = unwrapExpression(t, call.expression);
    if (!t.isPropertyAccessExpression(callee) || callee.name.text !== 'get' || !t.isIdentifier(callee.expression)) return undefined;
    const declaration = this.lookups.find(callee.expression);
    if (declaration?.kind !== 'variable' || declaration.path.length > 0 || !t.isIdentifier(declaration.node.name)) return undefined;
    const initializer = declaration.node.initializer && unwrapExpression(t, declaration.node.initializer);
    if ((t.getCombinedNodeFlags(declaration.node) & t.NodeFlags.Const) === 0 || !initializer || !t.isNewExpression(initializer)) return undefined;
    if (!t.isIdentifier(initializer.expression) || initializer.expression.text !== 'Map' || this.lookups.find(initializer.expression) !== undefined)
      return undefined;
    const [entries, ...rest] = initializer.arguments ?? [];
    const list = entries && unwrapExpression(t, entries);
    if (rest.length > 0 || !list || !t.isArrayLiteralExpression(list)) return undefined;
    const values: ts.Expression[] = [];
    for (const entry of list.elements) {
      const pair = unwrapExpression(t, entry);
      if (!t.isArrayLiteralExpression(pair) || pair.elements.length !== 2 || pair.elements.some((e) => t.isSpreadElement(e))) return undefined;
      values.push(pair.elements[1] as ts.Expression);
    }
    const statement = parentOf(parentOf(declaration.node) ?? declaration.node);
    if (statement && t.isVariableStatement(statement) && (t.getModifiers(statement) ?? []).some((m) => m.kind === t.SyntaxKind.ExportKeyword)) return undefined;
    if (!this.onlyReadAsList(declaration.node, 'map')) return undefined;
    return this.sameClassOfAll(values, steps);
  }

  /**
   * The class every element of a list has: an array literal of objects of one class
   * (`[new KeysStack(app, 'A'), new KeysStack(app, 'B')]`), or a `const` holding one that is not
   * exported and that its module only indexes (`stacks[0]`) or iterates (`for (const s of stacks)`),
   * so nothing adds, replaces or hands on an element.
   */
  private elementClassOf(expression: ts.Expression, steps: number): ts.ClassLikeDeclaration | undefined {
    const t = this.ts;
    const list = unwrapExpression(t, expression);
    if (t.isArrayLiteralExpression(list)) return this.sameClassOf(list, steps);
    if (!t.isIdentifier(list)) return undefined;
    const declaration = this.lookups.find(list);
    if (declaration?.kind !== 'variable' || declaration.path.length > 0 || !t.isIdentifier(declaration.node.name)) return undefined;
    const initializer = declaration.node.initializer && unwrapExpression(t, declaration.node.initializer);
    if ((t.getCombinedNodeFlags(declaration.node) & t.NodeFlags.Const) === 0 || !initializer || !t.isArrayLiteralExpression(initializer)) return undefined;
    const statement = parentOf(parentOf(declaration.node) ?? declaration.node);
    if (statement && t.isVariableStatement(statement) && (t.getModifiers(statement) ?? []).some((m) => m.kind === t.SyntaxKind.ExportKeyword)) return undefined;
    if (!this.onlyReadAsList(declaration.node)) return undefined;
    return this.sameClassOf(initializer, steps);
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

  /** Whether every use of a variable in its module is `name[i]` read (not written) or `for (... of name)`; for a Map, `name.get(...)` or `name.has(...)`. */
  private onlyReadAsList(declaration: ts.VariableDeclaration, kind: 'list' | 'map' = 'list'): boolean {
    const t = this.ts;
    const cached = this.listsReadOnly.get(declaration);
    if (cached !== undefined) return cached;
    const name = declaration.name as ts.Identifier;
    let only = true;
    const visit = (node: ts.Node, depth: number): void => {
      if (!only) return;
      if (depth > MAX_LIST_SEARCH_DEPTH) {
        only = false;
        return;
      }
      if (t.isIdentifier(node) && node !== name && node.text === name.text && this.lookups.find(node)?.node === declaration) {
        const parent = parentOf(node);
        const indexed = parent !== undefined && t.isElementAccessExpression(parent) && parent.expression === node && writeOf(t, parent) === 'not';
        const iterated = parent !== undefined && t.isForOfStatement(parent) && parent.expression === node;
        // A Map: `name.get(...)`, `name.has(...)` called.
        const looked =
          parent !== undefined &&
          t.isPropertyAccessExpression(parent) &&
          parent.expression === node &&
          (parent.name.text === 'get' || parent.name.text === 'has') &&
          parentOf(parent) !== undefined &&
          t.isCallExpression(parentOf(parent) as ts.Node) &&
          (parentOf(parent) as ts.CallExpression).expression === parent;
        if (kind === 'list' ? !indexed && !iterated : !looked) only = false;
      }
      t.forEachChild(node, (child) => {
        visit(child, depth + 1);
      });
    };
    visit(declaration.getSourceFile(), 0);
    this.listsReadOnly.set(declaration, only);
    return only;
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

/** How a use of a property changes it: `not` (a read), the assignment `x.p = value` it is the target of, or `other` (`x.p += 1`, `delete x.p`, `x.p++`, a destructuring or `for...of` target). */
function writeOf(t: typeof import('typescript'), use: ts.Expression): 'not' | 'other' | ts.BinaryExpression {
  let outer: ts.Node = use;
  for (let up = parentOf(outer); up && isWrappingExpression(t, up); up = parentOf(outer)) outer = up;
  const parent = parentOf(outer);
  if (!parent) return 'not';
  if (t.isBinaryExpression(parent) && parent.left === outer) {
    const operator = parent.operatorToken.kind;
    if (operator === t.SyntaxKind.EqualsToken) return parent;
    return operator >= t.SyntaxKind.FirstAssignment && operator <= t.SyntaxKind.LastAssignment ? 'other' : 'not';
  }
  if (t.isDeleteExpression(parent)) return 'other';
  if (
    (t.isPrefixUnaryExpression(parent) || t.isPostfixUnaryExpression(parent)) &&
    (parent.operator === t.SyntaxKind.PlusPlusToken || parent.operator === t.SyntaxKind.MinusMinusToken)
  )
    return 'other';
  // `[x.p] = v`, `({ a: x.p } = v)`, `for (x.p of ...)`: the literal around the use is an assignment's target.
  let pattern: ts.Node = outer;
  for (let up = parentOf(pattern); up; up = parentOf(pattern)) {
    const holds =
      t.isArrayLiteralExpression(up) ||
      t.isObjectLiteralExpression(up) ||
      t.isSpreadElement(up) ||
      t.isSpreadAssignment(up) ||
      t.isShorthandPropertyAssignment(up) ||
      (t.isPropertyAssignment(up) && up.initializer === pattern) ||
      isWrappingExpression(t, up);
    if (!holds) break;
    pattern = up;
  }
  if (pattern === outer) return (t.isForOfStatement(parent) || t.isForInStatement(parent)) && parent.initializer === outer ? 'other' : 'not';
  const holder = parentOf(pattern);
  if (holder && t.isBinaryExpression(holder) && holder.left === pattern && holder.operatorToken.kind === t.SyntaxKind.EqualsToken) return 'other';
  return holder && (t.isForOfStatement(holder) || t.isForInStatement(holder)) && holder.initializer === pattern ? 'other' : 'not';
}
