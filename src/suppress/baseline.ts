import { PARSE_ERROR, type LintResult } from '../core/finding.js';
import type { FileReader } from '../io/file-reader.js';

/**
 * A baseline records known findings by fingerprint (rule, repository-relative file, logical address —
 * not line numbers), so edits that move code do not resurrect them. Format:
 * `{ "version": 1, "fingerprints": ["…", …] }`, sorted.
 */
export class BaselineError extends Error {}

/**
 * `--baseline FILE` is written by the person running credlint: trusted as written, but still read
 * through `reader` (a regular file within the size limit; inside the repository, not leading out).
 */
export function readBaseline(file: string, reader: FileReader): { file: string; fingerprints: ReadonlySet<string> } {
  const read = reader.readSource(file, { trusted: true });
  if (!read.ok) throw new BaselineError(`cannot read baseline ${file}: ${read.diagnostic.message}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(read.text);
  } catch (error) {
    throw new BaselineError(`cannot read baseline ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const fingerprints = (parsed as { fingerprints?: unknown }).fingerprints;
  if ((parsed as { version?: unknown }).version !== 1 || !Array.isArray(fingerprints) || !fingerprints.every((f) => typeof f === 'string')) {
    throw new BaselineError(`invalid baseline ${file}: expected { "version": 1, "fingerprints": [strings] }`);
  }
  return { file, fingerprints: new Set(fingerprints) };
}

/** Unsuppressed rule findings become the baseline; parse errors never do (they must be fixed). */
export function writeBaseline(result: LintResult): string {
  const fingerprints = [...new Set(result.findings.filter((f) => !f.suppression && f.ruleId !== PARSE_ERROR).map((f) => f.fingerprint))].sort();
  return `${JSON.stringify({ version: 1, fingerprints }, null, 2)}\n`;
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
