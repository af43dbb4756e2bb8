import type { Finding } from '../core/finding.js';
import { startKey, type SourceLocation } from '../core/location.js';
import { formatMessage, type RelatedLocation, type Severity } from '../core/rule-meta.js';
import type { EnabledRule } from '../config/rule-settings.js';
import type { LinkedUnit } from '../model/link-credentials.js';
import type { ResourceInstance } from '../model/model.js';
import type { RuleReport } from '../model/rule.js';

/** A rule's report made a finding, before suppressions: what the CLI engine and the ESLint plugin both start from. */
export interface RuleFinding {
  readonly ruleId: string;
  /** The rule's configured severity; `warning` for a `--report-unknown` finding. */
  readonly severity: Severity;
  readonly messageId: string;
  readonly data: Readonly<Record<string, string | number>>;
  /** The message template filled with `data`. */
  readonly message: string;
  readonly location: SourceLocation;
  readonly related: readonly RelatedLocation[];
  readonly address: string;
  readonly constructPath?: string;
  /** A `--report-unknown` finding: a fact needed to decide was unknown. */
  readonly unknown: boolean;
  /** The resource instance the finding is about; its suppressions apply. */
  readonly resource: ResourceInstance;
}

/** A rule that threw: none of its findings on the unit are kept. */
export interface RuleFailure {
  readonly ruleId: string;
  readonly error: unknown;
}

export interface RuleRun {
  /** In rule order, then in the order each rule reported. */
  readonly findings: readonly RuleFinding[];
  readonly failures: readonly RuleFailure[];
}

/**
 * Runs the enabled rules on one linked unit. A rule that throws (a bug, or a report naming a message
 * the rule does not have) loses its own findings only; each caller decides what a failure costs: the
 * engine gives up the unit with an internal error, the ESLint plugin stays silent for that rule.
 */
export function runRules(linked: LinkedUnit, enabled: readonly EnabledRule[], reportUnknown: boolean): RuleRun {
  const findings: RuleFinding[] = [];
  const failures: RuleFailure[] = [];
  for (const { rule, severity, options } of enabled) {
    const { id, messages } = rule.meta;
    const found: RuleFinding[] = [];
    try {
      rule.check({
        linked,
        options,
        reportUnknown,
        report(report) {
          const template = messages[report.messageId];
          if (template === undefined) throw new Error(`rule ${id} has no message ${report.messageId}`);
          found.push(findingOf(id, report.unknown === true ? 'warning' : severity, formatMessage(template, report.data), report));
        },
      });
    } catch (error) {
      failures.push({ ruleId: id, error });
      continue;
    }
    // One push per finding: spreading a unit's findings into one call overflows the stack past ~100k.
    for (const finding of found) findings.push(finding);
  }
  return { findings, failures };
}

/**
 * Related locations listed per finding. A user with thousands of access keys (within the instance
 * budgets) gave each of its findings one per key; GitHub code scanning shows 100 locations of a result
 * and rejects a SARIF upload with more than 1,000 in one
 * (https://docs.github.com/en/code-security/code-scanning/troubleshooting-sarif-uploads/results-exceed-limit).
 */
const MAX_RELATED = 100;

/** The first `MAX_RELATED` related locations, then one more counting the rest, at the first not listed. */
function boundedRelated(related: readonly RelatedLocation[]): readonly RelatedLocation[] {
  const first = related[MAX_RELATED];
  if (first === undefined) return related;
  const more = related.length - MAX_RELATED;
  return [
    ...related.slice(0, MAX_RELATED),
    { location: first.location, message: `${more} more related locations are not listed (credlint lists ${MAX_RELATED} per finding)` },
  ];
}

/** A report's location, address and construct path default to its resource's; its related locations are bounded. */
function findingOf(ruleId: string, severity: Severity, message: string, report: RuleReport): RuleFinding {
  const { resource } = report;
  const constructPath = report.constructPath ?? resource.constructPath;
  return {
    ruleId,
    severity,
    messageId: report.messageId,
    data: report.data,
    message,
    location: report.location ?? resource.location,
    related: boundedRelated(report.related),
    address: report.address ?? resource.address,
    ...(constructPath === undefined ? {} : { constructPath }),
    unknown: report.unknown === true,
    resource,
  };
}

/**
 * A finding of a unit that holds only under `condition` (`DeploymentUnit.onlyWhere`): a fact needed for
 * it, which engine deploys the code, is not known, so it is a `--report-unknown` warning whose message
 * says so, as a rule's unknown finding is.
 */
export function conditionalFinding(found: RuleFinding, condition: string): RuleFinding {
  return { ...found, severity: 'warning', unknown: true, message: `${found.message.replace(/\.$/u, '')}; ${condition}.` };
}

/** What makes two findings of one unit id the same finding: rule, position, message and kind. */
export function sameFindingKey(finding: Pick<Finding, 'ruleId' | 'location' | 'message' | 'unknown'>): string {
  return `${finding.ruleId}\0${startKey(finding.location)}\0${finding.message}\0${finding.unknown === true ? 'unknown' : ''}`;
}

/** A rule's finding in unit `unitId` as a reported finding (the engine and `credlint/cdk` report alike). */
export function reportedFinding(found: RuleFinding, unitId: string, fingerprint: string): Finding {
  return {
    ruleId: found.ruleId,
    severity: found.severity,
    message: found.message,
    location: found.location,
    related: found.related,
    unitId,
    address: found.address,
    ...(found.constructPath === undefined ? {} : { constructPath: found.constructPath }),
    ...(found.unknown ? { unknown: true } : {}),
    fingerprint,
  };
}
