import { lstatSync } from 'node:fs';
import path from 'node:path';
import type * as ts from 'typescript';
import { buildCdkSourceUnit } from '../cdk-source/index.js';
import { overTokenBudget } from '../cdk-source/token-budget.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { DEFAULT_LIMITS } from '../core/limits.js';
import { linkCredentials, type LinkedUnit } from '../model/link-credentials.js';
import { loadTypescript } from './load-typescript.js';
import { cdkJsonContextOf, cdkJsonProblemOf, entryFileOf, programFiles, untypedApp, type ProgramFiles } from './program-files.js';
import { withoutBom } from '../core/source-text.js';
import { leavingLink } from '../io/repository-root.js';

/** What the three rules share about one linted file. */
export interface SourceAnalysis {
  /** The linted file as credlint's locations name it; only findings located in it are reported. */
  readonly fileName: string;
  /**
   * One per CDK app holding the linted file (`program-files.ts`; one without type information). Empty
   * units when the analysis stopped before it found anything (`incomplete` says why).
   */
  readonly units: readonly LinkedUnit[];
  /**
   * Why the analysis stopped short (a budget of docs/security.md ran out, code nested too deeply):
   * each rule says so on the file, since its findings there may be missing. Never silently clean.
   */
  readonly incomplete: readonly Diagnostic[];
  /** The text of every analysed file, for `credlint-ignore` comments (the editor's text, not the disk's). */
  readonly texts: ReadonlyMap<string, string>;
}

/** The parts of ESLint's `SourceCode` the analysis reads. */
export interface LintedSource {
  readonly text: string;
  /** The ESTree program; typescript-eslint maps it to the TypeScript source file it was converted from. */
  readonly ast?: unknown;
  readonly parserServices?:
    | {
        readonly program?: ts.Program | null;
        readonly esTreeNodeToTSNodeMap?: { get(node: never): unknown } | undefined;
      }
    | undefined;
}

/**
 * One analysis per `SourceCode`: ESLint hands the same object to every rule of one lint pass, so the
 * file is parsed and linked once for all three rules, and a new pass (after `--fix`) starts afresh.
 */
const cache = new WeakMap<LintedSource, SourceAnalysis | null>();

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
  // A linted file reached through a symlink leading out of the work tree holding it (`eslint infra`,
  // or `eslint .` listing a linked file, where a pull request made `infra` a link to another checkout)
  // is another repository's content: not analysed, as the CLI does not follow such a path
  // (docs/security.md, "What credlint reads"). Nothing is reported on it either: ESLint's JSON
  // formatter prints the source of every file with a message, which would print that content.
  const program = source.parserServices?.program ?? undefined;
  if (leavesWorkTree(path.resolve(filename), program)) return undefined;
  const typescript = loadTypescript();
  const fromProgram = program ? programSourceFile(typescript, program, filename, source.text) : undefined;
  const shared = fromProgram ? program : undefined;
  let input: Pick<ProgramFiles, 'files' | 'apps' | 'calledInProject'> & {
    resolveImport: ProgramFiles['resolveImport'] | undefined;
    texts?: ProgramFiles['texts'];
  };
  if (program && fromProgram) input = programFiles(typescript, program, fromProgram);
  else {
    const parsed = parserSourceFile(typescript, source);
    if (!parsed) {
      // Parsed here, only when the parser's own tree is not at hand: counted first (the editor's memory).
      const tooLarge = overTokenBudget(typescript, path.resolve(filename), source.text, DEFAULT_LIMITS);
      if (tooLarge) return { fileName: path.resolve(filename), units: [nothingLinked(path.resolve(filename))], incomplete: [tooLarge], texts: new Map() };
    }
    const files = untypedApp(typescript, parsed ?? typescript.createSourceFile(path.resolve(filename), source.text, typescript.ScriptTarget.Latest, true));
    input = { files, resolveImport: undefined, apps: [files] };
  }
  const [linted] = input.files;
  if (!linted) return undefined;
  const units: LinkedUnit[] = [];
  const incomplete = new Map<string, Diagnostic>();
  for (const [index, files] of input.apps.entries()) {
    const built = shared
      ? sharedAppAnalysis(typescript, shared, files, input.resolveImport, input.calledInProject)
      : analyseApp(typescript, linted, index, files, input.resolveImport, files, input.calledInProject);
    if (built.unit) units.push(built.unit);
    // A file shared by two apps stops short in each: said once.
    const cdkJsonProblem = cdkJsonProblemOf(files);
    for (const diagnostic of cdkJsonProblem ? [cdkJsonProblem, ...built.incomplete] : built.incomplete)
      incomplete.set(JSON.stringify([diagnostic.location, diagnostic.message]), diagnostic);
  }
  if (units.length === 0 && incomplete.size === 0) return undefined;
  return {
    fileName: linted.fileName,
    units: units.length > 0 ? units : [nothingLinked(linted.fileName)],
    incomplete: [...incomplete.values()],
    texts: withLintedText(input.texts ?? new Map(input.files.map((f) => [f.fileName, f.text])), linted.fileName, source.text),
  };
}

/**
 * The texts of the analysed files, the linted one as ESLint lints it (an editor's buffer; without the
 * byte order mark the program's text keeps). The program's map, shared by every file of a project
 * taken whole, is copied only where the linted text differs from it.
 */
function withLintedText(texts: ReadonlyMap<string, string>, fileName: string, text: string): ReadonlyMap<string, string> {
  if (texts.get(fileName) === text) return texts;
  const own = new Map(texts);
  own.set(fileName, text);
  return own;
}

/**
 * Per type-aware program: whether each directory of its linted files has a symlink on the way that
 * leads out of the work tree holding it (`leavingLink`). ESLint lints every file of a project against
 * the same program, and the files of a directory share every component of their path but the last:
 * each directory is looked at once per program (as its git root is, `program-files.ts`), and each
 * file then costs one `lstat` of its own name, where it cost one per component of its path.
 */
const leavingDirectories = new WeakMap<ts.Program, Map<string, boolean>>();

function leavesWorkTree(file: string, program: ts.Program | undefined): boolean {
  if (!program) return leavingLink(file) !== undefined;
  let byDirectory = leavingDirectories.get(program);
  if (!byDirectory) {
    byDirectory = new Map();
    leavingDirectories.set(program, byDirectory);
  }
  const directory = path.dirname(file);
  let leaves = byDirectory.get(directory);
  if (leaves === undefined) {
    leaves = leavingLink(directory) !== undefined;
    byDirectory.set(directory, leaves);
  }
  if (leaves) return true;
  // The components before the file's own name lead nowhere else: only the name itself may be such a link.
  return isSymbolicLink(file) && leavingLink(file) !== undefined;
}

function isSymbolicLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

interface AppAnalysis {
  readonly unit: LinkedUnit | undefined;
  readonly incomplete: readonly Diagnostic[];
}

function analyseApp(
  typescript: typeof import('typescript'),
  linted: ts.SourceFile,
  index: number,
  files: readonly ts.SourceFile[],
  resolveImport: ProgramFiles['resolveImport'] | undefined,
  app: readonly ts.SourceFile[],
  calledInProject: ProgramFiles['calledInProject'],
): AppAnalysis {
  // What cdk.json gives the app it runs (`program-files.ts`), looked up by the app's files array as given.
  const cdkJsonContext = cdkJsonContextOf(app);
  const entryFile = entryFileOf(app);
  // The default budgets, always: the rules must answer within a keystroke's patience (docs/security.md).
  const built = buildCdkSourceUnit(typescript, {
    unitId: `eslint:${linted.fileName}${index === 0 ? '' : `#${String(index)}`}`,
    files,
    ...(resolveImport ? { resolveImport } : {}),
    ...(cdkJsonContext ? { cdkJsonContext } : {}),
    ...(entryFile === undefined ? {} : { entryFile }),
    // A class another app of the project calls is not this app's code walked on its own, as in the CLI.
    ...(calledInProject ? { calledInProject } : {}),
    limits: DEFAULT_LIMITS,
    // The CLI's notes are not ESLint messages (docs/eslint-plugin.md): not searched for.
    notes: false,
  });
  return { unit: built.unit ? linkCredentials(built.unit) : undefined, incomplete: built.incomplete };
}

/**
 * Per program, the analysis of each app (by its files): ESLint lints every file of a project against
 * the same program, and each file of an app would otherwise analyse the whole app again. The unit
 * id names the app's first file, whichever file is linted; findings are filtered to the linted file.
 */
const appAnalyses = new WeakMap<ts.Program, Map<string, AppAnalysis>>();

function sharedAppAnalysis(
  typescript: typeof import('typescript'),
  program: ts.Program,
  files: readonly ts.SourceFile[],
  resolveImport: ProgramFiles['resolveImport'] | undefined,
  calledInProject: ProgramFiles['calledInProject'],
): AppAnalysis {
  let byApp = appAnalyses.get(program);
  if (!byApp) {
    byApp = new Map();
    appAnalyses.set(program, byApp);
  }
  // A project taken whole hands every linted file the same app arrays (`program-files.ts`): found by identity.
  const known = appsByIdentity.get(files);
  if (known) return known;
  const ordered = [...files].sort((a, b) => (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0));
  const key = ordered.map((f) => f.fileName).join('\0');
  let analysis = byApp.get(key);
  if (!analysis) {
    const [first] = ordered;
    analysis = first ? analyseApp(typescript, first, 0, ordered, resolveImport, files, calledInProject) : { unit: undefined, incomplete: [] };
    byApp.set(key, analysis);
  }
  appsByIdentity.set(files, analysis);
  return analysis;
}

/** The analysis of an app's files array already seen (the arrays belong to one program's context). */
const appsByIdentity = new WeakMap<readonly ts.SourceFile[], AppAnalysis>();

function nothingLinked(fileName: string): LinkedUnit {
  return linkCredentials({ id: `eslint:${fileName}`, format: 'cdk-source', root: path.dirname(fileName), users: [], loginProfiles: [], accessKeys: [] });
}

/**
 * The TypeScript source file typescript-eslint built the linted file's ESTree from (its node maps,
 * on by default, lead there from the program node), when its TypeScript agrees with ours on the
 * syntax kinds and the text is the one linted: the file is then not parsed a second time.
 */
function parserSourceFile(typescript: typeof import('typescript'), source: LintedSource): ts.SourceFile | undefined {
  try {
    const mapped = source.ast === undefined ? undefined : source.parserServices?.esTreeNodeToTSNodeMap?.get(source.ast as never);
    const sourceFile = mapped as ts.SourceFile | undefined;
    // The parser's TypeScript may number syntax kinds differently from ours: its typings cannot say so.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- another TypeScript copy's node
    if (!sourceFile || sourceFile.kind !== typescript.SyntaxKind.SourceFile || typeof sourceFile.text !== 'string') return undefined;
    const text = withoutBom(sourceFile.text);
    return text === source.text && path.isAbsolute(sourceFile.fileName) ? sourceFile : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The linted file as the type-aware program holds it, when that is the text ESLint lints (it is, for
 * typescript-eslint, which builds its AST from it) and the program's TypeScript agrees with ours on
 * the syntax kinds (the extractor compares `node.kind` with our `SyntaxKind`). Otherwise the file is
 * parsed on its own, without cross-file links.
 */
function programSourceFile(typescript: typeof import('typescript'), program: ts.Program, filename: string, text: string): ts.SourceFile | undefined {
  const sourceFile = program.getSourceFile(filename);
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the program may come from another TypeScript copy
  if (!sourceFile || sourceFile.kind !== typescript.SyntaxKind.SourceFile) return undefined;
  // ESLint's text has no byte order mark; TypeScript's keeps it.
  const programText = withoutBom(sourceFile.text);
  return programText === text ? sourceFile : undefined;
}
