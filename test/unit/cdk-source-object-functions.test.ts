import { describe, expect, it } from 'vitest';
import { HEADER, summarise as summary } from '../support/cdk-source-harness.js';

describe('CDK source extractor: Object.keys/values/entries of an array', () => {
  it("reads an array's indexes as its keys, as JavaScript enumerates them", () => {
    const result = summary({
      'lib/config.ts': "export const USERS = [{ name: 'ana', console: true }, { name: 'bob' }];\n",
      'bin/app.ts':
        HEADER +
        "import { USERS } from '../lib/config';\n" +
        "const stack = new cdk.Stack(new cdk.App(), 'Team');\n" +
        'for (const [index, u] of Object.entries(USERS)) {\n' +
        "  const user = new iam.User(stack, `User${index}`, { userName: u.name, password: u.console ? cdk.SecretValue.unsafePlainText('x') : undefined });\n" +
        '  new iam.AccessKey(stack, `Key${index}`, { user });\n' +
        '}\n' +
        'Object.keys(USERS).forEach((k) => new iam.CfnAccessKey(stack, `Cfn${k}`, { userName: `k${k}` }));\n' +
        'for (const u of Object.values(USERS)) new iam.CfnAccessKey(stack, `V${u.name}`, { userName: u.name });\n',
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.users).toEqual(['Team/User0 | ana', 'Team/User1 | bob']);
    expect(result.profiles).toEqual(['Team/User0.password']);
    expect(result.keys).toEqual([
      'Team/Key0 | user Team/User0 | Active',
      'Team/Key1 | user Team/User1 | Active',
      'Team/Cfn0 | name k0 | Active',
      'Team/Cfn1 | name k1 | Active',
      'Team/Vana | name ana | Active',
      'Team/Vbob | name bob | Active',
    ]);
  });

  it('gives no key for a hole, and one for an undefined element, as JavaScript does', () => {
    const result = summary({
      'app.ts':
        HEADER +
        "const stack = new cdk.Stack(new cdk.App(), 'Team');\n" +
        "const names = ['ana', , 'bob'];\n" +
        'for (const [i, name] of Object.entries(names)) new iam.CfnAccessKey(stack, `Key${i}`, { userName: name });\n' +
        "for (const i of Object.keys(['cy', undefined])) new iam.CfnAccessKey(stack, `Undefined${i}`, { userName: 'dan' });\n",
    });
    expect(result.keys).toEqual([
      'Team/Key0 | name ana | Active',
      'Team/Key2 | name bob | Active',
      'Team/Undefined0 | name dan | Active',
      'Team/Undefined1 | name dan | Active',
    ]);
  });

  it("enumerates an object's integer-like keys first, ascending, as JavaScript does", () => {
    const result = summary({
      'app.ts':
        HEADER +
        "const stack = new cdk.Stack(new cdk.App(), 'Team');\n" +
        "const owners = { b: 'bob', 10: 'ten', a: 'ana', 2: 'two', '01': 'zero-one' };\n" +
        "new iam.CfnAccessKey(stack, 'First', { userName: Object.keys(owners)[0] });\n" +
        "new iam.CfnAccessKey(stack, 'Last', { userName: Object.values(owners)[3] });\n",
    });
    expect(result.keys).toEqual(['Team/First | name 2 | Active', 'Team/Last | name ana | Active']);
  });
});
