import type * as ts from 'typescript';
import { isAssignment, isIncrement } from './operator-syntax.js';
import { parentOf } from './parent-of.js';
import { isNamedMemberAccess, memberNameOf, staticOwnerOf } from './member-syntax.js';
import type { MethodBody } from './method-targets.js';
import { CHANGING_METHODS, CHANGING_STATICS, MAX_DEPTH, type ScopeChanges } from './scope-changes.js';
import { snippet } from './source-location.js';
import { mayWriteKey, StaticObjectWrites } from './static-object-writes.js';
import { isWrappingExpression, unwrapExpression } from './unwrap-expression.js';

/**
 * Changes made in place to a class property's value outside what the class does through `this`
 * (README, "CDK TypeScript source"): any use of a property of its name that may reach it, through an
 * alias (`const list = this.names`), in a subclass (`this.names.push(x)` in a class that may extend
 * it), through an instance anywhere in the project (`stack.names.push(x)`, `stack['names'].push(x)`,
 * `Object.assign(stack.cfg, …)`, `stack.cfg.user = …`, `stack.names = […]`), a destructured name
 * (`const { names } = stack`), or the property itself handed to a function credlint does not follow
 * into (a method of a receiver it cannot tell, a project function reached other than by its name;
 * functions of packages and globals are taken not to change their arguments, and project methods a
 * call may run are followed: `method-targets.ts`), stored elsewhere (`other.list = this.names`) or
 * returned. Where the property's value is given to a variable or a parameter, the search of that
 * name's changes (`mutated-variables.ts`) goes on.
 */

/** What the project's other files and uses tell about a variable or a class property (`call-sites.ts`, `module-values.ts`). */
export interface ProjectUses {
  /** Every `x.name` and `x['name']` of the project; undefined when the search did not see them all. */
  accessesNamed(name: string): readonly (ts.PropertyAccessExpression | ts.ElementAccessExpression)[] | undefined;
  /** The class whose instance `this` is at `node`, if any. */
  thisClassOf(node: ts.Node): ts.ClassLikeDeclaration | undefined;
  /** Whether `cls` may extend `ancestor`. */
  mayExtend(cls: ts.ClassLikeDeclaration, ancestor: ts.ClassLikeDeclaration): boolean;
  /** The project's files. */
  files(): readonly ts.SourceFile[];
  /** Whether the project's uses have all been listed (`accessesNamed` answers for the whole project). */
  collected(): boolean;
  /**
   * What an imported name is: a project file's exported declaration (`declaration`), a project file
   * imported whole (`import * as m`: `file`), or something of a package (`package`); undefined when the name is not imported.
   */
  importTarget(identifier: ts.Identifier): { readonly declaration?: ts.Node; readonly file?: ts.SourceFile; readonly package?: true } | undefined;
  /** The project functions a method call (`x.name(...)`) may run (`method-targets.ts`); undefined when credlint cannot tell which. */
  methodBodies(call: ts.CallExpression): readonly MethodBody[] | undefined;
  /** The project class a `new` creates (`new lib.Filler(...)` of a project module imported whole) or a `super(...)` runs, if it is one (`call-sites.ts`). */
  classCreated(site: ts.NewExpression | ts.CallExpression): ts.ClassLikeDeclaration | undefined;
}

/** The search of a variable's changes (`mutated-variables.ts`), which a property's uses lead back to. */
export interface ValueSearch {
  /** What one scope's tree does to the values of its names (`scope-changes.ts`). */
  changesIn(scope: ts.Node): ScopeChanges;
  /** The first change made to the value of a variable or parameter the property's value was given to. */
  changeOfGiven(variable: ts.VariableDeclaration | ts.ParameterDeclaration): string | undefined;
  /** The first change in `changes` to the value of the name `local` that `declaration` binds. */
  changeOfBound(changes: ScopeChanges, local: string, declaration: ts.VariableDeclaration): string | undefined;
  /** The parameters that take argument `index` of a call (`callee-parameters.ts`); undefined when credlint cannot tell which functions run. */
  parametersTaking(call: ts.CallExpression | ts.NewExpression, index: number): readonly ts.ParameterDeclaration[] | undefined;
  /** `search` run as a question of its own, whose answer is kept: not cut short by the searches of the question under way. */
  apart<T>(search: () => T): T;
  /** The first change to the class's property `name` (`inside`: to a value inside it), through `this` or any use (`mutated-variables.ts`, `memberChangeOf`). */
  memberChangeOf(cls: ts.ClassLikeDeclaration, name: string, inside: boolean): string | undefined;
  /** The first change a caller makes to what a project method returns (`result-changes.ts`). */
  resultChangeOf(method: ts.MethodDeclaration | ts.ArrowFunction | ts.FunctionExpression): string | undefined;
}

export class PropertyChanges {
  private readonly answers = new WeakMap<ts.ClassLikeDeclaration, Map<string, string | undefined>>();
  private readonly objectWrites: StaticObjectWrites;

  constructor(
    private readonly ts: typeof import('typescript'),
    /** The declaration an identifier names, if any. */
    private readonly declarationOf: (identifier: ts.Identifier) => ts.Node | undefined,
    private readonly project: ProjectUses,
    private readonly search: ValueSearch,
  ) {
    this.objectWrites = new StaticObjectWrites(ts, declarationOf);
  }

  /**
   * The source of the first change made to the class's property `name` (`inside`: to a value inside
   * it, not the value itself) by a use of it outside the class's own `this`, or undefined when there is none.
   */
  changeOf(cls: ts.ClassLikeDeclaration, name: string, inside = false): string | undefined {
    let answers = this.answers.get(cls);
    if (!answers) {
      answers = new Map();
      this.answers.set(cls, answers);
    }
    const key = `${inside ? '1' : '0'}${name}`;
    if (answers.has(key)) return answers.get(key);
    answers.set(key, undefined);
    const answer = this.search.apart(() => this.memberUseChange(cls, name, inside));
    answers.set(key, answer);
    return answer;
  }

  /**
   * The source of the first write that replaces the class's property `name` from outside the class's
   * own `this` (`team.name = 'x'`, `team.count++`, `[team.name] = list`, `Object.assign(team, { name })`,
   * a subclass's `this.name = …`), or undefined when there is none: what a property holding a string
   * or a number may be, beside what the class itself assigns (`this-writes.ts`).
   */
  writeOf(cls: ts.ClassLikeDeclaration, name: string): string | undefined {
    let answers = this.answers.get(cls);
    if (!answers) {
      answers = new Map();
      this.answers.set(cls, answers);
    }
    const key = `w${name}`;
    if (answers.has(key)) return answers.get(key);
    const t = this.ts;
    const accesses = this.project.accessesNamed(name);
    let answer: string | undefined;
    if (accesses === undefined) answer = `credlint does not see every use of .${name} in the project`;
    for (const access of accesses ?? []) {
      const receiver = unwrapExpression(t, access.expression);
      if (receiver.kind === t.SyntaxKind.ThisKeyword && this.project.thisClassOf(access) === cls) continue;
      if (!this.mayHold(cls, receiver)) continue;
      const write = this.replacingWrite(access);
      if (write !== undefined) {
        answer = snippet(write, write.getSourceFile());
        break;
      }
    }
    answer ??= this.wholeObjectWrite(cls, name);
    answers.set(key, answer);
    return answer;
  }

  /** The expression writing `access` as a whole (an assignment, `++`, `delete`, a destructuring target), if any. */
  private replacingWrite(access: ts.Expression): ts.Node | undefined {
    const t = this.ts;
    let current: ts.Node = access;
    for (let depth = 0; depth < MAX_DEPTH; depth += 1) {
      const parent = parentOf(current);
      if (!parent) return undefined;
      if (
        isWrappingExpression(t, parent) ||
        t.isArrayLiteralExpression(parent) ||
        t.isSpreadElement(parent) ||
        t.isSpreadAssignment(parent) ||
        (t.isPropertyAssignment(parent) && parent.initializer === current) ||
        (t.isObjectLiteralExpression(parent) && depth > 0)
      ) {
        current = parent;
        continue;
      }
      const pattern = current !== access;
      if (isAssignment(t, parent)) return parent.left === current ? parent : undefined;
      if (pattern && (t.isForOfStatement(parent) || t.isForInStatement(parent))) return parent.initializer === current ? parent : undefined;
      if (pattern) return undefined;
      if ((t.isPrefixUnaryExpression(parent) || t.isPostfixUnaryExpression(parent)) && isIncrement(t, parent.operator)) return parent;
      return t.isDeleteExpression(parent) ? parent : undefined;
    }
    return undefined;
  }

  /**
   * The first change `changeOf` finds made by a use of the property other than the `known` ones (the
   * `this.users` of the writes `filled-objects.ts` records), or undefined when there is none.
   */
  changeBesides(cls: ts.ClassLikeDeclaration, name: string, known: ReadonlySet<ts.Node>): string | undefined {
    return this.search.apart(() => this.memberUseChange(cls, name, false, known));
  }

  private memberUseChange(cls: ts.ClassLikeDeclaration, name: string, inside: boolean, known?: ReadonlySet<ts.Node>): string | undefined {
    const t = this.ts;
    const accesses = this.project.accessesNamed(name);
    if (accesses === undefined) return `credlint does not see every use of .${name} in the project`;
    for (const access of accesses) {
      if (known?.has(access) === true) continue;
      const receiver = unwrapExpression(t, access.expression);
      let own = false;
      if (receiver.kind === t.SyntaxKind.ThisKeyword || receiver.kind === t.SyntaxKind.SuperKeyword) {
        // `this.name` of another class reaches this property only in a subclass (or where `this` is not known).
        const owner = this.project.thisClassOf(access);
        own = owner === cls && receiver.kind === t.SyntaxKind.ThisKeyword;
        if (owner && owner !== cls && !this.project.mayExtend(owner, cls)) continue;
      } else {
        // `stack.names` of `const stack = new Other(...)`: an instance of a class that is not this one.
        const made = this.instanceClassOf(receiver);
        if (made && made !== cls && !this.project.mayExtend(made, cls)) continue;
      }
      const change = this.useChange(cls, access, own, inside);
      if (change !== undefined) return change;
    }
    const written = inside ? undefined : this.wholeObjectWrite(cls, name);
    if (written !== undefined) return written;
    // `const { names } = this` (or `= stack`): a change of `names` changes the property. Such a
    // pattern writes the name, literally or with escapes: other files are not walked for it.
    for (const file of this.project.files()) {
      if (!file.text.includes(name) && !this.objectWrites.spellsWithEscapes(file)) continue;
      const changes = this.search.changesIn(file);
      for (const { declaration, local } of changes.destructured.get(name) ?? []) {
        if (!this.mayHold(cls, unwrapExpression(t, declaration.initializer as ts.Expression))) continue;
        const change = this.search.changeOfBound(changes, local, declaration);
        if (change !== undefined) return `${snippet(declaration, file)}; ${change}`;
      }
    }
    return undefined;
  }

  /**
   * `Object.assign(stack, { names: [...] })`, `Object.assign(this, props)`, `Reflect.set(team, 'names', x)`
   * and the like on a value that may be an instance of the class: a write of the property no `x.name`
   * access shows, unless the keys it writes are known and `name` is not one of them.
   */
  private wholeObjectWrite(cls: ts.ClassLikeDeclaration, name: string): string | undefined {
    const t = this.ts;
    for (const file of this.project.files()) {
      for (const call of this.objectWrites.callsIn(file)) {
        const [first] = call.arguments;
        const receiver = first && unwrapExpression(t, first);
        if (!receiver || this.objectWrites.isPlainObject(receiver) || !this.mayHold(cls, receiver)) continue;
        if (mayWriteKey(t, call, name)) return snippet(call, file);
      }
    }
    return undefined;
  }

  /** Whether `target` is the property `access` names, of a value that may be an instance of `cls` (so its uses are searched too). */
  private isSameProperty(cls: ts.ClassLikeDeclaration, access: ts.PropertyAccessExpression | ts.ElementAccessExpression, target: ts.Expression): boolean {
    const t = this.ts;
    const left = unwrapExpression(t, target);
    if (!isNamedMemberAccess(t, left) || !isNamedMemberAccess(t, access) || memberNameOf(t, left) !== memberNameOf(t, access)) return false;
    return this.mayHold(cls, unwrapExpression(t, left.expression));
  }

  /** Whether `receiver` may be an instance of `cls`: its `this`, a subclass's, or any value but a `const` instance of an unrelated project class. */
  private mayHold(cls: ts.ClassLikeDeclaration, receiver: ts.Expression): boolean {
    const t = this.ts;
    const owner =
      receiver.kind === t.SyntaxKind.ThisKeyword || receiver.kind === t.SyntaxKind.SuperKeyword
        ? this.project.thisClassOf(receiver)
        : this.instanceClassOf(receiver);
    return !owner || owner === cls || this.project.mayExtend(owner, cls);
  }

  /** The project class of `x` in `x.name` when `x` is a `const` initialized with `new C(...)` of a project class `C`. */
  private instanceClassOf(receiver: ts.Expression): ts.ClassLikeDeclaration | undefined {
    const t = this.ts;
    const variable = t.isIdentifier(receiver) ? this.declarationOf(receiver) : undefined;
    if (!variable || !t.isVariableDeclaration(variable) || !variable.initializer || (t.getCombinedNodeFlags(variable) & t.NodeFlags.Const) === 0)
      return undefined;
    const made = unwrapExpression(t, variable.initializer);
    const callee = t.isNewExpression(made) ? unwrapExpression(t, made.expression) : undefined;
    if (!callee || !t.isIdentifier(callee)) return undefined;
    const local = this.declarationOf(callee);
    const cls = local && t.isClassLike(local) ? local : this.project.importTarget(callee)?.declaration;
    return cls && t.isClassLike(cls) ? cls : undefined;
  }

  /**
   * How a use of a property (`access`: `x.name`) may change its value in place: a changing method or a
   * write on it or on a property under it, `Object.assign` and the like, an alias that is changed, or
   * the property itself handed to a function credlint does not follow, stored elsewhere or returned.
   * `own`: the class's own `this.name`, whose assignments are the property's value, not changes;
   * `inside`: only changes to a value inside the property's value count (not `x.name.push(…)`).
   */
  private useChange(
    cls: ts.ClassLikeDeclaration,
    access: ts.PropertyAccessExpression | ts.ElementAccessExpression,
    own: boolean,
    inside: boolean,
  ): string | undefined {
    const t = this.ts;
    const text = (node: ts.Node): string => snippet(node, node.getSourceFile());
    let current: ts.Expression = access;
    let deeper = false;
    for (let depth = 0; depth < MAX_DEPTH; depth += 1) {
      const parent = parentOf(current);
      if (!parent) return undefined;
      if (isWrappingExpression(t, parent)) {
        current = parent;
        continue;
      }
      if (!(t.isPropertyAccessExpression(parent) || t.isElementAccessExpression(parent)) || parent.expression !== current) break;
      const call = parentOf(parent);
      if (
        isNamedMemberAccess(t, parent) &&
        call &&
        t.isCallExpression(call) &&
        call.expression === parent &&
        CHANGING_METHODS.has(memberNameOf(t, parent)) &&
        (deeper || !inside)
      )
        return text(call);
      current = parent;
      deeper = true;
    }
    const parent = parentOf(current);
    if (!parent) return undefined;
    if (isAssignment(t, parent)) {
      if (parent.left === current) return deeper || (!own && !inside) ? text(parent) : undefined;
      // `other.list = this.names`: another name for the value, which credlint does not follow. Stored
      // under the same name of a value that may be an instance (`this.config = props.config` in the
      // class), it is that property again, whose every change the search of `.name` uses finds.
      if (!deeper && parent.operatorToken.kind === t.SyntaxKind.EqualsToken && !this.isSameProperty(cls, access, parent.left))
        return `${text(parent)}, which credlint does not follow`;
      return undefined;
    }
    if ((t.isPrefixUnaryExpression(parent) || t.isPostfixUnaryExpression(parent)) && isIncrement(t, parent.operator)) return deeper ? text(parent) : undefined;
    if (t.isDeleteExpression(parent)) return deeper ? text(parent) : undefined;
    if (t.isVariableDeclaration(parent) && parent.initializer === current) {
      const change = t.isIdentifier(parent.name) ? this.search.changeOfGiven(parent) : undefined;
      return change === undefined ? undefined : `${text(parent)}; ${change}`;
    }
    if ((t.isCallExpression(parent) || t.isNewExpression(parent)) && parent.expression !== current) {
      const index = parent.arguments?.indexOf(current) ?? -1;
      if (index < 0) return undefined;
      return this.handedChange(parent, index, !deeper);
    }
    if (!deeper && (t.isReturnStatement(parent) || (t.isArrowFunction(parent) && parent.body === current))) {
      // `return this.names` in the class's own getter or method, or in a static method (`this` the class).
      const followed = own || staticOwnerOf(t, access) !== undefined ? this.returnedChange(parent, inside) : undefined;
      if (!followed) return `${text(parent)}, which credlint does not follow`;
      return followed.change === undefined ? undefined : `${text(parent)}; ${followed.change}`;
    }
    return undefined;
  }

  /**
   * The class's own property returned (`return this._names` at `exit`) by one of its getters or methods:
   * the property is then changed wherever what the getter or method gives is (`team.names.push(x)`,
   * `team.all().push(x)`, README "CDK source"); undefined from any other function.
   */
  private returnedChange(exit: ts.Node, inside: boolean): { readonly change: string | undefined } | undefined {
    const t = this.ts;
    let returner = t.isReturnStatement(exit) ? parentOf(exit) : exit;
    while (returner && !t.isFunctionLike(returner)) returner = parentOf(returner);
    // `all = () => this.names`: a property holding an arrow function, whose `this` is the instance.
    const field = returner && t.isArrowFunction(returner) ? parentOf(returner) : undefined;
    if (returner && field && t.isPropertyDeclaration(field) && field.initializer === returner && t.isClassLike(parentOf(field) ?? field))
      return t.isIdentifier(field.name) ? { change: this.search.resultChangeOf(returner) } : undefined;
    const cls = returner && parentOf(returner);
    if (!returner || !cls || !t.isClassLike(cls) || !(t.isGetAccessorDeclaration(returner) || t.isMethodDeclaration(returner))) return undefined;
    if (!t.isIdentifier(returner.name)) return undefined;
    const name = returner.name.text;
    return { change: t.isGetAccessorDeclaration(returner) ? this.search.memberChangeOf(cls, name, inside) : this.search.resultChangeOf(returner) };
  }

  /**
   * Whether a call handed a property's value (`whole`) or a value under it changes it: `Object.assign`
   * and the like on it, a project function called by name that changes the parameter taking it, or
   * (for the whole value) any other function of the project, which credlint does not follow.
   */
  private handedChange(call: ts.CallExpression | ts.NewExpression, index: number, whole: boolean): string | undefined {
    const t = this.ts;
    const text = snippet(call, call.getSourceFile());
    const callee = unwrapExpression(t, call.expression);
    if (isNamedMemberAccess(t, callee)) {
      const owner = unwrapExpression(t, callee.expression);
      if (t.isIdentifier(owner) && Object.hasOwn(CHANGING_STATICS, owner.text) && this.declarationOf(owner) === undefined)
        return index === 0 && CHANGING_STATICS[owner.text]?.has(memberNameOf(t, callee)) === true ? text : undefined;
    }
    // `fill(stack.names)`, `helper.fill(stack.names)`: the project functions and methods the call runs.
    const parameters = this.search.parametersTaking(call, index);
    if (parameters !== undefined && parameters.length > 0) {
      for (const parameter of parameters) {
        const change = this.search.changeOfGiven(parameter);
        if (change !== undefined) return `${text}: ${change}`;
      }
      return undefined;
    }
    // A method of a global, a package or a built-in (`method-targets.ts`).
    if (parameters !== undefined && isNamedMemberAccess(t, callee)) return undefined;
    if (!whole) return undefined;
    const root = rootIdentifier(t, callee);
    // A global (`JSON.stringify`, `console.log`) or a package's function (`Fn.join`): taken not to change its arguments.
    if (root && this.declarationOf(root) === undefined) return undefined;
    if (root && this.project.importTarget(root)?.package === true) return undefined;
    return `${text}, which credlint does not follow`;
  }
}

/** The variable at the base of `a.b[c].d`, if the base is a plain name. */
function rootIdentifier(t: typeof import('typescript'), expression: ts.Expression): ts.Identifier | undefined {
  let current = unwrapExpression(t, expression);
  while (t.isPropertyAccessExpression(current) || t.isElementAccessExpression(current)) current = unwrapExpression(t, current.expression);
  return t.isIdentifier(current) ? current : undefined;
}
