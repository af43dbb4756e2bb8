/**
 * The files a CDK source project's loader reads besides the project's own (`load-projects.ts`): the
 * TypeScript and JSON files its files import from outside its directory, each through the scan's
 * reader and under the deadline, and the parse of every file it reads.
 */
import path from 'node:path';
import type * as ts from 'typescript';
import { aliasedBases, moduleFile } from '../../cdk-source/resolve-relative-import.js';
import { moduleCandidates } from '../../core/module-candidates.js';
import type { ImportAliases } from '../../cdk-source/tsconfig-paths.js';
import { note, parseError, type Diagnostic } from '../../core/diagnostic.js';
import { limitReached } from '../../core/limits.js';
import { FILE_START } from '../../core/location.js';
import { stackOverflowOffset } from '../../core/stack-overflow-offset.js';
import { textPositionAt } from '../../cdk-source/source-location.js';
import { requiredJson } from '../../cdk-source/required-json.js';
import { overTokenBudget } from '../../cdk-source/token-budget.js';
import type { LoadOptions } from '../load-options.js';

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
export function importedSourceFiles(
  typescript: typeof import('typescript'),
  sourceFiles: readonly ts.SourceFile[],
  options: LoadOptions,
  diagnostics: Diagnostic[],
  aliases: ImportAliases | undefined,
  budget: ImportBudget,
): ts.SourceFile[] | undefined {
  const known = new Set(sourceFiles.map((f) => f.fileName));
  // Read in turn, each file read appended: an index, not `shift`, which moves the whole queue each time.
  const queue = [...sourceFiles];
  const added: ts.SourceFile[] = [];
  for (let next = 0, from = queue[0]; from !== undefined; next += 1, from = queue[next]) {
    for (const specifier of moduleSpecifiers(typescript, from, aliases !== undefined)) {
      if (specifier.text.endsWith('.json')) continue;
      const found = importedModule(options, known, from, specifier.text, aliases);
      if (found === 'outside' || found === 'javascript') {
        diagnostics.push(found === 'outside' ? importLeadsOut(from, specifier) : javaScriptImport(from, specifier));
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
      if (!spend(budget, file, options, diagnostics)) return undefined;
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
): { readonly file: string } | 'outside' | 'javascript' | undefined {
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
  // No TypeScript file: a JavaScript one the import names is run by `cdk synth` but never read here.
  for (const base of bases) {
    const found = importedFile(options, javaScriptCandidates(base));
    if (found !== undefined) return found === 'outside' ? found : 'javascript';
  }
  return undefined;
}

/** The JavaScript files a module path may name (Node's and TypeScript's resolution of `.js` sources). */
function javaScriptCandidates(base: string): string[] {
  if (/\.(?:js|jsx|mjs|cjs)$/.test(base)) return [base];
  return [...['.js', '.jsx', '.mjs', '.cjs'].map((extension) => base + extension), path.join(base, 'index.js')];
}

/**
 * The note at an import of a JavaScript file: credlint reads TypeScript source only, so what that
 * file creates is not analysed. A TypeScript app whose user and key were created in a `.js` module it
 * imports had no finding and no word of it, even with `--report-unknown` and without the prefilter.
 */
function javaScriptImport(from: ts.SourceFile, specifier: ts.StringLiteralLike): Diagnostic {
  const at = textPositionAt(from.text, specifier.getStart(from));
  const written = specifier.text.length > 80 ? `${specifier.text.slice(0, 77)}...` : specifier.text;
  return note(
    { file: from.fileName, range: { start: at, end: { line: at.line, column: at.column + specifier.getWidth(from) } } },
    `the import ${JSON.stringify(written)} names a JavaScript file, which credlint does not read (it reads TypeScript source); what it creates is not analysed`,
  );
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
export function importedJsonFiles(
  typescript: typeof import('typescript'),
  sourceFiles: readonly ts.SourceFile[],
  options: LoadOptions,
  diagnostics: Diagnostic[],
  budget: ImportBudget,
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
    if (found !== undefined && found !== 'outside' && !spend(budget, file, options, diagnostics)) return undefined;
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

/**
 * What is left of the scan's `cdkImportedFiles` budget, shared by all its CDK source projects;
 * `spent` once it ran out (the projects after it are not analysed: `load-projects.ts`).
 */
export interface ImportBudget {
  left: number;
  spent: boolean;
}

/**
 * Spends one imported file's read from `budget`; false, with the `cdkImportedFiles` error at `file`,
 * when none is left: the project is not analysed, as at the deadline (an app analysed without what it
 * imports would miss what that creates).
 */
function spend(budget: ImportBudget, file: string, options: LoadOptions, diagnostics: Diagnostic[]): boolean {
  if (budget.left > 0) {
    budget.left -= 1;
    return true;
  }
  budget.spent = true;
  diagnostics.push(
    limitReached(
      { file, range: FILE_START },
      'cdkImportedFiles',
      options.limits,
      'the CDK source projects of this scan read more files from outside their own directories than the limit, so this project is not analysed; this file was not read',
    ),
  );
  return false;
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
export function parsedSource(
  typescript: typeof import('typescript'),
  file: string,
  options: LoadOptions,
  diagnostics: Diagnostic[],
  scriptKind?: ts.ScriptKind,
): ts.SourceFile | undefined {
  // A NUL in a TypeScript or JavaScript file is text (`DecodeOptions.nulIsText`), as it is for `tsc`
  // and the ESLint plugin's program; JSON forbids it outside strings and raw inside them (RFC 8259).
  const read = options.reader.readSource(file, { nulIsText: scriptKind !== typescript.ScriptKind.JSON });
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
