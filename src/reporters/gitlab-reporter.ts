import { createHash } from 'node:crypto';
import { PARSE_ERROR, type ChunkedReporter, type Finding, type LintResult, type ReportContext } from '../core/finding.js';
import type { RuleMeta } from '../core/rule-meta.js';
import { jsonChunks, streamedArrayPlaceholder } from './json-chunks.js';
import { neutraliseInline } from './neutralise-text.js';
import { repositoryPath } from './relative-path.js';
import { sarifRegion } from './sarif-reporter.js';

/**
 * GitLab Code Quality report (`artifacts:reports:codequality`), the subset of the Code Climate issue
 * format GitLab documents (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format):
 * a JSON array of issues, each with `description`, `check_name`, `fingerprint` (unique in the report;
 * GitLab compares fingerprints between the source and target branch to show what a merge request
 * introduces or resolves), `severity` (`info`, `minor`, `major`, `critical`, `blocker`) and
 * `location.path` (relative to the repository root) with `location.lines.begin`.
 *
 * Suppressed findings are left out (like the github format): the merge request widget lists what
 * to act on. The widget shows description and path to people, so both are neutralised like human
 * output (a path holding a control, bidi or invisible character is shown escaped, and so does not
 * link to its file, like in the github format).
 */
export interface CodeQualityIssue {
  readonly type: 'issue';
  readonly check_name: string;
  readonly description: string;
  readonly categories: readonly string[];
  readonly severity: CodeQualitySeverity;
  readonly fingerprint: string;
  readonly location: { readonly path: string; readonly lines: { readonly begin: number; readonly end: number } };
}

export type CodeQualitySeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

/**
 * `error` findings are `critical` when their rule's security severity is critical in GitHub's bands
 * (9.0 and above, https://docs.github.com/en/code-security/code-scanning/managing-code-scanning-alerts/about-code-scanning-alerts#about-alert-severity-and-security-severity-levels),
 * else `major`; warnings are `minor`, notes `info`. `blocker` is left to the merge request's own rules.
 */
function severityOf(finding: Finding, metaOf: ReadonlyMap<string, RuleMeta>): CodeQualitySeverity {
  if (finding.severity === 'note') return 'info';
  if (finding.severity === 'warning') return 'minor';
  const meta = metaOf.get(finding.ruleId);
  return meta !== undefined && meta.securitySeverity >= 9 ? 'critical' : 'major';
}

function descriptionOf(finding: Finding): string {
  const text = finding.constructPath === undefined ? finding.message : `${finding.message} (construct ${finding.constructPath})`;
  return neutraliseInline(text);
}

/** Our fingerprint, unless the same finding shows in two deployment units: later copies get one derived from it. */
function uniqueFingerprint(finding: Finding, seen: Map<string, number>): string {
  const count = seen.get(finding.fingerprint) ?? 0;
  seen.set(finding.fingerprint, count + 1);
  if (count === 0) return finding.fingerprint;
  return createHash('sha256')
    .update(`${finding.fingerprint}\0${finding.unitId ?? ''}\0${String(count)}`)
    .digest('hex')
    .slice(0, 32);
}

function issueOf(
  finding: Finding,
  root: { repoRoot: string | undefined; cwd: string },
  metaOf: ReadonlyMap<string, RuleMeta>,
  seen: Map<string, number>,
): CodeQualityIssue {
  const region = sarifRegion(finding.location.range);
  return {
    type: 'issue',
    check_name: finding.ruleId,
    description: descriptionOf(finding),
    categories: [finding.ruleId === PARSE_ERROR ? 'Bug Risk' : 'Security'],
    severity: severityOf(finding, metaOf),
    fingerprint: uniqueFingerprint(finding, seen),
    location: {
      path: neutraliseInline(repositoryPath(root.repoRoot, root.cwd, finding.location.file)),
      lines: { begin: region.startLine, end: region.endLine },
    },
  };
}

/** The report as a value. */
export function toCodeQualityReport(result: LintResult, context: ReportContext): CodeQualityIssue[] {
  return [...issues(result, context)];
}

function* issues(result: LintResult, context: ReportContext): Generator<CodeQualityIssue> {
  const metaOf = new Map(result.rules.map((meta) => [meta.id, meta]));
  const seen = new Map<string, number>();
  const root = { repoRoot: result.repoRoot, cwd: context.cwd };
  for (const finding of result.findings) {
    if (!finding.suppression) yield issueOf(finding, root, metaOf, seen);
  }
}

/** The array serialized as `serializeJson(issues)` would, one issue at a time (the whole document is the streamed array). */
export const gitlabReporter: ChunkedReporter = (result, context) => jsonChunks(streamedArrayPlaceholder(), issues(result, context));
