/**
 * Hostile CloudFormation templates and Terraform plans through the whole engine (`lint()`), each
 * beside a good Terraform module whose finding must survive: every case ends in seconds and under
 * 1 GiB, a budget that runs out is a `parse-error` naming its limit (exit 2), no stack trace appears,
 * flow-style and loop-built templates are found, nested-stack cycles are caught at the first repeat,
 * and NoEcho / sensitive values never appear in output. Large inputs are generated here, never committed.
 */
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/core/finding.js';
import type { Limits } from '../../src/core/limits.js';
import { lint } from '../../src/engine.js';
import { hostileWorkspaces } from '../support/hostile-workspace.js';

const workspace = hostileWorkspaces('credlint-cfn-budgets-');

interface ScanOptions {
  readonly limits?: Partial<Limits>;
  readonly parameters?: Record<string, string>;
  readonly reportUnknown?: boolean;
}

/** Scans with and without the prefilter, within 10 s and 1 GiB each, and checks both agree. */
async function scan(root: string, options: ScanOptions = {}): Promise<LintResult> {
  const results: LintResult[] = [];
  for (const prefilter of [true, false]) {
    const started = Date.now();
    const result = await lint({ paths: [root], cwd: root, prefilter, ...options });
    expect(Date.now() - started, 'ends within 10 s').toBeLessThan(10_000);
    expect(process.resourceUsage().maxRSS, 'peak memory under 1 GiB').toBeLessThan(1024 * 1024);
    for (const finding of result.findings) expect(finding.message).not.toMatch(/\n\s+at |Error:/);
    results.push(result);
  }
  expect(results[1]?.findings).toEqual(results[0]?.findings);
  return results[0] as LintResult;
}

function expectGoodSurvives(root: string, result: LintResult): void {
  expect(result.findings.filter((f) => f.ruleId === 'console-user-with-access-key' && f.location.file === join(root, 'good/main.tf'))).toHaveLength(1);
}

function parseErrors(result: LintResult, file: string): string[] {
  return result.findings
    .filter((f) => f.ruleId === 'parse-error' && f.location.file === file)
    .map((f) => `${f.location.range.start.line}:${f.location.range.start.column} ${f.message}`);
}

function rulesFor(result: LintResult, file: string): string[] {
  return result.findings.filter((f) => f.location.file === file && f.ruleId !== 'parse-error').map((f) => f.ruleId);
}

const limitMessage = (name: string) =>
  expect.stringMatching(new RegExp(`analysis limit reached: .*\\(limit ${name} = \\d+; raise it with --limit ${name}=N\\)$`));

describe('C. budgets on what CloudFormation templates and plans make grow', () => {
  it('Fn::ForEach 4 deep x 100 items stops at templateResources, at the loop', async () => {
    const items = JSON.stringify(Array.from({ length: 100 }, (_, i) => `i${i}`));
    const loop = `{"Fn::ForEach::A": ["A", ${items}, {"Fn::ForEach::B": ["B", ${items}, {"Fn::ForEach::C": ["C", ${items}, {"Fn::ForEach::D": ["D", ${items}, {"Key\${A}\${B}\${C}\${D}": {"Type": "AWS::IAM::AccessKey", "Properties": {"UserName": "ops"}}}]}]}]}]}`;
    const template = `{"AWSTemplateFormatVersion": "2010-09-09", "Transform": "AWS::LanguageExtensions", "Resources": ${loop.slice(1, -1).replace(/^/, '{')}}}`;
    const root = workspace({ 'cfn/loops.json': template });
    const result = await scan(root);
    expectGoodSurvives(root, result);
    expect(parseErrors(result, join(root, 'cfn/loops.json'))).toEqual([expect.stringMatching(/^1:\d+ /)]);
    expect(parseErrors(result, join(root, 'cfn/loops.json'))[0]).toEqual(limitMessage('templateResources'));
    // The resources within the budget are still analysed: 10,000 keys of user ops.
    expect(rulesFor(result, join(root, 'cfn/loops.json'))).toEqual(['multiple-active-access-keys']);
  });

  it('templates each nesting the next 4 times stop at nestedStacks, counted in instances', async () => {
    const files: Record<string, string> = {};
    for (let level = 0; level < 9; level += 1) {
      const children =
        level < 8 ? [1, 2, 3, 4].map((k) => `  S${k}: { Type: AWS::CloudFormation::Stack, Properties: { TemplateURL: t${level + 1}.yaml } }\n`).join('') : '';
      files[`cfn/t${level}.yaml`] =
        `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${children}  K: { Type: AWS::IAM::AccessKey, Properties: { UserName: ops } }\n`;
    }
    const root = workspace(files);
    const result = await scan(root);
    expectGoodSurvives(root, result);
    const errors = result.findings.filter((f) => f.ruleId === 'parse-error');
    expect(errors.map((f) => f.message)).toEqual([limitMessage('nestedStacks')]);
  });

  it('a Ref / Fn::Select DAG 40 deep is evaluated once per user, and a Fn::Join doubling stops at valueSize', async () => {
    let select =
      'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  U0: { Type: AWS::IAM::User, Properties: { UserName: base, LoginProfile: { Password: x } } }\n';
    let join2 = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  U0: { Type: AWS::IAM::User, Properties: { UserName: base } }\n';
    for (let i = 1; i <= 40; i += 1) {
      select += `  U${i}: { Type: AWS::IAM::User, Properties: { UserName: !Select [1, [!Ref U${i - 1}, !Ref U${i - 1}]] } }\n`;
      join2 += `  U${i}: { Type: AWS::IAM::User, Properties: { UserName: !Join ["", [!Ref U${i - 1}, !Ref U${i - 1}]] } }\n`;
    }
    select += '  K: { Type: AWS::IAM::AccessKey, Properties: { UserName: !Ref U40 } }\n';
    join2 += '  K: { Type: AWS::IAM::AccessKey, Properties: { UserName: !Ref U40 } }\n';
    const root = workspace({ 'cfn/select.yaml': select, 'cfn/join.yaml': join2 });
    const result = await scan(root);
    expectGoodSurvives(root, result);
    // Every U<i> is named "base": the key of "base" and the login profile of U0 make a finding.
    expect(parseErrors(result, join(root, 'cfn/select.yaml'))).toEqual([]);
    expect(rulesFor(result, join(root, 'cfn/select.yaml'))).toContain('console-user-with-access-key');
    expect(parseErrors(result, join(root, 'cfn/join.yaml'))).toEqual([limitMessage('valueSize')]);
  });

  it('a Fn::Sub naming a long variable 200,000 times stops at valueSize before the string is built', async () => {
    // 200,000 x 5,000 characters: a billion-character string, past what JavaScript can build.
    const sub = { 'Fn::Sub': ['${A}'.repeat(200_000), { A: 'y'.repeat(5_000) }] };
    const template = {
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        U: { Type: 'AWS::IAM::User', Properties: { UserName: 'ops', LoginProfile: { Password: 'x' } } },
        K: { Type: 'AWS::IAM::AccessKey', Properties: { UserName: { Ref: 'U' } } },
        L: { Type: 'AWS::IAM::AccessKey', Properties: { UserName: sub } },
      },
    };
    const root = workspace({ 'cfn/sub.json': JSON.stringify(template) });
    const result = await scan(root);
    expectGoodSurvives(root, result);
    expect(parseErrors(result, join(root, 'cfn/sub.json'))).toEqual([limitMessage('valueSize')]);
    // The rest of the template is analysed: the user with a console password and a key.
    expect(rulesFor(result, join(root, 'cfn/sub.json'))).toContain('console-user-with-access-key');
  });

  it('a double-quoted YAML value of 120,000 escapes is read in one pass', async () => {
    // The subset reader searched for the closing quote again after each escape: quadratic, about 60 s here.
    const template = `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  U:\n    Type: AWS::IAM::User\n    Properties:\n      UserName: "${'\\t'.repeat(120_000)}ops"\n      LoginProfile: { Password: x }\n  K:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: !Ref U\n`;
    const root = workspace({ 'cfn/escapes.yaml': template });
    const result = await scan(root);
    expectGoodSurvives(root, result);
    expect(rulesFor(result, join(root, 'cfn/escapes.yaml'))).toEqual(['console-user-with-access-key']);
  });

  it('a Fn::Sub naming a 60,000-character Rain constant 100,000 times is not built past the constants bound', async () => {
    const constant = 'y'.repeat(60_000);
    const template = `AWSTemplateFormatVersion: "2010-09-09"\nRain:\n  Constants:\n    X: "${constant}"\nResources:\n  U:\n    Type: AWS::IAM::User\n    Properties:\n      UserName: ops\n      LoginProfile: { Password: x }\n  K:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: !Ref U\n  L:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: !Sub "${'${Rain::X}'.repeat(100_000)}"\n`;
    const root = workspace({ 'cfn/rain.yaml': template });
    const result = await scan(root);
    expectGoodSurvives(root, result);
    // Before: RangeError (a 6-billion-character string), an internal error that dropped the finding.
    expect(parseErrors(result, join(root, 'cfn/rain.yaml'))).toEqual([]);
    expect(rulesFor(result, join(root, 'cfn/rain.yaml'))).toEqual(['console-user-with-access-key']);
  });

  it('a plan whose configuration references fan out over 34 modules resolves in linear time; planReferenceSteps bounds it', async () => {
    const outputs = (next: string) => ({
      a: { expression: { references: [`module.${next}.a`, `module.${next}.b`] } },
      b: { expression: { references: [`module.${next}.b`, `module.${next}.a`] } },
    });
    let module: Record<string, unknown> = {
      outputs: { a: { expression: { references: ['aws_iam_user.u.name', 'aws_iam_user.u'] } }, b: { expression: { references: ['aws_iam_user.u'] } } },
    };
    for (let level = 33; level >= 0; level -= 1) module = { outputs: outputs(`m${level}`), module_calls: { [`m${level}`]: { source: './m', module } } };
    const plan = {
      format_version: '1.2',
      planned_values: { root_module: { resources: [{ address: 'aws_iam_access_key.k', mode: 'managed', type: 'aws_iam_access_key', name: 'k', values: {} }] } },
      resource_changes: [
        {
          address: 'aws_iam_access_key.k',
          mode: 'managed',
          type: 'aws_iam_access_key',
          name: 'k',
          change: { actions: ['create'], after: {}, after_unknown: { user: true } },
        },
      ],
      configuration: {
        root_module: {
          resources: [{ address: 'aws_iam_access_key.k', expressions: { user: { references: ['module.m0.a', 'module.m0.b'] } } }],
          module_calls: (module as { module_calls: unknown }).module_calls,
        },
      },
    };
    const text = JSON.stringify(plan);
    expect(text.length).toBeLessThan(12_000);
    const root = workspace({ 'plan/plan.json': text });
    const result = await scan(root, { reportUnknown: true });
    expectGoodSurvives(root, result);
    expect(parseErrors(result, join(root, 'plan/plan.json'))).toEqual([]);
    const tight = await scan(root, { limits: { planReferenceSteps: 10 } });
    expectGoodSurvives(root, tight);
    expect(parseErrors(tight, join(root, 'plan/plan.json'))).toEqual([limitMessage('planReferenceSteps')]);
  });

  it('10 MB of JSON array or YAML flow sequence in a template, a plan and a .tf.json stops at parseNodes before a tree is built', async () => {
    const n = 4_500_000;
    const ones = Array.from({ length: n }, () => '1').join(',');
    const flow = Array.from({ length: n }, () => 'a')
      .join(', ')
      .slice(0, 9_900_000);
    const root = workspace({
      'cfn/array.json': `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"K": {"Type": "AWS::IAM::AccessKey", "Properties": {"UserName": "ops"}}}, "Metadata": [${ones}]}`,
      'cfn/flow.yaml': `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  K: { Type: AWS::IAM::AccessKey, Properties: { UserName: ops } }\nMetadata: [${flow}]\n`,
      'plan/plan.json': `{"format_version": "1.2", "planned_values": {"root_module": {"resources": [{"address": "aws_iam_access_key.k", "mode": "managed", "type": "aws_iam_access_key", "name": "k", "values": {"user": "ops"}}]}}, "x": [${ones}]}`,
      'tfjson/main.tf.json': `{"resource": {"aws_iam_access_key": {"k": {"user": "ops"}}}, "locals": {"x": [${ones}]}}`,
    });
    const result = await scan(root);
    expectGoodSurvives(root, result);
    for (const file of ['cfn/array.json', 'cfn/flow.yaml', 'plan/plan.json', 'tfjson/main.tf.json']) {
      expect(parseErrors(result, join(root, file)), file).toEqual([limitMessage('parseNodes')]);
    }
  });

  it('a megabyte of nested YAML flow mappings, flow sequences or one-line block entries is refused before the YAML parser recurses into it', async () => {
    const head =
      'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  K:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: root\n      Status: ';
    const n = 250_000;
    const root = workspace({
      'cfn/maps.yaml': head + '{a: '.repeat(n) + 'x' + '}'.repeat(n) + '\n',
      'cfn/seqs.yaml': head + '!If [c, ' + '['.repeat(n) + ']'.repeat(n) + ', Active]\n',
      'cfn/entries.yaml': head + '\n        ' + '- '.repeat(n) + 'x\n',
      'cfn/shallow.yaml': head + '!Select [0, [[[[[[Active]]]]]]]\n',
    });
    const result = await scan(root);
    expectGoodSurvives(root, result);
    // The document, Resources, K and Properties are levels 1 to 4: the flow collections under Status start at level 5.
    expect(parseErrors(result, join(root, 'cfn/maps.yaml'))).toEqual(['7:799 invalid YAML: nesting deeper than 200 levels']);
    expect(parseErrors(result, join(root, 'cfn/seqs.yaml'))).toEqual(['7:218 invalid YAML: nesting deeper than 200 levels']);
    expect(parseErrors(result, join(root, 'cfn/entries.yaml'))).toEqual(['8:401 invalid YAML: nesting deeper than 200 levels']);
    expect(parseErrors(result, join(root, 'cfn/shallow.yaml'))).toEqual([]);
    expect(rulesFor(result, join(root, 'cfn/shallow.yaml'))).toEqual(['root-user-access-key']);
  });

  it('a 400 KB YAML anchor aliased 99 times stops at yamlAliasNodes; a small anchor aliased 300 times still works', async () => {
    const big = Array.from({ length: 130_000 }, () => 'x').join(', ');
    let bomb = `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  K: { Type: AWS::IAM::AccessKey, Properties: { UserName: ops } }\nMetadata:\n  a: &a [${big}]\n`;
    for (let k = 1; k <= 99; k += 1) bomb += `  b${k}: *a\n`;
    expect(bomb.length).toBeGreaterThan(380_000);
    let reused =
      'AWSTemplateFormatVersion: "2010-09-09"\nMetadata:\n  tags: &tags { Team: ops, Cost: "1" }\nResources:\n  U: { Type: AWS::IAM::User, Properties: { UserName: bob, LoginProfile: { Password: x } } }\n  K: { Type: AWS::IAM::AccessKey, Properties: { UserName: bob } }\n';
    for (let k = 1; k <= 300; k += 1) reused += `  T${k}: { Type: AWS::SNS::Topic, Metadata: *tags }\n`;
    const root = workspace({ 'cfn/bomb.yaml': bomb, 'cfn/reused.yaml': reused });
    const result = await scan(root);
    expectGoodSurvives(root, result);
    expect(parseErrors(result, join(root, 'cfn/bomb.yaml'))).toEqual([expect.stringMatching(/^6:\d+ /)]);
    expect(parseErrors(result, join(root, 'cfn/bomb.yaml'))[0]).toEqual(limitMessage('yamlAliasNodes'));
    expect(parseErrors(result, join(root, 'cfn/reused.yaml'))).toEqual([]);
    expect(rulesFor(result, join(root, 'cfn/reused.yaml'))).toEqual(['console-user-with-access-key']);
  });
});

describe('D. templates found and nested stacks counted once', () => {
  const console = (prefix: string) =>
    `U: {Type: AWS::IAM::User, Properties: {UserName: ${prefix}, LoginProfile: {Password: x}}}, K: {Type: AWS::IAM::AccessKey, Properties: {UserName: ${prefix}}}`;

  it('recognises a YAML template in every form: flow, quoted keys, explicit keys, after ---, with comments and anchors', async () => {
    const forms: Record<string, string> = {
      'flow.yaml': `{AWSTemplateFormatVersion: "2010-09-09", Resources: {${console('a')}}}\n`,
      'flow-resources.yml': `Resources: {${console('b')}}\n`,
      'quoted.yaml': `"Resources" : {${console('c')}}\n`,
      'explicit.yaml': `? Resources\n: {${console('d')}}\n`,
      'document.yaml': `# a comment\n--- {Resources: {${console('e')}}}\n`,
      'anchored.yaml': `Resources: &r # comment\n  {${console('f')}}\n`,
      'flow.template': `{Resources: {${console('g')}}}\n`,
    };
    const root = workspace(Object.fromEntries(Object.entries(forms).map(([name, text]) => [`cfn/${name}`, text])));
    const result = await scan(root);
    expectGoodSurvives(root, result);
    for (const name of Object.keys(forms)) {
      expect(rulesFor(result, join(root, `cfn/${name}`)), name).toEqual(['console-user-with-access-key']);
      expect(parseErrors(result, join(root, `cfn/${name}`)), name).toEqual([]);
    }
  });

  it('keeps, with the prefilter, templates whose Fn::ForEach loops spell the access key type', async () => {
    const user = 'U: { Type: AWS::IAM::User, Properties: { UserName: bob, LoginProfile: { Password: x } } }';
    const loop = (type: string, items: string) =>
      `AWSTemplateFormatVersion: "2010-09-09"\nTransform: AWS::LanguageExtensions\nParameters:\n  T: { Type: CommaDelimitedList, Default: "none" }\nResources:\n  ${user}\n  Fn::ForEach::Keys:\n    - Kind\n    - ${items}\n    - "Key&{Kind}":\n        Type: "${type}"\n        Properties: { UserName: bob }\n`;
    const root = workspace({
      'cfn/kind.yaml': loop('AWS::IAM::${Kind}', '[AccessKey]'),
      'cfn/service.yaml': loop('AWS::${Kind}::AccessKey', '[IAM]'),
      'cfn/whole.yaml': loop('${Kind}', '!Ref T'),
      'cfn/stripped.yaml': loop('AWS::IAM::Access&{Kind}', '["K-e-y"]'),
    });
    const result = await scan(root, { parameters: { T: 'AWS::IAM::AccessKey' } });
    expectGoodSurvives(root, result);
    for (const name of ['kind', 'service', 'whole', 'stripped']) {
      expect(rulesFor(result, join(root, `cfn/${name}.yaml`)), name).toEqual(['console-user-with-access-key']);
    }
  });

  it('catches nested-stack cycles (self, A -> B -> A, through a symlink) at the first repeat, never counting a key twice', async () => {
    const key = (user: string) => `  K: { Type: AWS::IAM::AccessKey, Properties: { UserName: ${user} } }\n`;
    const nest = (file: string) => `  S: { Type: AWS::CloudFormation::Stack, Properties: { TemplateURL: ${file} } }\n`;
    const root = workspace({
      'self/t.yaml': `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${nest('./t.yaml')}${key('ops')}`,
      'pair/a.yaml': `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${nest('b.yaml')}${key('dev')}`,
      'pair/b.yaml': `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${nest('a.yaml')}`,
      'link/t.yaml': `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${nest('alias/t.yaml')}${key('qa')}`,
    });
    symlinkSync('.', join(root, 'link/alias'));
    const result = await scan(root);
    expectGoodSurvives(root, result);
    expect(result.findings.filter((f) => f.ruleId === 'multiple-active-access-keys')).toEqual([]);
    expect(parseErrors(result, join(root, 'self/t.yaml'))).toEqual([
      '3:56 nested stack S: template t.yaml nests itself (t.yaml -> t.yaml); the cycle is not followed',
    ]);
    expect(parseErrors(result, join(root, 'pair/b.yaml'))).toEqual([
      '3:56 nested stack S: template a.yaml nests itself (a.yaml -> b.yaml -> a.yaml); the cycle is not followed',
    ]);
    expect(parseErrors(result, join(root, 'link/t.yaml'))).toEqual([
      '3:56 nested stack S: template alias/t.yaml nests itself (t.yaml -> t.yaml); the cycle is not followed',
    ]);
  });
});

describe('E. NoEcho and sensitive values never appear in output', () => {
  const SECRETS = ['s3cr3t-default', 'p4ssw0rd-given', 's3cr3t-list', 's3cr3t-user'];

  it('a NoEcho parameter (default or --parameter) flowing through Fn::Select / Fn::Join / Fn::Sub into names and unknown reasons', async () => {
    const template = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Secret: { Type: String, NoEcho: true, Default: s3cr3t-default }
  Given: { Type: String, NoEcho: "true" }
  Listed: { Type: CommaDelimitedList, NoEcho: true, Default: "s3cr3t-list,other" }
Conditions:
  HasSecret: !Not [!Equals [!Ref Secret, ""]]
Resources:
  U: { Type: AWS::IAM::User, Properties: { UserName: !Join ["-", [!Ref Given, u]], LoginProfile: { Password: x } } }
  K1: { Type: AWS::IAM::AccessKey, Condition: HasSecret, Properties: { UserName: !Ref U } }
  K2: { Type: AWS::IAM::AccessKey, Properties: { UserName: !Select [0, !Split [",", !Sub "\${Secret},x"]] } }
  K3: { Type: AWS::IAM::AccessKey, Properties: { UserName: !Select [0, !Ref Listed] } }
  K4: { Type: AWS::IAM::AccessKey, Properties: { UserName: !Sub "\${Given}" , Status: !Select [9, !Split ["-", !Ref Secret]] } }
  K5: { Type: AWS::IAM::AccessKey, Properties: { UserName: !FindInMap [M, !Ref Secret, x] } }
`;
    const root = workspace({ 'cfn/noecho.yaml': template });
    const result = await scan(root, { parameters: { Given: 'p4ssw0rd-given' }, reportUnknown: true });
    expectGoodSurvives(root, result);
    // The condition still compares the secret: K1 exists and links to U by reference.
    expect(rulesFor(result, join(root, 'cfn/noecho.yaml'))).toContain('console-user-with-access-key');
    const output = JSON.stringify(result);
    for (const secret of SECRETS) expect(output).not.toContain(secret);
    expect(output).toContain('the NoEcho parameter Secret (a String) is not shown');
  });

  it('plan attributes marked sensitive are described, not shown, and still linked by reference', async () => {
    const user = {
      address: 'aws_iam_user.u',
      mode: 'managed',
      type: 'aws_iam_user',
      name: 'u',
      values: { name: 's3cr3t-user' },
      sensitive_values: { name: true },
    };
    const keyOf = (name: string) => ({
      address: `aws_iam_access_key.${name}`,
      mode: 'managed',
      type: 'aws_iam_access_key',
      name,
      values: { user: 's3cr3t-user' },
      sensitive_values: { user: true },
    });
    const plan = {
      format_version: '1.2',
      planned_values: { root_module: { resources: [user, keyOf('a'), keyOf('b')] } },
      configuration: {
        root_module: {
          resources: ['a', 'b'].map((name) => ({
            address: `aws_iam_access_key.${name}`,
            expressions: { user: { references: ['aws_iam_user.u.name', 'aws_iam_user.u'] } },
          })),
        },
      },
    };
    const root = workspace({ 'plan/plan.json': JSON.stringify(plan) });
    const result = await scan(root, { reportUnknown: true });
    expectGoodSurvives(root, result);
    // Both keys reach the user by reference. `terraform show -json` writes sensitive values in plain text
    // (only marked in `sensitive_values`), so the name is known and not root: no root warning, even with
    // --report-unknown; the message describes the name instead of showing it.
    expect(rulesFor(result, join(root, 'plan/plan.json')).sort()).toEqual(['multiple-active-access-keys']);
    expect(JSON.stringify(result)).not.toContain('s3cr3t');
    expect(JSON.stringify(result)).toContain('its name is a sensitive value');
  });
});

describe('names of 200,000 characters', () => {
  it('are cut in every message naming them, keeping what the message says of them', async () => {
    const long = 'A'.repeat(200_000);
    const key = (user: unknown) => ({ Type: 'AWS::IAM::AccessKey', Properties: { UserName: user } });
    const template = {
      Resources: {
        K1: key({ Ref: long }),
        K2: key({ 'Fn::ImportValue': long }),
        K3: key({ 'Fn::If': [long, 'a', 'b'] }),
        [`U${long}`]: { Type: 'AWS::IAM::User', Properties: { UserName: `${long}x`, LoginProfile: { Password: 'p' } } },
        K4: key({ Ref: `U${long}` }),
      },
    };
    const root = workspace({ 'bad/template.json': JSON.stringify(template) });
    const result = await scan(root, { reportUnknown: true });
    expectGoodSurvives(root, result);
    const messages = result.findings.filter((f) => f.location.file === join(root, 'bad/template.json')).map((f) => f.message);
    expect(messages.length).toBeGreaterThan(6);
    for (const message of messages) expect(message.length).toBeLessThan(1_200);
    expect(messages).toContainEqual(expect.stringMatching(/characters cut\)…A+ names nothing declared in the template\.$/));
    expect(messages).toContainEqual(
      expect.stringMatching(/^IAM user "A+…\(\d+ characters cut\)…A+x" has a console password \(UA+…\(\d+ characters cut\)…A+\.LoginProfile\)/),
    );
  });
});

// Picking each file's format (the claims) reads and searches every data file before any is loaded, and
// did not look at the deadline: twelve 8.4 MB templates of `\u0061` escapes ran 42 s past scanSeconds=3.
describe('the scan deadline while data files are read to pick their format', () => {
  it('stops reading them once it has passed: a scanSeconds parse-error counts the files left', async () => {
    const template = `{"Resources": {"K": {"Type": "AWS::IAM::AccessKey", "Properties": {"UserName": "u", "X": "${'\\u0061'.repeat(1_400_000)}"}}}}\n`;
    const root = workspace(Object.fromEntries(Array.from({ length: 24 }, (_, i) => [`t${String(i).padStart(2, '0')}/template.json`, template])));
    const started = Date.now();
    const result = await lint({ cwd: root, paths: ['.'], limits: { scanSeconds: 1 } });
    // Eight seconds of reading before; the deadline's second, and the file being read when it passed, now.
    expect(Date.now() - started).toBeLessThan(5_000);
    const deadline = result.findings.filter((f) => f.ruleId === 'parse-error' && f.message.includes('scanSeconds'));
    // The data files left, and the Terraform module beside them (loaded after every format has claimed).
    expect(deadline).toHaveLength(2);
    expect(deadline.map((f) => f.message).find((m) => m.includes('data files'))).toMatch(
      /^analysis limit reached: the scan deadline passed while the data files were read to pick their format; \d+ data files were not read, this one first/,
    );
  }, 60_000);
});
