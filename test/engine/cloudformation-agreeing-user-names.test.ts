/**
 * A key's `UserName` chosen by an `Fn::If` under a condition that cannot be decided names one user
 * where every branch does, case aside, as IAM compares names: `!If [C, Root, root]` is a root key.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

async function findings(keys: Record<string, string>): Promise<string[]> {
  const resources = Object.entries(keys)
    .map(([id, name]) => `  ${id}:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: ${name}\n`)
    .join('');
  const text = `AWSTemplateFormatVersion: "2010-09-09"\nParameters:\n  P: { Type: String }\nConditions:\n  C: !Equals [!Ref P, x]\nResources:\n${resources}`;
  const root = tempTree({ 'template.yaml': text }, 'credlint-agreeing-names-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.ruleId} ${f.severity} ${f.address ?? ''}`);
}

describe('Fn::If branches naming one user', () => {
  it('are that user, case aside', async () => {
    expect(await findings({ K1: '!If [C, Root, root]' })).toEqual(['root-user-access-key error K1']);
    expect(await findings({ K1: '!If [C, ci, !If [C, CI, Ci]]', K2: 'ci' })).toEqual(['multiple-active-access-keys error K2']);
  });

  it('stay undecided where the branches name different users', async () => {
    expect(await findings({ K1: '!If [C, groot, root]' })).toEqual(['root-user-access-key warning K1']);
    expect(await findings({ K1: '!If [C, ci, ops]', K2: 'ci' })).toEqual(['multiple-active-access-keys warning K1']);
  });
});
