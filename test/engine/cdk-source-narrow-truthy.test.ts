/**
 * An optional construct (`const user = isProd ? null : new iam.User(...)`) is that construct wherever
 * code runs only if it is truthy (`if (user)`, `user && ...`, `!user ? null : ...`, `user ? a : b`):
 * a key created there belongs to that user, whatever the condition that chose the branch.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

const HEAD =
  "import * as cdk from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\n" +
  "const app = new cdk.App();\nconst stage = app.node.tryGetContext('stage');\nconst stack = new cdk.Stack(app, 'S');\n" +
  "const other = new iam.User(stack, 'O', { userName: 'other' });\nnew iam.CfnAccessKey(stack, 'OtherKey', { userName: other.userName });\n";

async function findings(body: string): Promise<string[]> {
  const root = tempTree({ 'cdk.json': '{"app": "npx ts-node app.ts"}', 'app.ts': HEAD + body }, 'credlint-narrow-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.ruleId} ${f.severity} ${f.message}`);
}

describe('an optional construct where it is truthy', () => {
  it("is the construct: the key of !user ? null : new CfnAccessKey(...) is that user's, its only one", async () => {
    const body =
      "const user = stage === 'production' ? null : new iam.User(stack, 'U', { userName: 'local' });\n" +
      "const key = !user ? null : new iam.CfnAccessKey(stack, 'K', { userName: user.userName });\n";
    expect(await findings(body)).toEqual([]);
    expect(
      await findings(
        body.replace("!user ? null : new iam.CfnAccessKey(stack, 'K', { userName: user.userName })", "user && new iam.AccessKey(stack, 'K', { user })"),
      ),
    ).toEqual([]);
    expect(
      await findings(
        body.replace(
          "const key = !user ? null : new iam.CfnAccessKey(stack, 'K', { userName: user.userName });",
          "if (user) new iam.AccessKey(stack, 'K', { user });",
        ),
      ),
    ).toEqual([]);
  });

  it('in both branches of a ?: that reads it: the same name either way is known', async () => {
    const body =
      "const user = stage === 'production' ? undefined : new iam.User(stack, 'U', { userName: 'local' });\n" +
      "new iam.CfnAccessKey(stack, 'K', { userName: user ? user.userName : 'local' });\n";
    expect(await findings(body)).toEqual([]);
  });

  it('still counts its keys: two where it exists are a warning, their existence not known (no root-user warning: the user is known)', async () => {
    const body =
      "const user = stage === 'production' ? null : new iam.User(stack, 'U', { userName: 'local' });\n" +
      "if (user) {\n  new iam.AccessKey(stack, 'K1', { user });\n  new iam.AccessKey(stack, 'K2', { user });\n}\n";
    const reason = "created only if user: app.node.tryGetContext('stage') comes from aws-cdk-lib and is known only when the app runs (synth or deploy).";
    expect(await findings(body)).toEqual([
      `multiple-active-access-keys warning Cannot tell whether S/K1 is a second active access key of a user: ${reason}`,
      `multiple-active-access-keys warning Cannot tell whether S/K2 is a second active access key of a user: ${reason}`,
    ]);
  });

  it('is not narrowed through a let, which may hold something else by then', async () => {
    const body =
      "let user = stage === 'production' ? null : new iam.User(stack, 'U', { userName: 'local' });\n" +
      "if (user) new iam.CfnAccessKey(stack, 'K', { userName: user.userName });\n";
    expect((await findings(body)).length).toBeGreaterThan(0);
  });
});
