import path from 'node:path';
import type * as ts from 'typescript';
import { buildCdkSourceUnit, projectCallees } from '../../cdk-source/build-cdk-source-unit.js';
import { cdkJsonContextPerApp } from '../../cdk-source/app-context.js';
import { commonJsEntry, entryFilePerApp } from '../../cdk-source/main-module.js';
import { cdkApps, cdkJsonEntry } from '../../cdk-source/cdk-apps.js';
import { resolveRelativeImport } from '../../cdk-source/resolve-relative-import.js';
import { MAX_PATH_PATTERNS, readImportAliases } from '../../cdk-source/tsconfig-paths.js';
import type { CdkProject } from './select-projects.js';
import { reportLeftByDeadline } from '../../core/deadline.js';
import { note, parseError, type Diagnostic } from '../../core/diagnostic.js';
import { importedJsonFiles, importedSourceFiles, parsedSource, type ImportBudget } from './imported-files.js';
import { internalError } from '../../core/internal-error.js';
import { limitReached, limitReachedAlso } from '../../core/limits.js';
import { FILE_START } from '../../core/location.js';
import { projectJsonTooDeep, projectJsonTooLarge } from '../../cdk-source/project-json.js';
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
  const budget: ImportBudget = { left: options.limits.cdkImportedFiles, spent: false };
  for (const [index, project] of projects.entries()) {
    // Where a problem with the whole project is reported: its first file, else its directory.
    const entry = { file: project.files[0] ?? project.root, range: FILE_START };
    if (options.deadline?.expired()) {
      reportLeftByDeadline(diagnostics, entry, options.limits, projects.length - index, 'CDK source project');
      break;
    }
    if (budget.spent) {
      reportLeftByImportBudget(diagnostics, projects.length - index, options);
      break;
    }
    try {
      const loaded = await loadProject(project, typescript, options, budget);
      appendAll(diagnostics, loaded.diagnostics);
      loaded.units.forEach(emit);
    } catch (error) {
      // A bug met in one project costs that unit only.
      diagnostics.push(internalError(entry, cdkSourceUnitId(project.root, options.cwd), error));
    }
  }
  return { units, diagnostics };
}

/**
 * The projects left once the scan's `cdkImportedFiles` budget ran out, said by the error of the
 * project where it did (the last of its kind): one error, however many projects a pull request adds.
 */
function reportLeftByImportBudget(diagnostics: Diagnostic[], count: number, options: LoadOptions): void {
  const more = count === 1 ? '1 more CDK source project was not analysed' : `${String(count)} more CDK source projects were not analysed`;
  for (let index = diagnostics.length - 1; index >= 0; index -= 1) {
    const extended = limitReachedAlso(diagnostics[index] as Diagnostic, 'cdkImportedFiles', options.limits, more);
    if (extended === undefined) continue;
    diagnostics[index] = extended;
    return;
  }
}

async function loadProject(
  project: CdkProject,
  typescript: typeof import('typescript'),
  options: LoadOptions,
  budget: ImportBudget,
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
    const tooLarge = projectJsonTooLarge(file, text.text, options.limits.parseNodes);
    if (tooLarge !== undefined) {
      diagnostics.push(tooLarge);
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
  const imported = importedSourceFiles(typescript, sourceFiles, options, diagnostics, aliases, budget);
  const json = imported === undefined ? undefined : importedJsonFiles(typescript, [...sourceFiles, ...imported], options, diagnostics, budget);
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
  const entryFiles = entryFilePerApp(
    apps,
    sourceFiles,
    commonJsEntry(cdkJson, namedEntry, options.repoRoot, (file) => options.reader.textIfPresent(file)),
  );
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
      ...(entryFiles[index] === undefined ? {} : { entryFile: entryFiles[index] }),
      givenParameters: new Set(Object.keys(options.parameters)),
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
