import type * as ts from 'typescript';
import { ImportIndex } from './import-index.js';
import { parentOf } from './parent-of.js';
import { onlyUsedAs, isPropertyWrite } from './plain-uses.js';
import { PropertyChanges, type ProjectUses } from './property-changes.js';
import { MAX_DEPTH, scopeChanges, type ScopeChanges } from './scope-changes.js';
import { snippet } from './source-location.js';
import { unwrapExpression } from './unwrap-expression.js';
import type { Relation } from './value-references.js';

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
 * property of its name that may reach it (`property-changes.ts`).
 *
 * Not seen: changes made to a variable by a method or a function reached other than by its name, or
 * through a value a function returns. Which property of an object holding a value a change goes
 * through is told apart (`h.b.push(x)` leaves what `h.a` holds), not which element of an array.
 */

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

export class MutatedVariables {
  private readonly scopes = new WeakMap<ts.Node, ScopeChanges>();
  private readonly answers = new WeakMap<ts.VariableDeclaration, string | undefined>();

  /**
   * The searches (`find`) the current question has started, by variable or parameter: one asked again
   * with no more hops left and no more changes asked for finds nothing the first did not (it found
   * nothing, or is still under way further up). Without it, values held by several others at each of
   * the `MAX_ALIAS_HOPS` levels (`const b = [a, a]`, `const c = [b, b]`, …) made the search exponential.
   */
  private searched: Map<ts.Node, { readonly hops: number; readonly reach: Reach; readonly indirectOnly: boolean }[]> | undefined;
  private readonly imports: ImportIndex;
  private readonly properties: PropertyChanges;

  constructor(
    private readonly ts: typeof import('typescript'),
    /** The declaration an identifier names, if any. */
    private readonly declarationOf: (identifier: ts.Identifier) => ts.Node | undefined,
    private readonly project: ProjectUses,
  ) {
    this.imports = new ImportIndex(ts, project);
    this.properties = new PropertyChanges(ts, declarationOf, project, {
      changesIn: (scope) => this.changesIn(scope),
      changeOfGiven: (variable) => this.find(variable, 1, ANY),
      changeOfBound: (changes, local, declaration) => this.through(changes, local, (identifier) => declarationOf(identifier) === declaration, 1, ANY),
      parameterOf: (call, index) => this.parameterOf(call, index),
      apart: <T>(search: () => T): T => {
        const asking = this.searched;
        this.searched = undefined;
        try {
          return search();
        } finally {
          this.searched = asking;
        }
      },
    });
  }

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
      const target = this.imports.targetOf(identifier);
      if (target?.declaration === variable) return true;
      // `all.names` of `import * as all`.
      const access = parentOf(identifier);
      return (
        target?.file === home && access !== undefined && t.isPropertyAccessExpression(access) && access.expression === identifier && access.name.text === name
      );
    };
    const importers = this.imports.importersOf(home);
    for (const file of this.project.files()) {
      if (file === home || !importers.has(file)) continue;
      const changes = this.changesIn(file);
      const change = this.through(changes, undefined, names, 0, ANY);
      if (change !== undefined) return change;
      // `const { names } = all` of `import * as all`.
      for (const list of changes.aliases.values())
        for (const { identifier, alias, relation } of list) {
          if (relation.shift !== 0 || relation.from !== 0 || !t.isObjectBindingPattern(alias.name) || this.imports.targetOf(identifier)?.file !== home)
            continue;
          const local = boundTo(t, alias.name, name);
          const scope = local === undefined ? undefined : scopeOf(t, alias);
          const found = scope && this.through(this.changesIn(scope), local, (other) => this.declarationOf(other) === alias, 1, ANY);
          if (found !== undefined) return `${snippet(alias, file)}; ${found}`;
        }
    }
    return undefined;
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
   * may reach it and that credlint does not follow (`property-changes.ts`).
   */
  memberChangeOf(cls: ts.ClassLikeDeclaration, name: string): string | undefined {
    const change = this.changesIn(cls).members.get(name)?.[0];
    if (change !== undefined) return snippet(change, change.getSourceFile());
    // Asked while the project's uses are being listed (a callee evaluated then): only the class's own changes are known yet.
    return this.project.collected() ? this.properties.changeOf(cls, name) : undefined;
  }

  private changesIn(scope: ts.Node): ScopeChanges {
    let changes = this.scopes.get(scope);
    if (!changes) {
      changes = scopeChanges(this.ts, scope);
      this.scopes.set(scope, changes);
    }
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
