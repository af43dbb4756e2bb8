import path from 'node:path';
import type * as ts from 'typescript';
import { buildCdkSourceUnit } from '../cdk-source/index.js';
import { linkCredentials, type LinkedUnit } from '../model/link-credentials.js';
import { loadTypescript } from './load-typescript.js';
import { programFiles } from './program-files.js';

/** What the three rules share about one linted file. */
export interface SourceAnalysis {
  /** The linted file as credlint's locations name it; only findings located in it are reported. */
  readonly fileName: string;
  readonly linked: LinkedUnit;
  /** The text of every analysed file, for `credlint-ignore` comments (the editor's text, not the disk's). */
  readonly texts: ReadonlyMap<string, string>;
}

/** The parts of ESLint's `SourceCode` the analysis reads. */
export interface LintedSource {
  readonly text: string;
  readonly parserServices?: { readonly program?: ts.Program | null } | undefined;
}

/**
 * One analysis per `SourceCode`: ESLint hands the same object to every rule of one lint pass, so the
 * file is parsed and linked once for all three rules, and a new pass (after `--fix`) starts afresh.
 */
const cache = new WeakMap<LintedSource, SourceAnalysis | null>();

/** Whether a file can hold anything credlint models: SPEC §3 analyses `.ts` files that import aws-cdk-lib. */
export function mayHoldCdk(text: string): boolean {
  return text.includes('aws-cdk-lib');
}

/**
 * The IAM model of a linted file, undefined when it declares nothing credlint models or cannot be
 * analysed (a syntax error: ESLint reports that itself). Never throws: a rule that crashed would
 * abort the user's whole ESLint run, for a file whose problems are already visible.
 */
export function analyseSource(source: LintedSource, filename: string): SourceAnalysis | undefined {
  let analysis = cache.get(source);
  if (analysis === undefined) {
    try {
      analysis = analyse(source, filename) ?? null;
    } catch {
      analysis = null;
    }
    cache.set(source, analysis);
  }
  return analysis ?? undefined;
}

function analyse(source: LintedSource, filename: string): SourceAnalysis | undefined {
  const typescript = loadTypescript();
  const program = source.parserServices?.program ?? undefined;
  const fromProgram = program ? programSourceFile(typescript, program, filename, source.text) : undefined;
  const input = program && fromProgram
    ? programFiles(typescript, program, fromProgram)
    : { files: [typescript.createSourceFile(path.resolve(filename), source.text, typescript.ScriptTarget.Latest, true)], resolveImport: undefined };
  const [linted] = input.files;
  if (!linted) return undefined;
  const { unit } = buildCdkSourceUnit(typescript, {
    unitId: `eslint:${linted.fileName}`,
    files: input.files,
    ...(input.resolveImport ? { resolveImport: input.resolveImport } : {}),
  });
  if (!unit) return undefined;
  const texts = new Map(input.files.map((f) => [f.fileName, f.text]));
  texts.set(linted.fileName, source.text);
  return { fileName: linted.fileName, linked: linkCredentials(unit), texts };
}

/**
 * The linted file as the type-aware program holds it, when that is the text ESLint lints (it is, for
 * typescript-eslint, which builds its AST from it) and the program's TypeScript agrees with ours on
 * the syntax kinds (the extractor compares `node.kind` with our `SyntaxKind`). Otherwise the file is
 * parsed on its own, without cross-file links.
 */
function programSourceFile(typescript: typeof import('typescript'), program: ts.Program, filename: string, text: string): ts.SourceFile | undefined {
  const sourceFile = program.getSourceFile(filename);
  if (!sourceFile || sourceFile.kind !== typescript.SyntaxKind.SourceFile) return undefined;
  // ESLint's text has no byte order mark; TypeScript's keeps it.
  const programText = sourceFile.text.charCodeAt(0) === 0xfeff ? sourceFile.text.slice(1) : sourceFile.text;
  return programText === text ? sourceFile : undefined;
}
