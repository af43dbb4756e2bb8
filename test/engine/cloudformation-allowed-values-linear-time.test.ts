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

describe('AllowedValues of a parameter compared with literals', () => {
  it('are not carried into every comparison of a long list', { timeout: 60_000 }, async () => {
    const values = Array.from({ length: 20_000 }, (_, i) => `v${String(i)}`);
    const conditions = Array.from({ length: 32 }, (_, c) => {
      const equals = Array.from({ length: 100 }, (_, j) => `!Equals [!Ref P, v${String((c * 100 + j) % 20_000)}]`).join(', ');
      return `  C${String(c)}: !Or [${equals}]`;
    }).join('\n');
    const keys = Array.from(
      { length: 32 },
      (_, c) => `  K${String(c)}: { Type: AWS::IAM::AccessKey, Condition: C${String(c)}, Properties: { UserName: ops } }`,
    ).join('\n');
    const started = Date.now();
    const unit = await loadOne(
      't.yaml',
      `Parameters:\n  P: { Type: String, AllowedValues: [${values.join(', ')}] }\nConditions:\n${conditions}\nResources:\n${keys}\n`,
    );
    expect(unit.accessKeys).toHaveLength(32);
    // Each condition holds for values of its own: never two keys together.
    expect(unit.accessKeys.every((key) => key.neverWith?.length === 31)).toBe(true);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
