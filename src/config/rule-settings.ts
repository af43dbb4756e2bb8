import type { Severity } from '../core/rule-meta.js';
import { didYouMean } from '../core/did-you-mean.js';
import { boundedPlaceholder } from '../core/rule-meta.js';
import type { Rule } from '../model/rule.js';
import { rules as allRules } from '../../rules/index.js';
import { checkJsonSchema, type SchemaError } from './check-json-schema.js';
import { CONFIG_KEYS, configSchema, type WrittenLevel } from './config-schema.js';
import { ruleLevel } from './rule-level.js';

/**
 * `"off" | "note" | "warning" | "error"` (ESLint's `"warn"`, `0`, `1`, `2` too), or `[level, options]`
 * (ESLint's shape).
 */
export type RuleSetting = WrittenLevel | readonly [WrittenLevel, Readonly<Record<string, boolean | string | number>>?];

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

/** The schema every configuration is checked against (also written to `schema/`, for editors). */
export const CONFIG_SCHEMA = configSchema(allRules);

/**
 * The problems of a whole configuration object (a config file's content, or the API's `config`), each
 * naming the fix; empty when it is valid.
 */
export function configProblems(config: unknown): string[] {
  const errors = checkJsonSchema(CONFIG_SCHEMA, config);
  // A file of 200,000 unknown keys would make the error one line of megabytes: the first few say what to fix.
  const described = errors.slice(0, MAX_PROBLEMS_SHOWN).map((error) => describeError(error, config));
  if (errors.length > MAX_PROBLEMS_SHOWN) described.push(`${errors.length - MAX_PROBLEMS_SHOWN} more problems not shown`);
  return described;
}

const MAX_PROBLEMS_SHOWN = 20;

/**
 * The problems of a rules object (`{ "<rule-id>": level | [level, options] }`) from a config file,
 * `--rule` or the API's `rules`, each naming the fix; empty when it is valid.
 */
export function validateRuleSettings(settings: unknown): string[] {
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) return ['the rules must be an object of rule id to level'];
  return configProblems({ rules: settings });
}

function at(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const step of path) current = typeof current === 'object' && current !== null ? (current as Record<string | number, unknown>)[step] : undefined;
  return current;
}

function shown(value: unknown): string {
  // JSON.stringify returns undefined for undefined and functions, whatever its typings say.
  const text = (JSON.stringify(value) as string | undefined) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function hint(input: string, candidates: readonly string[]): string {
  const near = didYouMean(input, candidates);
  return near === undefined ? '' : ` (did you mean "${near}"?)`;
}

const LEVEL_WORDS = 'off, note, warning or error (ESLint\'s "warn", 0, 1 and 2 work too)';

/**
 * One problem as a sentence. The names it quotes come from the configuration file, which a pull request
 * writes: each is bounded like a finding's placeholders, and the value it got is looked up only for the
 * sentences that show it (an unknown key's error has the whole configuration as its value, so showing
 * that for each of 20,000 unknown keys took minutes; docs/security.md, "What credlint prints").
 */
function describeError(error: SchemaError, config: unknown): string {
  const [top, rawRuleId, index, option] = error.path;
  const ruleId = rawRuleId === undefined ? undefined : boundedPlaceholder(String(rawRuleId));
  const got = (): string => shown(at(config, error.path));
  if (error.kind === 'unknown-property') {
    const property = boundedPlaceholder(error.property ?? '');
    const known = error.known ?? [];
    if (error.path.length === 0)
      return `unknown key "${property}"${hint(property, known)}; the keys are ${CONFIG_KEYS.filter((k) => k !== '$schema').join(', ')}`;
    if (top === 'rules' && error.path.length === 1) return `unknown rule "${property}"${hint(property, known)}; the rules are ${known.join(', ')}`;
    if (top === 'rules' && index === 1 && error.path.length === 3)
      return known.length === 0
        ? `rule "${ruleId}" takes no options, got "${property}"; write its level alone, e.g. "${ruleId}": "error"`
        : `rule "${ruleId}" has no option "${property}"${hint(property, known)}; its options are ${known.join(', ')}`;
  }
  if (top === 'rules' && ruleId !== undefined) {
    if (error.path.length === 2 || (index === 0 && error.path.length === 3))
      return `rule "${ruleId}": the level must be ${LEVEL_WORDS}, or [level, options]; got ${got()}`;
    if (index === 1 && option !== undefined) return `rule "${ruleId}": option "${String(option)}" must be ${error.expected}, got ${got()}`;
    if (index === 1) return `rule "${ruleId}": the options must be an object, e.g. ["error", { … }], got ${got()}`;
    return `rule "${ruleId}": write a level or [level, options] (${error.expected}), got ${got()}`;
  }
  const where = error.path.length === 0 ? 'the configuration' : `"${boundedPlaceholder(error.path.join('.'))}"`;
  return `${where} must be ${error.expected}, got ${got()}`;
}
