import { describe, expect, it } from 'vitest';
import { HEADER, summarise } from '../support/cdk-source-harness.js';

// Each expectation is what `cdk synth` of the same app makes (checked with aws-cdk-lib 2.276).
describe('CDK source extractor: `for...in`', () => {
  it("walks an object's keys (integer-like ones first), an array's indexes as strings (not its holes) and a string's indexes", () => {
    const result = summarise({
      'app.ts':
        HEADER +
        "const stack = new cdk.Stack(new cdk.App(), 'S');\n" +
        'const people: Record<string, { console: boolean }> = { bo: { console: true }, 7: { console: false } };\n' +
        'for (const name in people) {\n' +
        "  const user = new iam.User(stack, `U${name}`, { userName: `u${name}`, password: people[name].console ? cdk.SecretValue.unsafePlainText('x') : undefined });\n" +
        '  new iam.AccessKey(stack, `K${name}`, { user });\n' +
        '}\n' +
        "const names = ['ana', , 'cy'];\n" +
        "for (const i in names) new iam.CfnAccessKey(stack, `N${i}`, { userName: names[i] ?? 'none', status: i === '2' ? 'Inactive' : 'Active' });\n" +
        "for (const c in 'ab') new iam.CfnAccessKey(stack, `C${c}`, { userName: 'dan' });\n" +
        "for (const x in undefined) new iam.CfnAccessKey(stack, 'Never', { userName: 'eve' });\n",
    });
    expect(result.users).toEqual(['S/U7 | u7', 'S/Ubo | ubo']);
    expect(result.profiles).toEqual(['S/Ubo.password']);
    expect(result.keys).toEqual([
      'S/K7 | user S/U7 | Active',
      'S/Kbo | user S/Ubo | Active',
      'S/N0 | name ana | Active',
      'S/N2 | name cy | Inactive',
      'S/C0 | name dan | Active',
      'S/C1 | name dan | Active',
    ]);
  });

  it('leaves a loop over what may have more keys (a spread of an unknown value, a parameter) unexpanded', () => {
    const result = summarise({
      'app.ts':
        HEADER +
        "const stack = new cdk.Stack(new cdk.App(), 'S');\n" +
        "const people = { ana: 1, ...JSON.parse(process.env.MORE ?? '{}') };\n" +
        "for (const name in people) new iam.CfnAccessKey(stack, `K${name}`, { userName: 'ci' });\n",
    });
    expect(result.keys).toEqual(['S/`K${name}` | name ci | Active | created in a loop that credlint does not expand']);
  });
});
