/**
 * An async function the app calls without waiting for it (`main();`) returns at its first `await`; the
 * app's next statements run first. Where they call `app.synth()`, what the body adds after that
 * `await` comes after the assembly is written (aws-cdk-lib 2.276: one key, not two): of unknown
 * existence. Without such a call the App synthesizes as the process exits, after the body is done.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

const MAIN =
  "import { App, Stack } from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\n" +
  "const load = async (): Promise<string> => 'x';\nconst app = new App();\n" +
  "async function main(): Promise<void> {\n  const stack = new Stack(app, 'S');\n  const user = new iam.User(stack, 'Ci', { userName: 'ci' });\n" +
  "  new iam.AccessKey(stack, 'First', { user });\n  await load();\n  new iam.AccessKey(stack, 'Second', { user });\n}\n";

async function findings(calls: string): Promise<string[]> {
  const root = tempTree(
    { 'package.json': '{"dependencies": {"aws-cdk-lib": "2.0.0"}}', 'cdk.json': '{"app": "npx ts-node app.ts"}', 'app.ts': MAIN + calls },
    'credlint-unawaited-async-main-',
  );
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.severity} ${f.ruleId} ${f.message}`);
}

describe('an async function the app does not wait for', () => {
  it.each([['main();\napp.synth();\n'], ['void main();\napp.synth();\n'], ['main().catch(() => undefined);\napp.synth();\n']])(
    'adds after its await to an App synthesized first: %j',
    async (calls) => {
      const found = await findings(calls);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(
        /^warning multiple-active-access-keys Cannot tell whether S\/Second .*created after an await in main\(\), .* before app\.synth\(\) at line 13/,
      );
    },
  );

  it.each([['main();\n'], ['await main();\napp.synth();\n'], ['main().then(() => app.synth());\n']])(
    'adds to an App synthesized after it: %j',
    async (calls) => {
      expect(await findings(calls)).toEqual([
        'error multiple-active-access-keys IAM user "ci" has 2 active access keys (S/First, S/Second); at most one may be active.',
      ]);
    },
  );
});
