/**
 * `Fn::Length` of a list parameter without a value is one number in a stack, so conditions comparing
 * it are decided together: `!Equals [!Length !Ref Users, 0]` and its negation are one truth and its
 * opposite, so one of two keys created under them always exists.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

const template = (first: string, second: string, consoleUser = true) => `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::LanguageExtensions
Parameters:
  Users:
    Type: CommaDelimitedList
  Others:
    Type: CommaDelimitedList
Conditions:
  First: ${first}
  Second: ${second}
Resources:
  Operator:
    Type: AWS::IAM::User
    Properties:
      UserName: ops
${consoleUser ? '      LoginProfile:\n        Password: "{{resolve:secretsmanager:pw}}"\n' : ''}  KeyA:
    Type: AWS::IAM::AccessKey
    Condition: First
    Properties:
      UserName: ops
  KeyB:
    Type: AWS::IAM::AccessKey
    Condition: Second
    Properties:
      UserName: ops
`;

async function findings(text: string): Promise<string[]> {
  const root = tempTree({ 'template.yaml': text }, 'credlint-length-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.ruleId} ${f.severity} ${f.location.logicalPath ?? ''}`);
}

const none = '!Equals [{ "Fn::Length": !Ref Users }, 0]';

describe('Fn::Length of a list parameter without a value', () => {
  it('is one number: a condition on it and its negation always give one of the keys', async () => {
    expect(await findings(template(none, '!Not [!Equals [0, { "Fn::Length": { Ref: Users } }]]'))).toEqual([
      'console-user-with-access-key error Resources.KeyA',
    ]);
  });

  it('stays undecided where neither condition need hold, or another list is measured', async () => {
    expect(await findings(template(none, '!Equals [{ "Fn::Length": !Ref Users }, 1]'))).toEqual([
      'console-user-with-access-key warning Resources.KeyA',
      'console-user-with-access-key warning Resources.KeyB',
    ]);
    // Users empty and Others not: both keys exist.
    expect(await findings(template(none, '!Not [!Equals [{ "Fn::Length": !Ref Others }, 0]]'))).toEqual([
      'console-user-with-access-key warning Resources.KeyA',
      'multiple-active-access-keys warning Resources.KeyA',
      'console-user-with-access-key warning Resources.KeyB',
      'multiple-active-access-keys warning Resources.KeyB',
    ]);
  });

  it('keeps keys under two lengths apart', async () => {
    expect(await findings(template(none, '!Equals [{ "Fn::Length": !Ref Users }, 1]', false))).toEqual([]);
  });
});
