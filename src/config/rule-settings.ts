import type { Severity } from '../core/rule-meta.js';
import type { Rule } from '../model/rule.js';
import { rules as allRules } from '../../rules/index.js';

/** `"off" | "note" | "warning" | "error"`, or `[level, options]` (ESLint's shape). */
export type RuleSetting = 'off' | Severity | readonly [Severity | 'off', Readonly<Record<string, boolean | string | number>>?];

export interface EnabledRule {
  readonly rule: Rule;
  readonly severity: Severity;
  readonly options: Readonly<Record<string, boolean | string | number>>;
}

export function enabledRules(settings: Readonly<Record<string, RuleSetting>> = {}): EnabledRule[] {
  const enabled: EnabledRule[] = [];
  for (const rule of allRules) {
    const setting = settings[rule.meta.id];
    const [level, options] =
      setting === undefined ? [rule.meta.defaultSeverity, {}] : typeof setting === 'string' ? [setting, {}] : [setting[0], setting[1] ?? {}];
    if (level === 'off') continue;
    enabled.push({ rule, severity: level, options: { ...rule.meta.defaultOptions, ...options } });
  }
  return enabled;
}

/** Checks a rules setting object; returns the problems found (unknown rule ids, bad levels). */
export function validateRuleSettings(settings: Readonly<Record<string, unknown>>): string[] {
  const ids = new Set(allRules.map((r) => r.meta.id));
  const levels = new Set(['off', 'warning', 'error', 'note']);
  const problems: string[] = [];
  for (const [id, setting] of Object.entries(settings)) {
    if (!ids.has(id)) problems.push(`unknown rule "${id}"`);
    const level: unknown = Array.isArray(setting) ? setting[0] : setting;
    if (typeof level !== 'string' || !levels.has(level)) problems.push(`rule "${id}": level must be one of off, note, warning, error`);
  }
  return problems;
}
