import type * as ts from 'typescript';
import { ANY, bindingScope, boundTo, type Reach } from './change-reach.js';
import type { ImportIndex } from './import-index.js';
import { parentOf } from './parent-of.js';
import type { ProjectUses } from './property-changes.js';
import type { ScopeChanges } from './scope-changes.js';
import { snippet } from './source-location.js';

/** The search of a variable's changes (`mutated-variables.ts`), which a module's importers lead back to. */
export interface ImporterSearch {
  /** What one scope's tree does to the values of its names (`scope-changes.ts`). */
  changesIn(scope: ts.Node): ScopeChanges;
  /** The first change in `changes` to the value of a name (`key`, or any name) that `refers` picks, directly or through another name its value goes to. */
  through(changes: ScopeChanges, key: string | undefined, refers: (identifier: ts.Identifier) => boolean, hops: number, reach: Reach): string | undefined;
}

/**
 * Changes made to a variable declared at the top of a module by the modules importing it, for the
 * search of values changed in place (`mutated-variables.ts`): `import { names } from './users';
 * names.push('root')`, also through `import * as users` and `const { names } = users`.
 */
export class ImportedChanges {
  constructor(
    private readonly ts: typeof import('typescript'),
    /** The declaration an identifier names, if any. */
    private readonly declarationOf: (identifier: ts.Identifier) => ts.Node | undefined,
    private readonly project: ProjectUses,
    private readonly imports: ImportIndex,
    private readonly search: ImporterSearch,
  ) {}

  /**
   * The first change another module makes to a variable declared at the top of its module, through
   * an import of it (`import { names }`, `import * as users`, `const { names } = users`): directly, or
   * through a value it is given to, held in or handed to (`through`).
   */
  changeOf(variable: ts.VariableDeclaration): string | undefined {
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
      const changes = this.search.changesIn(file);
      const change = this.search.through(changes, undefined, names, 0, ANY);
      if (change !== undefined) return change;
      // `const { names } = all` of `import * as all`.
      for (const list of changes.aliases.values())
        for (const { identifier, alias, relation } of list) {
          if (relation.shift !== 0 || relation.from !== 0 || !t.isObjectBindingPattern(alias.name) || this.imports.targetOf(identifier)?.file !== home)
            continue;
          const local = boundTo(t, alias.name, name);
          const scope = local === undefined ? undefined : bindingScope(t, alias);
          const found = scope && this.search.through(this.search.changesIn(scope), local, (other) => this.declarationOf(other) === alias, 1, ANY);
          if (found !== undefined) return `${snippet(alias, file)}; ${found}`;
        }
    }
    return undefined;
  }
}
