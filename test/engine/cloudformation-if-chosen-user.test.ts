/**
 * Two keys whose `UserName` is the same `Fn::If` of two names under a condition that cannot be decided
 * are keys of one user in every deployment (the condition is one truth there), whichever user it is:
 * two active keys of that user, an error. Crossed choices (`!If [C, alice, bob]` beside
 * `!If [C, bob, alice]`) give each user one key.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

const header = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Equals [!Ref Env, dev]
Resources:
  A:
    Type: AWS::IAM::User
    Properties:
      UserName: alice
  B:
    Type: AWS::IAM::User
    Properties:
      UserName: bob
`;

const key = (id: string, user: string, status?: string) =>
  `  ${id}:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: ${user}\n${status === undefined ? '' : `      Status: ${status}\n`}`;

async function findings(resources: string): Promise<string[]> {
  const root = tempTree({ 'template.yaml': header + resources }, 'credlint-if-user-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.ruleId} ${f.severity} ${f.location.logicalPath ?? ''}: ${f.message}`);
}

describe('keys whose user is chosen by one condition', () => {
  it('are two keys of one user in every deployment', async () => {
    expect(await findings(key('K1', '!If [IsProd, !Ref A, !Ref B]') + key('K2', '!If [IsProd, !Ref A, !Ref B]'))).toEqual([
      'multiple-active-access-keys error Resources.K2: IAM user "${Fn::If [IsProd, alice, bob]}" has 2 active access keys (K1, K2); at most one may be active.',
    ]);
    expect(await findings(key('K1', '!If [IsProd, alice, bob]') + key('K2', '!If [IsProd, !Ref A, !Ref B]'))).toHaveLength(1);
  });

  it('give each user one key where the choices cross', async () => {
    expect(await findings(key('K1', '!If [IsProd, alice, bob]') + key('K2', '!If [IsProd, bob, alice]'))).toEqual([]);
  });

  it('stay undecided under different conditions, or where one key is not active', async () => {
    expect((await findings(key('K1', '!If [IsProd, alice, bob]') + key('K2', '!If [IsDev, alice, bob]'))).map((f) => f.split(':')[0])).toEqual([
      'multiple-active-access-keys warning Resources.K1',
      'multiple-active-access-keys warning Resources.K2',
    ]);
    expect(await findings(key('K1', '!If [IsProd, alice, bob]') + key('K2', '!If [IsProd, alice, bob]', 'Inactive'))).toEqual([]);
  });

  it('gives one active key where the statuses of one user cross on one condition', async () => {
    expect(await findings(key('K1', 'alice', '!If [IsProd, Active, Inactive]') + key('K2', 'alice', '!If [IsProd, Inactive, Active]'))).toEqual([]);
  });
});
