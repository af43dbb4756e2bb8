import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkJsonSchema } from '../../src/config/check-json-schema.js';
import { SCHEMA_FILE } from '../../src/config/config-schema.js';
import { CONFIG_SCHEMA, configProblems, enabledRules, validateRuleSettings } from '../../src/config/rule-settings.js';
import { rules } from '../../rules/index.js';
import { schemaText } from '../../scripts/config-schema.js';
import { repoRoot } from '../support/fixture-cases.js';

const ids = rules.map((r) => r.meta.id);

describe('the published configuration schema', () => {
  it('is the file generated from the rule metadata (run `npm run schema` after changing a rule)', () => {
    expect(readFileSync(path.join(repoRoot, SCHEMA_FILE), 'utf8')).toBe(schemaText());
  });

  it('is shipped and exported by the package, so `$schema` can name it inside node_modules', () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { files: string[]; exports: Record<string, unknown> };
    expect(pkg.files).toContain('schema/*.json');
    expect(pkg.exports[`./${SCHEMA_FILE}`]).toBe(`./${SCHEMA_FILE}`);
  });

  it('names every rule, every level word with ESLint aliases, and each option with its type', () => {
    const text = schemaText();
    for (const id of ids) expect(text).toContain(`"${id}"`);
    expect(CONFIG_SCHEMA.definitions?.['level']?.enum).toEqual(['off', 'note', 'warning', 'error', 'warn', 0, 1, 2]);
    const root = CONFIG_SCHEMA.properties?.['rules']?.properties?.['root-user-access-key']?.anyOf?.[1]?.items;
    expect(Array.isArray(root) ? root[1] : undefined).toMatchObject({
      properties: { ignoreInactive: { type: 'boolean', default: false } },
      additionalProperties: false,
    });
  });
});

/** Values shaped like configurations, right and wrong, so both sides of each keyword are reached. */
const level = fc.constantFrom<unknown>('off', 'note', 'warning', 'error', 'warn', 0, 1, 2, 3, 'fatal', 1.5, true, null, '2');
const options = fc.dictionary(fc.constantFrom('ignoreInactive', 'ignoreinactive', 'other'), fc.constantFrom<unknown>(true, false, 'yes', 0, null, []));
const setting = fc.oneof(level, fc.tuple(level), fc.tuple(level, options), fc.tuple(level, options, level), fc.constant([]), fc.jsonValue({ maxDepth: 2 }));
const ruleMap = fc.dictionary(fc.constantFrom(...ids, 'root-user-acess-key', 'toString', '__proto__'), setting);
const scalar = fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.constant([]));
const goodLevel = fc.constantFrom<unknown>('off', 'note', 'warning', 'error', 'warn', 0, 1, 2);
const goodRules = fc.dictionary(
  fc.constantFrom(...ids),
  fc.oneof(
    goodLevel,
    fc.tuple(goodLevel),
    fc.tuple(goodLevel, fc.constant({})),
    fc.tuple(goodLevel, fc.record({ ignoreInactive: fc.boolean() }, { requiredKeys: [] })),
  ),
);
const goodScalar = fc.oneof(fc.string(), fc.integer(), fc.boolean());
const goodConfig = fc.record(
  {
    $schema: fc.string(),
    rules: goodRules,
    ignore: fc.array(fc.string()),
    varFiles: fc.array(fc.string()),
    vars: fc.dictionary(fc.string(), goodScalar),
    parameters: fc.dictionary(fc.string(), goodScalar),
  },
  { requiredKeys: [] },
);
const config = fc.oneof(
  goodConfig,
  fc.record(
    {
      $schema: fc.oneof(fc.string(), fc.integer()),
      rules: fc.oneof(ruleMap, fc.constant([]), fc.string()),
      ignore: fc.oneof(fc.array(fc.string()), fc.array(scalar), fc.string()),
      varFiles: fc.array(fc.oneof(fc.string(), fc.integer())),
      vars: fc.dictionary(fc.string(), scalar),
      parameters: fc.oneof(fc.dictionary(fc.string(), scalar), fc.array(fc.string())),
      rulez: fc.jsonValue({ maxDepth: 1 }),
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue({ maxDepth: 3 }),
);

describe('the configuration checker', () => {
  it('agrees with Ajv on what the schema accepts (property test)', () => {
    // Tuples without additionalItems are what the schema means (a level, then options); Ajv's strict mode only logs them.
    const ajv = new Ajv({ allErrors: true, strictTuples: false });
    const validate = ajv.compile(CONFIG_SCHEMA);
    const seen = { valid: 0, invalid: 0 };
    fc.assert(
      fc.property(config, (value) => {
        const ours = checkJsonSchema(CONFIG_SCHEMA, value).length === 0;
        expect(ours).toBe(validate(value) === true);
        seen[ours ? 'valid' : 'invalid'] += 1;
      }),
      { numRuns: 3000 },
    );
    // Both answers are reached often, or the agreement would say little.
    expect(seen.valid).toBeGreaterThan(300);
    expect(seen.invalid).toBeGreaterThan(300);
  });

  it('names an unknown rule with the nearest id, and lists the rules', () => {
    expect(validateRuleSettings({ 'root-user-acess-key': 'error' })).toEqual([
      `unknown rule "root-user-acess-key" (did you mean "root-user-access-key"?); the rules are ${ids.join(', ')}`,
    ]);
    expect(validateRuleSettings({ 'no-wildcards': 'error' })[0]).toBe(`unknown rule "no-wildcards"; the rules are ${ids.join(', ')}`);
  });

  it('names an unknown option with the nearest one, and a rule without options', () => {
    expect(validateRuleSettings({ 'root-user-access-key': ['error', { ignoreInactiv: true }] })).toEqual([
      'rule "root-user-access-key" has no option "ignoreInactiv" (did you mean "ignoreInactive"?); its options are ignoreInactive',
    ]);
    expect(validateRuleSettings({ 'multiple-active-access-keys': ['error', { ignoreInactive: true }] })).toEqual([
      'rule "multiple-active-access-keys" takes no options, got "ignoreInactive"; write its level alone, e.g. "multiple-active-access-keys": "error"',
    ]);
  });

  it('names an option of the wrong type, and a bad level, with what is expected', () => {
    expect(validateRuleSettings({ 'root-user-access-key': ['error', { ignoreInactive: 'yes' }] })).toEqual([
      'rule "root-user-access-key": option "ignoreInactive" must be a boolean (true or false), got "yes"',
    ]);
    const level = 'the level must be off, note, warning or error (ESLint\'s "warn", 0, 1 and 2 work too), or [level, options]';
    expect(validateRuleSettings({ 'root-user-access-key': 'fatal' })).toEqual([`rule "root-user-access-key": ${level}; got "fatal"`]);
    expect(validateRuleSettings({ 'root-user-access-key': [3] })).toEqual([`rule "root-user-access-key": ${level}; got 3`]);
  });

  it('names an unknown top-level key with the nearest one, and accepts $schema', () => {
    expect(configProblems({ rule: {} })).toEqual(['unknown key "rule" (did you mean "rules"?); the keys are rules, ignore, varFiles, vars, parameters']);
    expect(configProblems({ $schema: './node_modules/credlint/schema/credlint.config.schema.json', rules: {} })).toEqual([]);
    expect(configProblems({ ignore: 'legacy/**' })).toEqual(['"ignore" must be a list, got "legacy/**"']);
  });

  it("accepts ESLint's level words: warn is warning, 0/1/2 are off/warning/error", () => {
    const settings = {
      'console-user-with-access-key': 0,
      'multiple-active-access-keys': 'warn',
      'root-user-access-key': [1, { ignoreInactive: true }],
    } as const;
    expect(validateRuleSettings(settings)).toEqual([]);
    expect(enabledRules(settings).map((e) => [e.rule.meta.id, e.severity, e.options])).toEqual([
      ['multiple-active-access-keys', 'warning', {}],
      ['root-user-access-key', 'warning', { ignoreInactive: true }],
    ]);
    expect(enabledRules({ 'root-user-access-key': 2 }).find((e) => e.rule.meta.id === 'root-user-access-key')?.severity).toBe('error');
  });
});
