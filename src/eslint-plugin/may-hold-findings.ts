import type * as ts from 'typescript';
import { CDK_APP_WORDS, CDK_SOURCE_WORDS, cdkTextHolds } from '../formats/cdk-source/cdk-words.js';
import { reportedKinds, seedWords } from '../formats/relevance.js';
import { rules } from '../../rules/index.js';
import type { LintedSource } from './analyse-source.js';

/**
 * The words without which CDK source cannot produce a finding or a suppression message: the CLI's
 * prefilter seeds for CDK source (README, "Performance"), derived from the kinds the rules report
 * (an access key: `AccessKey`) and credlint's comments.
 */
const SEEDS = seedWords({ relevance: CDK_SOURCE_WORDS }, reportedKinds(rules));

/** Per type-aware program: whether any of its own source files holds a seed word. */
const programSeeds = new WeakMap<ts.Program, boolean>();

/**
 * Whether a linted file can get a credlint report, decided on its text before anything is loaded or
 * parsed: a CDK app's file names the CDK library (the cdk-source format's words), and holds a seed
 * word, literally or spelled with escapes as the CLI's prefilter reads them (`cdkTextHolds`). With
 * type information, a file without seeds can still create a key through a subclass of `AccessKey`
 * declared in another file: it is analysed when any file of its program holds a seed (one text
 * search per program file, once per program).
 */
export function mayHoldFindings(source: Pick<LintedSource, 'text' | 'parserServices'>): boolean {
  // Asked by each rule of one lint pass, with the same `SourceCode`: answered once.
  let holds = decided.get(source);
  if (holds === undefined) {
    holds = decideMayHoldFindings(source);
    decided.set(source, holds);
  }
  return holds;
}

const decided = new WeakMap<object, boolean>();

function decideMayHoldFindings(source: Pick<LintedSource, 'text' | 'parserServices'>): boolean {
  if (!cdkTextHolds(source.text, CDK_APP_WORDS)) return false;
  if (cdkTextHolds(source.text, SEEDS)) return true;
  const program = source.parserServices?.program ?? undefined;
  if (!program) return false;
  let holds = programSeeds.get(program);
  if (holds === undefined) {
    holds = program
      .getSourceFiles()
      .some((file) => !file.isDeclarationFile && !program.isSourceFileFromExternalLibrary(file) && cdkTextHolds(file.text, SEEDS));
    programSeeds.set(program, holds);
  }
  return holds;
}
