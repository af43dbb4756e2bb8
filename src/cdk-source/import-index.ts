import type * as ts from 'typescript';
import type { ProjectUses } from './property-changes.js';
import { appendAll } from '../core/append-all.js';

const NO_FILES: ReadonlySet<ts.SourceFile> = new Set();

/** Which project files import from which, for the search of changes made to a module's variables by the modules importing them (`mutated-variables.ts`). */
export class ImportIndex {
  /** Project file → the files that import from it (`importersOf`), for one list of the project's files. */
  private importers: { readonly files: readonly ts.SourceFile[]; readonly index: Map<ts.SourceFile, Set<ts.SourceFile>> } | undefined;
  private readonly targets = new WeakMap<ts.Identifier, ReturnType<ProjectUses['importTarget']>>();

  constructor(
    private readonly ts: typeof import('typescript'),
    private readonly project: Pick<ProjectUses, 'files' | 'importTarget'>,
  ) {}

  /** `ProjectUses.importTarget`, worked out once per identifier: the search of imported changes asks it of each change for every variable. */
  targetOf(identifier: ts.Identifier): ReturnType<ProjectUses['importTarget']> {
    if (this.targets.has(identifier)) return this.targets.get(identifier);
    const target = this.project.importTarget(identifier);
    this.targets.set(identifier, target);
    return target;
  }

  /** The names a file imports a project declaration as (`import { makeNames as names }`: `names`). */
  localNamesOf(file: ts.SourceFile, declaration: ts.Node): string[] {
    const t = this.ts;
    const names: string[] = [];
    for (const statement of file.statements) {
      const clause = t.isImportDeclaration(statement) ? statement.importClause : undefined;
      const bindings: ts.Identifier[] = clause?.name ? [clause.name] : [];
      const named = clause?.namedBindings;
      if (named && t.isNamedImports(named))
        appendAll(
          bindings,
          named.elements.map((element) => element.name),
        );
      for (const binding of bindings) if (this.targetOf(binding)?.declaration === declaration) names.push(binding.text);
    }
    return names;
  }

  /**
   * The project files that import something of `home` (a declaration of it, also through a
   * re-export, or the module as a whole). Only they can change a variable of `home` through an
   * import, so only they are searched for its changes: searching every file of the project for every
   * variable asked about took 40 s in a real 1,100-file project. Worked out once per list of the
   * project's files (the call-site search sets it as it starts, and evaluates callees while it runs).
   */
  importersOf(home: ts.SourceFile): ReadonlySet<ts.SourceFile> {
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
          if (named && t.isNamedImports(named))
            appendAll(
              bindings,
              named.elements.map((element) => element.name),
            );
          for (const binding of bindings) {
            const target = this.targetOf(binding);
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
}
