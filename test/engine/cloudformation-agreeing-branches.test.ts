/**
 * An `Fn::If` under a condition that cannot be decided still decides a key's `Status` or a user's
 * `LoginProfile` where both branches agree: `AWS::NoValue` leaves `Status` out, which is `Active`, so
 * `!If [C, !Ref AWS::NoValue, Active]` is active in every deployment, and a profile written in both
 * branches exists in every deployment.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

const header = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Flag:
    Type: String
    AllowedValues: ["true", "false"]
Conditions:
  On: !Equals [!Ref Flag, "true"]
Resources:
`;

const user = (profile?: string) => `  U:\n    Type: AWS::IAM::User\n${profile === undefined ? '' : `    Properties:\n      LoginProfile: ${profile}\n`}`;
const key = (id: string, status?: string) =>
  `  ${id}:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: !Ref U\n${status === undefined ? '' : `      Status: ${status}\n`}`;

async function findings(resources: string): Promise<string[]> {
  const root = tempTree({ 'template.yaml': header + resources }, 'credlint-branches-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.ruleId} ${f.severity} ${f.location.logicalPath ?? ''}`);
}

describe('Fn::If branches that agree', () => {
  it('decides a Status whose branches are both active, AWS::NoValue being Active', async () => {
    expect(await findings(user() + key('K1') + key('K2', '!If [On, !Ref AWS::NoValue, Active]'))).toEqual(['multiple-active-access-keys error Resources.K2']);
    expect(await findings(user() + key('K1') + key('K2', '!If [On, !Ref AWS::NoValue, !Ref AWS::NoValue]'))).toEqual([
      'multiple-active-access-keys error Resources.K2',
    ]);
    expect(await findings(user() + key('K1') + key('K2', '!If [On, Active, !If [On, Active, !Ref AWS::NoValue]]'))).toEqual([
      'multiple-active-access-keys error Resources.K2',
    ]);
  });

  it('decides a Status whose branches are both not active', async () => {
    expect(await findings(user() + key('K1') + key('K2', '!If [On, Inactive, Expired]'))).toEqual([]);
  });

  it('keeps a Status undecided where one branch is active, or not a documented status', async () => {
    expect(await findings(user() + key('K1') + key('K2', '!If [On, !Ref AWS::NoValue, Inactive]'))).toEqual([
      'multiple-active-access-keys warning Resources.K2.Properties.Status',
    ]);
    expect(await findings(user() + key('K1') + key('K2', '!If [On, active, Active]'))).toEqual([
      'multiple-active-access-keys warning Resources.K2.Properties.Status',
    ]);
  });

  it('decides a LoginProfile written in both branches', async () => {
    const both = '!If [On, {Password: "a-Temp-1234!"}, {Password: "b-Temp-1234!", PasswordResetRequired: true}]';
    expect(await findings(user(both) + key('K'))).toEqual(['console-user-with-access-key error Resources.K']);
  });

  it('keeps a LoginProfile undecided where one branch leaves it out', async () => {
    expect(await findings(user('!If [On, {Password: "a-Temp-1234!"}, !Ref AWS::NoValue]') + key('K'))).toEqual([
      'console-user-with-access-key warning Resources.U.Properties.LoginProfile',
    ]);
    expect(await findings(user('!If [On, !Ref AWS::NoValue, !Ref AWS::NoValue]') + key('K'))).toEqual([]);
  });
});
