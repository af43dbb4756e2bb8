import path from 'node:path';
import type * as ts from 'typescript';
import { FileReader } from '../io/file-reader.js';
import { DEFAULT_MAX_FILE_BYTES } from '../io/read-source.js';
import { isTypeScriptSource, ProjectRoots } from '../formats/cdk-source/project-root.js';
import { findGitRoot } from '../io/repository-root.js';
import { cdkApps, cdkJsonEntry } from '../cdk-source/cdk-apps.js';

/**
 * At most this many files are analysed with the linted one. An editor lints on every keystroke: a
 * file that imports half a monorepo must not make each run read it all. Users, login profiles and
 * keys a CDK file links to are normally one or two imports away.
 */
export const MAX_PROGRAM_FILES = 64;

export interface ProgramFiles {
  /**
   * The linted file first, then the local files it imports, transitively (breadth first), then the
   * other files of its project with what they import (bounded).
   */
  readonly files: readonly ts.SourceFile[];
  /** The file a local import resolves to, as the program resolved it; undefined for packages. */
  resolveImport(fromFile: string, specifier: string): string | undefined;
  /**
   * The CDK apps of the project that hold the linted file (`src/cdk-source/cdk-apps.ts`, grouped as
   * the CLI groups them): each is analysed as one unit. One app for a project with a single entry.
   */
  readonly apps: readonly (readonly ts.SourceFile[])[];
}

/**
 * The linted file, the project files it imports and the other files of its CDK project, taken from
 * the type-aware program (`parserOptions.projectService` or `project`), so that a key in one file
 * links to a user exported from another, and a stack class's keys are evaluated with the props the
 * app passes where it instantiates the class: the project is analysed as the CLI analyses it, as one
 * unit (its files: the program's files under the same project root, README "CDK TypeScript source").
 * Imports are resolved with the program's own compiler options and module resolution mode;
 * declaration files and packages (node_modules) are left out: the extractor reads source only.
 *
 * Only files whose real path is inside the linted file's repository (its nearest git root, else the
 * program's root directory) are taken, as in the CLI: an import (or a symlink) leading elsewhere on
 * the machine must not put that file's names into a report.
 */
export function programFiles(ts: typeof import('typescript'), program: ts.Program, linted: ts.SourceFile): ProgramFiles {
  const repository = findGitRoot(path.dirname(linted.fileName)) ?? program.getCurrentDirectory();
  const boundary = new FileReader([repository], DEFAULT_MAX_FILE_BYTES);
  const resolved = new Map<string, string>();
  const files: ts.SourceFile[] = [linted];
  const seen = new Set([linted.fileName]);
  const options = program.getCompilerOptions();
  // A non-relative specifier can be a project file only through `paths` or `baseUrl` (the CLI reads
  // the same options from tsconfig.json); without them packages are not looked up at all.
  // (`baseUrl` is deprecated in TypeScript 6 but still honoured: asked by name, not read.)
  const aliased = options.paths !== undefined || Object.hasOwn(options, 'baseUrl');
  const cache = ts.createModuleResolutionCache(program.getCurrentDirectory(), (f) => f, options);
  let next = 0;
  const followImports = () => {
    for (; next < files.length; next++) {
      const sourceFile = files[next];
      if (!sourceFile) break;
      for (const literal of moduleSpecifiers(ts, sourceFile)) {
        const specifier = literal.text;
        if (!aliased && !specifier.startsWith('.') && !specifier.startsWith('/')) continue;
        const mode = program.getModeForUsageLocation(sourceFile, literal);
        const module = ts.resolveModuleName(specifier, sourceFile.fileName, options, ts.sys, cache, undefined, mode).resolvedModule;
        if (!module || module.isExternalLibraryImport) continue;
        const target = program.getSourceFile(module.resolvedFileName);
        if (!target || target.isDeclarationFile || !boundary.isInside(target.fileName)) continue;
        resolved.set(`${sourceFile.fileName}\0${specifier}`, target.fileName);
        if (seen.has(target.fileName) || files.length >= MAX_PROGRAM_FILES) continue;
        seen.add(target.fileName);
        files.push(target);
      }
    }
  };
  followImports();
  // Then the files that may import the linted one: the rest of its project, as the CLI groups it.
  const roots = new ProjectRoots(repository);
  const project = roots.rootOf(linted.fileName, repository);
  for (const other of program.getSourceFiles()) {
    if (files.length >= MAX_PROGRAM_FILES) break;
    if (seen.has(other.fileName) || other.isDeclarationFile || program.isSourceFileFromExternalLibrary(other) || !isTypeScriptSource(other.fileName)) continue;
    if (!boundary.isInside(other.fileName) || roots.rootOf(other.fileName, repository) !== project) continue;
    seen.add(other.fileName);
    files.push(other);
  }
  followImports();
  const resolveImport = (fromFile: string, specifier: string) => resolved.get(`${fromFile}\0${specifier}`);
  // The entry cdk.json names, read as the CLI reads it: through the repository's door.
  const cdkJson = boundary.readSource(path.join(project, 'cdk.json'));
  const namedEntry = cdkJson.ok ? cdkJsonEntry(cdkJson.text, project) : undefined;
  const apps = cdkApps(ts, files, resolveImport, namedEntry)
    .map((app) => app.files)
    .filter((app) => app.includes(linted));
  return { files, resolveImport, apps };
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
