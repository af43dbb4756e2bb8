/**
 * One input format: everything the engine needs to know about a kind of input, in one object, so
 * that adding a format is one folder under `src/formats/` plus one line in `src/formats/index.ts`.
 *
 * A scan runs in three steps, each driven by the registry (`src/formats/index.ts`) in its order:
 * 1. the directory walk (`src/discover/`) collects the file names some format `collects`, and expands
 *    a file argument to its unit (`argumentUnit`, `ancestors`);
 * 2. each format in turn `claim`s its inputs among the files no earlier format claimed, deciding on
 *    raw text with its relevance words whether they can matter (the prefilter);
 * 3. each format with inputs `load`s them into deployment units, its heavy modules imported there.
 *
 * Grouping files into deployment units is split between the two: `claim` groups where the grouping
 * is what relevance is decided on (a CDK project, a Terraform module directory and the modules it
 * calls, a cloud assembly directory), and `load` forms the units (a Terraform root module is known
 * only once the module calls are parsed; a nested template joins its parent's unit once read).
 */
import type { Diagnostic } from '../core/diagnostic.js';
import type { ResourceKind } from '../core/rule-meta.js';
import type { AncestorFinder, ArgumentUnit } from '../discover/walk-rules.js';
import type { FileReader } from '../io/file-reader.js';
import type { Format } from '../model/model.js';
import type { ClaimReads } from './claim-reads.js';
import type { LoadOptions, LoadResult } from './load-options.js';

/**
 * The words whose presence in a file's raw text (literally or spelled with escapes, `seed-text.ts`)
 * makes it worth parsing. A unit none of whose files holds a relevant word cannot produce a finding.
 */
export interface RelevanceWords {
  /**
   * Per model kind, the words without which an input cannot declare a resource of that kind (a
   * resource type name, a construct class). Only the kinds some registered rule reports are used
   * (`RuleMeta.reports`, `relevance.ts`), so a rule that reports on a new kind needs its words here.
   */
  readonly perKind: Readonly<Record<ResourceKind, readonly string[]>>;
  /**
   * Words relevant whatever the rules report: credlint's own suppressions (the findings
   * `invalid-suppression`/`unused-suppression` are about them), and the structure the format itself
   * follows to other files (nested stacks, `Fn::ForEach` loops, module calls).
   */
  readonly always: readonly string[];
}

/** What `claim` receives besides the files. */
export interface ClaimContext {
  readonly options: LoadOptions;
  /**
   * This format's seed words for this scan: its `perKind` words of the kinds the registered rules
   * report, plus its `always` words (`relevance.ts`). Formats never read the rules themselves.
   */
  readonly seeds: readonly string[];
  /** Reads shared by the formats of one scan, so that a data file several formats look at is read once. */
  readonly reads: ClaimReads;
}

/** What a format claimed. */
export interface Claim<Inputs> {
  /** What `load` takes; `undefined` when nothing claimed needs loading. */
  readonly inputs: Inputs | undefined;
  /**
   * The files this format takes off the table: no later format sees them. Includes files it claims
   * and then skips as irrelevant, and files it swallows silently (the rest of a `cdktf.out`).
   */
  readonly claimed: ReadonlySet<string>;
  readonly diagnostics: readonly Diagnostic[];
  /** How many files its units analyse (the `filesScanned` of the result). */
  readonly filesScanned: number;
  /** The file a crash of `load` is reported at. */
  readonly firstFile?: string;
  /** Files the prefilter ruled out, with the reason (`--verbose` lists them); claimed or not. */
  readonly skipped?: ReadonlyMap<string, string>;
}

/**
 * `claim` and `load` are methods so that the registry can hold formats of different `Inputs` as
 * `InputFormat<unknown>`: the engine hands each format's claimed inputs back to the same format only.
 */
export interface InputFormat<Inputs = unknown> {
  /** Stable name, kebab-case (diagnostics, tests). */
  readonly id: string;
  /** Its inputs as a whole, in a diagnostic ("the Terraform files"). */
  readonly label: string;
  /** The model formats its units carry (`DeploymentUnit.format`; the rule metadata's `formats`). */
  readonly modelFormats: readonly Format[];
  /** What makes one of its files relevant. */
  readonly relevance: RelevanceWords;
  /** Whether the walk collects a file of this name for it (by suffix, cheap: called per walked file). */
  readonly collects: (name: string) => boolean;
  /**
   * Whether a file of this name is read as part of the directory it is listed in, so that a symlink to
   * it from another directory is a file of that directory too (a Terraform module's files).
   */
  readonly belongsToDirectory?: (name: string) => boolean;
  /** Directories the format's tools write and credlint never scans (name → what it is, for the note when one is given). */
  readonly workingDirectories?: Readonly<Record<string, string>>;
  /**
   * The files a file argument stands for besides itself (a Terraform file: its module directory).
   * Whether a file decides it (a CDK project's `cdk.json`) is asked of `reader.exists`, never outside the repository.
   */
  readonly argumentUnit?: (file: string, gitRoot: string | undefined, reader: FileReader) => readonly ArgumentUnit[];
  /** Ancestors of a changed file (scanned with it when `unitContext` is on). */
  readonly ancestors?: AncestorFinder;
  /**
   * Takes its inputs among `files` (sorted, absolute; none claimed by an earlier format). May start
   * work that `load` will want (the Terraform prefilter's notes of module calls it does not load).
   * Reads through `context.options.reader` or `context.reads`; never throws for bad input.
   */
  claim(files: readonly string[], context: ClaimContext): Promise<Claim<Inputs>>;
  /**
   * Loads claimed inputs into deployment units. Heavy modules (parsers) are imported here, on
   * demand, so that a scan without this format never loads them. Never throws for bad input.
   */
  load(inputs: Inputs, options: LoadOptions, seeds: readonly string[]): Promise<LoadResult>;
  /**
   * Releases what the format keeps between scans (a cache, a thread), for the API's `dispose()`; a later
   * scan starts afresh. Absent when the format keeps nothing.
   */
  dispose?(): Promise<void>;
}
