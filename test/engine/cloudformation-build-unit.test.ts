import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTemplateUnit } from '../../src/cloudformation/build-template-unit.js';
import { range } from '../../src/core/location.js';
import { keysOf, loadOptions, loadOne } from '../support/cloudformation-harness.js';

const dir = path.join(path.sep, 'virtual', 'cdk.out');

/** A synthesized CDK stack template: JSON with `aws:cdk:path` metadata and a nested stack asset. */
const parentTemplate = JSON.stringify(
  {
    Resources: {
      Ops1234: { Type: 'AWS::IAM::User', Properties: { UserName: 'ops' }, Metadata: { 'aws:cdk:path': 'App/Ops/Resource' } },
      NestedNestedStackNestedStackResourceABCD: {
        Type: 'AWS::CloudFormation::Stack',
        Properties: {
          TemplateURL: { 'Fn::Join': ['', ['https://s3.', { Ref: 'AWS::Region' }, '.amazonaws.com/cdk-assets/abc.json']] },
          Parameters: { referencetoAppOps1234Ref: { Ref: 'Ops1234' } },
        },
        Metadata: {
          'aws:cdk:path': 'App/Nested.NestedStack/Nested.NestedStackResource',
          'aws:asset:path': 'AppNested1A2B.nested.template.json',
          'aws:asset:property': 'TemplateURL',
        },
      },
    },
  },
  null,
  1,
);
const nestedTemplate = JSON.stringify({
  Parameters: { referencetoAppOps1234Ref: { Type: 'String' } },
  Resources: {
    KeyA1B2: {
      Type: 'AWS::IAM::AccessKey',
      Properties: { UserName: { Ref: 'referencetoAppOps1234Ref' } },
      Metadata: { 'aws:cdk:path': 'App/Nested/Key/Resource' },
    },
  },
});
const otherStack = '{"Resources": {"KeyC3": {"Type": "AWS::IAM::AccessKey", "Properties": {"UserName": "ops"}}}}';

describe('buildTemplateUnit (for the CDK assembly loader)', () => {
  it('follows nested stacks through aws:asset:path, keeps stacks apart by name and takes construct paths', () => {
    const createdAt = { file: '/app/lib/stack.ts', range: range(12, 5, 12, 40) };
    const { unit, diagnostics } = buildTemplateUnit({
      unitId: 'cdk-assembly:cdk.out',
      format: 'cdk-assembly',
      root: dir,
      options: loadOptions(dir),
      templates: [
        { file: path.join(dir, 'App.template.json'), text: parentTemplate, stackName: 'App', decorate: (id) => (id === 'Ops1234' ? { createdAt } : undefined) },
        { file: path.join(dir, 'AppNested1A2B.nested.template.json'), text: nestedTemplate },
        { file: path.join(dir, 'Other.template.json'), text: otherStack, stackName: 'Other', decorate: () => ({ constructPath: 'Other/Key/Resource' }) },
      ],
    });
    expect(diagnostics).toEqual([]);
    expect(unit).toMatchObject({ id: 'cdk-assembly:cdk.out', format: 'cdk-assembly', root: dir });
    expect(unit.users.map((u) => [u.id, u.address, u.constructPath, u.createdAt])).toEqual([
      ['App/Resources.Ops1234', 'App/Ops1234', 'App/Ops/Resource', createdAt],
    ]);
    expect(keysOf(unit)).toEqual(['App/NestedNestedStackNestedStackResourceABCD/KeyA1B2 ops Active', 'Other/KeyC3 ops Active']);
    expect(unit.accessKeys.map((k) => [k.id, k.constructPath])).toEqual([
      ['App/Resources.NestedNestedStackNestedStackResourceABCD.Resources.KeyA1B2', 'App/Nested/Key/Resource'],
      ['Other/Resources.KeyC3', 'Other/Key/Resource'],
    ]);
  });

  it('turns unparsable templates into diagnostics instead of throwing', () => {
    const { unit, diagnostics } = buildTemplateUnit({
      unitId: 'u',
      format: 'cdk-assembly',
      options: loadOptions(dir),
      templates: [{ file: path.join(dir, 'Bad.template.json'), text: '{"Resources": ' }],
    });
    expect(unit.accessKeys).toEqual([]);
    expect(diagnostics.map((d) => [d.kind, d.location.range.start])).toEqual([['parse-error', { line: 1, column: 15 }]]);
  });
});

describe('positions', () => {
  it('counts columns in UTF-16 code units and handles CRLF line ends', async () => {
    const text =
      'Resources:\r\n  # 🔑 ключ\r\n  Clé: { Metadata: { note: "🔑" }, Type: AWS::IAM::AccessKey, Properties: { UserName: "ünï", Status: Inactive } }\r\n';
    const unit = await loadOne('t.yaml', text);
    const [key] = unit.accessKeys;
    expect(key?.location.range).toEqual(range(3, 3, 3, 6));
    // The key emoji is two UTF-16 code units.
    expect(key?.user.location.range).toEqual(range(3, 77, 3, 92));
    expect(key?.status.location.range).toEqual(range(3, 94, 3, 110));
    expect(keysOf(unit)).toEqual(['Clé ünï Inactive']);
  });

  it('reads SAM templates and .template files', async () => {
    const sam = `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties: { Handler: index.handler, Runtime: nodejs20.x, CodeUri: src/ }
  Key:
    Type: AWS::IAM::AccessKey
    Properties: { UserName: !GetAtt [Fn, Arn] }
`;
    expect(keysOf(await loadOne('sam.template', sam))).toEqual(['Key ?Fn::GetAtt Fn.Arn is only known at deploy time Active']);
  });
});

describe('exports between the stacks of one unit', () => {
  it('links a key in one stack to a user exported by another (CDK cross-stack references)', () => {
    const users = JSON.stringify({
      Resources: { Ops1234: { Type: 'AWS::IAM::User', Properties: { LoginProfile: { Password: '{{resolve:secretsmanager:p}}' } } } },
      Outputs: { ExportsOutputRefOps1234: { Value: { Ref: 'Ops1234' }, Export: { Name: 'Users:ExportsOutputRefOps1234' } } },
    });
    const keys = JSON.stringify({
      Resources: {
        Key: { Type: 'AWS::IAM::AccessKey', Properties: { UserName: { 'Fn::ImportValue': 'Users:ExportsOutputRefOps1234' } } },
        Elsewhere: { Type: 'AWS::IAM::AccessKey', Properties: { UserName: { 'Fn::ImportValue': 'shared-user' } } },
      },
    });
    const { unit } = buildTemplateUnit({
      unitId: 'cdk-assembly:cdk.out',
      format: 'cdk-assembly',
      options: loadOptions(dir),
      templates: [
        { file: path.join(dir, 'Keys.template.json'), text: keys, stackName: 'Keys' },
        { file: path.join(dir, 'Users.template.json'), text: users, stackName: 'Users' },
      ],
    });
    expect(keysOf(unit)).toEqual([
      'Keys/Key #Users/Resources.Ops1234 Active',
      'Keys/Elsewhere ?Fn::ImportValue shared-user is only known at deploy time Active',
    ]);
  });
});
