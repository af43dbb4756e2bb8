import type { Diagnostic } from '../core/diagnostic.js';
import type { ChunkedReporter, Finding, LintResult, ReportContext } from '../core/finding.js';
import { jsonChunks, streamedArrayPlaceholder } from './json-chunks.js';
import type { SourceLocation } from '../core/location.js';
import type { Severity } from '../core/rule-meta.js';
import { outputPath } from './relative-path.js';
import { countBySeverity } from './severity-counts.js';
import { toolInfo } from './tool-info.js';

/**
 * The machine-readable format. Its shape is a public contract documented field by field in
 * docs/json-output.md (a test keeps the two equal). `version` changes only when a field is removed
 * or changes meaning; adding a field keeps it. Optional facts are `null`, never missing, so every
 * finding has the same keys.
 */
export const JSON_OUTPUT_VERSION = 1;

export interface JsonLocation {
  readonly file: string;
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly logicalPath: string | null;
}

export interface JsonFinding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly location: JsonLocation;
  readonly related: readonly { readonly message: string; readonly location: JsonLocation }[];
  readonly unitId: string | null;
  readonly address: string | null;
  readonly constructPath: string | null;
  readonly unknown: boolean;
  readonly suppressed: { readonly kind: 'inline' | 'metadata' | 'baseline'; readonly justification: string } | null;
  readonly fingerprint: string;
}

export interface JsonReport {
  readonly version: typeof JSON_OUTPUT_VERSION;
  readonly tool: { readonly name: string; readonly version: string };
  readonly findings: readonly JsonFinding[];
  readonly notes: readonly { readonly kind: Diagnostic['kind']; readonly message: string; readonly location: JsonLocation }[];
  readonly summary: {
    readonly errors: number;
    readonly warnings: number;
    readonly notes: number;
    readonly suppressed: number;
    readonly filesScanned: number;
  };
}

function jsonLocation(location: SourceLocation, cwd: string): JsonLocation {
  return {
    file: outputPath(cwd, location.file),
    startLine: location.range.start.line,
    startColumn: location.range.start.column,
    endLine: location.range.end.line,
    endColumn: location.range.end.column,
    logicalPath: location.logicalPath ?? null,
  };
}

function jsonFinding(finding: Finding, cwd: string): JsonFinding {
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    location: jsonLocation(finding.location, cwd),
    related: finding.related.map((related) => ({ message: related.message, location: jsonLocation(related.location, cwd) })),
    unitId: finding.unitId ?? null,
    address: finding.address ?? null,
    constructPath: finding.constructPath ?? null,
    unknown: finding.unknown === true,
    suppressed: finding.suppression ? { kind: finding.suppression.kind, justification: finding.suppression.justification } : null,
    fingerprint: finding.fingerprint,
  };
}

/** The report as a value (the reporter serializes it). */
export function toJsonReport(result: LintResult, context: ReportContext): JsonReport {
  const { name, version } = toolInfo();
  const counts = countBySeverity(result.findings);
  return {
    version: JSON_OUTPUT_VERSION,
    tool: { name, version },
    findings: result.findings.map((finding) => jsonFinding(finding, context.cwd)),
    notes: result.notes.map((diagnostic) => ({
      kind: diagnostic.kind,
      message: diagnostic.message,
      location: jsonLocation(diagnostic.location, context.cwd),
    })),
    summary: { ...counts, filesScanned: result.filesScanned },
  };
}

/** The report serialized as `serializeJson(report)` would, one finding at a time. */
export const jsonReporter: ChunkedReporter = (result, context) => {
  const skeleton: JsonReport = { ...toJsonReport({ ...result, findings: [] }, context), findings: streamedArrayPlaceholder() };
  const summary = { ...countBySeverity(result.findings), filesScanned: result.filesScanned };
  return jsonChunks({ ...skeleton, summary }, result.findings, (finding) => jsonFinding(finding, context.cwd));
};
