/**
 * The value each parameter of a stack set's template gets is gathered from the overrides of its groups
 * of stack instances in one pass: asking every group for every overridden parameter multiplied a
 * template's many groups by its many overrides.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';
import { scanCpuMilliseconds } from '../support/scan-cpu.js';

afterAll(removeTempTrees);

function tree(size: number): string {
  const overrides = Array.from({ length: size }, (_, i) => `{ ParameterKey: P${String(i)}, ParameterValue: v }`).join(', ');
  const groups = Array.from({ length: size }, () => '        - { Regions: [eu-west-1] }').join('\n');
  const template = `Resources:
  Set:
    Type: AWS::CloudFormation::StackSet
    Properties:
      StackInstancesGroup:
        - { Regions: [us-east-1], ParameterOverrides: [${overrides}] }
${groups}
      TemplateBody: |
        Resources:
          Key: { Type: AWS::IAM::AccessKey, Properties: { UserName: ops } }
`;
  return tempTree({ 'template.yaml': template }, 'credlint-stack-set-linear-');
}

describe('a stack set with many groups and many overrides', () => {
  it('is read in time linear in its size', { timeout: 120_000 }, async () => {
    const small = tree(5_000);
    const large = tree(20_000);
    await scanCpuMilliseconds(small);
    const smallMs = await scanCpuMilliseconds(small);
    const largeMs = await scanCpuMilliseconds(large);
    // Groups times overrides would take 16 times as long (about 10 times, measured, before the change; 1.6 after).
    expect(largeMs / Math.max(smallMs, 1)).toBeLessThan(5);
  });
});
