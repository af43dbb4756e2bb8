/**
 * `--report-unknown` and several `App`s in one file (test files: an App per test case, beside the
 * app's own): a key whose existence is unknown (created in a callback credlint does not follow) may be
 * a second key only of a user of its own App.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

const HEAD = "import { App, Stack } from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\n";
const CI_STACK =
  "class CiStack extends Stack {\n  constructor(scope: App, id: string) {\n    super(scope, id);\n    const user = new iam.User(this, 'Ci', { userName: 'ci' });\n    new iam.AccessKey(this, 'CiKey', { user });\n  }\n}\n";

async function warnings(source: string): Promise<string[]> {
  const root = tempTree({ 'app/cdk.json': '{}', 'app/app.ts': HEAD + CI_STACK + source }, 'credlint-cdk-apps-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.ruleId} ${f.severity} ${f.message.replace(/:.*/, '')}`);
}

describe('undecided keys and several Apps', () => {
  it('a key made in a test case under an App of its own is no second key of the app’s user', async () => {
    expect(
      await warnings("new CiStack(new App(), 'Top');\ntest('creates the key', () => {\n  const app = new App();\n  new CiStack(app, 'Test');\n});\n"),
    ).toEqual([]);
  });

  it('a key made in a test case for a user of the app’s own App may still be a second key of that user', async () => {
    expect(
      await warnings(
        "const app = new App();\nconst s = new Stack(app, 'S');\nconst u = new iam.User(s, 'U', { userName: 'ci' });\nnew iam.AccessKey(s, 'K1', { user: u });\n" +
          "new CiStack(new App(), 'Other');\ntest('adds a key', () => {\n  new iam.AccessKey(s, 'K2', { user: u });\n});\n",
      ),
    ).toEqual(['multiple-active-access-keys warning Cannot tell whether S/K2 is a second active access key of a user']);
  });
});
