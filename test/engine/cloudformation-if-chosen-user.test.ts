/**
 * Two keys whose `UserName` is the same `Fn::If` of two names under a condition that cannot be decided
 * are keys of one user in every deployment (the condition is one truth there), whichever user it is:
 * two active keys of that user, an error. Crossed choices (`!If [C, alice, bob]` beside
 * `!If [C, bob, alice]`) give each user one key. Conditions are compared by what they compute, not by name.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

const header = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
  OnCall:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Equals [!Ref Env, dev]
  ProdStage: !Equals [prod, !Ref Env]
  Alias: !Condition IsProd
  TwiceNegated: !Not [!Not [!Condition IsProd]]
  NotProd: !Not [!Condition IsProd]
  ProdOrDev: !Or [!Condition IsProd, !Condition IsDev]
  DevOrProd: !Or [!Equals [dev, !Ref Env], !Condition Alias]
  NeitherDevNorProd: !And [!Not [!Condition IsDev], !Not [!Condition IsProd]]
  InEu: !Equals [!Ref AWS::Region, eu-west-1]
  ProdOrProdInEu: !Or [!Condition IsProd, !And [!Condition IsProd, !Condition InEu]]
  ProdAndProdOrEu: !And [!Condition IsProd, !Or [!Condition InEu, !Condition IsProd]]
  ProdAndProd: !And [!Condition IsProd, !Condition Alias]
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

  it("are one user's keys under equal conditions named differently", async () => {
    const error = (condition: string) =>
      `multiple-active-access-keys error Resources.K2: IAM user "\${Fn::If [${condition}, alice, bob]}" has 2 active access keys (K1, K2); at most one may be active.`;
    for (const other of ['ProdStage', 'Alias', 'TwiceNegated'])
      expect(await findings(key('K1', '!If [IsProd, alice, bob]') + key('K2', `!If [${other}, alice, bob]`))).toEqual([error('IsProd')]);
    // The negation with its branches the other way round chooses alike; so does De Morgan's form.
    expect(await findings(key('K1', '!If [IsProd, alice, bob]') + key('K2', '!If [NotProd, bob, alice]'))).toEqual([error('IsProd')]);
    expect(await findings(key('K1', '!If [ProdOrDev, alice, bob]') + key('K2', '!If [DevOrProd, alice, bob]'))).toEqual([error('ProdOrDev')]);
    expect(await findings(key('K1', '!If [ProdOrDev, alice, bob]') + key('K2', '!If [NeitherDevNorProd, bob, alice]'))).toEqual([error('ProdOrDev')]);
    // Absorption: IsProd or (IsProd and InEu), IsProd and (InEu or IsProd), IsProd and IsProd are IsProd.
    for (const other of ['ProdOrProdInEu', 'ProdAndProdOrEu', 'ProdAndProd'])
      expect(await findings(key('K1', '!If [IsProd, alice, bob]') + key('K2', `!If [${other}, alice, bob]`))).toEqual([error('IsProd')]);
  });

  it("are one user's keys where a branch is itself one value of the stack", async () => {
    const nested = '!If [IsProd, alice, !If [IsDev, bob, carol]]';
    expect(await findings(key('K1', nested) + key('K2', nested))).toEqual([
      'multiple-active-access-keys error Resources.K2: IAM user "${Fn::If [IsProd, alice, ${Fn::If [IsDev, bob, carol]}]}" has 2 active access keys (K1, K2); at most one may be active.',
    ]);
    const parameter = '!If [IsProd, !Ref OnCall, ci]';
    expect((await findings(key('K1', parameter) + key('K2', '!If [ProdStage, !Ref OnCall, ci]'))).filter((f) => f.includes(' error '))).toEqual([
      'multiple-active-access-keys error Resources.K2: IAM user "${Fn::If [IsProd, ${OnCall}, ci]}" has 2 active access keys (K1, K2); at most one may be active.',
    ]);
    // Crossed, OnCall may be ci: then ci has both keys, otherwise each has one.
    expect((await findings(key('K1', parameter) + key('K2', '!If [IsProd, ci, !Ref OnCall]'))).filter((f) => f.startsWith('multiple'))).toEqual([
      expect.stringContaining('multiple-active-access-keys warning Resources.K1'),
      expect.stringContaining('multiple-active-access-keys warning Resources.K2'),
    ]);
  });

  it('link a console user and a key naming it under equal conditions', async () => {
    const user = `  Operator:\n    Type: AWS::IAM::User\n    Properties:\n      UserName: !If [IsProd, alice, bob]\n      LoginProfile:\n        Password: "{{resolve:secretsmanager:pw}}"\n`;
    expect(await findings(user + key('K1', '!If [ProdStage, alice, bob]'))).toEqual([
      'console-user-with-access-key error Resources.K1: IAM user Operator has a console password (Operator.LoginProfile) and an active access key (K1).',
    ]);
    expect((await findings(user + key('K1', '!If [ProdOrDev, alice, bob]'))).map((f) => f.split(':')[0])).toEqual([
      'console-user-with-access-key warning Resources.K1',
    ]);
  });

  it('give each user one key where the choices cross', async () => {
    expect(await findings(key('K1', '!If [IsProd, alice, bob]') + key('K2', '!If [IsProd, bob, alice]'))).toEqual([]);
    expect(await findings(key('K1', '!If [IsProd, alice, bob]') + key('K2', '!If [NotProd, alice, bob]'))).toEqual([]);
    expect(await findings(key('K1', '!If [ProdStage, alice, bob]') + key('K2', '!If [Alias, bob, alice]'))).toEqual([]);
  });

  it('stay undecided under different conditions, or where one key is not active', async () => {
    expect((await findings(key('K1', '!If [IsProd, alice, bob]') + key('K2', '!If [IsDev, alice, bob]'))).map((f) => f.split(':')[0])).toEqual([
      'multiple-active-access-keys warning Resources.K1',
      'multiple-active-access-keys warning Resources.K2',
    ]);
    // ProdOrDev holds where IsProd does, and also where Env is dev: then the keys are bob's and alice's.
    expect((await findings(key('K1', '!If [IsProd, alice, bob]') + key('K2', '!If [ProdOrDev, alice, bob]'))).map((f) => f.split(':')[0])).toEqual([
      'multiple-active-access-keys warning Resources.K1',
      'multiple-active-access-keys warning Resources.K2',
    ]);
    expect(await findings(key('K1', '!If [IsProd, alice, bob]') + key('K2', '!If [IsProd, alice, bob]', 'Inactive'))).toEqual([]);
  });

  it('are the value both branches are, whatever the condition', async () => {
    const console = `  Operator:\n    Type: AWS::IAM::User\n    Properties:\n      LoginProfile:\n        Password: "{{resolve:secretsmanager:pw}}"\n`;
    // A user whose name is generated, referenced in both branches.
    expect(await findings(console + key('K1', '!If [IsProd, !Ref Operator, !Ref Operator]'))).toEqual([
      'console-user-with-access-key error Resources.K1: IAM user Operator has a console password (Operator.LoginProfile) and an active access key (K1).',
    ]);
    // One parameter without a value, written two ways, and through nested Fn::Ifs whose leaves are all it.
    const twoKeys = (second: string) => findings(key('K1', '!Ref OnCall') + key('K2', second));
    const error = 'multiple-active-access-keys error Resources.K2: IAM user "${OnCall}" has 2 active access keys (K1, K2); at most one may be active.';
    for (const second of ['!If [IsProd, !Ref OnCall, !Sub "${OnCall}"]', '!If [IsProd, !If [IsDev, !Ref OnCall, !Ref OnCall], !Ref OnCall]'])
      expect((await twoKeys(second)).filter((f) => f.includes(' error '))).toEqual([error]);
    // The root warning names the parameter, not the condition that decides nothing.
    expect((await twoKeys('!If [IsProd, !Ref OnCall, !Ref OnCall]')).filter((f) => f.includes('Resources.K2') && f.startsWith('root'))).toEqual([
      'root-user-access-key warning Resources.K2: Cannot tell whether access key K2 is for the root user: parameter OnCall has no value (no Default, not given by --parameter).',
    ]);
    // Branches that differ stay undecided.
    expect((await twoKeys('!If [IsProd, !Ref OnCall, !Sub "${OnCall}-ci"]')).filter((f) => f.includes(' error '))).toEqual([]);
  });

  it('gives one active key where the statuses of one user cross on one condition', async () => {
    expect(await findings(key('K1', 'alice', '!If [IsProd, Active, Inactive]') + key('K2', 'alice', '!If [IsProd, Inactive, Active]'))).toEqual([]);
  });
});

describe('keys whose user a nested stack chooses by a condition over what its parent passes', () => {
  const child = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
Conditions:
  ProdStage: !Equals [prod, !Ref Env]
Resources:
  Key:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: !If [ProdStage, alice, bob]
`;
  const parent = (stacks: Record<string, string>, operator: boolean) => `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
  Stage:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
${operator ? `  Operator:\n    Type: AWS::IAM::User\n    Properties:\n      UserName: !If [IsProd, alice, bob]\n      LoginProfile:\n        Password: "{{resolve:secretsmanager:pw}}"\n` : ''}${Object.entries(
    stacks,
  )
    .map(
      ([id, env]) => `  ${id}:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: child.yaml\n      Parameters:\n        Env: ${env}\n`,
    )
    .join('')}`;
  async function nestedFindings(stacks: Record<string, string>, operator: boolean): Promise<string[]> {
    const root = tempTree({ 'template.yaml': parent(stacks, operator), 'child.yaml': child }, 'credlint-if-nested-');
    const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
    return result.findings.filter((f) => f.ruleId !== 'root-user-access-key').map((f) => `${f.ruleId} ${f.severity} ${f.address ?? ''}: ${f.message}`);
  }

  it("are the parent's choice where the nested stack's condition tests the value the parent's does", async () => {
    expect(await nestedFindings({ Keys: '!Ref Env' }, true)).toEqual([
      'console-user-with-access-key error Keys/Key: IAM user Operator has a console password (Operator.LoginProfile) and an active access key (Keys/Key).',
    ]);
    // Two nested stacks given one value: their keys are one user's.
    expect((await nestedFindings({ First: '!Ref Env', Second: '!Sub "${Env}"' }, false)).map((f) => f.split(':')[0])).toEqual([
      'multiple-active-access-keys error Second/Key',
    ]);
  });

  it('stay undecided where the nested stack is given another value', async () => {
    expect((await nestedFindings({ Keys: '!Ref Stage' }, true)).map((f) => f.split(':')[0])).toEqual(['console-user-with-access-key warning Keys/Key']);
    expect((await nestedFindings({ First: '!Ref Env', Second: '!Ref Stage' }, false)).map((f) => f.split(':')[0])).toEqual([
      'multiple-active-access-keys warning First/Key',
      'multiple-active-access-keys warning Second/Key',
    ]);
  });
});
