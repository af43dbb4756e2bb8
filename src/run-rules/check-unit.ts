import path from 'node:path';
import type { Diagnostic } from '../core/diagnostic.js';
import type { Finding } from '../core/finding.js';
import { findingFingerprint } from '../core/fingerprint.js';
import { internalError } from '../core/internal-error.js';
import { FILE_START } from '../core/location.js';
import { linkCredentials } from '../model/link-credentials.js';
import type { DeploymentUnit } from '../model/model.js';
import type { EnabledRule } from '../config/rule-settings.js';
import type { RawFinding } from '../suppress/apply-suppressions.js';
import type { SuppressionDirective } from '../suppress/suppression-comments.js';
import { conditionalFinding, reportedFinding, runRules, sameFindingKey } from './run-rules.js';

/** What is kept of a checked unit: its findings and what suppressions need, nothing of its model or files. */
export interface CheckedUnit {
  readonly id: string;
  /** Arrival order, for units of one id. */
  readonly order: number;
  readonly raw: readonly RawFinding[];
  /** The files that declare its resources: their suppression comments are checked. */
  readonly anchorFiles: readonly string[];
  /** Suppressions declared in its resources (CloudFormation metadata). */
  readonly declared: readonly SuppressionDirective[];
  /** A rule that threw on the unit costs its findings: reported instead. */
  readonly failure?: Diagnostic;
}

/**
 * The findings of the enabled rules on one unit, and what its suppressions need. A unit that holds only
 * under a condition (`onlyWhere`) gives only its findings that `givenBefore` (the findings of the unit of
 * the same id that holds without it) does not give, each a `--report-unknown` warning saying the condition.
 */
export function checkUnit(
  unit: DeploymentUnit,
  order: number,
  enabled: readonly EnabledRule[],
  reportUnknown: boolean,
  repoRoot: string,
  givenBefore: readonly Finding[] = [],
): CheckedUnit {
  try {
    const { findings, failures } = runRules(linkCredentials(unit), enabled, reportUnknown);
    const failure = failures[0];
    if (failure) throw failure.error;
    const raw: RawFinding[] = [];
    const given = unit.onlyWhere === undefined ? undefined : new Set(givenBefore.map(sameFindingKey));
    for (const ruleFinding of findings) {
      let found = ruleFinding;
      if (unit.onlyWhere !== undefined) {
        // Reported once, by the unit that holds without the condition; without --report-unknown, not at all.
        if (!reportUnknown || given?.has(sameFindingKey(found))) continue;
        found = conditionalFinding(found, unit.onlyWhere);
      }
      const { suppressionAnchors, declaredSuppressions } = found.resource;
      const resource = { suppressionAnchors, ...(declaredSuppressions === undefined ? {} : { declaredSuppressions }) };
      raw.push({
        resource,
        finding: reportedFinding(
          found,
          unit.id,
          findingFingerprint(found.ruleId, repoRoot, found.location.file, `${found.unknown ? 'unknown:' : ''}${found.address}`),
        ),
      });
    }
    const resources = [...unit.users, ...unit.loginProfiles, ...unit.accessKeys];
    return {
      id: unit.id,
      order,
      raw,
      anchorFiles: [...new Set(resources.flatMap((r) => r.suppressionAnchors.map((a) => a.file)))],
      declared: resources.flatMap((r) => (r.declaredSuppressions ?? []).map((d) => ({ ...d, kind: 'metadata' as const }))),
    };
  } catch (error) {
    return {
      id: unit.id,
      order,
      raw: [],
      anchorFiles: [],
      declared: [],
      failure: internalError({ file: unitEntryFile(unit), range: FILE_START }, unit.id, error),
    };
  }
}

/**
 * Where a problem with a whole unit is reported: the unit's own file (a template, a plan), else the
 * first file under its directory that declares one of its resources (a root module, a CDK project).
 */
function unitEntryFile(unit: DeploymentUnit): string {
  const files = [...new Set([...unit.users, ...unit.loginProfiles, ...unit.accessKeys].map((r) => r.location.file))].sort();
  if (files.length === 0 || files.includes(unit.root)) return unit.root;
  return files.find((file) => file.startsWith(`${unit.root}${path.sep}`)) ?? (files[0] as string);
}
