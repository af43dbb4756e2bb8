import type * as ts from 'typescript';
import { CalleeParameters } from './callee-parameters.js';
import { ImportIndex } from './import-index.js';
import { PropertyChanges, type ProjectUses } from './property-changes.js';
import { ResultChanges } from './result-changes.js';
import { MAX_DEPTH, scopeChanges, type ScopeChanges } from './scope-changes.js';
import { ANY, bindingScope, boundNames, covers, deeper, reachInside, reaches, type Reach } from './change-reach.js';
import { ImportedChanges } from './imported-changes.js';
import { FillWrites } from './fill-writes.js';
import { snippet } from './source-location.js';
import { unwrapExpression } from './unwrap-expression.js';

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
 * callback receives, a property it is stored in (`h.a = names`, `this.list = names`, what a property
 * of `this` holds: `this.lists.push(names)`, a class's static property: `Registry.all.push(names)`),
 * a constructor's parameter property (`constructor(private list: string[])`), a parameter of a project function or
 * constructor called by name (also imported) or of a project method (`this.fill(names)`,
 * `helper.fill(names)`: `method-targets.ts`) it is handed to, and the result of each call of a
 * function called by name that returns it (`return names`), in its module and those importing it
 * from there (`const list = makeNames()`), or of a project method that returns it (each call that may run it). A variable is changed
 * when a change's root resolves to it, or when one of those references is changed deep enough to reach
 * its value: a change to what only holds it (`h.b = x`, `arr.push(x)`) or to a copy (`names.slice()`)
 * does not. A variable declared at the top of a module is also changed by another module that imports
 * it and changes it the same ways (`import { names } from './users'; names.push('root')`, also through
 * `import * as users` and `const { names } = users`).
 *
 * A class property is changed by what the class does through `this`, and by any other use of a
 * property of its name that may reach it (`property-changes.ts`).
 *
 * A value handed to a method of a receiver credlint cannot tell (`props.helper.fill(names)`) or to
 * a name that may hold any function (`cb(names)` of a callback parameter), or something holding it,
 * is taken as changed there; a value inside another (`fn.addEnvironment('K', config.key)`) is not,
 * nor a value handed to a package's or a global's function. What a class's getter or method returns
 * of its own property (`return this.a`) is that property (`property-changes.ts`), and what an object
 * literal's method returns of its object is the object (`methodResultChange`). Which property of an
 * object holding a value a change goes through is told apart (`h.b.push(x)` leaves what `h.a` holds)
 * unless the object has a getter, setter or method, which may reach any of them through `this`; which
 * element of an array is not told apart, nor which call of a function returning a value (any call's
 * result changed counts).
 */

/** What holds a value by name: a variable, a parameter, or a class (its static properties: `Registry.all`). */
type Named = ts.VariableDeclaration | ts.ParameterDeclaration | (ts.ClassDeclaration & { readonly name: ts.Identifier });

/** How many aliases of aliases are followed. */
const MAX_ALIAS_HOPS = 8;

export class MutatedVariables {
  /** By variable, then by `below` (`Infinity`: any change). */
  private readonly answers = new WeakMap<ts.VariableDeclaration, Map<number, string | undefined>>();

  /**
   * The searches (`find`) the current question has started, by variable or parameter: one asked again
   * with no more hops left and no more changes asked for finds nothing the first did not (it found
   * nothing, or is still under way further up). Without it, values held by several others at each of
   * the `MAX_ALIAS_HOPS` levels (`const b = [a, a]`, `const c = [b, b]`, …) made the search exponential.
   */
  private searched: Map<ts.Node, { readonly hops: number; readonly reach: Reach; readonly indirectOnly: boolean }[]> | undefined;
  private readonly imported: ImportedChanges;
  private readonly callees: CalleeParameters;
  private readonly results: ResultChanges;
  private readonly properties: PropertyChanges;
  /** The changes that only fill a variable or a class's property. */
  readonly fills: FillWrites;

  constructor(
    private readonly ts: typeof import('typescript'),
    /** The declaration an identifier names, if any. */
    private readonly declarationOf: (identifier: ts.Identifier) => ts.Node | undefined,
    private readonly project: ProjectUses,
  ) {
    const imports = new ImportIndex(ts, project);
    this.results = new ResultChanges(ts, declarationOf, project, imports, {
      changesIn: (scope) => this.changesIn(scope),
      through: (changes, key, refers, hops, reach) => this.through(changes, key, refers, hops, reach),
      once: (node, hops, reach, search) => this.once(node, hops, reach, false, search),
      apart: (search) => this.apart(search),
    });
    this.imported = new ImportedChanges(ts, declarationOf, project, imports, {
      changesIn: (scope) => this.changesIn(scope),
      through: (changes, key, refers, hops, reach) => this.through(changes, key, refers, hops, reach),
    });
    // Which methods a call runs may take evaluating its callee, which may ask a question of its own.
    this.callees = new CalleeParameters(ts, declarationOf, {
      importTarget: (identifier) => project.importTarget(identifier),
      methodBodies: (call) => this.apart(() => project.methodBodies(call)),
      classCreated: (site) => this.apart(() => project.classCreated(site)),
    });
    this.properties = new PropertyChanges(ts, declarationOf, project, {
      changesIn: (scope) => this.changesIn(scope),
      changeOfGiven: (variable) => this.find(variable, 1, ANY),
      changeOfBound: (changes, local, declaration) => this.through(changes, local, (identifier) => declarationOf(identifier) === declaration, 1, ANY),
      parametersTaking: (call, index) => this.callees.parametersTaking(call, index),
      apart: (search) => this.apart(search),
      memberChangeOf: (cls, name, inside) => this.memberChangeOf(cls, name, inside ? 1 : 0),
      resultChangeOf: (method) => this.results.changeOf(method, 1, ANY),
    });
    this.fills = new FillWrites(ts, declarationOf, {
      changesIn: (scope) => this.changesIn(scope),
      changeOf: (variable) => this.changeOf(variable),
      changedOtherwise: (variable) =>
        this.find(variable, 0, ANY, true) !== undefined || this.methodResultChange(variable) !== undefined || this.imported.changeOf(variable) !== undefined,
      memberChangeBesides: (cls, name, known) => this.properties.changeBesides(cls, name, known),
      collected: () => project.collected(),
    });
  }

  /** `search` run as a question of its own: not cut short by the searches of the question under way. */
  private apart<T>(search: () => T): T {
    const asking = this.searched;
    this.searched = undefined;
    try {
      return search();
    } finally {
      this.searched = asking;
    }
  }

  /**
   * The source of the first change made to the variable's value in place, or undefined when there is
   * none. With `below`, a change of a value `below` or more levels down does not count (`Reach`): the
   * evaluator's value holds constructs there, whose changes are not its own. Changes made by the
   * modules importing the variable, and through what an object literal's method returns, count at any depth.
   */
  changeOf(variable: ts.VariableDeclaration, below = Infinity): string | undefined {
    let answers = this.answers.get(variable);
    if (answers?.has(below) === true) return answers.get(below);
    if (!answers) this.answers.set(variable, (answers = new Map<number, string | undefined>()));
    answers.set(below, undefined);
    const reach = below === Infinity ? ANY : { ...ANY, below };
    const answer = this.find(variable, 0, reach) ?? this.imported.changeOf(variable) ?? this.methodResultChange(variable);
    // Asked while the project's uses are being listed, the methods a call may run are not known yet: asked again later.
    if (this.project.collected()) answers.set(below, answer);
    else answers.delete(below);
    return answer;
  }

  /**
   * The first change a caller makes to what a method of the object literal a variable holds returns
   * of the object through `this` (`all() { return this.list; }`, then `team.all().push(x)`): the
   * object's value is then changed (`result-changes.ts` finds the calls that may run the method).
   */
  private methodResultChange(variable: ts.VariableDeclaration): string | undefined {
    const t = this.ts;
    const literal = variable.initializer && unwrapExpression(t, variable.initializer);
    if (!literal || !t.isObjectLiteralExpression(literal)) return undefined;
    for (const property of literal.properties) {
      // `all() { ... }`, or `all: function () { ... }`, which has the same `this` when called as `team.all()`.
      const initializer = t.isPropertyAssignment(property) ? unwrapExpression(t, property.initializer) : undefined;
      const method = initializer && t.isFunctionExpression(initializer) ? initializer : property;
      if (!(t.isMethodDeclaration(method) || t.isFunctionExpression(method)) || !method.body || !property.name || !t.isIdentifier(property.name)) continue;
      if (!usesThis(t, method.body)) continue;
      const change = this.results.changeOf(method, 1, ANY);
      if (change !== undefined) return change;
    }
    return undefined;
  }

  /**
   * Whether a change found by its method's name (`team.fill()`, named like Array's `fill`) is a call
   * of the project's own method: the object's `fill` then runs, not Array's, and what it changes
   * through `this` is searched where its object is (`this-changes.ts`, the class's own changes).
   */
  private runsProjectMethod(change: ts.Node): boolean {
    const t = this.ts;
    if (!t.isCallExpression(change)) return false;
    const bodies = this.apart(() => this.project.methodBodies(change));
    return bodies !== undefined && bodies.length > 0;
  }

  /**
   * The first change made to the value of a variable or parameter (`depth`: or only to a value inside
   * it) in its scope: a name it binds is changed, or another value it is given to, held in, or handed
   * to is (`through`). A name a destructuring pattern binds (`const { list } = x`) is inside the value.
   */
  private find(variable: Named, hops: number, reach: Reach, indirectOnly = false): string | undefined {
    return this.once(variable, hops, reach, indirectOnly, () => this.findIn(variable, hops, reach, indirectOnly));
  }

  /** `search` for changes of the value of `node` (a variable, a parameter, what a function returns), unless the current question already made it (`searched`). */
  private once(node: ts.Node, hops: number, reach: Reach, indirectOnly: boolean, search: () => string | undefined): string | undefined {
    const outermost = this.searched === undefined;
    const searched = this.searched ?? new Map<ts.Node, { readonly hops: number; readonly reach: Reach; readonly indirectOnly: boolean }[]>();
    const earlier = searched.get(node) ?? [];
    if (earlier.some((done) => done.hops <= hops && covers(done.reach, reach) && (!done.indirectOnly || indirectOnly))) return undefined;
    earlier.push({ hops, reach, indirectOnly });
    searched.set(node, earlier);
    this.searched = searched;
    try {
      return search();
    } finally {
      if (outermost) this.searched = undefined;
    }
  }

  private findIn(variable: Named, hops: number, reach: Reach, indirectOnly: boolean): string | undefined {
    const t = this.ts;
    const scope = bindingScope(t, variable);
    if (scope === undefined) return undefined;
    const changes = this.changesIn(scope);
    const isThis = (identifier: ts.Identifier) => this.declarationOf(identifier) === variable;
    for (const { name, inside, key } of boundNames(t, variable.name)) {
      // `const { a } = h`, asked about what `h` holds under `b`: `a` is not there.
      if (inside > 0 && reach.key !== undefined && key !== undefined && key !== reach.key) continue;
      const within = reachInside(reach, inside);
      const change = within && this.through(changes, name, isThis, hops, within, indirectOnly);
      if (change !== undefined) return change;
    }
    // `constructor(private readonly list: string[])`: the parameter is the instance's property too.
    const parameter = t.isParameter(variable) ? variable : undefined;
    const cls = parameter && t.isConstructorDeclaration(parameter.parent) ? parameter.parent.parent : undefined;
    if (!indirectOnly && parameter && cls && t.isIdentifier(parameter.name) && (t.getModifiers(parameter)?.length ?? 0) > 0) {
      const change = this.memberChangeOf(cls, parameter.name.text, reach.depth);
      if (change !== undefined) return `${snippet(parameter, parameter.getSourceFile())}; ${change}`;
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
    const direct = indirectOnly
      ? undefined
      : pick(changes.roots).find((root) => reaches(root, reach) && refers(root.identifier) && !this.runsProjectMethod(root.change));
    if (direct) return snippet(direct.change, direct.change.getSourceFile());
    if (hops >= MAX_ALIAS_HOPS) {
      // A value given on past the names followed may be changed there: not known, rather than taken as declared.
      const onward =
        [changes.aliases, changes.stored, changes.inMembers].some((map) =>
          pick<{ readonly identifier: ts.Identifier }>(map).some((entry) => refers(entry.identifier)),
        ) ||
        pick(changes.callbacks).some((entry) => refers(entry.identifier) && this.callees.parameterNamed(entry.callback, entry.index, false) !== undefined) ||
        pick(changes.handed).some((entry) => refers(entry.identifier) && this.callees.parametersTaking(entry.call, entry.index)?.length !== 0) ||
        pick(changes.returned).some((entry) => refers(entry.identifier));
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
      // `Registry.all.push(names)`: a class's static property holds it, reached through the class's name.
      const held =
        declaration && (t.isVariableDeclaration(declaration) || t.isParameter(declaration) || (t.isClassDeclaration(declaration) && declaration.name))
          ? (declaration as Named)
          : undefined;
      const next = deeper(relation, reach);
      const change = held && next && this.find(held, hops + 1, next);
      if (change !== undefined) return `${snippet(assignment, assignment.getSourceFile())}; ${change}`;
    }
    // `this.names = names`: whatever changes the class's property (`memberChangeOf`) may change the value.
    for (const { identifier, self, member, assignment, relation } of pick(changes.inMembers)) {
      const next = refers(identifier) ? deeper(relation, reach) : undefined;
      const cls = next && this.project.thisClassOf(self);
      const change = cls && this.memberChangeOf(cls, member, next.depth);
      if (change !== undefined) return `${snippet(assignment, assignment.getSourceFile())}; ${change}`;
    }
    for (const { identifier, callback, index, call, relation } of pick(changes.callbacks)) {
      if (!refers(identifier)) continue;
      const parameter = this.callees.parameterNamed(callback, index, false);
      const next = deeper(relation, reach);
      const change = parameter && next && this.find(parameter, hops + 1, next);
      if (change !== undefined) return `${snippet(call, call.getSourceFile())}: ${change}`;
    }
    for (const { identifier, call, index, relation } of pick(changes.handed)) {
      const next = refers(identifier) ? deeper(relation, reach) : undefined;
      if (!next) continue;
      const parameters = this.callees.parametersTaking(call, index);
      // A method of a receiver credlint cannot tell may do anything to what it is given: the value, or
      // what holds it (not a value inside another, `fn.addEnvironment('KEY', config.key)`, as apps hand on their settings).
      if (parameters === undefined) {
        if (relation.shift <= 0) return `${snippet(call, call.getSourceFile())}, which credlint does not follow`;
        continue;
      }
      for (const parameter of parameters) {
        const change = this.find(parameter, hops + 1, next);
        if (change !== undefined) return `${snippet(call, call.getSourceFile())}: ${change}`;
      }
    }
    for (const { identifier, returner, relation } of pick(changes.returned)) {
      const next = refers(identifier) ? deeper(relation, reach) : undefined;
      const change = next && this.results.changeOf(returner, hops + 1, next);
      if (change !== undefined) return change;
    }
    return undefined;
  }

  /**
   * The source of the first change made in place to the value of the class's property `name` (`depth`:
   * or only to a value inside it, such as the arrays `this.lists.push(names)` stores): inside
   * the class through `this` (`this.names.push(x)`), else by any use of a property of that name that
   * may reach it and that credlint does not follow (`property-changes.ts`).
   */
  memberChangeOf(cls: ts.ClassLikeDeclaration, name: string, depth = 0): string | undefined {
    const change = this.changesIn(cls)
      .members.get(name)
      ?.find((entry) => entry.depth >= depth)?.change;
    if (change !== undefined) return snippet(change, change.getSourceFile());
    // Asked while the project's uses are being listed (a callee evaluated then): only the class's own changes are known yet.
    return this.project.collected() ? this.properties.changeOf(cls, name, depth > 0) : undefined;
  }

  /** The first write replacing the class's property `name` from outside its own `this` (`property-changes.ts`, `writeOf`). */
  memberWriteOf(cls: ts.ClassLikeDeclaration, name: string): string | undefined {
    return this.project.collected() ? this.properties.writeOf(cls, name) : undefined;
  }

  private changesIn(scope: ts.Node): ScopeChanges {
    return scopeChanges(this.ts, scope);
  }
}

/** Whether a function body uses its own `this` (in it or in an arrow function there, not in a nested `function` or class). */
function usesThis(t: typeof import('typescript'), body: ts.Node): boolean {
  const visit = (node: ts.Node, depth: number): boolean =>
    depth < MAX_DEPTH &&
    (node.kind === t.SyntaxKind.ThisKeyword ||
      (!(t.isFunctionLike(node) && !t.isArrowFunction(node)) &&
        !t.isClassLike(node) &&
        (t.forEachChild(node, (child) => visit(child, depth + 1) || undefined) ?? false)));
  return visit(body, 0);
}
