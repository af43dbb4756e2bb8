import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DUPLICATE_KEY, INVALID_SUPPRESSION, PARSE_ERROR, type Finding, type LintResult } from '../core/finding.js';
import { boundedPlaceholder } from '../core/rule-meta.js';
import type { FileReader } from '../io/file-reader.js';
import { neutraliseInline } from '../reporters/neutralise-text.js';
import { BaselineError } from './baseline-error.js';
import { baselineFile, entriesByFingerprint, entryDescribes } from './baseline-match.js';
import { jsonSyntaxProblem, parseJsonText } from '../core/json-tree.js';

/**
 * A baseline records known findings (README, "Baselines"). Matching is by fingerprint (rule,
 * repository-relative file, logical address — not line numbers), so edits that move code do not
 * resurrect them; an entry that also names its rule, file and address matches only a finding with
 * those (`baseline-match.ts`). Version 2 lists beside each fingerprint the rule, the file, the logical address and
 * a short message, so that a reviewer can read what a pull request adds to or removes from it:
 *
 *   { "version": 2, "entries": [{ "fingerprint": "…", "rule": "…", "file": "infra/main.tf",
 *     "address": "aws_iam_access_key.ops", "message": "…" }, …] }
 *
 * sorted by file, rule, address and fingerprint. Version 1, `{ "version": 1, "fingerprints": [...] }`,
 * is still read; its entries have a fingerprint only, and rewriting it (`--prune-baseline`) fills in
 * the fields of every entry the run found.
 */
export { BaselineError };

export const BASELINE_VERSION = 2;

/** Messages longer than this are cut in the baseline file (they are there to be read, not matched). */
const MESSAGE_LENGTH = 300;

export interface BaselineEntry {
  readonly fingerprint: string;
  /** Absent in an entry read from a version 1 baseline. */
  readonly rule?: string;
  /** Relative to the repository root, with `/`. */
  readonly file?: string;
  readonly address?: string | null;
  readonly message?: string;
}

export interface Baseline {
  readonly file: string;
  /** The file as the person running credlint wrote it: messages and suppressions name it so, never by the machine's absolute path. */
  readonly shown: string;
  readonly entries: readonly BaselineEntry[];
  readonly fingerprints: ReadonlySet<string>;
}

function invalid(file: string, detail: string): BaselineError {
  return new BaselineError(
    `invalid baseline ${file}: ${detail}; expected { "version": 2, "entries": [{ "fingerprint", "rule", "file", "address", "message" }] } (or version 1, { "version": 1, "fingerprints": [strings] })`,
  );
}

function optionalString(value: unknown): value is string | undefined {
  return value === undefined || typeof value === 'string';
}

function entryOf(value: unknown, file: string, index: number): BaselineEntry {
  const entry = value as Partial<Record<keyof BaselineEntry, unknown>> | null;
  if (typeof entry !== 'object' || entry === null || typeof entry.fingerprint !== 'string' || entry.fingerprint === '')
    throw invalid(file, `entry ${String(index)} has no fingerprint`);
  const { fingerprint, rule, file: entryFile, address, message } = entry;
  if (!optionalString(rule) || !optionalString(entryFile) || !optionalString(message) || !(address === null || optionalString(address)))
    throw invalid(file, `entry ${String(index)} has a field that is not a string`);
  // A field left out is not compared (baseline-match.ts), and people judge an entry by its fields: a
  // version 2 entry of a fingerprint and a message only ("legacy/old.tf: retired key") suppressed
  // whatever finding the fingerprint was copied from. credlint writes all three.
  if (rule === undefined || entryFile === undefined || address === undefined)
    throw invalid(file, `entry ${String(index)} lacks "rule", "file" or "address" (null when the finding has none), which name the finding it stands for`);
  return { fingerprint, rule, file: entryFile, address, ...(message === undefined ? {} : { message }) };
}

function entriesOf(parsed: unknown, file: string): BaselineEntry[] {
  const document = parsed as { version?: unknown; fingerprints?: unknown; entries?: unknown } | null;
  if (typeof document !== 'object' || document === null || Array.isArray(document)) throw invalid(file, 'not a JSON object');
  if (document.version === 1) {
    const { fingerprints } = document;
    if (!Array.isArray(fingerprints) || !fingerprints.every((f) => typeof f === 'string')) throw invalid(file, '"fingerprints" is not a list of strings');
    return fingerprints.map((fingerprint) => ({ fingerprint }));
  }
  if (document.version !== BASELINE_VERSION) throw invalid(file, `unknown version ${boundedPlaceholder(JSON.stringify(document.version ?? null))}`);
  if (!Array.isArray(document.entries)) throw invalid(file, '"entries" is not a list');
  return document.entries.map((entry, index) => entryOf(entry, file, index));
}

/**
 * `--baseline FILE` is written by the person running credlint: trusted as written, but still read
 * through `reader` (a regular file within the size limit; inside the repository, not leading out).
 * Its problems name it as `shown` (the CLI: as the person wrote it), not by its absolute path.
 */
export function readBaseline(file: string, reader: FileReader, shown: string = file): Baseline {
  const read = reader.readSource(file, { trusted: true });
  if (!read.ok) throw new BaselineError(`cannot read baseline ${shown}: ${read.diagnostic.message}`);
  let parsed: unknown;
  try {
    parsed = parseJsonText(read.text);
  } catch (error) {
    // JSON.parse's own words have no position and quote the text around the error (a merge conflict's `<<<<<<<`).
    const problem = error instanceof SyntaxError ? jsonSyntaxProblem(read.text, error.message) : error instanceof Error ? error.message : String(error);
    throw new BaselineError(`cannot read baseline ${shown}: ${problem}`);
  }
  const entries = entriesOf(parsed, shown);
  return { file, shown, entries, fingerprints: new Set(entries.map((entry) => entry.fingerprint)) };
}

function shortMessage(message: string): string {
  return message.length <= MESSAGE_LENGTH ? message : `${message.slice(0, MESSAGE_LENGTH - 1)}…`;
}

function repositoryRootOf(result: LintResult): string {
  return result.repoRoot ?? result.cwd;
}

function entryOfFinding(finding: Finding, root: string): BaselineEntry {
  return {
    fingerprint: finding.fingerprint,
    rule: finding.ruleId,
    file: baselineFile(finding, root),
    address: finding.address ?? null,
    message: shortMessage(finding.message),
  };
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  const keys = (entry: BaselineEntry) => [entry.file ?? '', entry.rule ?? '', entry.address ?? '', entry.fingerprint];
  const left = keys(a);
  const right = keys(b);
  for (const [index, value] of left.entries()) {
    const other = right[index] ?? '';
    if (value !== other) return value < other ? -1 : 1;
  }
  return 0;
}

/** The text of a version 2 baseline: one entry per fingerprint, sorted, each key on its own line. */
function baselineText(entries: readonly BaselineEntry[]): string {
  const unique = new Map<string, BaselineEntry>();
  for (const entry of entries) if (!unique.has(entry.fingerprint)) unique.set(entry.fingerprint, entry);
  return `${JSON.stringify({ version: BASELINE_VERSION, entries: [...unique.values()].sort(compareEntries) }, null, 2)}\n`;
}

/** Unsuppressed rule findings become the baseline; parse errors never do (they must be fixed). */
export function writeBaseline(result: LintResult): string {
  const root = repositoryRootOf(result);
  return baselineText(result.findings.filter((f) => !f.suppression && f.ruleId !== PARSE_ERROR).map((f) => entryOfFinding(f, root)));
}

/** The result as it would be read against the baseline just written. */
export function markBaselined(result: LintResult, file: string): LintResult {
  return {
    ...result,
    findings: result.findings.map((f) =>
      f.suppression || f.ruleId === PARSE_ERROR ? f : { ...f, suppression: { kind: 'baseline' as const, justification: `known finding in baseline ${file}` } },
    ),
  };
}

export interface BaselineStatus {
  readonly baseline: Baseline;
  /** Entries this run would have found, and did not: the finding is gone (fixed, or moved away). */
  readonly stale: readonly BaselineEntry[];
  /** Entries not found, about which this run cannot tell (a file or rule it did not check). */
  readonly undecided: number;
  /** The scan had a parse error: findings may be missing, so no entry is judged stale. */
  readonly incomplete: boolean;
  /** The entry of each baseline fingerprint this run found, from the finding (for rewriting). */
  readonly found: ReadonlyMap<string, BaselineEntry>;
  /** The entries that describe a finding of this run (`src/suppress/baseline-match.ts`). */
  readonly matched: ReadonlySet<BaselineEntry>;
}

function isInside(file: string, directory: string): boolean {
  const relative = path.relative(directory, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * Which baseline entries are stale. An entry not found by this run is stale only when the run would
 * have found it: its file lies under a scanned path and its rule ran (or it is a result every run
 * checks, an invalid suppression or a duplicate key). So a pre-commit run on a few files, or a run
 * with a rule turned off, does not call the rest of the baseline stale. An entry of a version 1
 * baseline names no file: it is judged only when the scan covered the whole repository.
 */
export function baselineStatus(baseline: Baseline, result: LintResult, scannedPaths: readonly string[]): BaselineStatus {
  const root = repositoryRootOf(result);
  const found = new Map<string, BaselineEntry>();
  const matched = new Set<BaselineEntry>();
  const byFingerprint = entriesByFingerprint(baseline.entries);
  for (const finding of result.findings) {
    for (const entry of byFingerprint.get(finding.fingerprint) ?? []) {
      if (!entryDescribes(entry, finding, root)) continue;
      matched.add(entry);
      if (!found.has(finding.fingerprint)) found.set(finding.fingerprint, entryOfFinding(finding, root));
    }
  }
  const incomplete = result.findings.some((finding) => finding.ruleId === PARSE_ERROR);
  const checked = new Set([...result.rules.map((meta) => meta.id), INVALID_SUPPRESSION, DUPLICATE_KEY]);
  const wholeRepository = scannedPaths.some((scanned) => isInside(root, scanned));
  const stale: BaselineEntry[] = [];
  let undecided = 0;
  for (const entry of baseline.entries) {
    if (matched.has(entry)) continue;
    const judged =
      entry.file === undefined || entry.rule === undefined
        ? wholeRepository
        : checked.has(entry.rule) && scannedPaths.some((scanned) => isInside(path.resolve(root, entry.file ?? ''), scanned));
    if (judged && !incomplete) stale.push(entry);
    else undecided += 1;
  }
  return { baseline, stale, undecided, incomplete, found, matched };
}

/** At most this many stale entries are listed on standard error; the count is always given. */
const LISTED = 20;

function describeEntry(entry: BaselineEntry): string {
  if (entry.rule === undefined || entry.file === undefined) return `fingerprint ${entry.fingerprint} (version 1 entry)`;
  return [entry.rule, entry.file, entry.address ?? undefined].filter((part) => part !== undefined).join(' ');
}

/**
 * What standard error says about the baseline's stale entries, or undefined when there are none.
 * Entry fields come from a file in the repository: escaped like any human output.
 */
export function staleBaselineReport(status: BaselineStatus): string | undefined {
  const count = status.stale.length;
  if (count === 0) return undefined;
  const lines = [
    `credlint: ${String(count)} stale baseline ${count === 1 ? 'entry' : 'entries'} in ${neutraliseInline(status.baseline.shown)} (no longer found; --prune-baseline removes them):`,
    ...status.stale.slice(0, LISTED).map((entry) => `  ${neutraliseInline(describeEntry(entry))}`),
  ];
  if (count > LISTED) lines.push(`  … and ${String(count - LISTED)} more`);
  return `${lines.join('\n')}\n`;
}

/**
 * The baseline without its stale entries, as version 2: entries this run found are rewritten from
 * their findings, undecided ones are kept as they were. Refused after an incomplete scan, where a
 * finding may be missing only because its file could not be analysed.
 */
export function prunedBaseline(status: BaselineStatus): string {
  if (status.incomplete)
    throw new BaselineError(`baseline ${status.baseline.shown} not pruned: the scan was incomplete (a parse-error), so findings may be missing`);
  const stale = new Set(status.stale);
  return baselineText(
    status.baseline.entries
      .filter((entry) => !stale.has(entry))
      .map((entry) => (status.matched.has(entry) ? (status.found.get(entry.fingerprint) ?? entry) : entry)),
  );
}

/**
 * After a scan with `--baseline`: reports stale entries, or with `prune` rewrites the baseline file
 * without them. Returns what to print on standard error.
 */
export async function maintainBaseline(baseline: Baseline, result: LintResult, scannedPaths: readonly string[], prune: boolean): Promise<string> {
  const status = baselineStatus(baseline, result, scannedPaths);
  if (!prune) return staleBaselineReport(status) ?? '';
  const text = prunedBaseline(status);
  try {
    await writeFile(baseline.file, text);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new BaselineError(`cannot write the pruned baseline to ${baseline.shown} (${reason})`);
  }
  const count = status.stale.length;
  return `credlint: removed ${String(count)} stale baseline ${count === 1 ? 'entry' : 'entries'} from ${neutraliseInline(baseline.shown)}\n`;
}
