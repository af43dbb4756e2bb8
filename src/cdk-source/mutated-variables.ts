import type * as ts from 'typescript';
import { ImportedUses } from './imported-uses.js';
import { parentOf } from './parent-of.js';
import { snippet } from './source-location.js';
import { isWrappingExpression, unwrapExpression } from './unwrap-expression.js';

/**
 * Variables (and class properties, through `this`) whose array or object value is changed in place after it is declared: `names.push('root')`,
 * `props.userName = 'root'`, `Object.assign(props, …)`, `delete props.status`, also through an alias
 * (`const list = names`, `const list = config.names`). The evaluator reads a variable from its
 * declaration, so a `const names: string[] = []` filled later would otherwise be an empty list, and a
 * loop over it would create nothing: findings lost without a word. Such a variable is unknown instead
 * (docs/cdk.md).
 *
 * One pass per scope lists, by name, the identifiers at the root of each change; a variable is changed
 * when one of them resolves to it, or when it is handed to a project function (`fill(names)`) that
 * changes the parameter taking it. A variable declared at the top of a module is also changed by
 * another module that imports it and changes it the same ways (`import { names } from './users';
 * names.push('root')`, also through `import * as users`).
 *
 * A class property is changed by what the class does through `this`, and by any other use of a
 * property of its name that may reach it: through an alias (`const list = this.names`), in a subclass
 * (`this.names.push(x)` in a class that may extend it), through an instance anywhere in the project
 * (`stack.names.push(x)`, `stack['names'].push(x)`, `Object.assign(stack.cfg, …)`, `stack.cfg.user = …`, `stack.names = […]`), or
 * when the property itself is handed to a function credlint does not follow into (a method, a project
 * function reached other than by its name; functions of packages and globals are taken not to change
 * their arguments), stored elsewhere (`other.list = this.names`) or returned.
 *
 * Not seen: changes made by a method or a function reached other than by its name to a variable, and
 * a value put in an object or array literal and changed from there.
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
}

/** Methods that change their receiver: Array's and those of Map and Set. */
const CHANGING_METHODS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin', 'set', 'add', 'delete', 'clear']);

/** `Object.<name>(target, …)` and `Reflect.<name>(target, …)` that change `target`. */
const CHANGING_STATICS: Readonly<Record<string, ReadonlySet<string>>> = {
  Object: new Set(['assign', 'defineProperty', 'defineProperties', 'setPrototypeOf']),
  Reflect: new Set(['set', 'defineProperty', 'deleteProperty', 'setPrototypeOf']),
};

/** How deep a scope's tree is searched (the evaluator's own scans stop at the same depth). */
const MAX_DEPTH = 500;

/** How many aliases of aliases are followed. */
const MAX_ALIAS_HOPS = 8;

interface ScopeChanges {
  /** Identifiers at the root of a change, by name, with the change's node (for messages). */
  readonly roots: Map<string, { readonly identifier: ts.Identifier; readonly change: ts.Node }[]>;
  /** Variables declared with another variable's name as their whole initializer (`const a = b`), by that name. */
  readonly aliases: Map<string, { readonly identifier: ts.Identifier; readonly alias: ts.VariableDeclaration }[]>;
  /** Changes whose root is a property of `this` (`this.names.push(x)`), by the property's name. */
  readonly members: Map<string, ts.Node[]>;
  /** `const { names, cfg: config } = x`: by the property's name, the declaration and the name it is bound to. */
  readonly destructured: Map<string, { readonly declaration: ts.VariableDeclaration; readonly local: string }[]>;
  /** Plain names handed to a function called by name (`fill(names)`), by that name: the function may change them. */
  readonly handed: Map<string, { readonly identifier: ts.Identifier; readonly call: ts.CallExpression; readonly index: number }[]>;
}

export class MutatedVariables {
  private readonly scopes = new WeakMap<ts.Node, ScopeChanges>();
  private readonly answers = new WeakMap<ts.VariableDeclaration, string | undefined>();

  private readonly memberAnswers = new WeakMap<ts.ClassLikeDeclaration, Map<string, string | undefined>>();

  /** Changes, aliases and calls of the project by what their identifiers import, for `importedChange`. */
  private readonly imported: ImportedUses;

  constructor(
    private readonly ts: typeof import('typescript'),
    /** The declaration an identifier names, if any. */
    private readonly declarationOf: (identifier: ts.Identifier) => ts.Node | undefined,
    private readonly project: ProjectUses,
  ) {
    this.imported = new ImportedUses(
      ts,
      () => project.files(),
      (file) => this.changesIn(file),
      (identifier) => project.importTarget(identifier),
    );
  }

  /** The source of the first change made to the variable's value in place, or undefined when there is none. */
  changeOf(variable: ts.VariableDeclaration): string | undefined {
    if (this.answers.has(variable)) return this.answers.get(variable);
    this.answers.set(variable, undefined);
    const answer = this.find(variable, 0) ?? this.importedChange(variable);
    this.answers.set(variable, answer);
    return answer;
  }

  /**
   * The first change another module makes to a variable declared at the top of its module, through
   * an import of it (`import { names }`, `import * as users`): directly, through an alias, or handed to
   * a function of that module that changes it.
   */
  private importedChange(variable: ts.VariableDeclaration): string | undefined {
    const t = this.ts;
    const statement = variable.parent.parent;
    if (!t.isIdentifier(variable.name) || !t.isVariableStatement(statement) || !t.isSourceFile(statement.parent)) return undefined;
    for (const use of this.imported.of(variable, statement.parent, variable.name.text)) {
      if (use.kind === 'change') return snippet(use.change, use.file);
      if (use.kind === 'alias') {
        const change = this.find(use.alias, 1);
        if (change !== undefined) return change;
        continue;
      }
      const parameter = this.parameterOf(use.call, use.index);
      const change = parameter && this.find(parameter, 1);
      if (change !== undefined) return `${snippet(use.call, use.file)}: ${change}`;
    }
    return undefined;
  }

  private find(variable: ts.VariableDeclaration | ts.ParameterDeclaration, hops: number): string | undefined {
    const t = this.ts;
    if (!t.isIdentifier(variable.name)) return undefined;
    const scope = t.isParameter(variable) ? variable.parent : parentOf(variable.parent.parent);
    if (scope === undefined) return undefined;
    const changes = this.changesIn(scope);
    const name = variable.name.text;
    const isThis = (identifier: ts.Identifier) => this.declarationOf(identifier) === variable;
    const direct = changes.roots.get(name)?.find(({ identifier }) => isThis(identifier));
    if (direct) return snippet(direct.change, direct.change.getSourceFile());
    if (hops >= MAX_ALIAS_HOPS) return undefined;
    for (const { identifier, alias } of changes.aliases.get(name) ?? []) {
      if (!isThis(identifier)) continue;
      const change = this.find(alias, hops + 1);
      if (change !== undefined) return change;
    }
    for (const { identifier, call, index } of changes.handed.get(name) ?? []) {
      if (!isThis(identifier)) continue;
      const parameter = this.parameterOf(call, index);
      const change = parameter && this.find(parameter, hops + 1);
      if (change !== undefined) return `${snippet(call, call.getSourceFile())}: ${change}`;
    }
    return undefined;
  }

  /**
   * When every change made to the variable's value in place is a plain write of one of its
   * properties (`users[name] = …`, `users.ci = …`, on the variable itself, not through an alias, a
   * deeper property or a function it is handed to), those writes; otherwise (or with no change) undefined.
   */
  writesOf(variable: ts.VariableDeclaration): readonly ts.BinaryExpression[] | undefined {
    const t = this.ts;
    if (!t.isIdentifier(variable.name) || this.changeOf(variable) === undefined) return undefined;
    const scope = parentOf(variable.parent.parent);
    if (scope === undefined) return undefined;
    const changes = this.changesIn(scope);
    const name = variable.name.text;
    const isThis = (identifier: ts.Identifier) => this.declarationOf(identifier) === variable;
    const aliased = (changes.aliases.get(name) ?? []).some(({ identifier, alias }) => isThis(identifier) && this.find(alias, 1) !== undefined);
    const handed = (changes.handed.get(name) ?? []).some(({ identifier, call, index }) => {
      if (!isThis(identifier)) return false;
      const parameter = this.parameterOf(call, index);
      return parameter !== undefined && this.find(parameter, 1) !== undefined;
    });
    if (aliased || handed) return undefined;
    const writes: ts.BinaryExpression[] = [];
    for (const { identifier, change } of changes.roots.get(name) ?? []) {
      if (!isThis(identifier)) continue;
      if (!isPropertyWrite(t, change, identifier)) return undefined;
      writes.push(change);
    }
    // Put in another object or array (`[users]`, `{ users }`), handed to any function, returned or
    // stored, the object may be written through that other way, which the writes above do not show.
    return onlyUsedAs(t, 'object', scope, name, isThis) ? writes : undefined;
  }

  /**
   * Whether a Set or Map variable is used only where its changes are seen (`onlyUsedAs`): put in an
   * array or object, handed to a function, returned or stored, it may be changed another way.
   */
  usedOnlyAsCollection(variable: ts.VariableDeclaration): boolean {
    const t = this.ts;
    if (!t.isIdentifier(variable.name)) return false;
    const scope = parentOf(variable.parent.parent);
    return scope !== undefined && onlyUsedAs(t, 'collection', scope, variable.name.text, (identifier) => this.declarationOf(identifier) === variable);
  }

  /**
   * When every change the class makes in place to its property `name` is a plain write of one of its
   * properties (`this.users[k] = …`, `this.users.k = …`), those writes; otherwise (or with none) undefined.
   */
  memberWritesOf(cls: ts.ClassLikeDeclaration, name: string): readonly ts.BinaryExpression[] | undefined {
    const t = this.ts;
    const changes = this.changesIn(cls).members.get(name);
    if (!changes) return undefined;
    const writes: ts.BinaryExpression[] = [];
    for (const change of changes) {
      if (!t.isBinaryExpression(change) || change.operatorToken.kind !== t.SyntaxKind.EqualsToken) return undefined;
      const left = unwrapExpression(t, change.left);
      if (!t.isPropertyAccessExpression(left) && !t.isElementAccessExpression(left)) return undefined;
      const target = unwrapExpression(t, left.expression);
      if (!t.isPropertyAccessExpression(target) || target.name.text !== name || unwrapExpression(t, target.expression).kind !== t.SyntaxKind.ThisKeyword)
        return undefined;
      writes.push(change);
    }
    return writes;
  }

  /** The parameter of the project function a call names (`function fill(list)`, `const fill = (list) => …`) that takes argument `index`. */
  private parameterOf(call: ts.CallExpression, index: number): ts.ParameterDeclaration | undefined {
    const t = this.ts;
    const callee = unwrapExpression(t, call.expression);
    if (!t.isIdentifier(callee)) return undefined;
    let declared = this.declarationOf(callee);
    if (declared && t.isVariableDeclaration(declared) && declared.initializer) declared = unwrapExpression(t, declared.initializer);
    if (!declared || !(t.isFunctionDeclaration(declared) || t.isFunctionExpression(declared) || t.isArrowFunction(declared))) return undefined;
    const parameter = declared.parameters[index];
    return parameter && !parameter.dotDotDotToken ? parameter : undefined;
  }

  /**
   * The source of the first change made in place to the value of the class's property `name`: inside
   * the class through `this` (`this.names.push(x)`), else by any use of a property of that name that
   * may reach it and that credlint does not follow (see the top of this file).
   */
  memberChangeOf(cls: ts.ClassLikeDeclaration, name: string): string | undefined {
    const change = this.changesIn(cls).members.get(name)?.[0];
    if (change !== undefined) return snippet(change, change.getSourceFile());
    let answers = this.memberAnswers.get(cls);
    if (!answers) {
      answers = new Map();
      this.memberAnswers.set(cls, answers);
    }
    if (answers.has(name)) return answers.get(name);
    // Asked while the project's uses are being listed (a callee evaluated then): only the class's own changes are known yet.
    if (!this.project.collected()) return undefined;
    answers.set(name, undefined);
    const answer = this.memberUseChange(cls, name);
    answers.set(name, answer);
    return answer;
  }

  private memberUseChange(cls: ts.ClassLikeDeclaration, name: string): string | undefined {
    const t = this.ts;
    const accesses = this.project.accessesNamed(name);
    if (accesses === undefined) return `credlint does not see every use of .${name} in the project`;
    for (const access of accesses) {
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
      const change = this.useChange(access, own);
      if (change !== undefined) return change;
    }
    // `const { names } = this` (or `= stack`): a change of `names` changes the property.
    for (const file of this.project.files()) {
      const changes = this.changesIn(file);
      for (const { declaration, local } of changes.destructured.get(name) ?? []) {
        if (!this.mayHold(cls, unwrapExpression(t, declaration.initializer as ts.Expression))) continue;
        const bound = (identifier: ts.Identifier) => this.declarationOf(identifier) === declaration;
        const direct = changes.roots.get(local)?.find(({ identifier }) => bound(identifier));
        if (direct) return `${snippet(declaration, file)}; ${snippet(direct.change, file)}`;
        for (const { identifier, alias } of changes.aliases.get(local) ?? []) {
          const change = bound(identifier) ? this.find(alias, 1) : undefined;
          if (change !== undefined) return `${snippet(declaration, file)}; ${change}`;
        }
        for (const { identifier, call, index } of changes.handed.get(local) ?? []) {
          const parameter = bound(identifier) ? this.parameterOf(call, index) : undefined;
          const change = parameter && this.find(parameter, 1);
          if (change !== undefined) return `${snippet(declaration, file)}; ${snippet(call, file)}: ${change}`;
        }
      }
    }
    return undefined;
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
   * `own`: the class's own `this.name`, whose assignments are the property's value, not changes.
   */
  private useChange(access: ts.PropertyAccessExpression | ts.ElementAccessExpression, own: boolean): string | undefined {
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
      if (t.isPropertyAccessExpression(parent) && call && t.isCallExpression(call) && call.expression === parent && CHANGING_METHODS.has(parent.name.text))
        return text(call);
      current = parent;
      deeper = true;
    }
    const parent = parentOf(current);
    if (!parent) return undefined;
    if (t.isBinaryExpression(parent) && parent.operatorToken.kind >= t.SyntaxKind.FirstAssignment && parent.operatorToken.kind <= t.SyntaxKind.LastAssignment) {
      if (parent.left === current) return deeper || !own ? text(parent) : undefined;
      // `other.list = this.names`: another name for the value, which credlint does not follow.
      if (!deeper && parent.operatorToken.kind === t.SyntaxKind.EqualsToken) return `${text(parent)}, which credlint does not follow`;
      return undefined;
    }
    if ((t.isPrefixUnaryExpression(parent) || t.isPostfixUnaryExpression(parent)) && isIncrement(t, parent.operator)) return deeper ? text(parent) : undefined;
    if (t.isDeleteExpression(parent)) return deeper ? text(parent) : undefined;
    if (t.isVariableDeclaration(parent) && parent.initializer === current) {
      const change = t.isIdentifier(parent.name) ? this.find(parent, 1) : undefined;
      return change === undefined ? undefined : `${text(parent)}; ${change}`;
    }
    if ((t.isCallExpression(parent) || t.isNewExpression(parent)) && parent.expression !== current) {
      const index = parent.arguments?.indexOf(current) ?? -1;
      if (index < 0) return undefined;
      return this.handedChange(parent, index, !deeper);
    }
    if (!deeper && (t.isReturnStatement(parent) || (t.isArrowFunction(parent) && parent.body === current)))
      return `${text(parent)}, which credlint does not follow`;
    return undefined;
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
    if (t.isPropertyAccessExpression(callee)) {
      const owner = unwrapExpression(t, callee.expression);
      if (t.isIdentifier(owner) && Object.hasOwn(CHANGING_STATICS, owner.text) && this.declarationOf(owner) === undefined)
        return index === 0 && CHANGING_STATICS[owner.text]?.has(callee.name.text) === true ? text : undefined;
    }
    if (t.isCallExpression(call) && t.isIdentifier(callee)) {
      const parameter = this.parameterOf(call, index);
      if (parameter) {
        const change = this.find(parameter, 1);
        return change === undefined ? undefined : `${text}: ${change}`;
      }
    }
    if (!whole) return undefined;
    const root = rootIdentifier(t, callee);
    // A global (`JSON.stringify`, `console.log`) or a package's function (`Fn.join`): taken not to change its arguments.
    if (root && this.declarationOf(root) === undefined) return undefined;
    if (root && this.project.importTarget(root)?.package === true) return undefined;
    return `${text}, which credlint does not follow`;
  }

  private changesIn(scope: ts.Node): ScopeChanges {
    const cached = this.scopes.get(scope);
    if (cached) return cached;
    const t = this.ts;
    const changes: ScopeChanges = { roots: new Map(), aliases: new Map(), members: new Map(), destructured: new Map(), handed: new Map() };
    const changed = (target: ts.Expression, change: ts.Node): void => {
      const member = thisMember(t, target);
      if (member !== undefined) {
        const list = changes.members.get(member) ?? [];
        list.push(change);
        changes.members.set(member, list);
      }
      const identifier = rootIdentifier(t, target);
      if (identifier === undefined) return;
      const list = changes.roots.get(identifier.text) ?? [];
      list.push({ identifier, change });
      changes.roots.set(identifier.text, list);
    };
    const visit = (node: ts.Node, depth: number): void => {
      if (depth > MAX_DEPTH) return;
      if (t.isCallExpression(node)) {
        const callee = unwrapExpression(t, node.expression);
        const [first] = node.arguments;
        if (t.isPropertyAccessExpression(callee)) {
          const owner = unwrapExpression(t, callee.expression);
          const statics = t.isIdentifier(owner) && Object.hasOwn(CHANGING_STATICS, owner.text) ? CHANGING_STATICS[owner.text] : undefined;
          if (statics?.has(callee.name.text) === true) {
            if (first) changed(first, node);
          } else if (CHANGING_METHODS.has(callee.name.text)) {
            changed(callee.expression, node);
          }
        } else if (t.isIdentifier(callee)) {
          node.arguments.forEach((argument, index) => {
            const identifier = unwrapExpression(t, argument);
            if (!t.isIdentifier(identifier)) return;
            const list = changes.handed.get(identifier.text) ?? [];
            list.push({ identifier, call: node, index });
            changes.handed.set(identifier.text, list);
          });
        }
      } else if (
        t.isBinaryExpression(node) &&
        node.operatorToken.kind >= t.SyntaxKind.FirstAssignment &&
        node.operatorToken.kind <= t.SyntaxKind.LastAssignment
      ) {
        const left = unwrapExpression(t, node.left);
        if (t.isPropertyAccessExpression(left) || t.isElementAccessExpression(left)) changed(left.expression, node);
      } else if ((t.isPrefixUnaryExpression(node) || t.isPostfixUnaryExpression(node)) && isIncrement(t, node.operator)) {
        const operand = unwrapExpression(t, node.operand);
        if (t.isPropertyAccessExpression(operand) || t.isElementAccessExpression(operand)) changed(operand.expression, node);
      } else if (t.isDeleteExpression(node)) {
        const operand = unwrapExpression(t, node.expression);
        if (t.isPropertyAccessExpression(operand) || t.isElementAccessExpression(operand)) changed(operand.expression, node);
      } else if (t.isVariableDeclaration(node) && node.initializer) {
        if (t.isObjectBindingPattern(node.name))
          for (const element of node.name.elements) {
            const key = element.propertyName ?? element.name;
            if (element.dotDotDotToken || !t.isIdentifier(element.name) || !(t.isIdentifier(key) || t.isStringLiteralLike(key))) continue;
            const list = changes.destructured.get(key.text) ?? [];
            list.push({ declaration: node, local: element.name.text });
            changes.destructured.set(key.text, list);
          }
        // `const list = names` or `const list = config.names`: changing `list` changes what `names` holds.
        const identifier = rootIdentifier(t, node.initializer);
        if (identifier !== undefined) {
          const list = changes.aliases.get(identifier.text) ?? [];
          list.push({ identifier, alias: node });
          changes.aliases.set(identifier.text, list);
        }
      }
      t.forEachChild(node, (child) => {
        visit(child, depth + 1);
      });
    };
    visit(scope, 0);
    this.scopes.set(scope, changes);
    return changes;
  }
}

/**
 * Whether every use of the variable in `scope` is one whose changes `MutatedVariables` sees: of an
 * object, reading or writing one of its properties (`users.ci`, `users[name]`), listing them
 * (`Object.keys/values/entries(users)`, `for (const k in users)`) or copying them (`{ ...users }`);
 * of a Set or Map, its members (`names.has(x)`, `names.add(x)`), `for...of`, a spread, or a copy
 * (`Array.from(names)`, `new Set(names)`). Past the depth limit, some other use is assumed.
 */
function onlyUsedAs(
  t: typeof import('typescript'),
  kind: 'object' | 'collection',
  scope: ts.Node,
  name: string,
  isThis: (identifier: ts.Identifier) => boolean,
): boolean {
  const isStatic = (callee: ts.Expression, owner: string, names: readonly string[]) =>
    t.isPropertyAccessExpression(callee) && t.isIdentifier(callee.expression) && callee.expression.text === owner && names.includes(callee.name.text);
  const plainUse = (identifier: ts.Identifier): boolean => {
    let use: ts.Node = identifier;
    while (
      t.isParenthesizedExpression(use.parent) ||
      t.isNonNullExpression(use.parent) ||
      t.isAsExpression(use.parent) ||
      t.isTypeAssertionExpression(use.parent)
    )
      use = use.parent;
    const parent = use.parent;
    if ((t.isPropertyAccessExpression(parent) || t.isElementAccessExpression(parent)) && parent.expression === use) return true;
    if (kind === 'object' && (t.isSpreadAssignment(parent) || (t.isForInStatement(parent) && parent.expression === use))) return true;
    if (kind === 'collection' && (t.isSpreadElement(parent) || (t.isForOfStatement(parent) && parent.expression === use))) return true;
    if (!(t.isCallExpression(parent) || t.isNewExpression(parent)) || parent.arguments?.length !== 1 || parent.arguments[0] !== use) return false;
    const callee = unwrapExpression(t, parent.expression);
    if (kind === 'object') return t.isCallExpression(parent) && isStatic(callee, 'Object', ['keys', 'values', 'entries']);
    return t.isCallExpression(parent) ? isStatic(callee, 'Array', ['from']) : t.isIdentifier(callee) && (callee.text === 'Set' || callee.text === 'Map');
  };
  const visit = (node: ts.Node, depth: number): boolean => {
    if (depth > MAX_DEPTH) return false;
    if (t.isIdentifier(node) && node.text === name && isThis(node) && !isDeclarationName(t, node) && !plainUse(node)) return false;
    return t.forEachChild(node, (child) => (visit(child, depth + 1) ? undefined : true)) !== true;
  };
  return visit(scope, 0);
}

/** The name a declaration declares (`const users = …`), not a use of it. */
function isDeclarationName(t: typeof import('typescript'), identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  return (t.isVariableDeclaration(parent) || t.isParameter(parent)) && parent.name === identifier;
}

/** `target[key] = value` or `target.key = value`, with `=`, whose target is `identifier` itself. */
function isPropertyWrite(t: typeof import('typescript'), change: ts.Node, identifier: ts.Identifier): change is ts.BinaryExpression {
  if (!t.isBinaryExpression(change) || change.operatorToken.kind !== t.SyntaxKind.EqualsToken) return false;
  const left = unwrapExpression(t, change.left);
  return (t.isPropertyAccessExpression(left) || t.isElementAccessExpression(left)) && unwrapExpression(t, left.expression) === identifier;
}

function isIncrement(t: typeof import('typescript'), operator: ts.SyntaxKind): boolean {
  return operator === t.SyntaxKind.PlusPlusToken || operator === t.SyntaxKind.MinusMinusToken;
}

/** The property of `this` at the base of `this.a.b[c]` (`a`), if the base is `this`. */
function thisMember(t: typeof import('typescript'), expression: ts.Expression): string | undefined {
  let current = unwrapExpression(t, expression);
  let name: string | undefined;
  while (t.isPropertyAccessExpression(current) || t.isElementAccessExpression(current)) {
    name = t.isPropertyAccessExpression(current)
      ? current.name.text
      : t.isStringLiteralLike(current.argumentExpression)
        ? current.argumentExpression.text
        : undefined;
    current = unwrapExpression(t, current.expression);
  }
  return current.kind === t.SyntaxKind.ThisKeyword ? name : undefined;
}

/** The variable at the base of `a.b[c].d`, if the base is a plain name. */
function rootIdentifier(t: typeof import('typescript'), expression: ts.Expression): ts.Identifier | undefined {
  let current = unwrapExpression(t, expression);
  while (t.isPropertyAccessExpression(current) || t.isElementAccessExpression(current)) current = unwrapExpression(t, current.expression);
  return t.isIdentifier(current) ? current : undefined;
}
