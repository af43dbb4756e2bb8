/**
 * A nested stack's `Parameters` entry written as `Fn::If` with an `AWS::NoValue` branch leaves the
 * parameter out in that branch, so the nested template's `Default` applies: where that is the other
 * branch's value too, the parameter has one value whatever the condition is.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

const child = (defaulted: string) => `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  SecondStatus: { Type: String${defaulted} }
Resources:
  U: { Type: AWS::IAM::User, Properties: { UserName: ops } }
  K1: { Type: AWS::IAM::AccessKey, Properties: { UserName: !Ref U } }
  K2: { Type: AWS::IAM::AccessKey, Properties: { UserName: !Ref U, Status: !Ref SecondStatus } }
`;

async function findings(passed: string, defaulted: string): Promise<string[]> {
  const parent = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Rotate: { Type: String, AllowedValues: ["true", "false"] }
Conditions:
  Rotating: !Equals [!Ref Rotate, "true"]
Resources:
  Child:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: ./child.yaml
      Parameters:
        SecondStatus: ${passed}
`;
  const root = tempTree({ 'parent.yaml': parent, 'child.yaml': child(defaulted) }, 'credlint-nested-novalue-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.ruleId} ${f.severity} ${f.address ?? ''}`);
}

describe('nested stack parameters left out by AWS::NoValue', () => {
  it('take the Default, one value where it is the other branch', async () => {
    expect(await findings('!If [Rotating, !Ref AWS::NoValue, Active]', ', Default: Active')).toEqual(['multiple-active-access-keys error Child/K2']);
    expect(await findings('!If [Rotating, Inactive, !Ref AWS::NoValue]', ', Default: Inactive')).toEqual([]);
  });

  it('stay unknown where the Default differs or there is none', async () => {
    expect(await findings('!If [Rotating, !Ref AWS::NoValue, Active]', ', Default: Inactive')).toEqual(['multiple-active-access-keys warning Child/K2']);
    expect(await findings('!If [Rotating, !Ref AWS::NoValue, Active]', '')).toEqual(['multiple-active-access-keys warning Child/K2']);
  });
});
