/**
 * `typeof` in a CDK app: of a known value it is that value's type (user lists normalised with
 * `typeof u === 'string' ? { name: u } : u`), and of a name nothing declares it is `'undefined'`, as in
 * the Node.js process `cdk synth` runs (`typeof jest === 'undefined'` guarding an entry point), unless
 * Node.js may have such a global or the project may create globals.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

const HEAD = "import { App, SecretValue, Stack } from 'aws-cdk-lib';\nimport { AccessKey, User } from 'aws-cdk-lib/aws-iam';\n";

async function findings(app: string, extra: Record<string, string> = {}): Promise<string[]> {
  const root = tempTree({ 'cdk.json': '{"app": "npx ts-node bin/app.ts"}', 'bin/app.ts': HEAD + app, ...extra }, 'credlint-typeof-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.ruleId} ${f.severity} ${f.message}`);
}

const CONSOLE_USER_WITH_KEY = (name: string) =>
  `  const user = new User(stack, '${name}', { userName: '${name}', password: SecretValue.unsafePlainText('x') });\n  new AccessKey(stack, '${name}Key', { user });\n`;

describe('typeof', () => {
  it('of known values: a string entry of a user list is normalised, an object entry kept', async () => {
    const app =
      "const app = new App();\nconst stack = new Stack(app, 'S');\n" +
      "const people: (string | { name: string; console: boolean })[] = ['ana', { name: 'bo', console: true }];\n" +
      "for (const p of people) {\n  const person = typeof p === 'string' ? { name: p, console: false } : p;\n" +
      "  const user = new User(stack, person.name, { userName: person.name, ...(person.console ? { password: SecretValue.unsafePlainText('x') } : {}) });\n" +
      '  new AccessKey(stack, `${person.name}Key`, { user });\n}\n';
    expect(await findings(app)).toEqual([
      'console-user-with-access-key error IAM user "bo" has a console password (S/bo.password) and an active access key (S/boKey).',
    ]);
  });

  it('of each kind of value', async () => {
    const app =
      "const app = new App();\nconst stack = new Stack(app, 'S');\nconst u = new User(stack, 'U');\n" +
      "const types = [typeof 'a', typeof 1, typeof true, typeof undefined, typeof null, typeof [], typeof {}, typeof u, typeof User, typeof (() => 1), typeof `${u.userName}-x`].join(',');\n" +
      "if (types === 'string,number,boolean,undefined,object,object,object,object,function,function,string') {\n" +
      CONSOLE_USER_WITH_KEY('ana') +
      '}\n';
    expect(await findings(app)).toEqual([
      'console-user-with-access-key error IAM user "ana" has a console password (S/ana.password) and an active access key (S/anaKey).',
    ]);
  });

  it("of a name nothing declares is 'undefined': an entry point guarded by typeof jest runs under cdk synth", async () => {
    const app =
      "function main() {\n  const app = new App();\n  const stack = new Stack(app, 'S');\n" +
      CONSOLE_USER_WITH_KEY('ana') +
      "}\nif (typeof jest === 'undefined') main();\n";
    expect(await findings(app)).toEqual([
      'console-user-with-access-key error IAM user "ana" has a console password (S/ana.password) and an active access key (S/anaKey).',
    ]);
  });

  it('stays unknown for a global Node.js may have, and where the project may create globals', async () => {
    const guarded = (condition: string) =>
      `function main() {\n  const app = new App();\n  const stack = new Stack(app, 'S');\n${CONSOLE_USER_WITH_KEY('ana')}}\nif (${condition}) main();\n`;
    expect(await findings(guarded("typeof navigator === 'undefined'"))).toEqual([
      "console-user-with-access-key warning Cannot tell whether S/ana.password belongs to a console user with an active access key: created only if typeof navigator === 'undefined': typeof navigator: whether Node.js has a global navigator depends on its version and module system.",
    ]);
    expect(await findings(guarded("typeof jest === 'undefined'"), { 'lib/setup.ts': '(globalThis as any).jest = {};\n' })).toEqual([
      "console-user-with-access-key warning Cannot tell whether S/ana.password belongs to a console user with an active access key: created only if typeof jest === 'undefined': typeof jest: setup.ts may create globals (globalThis, global or declare global), so jest may be one.",
    ]);
  });
});
