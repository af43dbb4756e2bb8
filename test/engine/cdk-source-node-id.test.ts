/**
 * `x.node.id` of an IAM construct is the id it was created with (constructs' `Node.id`), which code uses
 * to build other ids and names (`` `${user.node.id}Key${i}` ``). It was not evaluated: findings named
 * such keys by their source text (`Users/addKeys@8:5/\`${user.node.id}Key${i}\`[1][0]`, where a synth
 * says `Users/bobKey0`), and a name built from it was unknown. Checked against aws-cdk-lib 2.276's synth.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

async function findings(body: string): Promise<string[]> {
  const source =
    "import { App, SecretValue, Stack } from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\nimport { Construct } from 'constructs';\n" +
    `const app = new App();\nconst stack = new Stack(app, 'Users');\n${body}\n`;
  const root = tempTree({ 'app/cdk.json': '{}', 'app/app.ts': source }, 'credlint-cdk-node-id-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.severity} ${f.ruleId} ${f.message}`);
}

describe('node.id of an IAM construct in CDK source', () => {
  it('is the id the construct was created with, in the ids of the constructs built from it', async () => {
    const body = [
      'function addKeys(scope: Construct, user: iam.IUser, count: number) {',
      '  for (let i = 0; i < count; i++) new iam.AccessKey(scope, `${user.node.id}Key${i}`, { user });',
      '}',
      "const bob = new iam.User(stack, 'bob', { userName: 'bob' });",
      'addKeys(stack, bob, 2);',
    ].join('\n');
    expect(await findings(body)).toEqual([
      'error multiple-active-access-keys IAM user "bob" has 2 active access keys (Users/bobKey0, Users/bobKey1); at most one may be active.',
    ]);
  });

  it("names a user: a key of a user named after another construct id is that user's key", async () => {
    const body = [
      "const ops = new iam.User(stack, 'ops', { userName: 'ops', password: SecretValue.unsafePlainText('x') });",
      "new iam.CfnAccessKey(stack, 'OpsKey', { userName: ops.node.id });",
    ].join('\n');
    expect(await findings(body)).toEqual([
      'error console-user-with-access-key IAM user "ops" has a console password (Users/ops.password) and an active access key (Users/OpsKey).',
    ]);
  });

  it('stays unknown for an instance of a project subclass, whose constructor may give super another id', async () => {
    const body = [
      'class Ci extends iam.User {',
      '  constructor(scope: Construct, id: string) {',
      "    super(scope, `${id}-user`, { password: SecretValue.unsafePlainText('x') });",
      '  }',
      '}',
      "const ci = new Ci(stack, 'ci');",
      "new iam.CfnAccessKey(stack, 'CiKey', { userName: `${ci.node.id}` });",
    ].join('\n');
    const result = await findings(body);
    expect(result.every((line) => line.startsWith('warning '))).toBe(true);
  });
});
