import type { Diagnostic } from '../core/diagnostic.js';
import type { ChunkedReporter, Finding, LintResult, ReportContext, Suppression } from '../core/finding.js';
import { jsonChunks, streamedArrayPlaceholder } from './json-chunks.js';
import type { Range, SourceLocation } from '../core/location.js';
import type { Severity } from '../core/rule.js';
import { directoryFileUri, fileUri, isOutsideCwd, outputPath, uriReference } from './relative-path.js';
import { sarifRules, type SarifRule } from './sarif-rules.js';
import { toolInfo } from './tool-info.js';

/**
 * SARIF 2.1.0 (OASIS, https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html) as GitHub
 * code scanning ingests it (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning).
 * Suppressed findings stay in the log with `suppressions`, so code scanning shows them as dismissed
 * rather than losing them.
 */
const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';
/** The key of our fingerprint in `partialFingerprints`; bump the suffix if its inputs ever change. */
export const FINGERPRINT_KEY = 'credlint/v1';

export interface SarifRegion {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
}

interface SarifPhysicalLocation {
  readonly artifactLocation: { readonly uri: string; readonly uriBaseId?: string };
  readonly region: SarifRegion;
}

interface SarifLocation {
  readonly id?: number;
  readonly physicalLocation: SarifPhysicalLocation;
  readonly logicalLocations?: readonly { readonly fullyQualifiedName: string; readonly kind: string }[];
  readonly message?: { readonly text: string };
}

interface SarifResult {
  readonly ruleId: string;
  readonly ruleIndex: number;
  readonly level: Severity;
  readonly message: { readonly text: string };
  readonly locations: readonly SarifLocation[];
  readonly relatedLocations?: readonly SarifLocation[];
  readonly partialFingerprints: Readonly<Record<string, string>>;
  readonly suppressions?: readonly { readonly kind: 'inSource' | 'external'; readonly justification: string; readonly location?: SarifLocation }[];
  readonly properties?: Readonly<Record<string, string | boolean>>;
}

export interface SarifLog {
  readonly $schema: string;
  readonly version: '2.1.0';
  readonly runs: readonly [
    {
      readonly tool: {
        readonly driver: {
          readonly name: string;
          readonly version: string;
          readonly semanticVersion: string;
          readonly informationUri: string;
          readonly rules: readonly SarifRule[];
        };
      };
      readonly invocations: readonly {
        readonly executionSuccessful: boolean;
        readonly toolExecutionNotifications: readonly {
          readonly level: 'note' | 'error';
          readonly message: { readonly text: string };
          readonly locations: readonly SarifLocation[];
        }[];
      }[];
      readonly originalUriBaseIds: Readonly<Record<string, { readonly uri: string }>>;
      readonly columnKind: 'utf16CodeUnits';
      readonly results: readonly SarifResult[];
    },
  ];
}

/**
 * SARIF lines and columns are 1-based and an end before the start is invalid (§3.30.5–3.30.8);
 * positions of 0 would make code scanning reject the upload, so they are raised to 1.
 */
export function sarifRegion(span: Range): SarifRegion {
  const startLine = Math.max(1, span.start.line);
  const startColumn = Math.max(1, span.start.column);
  const endLine = Math.max(startLine, span.end.line);
  const endColumn = endLine === startLine ? Math.max(startColumn, span.end.column) : Math.max(1, span.end.column);
  return { startLine, startColumn, endLine, endColumn };
}

/** Files under `cwd` are relative to `%SRCROOT%`; a file outside it gets its absolute `file:` URI. */
function physicalLocation(location: SourceLocation, cwd: string): SarifPhysicalLocation {
  const shown = outputPath(cwd, location.file);
  const artifactLocation = isOutsideCwd(shown)
    ? { uri: fileUri(location.file) }
    : { uri: uriReference(shown), uriBaseId: SRCROOT };
  return { artifactLocation, region: sarifRegion(location.range) };
}

function suppressionOf(suppression: Suppression, cwd: string): NonNullable<SarifResult['suppressions']>[number] {
  // §3.35.2: `inSource` for a suppression written in the analysed code, `external` for a baseline.
  const kind = suppression.kind === 'baseline' ? 'external' : 'inSource';
  return {
    kind,
    justification: suppression.justification,
    ...(suppression.location ? { location: { physicalLocation: physicalLocation(suppression.location, cwd) } } : {}),
  };
}

function sarifResult(finding: Finding, ruleIndex: number, cwd: string): SarifResult {
  const primary: SarifLocation = {
    physicalLocation: physicalLocation(finding.location, cwd),
    ...(finding.address === undefined ? {} : { logicalLocations: [{ fullyQualifiedName: finding.address, kind: 'resource' }] }),
  };
  const properties: Record<string, string | boolean> = {};
  if (finding.constructPath !== undefined) properties['constructPath'] = finding.constructPath;
  if (finding.unitId !== undefined) properties['unitId'] = finding.unitId;
  if (finding.unknown === true) properties['unknown'] = true;
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: finding.severity,
    message: { text: finding.message },
    locations: [primary],
    ...(finding.related.length === 0
      ? {}
      : {
          relatedLocations: finding.related.map((related, id) => ({
            id,
            physicalLocation: physicalLocation(related.location, cwd),
            message: { text: related.message },
          })),
        }),
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
    ...(finding.suppression ? { suppressions: [suppressionOf(finding.suppression, cwd)] } : {}),
    ...(Object.keys(properties).length === 0 ? {} : { properties }),
  };
}

function notification(diagnostic: Diagnostic, cwd: string): SarifLog['runs'][0]['invocations'][number]['toolExecutionNotifications'][number] {
  return {
    level: diagnostic.kind === 'note' ? 'note' : 'error',
    message: { text: diagnostic.message },
    locations: [{ physicalLocation: physicalLocation(diagnostic.location, cwd) }],
  };
}

/** The SARIF log as a value (the reporter serializes it). */
export function toSarifLog(result: LintResult, context: ReportContext): SarifLog {
  return sarifLog(result, context, (indexOf) => result.findings.map((finding) => sarifResult(finding, indexOf.get(finding.ruleId) ?? 0, context.cwd)));
}

function sarifLog(result: LintResult, context: ReportContext, results: (indexOf: ReadonlyMap<string, number>) => readonly SarifResult[]): SarifLog {
  const tool = toolInfo();
  const { rules, indexOf } = sarifRules(result.rules, result.findings, tool.informationUri);
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: tool.version,
            semanticVersion: tool.version,
            informationUri: tool.informationUri,
            rules,
          },
        },
        invocations: [
          {
            // Files that could not be parsed are `parse-error` results, not a failed execution.
            executionSuccessful: true,
            toolExecutionNotifications: result.notes.map((diagnostic) => notification(diagnostic, context.cwd)),
          },
        ],
        originalUriBaseIds: { [SRCROOT]: { uri: directoryFileUri(context.cwd) } },
        columnKind: 'utf16CodeUnits',
        results: results(indexOf),
      },
    ],
  };
}

/** The log serialized as `JSON.stringify(log, null, 2)` would, one result at a time. */
export const sarifReporter: ChunkedReporter = (result, context) => {
  let ruleIndex: ReadonlyMap<string, number> = new Map();
  const skeleton = sarifLog(result, context, (indexOf) => {
    ruleIndex = indexOf;
    return streamedArrayPlaceholder();
  });
  return jsonChunks(skeleton, result.findings, (finding) => sarifResult(finding, ruleIndex.get(finding.ruleId) ?? 0, context.cwd));
};
