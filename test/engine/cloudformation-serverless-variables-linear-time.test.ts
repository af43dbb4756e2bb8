/**
 * Finding where a Serverless Framework variable ends counts nested braces; done from every `${` of a
 * string of unclosed variables (`${a:${a:${a:...`), each search ran to the end of the string, so a
 * template of one 320 KB user name took minutes. The braces are matched in one pass now: a string four
 * times as long costs about four times as much.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';
import { scanCpuMilliseconds } from '../support/scan-cpu.js';

afterAll(removeTempTrees);

function tree(starts: number): string {
  const template = `Resources:\n  Key:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: '${'${a:'.repeat(starts)}'\n`;
  return tempTree({ 'template.yaml': template }, 'credlint-serverless-linear-');
}

describe('Serverless variables in a long string', () => {
  it('are found in time linear in the string', { timeout: 60_000 }, async () => {
    const small = tree(10_000);
    const large = tree(40_000);
    await scanCpuMilliseconds(small);
    const smallMs = await scanCpuMilliseconds(small);
    const largeMs = await scanCpuMilliseconds(large);
    // Quadratic work would take 16 times as long (about 34 s against 2 s before the change).
    expect(largeMs / Math.max(smallMs, 1)).toBeLessThan(8);
  });
});
