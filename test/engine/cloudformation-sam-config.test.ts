import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import type { LintOptions } from '../../src/config/lint-options.js';
import { writeTree } from '../support/cloudformation-harness.js';

async function run(dir: string, options: Partial<LintOptions> = {}) {
  const result = await lint({ paths: ['.'], cwd: dir, env: {}, ...options });
  const where = (l: { file: string; range: { start: { line: number; column: number } } }) =>
    `${path.relative(dir, l.file)}:${l.range.start.line}:${l.range.start.column}`;
  return {
    findings: result.findings.map((f) => `${where(f.location)} ${f.ruleId}${f.unknown ? ' (unknown)' : ''}: ${f.message}`),
    notes: result.notes.map((n) => `${where(n.location)}: ${n.message}`),
  };
}

/** A user with two keys, the second one's Status a parameter that defaults to Inactive. */
const TEMPLATE = `Parameters:
  Second:
    Type: String
    Default: Inactive
  Name:
    Type: String
Resources:
  User:
    Type: AWS::IAM::User
    Properties: { UserName: !Ref Name }
  Key1:
    Type: AWS::IAM::AccessKey
    Properties: { UserName: !Ref User }
  Key2:
    Type: AWS::IAM::AccessKey
    Properties: { UserName: !Ref User, Status: !Ref Second }
`;

const ACTIVATES = '[default.deploy.parameters]\nparameter_overrides = "Second=Active Name=ops"\n';

describe('samconfig.toml parameter overrides', () => {
  it('gives the template beside it the default environment deploy values; --parameter wins over them', async () => {
    const dir = writeTree({ 'template.yaml': TEMPLATE, 'samconfig.toml': ACTIVATES });
    expect((await run(dir)).findings).toEqual([
      'template.yaml:14:3 multiple-active-access-keys: IAM user "ops" has 2 active access keys (Key1, Key2); at most one may be active.',
    ]);
    expect((await run(dir, { parameters: { Second: 'Inactive' } })).findings).toEqual([]);
  });

  it('scans the templates beside a samconfig.toml given alone (pre-commit passes only the changed file)', async () => {
    const dir = writeTree({ 'template.yaml': TEMPLATE, 'samconfig.toml': ACTIVATES, 'other/template.yaml': TEMPLATE });
    const { findings, notes } = await run(dir, { paths: ['samconfig.toml'] });
    expect(findings).toEqual([
      'template.yaml:14:3 multiple-active-access-keys: IAM user "ops" has 2 active access keys (Key1, Key2); at most one may be active.',
    ]);
    expect(notes).toEqual([]);
  });

  it('tells --verbose that a samconfig.toml is read with its template', async () => {
    const dir = writeTree({ 'samconfig.toml': ACTIVATES });
    const decided: { file: string; analysed: boolean; reason?: string }[] = [];
    await lint({ paths: ['.'], cwd: dir, env: {}, observer: { filesDecided: (decisions) => decided.push(...decisions) } });
    expect(decided.map((d) => [path.relative(dir, d.file), d.analysed, d.reason])).toEqual([
      ['samconfig.toml', false, 'a SAM CLI configuration file: its parameter values are read with the template it deploys'],
    ]);
  });

  it('says a parameter without a value was not given by samconfig.toml either', async () => {
    const dir = writeTree({ 'template.yaml': TEMPLATE, 'samconfig.toml': '[default.deploy.parameters]\nparameter_overrides = "Second=Active"\n' });
    const { findings } = await run(dir, { reportUnknown: true });
    expect(findings.join('\n')).toContain('parameter Name has no value (no Default, not given by samconfig.toml or --parameter)');
  });

  it('applies nothing from a file it cannot read, and says why at the file', async () => {
    const cases: Record<string, string> = {
      '[default.deploy.parameters]\nparameter_overrides = "Second=Active"\nparameter_overrides = "x=y"\n':
        'parse-error samconfig.toml:3:1 invalid TOML: key parameter_overrides is defined twice',
      '[default.deploy.parameters]\nparameter_overrides = { Second = "Active" }\n':
        'note samconfig.toml:2:23 samconfig.toml: inline tables ({ ... }) are not read by credlint; its parameter overrides are not applied',
      '[default.deploy.parameters]\nstack_name = "x"\nparameter_overrides = "file://params.json"\n':
        'note samconfig.toml:3:1 samconfig.toml: parameter_overrides of the default environment is not a list of Key=Value pairs credlint reads; its parameter overrides are not applied',
      '[default.deploy.parameters]\nparameter_overrides = "Second=Active Name"\n':
        'note samconfig.toml:2:1 samconfig.toml: parameter_overrides of the default environment is not a list of Key=Value pairs credlint reads; its parameter overrides are not applied',
    };
    for (const [config, said] of Object.entries(cases)) {
      const dir = writeTree({ 'template.yaml': TEMPLATE, 'samconfig.toml': config });
      const result = await lint({ paths: ['.'], cwd: dir, env: {} });
      const rule = result.findings.filter((f) => f.ruleId === 'multiple-active-access-keys');
      expect(rule, config).toEqual([]);
      const diagnostics = [
        ...result.findings
          .filter((f) => f.ruleId === 'parse-error')
          .map((f) => `parse-error ${path.relative(dir, f.location.file)}:${f.location.range.start.line}:${f.location.range.start.column} ${f.message}`),
        ...result.notes.map((n) => `note ${path.relative(dir, n.location.file)}:${n.location.range.start.line}:${n.location.range.start.column} ${n.message}`),
      ];
      expect(diagnostics, config).toEqual([said]);
    }
  });

  it('reads only the default environment, the deploy table over the global one, and samconfig.toml before samconfig.yaml', async () => {
    const dir = writeTree({
      'template.yaml': TEMPLATE,
      'samconfig.toml':
        '[default.global.parameters]\nparameter_overrides = "Second=Active"\n[default.deploy.parameters]\nparameter_overrides = "Second=Inactive"\n[prod.deploy.parameters]\nparameter_overrides = "Second=Active"\n',
      'samconfig.yaml': 'default:\n  deploy:\n    parameters:\n      parameter_overrides: Second=Active\n',
    });
    expect((await run(dir)).findings).toEqual([]);
  });

  it('says so when the file has no default environment, naming those whose overrides are not applied', async () => {
    const dir = writeTree({
      'template.yaml': TEMPLATE,
      'samconfig.toml':
        '[prod.deploy.parameters]\nparameter_overrides = "Second=Active"\n[staging.global.parameters]\nparameter_overrides = ["Second=Active"]\n[dev.deploy.parameters]\nstack_name = "x"\n',
    });
    const { findings, notes } = await run(dir);
    expect(findings).toEqual([]);
    expect(notes).toContain(
      'samconfig.toml:1:1: samconfig.toml has no default environment; the parameter overrides of "prod", "staging" (sam deploy --config-env) are not applied: the template\'s parameters keep their defaults',
    );
    // With a default environment, the others are not mentioned (what sam deploy deploys is known).
    writeFileSync(
      path.join(dir, 'samconfig.toml'),
      '[default.deploy.parameters]\nstack_name = "x"\n[prod.deploy.parameters]\nparameter_overrides = "Second=Active"\n',
    );
    expect((await run(dir)).notes.filter((n) => n.includes('environment'))).toEqual([]);
  });

  it('finds the configuration in an ancestor directory that names the template, never one that names another', async () => {
    const named = writeTree({
      'infra/stack.yaml': TEMPLATE,
      'samconfig.toml':
        '[default.global.parameters]\ntemplate_file = "infra/stack.yaml"\n[default.deploy.parameters]\nparameter_overrides = ["Second=Active"]\n',
    });
    expect((await run(named)).findings).toHaveLength(1);
    const other = writeTree({ 'infra/template.yaml': TEMPLATE, 'samconfig.toml': ACTIVATES });
    expect((await run(other)).findings).toEqual([]);
  });

  it('does not follow a samconfig.toml that leads outside the repository', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'credlint-outside-'));
    writeFileSync(path.join(outside, 'samconfig.toml'), ACTIVATES);
    const dir = writeTree({ 'template.yaml': TEMPLATE });
    symlinkSync(path.join(outside, 'samconfig.toml'), path.join(dir, 'samconfig.toml'));
    const { findings, notes } = await run(dir);
    expect(findings).toEqual([]);
    expect(notes).toContain('samconfig.toml:1:1: samconfig.toml leads outside the repository being scanned; not read');
  });
});

describe('samconfig.yaml is measured before the yaml package parses it', () => {
  it('refuses one of more YAML nodes than parseNodes, and one nested deeper than 32 levels, applying nothing', async () => {
    // 9 MB of `x: [1,1,…]` took 132 s and 4.3 GB; 200,000 brackets exhausted the parser's stack.
    const overrides = 'default:\n  deploy:\n    parameters:\n      parameter_overrides: Second=Active Name=ops\n';
    const large = writeTree({ 'template.yaml': TEMPLATE, 'samconfig.yaml': `${overrides}      x: [${'1,'.repeat(600_000)}1]\n` });
    const started = Date.now();
    expect(await run(large)).toEqual({
      findings: [
        'samconfig.yaml:5:999984 parse-error: analysis limit reached: samconfig.yaml has too many YAML nodes to parse; its parameter overrides are not applied (limit parseNodes = 500000; raise it with --limit parseNodes=N)',
      ],
      notes: [],
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    const deep = writeTree({ 'template.yaml': TEMPLATE, 'samconfig.yaml': `${overrides}      x: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n` });
    expect(await run(deep)).toEqual({ findings: ['samconfig.yaml:5:38 parse-error: invalid YAML: nesting deeper than 32 levels'], notes: [] });
    const fine = writeTree({ 'template.yaml': TEMPLATE, 'samconfig.yaml': `${overrides}      x: [${'1,'.repeat(1_000)}1]\n` });
    expect((await run(fine)).findings).toEqual([
      'template.yaml:14:3 multiple-active-access-keys: IAM user "ops" has 2 active access keys (Key1, Key2); at most one may be active.',
    ]);
  });
});

describe('samconfig.toml is bounded by parseNodes as it is read', () => {
  it('refuses one of more nodes (keys, tables, values, array elements) than parseNodes, applying nothing', async () => {
    // 9 MB of `x = [1,1,…]` took 4.7 s and built 4.5 million values: no bound but the file size.
    const large = writeTree({ 'template.yaml': TEMPLATE, 'samconfig.toml': `${ACTIVATES}x = [${'1,'.repeat(600_000)}1]\n` });
    const started = Date.now();
    expect(await run(large)).toEqual({
      findings: [
        'samconfig.toml:3:999992 parse-error: analysis limit reached: samconfig.toml has too many TOML nodes to read; its parameter overrides are not applied (limit parseNodes = 500000; raise it with --limit parseNodes=N)',
      ],
      notes: [],
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    const keys = writeTree({ 'template.yaml': TEMPLATE, 'samconfig.toml': `${ACTIVATES}${Array.from({ length: 300_000 }, (_, i) => `k${i} = 1\n`).join('')}` });
    // Five nodes in the first two lines (three table names, a key and its value), then two a line: the value of line 250,000 is the 500,001st.
    expect((await run(keys)).findings).toEqual([
      expect.stringMatching(/^samconfig\.toml:250000:11 parse-error: analysis limit reached: samconfig\.toml has too many TOML nodes/),
    ]);
    const fine = writeTree({ 'template.yaml': TEMPLATE, 'samconfig.toml': `${ACTIVATES}x = [${'1,'.repeat(1_000)}1]\n` });
    expect((await run(fine)).findings).toEqual([
      'template.yaml:14:3 multiple-active-access-keys: IAM user "ops" has 2 active access keys (Key1, Key2); at most one may be active.',
    ]);
  });
});

describe('a template a SAM configuration deploys, nested by another template', () => {
  /** A template added elsewhere that nests the project's template under a condition that never holds. */
  const NESTS_NEVER = `Conditions:
  Never: !Equals [a, b]
Resources:
  Child:
    Type: AWS::CloudFormation::Stack
    Condition: Never
    Properties:
      TemplateURL: ../app/template.yaml
`;

  it('is still a stack of its own, with its samconfig.toml values: the nesting template does not take its place', async () => {
    const dir = writeTree({ 'app/template.yaml': TEMPLATE, 'app/samconfig.toml': ACTIVATES, 'decoy/parent.yaml': NESTS_NEVER });
    expect((await run(dir)).findings).toEqual([
      'app/template.yaml:14:3 multiple-active-access-keys: IAM user "ops" has 2 active access keys (Key1, Key2); at most one may be active.',
    ]);
  });

  it('without a SAM configuration, is a nested stack only (analysed as part of its parent)', async () => {
    const dir = writeTree({ 'app/template.yaml': TEMPLATE.replace('Default: Inactive', 'Default: Active'), 'decoy/parent.yaml': NESTS_NEVER });
    expect((await run(dir)).findings).toEqual([]);
  });
});
