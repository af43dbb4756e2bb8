import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { writeTree } from '../support/cloudformation-harness.js';

async function findings(text: string): Promise<string[]> {
  const dir = writeTree({ 'template.yaml': text });
  const result = await lint({ paths: ['.'], cwd: dir, env: {}, reportUnknown: true });
  return result.findings.map((f) => `${f.location.range.start.line} ${f.ruleId} ${f.unknown ? 'unknown' : 'known'}: ${f.message}`);
}

/** `rain pkg` writes the constants of a template's `Rain` section into it before CloudFormation reads it. */
describe('Rain constants', () => {
  it('names a user by ${Rain::Name} in Fn::Sub, !Rain::Constant and Ref Const::Name', async () => {
    const text = `Rain:
  Constants:
    Team: payments
    Lead: \${Rain::Team}-lead
Resources:
  Lead:
    Type: AWS::IAM::User
    Properties:
      UserName: !Sub "\${Rain::Lead}"
      LoginProfile:
        Password: "{{resolve:secretsmanager:lead}}"
  LeadKey:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: payments-lead
  SecondKey:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: !Rain::Constant Lead
  TeamKey:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: { Ref: Const::Team }
`;
    expect(await findings(text)).toEqual([
      '12 console-user-with-access-key known: IAM user "payments-lead" has a console password (Lead.LoginProfile) and an active access key (LeadKey).',
      '16 multiple-active-access-keys known: IAM user "payments-lead" has 2 active access keys (LeadKey, SecondKey); at most one may be active.',
    ]);
  });

  it('leaves a constant the section does not declare unknown', async () => {
    const text = 'Resources:\n  Key:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: !Rain::Constant Deployer\n';
    expect(await findings(text)).toEqual([
      '2 root-user-access-key unknown: Cannot tell whether access key Key is for the root user: !Rain::Constant Deployer names no constant of the Rain section.',
    ]);
  });
});
