import path from 'node:path';
import type * as ts from 'typescript';
import { buildCdkSourceUnit } from '../../cdk-source/build-cdk-source-unit.js';
import { resolveRelativeImport } from '../../cdk-source/resolve-relative-import.js';
import type { CdkProject } from './select-projects.js';
import { notAnalysedByDeadline } from '../../core/deadline.js';
import { parseError, type Diagnostic } from '../../core/diagnostic.js';
import { internalError } from '../../core/internal-error.js';
import { FILE_START } from '../../core/location.js';
import { overTokenBudget } from '../../cdk-source/token-budget.js';
import { MissingOptionalPackage, requireOptional } from '../../core/optional-package.js';
import type { DeploymentUnit } from '../../model/model.js';
import type { LoadOptions, LoadResult } from '../load-options.js';

/** `cdk-source:<project directory relative to the current directory>`, with `/` separators. */
export function cdkSourceUnitId(root: string, cwd: string): string {
  return `cdk-source:${path.relative(cwd, root).split(path.sep).join('/') || '.'}`;
}

/**
 * Loads CDK TypeScript source projects (README, "What is analysed"): one deployment unit per project, its files parsed
 * by ts-morph (imported here, on first use: README, "Performance") and analysed together without node_modules or a
 * type checker (`src/cdk-source`). Files are read by credlint (size limit, NUL bytes, UTF-8 checked)
 * and handed to an in-memory ts-morph project, so ts-morph itself never touches the disk: no
 * tsconfig, no dependency resolution, no lib files. Never throws.
 */
export async function loadCdkSource(projects: readonly CdkProject[], options: LoadOptions): Promise<LoadResult> {
  const units: DeploymentUnit[] = [];
  const diagnostics: Diagnostic[] = [];
  if (projects.length === 0) return { units, diagnostics };
  // `require`, not `import()`: ts-morph is CommonJS, and importing it from ESM first runs Node's
  // export scanner over its 9 MB of bundled TypeScript (measured: ~0.1 s of a one-file scan's ~1 s).
  // An optional peer dependency: without it, each CDK project is reported as not analysed (exit 2).
  let tsMorph: typeof import('ts-morph');
  try {
    tsMorph = requireOptional('ts-morph');
  } catch (error) {
    if (!(error instanceof MissingOptionalPackage)) throw error;
    for (const project of projects)
      diagnostics.push(parseError({ file: project.files[0] ?? project.root, range: FILE_START }, `TypeScript project not analysed: ${error.message}`));
    return { units, diagnostics };
  }
  // ts-morph bundles its own TypeScript (6.0.2); the extractor is typed against `typescript` 6.0.3.
  // The parts of the API it uses are the same in both; only the declarations are distinct (enums are nominal).
  const typescript = tsMorph.ts as unknown as typeof import('typescript');
  for (const [index, project] of projects.entries()) {
    // Where a problem with the whole project is reported: its first file, else its directory.
    const entry = { file: project.files[0] ?? project.root, range: FILE_START };
    if (options.deadline?.expired()) {
      diagnostics.push(notAnalysedByDeadline(entry, options.limits, projects.length - index, 'CDK source project'));
      break;
    }
    try {
      const loaded = await loadProject(project, tsMorph, typescript, options);
      diagnostics.push(...loaded.diagnostics);
      if (loaded.unit) units.push(loaded.unit);
    } catch (error) {
      // A bug met in one project costs that unit only.
      diagnostics.push(internalError(entry, cdkSourceUnitId(project.root, options.cwd), error));
    }
  }
  return { units, diagnostics };
}

async function loadProject(
  project: CdkProject,
  tsMorph: typeof import('ts-morph'),
  typescript: typeof import('typescript'),
  options: LoadOptions,
): Promise<{ unit: DeploymentUnit | undefined; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const morph = new tsMorph.Project({
    useInMemoryFileSystem: true,
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    skipLoadingLibFiles: true,
  });
  const sourceFiles: ts.SourceFile[] = [];
  for (const file of project.files) {
    const read = options.reader.readSource(file);
    if (!read.ok) {
      diagnostics.push(read.diagnostic);
      continue;
    }
    const tooLarge = overTokenBudget(typescript, file, read.text, options.limits);
    if (tooLarge) {
      diagnostics.push(tooLarge);
      continue;
    }
    try {
      // ts-morph's bundled TypeScript and ours are two copies with distinct enum declarations (see above).
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- the double cast crosses the two copies
      sourceFiles.push(morph.createSourceFile(file, read.text, { overwrite: true }).compilerNode as unknown as ts.SourceFile);
    } catch (error) {
      // TypeScript's recursive-descent parser overflows the stack on some 700 nested parentheses.
      const message =
        error instanceof RangeError
          ? 'the TypeScript parser gave up: the code is nested too deeply'
          : `the TypeScript parser failed: ${error instanceof Error ? error.message : String(error)}`;
      diagnostics.push(parseError({ file, range: FILE_START }, message));
    }
  }
  // ts-morph names files by its standardised path; imports resolve among those names.
  const names = new Set(sourceFiles.map((f) => f.fileName));
  const built = buildCdkSourceUnit(typescript, {
    unitId: cdkSourceUnitId(project.root, options.cwd),
    files: sourceFiles,
    resolveImport: (fromFile, specifier) => resolveRelativeImport(names, fromFile, specifier),
    root: project.root,
    limits: options.limits,
  });
  return { unit: built.unit, diagnostics: [...diagnostics, ...built.diagnostics] };
}
