/**
 * A conditional whose condition is a value of aws-cdk-lib known only when the app runs
 * (`node.tryGetContext`) is one of its branches, not that value: `ctx ? password : undefined` may be
 * unset, so a console password under it is undecided (a warning with --report-unknown), never a finding.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

async function findings(password: string): Promise<string[]> {
  const source =
    "import { App, SecretValue, Stack } from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\nconst app = new App();\n" +
    "const ctx = app.node.tryGetContext('console');\nconst stack = new Stack(app, 'S');\n" +
    `const user = new iam.User(stack, 'U', { userName: 'ana', password: ${password} });\nnew iam.AccessKey(stack, 'K', { user });\n`;
  const root = tempTree({ 'app/cdk.json': '{}', 'app/app.ts': source }, 'credlint-cdk-token-condition-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.severity} ${f.ruleId} ${f.message}`);
}

describe('conditionals on values known only when the app runs', () => {
  it('ctx ? password : undefined is an undecided password (a finding before)', async () => {
    expect(await findings("ctx ? SecretValue.unsafePlainText('x') : undefined")).toEqual([
      "warning console-user-with-access-key Cannot tell whether S/U.password belongs to a console user with an active access key: password: app.node.tryGetContext('console') comes from aws-cdk-lib and is known only when the app runs (synth or deploy).",
    ]);
  });

  it('a conditional with the password in both branches is a password', async () => {
    expect(await findings("ctx ? SecretValue.unsafePlainText('x') : SecretValue.unsafePlainText('x')")).toEqual([
      'error console-user-with-access-key IAM user "ana" has a console password (S/U.password) and an active access key (S/K).',
    ]);
  });
});
