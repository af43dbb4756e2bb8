import { describe, expect, it } from 'vitest';
import { HEADER, summarise } from '../support/cdk-source-harness.js';

const STACK = "const stack = new cdk.Stack(new cdk.App(), 'Ops');\nconst user = new iam.User(stack, 'Ci', { userName: 'ci' });\n";

/** The keys an app made of `body` (after a stack and a user `ci`) creates, as the harness summarises them. */
const keys = (body: string) => summarise({ 'app.ts': HEADER + STACK + body + '\n' }).keys;

/** What a key of an `Array.from(...)` credlint does not expand says. */
const notFollowed = (callee: string) =>
  `Ops/\`Key\${i}\` | user Ops/Ci | Active | created in a callback passed to ${callee}(...), which credlint does not follow`;

describe('CDK source extractor: Array.from with a mapping function', () => {
  it('runs the callback once per element of { length: n }, with (undefined, index)', () => {
    expect(keys('Array.from({ length: 2 }, (_, i) => new iam.CfnAccessKey(stack, `Key${i}`, { userName: user.userName }));')).toEqual([
      'Ops/Key0 | name ci | Active',
      'Ops/Key1 | name ci | Active',
    ]);
    expect(keys('Array.from({ length: 1 }, (_, i) => new iam.AccessKey(stack, `Key${i}`, { user }));')).toEqual(['Ops/Key0 | user Ops/Ci | Active']);
    expect(keys('Array.from({ length: 0 }, (_, i) => new iam.AccessKey(stack, `Key${i}`, { user }));')).toEqual([]);
    expect(keys('const n = 2;\nArray.from({ length: n }, (x, i) => new iam.AccessKey(stack, `Key${i}${String(x)}`, { user }));')).toEqual([
      'Ops/Key0undefined | user Ops/Ci | Active',
      'Ops/Key1undefined | user Ops/Ci | Active',
    ]);
  });

  it('runs it once per element of a known array, string or Set, with (element, index)', () => {
    expect(keys("Array.from(['a', 'b'], (x, i) => new iam.AccessKey(stack, `Key${x}${i}`, { user }));")).toEqual([
      'Ops/Keya0 | user Ops/Ci | Active',
      'Ops/Keyb1 | user Ops/Ci | Active',
    ]);
    expect(keys("Array.from('ab', (x) => new iam.AccessKey(stack, `Key${x}`, { user }));")).toEqual([
      'Ops/Keya | user Ops/Ci | Active',
      'Ops/Keyb | user Ops/Ci | Active',
    ]);
    expect(keys("Array.from(new Set(['a', 'a']), (x) => new iam.AccessKey(stack, `Key${x}`, { user }));")).toEqual(['Ops/Keya | user Ops/Ci | Active']);
  });

  it('reads the keys the callback returns, and Array.from({ length: n }) as n undefined elements', () => {
    expect(keys('const made = Array.from({ length: 2 }, (_, i) => new iam.AccessKey(stack, `Key${i}`, { user }));\nmade[1].node.addDependency(user);')).toEqual(
      ['Ops/Key0 | user Ops/Ci | Active', 'Ops/Key1 | user Ops/Ci | Active'],
    );
    expect(keys('Array.from({ length: 2 }).map((_, i) => new iam.AccessKey(stack, `Key${i}`, { user }));')).toEqual([
      'Ops/Key0 | user Ops/Ci | Active',
      'Ops/Key1 | user Ops/Ci | Active',
    ]);
  });

  it('leaves a length that is unknown, not a non-negative integer, or past the loop limit undecided', () => {
    for (const length of ['Number(process.env.N)', '1.5', '-1', '5000'])
      expect(keys(`Array.from({ length: ${length} }, (_, i) => new iam.AccessKey(stack, \`Key\${i}\`, { user }));`)).toEqual([notFollowed('Array.from')]);
  });
});
