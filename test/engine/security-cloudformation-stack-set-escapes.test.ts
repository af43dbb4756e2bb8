/**
 * A stack set's inline template (`TemplateBody`) is analysed as a template of its own, and one
 * credlint does not read is noted when it names `AWS::IAM::AccessKey` (docs/security.md, "What a pull
 * request can still do"). Both decisions looked at the raw text of the file: a `Type` spelled with an
 * escape that YAML decodes (`"AWS::CloudFormation::Stack\x53et"` is `AWS::CloudFormation::StackSet` to
 * CloudFormation, https://yaml.org/spec/1.2.2/#57-escaped-characters) made the inline template a note
 * only, and a body spelling the key's type with an escape its own parser decodes (`\u004b` in a JSON
 * body, `\x4b` in a YAML one) was not even noted. Such a string body is now analysed, escape decoded.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostileWorkspaces, scanHostile } from '../support/hostile-workspace.js';

const workspace = hostileWorkspaces('credlint-stack-set-escapes-');

const INLINE_BODY = `      TemplateBody: |
        Resources:
          User:
            Type: AWS::IAM::User
            Properties:
              UserName: alice
              LoginProfile:
                Password: "x"
          Key:
            Type: AWS::IAM::AccessKey
            Properties:
              UserName: !Ref User
`;

const stackSet = (type: string, body: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Set:
    Type: ${type}
    Properties:
      StackSetName: users
      PermissionModel: SELF_MANAGED
${body}`;

describe('stack sets spelled with escapes', () => {
  it.each([
    ['as written', 'AWS::CloudFormation::StackSet'],
    ['with a \\x escape in a double-quoted Type', '"AWS::CloudFormation::Stack\\x53et"'],
    ['with a \\u escape in a double-quoted Type', '"AWS::CloudFormation::\\u0053tackSet"'],
    ['with an escaped line break in a double-quoted Type', '"AWS::CloudFormation::Stack\\\n      Set"'],
  ])('an inline template is analysed whatever the Type (%s)', async (_, type) => {
    const root = workspace({ 'org/stack-set.yaml': stackSet(type, INLINE_BODY) });
    const result = await scanHostile(root);
    const found = result.findings.filter((f) => f.location.file === join(root, 'org/stack-set.yaml') && f.ruleId === 'console-user-with-access-key');
    expect(found.map((f) => f.message)).toEqual(['IAM user "alice" has a console password (Set/User.LoginProfile) and an active access key (Set/Key).']);
  });

  it.each([
    [
      'a JSON body with a \\u escape',
      `      TemplateBody: '{"Resources": {"K": {"Type": "AWS::IAM::Access\\u004bey", "Properties": {"UserName": "ops"}}, "K2": {"Type": "AWS::IAM::AccessKey", "Properties": {"UserName": "ops"}}}}'\n`,
    ],
    [
      'a folded YAML body with a \\x escape',
      `      TemplateBody: >\n        Resources: { K: { Type: "AWS::IAM::Access\\x4bey", Properties: { UserName: ops } }, K2: { Type: AWS::IAM::AccessKey, Properties: { UserName: ops } } }\n`,
    ],
  ])('a string body naming an access key with an escape is analysed, as its own parser decodes it (%s)', async (_, body) => {
    const root = workspace({ 'org/stack-set.yaml': stackSet('AWS::CloudFormation::StackSet', body) });
    const result = await scanHostile(root);
    const here = (d: { location: { file: string } }) => d.location.file === join(root, 'org/stack-set.yaml');
    expect(result.notes.filter(here)).toEqual([]);
    expect(result.findings.filter(here).map((f) => [f.ruleId, f.location.range.start.line])).toEqual([['multiple-active-access-keys', 8]]);
  });
});
