import type { Severity } from '../core/rule-meta.js';

export type RuleLevel = Severity | 'off';

/**
 * A rule's level as written in a configuration or `--rule`: credlint's words, and ESLint's (`warn`,
 * and `0`/`1`/`2` for off/warning/error, https://eslint.org/docs/latest/use/configure/rules) so that
 * settings copied from an ESLint config work.
 */
const LEVELS: Readonly<Record<string, RuleLevel>> = {
  off: 'off',
  note: 'note',
  warning: 'warning',
  error: 'error',
  warn: 'warning',
  '0': 'off',
  '1': 'warning',
  '2': 'error',
};

export const LEVEL_WORDS = 'off, note, warning, error (or warn, 0, 1, 2)';

export function ruleLevel(value: unknown): RuleLevel | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  return Object.hasOwn(LEVELS, String(value)) ? LEVELS[String(value)] : undefined;
}
