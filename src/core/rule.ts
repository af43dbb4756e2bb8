import type { SourceLocation } from './location.js';
import type { Format } from '../model/model.js';
import type { LinkedUnit } from '../model/link-credentials.js';
import type { CredentialResource, ResourceInstance } from '../model/model.js';

export type Severity = 'error' | 'warning' | 'note';

/** The kinds of resource the model holds, and rules report on. */
export type ResourceKind = CredentialResource['kind'];

/** One control of a framework a rule maps to, e.g. CIS AWS Foundations v3.0.0 control 1.4. */
export interface FrameworkMapping {
  readonly framework: string;
  /** The versions the control number applies to, e.g. `v1.3.0–v4.0.1`. */
  readonly versions: string;
  readonly control: string;
}

export interface RuleMeta {
  /** Kebab-case, stable forever, never reused. */
  readonly id: string;
  /** The problem, as a short noun phrase. */
  readonly title: string;
  /** Why it matters. */
  readonly rationale: string;
  /** How to fix it. */
  readonly remediation: string;
  readonly defaultSeverity: Severity;
  /** GitHub code scanning `security-severity` (0.0–10.0). */
  readonly securitySeverity: number;
  readonly mappings: readonly FrameworkMapping[];
  readonly references: readonly { readonly title: string; readonly url: string }[];
  readonly formats: readonly Format[];
  /**
   * The model kinds its findings sit on (`RuleReport.resource.kind`). The prefilter keeps only inputs
   * that hold a word of one of these kinds (`src/formats/relevance.ts`), so a rule that reported on an
   * undeclared kind could lose findings to it; a test checks every report against this list.
   */
  readonly reports: readonly ResourceKind[];
  /** Message templates with `{{placeholder}}`s, keyed by message id. */
  readonly messages: Readonly<Record<string, string>>;
  /** The options the rule accepts, with their defaults. */
  readonly defaultOptions: Readonly<Record<string, boolean | string | number>>;
}

export interface RelatedLocation {
  readonly location: SourceLocation;
  readonly message: string;
}

/** What a rule reports; the engine adds rule id, severity, unit and suppression state. */
export interface RuleReport {
  readonly messageId: string;
  readonly data: Readonly<Record<string, string | number>>;
  readonly location: SourceLocation;
  readonly related: readonly RelatedLocation[];
  /** The logical address that identifies the finding across edits (baseline fingerprint input). */
  readonly address: string;
  /** The resource instance the finding is about (the key to remove); its suppressions apply. */
  readonly resource: ResourceInstance;
  readonly constructPath?: string;
  /**
   * True for a `--report-unknown` finding: a fact needed to decide was unknown. Always reported at
   * severity `warning`.
   */
  readonly unknown?: boolean;
}

export interface RuleContext {
  readonly linked: LinkedUnit;
  readonly options: Readonly<Record<string, boolean | string | number>>;
  /** Whether `--report-unknown` is on; rules only call `report` with `unknown: true` when it is. */
  readonly reportUnknown: boolean;
  report(report: RuleReport): void;
}

export interface Rule {
  readonly meta: RuleMeta;
  check(context: RuleContext): void;
}

/** Fills `{{name}}` placeholders of a message template. */
export function formatMessage(template: string, data: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (Object.hasOwn(data, key) ? String(data[key]) : whole));
}
