/**
 * Comparing two parameters restricted by long `AllowedValues` lists must not compare every pair: a
 * template can list tens of thousands of values, and 20 conditions comparing two lists of 50,000
 * pair by pair make 5 * 10^10 comparisons (a scan that never ends). Through a set it is linear.
 */
import { describe, expect, it } from 'vitest';
import { keysOf, loadOne } from '../support/cloudformation-harness.js';

function template(size: number): string {
  const values = (prefix: string) => Array.from({ length: size }, (_, i) => `${prefix}${String(i)}`).join(', ');
  const conditions = Array.from({ length: 20 }, (_, i) => `  Same${String(i)}: !Equals [!Ref A, !Ref B]`).join('\n');
  const keys = Array.from(
    { length: 20 },
    (_, i) => `  Key${String(i)}: { Type: AWS::IAM::AccessKey, Condition: Same${String(i)}, Properties: { UserName: ops } }`,
  ).join('\n');
  return `Parameters:
  A: { Type: String, AllowedValues: [${values('a')}] }
  B: { Type: String, AllowedValues: [${values('b')}] }
Conditions:
${conditions}
Resources:
  First: { Type: AWS::IAM::AccessKey, Properties: { UserName: ops } }
${keys}
`;
}

describe('AllowedValues compared by Fn::Equals', () => {
  it('decides two disjoint long lists unequal without comparing every pair', { timeout: 60_000 }, async () => {
    expect(keysOf(await loadOne('t.yaml', template(50_000)))).toEqual(['First ops Active']);
  });
});
