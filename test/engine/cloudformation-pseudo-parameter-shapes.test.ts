/**
 * Pseudo parameters have no value before deployment, but AWS gives each a form
 * (`src/cloudformation/pseudo-parameter-shapes.ts`): an account id, a Region, a partition, a URL suffix or a
 * stack ARN is never `root`; a stack name may be.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

const key = (id: string, userName: string) => `  ${id}:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: ${userName}\n`;

async function findings(resources: string, rule: string): Promise<string[]> {
  const root = tempTree({ 'template.yaml': `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${resources}` }, 'credlint-pseudo-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.filter((f) => f.ruleId === rule).map((f) => `${f.severity}: ${f.message}`);
}

const rootWarnings = (userName: string) => findings(key('Key', userName), 'root-user-access-key');

describe('what is known of pseudo parameters', () => {
  it('rules root out for an account id, Region, partition, URL suffix and stack id', async () => {
    for (const name of ['AWS::AccountId', 'AWS::Region', 'AWS::Partition', 'AWS::URLSuffix', 'AWS::StackId']) {
      expect(await rootWarnings(`!Ref "${name}"`), name).toEqual([]);
      expect(await rootWarnings(`!Sub "\${${name}}"`), name).toEqual([]);
    }
  });

  it('keeps a stack name a possible root name', async () => {
    expect(await rootWarnings('!Ref "AWS::StackName"')).toEqual([
      'warning: Cannot tell whether access key Key is for the root user: pseudo parameter AWS::StackName has no value before deployment.',
    ]);
  });

  it('tells a key named by the account id from a key of a named user', async () => {
    expect(await findings(key('Ci', 'ci') + key('Account', '!Ref "AWS::AccountId"'), 'multiple-active-access-keys')).toEqual([]);
    expect(await findings(key('Ci', 'ci') + key('Stack', '!Ref "AWS::StackName"'), 'multiple-active-access-keys')).toEqual([
      'warning: Cannot tell whether Stack is a second active access key of a user: pseudo parameter AWS::StackName has no value before deployment.',
    ]);
  });

  it('decides a condition comparing a pseudo parameter with a value it cannot have', async () => {
    const conditional = (condition: string) =>
      `AWSTemplateFormatVersion: "2010-09-09"\nConditions:\n  Here: ${condition}\nResources:\n  A:\n    Type: AWS::IAM::AccessKey\n    Condition: Here\n    Properties:\n      UserName: ops\n  B:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: ops\n`;
    const secondKeys = async (condition: string) => {
      const root = tempTree({ 'template.yaml': conditional(condition) }, 'credlint-pseudo-');
      const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
      return result.findings.filter((f) => f.ruleId === 'multiple-active-access-keys').length;
    };
    expect(await secondKeys('!Equals [!Ref "AWS::Region", other]')).toBe(0);
    expect(await secondKeys('!Equals [!Ref "AWS::AccountId", "dev"]')).toBe(0);
    expect(await secondKeys('!Equals [!Ref "AWS::Region", us-east-1]')).toBe(1);
    expect(await secondKeys('!Equals [!Ref "AWS::StackName", other]')).toBe(1);
  });
});
