import type * as ts from 'typescript';
import { parentOf } from './parent-of.js';
import { snippet } from './source-location.js';
import { isWrappingExpression, unwrapExpression } from './unwrap-expression.js';
import { compose, COPY, ELEMENT, HOLDER, referenceOf, referencesIn, SAME, type Reference, type Relation } from './value-references.js';

/**
 * Variables (and class properties, through `this`) whose array or object value is changed in place after it is declared: `names.push('root')`,
 * `props.userName = 'root'`, `Object.assign(props, …)`, `delete props.status`, also through an alias
 * (`const list = names`, `const list = config.names`). The evaluator reads a variable from its
 * declaration, so a `const names: string[] = []` filled later would otherwise be an empty list, and a
 * loop over it would create nothing: findings lost without a word. Such a variable is unknown instead
 * (README, "CDK TypeScript source").
 *
 * One pass per scope lists, by name, the identifiers at the root of each change, and every other
 * reference the value of a name gets (`value-references.ts`): another variable or a destructured name
 * given it, an object or array literal holding it, an element a `for...of` or an array method's
 * callback receives, a property it is stored in (`h.a = names`, `this.list = names`), a parameter of a
 * project function or constructor called by name (also imported) it is handed to. A variable is changed
 * when a change's root resolves to it, or when one of those references is changed deep enough to reach
 * its value: a change to what only holds it (`h.b = x`, `arr.push(x)`) or to a copy (`names.slice()`)
 * does not. A variable declared at the top of a module is also changed by another module that imports
 * it and changes it the same ways (`import { names } from './users'; names.push('root')`, also through
 * `import * as users` and `const { names } = users`).
 *
 * A class property is changed by what the class does through `this`, and by any other use of a
 * property of its name that may reach it: through an alias (`const list = this.names`), in a subclass
 * (`this.names.push(x)` in a class that may extend it), through an instance anywhere in the project
 * (`stack.names.push(x)`, `stack['names'].push(x)`, `Object.assign(stack.cfg, …)`, `stack.cfg.user = …`, `stack.names = […]`), or
 * when the property itself is handed to a function credlint does not follow into (a method, a project
 * function reached other than by its name; functions of packages and globals are taken not to change
 * their arguments), stored elsewhere (`other.list = this.names`) or returned.
 *
 * Not seen: changes made to a variable by a method or a function reached other than by its name, or
 * through a value a function returns. Which property of an object holding a value a change goes
 * through is told apart (`h.b.push(x)` leaves what `h.a` holds), not which element of an array.
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

const NO_FILES: ReadonlySet<ts.SourceFile> = new Set();

/** How deep a scope's tree is searched (the evaluator's own scans stop at the same depth). */
const MAX_DEPTH = 500;

/** How many aliases of aliases are followed. */
const MAX_ALIAS_HOPS = 8;

/**
 * Which changes of a value are asked for: of values at least `depth` levels down it (0: the value
 * itself too), and, when `key` is known, only under its property `key` (what a holder holds there).
 */
interface Reach {
  readonly depth: number;
  readonly key?: string;
}

/** Any change of the value. */
const ANY: Reach = { depth: 0 };

interface ScopeChanges {
  /** Identifiers at the root of a change, by name, with the change's node (for messages) and how many levels down the identifier's value the changed value is. */
  readonly roots: Map<string, { readonly identifier: ts.Identifier; readonly change: ts.Node; readonly depth: number; readonly key: string | undefined }[]>;
  /**
   * Other names given to a value reached from a name (`referencesIn`), by that name: a declaration
   * (`const a = b`, `const a = config.names`, `const h = { a: names }`), an element a `for...of` or an
   * array method's callback receives (`for (const u of users)`, `users.forEach((u) => …)`).
   */
  readonly aliases: Map<
    string,
    { readonly identifier: ts.Identifier; readonly alias: ts.VariableDeclaration | ts.ParameterDeclaration; readonly relation: Relation }[]
  >;
  /** Names whose elements an array method hands to a function named as its callback (`users.forEach(rename)`), by that name. */
  readonly callbacks: Map<
    string,
    {
      readonly identifier: ts.Identifier;
      readonly callback: ts.Identifier;
      readonly index: number;
      readonly call: ts.CallExpression;
      readonly relation: Relation;
    }[]
  >;
  /** Values reached from a name and stored in a property of `this` (`this.names = names`), by that name, with the property's name. */
  readonly inMembers: Map<
    string,
    { readonly identifier: ts.Identifier; readonly self: ts.Expression; readonly member: string; readonly assignment: ts.Node }[]
  >;
  /** Values reached from a name and stored in another name's value (`h.a = names`) or given to it (`list = names`), by the first name. */
  readonly stored: Map<
    string,
    { readonly identifier: ts.Identifier; readonly holder: ts.Identifier; readonly assignment: ts.Node; readonly relation: Relation }[]
  >;
  /** Changes whose root is a property of `this` (`this.names.push(x)`), by the property's name. */
  readonly members: Map<string, ts.Node[]>;
  /** `const { names, cfg: config } = x`: by the property's name, the declaration and the name it is bound to. */
  readonly destructured: Map<string, { readonly declaration: ts.VariableDeclaration; readonly local: string }[]>;
  /** Values reached from a name handed to a function called by name (`fill(names)`, `fill({ list: names })`), by that name: the function may change them. */
  readonly handed: Map<
    string,
    { readonly identifier: ts.Identifier; readonly call: ts.CallExpression | ts.NewExpression; readonly index: number; readonly relation: Relation }[]
  >;
}

/**
 * Array (and Map and Set) methods whose callback receives the receiver's elements: which parameters
 * take an element (a Set's `forEach` gives it twice), and which one the receiver itself
 * (https://tc39.es/ecma262/#sec-array.prototype.foreach). `reduce`'s accumulator starts as its
 * second argument, or as the first element without one.
 */
const ELEMENT_CALLBACKS: Readonly<Record<string, { readonly elements: readonly number[]; readonly receiver: number }>> = {
  forEach: { elements: [0, 1], receiver: 2 },
  map: { elements: [0], receiver: 2 },
  flatMap: { elements: [0], receiver: 2 },
  filter: { elements: [0], receiver: 2 },
  find: { elements: [0], receiver: 2 },
  findLast: { elements: [0], receiver: 2 },
  findIndex: { elements: [0], receiver: 2 },
  findLastIndex: { elements: [0], receiver: 2 },
  some: { elements: [0], receiver: 2 },
  every: { elements: [0], receiver: 2 },
  reduce: { elements: [1], receiver: 3 },
  reduceRight: { elements: [1], receiver: 3 },
};

export class MutatedVariables {
  private readonly scopes = new WeakMap<ts.Node, ScopeChanges>();
  private readonly answers = new WeakMap<ts.VariableDeclaration, string | undefined>();

  private readonly memberAnswers = new WeakMap<ts.ClassLikeDeclaration, Map<string, string | undefined>>();
  /**
   * The searches (`find`) the current question has started, by variable or parameter: one asked again
   * with no more hops left and no more changes asked for finds nothing the first did not (it found
   * nothing, or is still under way further up). Without it, values held by several others at each of
   * the `MAX_ALIAS_HOPS` levels (`const b = [a, a]`, `const c = [b, b]`, …) made the search exponential.
   */
  private searched: Map<ts.Node, { readonly hops: number; readonly reach: Reach; readonly indirectOnly: boolean }[]> | undefined;
  /** Project file → the files that import from it (`importersOf`), for one list of the project's files. */
  private importers: { readonly files: readonly ts.SourceFile[]; readonly index: Map<ts.SourceFile, Set<ts.SourceFile>> } | undefined;
  private readonly importTargets = new WeakMap<ts.Identifier, ReturnType<ProjectUses['importTarget']>>();
  /** `spellsWithEscapes`, per file. */
  private readonly escapes = new WeakMap<ts.SourceFile, boolean>();

  constructor(
    private readonly ts: typeof import('typescript'),
    /** The declaration an identifier names, if any. */
    private readonly declarationOf: (identifier: ts.Identifier) => ts.Node | undefined,
    private readonly project: ProjectUses,
  ) {}

  /** The source of the first change made to the variable's value in place, or undefined when there is none. */
  changeOf(variable: ts.VariableDeclaration): string | undefined {
    if (this.answers.has(variable)) return this.answers.get(variable);
    this.answers.set(variable, undefined);
    const answer = this.find(variable, 0, ANY) ?? this.importedChange(variable);
    this.answers.set(variable, answer);
    return answer;
  }

  /**
   * The first change another module makes to a variable declared at the top of its module, through
   * an import of it (`import { names }`, `import * as users`, `const { names } = users`): directly, or
   * through a value it is given to, held in or handed to (`through`).
   */
  private importedChange(variable: ts.VariableDeclaration): string | undefined {
    const t = this.ts;
    const statement = variable.parent.parent;
    if (!t.isIdentifier(variable.name) || !t.isVariableStatement(statement) || !t.isSourceFile(statement.parent)) return undefined;
    const home = statement.parent;
    const name = variable.name.text;
    const names = (identifier: ts.Identifier): boolean => {
      const target = this.importTargetOf(identifier);
      if (target?.declaration === variable) return true;
      // `all.names` of `import * as all`.
      const access = parentOf(identifier);
      return (
        target?.file === home && access !== undefined && t.isPropertyAccessExpression(access) && access.expression === identifier && access.name.text === name
      );
    };
    const importers = this.importersOf(home);
    for (const file of this.project.files()) {
      if (file === home || !importers.has(file)) continue;
      const changes = this.changesIn(file);
      const change = this.through(changes, undefined, names, 0, ANY);
      if (change !== undefined) return change;
      // `const { names } = all` of `import * as all`.
      for (const list of changes.aliases.values())
        for (const { identifier, alias, relation } of list) {
          if (relation.shift !== 0 || relation.from !== 0 || !t.isObjectBindingPattern(alias.name) || this.importTargetOf(identifier)?.file !== home) continue;
          const local = boundTo(t, alias.name, name);
          const scope = local === undefined ? undefined : scopeOf(t, alias);
          const found = scope && this.through(this.changesIn(scope), local, (other) => this.declarationOf(other) === alias, 1, ANY);
          if (found !== undefined) return `${snippet(alias, file)}; ${found}`;
        }
    }
    return undefined;
  }

  /** `ProjectUses.importTarget`, worked out once per identifier: the search of imported changes asks it of each change for every variable. */
  private importTargetOf(identifier: ts.Identifier): ReturnType<ProjectUses['importTarget']> {
    if (this.importTargets.has(identifier)) return this.importTargets.get(identifier);
    const target = this.project.importTarget(identifier);
    this.importTargets.set(identifier, target);
    return target;
  }

  /**
   * The project files that import something of `home` (a declaration of it, also through a
   * re-export, or the module as a whole). Only they can change a variable of `home` through an
   * import, so only they are searched for its changes: searching every file of the project for every
   * variable asked about took 40 s in a real 1,100-file project. Worked out once per list of the
   * project's files (the call-site search sets it as it starts, and evaluates callees while it runs).
   */
  private importersOf(home: ts.SourceFile): ReadonlySet<ts.SourceFile> {
    const files = this.project.files();
    if (this.importers?.files !== files) {
      const t = this.ts;
      const index = new Map<ts.SourceFile, Set<ts.SourceFile>>();
      for (const file of files)
        for (const statement of file.statements) {
          // The names an import binds: `import a, { b as c } from`, `import * as d from`, `import e = require()`.
          const bindings: ts.Identifier[] = t.isImportEqualsDeclaration(statement) ? [statement.name] : [];
          const clause = t.isImportDeclaration(statement) ? statement.importClause : undefined;
          if (clause?.name) bindings.push(clause.name);
          const named = clause?.namedBindings;
          if (named && t.isNamespaceImport(named)) bindings.push(named.name);
          if (named && t.isNamedImports(named)) bindings.push(...named.elements.map((element) => element.name));
          for (const binding of bindings) {
            const target = this.importTargetOf(binding);
            const from = target?.file ?? target?.declaration?.getSourceFile();
            if (from === undefined || from === file) continue;
            const importers = index.get(from) ?? new Set();
            importers.add(file);
            index.set(from, importers);
          }
        }
      this.importers = { files, index };
    }
    return this.importers.index.get(home) ?? NO_FILES;
  }

  /**
   * The first change made to the value of a variable or parameter (`depth`: or only to a value inside
   * it) in its scope: a name it binds is changed, or another value it is given to, held in, or handed
   * to is (`through`). A name a destructuring pattern binds (`const { list } = x`) is inside the value.
   */
  private find(variable: ts.VariableDeclaration | ts.ParameterDeclaration, hops: number, reach: Reach, indirectOnly = false): string | undefined {
    const outermost = this.searched === undefined;
    const searched = this.searched ?? new Map<ts.Node, { readonly hops: number; readonly reach: Reach; readonly indirectOnly: boolean }[]>();
    const earlier = searched.get(variable) ?? [];
    if (earlier.some((search) => search.hops <= hops && covers(search.reach, reach) && (!search.indirectOnly || indirectOnly))) return undefined;
    earlier.push({ hops, reach, indirectOnly });
    searched.set(variable, earlier);
    this.searched = searched;
    try {
      return this.findIn(variable, hops, reach, indirectOnly);
    } finally {
      if (outermost) this.searched = undefined;
    }
  }

  private findIn(variable: ts.VariableDeclaration | ts.ParameterDeclaration, hops: number, reach: Reach, indirectOnly: boolean): string | undefined {
    const scope = scopeOf(this.ts, variable);
    if (scope === undefined) return undefined;
    const changes = this.changesIn(scope);
    const isThis = (identifier: ts.Identifier) => this.declarationOf(identifier) === variable;
    for (const { name, inside, key } of boundNames(this.ts, variable.name)) {
      // `const { a } = h`, asked about what `h` holds under `b`: `a` is not there.
      if (inside > 0 && reach.key !== undefined && key !== undefined && key !== reach.key) continue;
      const change = this.through(changes, name, isThis, hops, inside > 0 ? { depth: Math.max(0, reach.depth - inside) } : reach, indirectOnly);
      if (change !== undefined) return change;
    }
    return undefined;
  }

  /**
   * The first change in `changes` to the value of a name (`key`, or any name) that `refers` picks,
   * made on it directly or through another name its value goes to (an alias, a holder, a parameter).
   */
  private through(
    changes: ScopeChanges,
    key: string | undefined,
    refers: (identifier: ts.Identifier) => boolean,
    hops: number,
    reach: Reach,
    indirectOnly = false,
  ): string | undefined {
    const t = this.ts;
    const pick = <T>(map: Map<string, T[]>): readonly T[] => (key === undefined ? [...map.values()].flat() : (map.get(key) ?? []));
    const direct = indirectOnly ? undefined : pick(changes.roots).find((root) => reaches(root, reach) && refers(root.identifier));
    if (direct) return snippet(direct.change, direct.change.getSourceFile());
    if (hops >= MAX_ALIAS_HOPS) {
      // A value given on past the names followed may be changed there: not known, rather than taken as declared.
      const onward =
        [changes.aliases, changes.stored, changes.inMembers].some((map) =>
          pick<{ readonly identifier: ts.Identifier }>(map).some((entry) => refers(entry.identifier)),
        ) ||
        pick(changes.callbacks).some((entry) => refers(entry.identifier) && this.parameterNamed(entry.callback, entry.index, false) !== undefined) ||
        pick(changes.handed).some((entry) => refers(entry.identifier) && this.parameterOf(entry.call, entry.index) !== undefined);
      return onward ? `it is given on through more than ${String(MAX_ALIAS_HOPS)} names, which credlint does not follow` : undefined;
    }
    for (const { identifier, alias, relation } of pick(changes.aliases)) {
      if (!refers(identifier)) continue;
      const next = deeper(relation, reach);
      const change = next && this.find(alias, hops + 1, next);
      // How a new array or object came to hold the value (`h = { a: names }`) is part of the story.
      if (change !== undefined) return relation.from > 0 ? `${snippet(alias, alias.getSourceFile())}; ${change}` : change;
    }
    for (const { identifier, holder, assignment, relation } of pick(changes.stored)) {
      if (!refers(identifier)) continue;
      const declaration = this.declarationOf(holder);
      const held = declaration && (t.isVariableDeclaration(declaration) || t.isParameter(declaration)) ? declaration : undefined;
      const next = deeper(relation, reach);
      const change = held && next && this.find(held, hops + 1, next);
      if (change !== undefined) return `${snippet(assignment, assignment.getSourceFile())}; ${change}`;
    }
    // `this.names = names`: whatever changes the class's property (`memberChangeOf`) may change the value.
    for (const { identifier, self, member, assignment } of pick(changes.inMembers)) {
      const cls = refers(identifier) ? this.project.thisClassOf(self) : undefined;
      const change = cls && this.memberChangeOf(cls, member);
      if (change !== undefined) return `${snippet(assignment, assignment.getSourceFile())}; ${change}`;
    }
    for (const { identifier, callback, index, call, relation } of pick(changes.callbacks)) {
      if (!refers(identifier)) continue;
      const parameter = this.parameterNamed(callback, index, false);
      const next = deeper(relation, reach);
      const change = parameter && next && this.find(parameter, hops + 1, next);
      if (change !== undefined) return `${snippet(call, call.getSourceFile())}: ${change}`;
    }
    for (const { identifier, call, index, relation } of pick(changes.handed)) {
      if (!refers(identifier)) continue;
      const parameter = this.parameterOf(call, index);
      const next = deeper(relation, reach);
      const change = parameter && next && this.find(parameter, hops + 1, next);
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
    if (this.find(variable, 0, ANY, true) !== undefined) return undefined;
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
  private parameterOf(call: ts.CallExpression | ts.NewExpression, index: number): ts.ParameterDeclaration | undefined {
    const callee = unwrapExpression(this.ts, call.expression);
    return this.ts.isIdentifier(callee) ? this.parameterNamed(callee, index, this.ts.isNewExpression(call)) : undefined;
  }

  /** Parameter `index` of the project function (or, `constructing`, class constructor) a name names. */
  private parameterNamed(callee: ts.Identifier, index: number, constructing: boolean): ts.ParameterDeclaration | undefined {
    const t = this.ts;
    // A name imported from a project file: the function (or class) that file exports.
    let declared = this.declarationOf(callee);
    if (declared && !t.isVariableDeclaration(declared) && !t.isFunctionLike(declared) && !t.isClassLike(declared))
      declared = this.project.importTarget(callee)?.declaration;
    if (declared && t.isVariableDeclaration(declared) && declared.initializer) declared = unwrapExpression(t, declared.initializer);
    // `new Stack(app, 'Id', props)` of a project class: its constructor's parameters.
    if (declared && t.isClassLike(declared) && constructing)
      declared = declared.members.find((member): member is ts.ConstructorDeclaration => t.isConstructorDeclaration(member) && member.body !== undefined);
    if (
      !declared ||
      !(t.isFunctionDeclaration(declared) || t.isFunctionExpression(declared) || t.isArrowFunction(declared) || t.isConstructorDeclaration(declared)) ||
      constructing !== t.isConstructorDeclaration(declared)
    )
      return undefined;
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
    // A question of its own, whose answer is kept: not cut short by the searches of the one that asked it.
    const asking = this.searched;
    this.searched = undefined;
    try {
      const answer = this.memberUseChange(cls, name);
      answers.set(name, answer);
      return answer;
    } finally {
      this.searched = asking;
    }
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
    // `const { names } = this` (or `= stack`): a change of `names` changes the property. Such a
    // pattern writes the name, literally or with escapes: other files are not walked for it.
    for (const file of this.project.files()) {
      if (!file.text.includes(name) && !this.spellsWithEscapes(file)) continue;
      const changes = this.changesIn(file);
      for (const { declaration, local } of changes.destructured.get(name) ?? []) {
        if (!this.mayHold(cls, unwrapExpression(t, declaration.initializer as ts.Expression))) continue;
        const bound = (identifier: ts.Identifier) => this.declarationOf(identifier) === declaration;
        const change = this.through(changes, local, bound, 1, ANY);
        if (change !== undefined) return `${snippet(declaration, file)}; ${change}`;
      }
    }
    return undefined;
  }

  /** Whether a file holds an escape that may spell a letter of a name (`n\u0061mes`, `'n\x61mes'`, `'n\141mes'`). */
  private spellsWithEscapes(file: ts.SourceFile): boolean {
    let answer = this.escapes.get(file);
    if (answer === undefined) {
      answer = /\\[ux0-7]/i.test(file.text);
      this.escapes.set(file, answer);
    }
    return answer;
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
      const change = t.isIdentifier(parent.name) ? this.find(parent, 1, ANY) : undefined;
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
        const change = this.find(parameter, 1, ANY);
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
    const changes: ScopeChanges = {
      roots: new Map(),
      aliases: new Map(),
      inMembers: new Map(),
      callbacks: new Map(),
      stored: new Map(),
      members: new Map(),
      destructured: new Map(),
      handed: new Map(),
    };
    const add = <T extends { readonly identifier: ts.Identifier }>(map: Map<string, T[]>, entry: T): void => {
      const list = map.get(entry.identifier.text) ?? [];
      list.push(entry);
      map.set(entry.identifier.text, list);
    };
    const changed = (target: ts.Expression, change: ts.Node): void => {
      const member = thisMember(t, target);
      if (member !== undefined) {
        const list = changes.members.get(member) ?? [];
        list.push(change);
        changes.members.set(member, list);
      }
      // A change made to a copy (`names.slice().push(x)`) leaves the name's value as it was.
      const reference = referenceOf(t, target);
      if (reference === undefined || reference.relation.from > 0) return;
      add(changes.roots, { identifier: reference.identifier, change, depth: reference.relation.shift, key: reference.relation.key });
    };
    // What a `for...of` or an array method's callback receives is an element: inside the value iterated.
    const elements = (iterated: ts.Expression, alias: ts.VariableDeclaration | ts.ParameterDeclaration): void => {
      for (const { identifier, relation } of referencesIn(t, iterated)) add(changes.aliases, { identifier, alias, relation: compose(ELEMENT, relation) });
    };
    // Arguments of a function or class called by name: what the parameter taking each one is given.
    const handedIn = (call: ts.CallExpression | ts.NewExpression): void => {
      call.arguments?.forEach((argument, index) => {
        for (const { identifier, relation } of referencesIn(t, argument)) add(changes.handed, { identifier, call, index, relation });
      });
    };
    // `value` put where `slot` reaches (`slot` is `h.a` in `h.a = value`), `step` being what the slot gets
    // of it: the value, or a copy of what it holds; the slot's name now holds what the value is.
    const stored = (slot: Reference, value: ts.Expression, assignment: ts.Node, step: Relation): void => {
      const { shift, from } = slot.relation;
      if (from > 0) return;
      for (const reference of referencesIn(t, value)) {
        // `({ b: list } = { a: names, b: [] })`: the slot is given what the holder has under another property.
        if (
          step.shift > 0 &&
          reference.relation.shift < 0 &&
          step.key !== undefined &&
          reference.relation.key !== undefined &&
          step.key !== reference.relation.key
        )
          continue;
        const relation = compose(step, reference.relation);
        // Under the slot's first property of the holder (`h.a = names`: `a`), or, put in the holder's place, where the value has it.
        const key = shift > 0 ? slot.relation.key : relation.key;
        add(changes.stored, {
          identifier: reference.identifier,
          holder: slot.identifier,
          assignment,
          relation: { shift: relation.shift - shift, from: relation.from + shift, ...(key === undefined ? {} : { key }) },
        });
      }
    };
    // A target an assignment writes (`u.name`: a change of `u`) and, from `value`, `step` relating what it is given to the value.
    const assignedTarget = (target: ts.Expression, step: Relation, value: ts.Expression | undefined, assignment: ts.Node): void => {
      if (t.isPropertyAccessExpression(target) || t.isElementAccessExpression(target)) changed(target.expression, assignment);
      // `[this.list] = [names]`: what the class does to its property may change the value (any part of `value` may land there).
      const self = t.isPropertyAccessExpression(target) ? unwrapExpression(t, target.expression) : undefined;
      if (value && self?.kind === t.SyntaxKind.ThisKeyword && t.isPropertyAccessExpression(target))
        for (const { identifier } of referencesIn(t, value)) add(changes.inMembers, { identifier, self, member: target.name.text, assignment });
      const slot = value && referenceOf(t, target);
      if (slot) stored(slot, value, assignment, step);
    };
    // The targets of a destructuring assignment's pattern, `depth` levels down `value` (under its property `key`).
    const assignedTargets = (
      pattern: ts.ArrayLiteralExpression | ts.ObjectLiteralExpression,
      depth: number,
      key: string | undefined,
      value: ts.Expression | undefined,
      assignment: ts.Node,
    ): void => {
      if (depth > MAX_DEPTH) return;
      const parts: [ts.Expression, string | undefined, boolean][] = t.isArrayLiteralExpression(pattern)
        ? pattern.elements.flatMap((element): [ts.Expression, string | undefined, boolean][] =>
            t.isOmittedExpression(element) ? [] : t.isSpreadElement(element) ? [[element.expression, undefined, true]] : [[element, undefined, false]],
          )
        : pattern.properties.flatMap((property): [ts.Expression, string | undefined, boolean][] => {
            if (t.isPropertyAssignment(property))
              return [[property.initializer, t.isIdentifier(property.name) || t.isStringLiteralLike(property.name) ? property.name.text : undefined, false]];
            if (t.isShorthandPropertyAssignment(property)) return [[property.name, property.name.text, false]];
            return t.isSpreadAssignment(property) ? [[property.expression, undefined, true]] : [];
          });
      for (const [part, name, rest] of parts) {
        let target = unwrapExpression(t, part);
        // `[a = fallback] = x`: the target is `a`, given `fallback` when nothing is there.
        if (t.isBinaryExpression(target) && target.operatorToken.kind === t.SyntaxKind.EqualsToken) {
          const fallback = target.right;
          target = unwrapExpression(t, target.left);
          const slot = referenceOf(t, target);
          if (slot) stored(slot, fallback, assignment, SAME);
        }
        const first = depth === 0 ? name : key;
        if (t.isArrayLiteralExpression(target) || t.isObjectLiteralExpression(target)) assignedTargets(target, depth + 1, first, value, assignment);
        // A rest target (`[...others] = x`) is a new array or object of the values one level down.
        else
          assignedTarget(
            target,
            rest ? { shift: depth, from: 1 } : { shift: depth + 1, from: 0, ...(first === undefined ? {} : { key: first }) },
            value,
            assignment,
          );
      }
    };
    const visit = (node: ts.Node, depth: number): void => {
      if (depth > MAX_DEPTH) return;
      if (t.isCallExpression(node)) {
        const callee = unwrapExpression(t, node.expression);
        const [first] = node.arguments;
        if (t.isPropertyAccessExpression(callee)) {
          const owner = unwrapExpression(t, callee.expression);
          const statics = t.isIdentifier(owner) && Object.hasOwn(CHANGING_STATICS, owner.text) ? CHANGING_STATICS[owner.text] : undefined;
          const method = callee.name.text;
          if (statics?.has(method) === true) {
            if (first) changed(first, node);
            // `Object.assign(target, { a: names })`: the target gets what the sources hold.
            const target = first && method === 'assign' ? referenceOf(t, first) : undefined;
            if (target) for (const source of node.arguments.slice(1)) stored(target, source, node, COPY);
          } else if (CHANGING_METHODS.has(method)) {
            changed(callee.expression, node);
            // `all.push(names)`, `byName.set(k, names)`: the receiver now holds the arguments, one level down.
            const receiver = referenceOf(t, callee.expression);
            if (receiver) for (const argument of node.arguments) stored(receiver, argument, node, HOLDER);
          }
          const callback = first && Object.hasOwn(ELEMENT_CALLBACKS, method) ? unwrapExpression(t, first) : undefined;
          const takes = ELEMENT_CALLBACKS[method];
          if (callback && takes) {
            // Each parameter and what it is given: elements, the receiver, the accumulator's start.
            const given: [number, ts.Expression, Relation][] = [
              ...takes.elements.map((index): [number, ts.Expression, Relation] => [index, callee.expression, ELEMENT]),
              [takes.receiver, callee.expression, SAME],
            ];
            const start = node.arguments[1];
            if (method === 'reduce' || method === 'reduceRight') given.push(start ? [0, start, SAME] : [0, callee.expression, ELEMENT]);
            const inline = t.isArrowFunction(callback) || t.isFunctionExpression(callback) ? callback : undefined;
            for (const [index, value, step] of given) {
              const parameter = inline?.parameters[index];
              if (parameter)
                for (const { identifier, relation } of referencesIn(t, value))
                  add(changes.aliases, { identifier, alias: parameter, relation: compose(step, relation) });
              // `users.forEach(rename)`: a project function named as the callback receives them too.
              else if (!inline && t.isIdentifier(callback))
                for (const { identifier, relation } of referencesIn(t, value))
                  add(changes.callbacks, { identifier, callback, index, call: node, relation: compose(step, relation) });
            }
          }
        } else if (t.isIdentifier(callee)) handedIn(node);
      } else if (t.isNewExpression(node) && t.isIdentifier(unwrapExpression(t, node.expression))) {
        handedIn(node);
      } else if (
        t.isBinaryExpression(node) &&
        node.operatorToken.kind >= t.SyntaxKind.FirstAssignment &&
        node.operatorToken.kind <= t.SyntaxKind.LastAssignment
      ) {
        const left = unwrapExpression(t, node.left);
        if (t.isPropertyAccessExpression(left) || t.isElementAccessExpression(left)) changed(left.expression, node);
        // `[list] = [names]`, `({ a: u.name } = x)`: each target of the pattern is assigned what is there.
        if ((t.isArrayLiteralExpression(left) || t.isObjectLiteralExpression(left)) && node.operatorToken.kind === t.SyntaxKind.EqualsToken)
          assignedTargets(left, 0, undefined, node.right, node);
        // `h.a = names`: `h` now holds the value; `list = names`: `list` is it.
        const holder = node.operatorToken.kind === t.SyntaxKind.EqualsToken ? referenceOf(t, left) : undefined;
        const self = t.isPropertyAccessExpression(left) ? unwrapExpression(t, left.expression) : undefined;
        if (self && self.kind === t.SyntaxKind.ThisKeyword && t.isPropertyAccessExpression(left) && node.operatorToken.kind === t.SyntaxKind.EqualsToken)
          for (const { identifier } of referencesIn(t, node.right)) add(changes.inMembers, { identifier, self, member: left.name.text, assignment: node });
        if (holder) stored(holder, node.right, node, SAME);
      } else if ((t.isPrefixUnaryExpression(node) || t.isPostfixUnaryExpression(node)) && isIncrement(t, node.operator)) {
        const operand = unwrapExpression(t, node.operand);
        if (t.isPropertyAccessExpression(operand) || t.isElementAccessExpression(operand)) changed(operand.expression, node);
      } else if (t.isDeleteExpression(node)) {
        const operand = unwrapExpression(t, node.expression);
        if (t.isPropertyAccessExpression(operand) || t.isElementAccessExpression(operand)) changed(operand.expression, node);
      } else if (t.isForOfStatement(node) && t.isVariableDeclarationList(node.initializer)) {
        const [declaration] = node.initializer.declarations;
        if (declaration) elements(node.expression, declaration);
      } else if ((t.isForOfStatement(node) || t.isForInStatement(node)) && !t.isVariableDeclarationList(node.initializer)) {
        // `for (u of users)`, `for ([k, v] of Object.entries(h))`, `for (u.name in x)`: each element (a key of `for...in`) is assigned to the target.
        const of = t.isForOfStatement(node);
        const target = unwrapExpression(t, node.initializer);
        if (t.isArrayLiteralExpression(target) || t.isObjectLiteralExpression(target))
          assignedTargets(target, of ? 1 : 0, undefined, of ? node.expression : undefined, node);
        else assignedTarget(target, { shift: 1, from: 0 }, of ? node.expression : undefined, node);
      } else if (t.isVariableDeclaration(node) && node.initializer) {
        if (t.isObjectBindingPattern(node.name))
          for (const element of node.name.elements) {
            const key = element.propertyName ?? element.name;
            if (element.dotDotDotToken || !t.isIdentifier(element.name) || !(t.isIdentifier(key) || t.isStringLiteralLike(key))) continue;
            const list = changes.destructured.get(key.text) ?? [];
            list.push({ declaration: node, local: element.name.text });
            changes.destructured.set(key.text, list);
          }
        // `const list = names`, `const list = config.names`, `const h = { a: names }`: changing `list` or what `h` holds may change `names`.
        for (const { identifier, relation } of referencesIn(t, node.initializer)) add(changes.aliases, { identifier, alias: node, relation });
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
 * Which changes of a value that `relation` relates to this one reach what `reach` asks of this one;
 * undefined when none can (it is under another property than the one asked about).
 */
function deeper(relation: Relation, reach: Reach): Reach | undefined {
  const depth = Math.max(0, relation.from, reach.depth - relation.shift);
  if (relation.shift === 0 && relation.from === 0) return { depth, ...(reach.key === undefined ? {} : { key: reach.key }) };
  if (relation.shift > 0) return reach.key !== undefined && relation.key !== undefined && relation.key !== reach.key ? undefined : { depth };
  // A value holding this one under a known property: only changes under that property reach it.
  return relation.shift < 0 && relation.key !== undefined ? { depth, key: relation.key } : { depth };
}

/** Whether every change `reach` asks about is one `wider` asks about too. */
function covers(wider: Reach, reach: Reach): boolean {
  return wider.depth <= reach.depth && (wider.key === undefined || wider.key === reach.key);
}

/** Whether a change to a value `depth` levels down, under the property `key`, is one `reach` asks about. */
function reaches(root: { readonly depth: number; readonly key: string | undefined }, reach: Reach): boolean {
  return root.depth >= reach.depth && (reach.key === undefined || root.key === undefined || root.key === reach.key);
}

/**
 * The names a declaration binds, how many levels down the declared value each one's value is
 * (`const { list } = x`: 1), and the property of the declared value it is under, when known.
 */
function boundNames(t: typeof import('typescript'), name: ts.BindingName): { readonly name: string; readonly inside: number; readonly key?: string }[] {
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
function boundTo(t: typeof import('typescript'), pattern: ts.ObjectBindingPattern, key: string): string | undefined {
  for (const element of pattern.elements) {
    const property = element.propertyName ?? element.name;
    if (!element.dotDotDotToken && t.isIdentifier(element.name) && (t.isIdentifier(property) || t.isStringLiteralLike(property)) && property.text === key)
      return element.name.text;
  }
  return undefined;
}

/** The node whose tree holds every use of a variable or parameter: the function of a parameter, the block around a declaration. */
function scopeOf(t: typeof import('typescript'), variable: ts.VariableDeclaration | ts.ParameterDeclaration): ts.Node | undefined {
  return t.isParameter(variable) ? variable.parent : parentOf(variable.parent.parent);
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
    while (isWrappingExpression(t, use.parent)) use = use.parent;
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
    if (t.isIdentifier(node) && node.text === name && !isPropertyName(t, node) && isThis(node) && !isDeclarationName(t, node) && !plainUse(node)) return false;
    return t.forEachChild(node, (child) => (visit(child, depth + 1) ? undefined : true)) !== true;
  };
  return visit(scope, 0);
}

/** The name a declaration declares (`const users = …`), not a use of it. */
function isDeclarationName(t: typeof import('typescript'), identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  return (t.isVariableDeclaration(parent) || t.isParameter(parent)) && parent.name === identifier;
}

/** A property's name (`x.name`, `{ name: v }`, `{ name: local } = x`), not a use of a variable of that name. */
function isPropertyName(t: typeof import('typescript'), identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  return (
    ((t.isPropertyAccessExpression(parent) || t.isPropertyAssignment(parent) || t.isMethodDeclaration(parent) || t.isPropertyDeclaration(parent)) &&
      parent.name === identifier) ||
    (t.isBindingElement(parent) && parent.propertyName === identifier)
  );
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
