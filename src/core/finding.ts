import type { Diagnostic } from './diagnostic.js';
import type { SourceLocation } from './location.js';
import type { RelatedLocation, RuleMeta, Severity } from './rule-meta.js';

/** Result ids that are not rules but are reported like findings. */
export const PARSE_ERROR = 'parse-error';
export const INVALID_SUPPRESSION = 'invalid-suppression';
export const UNUSED_SUPPRESSION = 'unused-suppression';
/** A key written twice in one CloudFormation mapping: the template is analysed with the last one, as CloudFormation does. */
export const DUPLICATE_KEY = 'duplicate-key';
/** A `--var` (or configuration `vars`) name that no scanned Terraform file declares. */
export const UNDECLARED_VARIABLE = 'undeclared-variable';
/** A `--parameter` (or configuration `parameters`) name that no scanned template declares. */
export const UNDECLARED_PARAMETER = 'undeclared-parameter';

export interface Suppression {
  readonly kind: 'inline' | 'metadata' | 'baseline';
  /** The reason the suppression gives. */
  readonly justification: string;
  /** Where the suppression is written (absent for a baseline). */
  readonly location?: SourceLocation;
}

/** One result of a scan, as every reporter receives it. */
export interface Finding {
  /** A rule id, or `parse-error` / `duplicate-key` / `invalid-suppression` / `unused-suppression`. */
  readonly ruleId: string;
  readonly severity: Severity;
  /** One sentence naming concrete things. */
  readonly message: string;
  /** The primary location: for rule findings, the access key to remove. */
  readonly location: SourceLocation;
  readonly related: readonly RelatedLocation[];
  /** The deployment unit the finding belongs to (`terraform:infra/prod`). */
  readonly unitId?: string;
  /** The logical address of the primary resource instance (`module.a.aws_iam_access_key.k[0]`). */
  readonly address?: string;
  /** CDK / CDKTF construct path of the primary resource. */
  readonly constructPath?: string;
  /** True when reported because a needed value was unknown (`--report-unknown`). */
  readonly unknown?: boolean;
  /** Present when the finding is suppressed: it stays in JSON/SARIF and never affects the exit code. */
  readonly suppression?: Suppression;
  /**
   * Stable across edits that only move lines: a hash of rule id, repository-relative file and logical
   * address. Used for SARIF `partialFingerprints` and baselines.
   */
  readonly fingerprint: string;
}

export interface LintResult {
  /** Sorted by file, line, column, rule id, message. */
  readonly findings: readonly Finding[];
  /** Informational diagnostics (skipped modules, symlinks not followed). */
  readonly notes: readonly Diagnostic[];
  /** Metadata of every rule that was enabled. */
  readonly rules: readonly RuleMeta[];
  /** Number of files analysed (parsed or read). */
  readonly filesScanned: number;
  /**
   * Files found but not analysed: the prefilter ruled them out unparsed, or no input format takes them
   * (`--verbose` lists each with its reason). Absent in results not built by `lint()`.
   */
  readonly filesSkipped?: number;
  /** The directory paths in output are relative to. */
  readonly cwd: string;
  /**
   * The root of the repository scanned (git root of the first path, else that path): SARIF URIs are
   * relative to it. Absent in results not built by `lint()`; SARIF then uses `cwd`.
   */
  readonly repoRoot?: string;
  /**
   * The text of a file this scan read (for code frames and snippets); undefined for any other file,
   * so that output never shows text from outside the repository.
   */
  readonly readSource?: (file: string) => string | undefined;
  /**
   * The JavaScript stacks of internal errors (each also reported as a `parse-error` finding naming its
   * unit); the CLI prints them with `--debug` only. Absent when there were none.
   */
  readonly internalErrorStacks?: readonly string[];
}

/** Context every reporter gets. */
export interface ReportContext {
  readonly cwd: string;
  /** Whether to use ANSI colours (stylish only). */
  readonly color: boolean;
  /** SARIF only: the code scanning category (`runs[].automationDetails.id`); default `credlint`. */
  readonly sarifCategory?: string;
  /** The text of a source file for code frames, or undefined when it cannot be read. */
  readSource(file: string): string | undefined;
}

export type Reporter = (result: LintResult, context: ReportContext) => string;

/**
 * A reporter that gives its output in pieces (whole lines, or whole elements of a JSON array), so a
 * report of any size is written without ever being one string.
 */
export type ChunkedReporter = (result: LintResult, context: ReportContext) => Iterable<string>;
