/**
 * A resource `Condition` that waits for parameter values is still decided where no value can change
 * it: one that holds whatever they are creates the resource in every deployment, one that never holds
 * in none.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

async function secondKeys(conditions: string, parameters = '  Env: { Type: String, AllowedValues: [dev, prod] }\n'): Promise<string[]> {
  const text = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
${parameters}Mappings:
  Stages: { dev: { On: "yes" }, prod: { On: "no" } }
Conditions:
  IsDev: !Equals [!Ref Env, dev]
  IsProd: !Equals [!Ref Env, prod]
${conditions}Resources:
  K1: { Type: AWS::IAM::AccessKey, Properties: { UserName: ci } }
  K2: { Type: AWS::IAM::AccessKey, Condition: Second, Properties: { UserName: ci } }
`;
  const root = tempTree({ 'template.yaml': text }, 'credlint-decided-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.ruleId} ${f.severity}`);
}

describe('resource conditions decided by their formula', () => {
  it('creates the resource where the condition holds whatever the values are', async () => {
    expect(await secondKeys('  Second: !Or [!Condition IsDev, !Condition IsProd]\n')).toEqual(['multiple-active-access-keys error']);
    expect(await secondKeys('  Second: !Or [!Condition IsProd, !Not [!Condition IsProd]]\n', '  Env: { Type: String }\n')).toEqual([
      'multiple-active-access-keys error',
    ]);
  });

  it('never creates the resource where the condition never holds', async () => {
    expect(await secondKeys('  Second: !And [!Condition IsDev, !Condition IsProd]\n')).toEqual([]);
    expect(await secondKeys('  Second: !And [!Condition IsProd, !Not [!Condition IsProd]]\n', '  Env: { Type: String }\n')).toEqual([]);
  });

  it('keeps undecided a condition that may go either way or reads a mapping entry', async () => {
    expect(await secondKeys('  Second: !Or [!Condition IsProd, !Equals [!Ref "AWS::Region", us-east-1]]\n')).toEqual(['multiple-active-access-keys warning']);
    expect(await secondKeys('  On: !Equals [!FindInMap [Stages, !Ref Env, On], "yes"]\n  Second: !Or [!Condition On, !Not [!Condition On]]\n')).toEqual([
      'multiple-active-access-keys warning',
    ]);
  });
});
