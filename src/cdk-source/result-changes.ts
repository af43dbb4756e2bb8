import type * as ts from 'typescript';
import type { Reach } from './change-reach.js';
import type { ImportIndex } from './import-index.js';
import { parentOf } from './parent-of.js';
import type { ProjectUses } from './property-changes.js';
import type { ScopeChanges } from './scope-changes.js';
import { snippet } from './source-location.js';
import { unwrapExpression } from './unwrap-expression.js';

/** The search of a variable's changes (`mutated-variables.ts`), which the results of calls lead back to. */
export interface CallerSearch {
  /** What one scope's tree does to the values of its names (`scope-changes.ts`). */
  changesIn(scope: ts.Node): ScopeChanges;
  /** The first change in `changes` to the value of a name listed under `key` that `refers` picks. */
  through(changes: ScopeChanges, key: string, refers: (identifier: ts.Identifier) => boolean, hops: number, reach: Reach): string | undefined;
  /** `search` for changes of what `node` holds or returns, unless the current question already made it. */
  once(node: ts.Node, hops: number, reach: Reach, search: () => string | undefined): string | undefined;
  /** `search` run as a question of its own. */
  apart<T>(search: () => T): T;
}

/**
 * Changes made by callers to what a project function or method returns (`return names`, an arrow's
 * expression), for the search of values changed in place (`mutated-variables.ts`): the results of
 * its calls are listed, in each scope, under the name called (`scope-changes.ts`, `resultKey`).
 */
export class ResultChanges {
  constructor(
    private readonly ts: typeof import('typescript'),
    /** The declaration an identifier names, if any. */
    private readonly declarationOf: (identifier: ts.Identifier) => ts.Node | undefined,
    private readonly project: ProjectUses,
    private readonly imports: ImportIndex,
    private readonly search: CallerSearch,
  ) {}

  /**
   * The first change made, by a caller, to the value a project function returns (`const list =
   * makeNames(); list.push(x)`, `same(names).push(x)`), for a function called by its name (declared
   * with it, or a `const` holding it): in its own module and in the modules importing from it. Which
   * call is not told apart: any call's result changed counts.
   */
  changeOf(returner: ts.SignatureDeclaration, hops: number, reach: Reach): string | undefined {
    const t = this.ts;
    const holder = parentOf(returner);
    const declaration: ts.Node | undefined = t.isFunctionDeclaration(returner)
      ? returner
      : holder && t.isVariableDeclaration(holder) && holder.initializer !== undefined && unwrapExpression(t, holder.initializer) === returner
        ? holder
        : undefined;
    const name = declaration && (t.isFunctionDeclaration(declaration) || t.isVariableDeclaration(declaration)) ? declaration.name : undefined;
    if (t.isMethodDeclaration(returner) && t.isIdentifier(returner.name)) return this.ofMethod(returner, returner.name.text, hops, reach);
    // `all: function () { ... }` of an object literal, `all = () => ...` of a class: called as a method, `team.all()`.
    if (
      (t.isFunctionExpression(returner) || t.isArrowFunction(returner)) &&
      holder &&
      (t.isPropertyAssignment(holder) || t.isPropertyDeclaration(holder)) &&
      holder.initializer === returner &&
      t.isIdentifier(holder.name)
    )
      return this.ofMethod(returner, holder.name.text, hops, reach);
    if (!declaration || !name || !t.isIdentifier(name)) return undefined;
    const home = returner.getSourceFile();
    const calls = (identifier: ts.Identifier): boolean =>
      this.declarationOf(identifier) === declaration || this.imports.targetOf(identifier)?.declaration === declaration;
    return this.search.once(returner, hops, reach, () => {
      for (const file of [home, ...this.imports.importersOf(home)]) {
        // The results of calls of the names the file knows the function by (`resultKey`): its own, or those it imports it as.
        const names = file === home ? [name.text] : this.imports.localNamesOf(file, declaration);
        for (const local of names) {
          const change = this.search.through(this.search.changesIn(file), `${local}()`, calls, hops, reach);
          if (change !== undefined) return `${name.text}() returns it; ${change}`;
        }
      }
      return undefined;
    });
  }

  /**
   * The first change made, by a caller, to the value a project method returns (`helper.names().push(x)`,
   * `const list = this.names(); list.push(x)`): of the result of any call of a method of that name
   * that may run it (`method-targets.ts`: one it runs, or one whose receiver credlint cannot tell).
   */
  private ofMethod(method: ts.MethodDeclaration | ts.FunctionExpression | ts.ArrowFunction, name: string, hops: number, reach: Reach): string | undefined {
    const t = this.ts;
    const accesses = this.project.accessesNamed(name);
    if (accesses === undefined) return this.project.collected() ? `credlint does not see every call of .${name}() in the project` : undefined;
    return this.search.once(method, hops, reach, () => {
      const callees = new Set<ts.Identifier>();
      const files = new Set<ts.SourceFile>();
      for (const access of accesses) {
        const call = parentOf(access);
        // `const all = team.all` of a property holding a function: its calls' results are under another name.
        if (!t.isMethodDeclaration(method) && (!call || !t.isCallExpression(call) || call.expression !== access))
          return `${name} is read as a value at ${snippet(access, access.getSourceFile())}, whose calls credlint does not follow`;
        if (!call || !t.isCallExpression(call) || call.expression !== access) continue;
        // `helper['names']()`: the result's changes are listed under no name the search can follow.
        if (!t.isPropertyAccessExpression(access))
          return `${name}() returns it to ${snippet(call, call.getSourceFile())}, whose result credlint does not follow`;
        if (!t.isIdentifier(access.name)) continue;
        const bodies = this.search.apart(() => this.project.methodBodies(call));
        if (bodies !== undefined && !bodies.includes(method)) continue;
        callees.add(access.name);
        files.add(access.getSourceFile());
      }
      for (const file of files) {
        const change = this.search.through(this.search.changesIn(file), `.${name}()`, (identifier) => callees.has(identifier), hops, reach);
        if (change !== undefined) return `${name}() returns it; ${change}`;
      }
      return undefined;
    });
  }
}
