import { INVALID_SUPPRESSION, type Finding } from '../core/finding.js';
import type { SourceLocation } from '../core/location.js';
import { formatMessage, type Rule, type RuleReport } from '../core/rule.js';
import type { DeclaredSuppression } from '../model/model.js';
import { applySuppressions } from '../suppress/apply-suppressions.js';
import { directivesAbove, directivesOfFile, type SuppressionDirective } from '../suppress/suppression-comments.js';
import type { SourceAnalysis } from './analyse-source.js';

export interface SuppressedReports {
  /** The reports no valid `credlint-ignore` covers. */
  readonly kept: readonly RuleReport[];
  /** Directives in the linted file naming this rule that suppress nothing (no reason, expired, bad date, unknown rule): why. */
  readonly invalid: readonly { readonly message: string; readonly location: SourceLocation }[];
}

/**
 * `// credlint-ignore <rule> [until=YYYY-MM-DD] -- <reason>` above a statement, as the CLI honours it
 * (SPEC §6), so that editor and CLI agree. The comments are read from the text being linted (an
 * editor's unsaved buffer, not the file on disk) and validated by the CLI's own
 * `applySuppressions`: each report's directives are handed to it as declared suppressions, which it
 * checks exactly like comments without reading any file.
 */
export function applyInlineSuppressions(rule: Rule, analysis: SourceAnalysis, reports: readonly RuleReport[], ruleIds: ReadonlySet<string>): SuppressedReports {
  const files = new Map<string, { lines: string[]; directives: Map<number, SuppressionDirective> }>();
  const fileDirectives = (file: string) => {
    let cached = files.get(file);
    if (!cached) {
      const text = analysis.texts.get(file) ?? '';
      cached = { lines: text.split(/\r?\n/), directives: directivesOfFile(file, text) };
      files.set(file, cached);
    }
    return cached;
  };
  const raw = reports.map((report) => {
    const declaredSuppressions: DeclaredSuppression[] = report.resource.suppressionAnchors.flatMap((anchor) => {
      const { lines, directives } = fileDirectives(anchor.file);
      return directivesAbove(lines, directives, anchor.range.start.line);
    });
    return { finding: findingOf(rule, report), resource: { ...report.resource, suppressionAnchors: [], declaredSuppressions } };
  });
  // Like the CLI, directives are checked in files that declare modelled resources; here only the
  // linted one, and only those naming this rule (each rule reports its own).
  const { unit } = analysis.linked;
  const linkedHere = [...unit.users, ...unit.loginProfiles, ...unit.accessKeys].some((r) => r.suppressionAnchors.some((a) => a.file === analysis.fileName));
  const ownDirectives = linkedHere ? [...fileDirectives(analysis.fileName).directives.values()].filter((d) => d.rules.includes(rule.meta.id)) : [];
  const results = applySuppressions(raw, {
    ruleIds,
    today: new Date().toISOString().slice(0, 10),
    reportUnused: false,
    files: [],
    declared: ownDirectives,
    fingerprint: () => '',
    // No file is read here: the linted file's directives are passed in as declared ones.
    readSource: () => undefined,
  });
  return {
    kept: reports.filter((_, index) => results[index]?.suppression === undefined),
    invalid: results
      .slice(reports.length)
      .filter((r) => r.ruleId === INVALID_SUPPRESSION)
      .map((r) => ({ message: r.message, location: r.location })),
  };
}

function findingOf(rule: Rule, report: RuleReport): Finding {
  return {
    ruleId: rule.meta.id,
    severity: rule.meta.defaultSeverity,
    message: formatMessage(rule.meta.messages[report.messageId] ?? report.messageId, report.data),
    location: report.location,
    related: report.related,
    address: report.address,
    fingerprint: '',
  };
}
