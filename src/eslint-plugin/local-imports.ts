import path from 'node:path';
import type * as ts from 'typescript';
import type { FileReader } from '../io/file-reader.js';
import { requiredJson } from '../cdk-source/required-json.js';
import { overTokenBudget } from '../cdk-source/token-budget.js';
import { DEFAULT_LIMITS } from '../core/limits.js';

/**
 * What resolving a program's local imports keeps, once per program and repository (`program-files.ts`
 * holds one per program): ESLint lints every file of a project against the same program, so each
 * file's imports are resolved, and each file's place checked, once.
 */
export interface ImportContext {
  /** The repository's door: what is outside it is never taken. */
  readonly boundary: FileReader;
  /** Per file: its local imports (specifier and the project file it resolves to). */
  readonly imports: Map<ts.SourceFile, readonly (readonly [string, ts.SourceFile])[]>;
  /** Per file name: whether its real path is inside the repository (one realpath per file and program). */
  readonly inside: Map<string, boolean>;
  /** Per file name: a JSON file a project file loads with `require()`, read and parsed once per program (null: not read). */
  readonly requiredJson: Map<string, ts.SourceFile | null>;
  readonly resolutionCache: ts.ModuleResolutionCache;
}

/**
 * `Program.getResolvedModule`: the resolution the program made of an import while it was built (TypeScript
 * 5.3 and later; not in the public typings). Older programs lack it, and the import is resolved again.
 */
type ResolvingProgram = ts.Program & {
  getResolvedModule?: (sourceFile: ts.SourceFile, moduleName: string, mode: ts.ResolutionMode) => ts.ResolvedModuleWithFailedLookupLocations | undefined;
};

/** `FileReader.isInside`, asked once per file and program: every stack file imports the same shared ones. */
export function isInside(context: ImportContext, fileName: string): boolean {
  let inside = context.inside.get(fileName);
  if (inside === undefined) {
    inside = context.boundary.isInside(fileName);
    context.inside.set(fileName, inside);
  }
  return inside;
}

/**
 * A file's imports of project files, resolved once per program. A non-relative specifier can be a
 * project file only through `paths` or `baseUrl` (the CLI reads the same options from tsconfig.json);
 * without them packages are not looked up at all. (`baseUrl` is deprecated in TypeScript 6 but still
 * honoured: asked by name, not read.)
 */
export function localImports(
  ts: typeof import('typescript'),
  program: ts.Program,
  context: ImportContext,
  sourceFile: ts.SourceFile,
): readonly (readonly [string, ts.SourceFile])[] {
  let imports = context.imports.get(sourceFile);
  if (imports) return imports;
  const options = program.getCompilerOptions();
  const aliased = options.paths !== undefined || Object.hasOwn(options, 'baseUrl');
  const found: [string, ts.SourceFile][] = [];
  for (const literal of moduleSpecifiers(ts, sourceFile)) {
    const specifier = literal.text;
    if (!aliased && !specifier.startsWith('.') && !specifier.startsWith('/')) continue;
    const mode = program.getModeForUsageLocation(sourceFile, literal);
    // The program resolved every import when it was built: asked first, so no path is probed again.
    const module = (
      (program as ResolvingProgram).getResolvedModule?.(sourceFile, specifier, mode) ??
      ts.resolveModuleName(specifier, sourceFile.fileName, options, ts.sys, context.resolutionCache, undefined, mode)
    ).resolvedModule;
    if (!module || module.isExternalLibraryImport) continue;
    const target = program.getSourceFile(module.resolvedFileName);
    if (!target || target.isDeclarationFile || !isInside(context, target.fileName)) continue;
    found.push([specifier, target]);
  }
  for (const { text: specifier } of requiredJson(ts, sourceFile)) {
    const json = requiredJsonFile(ts, context, path.resolve(path.dirname(sourceFile.fileName), specifier));
    if (json) found.push([specifier, json]);
  }
  imports = found;
  context.imports.set(sourceFile, imports);
  return imports;
}

/**
 * A JSON file a project file loads with CommonJS `require('./config/team.json')`, which the program
 * does not hold (TypeScript takes in JSON only through `import`): read through the repository's door
 * and parsed by TypeScript as JSON, as the CLI reads it (`formats/cdk-source/load-projects.ts`), so that
 * the plugin and the CLI evaluate the same data. Undefined when it cannot be read, or is over the
 * token budget or too deeply nested to parse.
 */
function requiredJsonFile(ts: typeof import('typescript'), context: ImportContext, fileName: string): ts.SourceFile | undefined {
  let json = context.requiredJson.get(fileName);
  if (json === undefined) {
    json = null;
    const read = context.boundary.readSource(fileName);
    if (read.ok && !overTokenBudget(ts, fileName, read.text, DEFAULT_LIMITS)) {
      try {
        json = ts.createSourceFile(fileName, read.text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JSON);
      } catch (error) {
        if (!(error instanceof RangeError)) throw error;
      }
    }
    context.requiredJson.set(fileName, json);
  }
  return json ?? undefined;
}

/** The module specifiers of a file's top-level imports and re-exports (`import`, `export … from`, `import x = require()`). */
function moduleSpecifiers(ts: typeof import('typescript'), sourceFile: ts.SourceFile): ts.StringLiteral[] {
  const specifiers: ts.StringLiteral[] = [];
  for (const statement of sourceFile.statements) {
    let specifier: ts.Expression | undefined;
    if (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) specifier = statement.moduleSpecifier;
    else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference))
      specifier = statement.moduleReference.expression;
    if (specifier && ts.isStringLiteral(specifier)) specifiers.push(specifier);
  }
  return specifiers;
}
