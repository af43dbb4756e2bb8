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

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Why a run exits 1, when its report does not show it: a failure by `--max-warnings` alone (ESLint
 * says "too many warnings" too), or by warnings and notes that `--quiet` left out of every report
 * (whose summary then reads "No problems found"). Undefined when the report shows the failing
 * findings, or the run does not exit 1.
 */
export function failureExplanation(findings: readonly Finding[], policy: ExitPolicy, quiet: boolean): string | undefined {
  if (exitCode(findings, policy) !== 1) return undefined;
  const counted = findings.filter((f) => !f.suppression && f.ruleId !== PARSE_ERROR);
  const threshold = SEVERITY_RANK[policy.failLevel];
  const failing = counted.filter((f) => SEVERITY_RANK[f.severity] >= threshold);
  const hidden = quiet ? ' (not shown: --quiet reports errors only)' : '';
  if (failing.length === 0) {
    const warnings = counted.filter((f) => f.severity === 'warning').length;
    return `exit 1: ${plural(warnings, 'warning')}, more than --max-warnings ${policy.maxWarnings ?? 0} allows${hidden}`;
  }
  if (!quiet || failing.some((f) => f.severity === 'error')) return undefined;
  const warnings = failing.filter((f) => f.severity === 'warning').length;
  const notes = failing.length - warnings;
  const counts = [warnings > 0 ? plural(warnings, 'warning') : '', notes > 0 ? plural(notes, 'note') : ''].filter((c) => c !== '').join(' and ');
  return `exit 1: ${counts} at or above --fail-level ${policy.failLevel}${hidden}`;
}
