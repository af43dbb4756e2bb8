import type { SourceLocation } from '../core/location.js';
import type { RelatedLocation, RuleMeta } from '../core/rule-meta.js';
import type { LinkedUnit } from './link-credentials.js';
import type { ResourceInstance } from './model.js';

/**
 * What a rule reports; the rule runner (src/run-rules) adds rule id, severity and the formatted
 * message. Location, address and construct path default to the resource's own: a rule names them
 * only where the finding sits elsewhere (an unknown `status` attribute, say).
 */
export interface RuleReport {
  readonly messageId: string;
  readonly data: Readonly<Record<string, string | number>>;
  /** The resource instance the finding is about (the key to remove); its suppressions apply. */
  readonly resource: ResourceInstance;
  /** Where the finding is shown; default the resource's declaration. */
  readonly location?: SourceLocation;
  readonly related: readonly RelatedLocation[];
  /** The logical address that identifies the finding across edits (baseline fingerprint input); default the resource's. */
  readonly address?: string;
  /** Default the resource's construct path, when it has one. */
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
