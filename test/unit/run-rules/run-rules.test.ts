import { describe, expect, it } from 'vitest';
import type { RuleMeta } from '../../../src/core/rule-meta.js';
import type { Rule, RuleContext } from '../../../src/model/rule.js';
import { runRules } from '../../../src/run-rules/run-rules.js';
import { ModelBuilder } from '../rules/model-builder.js';

const meta = (id: string): RuleMeta => ({
  id,
  title: id,
  rationale: '',
  remediation: '',
  defaultSeverity: 'error',
  securitySeverity: 5,
  mappings: [],
  references: [],
  formats: ['cdk-source'],
  reports: ['access-key'],
  messages: { found: 'Key {{key}} of {{user}} ({{missing}}).' },
  defaultOptions: {},
});

/** A rule that reports every access key of the unit through `report`. */
function everyKey(id: string, report: (context: RuleContext, key: RuleContext['linked']['unit']['accessKeys'][number]) => void): Rule {
  return {
    meta: meta(id),
    check(context) {
      for (const key of context.linked.unit.accessKeys) report(context, key);
    },
  };
}

function model(): ModelBuilder {
  const built = new ModelBuilder('/repo/app.ts', 'cdk-source');
  built.accessKey('a', 'ops', { constructPath: 'App/KeyA' });
  built.accessKey('b', 'ci');
  return built;
}

describe('runRules', () => {
  it("defaults a report's location, address and construct path to its resource's, and fills the message", () => {
    const built = model();
    const rule = everyKey('plain', (context, key) =>
      context.report({ messageId: 'found', data: { key: key.address, user: 'ops' }, resource: key, related: [] }),
    );
    const { findings, failures } = runRules(built.linked(), [{ rule, severity: 'note', options: {} }], false);
    expect(failures).toEqual([]);
    const [a, b] = built.unit().accessKeys;
    expect(findings.map((f) => [f.ruleId, f.severity, f.message, f.location, f.address, f.constructPath, f.unknown])).toEqual([
      ['plain', 'note', 'Key aws_iam_access_key.a of ops ({{missing}}).', a?.location, 'aws_iam_access_key.a', 'App/KeyA', false],
      ['plain', 'note', 'Key aws_iam_access_key.b of ops ({{missing}}).', b?.location, 'aws_iam_access_key.b', undefined, false],
    ]);
    expect(findings[1]).not.toHaveProperty('constructPath');
  });

  it('keeps what a report names itself, and makes an unknown report a warning', () => {
    const built = model();
    const elsewhere = built.at(99);
    const rule = everyKey('explicit', (context, key) =>
      context.report({
        messageId: 'found',
        data: {},
        resource: key,
        location: elsewhere,
        address: `${key.address}.status`,
        constructPath: 'Somewhere/Else',
        related: [],
        unknown: true,
      }),
    );
    const { findings } = runRules(built.linked(), [{ rule, severity: 'error', options: {} }], true);
    expect(findings.map((f) => [f.severity, f.location, f.address, f.constructPath, f.unknown])).toEqual([
      ['warning', elsewhere, 'aws_iam_access_key.a.status', 'Somewhere/Else', true],
      ['warning', elsewhere, 'aws_iam_access_key.b.status', 'Somewhere/Else', true],
    ]);
  });

  it('passes each rule its options and the report-unknown switch', () => {
    const seen: unknown[] = [];
    const rule: Rule = {
      meta: meta('options'),
      check(context) {
        seen.push([context.options, context.reportUnknown, context.linked.unit.accessKeys.length]);
      },
    };
    runRules(model().linked(), [{ rule, severity: 'error', options: { ignoreInactive: true } }], true);
    expect(seen).toEqual([[{ ignoreInactive: true }, true, 2]]);
  });

  it('drops the findings of a rule that throws, names it, and runs the other rules', () => {
    const built = model();
    const report = (context: RuleContext, key: RuleContext['linked']['unit']['accessKeys'][number]) =>
      context.report({ messageId: 'found', data: {}, resource: key, related: [] });
    const broken = new Error('broken rule');
    const throwing: Rule = {
      meta: meta('throws'),
      check(context) {
        const [first] = context.linked.unit.accessKeys;
        if (first) report(context, first);
        throw broken;
      },
    };
    const unknownMessage = everyKey('bad-message', (context, key) => context.report({ messageId: 'nope', data: {}, resource: key, related: [] }));
    const { findings, failures } = runRules(
      built.linked(),
      [
        { rule: throwing, severity: 'error', options: {} },
        { rule: unknownMessage, severity: 'error', options: {} },
        { rule: everyKey('fine', report), severity: 'error', options: {} },
      ],
      false,
    );
    expect(findings.map((f) => `${f.ruleId} ${f.address}`)).toEqual(['fine aws_iam_access_key.a', 'fine aws_iam_access_key.b']);
    expect(failures.map((f) => f.ruleId)).toEqual(['throws', 'bad-message']);
    expect(failures[0]?.error).toBe(broken);
    expect(String(failures[1]?.error)).toBe('Error: rule bad-message has no message nope');
  });
});
