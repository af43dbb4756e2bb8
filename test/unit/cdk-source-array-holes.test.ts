import { describe, expect, it } from 'vitest';
import { HEADER, summarise } from '../support/cdk-source-harness.js';

/** The keys an app of `body` creates (a stack `S` and user `U`, "ci", come first). */
function keys(body: string): string[] {
  return summarise({
    'app.ts': `${HEADER}const stack = new cdk.Stack(new cdk.App(), 'S');\nconst user = new iam.User(stack, 'U', { userName: 'ci' });\n${body}`,
  }).keys;
}

// Each expectation is what `cdk synth` of the same app makes (checked with aws-cdk-lib 2.276).
describe('CDK source extractor: arrays with holes (`Array(n)`, `new Array(n)`, `[a, , b]`)', () => {
  it('expands `[...Array(n)]`, `Array(n).fill(v)`, `Array(n).keys()` and `Array.from(Array(n))`, whose holes are read as undefined', () => {
    expect(
      keys(
        '[...Array(2)].map((_, i) => new iam.AccessKey(stack, `A${i}`, { user }));\n' +
          'new Array(2).fill(0).forEach((_, i) => new iam.AccessKey(stack, `B${i}`, { user }));\n' +
          'for (const i of Array(2).keys()) new iam.AccessKey(stack, `C${i}`, { user });\n' +
          'Array.from(Array(2), (_, i) => new iam.AccessKey(stack, `D${i}`, { user }));\n' +
          'const slots = new Array(2);\n' +
          'for (let i = 0; i < slots.length; i++) new iam.AccessKey(stack, `E${i}`, { user });\n',
      ),
    ).toEqual(['A0', 'A1', 'B0', 'B1', 'C0', 'C1', 'D0', 'D1', 'E0', 'E1'].map((id) => `S/${id} | user S/U | Active`));
  });

  it('runs no `forEach`/`map` callback for a hole, and `fill` with bounds fills only them', () => {
    expect(
      keys(
        'Array(2).map((_, i) => new iam.AccessKey(stack, `A${i}`, { user }));\n' +
          '[, 1, ,].forEach((_, i) => new iam.AccessKey(stack, `B${i}`, { user }));\n' +
          'Array(3).fill(0, 1).map((_, i) => new iam.AccessKey(stack, `C${i}`, { user }));\n' +
          'Array(4).slice(2).concat([1]).flatMap((_, i) => [new iam.AccessKey(stack, `D${i}`, { user })]);\n' +
          "new iam.AccessKey(stack, 'E', { user, status: Array(2).some(() => true) || !Array(2).every(() => false) ? iam.AccessKeyStatus.ACTIVE : iam.AccessKeyStatus.INACTIVE });\n",
      ),
    ).toEqual(['S/B1 | user S/U | Active', 'S/C1 | user S/U | Active', 'S/C2 | user S/U | Active', 'S/D2 | user S/U | Active', 'S/E | user S/U | Inactive']);
  });

  it('reads `Array(a, b)` and `Array(name)` as their elements, and leaves an unknown or invalid length unknown', () => {
    const result = summarise({
      'app.ts':
        HEADER +
        "const stack = new cdk.Stack(new cdk.App(), 'S');\n" +
        "Array('ana', 'bo').forEach((n) => new iam.CfnAccessKey(stack, n, { userName: n }));\n" +
        "new Array('cy').forEach((n) => new iam.CfnAccessKey(stack, n, { userName: n }));\n" +
        'export function keysOf(stack: cdk.Stack, count: number) {\n' +
        "  [...Array(count)].forEach((_, i) => new iam.CfnAccessKey(stack, `K${i}`, { userName: 'dan' }));\n" +
        '}\n' +
        'keysOf(stack, Number(process.env.COUNT));\n',
    });
    expect(result.keys).toEqual([
      'S/ana | name ana | Active',
      'S/bo | name bo | Active',
      'S/cy | name cy | Active',
      'S/`K${i}` | name dan | Active | created once per element of [...Array(count)]: Array(count) is not known statically',
    ]);
  });
});
