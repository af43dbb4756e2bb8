import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { writeTree } from '../support/cloudformation-harness.js';

async function run(files: Readonly<Record<string, string>>, prefilter = true) {
  const dir = writeTree(files);
  const result = await lint({ paths: ['.'], cwd: dir, env: {}, reportUnknown: true, prefilter });
  return {
    findings: result.findings.map((f) => `${f.location.range.start.line} ${f.ruleId} ${f.unknown ? 'unknown' : 'known'}: ${f.message}`),
    notes: result.notes.map((n) => `${n.location.range.start.line}: ${n.message}`),
  };
}

/**
 * CloudFormation runs `Fn::Transform` macros and `AWS::Include` before it creates anything; credlint
 * runs none and reads no included snippet, so what they may add is noted or unknown, never assumed away.
 */
describe('Fn::Transform and AWS::Include', () => {
  const elsewhere = `AWSTemplateFormatVersion: "2010-09-09"
Transform:
  - AWS::Serverless-2016-10-31
  - Name: AWS::Include
    Parameters: { Location: ./shared.yaml }
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Fn::Transform:
    Name: AWS::Include
    Parameters: { Location: s3://bucket/users.yaml }
  Extra: !Transform { Name: MakeUser, Parameters: {} }
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Body:
        Fn::Transform: { Name: AWS::Include, Parameters: { Location: s3://bucket/openapi.yaml } }
`;

  it('notes resources added to Resources, a resource written by a macro and a top-level include, with and without the prefilter', async () => {
    const expected = {
      findings: [],
      notes: [
        '4: Transform AWS::Include (./shared.yaml): the snippet it inserts into the template is not analysed (aws cloudformation package uploads the local snippets of Fn::Transform, not of the Transform section, and CloudFormation reads only S3)',
        '9: Resources: Fn::Transform AWS::Include (s3://bucket/users.yaml) adds resources; they are not analysed',
        '12: resource Extra: written by Fn::Transform MakeUser; not analysed',
      ],
    };
    expect(await run({ 'template.yaml': elsewhere })).toEqual(expected);
    expect(await run({ 'template.yaml': elsewhere }, false)).toEqual(expected);
  });

  it('leaves a user or key property unknown when a Fn::Transform among its properties may set it', async () => {
    const text = `Resources:
  Admin:
    Type: AWS::IAM::User
    Properties:
      UserName: admin
      Fn::Transform: { Name: AWS::Include, Parameters: { Location: s3://bucket/console.yaml } }
  AdminKey:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: admin
  AdminKey2:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: admin
      Fn::Transform: { Name: AWS::Include, Parameters: { Location: s3://bucket/status.yaml } }
  Other:
    Type: AWS::IAM::AccessKey
    Properties:
      Fn::Transform: { Name: KeyOwner, Parameters: {} }
`;
    expect((await run({ 'template.yaml': text })).findings).toEqual([
      '6 console-user-with-access-key unknown: Cannot tell whether Admin.LoginProfile belongs to a console user with an active access key: LoginProfile may be set by Fn::Transform AWS::Include (s3://bucket/console.yaml).',
      '15 multiple-active-access-keys unknown: IAM user "admin" has an active access key and access key AdminKey2 may be active too: Status may be set by Fn::Transform AWS::Include (s3://bucket/status.yaml).',
      '16 multiple-active-access-keys unknown: Cannot tell whether Other is a second active access key of a user: UserName may be set by Fn::Transform KeyOwner.',
      '16 root-user-access-key unknown: Cannot tell whether access key Other is for the root user: UserName may be set by Fn::Transform KeyOwner.',
    ]);
  });

  it('keeps what is written beside a Fn::Transform', async () => {
    const text = `Resources:
  Admin:
    Type: AWS::IAM::User
    Properties:
      UserName: admin
      LoginProfile: { Password: "{{resolve:secretsmanager:admin}}" }
      Fn::Transform: { Name: AWS::Include, Parameters: { Location: s3://bucket/tags.yaml } }
  AdminKey:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: admin
      Status: Active
      Fn::Transform: { Name: AWS::Include, Parameters: { Location: s3://bucket/tags.yaml } }
`;
    expect((await run({ 'template.yaml': text })).findings).toEqual([
      '8 console-user-with-access-key known: IAM user "admin" has a console password (Admin.LoginProfile) and an active access key (AdminKey).',
    ]);
  });
});

/**
 * `rain pkg` (and `rain deploy`) replaces `!Rain::Include <file>` with the object the file holds before
 * CloudFormation sees the template, the path relative to the directory of the file that writes it, and
 * processes the included file's own directives (`includeLiteral`, rain's `cft/pkg/directives.go`).
 */
describe('!Rain::Include', () => {
  const files = {
    'template.yaml': `Resources:
  Ops:
    Type: AWS::IAM::User
    Properties: !Rain::Include users/ops.yaml
  OpsKey:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: !Ref Ops
  CiKey:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: ci
  CiKey2: !Rain::Include keys/ci.yaml
`,
    'users/ops.yaml': 'UserName: ops\nLoginProfile: !Rain::Include console/profile.yaml\n',
    'users/console/profile.yaml': 'Password: "{{resolve:secretsmanager:ops}}"\n',
    'keys/ci.yaml': 'Type: AWS::IAM::AccessKey\nProperties:\n  UserName: ci\n',
  };

  it('inserts the files it names, and theirs relative to their own directory, with and without the prefilter', async () => {
    const expected = {
      findings: [
        '5 console-user-with-access-key known: IAM user "ops" has a console password (Ops.LoginProfile) and an active access key (OpsKey).',
        '13 multiple-active-access-keys known: IAM user "ci" has 2 active access keys (CiKey, CiKey2); at most one may be active.',
      ],
      notes: [],
    };
    expect(await run(files)).toEqual(expected);
    expect(await run(files, false)).toEqual(expected);
  });

  it('leaves a user whose properties a missing file would write unknown, and notes a resource it would write', async () => {
    const missing = { 'template.yaml': files['template.yaml'] };
    expect(await run(missing)).toEqual({
      findings: [
        '4 console-user-with-access-key unknown: Cannot tell whether Ops.LoginProfile belongs to a console user with an active access key: LoginProfile may be set by !Rain::Include users/ops.yaml, which rain pkg inserts.',
        '5 root-user-access-key unknown: Cannot tell whether access key OpsKey is for the root user: UserName may be set by !Rain::Include users/ops.yaml, which rain pkg inserts.',
        '9 multiple-active-access-keys unknown: Cannot tell whether CiKey is a second active access key of a user: its user "ci" may be IAM user Ops, whose name is not known statically: UserName may be set by !Rain::Include users/ops.yaml, which rain pkg inserts.',
      ],
      notes: [
        '4: !Rain::Include users/ops.yaml: the file does not exist; what it inserts is not analysed',
        '13: !Rain::Include keys/ci.yaml: the file does not exist; what it inserts is not analysed',
      ],
    });
  });

  it('embeds a file as a string with !Rain::Embed (trimmed), and leaves the value unknown where the file cannot be read', async () => {
    const template = (written: string) => `Resources:
  Ops:
    Type: AWS::IAM::User
    Properties:
      UserName: !Rain::Embed ${written}
      LoginProfile: { Password: x }
  OpsKey:
    Type: AWS::IAM::AccessKey
    Properties: { UserName: ops }
`;
    expect(await run({ 'template.yaml': template('names/ops.txt'), 'names/ops.txt': '  ops\n\n' })).toEqual({
      findings: ['7 console-user-with-access-key known: IAM user "ops" has a console password (Ops.LoginProfile) and an active access key (OpsKey).'],
      notes: [],
    });
    const missing = await run({ 'template.yaml': template('../ops.txt') });
    expect(missing.notes).toEqual(['5: !Rain::Embed ../ops.txt: the file leads outside the repository being scanned; the value it embeds is unknown']);
    expect(missing.findings.map((f) => f.split(':')[0])).toEqual(['7 console-user-with-access-key unknown']);
  });

  it('keeps a template whose only IAM resource a file it cannot read may write', async () => {
    const text = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Deployer: !Rain::Include deployer.yaml\n';
    expect(await run({ 'template.yaml': text })).toEqual({
      findings: [],
      notes: ['3: !Rain::Include deployer.yaml: the file does not exist; what it inserts is not analysed'],
    });
  });
});
