import path from 'node:path';
import type * as ts from 'typescript';
import { FileReader } from '../io/file-reader.js';
import { DEFAULT_MAX_FILE_BYTES } from '../io/read-source.js';
import { isTypeScriptSource, ProjectRoots } from '../formats/cdk-source/project-root.js';
import { findGitRoot } from '../io/repository-root.js';
import { cdkJsonContextOfText, cdkJsonContextPerApp } from '../cdk-source/app-context.js';
import { cdkApps, cdkJsonEntry, createsApp } from '../cdk-source/cdk-apps.js';
import { commonJsEntry, entryFilePerApp, mayTestMainModule } from '../cdk-source/main-module.js';
import { projectJsonTooDeep, projectJsonTooLarge } from '../cdk-source/project-json.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { DEFAULT_LIMITS } from '../core/limits.js';
import { hasEscapeMarker } from '../core/seed-text.js';
import { isInside, localImports, type ImportContext } from './local-imports.js';
import { calledInProjectOnce } from './project-callees.js';

/**
 * At most this many files are analysed with the linted one. An editor lints on every keystroke: a
 * file that imports a whole monorepo must not make each run read it all. Users, login profiles and
 * keys a CDK file links to are normally one or two imports away. Up to this size a project is taken
 * whole, so every file of it gets the same apps, analysed once per program (`analyse-source.ts`).
 */
export const MAX_PROGRAM_FILES = 256;

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
  /** For a project of several apps, whether some app of it calls a class or function (`project-callees.ts`). */
  readonly calledInProject?: (node: ts.Node) => boolean;
  /**
   * The text of every file of `files`, by file name, as the program holds it: one map for every file
   * of a project taken whole, where each linted file would otherwise copy all of them again.
   */
  readonly texts: ReadonlyMap<string, string>;
}

/**
 * What one program's files have in common, worked out once per program and repository: ESLint lints
 * every file of a project against the same program, so the imports of a file are resolved once, and
 * the project's other files are listed once, not once per linted file.
 */
interface ProgramContext extends ImportContext {
  readonly roots: ProjectRoots;
  /** Per project root: its files among the program's, in the program's order. */
  readonly projects: Map<string, readonly ts.SourceFile[]>;
  /** Per project root: the project with everything it imports, when that fits in `MAX_PROGRAM_FILES` (else null). */
  readonly wholeProjects: Map<string, WholeProject | null>;
}

interface WholeProject {
  readonly files: readonly ts.SourceFile[];
  readonly resolveImport: (fromFile: string, specifier: string) => string | undefined;
  readonly apps: readonly (readonly ts.SourceFile[])[];
  readonly calledInProject: ((node: ts.Node) => boolean) | undefined;
  /** Per file of `files`: the apps holding it, in the order of `apps` (none for a file no app holds). */
  readonly appsOf: ReadonlyMap<ts.SourceFile, readonly (readonly ts.SourceFile[])[]>;
  readonly texts: ReadonlyMap<string, string>;
}

const contexts = new WeakMap<ts.Program, Map<string, ProgramContext>>();
const gitRoots = new WeakMap<ts.Program, Map<string, string | undefined>>();

/** The linted file's repository (its nearest git root, else the program's root directory), looked up once per directory and program. */
function repositoryOf(program: ts.Program, file: string): string {
  let byDirectory = gitRoots.get(program);
  if (!byDirectory) {
    byDirectory = new Map();
    gitRoots.set(program, byDirectory);
  }
  const directory = path.dirname(file);
  if (!byDirectory.has(directory)) byDirectory.set(directory, findGitRoot(directory));
  return byDirectory.get(directory) ?? program.getCurrentDirectory();
}

function programContext(ts: typeof import('typescript'), program: ts.Program, repository: string): ProgramContext {
  let byRepository = contexts.get(program);
  if (!byRepository) {
    byRepository = new Map();
    contexts.set(program, byRepository);
  }
  let context = byRepository.get(repository);
  if (!context) {
    const boundary = new FileReader([repository], DEFAULT_MAX_FILE_BYTES);
    context = {
      boundary,
      roots: new ProjectRoots(repository, (file) => boundary.exists(file)),
      imports: new Map(),
      projects: new Map(),
      wholeProjects: new Map(),
      inside: new Map(),
      requiredJson: new Map(),
      resolutionCache: ts.createModuleResolutionCache(program.getCurrentDirectory(), (f) => f, program.getCompilerOptions()),
    };
    byRepository.set(repository, context);
  }
  return context;
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
  const repository = repositoryOf(program, linted.fileName);
  const context = programContext(ts, program, repository);
  const project = context.roots.rootOf(linted.fileName, repository);
  // A project that fits is the same set of files whichever of its files is linted: gathered once.
  const whole = wholeProject(ts, program, context, project, repository);
  const appsOfLinted = whole?.appsOf.get(linted);
  if (whole && appsOfLinted)
    return {
      files: [linted, ...whole.files.filter((f) => f !== linted)],
      resolveImport: whole.resolveImport,
      apps: appsOfLinted,
      ...(whole.calledInProject ? { calledInProject: whole.calledInProject } : {}),
      texts: whole.texts,
    };
  const resolved = new Map<string, string>();
  const files: ts.SourceFile[] = [linted];
  const seen = new Set([linted.fileName]);
  let next = 0;
  const followImports = () => {
    for (; next < files.length; next++) {
      const sourceFile = files[next];
      if (!sourceFile) break;
      for (const [specifier, target] of localImports(ts, program, context, sourceFile)) {
        resolved.set(`${sourceFile.fileName}\0${specifier}`, target.fileName);
        if (seen.has(target.fileName) || files.length >= MAX_PROGRAM_FILES) continue;
        seen.add(target.fileName);
        files.push(target);
      }
    }
  };
  followImports();
  // Then the files that may import the linted one: the rest of its project, as the CLI groups it.
  for (const other of projectFiles(ts, program, context, project, repository)) {
    if (files.length >= MAX_PROGRAM_FILES) break;
    if (seen.has(other.fileName)) continue;
    seen.add(other.fileName);
    files.push(other);
  }
  followImports();
  const resolveImport = (fromFile: string, specifier: string) => resolved.get(`${fromFile}\0${specifier}`);
  // The entry cdk.json names, read as the CLI reads it: through the repository's door.
  const all = projectApps(ts, context, project, repository, files, resolveImport);
  const apps = all.filter((app) => app.includes(linted));
  return {
    files,
    resolveImport,
    apps,
    ...(all.length > 1 ? { calledInProject: calledInProjectOnce(ts, files, resolveImport) } : {}),
    texts: textsOf(files),
  };
}

function textsOf(files: readonly ts.SourceFile[]): ReadonlyMap<string, string> {
  return new Map(files.map((f) => [f.fileName, f.text]));
}

/**
 * A project's files with everything they import, grouped into apps, once per program; null when
 * that is more than `MAX_PROGRAM_FILES` files (each linted file then takes its own bounded share).
 */
function wholeProject(ts: typeof import('typescript'), program: ts.Program, context: ProgramContext, project: string, repository: string): WholeProject | null {
  const cached = context.wholeProjects.get(project);
  if (cached !== undefined) return cached;
  const files = [...projectFiles(ts, program, context, project, repository)];
  const seen = new Set(files.map((f) => f.fileName));
  const resolved = new Map<string, string>();
  let whole: WholeProject | null = null;
  for (let next = 0; next < files.length && files.length <= MAX_PROGRAM_FILES; next++) {
    const sourceFile = files[next];
    if (!sourceFile) break;
    for (const [specifier, target] of localImports(ts, program, context, sourceFile)) {
      resolved.set(`${sourceFile.fileName}\0${specifier}`, target.fileName);
      if (seen.has(target.fileName)) continue;
      seen.add(target.fileName);
      files.push(target);
    }
  }
  if (files.length <= MAX_PROGRAM_FILES) {
    const resolveImport = (fromFile: string, specifier: string) => resolved.get(`${fromFile}\0${specifier}`);
    const apps = projectApps(ts, context, project, repository, files, resolveImport);
    const appsOf = new Map<ts.SourceFile, (readonly ts.SourceFile[])[]>(files.map((f) => [f, []]));
    for (const app of apps)
      for (const file of app) {
        const holding = appsOf.get(file);
        if (holding && holding.at(-1) !== app) holding.push(app);
      }
    whole = {
      files,
      resolveImport,
      apps,
      calledInProject: apps.length > 1 ? calledInProjectOnce(ts, files, resolveImport) : undefined,
      appsOf,
      texts: textsOf(files),
    };
  }
  context.wholeProjects.set(project, whole);
  return whole;
}

/**
 * The CDK apps of a project's `files`, with the entry its `cdk.json` names read as the CLI reads it
 * (through the repository's door); the app `cdk.json` runs gets the context `cdk.json` gives it
 * (`cdkJsonContextOf`), as in the CLI (`src/formats/cdk-source/load-projects.ts`).
 */
function projectApps(
  ts: typeof import('typescript'),
  context: ProgramContext,
  project: string,
  repository: string,
  files: readonly ts.SourceFile[],
  resolveImport: (fromFile: string, specifier: string) => string | undefined,
): (readonly ts.SourceFile[])[] {
  const read = context.boundary.readSource(path.join(project, 'cdk.json'));
  // Holding more values than credlint parses, cdk.json names nothing and gives no context, as in the CLI.
  const tooLarge = read.ok ? projectJsonTooLarge(path.join(project, 'cdk.json'), read.text, DEFAULT_LIMITS.parseNodes) : undefined;
  const cdkJson = tooLarge === undefined ? read : ({ ok: false } as const);
  const namedEntry = cdkJson.ok ? cdkJsonEntry(cdkJson.text, project) : undefined;
  const apps = cdkApps(ts, files, resolveImport, namedEntry);
  const contexts = cdkJsonContextPerApp(ts, apps, files, namedEntry, project, cdkJson.ok ? cdkJson.text : undefined);
  const entryFiles = entryFilePerApp(
    apps,
    files,
    commonJsEntry(cdkJson.ok ? cdkJson.text : undefined, namedEntry, repository, (file) => context.boundary.textIfPresent(file)),
  );
  // Nested past what credlint parses, cdk.json names no entry and gives no context: said, as the CLI says it.
  const tooDeep = tooLarge ?? (cdkJson.ok ? projectJsonTooDeep(path.join(project, 'cdk.json'), cdkJson.text) : undefined);
  return apps.map((app, index) => {
    const given = contexts[index];
    if (given) cdkJsonContexts.set(app.files, given);
    const entryFile = entryFiles[index];
    if (entryFile !== undefined) entryFilesOfApps.set(app.files, entryFile);
    if (tooDeep) cdkJsonProblems.set(app.files, tooDeep);
    return app.files;
  });
}

/**
 * The app of a file linted without type information: the file alone (its imports are not read), with
 * the context its project's `cdk.json` gives the app it runs, as the CLI gives it (`cdkJsonContextPerApp`):
 * when `cdk.json` names an entry that is there, to that entry and to a file that creates no `App` of
 * its own (a stack file, which that entry's app imports); not to a file creating another app. The
 * same files learn which file runs as the main module (`require.main === module`, `main-module.ts`).
 * Read only when the file reads context or may test the main module at all, through the repository's
 * door like every other read (its git root, else the current directory).
 */
export function untypedApp(ts: typeof import('typescript'), linted: ts.SourceFile): readonly ts.SourceFile[] {
  const app = [linted];
  // Escapes spell names too (`tryG\u0065tContext`), which the parser decodes.
  if (!linted.text.includes('etContext') && !hasEscapeMarker(linted.text) && !mayTestMainModule(linted.text)) return app;
  const repository = findGitRoot(path.dirname(linted.fileName)) ?? process.cwd();
  const boundary = new FileReader([repository], DEFAULT_MAX_FILE_BYTES);
  const project = new ProjectRoots(repository, (file) => boundary.exists(file)).rootOf(linted.fileName, path.dirname(linted.fileName));
  const file = path.join(project, 'cdk.json');
  const cdkJson = boundary.exists(file) ? boundary.readSource(file) : undefined;
  if (!cdkJson?.ok) return app;
  const tooDeep = projectJsonTooDeep(file, cdkJson.text);
  if (tooDeep) cdkJsonProblems.set(app, tooDeep);
  const namedEntry = cdkJsonEntry(cdkJson.text, project);
  if (namedEntry === undefined || !boundary.exists(namedEntry) || (namedEntry !== linted.fileName && createsApp(ts, linted))) return app;
  const given = cdkJsonContextOfText(ts, project, cdkJson.text);
  if (given) cdkJsonContexts.set(app, given);
  const entryFile = commonJsEntry(cdkJson.text, namedEntry, repository, (file) => boundary.textIfPresent(file));
  if (entryFile !== undefined) entryFilesOfApps.set(app, entryFile);
  return app;
}

/** Per app (its files array): the file `cdk.json` runs as the CommonJS main module (`main-module.ts`). */
const entryFilesOfApps = new WeakMap<readonly ts.SourceFile[], string>();

/** The file that runs as the main module when `cdk.json` runs `app` (one of `ProgramFiles.apps`), if known. */
export function entryFileOf(app: readonly ts.SourceFile[]): string | undefined {
  return entryFilesOfApps.get(app);
}

/** Per app (its files array): why the `cdk.json` of its project was not read, when it was refused. */
const cdkJsonProblems = new WeakMap<readonly ts.SourceFile[], Diagnostic>();

/** Why the `cdk.json` of the project of `app` (one of `ProgramFiles.apps`) was not read, if it was refused. */
export function cdkJsonProblemOf(app: readonly ts.SourceFile[]): Diagnostic | undefined {
  return cdkJsonProblems.get(app);
}

/** Per app (its files array, as `ProgramFiles.apps` holds it): the context `cdk.json` gives it. */
const cdkJsonContexts = new WeakMap<readonly ts.SourceFile[], ts.ObjectLiteralExpression>();

/** The `"context"` object of the `cdk.json` that runs `app` (one of `ProgramFiles.apps`), if any. */
export function cdkJsonContextOf(app: readonly ts.SourceFile[]): ts.ObjectLiteralExpression | undefined {
  return cdkJsonContexts.get(app);
}

/** The program's source files of one project, inside the repository, in the program's order (once per program). */
function projectFiles(
  ts: typeof import('typescript'),
  program: ts.Program,
  context: ProgramContext,
  project: string,
  repository: string,
): readonly ts.SourceFile[] {
  let files = context.projects.get(project);
  if (!files) {
    files = program
      .getSourceFiles()
      .filter(
        (other) =>
          !other.isDeclarationFile &&
          !program.isSourceFileFromExternalLibrary(other) &&
          isTypeScriptSource(other.fileName) &&
          isInside(context, other.fileName) &&
          context.roots.rootOf(other.fileName, repository) === project,
      );
    context.projects.set(project, files);
  }
  return files;
}
