import type * as ts from 'typescript';
import { stronglyConnected } from '../core/strongly-connected.js';

/** One top-level import or re-export of a file that loads a module when the file runs. */
export interface ModuleImport {
  readonly specifier: string;
  /** `export … from`: the file hands on what the module exports (a barrel), reading none of it itself. */
  readonly reexport: boolean;
}

/**
 * A file's top-level imports and re-exports (`import`, `export … from`, `import x = require()`), in
 * the order they are written: what running the file loads, and in which order. `import type` and
 * `export type … from` load nothing at run time (TypeScript erases them).
 */
export function moduleImports(t: typeof import('typescript'), sourceFile: ts.SourceFile): ModuleImport[] {
  const found: ModuleImport[] = [];
  for (const statement of sourceFile.statements) {
    let specifier: ts.Expression | undefined;
    let reexport = false;
    if (t.isImportDeclaration(statement))
      specifier = statement.importClause?.phaseModifier === t.SyntaxKind.TypeKeyword ? undefined : statement.moduleSpecifier;
    else if (t.isExportDeclaration(statement)) {
      specifier = statement.isTypeOnly ? undefined : statement.moduleSpecifier;
      reexport = true;
    } else if (t.isImportEqualsDeclaration(statement) && t.isExternalModuleReference(statement.moduleReference))
      specifier = statement.moduleReference.expression;
    if (specifier && t.isStringLiteral(specifier)) found.push({ specifier: specifier.text, reexport });
  }
  return found;
}

/**
 * The order in which running an app evaluates the top-level code of its files, and where that order
 * is not certain. JavaScript evaluates a module's imports before its own body, one after another in
 * the order they are written, each once: a depth-first walk of the import graph that runs a module
 * when its imports are done, skipping a module already started
 * (https://tc39.es/ecma262/#sec-innermoduleevaluation). CommonJS as TypeScript compiles it (`require`
 * where each import was written) gives the same order when the imports come first, as they do. A
 * module that an import cycle leads back to runs before the modules it imports have finished, so in a
 * cycle (a strongly connected part of the graph) what runs first depends on which file was loaded first.
 *
 * The walk starts from the files no other file imports (the app's entry), in the order given, then
 * from any file left (a cycle no entry reaches). An import TypeScript elides (its names used as types only) loads
 * nothing; it is taken as written, which only moves that module earlier.
 */
export class ModuleOrder {
  /** The files in the order their top-level code runs. */
  readonly files: readonly ts.SourceFile[];
  private readonly cyclic = new Set<ts.SourceFile>();
  /** Per file, the files whose imports or re-exports name it, and whether by a re-export. */
  private readonly importers = new Map<ts.SourceFile, { readonly file: ts.SourceFile; readonly reexport: boolean }[]>();

  constructor(t: typeof import('typescript'), files: Iterable<ts.SourceFile>, resolveImport: (fromFile: string, specifier: string) => string | undefined) {
    const all = [...files];
    const byName = new Map(all.map((f) => [f.fileName, f]));
    const edges = new Map<ts.SourceFile, ts.SourceFile[]>();
    for (const file of all) {
      const targets: ts.SourceFile[] = [];
      for (const { specifier, reexport } of moduleImports(t, file)) {
        const name = resolveImport(file.fileName, specifier);
        const target = name === undefined ? undefined : byName.get(name);
        if (!target) continue;
        targets.push(target);
        const list = this.importers.get(target) ?? [];
        list.push({ file, reexport });
        this.importers.set(target, list);
      }
      edges.set(file, targets);
    }
    this.files = this.evaluationOrder([...all.filter((f) => !this.importers.has(f)), ...all], edges);
  }

  /** Whether the file is in an import cycle (also one importing itself): code of it may run before the modules it imports have run. */
  inCycle(file: ts.SourceFile): boolean {
    return this.cyclic.has(file);
  }

  /**
   * The files that may name what `home` exports: those importing it, or importing a file that
   * re-exports from it (`export * from './names'` in an `index.ts`), at any depth; with the re-exporting files.
   */
  namingFiles(home: ts.SourceFile): Set<ts.SourceFile> {
    const found = new Set<ts.SourceFile>();
    const exposing = [home];
    const seen = new Set(exposing);
    for (let next = exposing.pop(); next !== undefined; next = exposing.pop())
      for (const { file, reexport } of this.importers.get(next) ?? []) {
        found.add(file);
        if (reexport && !seen.has(file)) {
          seen.add(file);
          exposing.push(file);
        }
      }
    return found;
  }

  /**
   * Depth-first from each start in turn, a file after its imports (post-order), with the strongly
   * connected parts found on the same walk marking the files in cycles.
   */
  private evaluationOrder(starts: readonly ts.SourceFile[], edges: ReadonlyMap<ts.SourceFile, readonly ts.SourceFile[]>): ts.SourceFile[] {
    const { postOrder, components } = stronglyConnected(starts, (file) => edges.get(file) ?? []);
    for (const members of components) {
      const [only] = members;
      if (members.length > 1 || (only !== undefined && (edges.get(only) ?? []).includes(only))) for (const member of members) this.cyclic.add(member);
    }
    return postOrder;
  }
}
