import type { Diagnostic } from '../core/diagnostic.js';
import { PARSE_ERROR, type ChunkedReporter, type Finding, type LintResult, type ReportContext, type Suppression } from '../core/finding.js';
import { jsonChunks, streamedArrayPlaceholder } from './json-chunks.js';
import type { Range, SourceLocation } from '../core/location.js';
import type { Severity } from '../core/rule-meta.js';
import { directoryFileUri, fileUri, isOutsideCwd, outputPath, uriReference } from './relative-path.js';
import { parseErrorDescriptor, sarifRules, type SarifNotificationDescriptor, type SarifRule } from './sarif-rules.js';
import { toolInfo } from './tool-info.js';

/**
 * SARIF 2.1.0 (OASIS, https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html) as GitHub
 * code scanning ingests it (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning).
 * Suppressed findings stay in the log with `suppressions`, so code scanning shows them as dismissed
 * rather than losing them. Parse errors and notes are about the run, not the code: they are
 * `toolExecutionNotifications`, which code scanning shows on the tool status page, not as alerts.
 */
const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';
/** The category of the analysis when none is given (`--sarif-category`). */
export const DEFAULT_SARIF_CATEGORY = 'credlint';
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

interface SarifNotification {
  readonly level: 'note' | 'error';
  readonly message: { readonly text: string };
  readonly locations: readonly SarifLocation[];
  readonly descriptor?: { readonly id: string; readonly index: number };
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
          readonly notifications: readonly SarifNotificationDescriptor[];
        };
      };
      readonly invocations: readonly {
        readonly executionSuccessful: boolean;
        readonly toolExecutionNotifications: readonly SarifNotification[];
      }[];
      readonly automationDetails: { readonly id: string };
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

/**
 * Files under the repository root are relative to `%SRCROOT%`, whatever the current directory, so
 * that code scanning places alerts on the right files; a file outside it gets its absolute `file:` URI.
 */
function physicalLocation(location: SourceLocation, root: string): SarifPhysicalLocation {
  const shown = outputPath(root, location.file);
  const artifactLocation = isOutsideCwd(shown) ? { uri: fileUri(location.file) } : { uri: uriReference(shown), uriBaseId: SRCROOT };
  return { artifactLocation, region: sarifRegion(location.range) };
}

/**
 * A message object for `text` as plain text. In a SARIF plain text message `[text](target)` is an
 * embedded link (SARIF 2.1.0 §3.11.6), which GitHub code scanning renders as a link (to a related
 * location by its id, or to a URL); a user name or address written in the pull request
 * (`"[approved, see SEC-1](0)"`) made one in the alert. Square brackets and the backslash are escaped with
 * a backslash, as the specification allows outside link text and as CodeQL writes its own messages, so
 * consumers show the text as written.
 */
function plainText(text: string): { readonly text: string } {
  return { text: text.replace(/[\\[\]]/g, '\\$&') };
}

function suppressionOf(suppression: Suppression, root: string): NonNullable<SarifResult['suppressions']>[number] {
  // §3.35.2: `inSource` for a suppression written in the analysed code, `external` for a baseline.
  const kind = suppression.kind === 'baseline' ? 'external' : 'inSource';
  return {
    kind,
    justification: suppression.justification,
    ...(suppression.location ? { location: { physicalLocation: physicalLocation(suppression.location, root) } } : {}),
  };
}

function sarifResult(finding: Finding, ruleIndex: number, root: string): SarifResult {
  const primary: SarifLocation = {
    physicalLocation: physicalLocation(finding.location, root),
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
    message: plainText(finding.message),
    locations: [primary],
    ...(finding.related.length === 0
      ? {}
      : {
          relatedLocations: finding.related.map((related, id) => ({
            id,
            physicalLocation: physicalLocation(related.location, root),
            message: plainText(related.message),
          })),
        }),
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
    ...(finding.suppression ? { suppressions: [suppressionOf(finding.suppression, root)] } : {}),
    ...(Object.keys(properties).length === 0 ? {} : { properties }),
  };
}

function noteNotification(diagnostic: Diagnostic, root: string): SarifNotification {
  return {
    level: 'note',
    message: plainText(diagnostic.message),
    locations: [{ physicalLocation: physicalLocation(diagnostic.location, root) }],
  };
}

/** A file that could not be analysed: an error of the run, pointing at the `parse-error` descriptor. */
function parseErrorNotification(finding: Finding, root: string): SarifNotification {
  return {
    level: 'error',
    message: plainText(finding.message),
    locations: [{ physicalLocation: physicalLocation(finding.location, root) }],
    descriptor: { id: PARSE_ERROR, index: 0 },
  };
}

/**
 * `runs[].automationDetails.id` (§3.17.4): GitHub code scanning keeps one analysis per category (the
 * part before the last `/`) and tool, and a later upload with the same category replaces the alerts
 * of the earlier one. github/codeql-action/upload-sarif fills this only when the log has none, so its
 * `category` input does not override ours.
 */
export function automationId(category: string): string {
  return category.endsWith('/') ? category : `${category}/`;
}

/** The SARIF log as a value (the reporter serializes it). */
export function toSarifLog(result: LintResult, context: ReportContext): SarifLog {
  return sarifLog(result, context, (indexOf, findings, root) => findings.map((finding) => sarifResult(finding, indexOf.get(finding.ruleId) ?? 0, root)));
}

/** `results` turns the rule results (parse errors are notifications) into SARIF, or leaves a placeholder to stream. */
type ResultsOf = (indexOf: ReadonlyMap<string, number>, findings: readonly Finding[], root: string) => readonly SarifResult[];

function sarifLog(result: LintResult, context: ReportContext, results: ResultsOf): SarifLog {
  const tool = toolInfo();
  // Code scanning resolves URIs from the repository root; hand-built results without one use `cwd`.
  const root = result.repoRoot ?? context.cwd;
  const parseErrors = result.findings.filter((finding) => finding.ruleId === PARSE_ERROR);
  const findings = result.findings.filter((finding) => finding.ruleId !== PARSE_ERROR);
  const { rules, indexOf } = sarifRules(result.rules, findings, tool);
  const notifications = [
    ...parseErrors.map((finding) => parseErrorNotification(finding, root)),
    ...result.notes.map((diagnostic) => noteNotification(diagnostic, root)),
  ];
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
            notifications: [parseErrorDescriptor(tool)],
          },
        },
        invocations: [
          {
            // §3.20.14: a file that could not be analysed leaves the analysis incomplete.
            executionSuccessful: parseErrors.length === 0,
            toolExecutionNotifications: notifications,
          },
        ],
        automationDetails: { id: automationId(context.sarifCategory ?? DEFAULT_SARIF_CATEGORY) },
        originalUriBaseIds: { [SRCROOT]: { uri: directoryFileUri(root) } },
        columnKind: 'utf16CodeUnits',
        results: results(indexOf, findings, root),
      },
    ],
  };
}

/** The log serialized as `serializeJson(log)` would, one result at a time. */
export const sarifReporter: ChunkedReporter = (result, context) => {
  let ruleIndex: ReadonlyMap<string, number> = new Map();
  let streamed: readonly Finding[] = [];
  let streamedRoot = context.cwd;
  const skeleton = sarifLog(result, context, (indexOf, findings, root) => {
    ruleIndex = indexOf;
    streamed = findings;
    streamedRoot = root;
    return streamedArrayPlaceholder();
  });
  return jsonChunks(skeleton, streamed, (finding) => sarifResult(finding, ruleIndex.get(finding.ruleId) ?? 0, streamedRoot));
};
