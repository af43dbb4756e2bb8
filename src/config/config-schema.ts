/**
 * The JSON Schema of credlint's configuration file, generated from the rule metadata: rule ids, their
 * levels (ESLint's `warn` and `0`/`1`/`2` included) and each rule's options with their types. It is
 * published as `schema/credlint.config.schema.json` (written by `npm run schema`, kept equal by a test)
 * for editor completion, and the config loader checks every configuration against it
 * (`check-json-schema.ts`), so the editor and the CLI agree on what is valid.
 */
import type { RuleMeta } from '../core/rule-meta.js';
import type { JsonSchema } from './check-json-schema.js';

/** Levels a rule accepts: credlint's words, then ESLint's aliases (`warn`, `0` off, `1` warning, `2` error). */
export const RULE_LEVELS = ['off', 'note', 'warning', 'error', 'warn', 0, 1, 2] as const;
/** A level as written in a configuration (before `rule-level.ts` reads ESLint's aliases). */
export type WrittenLevel = (typeof RULE_LEVELS)[number];

export const CONFIG_KEYS = ['$schema', 'rules', 'ignore', 'varFiles', 'vars', 'parameters'] as const;

export const SCHEMA_FILE = 'schema/credlint.config.schema.json';

/** The schema of a rule's options object (`["error", { … }]`); also the ESLint plugin's option schema. */
export function ruleOptionsSchema(meta: Pick<RuleMeta, 'defaultOptions' | 'optionDescriptions'>): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const [name, value] of Object.entries(meta.defaultOptions)) {
    const description = meta.optionDescriptions?.[name];
    properties[name] = { type: typeof value as 'boolean' | 'string' | 'number', default: value, ...(description === undefined ? {} : { description }) };
  }
  return { type: 'object', properties, additionalProperties: false };
}

function ruleSettingSchema(meta: RuleMeta): JsonSchema {
  const level: JsonSchema = { $ref: '#/definitions/level' };
  return {
    description: `${meta.title} (default: ${meta.defaultSeverity}).`,
    anyOf: [level, { type: 'array', items: [level, ruleOptionsSchema(meta)], minItems: 1, maxItems: 2 }],
  };
}

const SCALAR: JsonSchema = { type: ['string', 'number', 'boolean'] };
const STRINGS: JsonSchema = { type: 'array', items: { type: 'string' } };

export function configSchema(rules: readonly { readonly meta: RuleMeta }[]): JsonSchema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'credlint configuration',
    description: 'credlint.config.json or .credlintrc.{json,yaml,yml}; see the README, "Configuration".',
    type: 'object',
    properties: {
      $schema: { type: 'string', description: 'The schema this file follows, for editors.' },
      rules: {
        description: 'Rule id to level ("off", "note", "warning", "error"), or [level, options].',
        type: 'object',
        properties: Object.fromEntries(rules.map((rule) => [rule.meta.id, ruleSettingSchema(rule.meta)])),
        additionalProperties: false,
      },
      ignore: { ...STRINGS, description: 'Globs (.gitignore syntax) of paths not to scan, relative to this file.' },
      varFiles: { ...STRINGS, description: 'Terraform variables files (.tfvars, .tfvars.json), relative to this file.' },
      vars: { type: 'object', additionalProperties: SCALAR, description: 'Terraform root variables, as --var name=value.' },
      parameters: { type: 'object', additionalProperties: SCALAR, description: 'CloudFormation parameters, as --parameter Key=Value.' },
    },
    additionalProperties: false,
    definitions: {
      level: { enum: [...RULE_LEVELS], description: 'off, note, warning or error; ESLint\'s "warn" and 0/1/2 (off/warning/error) also work.' },
    },
  };
}
