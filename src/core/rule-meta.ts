import type { Format } from './format-id.js';
import type { SourceLocation } from './location.js';
import { cutMiddle } from './cut-middle.js';

export type Severity = 'error' | 'warning' | 'note';

/**
 * The kinds of resource the model holds (`CredentialResource['kind']` in `src/model/model.ts`, kept
 * equal by a type test), and rules report on.
 */
export type ResourceKind = 'user' | 'login-profile' | 'access-key';

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
  /** The options the rule accepts, with their defaults (an option's type is its default's). */
  readonly defaultOptions: Readonly<Record<string, boolean | string | number>>;
  /** What each option does, one sentence each (the config schema shows it in editors). */
  readonly optionDescriptions?: Readonly<Record<string, string>>;
}

export interface RelatedLocation {
  readonly location: SourceLocation;
  readonly message: string;
}

/** Fills `{{name}}` placeholders of a message template, each value bounded (`boundedPlaceholder`). */
export function formatMessage(template: string, data: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (Object.hasOwn(data, key) ? boundedPlaceholder(String(data[key])) : whole));
}

const PLACEHOLDER_HEAD = 300;
const PLACEHOLDER_TAIL = 150;

/**
 * A placeholder value as a message shows it: names and unknown reasons come from the scanned files, and
 * one of 200,000 characters (a `Ref` to a logical id that long) would make every message naming it a
 * line nobody reads, once per rule. A value over 500 characters keeps its start and its end (where a
 * reason says what went wrong) around a note of how much was cut.
 */
export function boundedPlaceholder(value: string): string {
  return cutMiddle(value, PLACEHOLDER_HEAD, PLACEHOLDER_TAIL);
}
