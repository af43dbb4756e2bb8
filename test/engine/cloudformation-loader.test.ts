import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { range } from '../../src/core/location.js';
import { keysOf, loadOne, loadTree } from '../support/cloudformation-harness.js';

const YAML_TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Ops:
    Type: AWS::IAM::User
    Properties:
      UserName: ops
      LoginProfile:
        Password: "{{resolve:secretsmanager:ops-password}}"
  OpsKey:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: !Ref Ops
  OpsOldKey:
    Type: 'AWS::IAM::AccessKey'
    Properties:
      UserName: ops
      Status: Inactive
`;

describe('CloudFormation YAML', () => {
  it('models users, login profiles and keys with exact locations', async () => {
    const unit = await loadOne('iam.yaml', YAML_TEMPLATE);
    expect(unit.id).toBe('cloudformation:iam.yaml');
    expect(unit.format).toBe('cloudformation');
    const [user] = unit.users;
    expect(user?.id).toBe('Resources.Ops');
    expect(user?.address).toBe('Ops');
    expect(user?.location.range).toEqual(range(3, 3, 3, 6));
    expect(user?.location.logicalPath).toBe('Resources.Ops');
    expect(user?.name).toMatchObject({ known: true, value: 'ops', origin: 'written' });
    expect(user?.name?.location.range).toEqual(range(6, 7, 6, 20));
    expect(user?.name?.location.logicalPath).toBe('Resources.Ops.Properties.UserName');
    expect(user?.suppressionAnchors).toEqual([user?.location]);

    const [profile] = unit.loginProfiles;
    expect(profile?.id).toBe('Resources.Ops.LoginProfile');
    expect(profile?.location.range).toEqual(range(7, 7, 7, 19));
    expect(profile?.user).toMatchObject({ known: true, value: { kind: 'user', userId: 'Resources.Ops' } });

    expect(keysOf(unit)).toEqual(['OpsKey ops Active', 'OpsOldKey ops Inactive']);
    const [key, old] = unit.accessKeys;
    // A defaulted Status points at the resource key; a written one at the property.
    expect(key?.status).toMatchObject({ origin: 'defaulted', location: { range: range(9, 3, 9, 9) } });
    expect(key?.user.location.range).toEqual(range(12, 7, 12, 25));
    expect(old?.status.location).toMatchObject({ range: range(17, 7, 17, 23), logicalPath: 'Resources.OpsOldKey.Properties.Status' });
  });

  it('links a Ref of a user without UserName by reference, not by logical id', async () => {
    const unit = await loadOne(
      't.yml',
      `Resources:
  root:
    Type: AWS::IAM::User
  Key:
    Type: AWS::IAM::AccessKey
    Properties: { UserName: !Ref root }
`,
    );
    expect(unit.users[0]?.name).toBeUndefined();
    expect(keysOf(unit)).toEqual(['Key #Resources.root Active']);
  });
});

describe('CloudFormation JSON', () => {
  it('models the same template written in JSON, with positions of keys', async () => {
    const text = `{
  "Resources": {
    "Ops": {
      "Type": "AWS::IAM::User",
      "Properties": { "UserName": "ops", "LoginProfile": { "Password": { "Ref": "Pw" } } }
    },
    "OpsKey": { "Type": "AWS::IAM::AccessKey", "Properties": { "UserName": { "Ref": "Ops" }, "Status": "Active" } }
  }
}
`;
    const unit = await loadOne('iam.json', text);
    expect(unit.users[0]?.location.range).toEqual(range(3, 5, 3, 10));
    expect(unit.users[0]?.name?.location.range).toEqual(range(5, 23, 5, 40));
    expect(unit.loginProfiles[0]?.location.range).toEqual(range(5, 42, 5, 56));
    expect(keysOf(unit)).toEqual(['OpsKey ops Active']);
    expect(unit.accessKeys[0]?.status.location.range).toEqual(range(7, 94, 7, 112));
  });

  it('reports comments and trailing commas as parse errors at their position (CloudFormation JSON is strict)', async () => {
    const { units, diagnostics } = await loadTree({
      'a.json': '{\n  "Resources": { "U": { "Type": "AWS::IAM::User" } },\n}\n',
      'b.json': '{\n  // no\n  "Resources": {}\n}\n',
    });
    expect(units).toEqual([]);
    expect(diagnostics.map((d) => [path.basename(d.location.file), d.kind, d.location.range.start])).toEqual([
      ['a.json', 'parse-error', { line: 3, column: 1 }],
      ['b.json', 'parse-error', { line: 2, column: 3 }],
    ]);
  });
});

describe('metadata suppressions', () => {
  it('reads Metadata.credlint.ignore entries with their positions, keeping malformed ones to be reported', async () => {
    const unit = await loadOne(
      't.yaml',
      `Resources:
  Key:
    Type: AWS::IAM::AccessKey
    Metadata:
      credlint:
        ignore:
          - rule: root-user-access-key
            reason: break-glass key, rotated by the vault job
            until: "2027-01-31"
          - { rule: [multiple-active-access-keys, console-user-with-access-key] }
    Properties:
      UserName: root
  Other:
    Type: AWS::IAM::AccessKey
    Metadata: { credlint: { ignore: root-user-access-key } }
    Properties: { UserName: ops }
`,
    );
    const [key, other] = unit.accessKeys;
    expect(key?.declaredSuppressions).toEqual([
      {
        rules: ['root-user-access-key'],
        reason: 'break-glass key, rotated by the vault job',
        until: '2027-01-31',
        location: { file: key?.location.file, range: range(7, 13, 9, 32), logicalPath: 'Resources.Key.Metadata.credlint.ignore[0]' },
      },
      {
        rules: ['multiple-active-access-keys', 'console-user-with-access-key'],
        reason: undefined,
        until: undefined,
        location: { file: key?.location.file, range: range(10, 13, 10, 82), logicalPath: 'Resources.Key.Metadata.credlint.ignore[1]' },
      },
    ]);
    expect(other?.declaredSuppressions).toMatchObject([{ rules: [], reason: undefined, location: { range: range(15, 29, 15, 35) } }]);
  });
});
