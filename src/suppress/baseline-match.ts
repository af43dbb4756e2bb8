/**
 * Whether a baseline entry stands for a finding (README, "Baselines"). The fingerprint decides, as
 * before, but an entry that also names its rule, file and logical address (version 2) stands only for
 * a finding with that rule, file and address: a reviewer reads those fields to judge what a pull
 * request adds to the baseline, and the fingerprint is a hash nobody reads, so an entry reading
 * `legacy/old.tf aws_iam_access_key.retired` must not suppress a new key in `infra/new.tf` whose
 * fingerprint it copied. A field an entry leaves out (version 1 entries have none) is not compared.
 */
import path from 'node:path';
import type { Finding } from '../core/finding.js';

export interface BaselineEntryFields {
  readonly fingerprint: string;
  readonly rule?: string;
  /** Relative to the repository root, with `/`. */
  readonly file?: string;
  readonly address?: string | null;
}

/** The entries of a baseline by fingerprint (several entries may share one). */
export function entriesByFingerprint<Entry extends BaselineEntryFields>(entries: readonly Entry[]): Map<string, Entry[]> {
  const byFingerprint = new Map<string, Entry[]>();
  for (const entry of entries) {
    const same = byFingerprint.get(entry.fingerprint);
    if (same) same.push(entry);
    else byFingerprint.set(entry.fingerprint, [entry]);
  }
  return byFingerprint;
}

/** The repository-relative file of a finding, as a baseline entry writes it. */
export function baselineFile(finding: Pick<Finding, 'location'>, repoRoot: string): string {
  return path.relative(repoRoot, finding.location.file).split(path.sep).join('/');
}

/** Whether `entry` (whose fingerprint is the finding's) describes `finding`. */
export function entryDescribes(entry: BaselineEntryFields, finding: Pick<Finding, 'ruleId' | 'location' | 'address'>, repoRoot: string): boolean {
  return (
    (entry.rule === undefined || entry.rule === finding.ruleId) &&
    (entry.file === undefined || entry.file === baselineFile(finding, repoRoot)) &&
    (entry.address === undefined || entry.address === (finding.address ?? null))
  );
}
