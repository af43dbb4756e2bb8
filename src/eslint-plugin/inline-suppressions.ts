import { INVALID_SUPPRESSION } from '../core/finding.js';
import type { SourceLocation } from '../core/location.js';
import type { DeclaredSuppression } from '../model/model.js';
import { sourceLines } from '../suppress/source-lines.js';
import type { RuleFinding } from '../run-rules/run-rules.js';
import { applySuppressions } from '../suppress/apply-suppressions.js';
import { directivesAbove, directivesOfFile, MARKER, type SuppressionDirective } from '../suppress/suppression-comments.js';
import type { SourceAnalysis } from './analyse-source.js';

export interface SuppressedFindings {
  /** The findings no valid `credlint-ignore` covers. */
  readonly kept: readonly RuleFinding[];
  /** Directives in the linted file naming this rule that suppress nothing (no reason, expired, bad date, unknown rule): why. */
  readonly invalid: readonly { readonly message: string; readonly location: SourceLocation }[];
}

const NOTHING_SUPPRESSED: SuppressedFindings = { kept: [], invalid: [] };

/**
 * `// credlint-ignore <rule> [until=YYYY-MM-DD] -- <reason>` above a statement, as the CLI honours it
 * (README, "Suppressions"), so that editor and CLI agree. The comments are read from the text being linted (an
 * editor's unsaved buffer, not the file on disk) and validated by the CLI's own
 * `applySuppressions`: each finding's directives are handed to it as declared suppressions, which it
 * checks exactly like comments without reading any file.
 */
export function applyInlineSuppressions(
  ruleId: string,
  analysis: SourceAnalysis,
  findings: readonly RuleFinding[],
  ruleIds: ReadonlySet<string>,
): SuppressedFindings {
  // Nothing to suppress and no directive to check: most files of a linted project.
  if (findings.length === 0 && !(analysis.texts.get(analysis.fileName) ?? '').includes(MARKER)) return NOTHING_SUPPRESSED;
  const files = new Map<string, { lines: string[]; directives: Map<number, SuppressionDirective> }>();
  const fileDirectives = (file: string) => {
    let cached = files.get(file);
    if (!cached) {
      const text = analysis.texts.get(file) ?? '';
      const lines = sourceLines(file, text);
      cached = { lines, directives: directivesOfFile(file, text, lines) };
      files.set(file, cached);
    }
    return cached;
  };
  const raw = findings.map((found) => {
    const declaredSuppressions: DeclaredSuppression[] = found.resource.suppressionAnchors.flatMap((anchor) => {
      const { lines, directives } = fileDirectives(anchor.file);
      return directivesAbove(lines, directives, anchor.range.start.line);
    });
    const { ruleId, severity, message, location, related, address } = found;
    return {
      finding: { ruleId, severity, message, location, related, address, fingerprint: '' },
      resource: { ...found.resource, suppressionAnchors: [], declaredSuppressions },
    };
  });
  // Like the CLI, directives are checked in files that declare modelled resources; here only the
  // linted one, and only those naming this rule (each rule reports its own).
  const linkedHere = analysis.units.some(({ unit }) =>
    [...unit.users, ...unit.loginProfiles, ...unit.accessKeys].some((r) => r.suppressionAnchors.some((a) => a.file === analysis.fileName)),
  );
  const ownDirectives = linkedHere ? [...fileDirectives(analysis.fileName).directives.values()].filter((d) => d.rules.includes(ruleId)) : [];
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
    kept: findings.filter((_, index) => results[index]?.suppression === undefined),
    invalid: results
      .slice(findings.length)
      .filter((r) => r.ruleId === INVALID_SUPPRESSION)
      .map((r) => ({ message: r.message, location: r.location })),
  };
}
