import path from 'node:path';
import type * as ts from 'typescript';
import { buildCdkSourceUnit, projectCallees } from '../../cdk-source/build-cdk-source-unit.js';
import { cdkJsonContextPerApp } from '../../cdk-source/app-context.js';
import { cdkApps, cdkJsonEntry } from '../../cdk-source/cdk-apps.js';
import { aliasedBases, moduleCandidates, moduleFile, resolveRelativeImport } from '../../cdk-source/resolve-relative-import.js';
import { MAX_PATH_PATTERNS, readImportAliases, type ImportAliases } from '../../cdk-source/tsconfig-paths.js';
import type { CdkProject } from './select-projects.js';
import { reportLeftByDeadline } from '../../core/deadline.js';
import { note, parseError, type Diagnostic } from '../../core/diagnostic.js';
import { internalError } from '../../core/internal-error.js';
import { limitReached } from '../../core/limits.js';
import { FILE_START } from '../../core/location.js';
import { stackOverflowOffset } from '../../core/stack-overflow-offset.js';
import { textPositionAt } from '../../cdk-source/source-location.js';
import { projectJsonTooDeep } from '../../cdk-source/project-json.js';
import { requiredJson } from '../../cdk-source/required-json.js';
import { overTokenBudget } from '../../cdk-source/token-budget.js';
import { MissingOptionalPackage, requireTypeScript } from '../../core/optional-package.js';
import type { DeploymentUnit } from '../../model/model.js';
import type { LoadOptions, LoadResult } from '../load-options.js';
import { appendAll } from '../../core/append-all.js';

/**
 * `cdk-source:<project directory relative to the current directory>`, with `/` separators; when the
 * project holds several apps (`cdk-apps.ts`), each app's unit adds `#<its entry file relative to the
 * project>` (`cdk-source:infra#bin/test.ts`), and the files no entry reaches keep the project's id.
 */
export function cdkSourceUnitId(root: string, cwd: string, entry?: string): string {
  const slashes = (p: string) => p.split(path.sep).join('/');
  return `cdk-source:${slashes(path.relative(cwd, root)) || '.'}${entry === undefined ? '' : `#${slashes(path.relative(root, entry))}`}`;
}

/**
 * Loads CDK TypeScript source projects (README, "What is analysed"): one deployment unit per CDK app of a project (`cdk-apps.ts`), its files parsed
 * by the `typescript` compiler API (required here, on first use: README, "Performance") and analysed together without node_modules or a
 * type checker (`src/cdk-source`). Files are read by credlint (size limit, NUL bytes, UTF-8 checked)
 * and only parsed: no program, no tsconfig compilation, no dependency resolution, no lib files. Never throws.
 */
export async function loadCdkSource(projects: readonly CdkProject[], options: LoadOptions): Promise<LoadResult> {
  const units: DeploymentUnit[] = [];
  const emit = options.unitLoaded ?? ((unit: DeploymentUnit) => units.push(unit));
  const diagnostics: Diagnostic[] = [];
  if (projects.length === 0) return { units, diagnostics };
  // `require`, not `import()`: typescript is CommonJS, and importing it from ESM first runs Node's
  // export scanner over its 9 MB bundle. An optional peer dependency: without it, each CDK project is
  // reported as not analysed (exit 2). Through the CLI's compiled-code cache when it is on
  // (README, "Performance").
  let typescript: typeof import('typescript');
  try {
    typescript = requireTypeScript({ codeCache: true });
  } catch (error) {
    if (!(error instanceof MissingOptionalPackage)) throw error;
    for (const project of projects)
      diagnostics.push(parseError({ file: project.files[0] ?? project.root, range: FILE_START }, `TypeScript project not analysed: ${error.message}`));
    return { units, diagnostics };
  }
  for (const [index, project] of projects.entries()) {
    // Where a problem with the whole project is reported: its first file, else its directory.
    const entry = { file: project.files[0] ?? project.root, range: FILE_START };
    if (options.deadline?.expired()) {
      reportLeftByDeadline(diagnostics, entry, options.limits, projects.length - index, 'CDK source project');
      break;
    }
    try {
      const loaded = await loadProject(project, typescript, options);
      appendAll(diagnostics, loaded.diagnostics);
      loaded.units.forEach(emit);
    } catch (error) {
      // A bug met in one project costs that unit only.
      diagnostics.push(internalError(entry, cdkSourceUnitId(project.root, options.cwd), error));
    }
  }
  return { units, diagnostics };
}

async function loadProject(
  project: CdkProject,
  typescript: typeof import('typescript'),
  options: LoadOptions,
): Promise<{ units: DeploymentUnit[]; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const sourceFiles: ts.SourceFile[] = [];
  for (const [index, file] of project.files.entries()) {
    // Parsing is linear in each file, but a project holds any number of them: the deadline is read
    // before each, and a project not parsed whole is not analysed (its apps would miss the rest).
    if (index > 0 && options.deadline?.expired()) {
      const left = project.files.length - index;
      const what = `the scan deadline passed while the files of this CDK source project were parsed, so it is not analysed; ${left === 1 ? 'this file was' : `${String(left)} files were`} not parsed${left === 1 ? '' : ', this one first'}`;
      diagnostics.push(limitReached({ file, range: FILE_START }, 'scanSeconds', options.limits, what));
      return { units: [], diagnostics };
    }
    const parsed = parsedSource(typescript, file, options, diagnostics);
    if (parsed) sourceFiles.push(parsed);
  }
  const read = (file: string): string | undefined => {
    if (!options.reader.exists(file)) return undefined;
    const text = options.reader.readSource(file);
    if (!text.ok) {
      diagnostics.push(text.diagnostic);
      return undefined;
    }
    const tooDeep = projectJsonTooDeep(file, text.text);
    if (tooDeep !== undefined) diagnostics.push(tooDeep);
    return text.text;
  };
  const tsconfig = path.join(project.root, 'tsconfig.json');
  const aliases = readImportAliases(tsconfig, read);
  if (aliases && aliases.leftOut > 0)
    diagnostics.push(
      note(
        { file: tsconfig, range: FILE_START },
        `${String(aliases.leftOut)} "paths" patterns past the first ${String(MAX_PATH_PATTERNS)} are not used: imports through them are not resolved`,
      ),
    );
  // The files it imports are parsed with it, the deadline read before each: an app analysed without
  // them would miss what they create (a project left whole at the deadline passed, exit 0).
  const imported = importedSourceFiles(typescript, sourceFiles, options, diagnostics, aliases);
  const json = imported === undefined ? undefined : importedJsonFiles(typescript, [...sourceFiles, ...imported], options, diagnostics);
  if (imported === undefined || json === undefined) return { units: [], diagnostics };
  appendAll(sourceFiles, imported);
  appendAll(sourceFiles, json);
  // Files are named by their absolute paths; imports resolve among those names.
  const names = new Set(sourceFiles.map((f) => f.fileName));
  // Asked again each time an import is evaluated or searched: resolved once per file and specifier.
  const resolved = new Map<string, Map<string, string | undefined>>();
  const resolveImport = (fromFile: string, specifier: string) => {
    let fromHere = resolved.get(fromFile);
    if (!fromHere) {
      fromHere = new Map();
      resolved.set(fromFile, fromHere);
    }
    if (fromHere.has(specifier)) return fromHere.get(specifier);
    const file = resolveRelativeImport(names, fromFile, specifier, aliases);
    fromHere.set(specifier, file);
    return file;
  };
  const cdkJson = read(path.join(project.root, 'cdk.json'));
  const namedEntry = cdkJson === undefined ? undefined : cdkJsonEntry(cdkJson, project.root);
  const units: DeploymentUnit[] = [];
  const seen = new Set<string>();
  const apps = cdkApps(typescript, sourceFiles, resolveImport, namedEntry);
  const contexts = cdkJsonContextPerApp(typescript, apps, sourceFiles, namedEntry, project.root, cdkJson);
  // A stack class one app calls and another only imports exists in the first app alone.
  const calledInProject = apps.length > 1 ? projectCallees(typescript, sourceFiles, resolveImport, options.limits) : undefined;
  for (const [index, app] of apps.entries()) {
    // Each app of a project is a unit of its own, with its own budgets: the deadline bounds them all.
    if (index > 0 && options.deadline?.expired()) {
      const at = { file: app.entry ?? app.files[0]?.fileName ?? project.root, range: FILE_START };
      reportLeftByDeadline(diagnostics, at, options.limits, apps.length - index, 'CDK app');
      break;
    }
    const built = buildCdkSourceUnit(typescript, {
      unitId: cdkSourceUnitId(project.root, options.cwd, app.entry),
      files: app.files,
      resolveImport,
      root: project.root,
      limits: options.limits,
      ...(options.deadline ? { deadline: options.deadline } : {}),
      ...(calledInProject === undefined ? {} : { calledInProject }),
      ...(contexts[index] === undefined ? {} : { cdkJsonContext: contexts[index] }),
    });
    if (built.unit) units.push(built.unit);
    // A file shared by two apps is analysed in each: its syntax error is reported once.
    for (const diagnostic of built.diagnostics) {
      const key = JSON.stringify([diagnostic.kind, diagnostic.location, diagnostic.message]);
      if (seen.has(key)) continue;
      seen.add(key);
      diagnostics.push(diagnostic);
    }
  }
  return { units, diagnostics };
}

/** At most this many files outside a project's directory are read for its imports. */
const MAX_IMPORTED_SOURCE_FILES = 500;

/** TypeScript sources an import may name (a declaration file declares nothing that runs). */
const RUNNABLE_SOURCE = /(?<!\.d)\.(?:ts|tsx|mts|cts)$/;

/**
 * The TypeScript files outside the project's directory that its files import by a relative path (a
 * monorepo's `import { NAME } from '../../shared/names'`): `cdk synth` runs them with the app, as
 * TypeScript follows an import whatever the project's `include` says. Followed from file to file,
 * read through the same door as the project's own (size limit, NUL bytes), inside the repository
 * only: an import whose path leads out of it gets a note at the import and is not looked at, not even
 * for existence. At most `MAX_IMPORTED_SOURCE_FILES` per project, then a note. Undefined when the scan
 * deadline passed before they were all parsed (a `scanSeconds` error in `diagnostics`).
 */
function importedSourceFiles(
  typescript: typeof import('typescript'),
  sourceFiles: readonly ts.SourceFile[],
  options: LoadOptions,
  diagnostics: Diagnostic[],
  aliases: ImportAliases | undefined,
): ts.SourceFile[] | undefined {
  const known = new Set(sourceFiles.map((f) => f.fileName));
  // Read in turn, each file read appended: an index, not `shift`, which moves the whole queue each time.
  const queue = [...sourceFiles];
  const added: ts.SourceFile[] = [];
  for (let next = 0, from = queue[0]; from !== undefined; next += 1, from = queue[next]) {
    for (const specifier of moduleSpecifiers(typescript, from, aliases !== undefined)) {
      if (specifier.text.endsWith('.json')) continue;
      const found = importedModule(options, known, from, specifier.text, aliases);
      if (found === 'outside') {
        diagnostics.push(importLeadsOut(from, specifier));
        continue;
      }
      const file = found?.file;
      if (file === undefined || known.has(file)) continue;
      known.add(file);
      if (added.length === MAX_IMPORTED_SOURCE_FILES) {
        diagnostics.push(
          note(
            { file, range: FILE_START },
            `more than ${String(MAX_IMPORTED_SOURCE_FILES)} files outside the CDK project's directory are imported; this one and the rest are not read`,
          ),
        );
        return added;
      }
      if (options.deadline?.expired() === true) {
        diagnostics.push(importsLeftAtDeadline(file, options));
        return undefined;
      }
      const parsed = parsedSource(typescript, file, options, diagnostics);
      if (!parsed) continue;
      added.push(parsed);
      queue.push(parsed);
    }
  }
  return added;
}

/**
 * The file outside `known` that `specifier` (imported by `from`) names, `'outside'` when it leads out
 * of the repository, undefined when it names a known file or none: a relative path, or a non-relative
 * one through the project's `paths` and `baseUrl` (`aliases`, each of its targets in TypeScript's
 * order), so that an alias into a monorepo's shared directory (`@shared/users`) is followed as a
 * relative import is (it was not, and what that file created was missed without a word).
 */
function importedModule(
  options: LoadOptions,
  known: ReadonlySet<string>,
  from: ts.SourceFile,
  specifier: string,
  aliases: ImportAliases | undefined,
): { readonly file: string } | 'outside' | undefined {
  const relative = /^\.\.?(?:\/|$)/.test(specifier);
  const bases = relative ? [path.resolve(path.dirname(from.fileName), specifier)] : aliases === undefined ? [] : aliasedBases(specifier, aliases);
  for (const base of bases) {
    if (moduleFile(known, base) !== undefined) return undefined;
    const found = importedFile(
      options,
      moduleCandidates(base).filter((candidate) => RUNNABLE_SOURCE.test(candidate)),
    );
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The relative module specifiers a file imports or re-exports values from (`import type` aside). */
function relativeModuleSpecifiers(typescript: typeof import('typescript'), sourceFile: ts.SourceFile): ts.StringLiteral[] {
  return moduleSpecifiers(typescript, sourceFile, false);
}

/** The module specifiers a file imports or re-exports values from (`import type` aside): the relative ones, or all. */
function moduleSpecifiers(typescript: typeof import('typescript'), sourceFile: ts.SourceFile, all: boolean): ts.StringLiteral[] {
  const specifiers: ts.StringLiteral[] = [];
  for (const statement of sourceFile.statements) {
    const specifier =
      typescript.isImportDeclaration(statement) && statement.importClause?.phaseModifier !== typescript.SyntaxKind.TypeKeyword
        ? statement.moduleSpecifier
        : typescript.isExportDeclaration(statement) && !statement.isTypeOnly
          ? statement.moduleSpecifier
          : typescript.isImportEqualsDeclaration(statement) && typescript.isExternalModuleReference(statement.moduleReference)
            ? statement.moduleReference.expression
            : undefined;
    if (specifier && typescript.isStringLiteral(specifier) && (all || /^\.\.?(?:\/|$)/.test(specifier.text))) specifiers.push(specifier);
  }
  return specifiers;
}

/**
 * The JSON files the project's TypeScript imports by a relative path (`import config from
 * './users.json'`, TypeScript's `resolveJsonModule`) or loads with CommonJS `require('./users.json')`:
 * data that `cdk synth` would load, read through the same door as the sources (size limit,
 * repository boundary) and parsed by TypeScript as JSON (`resolve-declaration.ts` reads their default
 * and top-level exports). Undefined when the scan deadline passed before they were all parsed.
 * https://www.typescriptlang.org/tsconfig/#resolveJsonModule
 */
function importedJsonFiles(
  typescript: typeof import('typescript'),
  sourceFiles: readonly ts.SourceFile[],
  options: LoadOptions,
  diagnostics: Diagnostic[],
): ts.SourceFile[] | undefined {
  // Each file once, with the first specifier naming it (where a note about it is written).
  const files = new Map<string, { readonly from: ts.SourceFile; readonly specifier: ts.StringLiteralLike }>();
  for (const sourceFile of sourceFiles) {
    const specifiers = [
      // Imports only: a JSON module re-exported (`export … from './x.json'`) is not read.
      ...relativeModuleSpecifiers(typescript, sourceFile).filter((s) => s.text.endsWith('.json') && !typescript.isExportDeclaration(s.parent)),
      ...requiredJson(typescript, sourceFile),
    ];
    for (const specifier of specifiers) {
      const file = path.resolve(path.dirname(sourceFile.fileName), specifier.text);
      if (!files.has(file)) files.set(file, { from: sourceFile, specifier });
    }
  }
  const parsed: ts.SourceFile[] = [];
  for (const [file, { from, specifier }] of files) {
    if (options.deadline?.expired() === true) {
      diagnostics.push(importsLeftAtDeadline(file, options));
      return undefined;
    }
    const found = importedFile(options, [file]);
    if (found === 'outside') diagnostics.push(importLeadsOut(from, specifier));
    const json = found !== undefined && found !== 'outside' ? parsedSource(typescript, file, options, diagnostics, typescript.ScriptKind.JSON) : undefined;
    if (json) parsed.push(json);
  }
  return parsed;
}

/**
 * The first of an import's candidate files that is there (`FileReader.exists`), or `'outside'` when
 * that one leads out of the repository, by its path or through a symlink: decided without looking
 * outside, so an import of a file outside gets the same note whether anything is there. A test for
 * existence that followed links (`existsSync`) noted an import of `./linked/names.json`, `linked`
 * leading out, when the CI machine held the file and said nothing when it did not.
 */
function importedFile(options: LoadOptions, candidates: readonly string[]): { readonly file: string } | 'outside' | undefined {
  const file = candidates.find((candidate) => options.reader.exists(candidate));
  if (file === undefined) return undefined;
  return !options.reader.isLexicallyInside(file) || options.reader.resolvePath(file).kind === 'outside' ? 'outside' : { file };
}

/** The `scanSeconds` error at the first imported file the deadline left unparsed: the project is not analysed. */
function importsLeftAtDeadline(file: string, options: LoadOptions): Diagnostic {
  return limitReached(
    { file, range: FILE_START },
    'scanSeconds',
    options.limits,
    'the scan deadline passed while the files this CDK source project imports were parsed, so it is not analysed; this one was not parsed',
  );
}

/** The note at an import whose file lies outside the repository (`importedFile`). */
function importLeadsOut(from: ts.SourceFile, specifier: ts.StringLiteralLike): Diagnostic {
  const at = textPositionAt(from.text, specifier.getStart(from));
  const written = specifier.text.length > 80 ? `${specifier.text.slice(0, 77)}...` : specifier.text;
  return note(
    { file: from.fileName, range: { start: at, end: { line: at.line, column: at.column + specifier.getWidth(from) } } },
    `the import ${JSON.stringify(written)} leads outside the repository being scanned; not read, so what it exports is not analysed`,
  );
}

/**
 * A project file read through the scan's reader and parsed by TypeScript, or undefined after
 * recording why not: refused or unreadable, over the token budget, or too deeply nested for
 * TypeScript's recursive-descent parser (which overflows the stack on some 700 nested parentheses,
 * and on deeper JSON arrays alike).
 */
function parsedSource(
  typescript: typeof import('typescript'),
  file: string,
  options: LoadOptions,
  diagnostics: Diagnostic[],
  scriptKind?: ts.ScriptKind,
): ts.SourceFile | undefined {
  const read = options.reader.readSource(file);
  if (!read.ok) {
    diagnostics.push(read.diagnostic);
    return undefined;
  }
  const tooLarge = overTokenBudget(typescript, file, read.text, options.limits);
  if (tooLarge) {
    diagnostics.push(tooLarge);
    return undefined;
  }
  // Parent pointers on: the analysis walks up from nodes (`node.parent`, `getSourceFile()`). Without
  // a script kind it follows the file name (`.tsx` parses JSX).
  const parse = (text: string) => typescript.createSourceFile(file, text, typescript.ScriptTarget.Latest, true, scriptKind);
  try {
    return parse(read.text);
  } catch (error) {
    if (!(error instanceof RangeError)) {
      diagnostics.push(parseError({ file, range: FILE_START }, `the TypeScript parser failed: ${error instanceof Error ? error.message : String(error)}`));
      return undefined;
    }
    const offset = stackOverflowOffset(read.text, parse);
    const start = offset === undefined ? FILE_START.start : textPositionAt(read.text, offset);
    const range = { start, end: { line: start.line, column: start.column + 1 } };
    diagnostics.push(parseError({ file, range }, 'the TypeScript parser gave up here: the code is nested too deeply'));
    return undefined;
  }
}
