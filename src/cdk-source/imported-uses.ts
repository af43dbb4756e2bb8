import type * as ts from 'typescript';
import { parentOf } from './parent-of.js';

/** The lists of one scope's changes that `ImportedUses` reads (`mutated-variables.ts` builds them). */
export interface ChangeLists {
  readonly roots: ReadonlyMap<string, readonly { readonly identifier: ts.Identifier; readonly change: ts.Node }[]>;
  readonly aliases: ReadonlyMap<string, readonly { readonly identifier: ts.Identifier; readonly alias: ts.VariableDeclaration }[]>;
  readonly handed: ReadonlyMap<string, readonly { readonly identifier: ts.Identifier; readonly call: ts.CallExpression; readonly index: number }[]>;
}

/** What an imported name is (`ProjectUses.importTarget`). */
type ImportTarget = (identifier: ts.Identifier) => { readonly declaration?: ts.Node; readonly file?: ts.SourceFile } | undefined;

/** A use, in some module, of a name imported from a project module: at the root of a change, as an alias's whole initializer, or handed to a function. */
export type ImportedUse = { readonly file: ts.SourceFile; readonly order: number } & (
  | { readonly kind: 'change'; readonly change: ts.Node }
  | { readonly kind: 'alias'; readonly alias: ts.VariableDeclaration }
  | { readonly kind: 'handed'; readonly call: ts.CallExpression; readonly index: number }
);

/**
 * Every change root, alias and handed argument of the project, by the project declaration its
 * identifier imports (`import { names }`) or by the module and name it reads through a namespace
 * import (`all.names` of `import * as all`). Listed in one pass over the project the first time it is
 * asked: looking each variable up in every file instead cost the number of the project's top-level
 * variables times the number of its changes (40 s on a project of 1,100 files).
 */
export class ImportedUses {
  private byDeclaration: Map<ts.Node, ImportedUse[]> | undefined;
  private byNamespace: Map<ts.SourceFile, Map<string, ImportedUse[]>> | undefined;

  constructor(
    private readonly ts: typeof import('typescript'),
    private readonly files: () => readonly ts.SourceFile[],
    private readonly changesIn: (file: ts.SourceFile) => ChangeLists,
    private readonly importTarget: ImportTarget,
  ) {}

  /**
   * The uses outside `home` of the variable `name` declared at the top of `home` (`declaration`), in
   * project order: file by file, and in each file its changes, then its aliases, then the calls it is handed to.
   */
  of(declaration: ts.Node, home: ts.SourceFile, name: string): ImportedUse[] {
    if (this.byDeclaration === undefined || this.byNamespace === undefined) this.index();
    const direct = this.byDeclaration?.get(declaration) ?? [];
    const qualified = this.byNamespace?.get(home)?.get(name) ?? [];
    const uses = qualified.length === 0 ? direct : [...direct, ...qualified].sort((a, b) => a.order - b.order);
    return uses.filter((use) => use.file !== home);
  }

  private index(): void {
    const t = this.ts;
    const byDeclaration = new Map<ts.Node, ImportedUse[]>();
    const byNamespace = new Map<ts.SourceFile, Map<string, ImportedUse[]>>();
    let order = 0;
    const add = (identifier: ts.Identifier, use: ImportedUse): void => {
      const target = this.importTarget(identifier);
      if (target?.declaration !== undefined) {
        const list = byDeclaration.get(target.declaration) ?? [];
        list.push(use);
        byDeclaration.set(target.declaration, list);
      }
      // `all.names` of `import * as all`.
      const access = parentOf(identifier);
      if (target?.file === undefined || access === undefined || !t.isPropertyAccessExpression(access) || access.expression !== identifier) return;
      const names = byNamespace.get(target.file) ?? new Map<string, ImportedUse[]>();
      const list = names.get(access.name.text) ?? [];
      list.push(use);
      names.set(access.name.text, list);
      byNamespace.set(target.file, names);
    };
    for (const file of this.files()) {
      const changes = this.changesIn(file);
      for (const list of changes.roots.values()) for (const { identifier, change } of list) add(identifier, { kind: 'change', change, file, order: order++ });
      for (const list of changes.aliases.values()) for (const { identifier, alias } of list) add(identifier, { kind: 'alias', alias, file, order: order++ });
      for (const list of changes.handed.values())
        for (const { identifier, call, index } of list) add(identifier, { kind: 'handed', call, index, file, order: order++ });
    }
    this.byDeclaration = byDeclaration;
    this.byNamespace = byNamespace;
  }
}
