import { PARSE_ERROR, type Finding } from '../core/finding.js';
import type { Severity } from '../core/rule-meta.js';

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { note: 0, warning: 1, error: 2 };

export interface ExitPolicy {
  /** Lowest severity of an unsuppressed finding that exits 1 (`--fail-level`). */
  readonly failLevel: Severity;
  /** More unsuppressed warnings than this exit 1 (`--max-warnings`). */
  readonly maxWarnings?: number;
  /** Findings are reported but never exit 1 (`--soft-fail`). */
  readonly softFail: boolean;
  /** `parse-error` results neither exit 2 nor count as findings (`--allow-parse-errors`). */
  readonly allowParseErrors: boolean;
}

/**
 * The exit code of a scan (README, "Exit codes"): 2 for an incomplete scan wins over 1 for findings.
 * `--soft-fail` clears only the 1; `--allow-parse-errors` clears only the 2, and also keeps a
 * `parse-error` (reported at severity `error`) from counting as a finding.
 */
export function exitCode(findings: readonly Finding[], policy: ExitPolicy): 0 | 1 | 2 {
  const parseErrors = findings.some((f) => f.ruleId === PARSE_ERROR);
  if (parseErrors && !policy.allowParseErrors) return 2;
  if (policy.softFail) return 0;
  const counted = findings.filter((f) => !f.suppression && f.ruleId !== PARSE_ERROR);
  const threshold = SEVERITY_RANK[policy.failLevel];
  if (counted.some((f) => SEVERITY_RANK[f.severity] >= threshold)) return 1;
  const warnings = counted.filter((f) => f.severity === 'warning').length;
  return policy.maxWarnings !== undefined && warnings > policy.maxWarnings ? 1 : 0;
}
