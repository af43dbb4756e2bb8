import type { Finding } from '../core/finding.js';

export interface SeverityCounts {
  readonly errors: number;
  readonly warnings: number;
  readonly notes: number;
  /** Findings carrying a suppression; they are not counted under their severity. */
  readonly suppressed: number;
}

/** Counts unsuppressed findings by severity, and suppressed findings apart (they never fail a run). */
export function countBySeverity(findings: readonly Finding[]): SeverityCounts {
  let errors = 0;
  let warnings = 0;
  let notes = 0;
  let suppressed = 0;
  for (const finding of findings) {
    if (finding.suppression) suppressed += 1;
    else if (finding.severity === 'error') errors += 1;
    else if (finding.severity === 'warning') warnings += 1;
    else notes += 1;
  }
  return { errors, warnings, notes, suppressed };
}

/** A count with its noun, as the summary lines print counts (`1 error`, `2 warnings`). */
export function plural(count: number, noun: string): string {
  return `${String(count)} ${noun}${count === 1 ? '' : 's'}`;
}
