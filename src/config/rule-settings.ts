import type { Severity } from '../core/rule-meta.js';
import type { Rule } from '../model/rule.js';
import { rules as allRules } from '../../rules/index.js';
import { LEVEL_WORDS, ruleLevel } from './rule-level.js';

/** ESLint's level aliases (`rule-level.ts`). */
type LevelAlias = 'warn' | 0 | 1 | 2 | '0' | '1' | '2';

/** `"off" | "note" | "warning" | "error"` (or an ESLint alias), or `[level, options]` (ESLint's shape). */
export type RuleSetting = 'off' | Severity | LevelAlias | readonly [Severity | 'off' | LevelAlias, Readonly<Record<string, boolean | string | number>>?];

export interface EnabledRule {
  readonly rule: Rule;
  readonly severity: Severity;
  readonly options: Readonly<Record<string, boolean | string | number>>;
}

export function enabledRules(settings: Readonly<Record<string, RuleSetting>> = {}): EnabledRule[] {
  const enabled: EnabledRule[] = [];
  for (const rule of allRules) {
    const setting = settings[rule.meta.id];
    const [written, options]: readonly [unknown, Readonly<Record<string, boolean | string | number>>] =
      setting === undefined ? [rule.meta.defaultSeverity, {}] : typeof setting === 'object' ? [setting[0], setting[1] ?? {}] : [setting, {}];
    const level = ruleLevel(written) ?? rule.meta.defaultSeverity;
    if (level === 'off') continue;
    enabled.push({ rule, severity: level, options: { ...rule.meta.defaultOptions, ...options } });
  }
  return enabled;
}

/** Checks a rules setting object; returns the problems found (unknown rule ids, bad levels). */
export function validateRuleSettings(settings: Readonly<Record<string, unknown>>): string[] {
  const ids = new Set(allRules.map((r) => r.meta.id));
  const problems: string[] = [];
  for (const [id, setting] of Object.entries(settings)) {
    if (!ids.has(id)) problems.push(`unknown rule "${id}"`);
    const level: unknown = Array.isArray(setting) ? setting[0] : setting;
    if (ruleLevel(level) === undefined) problems.push(`rule "${id}": level must be one of ${LEVEL_WORDS}`);
  }
  return problems;
}
