import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { range } from '../../src/core/location.js';
import { looksLikeCloudFormation } from '../../src/cloudformation/detect-template.js';
import { parseYamlTemplate } from '../../src/cloudformation/parse-yaml-template.js';
import { keysOf, loadTree } from '../support/cloudformation-harness.js';

describe('template detection by content', () => {
  it.each([
    ['t.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n'],
    ['t.yml', 'Resources:\n  K:\n    Type: AWS::IAM::AccessKey\n'],
    ['sam.yaml', 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: "AWS::Serverless::Function"\n'],
    ['t.json', '{"Resources": {"K": {"Type": "AWS::IAM::AccessKey"}}}'],
    ['t.template', '{\n "AWSTemplateFormatVersion": "2010-09-09"\n}'],
    ['t.template', 'Resources:\n  K:\n    Type: AWS::IAM::User\n'],
    ['flow.yaml', 'Resources:\n  K: { Type: AWS::IAM::AccessKey, Properties: { UserName: a } }\n'],
    ['include.yaml', 'Resources:\n  Fn::Transform:\n    Name: AWS::Include\n    Parameters:\n      Location: users.yaml\n'],
    ['include.json', '{"Resources": {"Fn::Transform": {"Name": "AWS::Include", "Parameters": {"Location": "users.json"}}}}'],
  ])('%s is a template', (file, text) => expect(looksLikeCloudFormation(file, text)).toBe(true));

  it.each([
    ['package.json', '{"name": "x", "dependencies": {"aws-cdk-lib": "2"}}'],
    ['deploy.yaml', 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - resources:\n        limits: {cpu: 1}\n'],
    ['app.yaml', 'Resources:\n  - Type: AWS::S3::Bucket\n    Name: assets\n'],
    ['package.json', '{"name": "x", "scripts": {"package": "aws cloudformation package"}, "keywords": ["AWS::Include", "Fn::Transform"]}'],
    ['plan.json', '{"format_version": "1.2", "planned_values": {"root_module": {}}, "resource_changes": [{"Type": "AWS::X"}]}'],
    [
      'tf.json',
      '{"resource": {"aws_cloudformation_stack": {"s": {"template_body": "{\\"Resources\\": {\\"K\\": {\\"Type\\": \\"AWS::IAM::AccessKey\\"}}}"}}}}',
    ],
  ])('%s is not a template', (file, text) => expect(looksLikeCloudFormation(file, text)).toBe(false));
});

describe('files', () => {
  it('gives each template document of a multi-document YAML file its own unit and skips other documents', async () => {
    const { units } = await loadTree({
      'multi.yaml': `Resources:
  K: { Type: AWS::IAM::AccessKey, Properties: { UserName: a } }
---
kind: ConfigMap
---
Resources:
  K: { Type: AWS::IAM::AccessKey, Properties: { UserName: b } }
`,
    });
    expect(units.map((u) => [u.id, keysOf(u)])).toEqual([
      ['cloudformation:multi.yaml#1', ['K a Active']],
      ['cloudformation:multi.yaml#3', ['K b Active']],
    ]);
    expect(units[1]?.accessKeys[0]?.location.range).toEqual(range(7, 3, 7, 4));
  });

  it('stops YAML alias bombs quickly with a parse error', async () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++)
      levels.push(
        `${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(9)
          .fill(`*${'abcdefghi'[i - 1]}`)
          .join(',')}]`,
      );
    const text = `AWSTemplateFormatVersion: "2010-09-09"\nMetadata:\n${levels.map((l) => `  ${l}`).join('\n')}\nResources: {}\n`;
    const started = Date.now();
    const { units, diagnostics } = await loadTree({ 'bomb.yaml': text });
    // Expanded, this document holds 9^9 (387 million) nodes: minutes and gigabytes. Stopped at the
    // budget it takes milliseconds; the bound leaves a loaded CI machine a wide margin.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(units).toEqual([]);
    expect(diagnostics).toHaveLength(1);
    // At the alias whose expansion passes the yamlAliasNodes budget (counted in nodes, not aliases).
    expect(diagnostics[0]).toMatchObject({ kind: 'parse-error', location: { range: { start: { line: 7 } } } });
    expect(diagnostics[0]?.message).toMatch(/YAML aliases expand to too many nodes .*limit yamlAliasNodes/);
  });

  it('reports a YAML syntax error at its position and still loads the other files', async () => {
    const { units, diagnostics } = await loadTree({
      'bad.yaml': 'Resources:\n  K:\n    Type: AWS::IAM::AccessKey\n    Properties: [\n',
      'dup.yaml': 'Resources:\n  K: { Type: AWS::IAM::AccessKey }\n  K: { Type: AWS::IAM::User }\n',
      'good.yaml': 'Resources:\n  K: { Type: AWS::IAM::AccessKey, Properties: { UserName: a } }\n',
    });
    // A duplicate key is a warning, and the template is analysed with the last value (CloudFormation accepts it).
    expect(units.map((u) => u.id)).toEqual(['cloudformation:dup.yaml', 'cloudformation:good.yaml']);
    expect(diagnostics.map((d) => [path.basename(d.location.file), d.kind, d.location.range.start.line])).toEqual([
      ['bad.yaml', 'parse-error', 5],
      ['dup.yaml', 'warning', 3],
    ]);
  });
});

describe('nested stacks', () => {
  const parent = `Parameters:
  Who: { Type: String, Default: root }
Resources:
  Team:
    Type: AWS::IAM::User
  Child:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: ./nested/keys.yaml
      Parameters:
        KeyUser: !Ref Team
        Other: !Ref Who
  Remote:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://s3.amazonaws.com/bucket/keys.yaml
  Key:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: !GetAtt Child.Outputs.Created
`;
  const child = `Parameters:
  KeyUser: { Type: String }
  Other: { Type: String }
Resources:
  Key:
    Type: AWS::IAM::AccessKey
    Properties: { UserName: !Ref KeyUser }
  OtherKey:
    Type: AWS::IAM::AccessKey
    Properties: { UserName: !Ref Other }
  Made:
    Type: AWS::IAM::User
    Properties: { UserName: made }
Outputs:
  Created: { Value: !Ref Made }
`;

  it('analyses a local nested template inside its parent unit, with the parameters the parent passes', async () => {
    const { units, diagnostics } = await loadTree({ 'main.yaml': parent, 'nested/keys.yaml': child });
    expect(units.map((u) => u.id)).toEqual(['cloudformation:main.yaml']);
    const [unit] = units;
    expect(keysOf(unit!)).toEqual(['Child/Key #Resources.Team Active', 'Child/OtherKey root Active', 'Key made Active']);
    const nestedKey = unit!.accessKeys[0];
    expect(nestedKey?.id).toBe('Resources.Child.Resources.Key');
    expect(nestedKey?.location.file.endsWith(path.join('nested', 'keys.yaml'))).toBe(true);
    expect(nestedKey?.location.logicalPath).toBe('Resources.Key');
    expect(nestedKey?.suppressionAnchors.map((a) => a.logicalPath)).toEqual(['Resources.Key', 'Resources.Child']);
    expect(unit!.users.map((u) => u.id)).toEqual(['Resources.Team', 'Resources.Child.Resources.Made']);
    expect(diagnostics.map((d) => [d.kind, d.message])).toEqual([
      ['note', 'nested stack Remote: its template (https://s3.amazonaws.com/bucket/keys.yaml) is not a local file; not analysed'],
    ]);
  });

  it('marks a nested stack under an unknown condition, and skips one under a false condition', async () => {
    const conditional = `Parameters:
  Flag: { Type: String }
Conditions:
  Enabled: !Equals [!Ref Flag, "on"]
  Never: !Equals [a, b]
Resources:
  A: { Type: AWS::CloudFormation::Stack, Condition: Enabled, Properties: { TemplateURL: keys.json } }
  B: { Type: AWS::CloudFormation::Stack, Condition: Never, Properties: { TemplateURL: keys.json } }
`;
    const keys = '{"Resources": {"K": {"Type": "AWS::IAM::AccessKey", "Properties": {"UserName": "ci"}}}}';
    const { units } = await loadTree({ 'main.yaml': conditional, 'keys.json': keys });
    expect(units.map((u) => keysOf(u))).toEqual([
      ['A/K ci Active (exists? condition Enabled is unknown: parameter Flag has no value (no Default, not given by --parameter))'],
    ]);
  });

  it('does not loop on templates that nest each other', async () => {
    const a =
      'Resources:\n  B: { Type: AWS::CloudFormation::Stack, Properties: { TemplateURL: b.yaml } }\n  K: { Type: AWS::IAM::AccessKey, Properties: { UserName: a } }\n';
    const b = 'Resources:\n  A: { Type: AWS::CloudFormation::Stack, Properties: { TemplateURL: a.yaml } }\n';
    const { units, diagnostics } = await loadTree({ 'a.yaml': a, 'b.yaml': b });
    expect(units.map((u) => [u.id, keysOf(u)])).toEqual([['cloudformation:a.yaml', ['K a Active']]]);
    // A stack that contains itself cannot be deployed: the cycle is a parse error at the TemplateURL that closes it.
    expect(diagnostics.map((d) => [d.kind, d.message])).toEqual([
      ['parse-error', 'nested stack A: template a.yaml nests itself (a.yaml -> b.yaml -> a.yaml); the cycle is not followed'],
    ]);
  });

  it('notes a nested template outside the repository', async () => {
    const { units, diagnostics } = await loadTree({
      'main.yaml': 'Resources:\n  S: { Type: AWS::Serverless::Application, Properties: { Location: ../../etc/keys.yaml } }\n',
    });
    expect(units.map((u) => u.accessKeys.length)).toEqual([0]);
    expect(diagnostics[0]?.message).toMatch(/outside the repository/);
  });
});

describe('YAML short forms', () => {
  const forms = [
    'Ref',
    'Condition',
    'Sub',
    'GetAtt',
    'Join',
    'Select',
    'Split',
    'FindInMap',
    'If',
    'Equals',
    'And',
    'Or',
    'Not',
    'ImportValue',
    'Base64',
    'Cidr',
    'GetAZs',
    'Transform',
  ];

  it.each(forms)('!%s is its long form, on scalars, sequences and mappings', (form) => {
    const long = form === 'Ref' || form === 'Condition' ? form : `Fn::${form}`;
    const { documents, diagnostics } = parseYamlTemplate('/t.yaml', `A: !${form} x\nB: !${form} [x, y]\nC: !${form} { Name: x }\n`);
    expect(diagnostics).toEqual([]);
    const [a, b, c] = documents[0]?.root.entries ?? [];
    expect(a?.value).toMatchObject({ kind: 'map', entries: [{ key: long, value: { kind: 'scalar', value: 'x' } }] });
    expect(b?.value).toMatchObject({ kind: 'map', entries: [{ key: long, value: { kind: 'seq' } }] });
    expect(c?.value).toMatchObject({ kind: 'map', entries: [{ key: long, value: { kind: 'map' } }] });
    // The value's range starts after the tag; the property's location starts at its key anyway.
    expect(a?.value.range.start).toEqual({ line: 1, column: 6 + form.length });
  });
});

describe('SAM applications', () => {
  it('analyses an AWS::Serverless::Application whose Location is a local template', async () => {
    const { units, diagnostics } = await loadTree({
      'template.yaml': `Transform: AWS::Serverless-2016-10-31
Resources:
  Keys:
    Type: AWS::Serverless::Application
    Properties:
      Location: apps/keys.yaml
      Parameters: { Who: root }
  FromRepository:
    Type: AWS::Serverless::Application
    Properties:
      Location: { ApplicationId: "arn:aws:serverlessrepo:us-east-1:123456789012:applications/x", SemanticVersion: 1.0.0 }
`,
      'apps/keys.yaml': 'Parameters:\n  Who: { Type: String }\nResources:\n  Key: { Type: AWS::IAM::AccessKey, Properties: { UserName: !Ref Who } }\n',
    });
    expect(units.map((u) => [u.id, keysOf(u)])).toEqual([['cloudformation:template.yaml', ['Keys/Key root Active']]]);
    expect(diagnostics.map((d) => d.message)).toEqual([
      'nested stack FromRepository: its template (Serverless Application Repository application arn:aws:serverlessrepo:us-east-1:123456789012:applications/x) is not a local file; not analysed',
    ]);
  });

  it('notes a stack set whose template it cannot read and that may declare a key, never one that does not exist', async () => {
    const { units, diagnostics } = await loadTree({
      'org.yaml': `Parameters:
  Enabled: { Type: String, Default: "no" }
Conditions:
  On: !Equals [!Ref Enabled, "yes"]
Resources:
  Computed:
    Type: AWS::CloudFormation::StackSet
    Properties:
      TemplateBody: !Sub "Resources: { K: { Type: AWS::IAM::AccessKey, Properties: { UserName: \${Enabled} } } }"
  Disabled:
    Type: AWS::CloudFormation::StackSet
    Condition: On
    Properties:
      TemplateURL: https://example.com/keys.yaml
  Named:
    Type: AWS::CloudFormation::StackSet
    Properties:
      TemplateURL: !Sub "https://\${AWS::Region}.example.com/keys.yaml"
  Key:
    Type: AWS::IAM::AccessKey
    Properties: { UserName: ops }
`,
    });
    expect(units.map((u) => [u.id, keysOf(u)])).toEqual([['cloudformation:org.yaml', ['Key ops Active']]]);
    expect(diagnostics.map((d) => `${d.location.range.start.line}:${d.location.range.start.column} ${d.message}`)).toEqual([
      '9:7 stack set Computed: its template (a computed TemplateBody) is deployed as stacks of their own, in the accounts the stack set targets; not analysed',
      '18:7 stack set Named: its template (a computed TemplateURL) is deployed as stacks of their own, in the accounts the stack set targets; not analysed',
    ]);
  });

  it('gives a parameter the values the groups of stack instances get: their overrides, else the stack set value', async () => {
    const stackSet = (groups: string) => `Resources:
  Audit:
    Type: AWS::CloudFormation::StackSet
    Properties:
      Parameters: [{ ParameterKey: Who, ParameterValue: root }]
      StackInstancesGroup:
${groups}      TemplateBody: |
        Parameters:
          Who: { Type: String, Default: auditor }
        Resources:
          Key: { Type: AWS::IAM::AccessKey, Properties: { UserName: !Ref Who } }
`;
    const group = (override?: string) =>
      `        - Regions: [eu-west-1]\n          DeploymentTargets: { Accounts: ['111111111111'] }\n${override === undefined ? '' : `          ParameterOverrides: [{ ParameterKey: Who, ParameterValue: ${override} }]\n`}`;
    const keyOf = async (groups: string) => (await loadTree({ 'org.yaml': stackSet(groups) })).units.flatMap(keysOf);
    expect(await keyOf(group('audit') + group('security'))).toEqual([
      'Audit/Key ?stack set Audit overrides parameter Who for some of its stack instances Active',
    ]);
    expect(await keyOf(group('audit') + group('audit'))).toEqual(['Audit/Key audit Active']);
    // A group without the override gets the stack set's value.
    expect(await keyOf(group('audit') + group())).toEqual(['Audit/Key ?stack set Audit overrides parameter Who for some of its stack instances Active']);
    expect(await keyOf(group())).toEqual(['Audit/Key root Active']);
  });

  it("analyses a template a stack set writes inline as a unit of its own, at a literal block's lines (else at TemplateBody), with the stack set's parameters", async () => {
    const { units, diagnostics } = await loadTree({
      'org.yaml': `Resources:
  Given:
    Type: AWS::CloudFormation::StackSet
    Properties:
      Parameters:
        - { ParameterKey: Who, ParameterValue: ops }
        - { ParameterKey: State, ParameterValue: !Ref AWS::Region }
      TemplateBody: |  # keys
        Parameters:
          Who: { Type: String, Default: nobody }
          State: { Type: String, Default: Inactive }
        Resources:
          Key:
            Type: AWS::IAM::AccessKey
            Properties: { UserName: !Ref Who, Status: !Ref State }

  Overridden:
    Type: AWS::CloudFormation::StackSet
    Properties:
      Parameters: [{ ParameterKey: Who, ParameterValue: ops }]
      StackInstancesGroup:
        - Regions: [eu-west-1]
          ParameterOverrides: [{ ParameterKey: Who, ParameterValue: dev }]
      TemplateBody: |-
        Parameters:
          Who: { Type: String }
        Resources:
          Key: { Type: AWS::IAM::AccessKey, Properties: { UserName: !Ref Who } }
  Folded:
    Type: AWS::CloudFormation::StackSet
    Properties:
      TemplateBody: >
        Resources: { Key: { Type: AWS::IAM::AccessKey, Properties: { UserName: ops } } }
  ComputedParameters:
    Type: AWS::CloudFormation::StackSet
    Properties:
      Parameters: !If [Never, [], []]
      TemplateBody: |
        Resources:
          Key: { Type: AWS::IAM::AccessKey, Properties: { UserName: ops } }
`,
    });
    expect(units.map((u) => [u.id, keysOf(u)])).toEqual([
      ['cloudformation:org.yaml', []],
      ['cloudformation:org.yaml:Given', ['Given/Key ops ?stack set Given gives parameter State a computed value']],
      // Its only group of stack instances overrides Who: every instance gets dev.
      ['cloudformation:org.yaml:Overridden', ['Overridden/Key dev Active']],
      // A folded string's lines are not the file's: its nodes are at the TemplateBody key.
      ['cloudformation:org.yaml:Folded', ['Folded/Key ops Active']],
    ]);
    expect(units[1]?.accessKeys[0]?.location.range).toEqual(range(13, 11, 13, 14));
    expect(units[2]?.accessKeys[0]?.location.range).toEqual(range(28, 11, 28, 14));
    expect(units[3]?.accessKeys[0]?.location.range).toEqual(range(32, 7, 32, 19));
    expect(diagnostics.map((d) => `${d.location.range.start.line}:${d.location.range.start.column} ${d.message}`)).toEqual([
      '38:7 stack set ComputedParameters: its template (written inline in TemplateBody) is deployed as stacks of their own, in the accounts the stack set targets; not analysed',
    ]);
  });
});
