/**
 * A call of a generator function (`function* names() { ... return 'root'; }`) gives a generator object,
 * not the value its `return` gives (https://tc39.es/ecma262/#sec-generator-objects): `String(names())`
 * is "[object Generator]". What such a call gives is unknown to credlint; an ordinary function's one
 * `return` still gives its value.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

async function findings(declaration: string): Promise<string[]> {
  const root = tempTree(
    {
      'package.json': '{"dependencies": {"aws-cdk-lib": "2.0.0"}}',
      'cdk.json': '{"app": "npx ts-node --prefer-ts-exts app.ts"}',
      'app.ts':
        "import { App, Stack } from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\n" +
        declaration +
        "const app = new App();\nconst stack = new Stack(app, 'S');\nconst name = String(names());\n" +
        "new iam.AccessKey(stack, 'Key', { user: iam.User.fromUserName(stack, 'User', name) });\n",
    },
    'credlint-generator-calls-',
  );
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.severity} ${f.ruleId} ${f.message}`);
}

describe('the value of a call', () => {
  it('of a generator function is not what its return gives', async () => {
    const [finding, ...rest] = await findings("function* names(): Generator<string, string> {\n  yield 'ci';\n  return 'root';\n}\n");
    expect(finding).toMatch(/^warning root-user-access-key Cannot tell whether access key S\/Key is for the root user: .*names\(\).* generator/);
    expect(rest).toEqual([]);
  });

  it('of a generator method is not what its return gives either', async () => {
    const [finding] = await findings("const team = {\n  *all(): Generator<string, string> {\n    return 'root';\n  },\n};\nconst names = () => team.all();\n");
    expect(finding).toMatch(/^warning root-user-access-key .*generator/);
  });

  it('of an ordinary function is what its one return gives', async () => {
    expect(await findings("function names(): string {\n  return 'root';\n}\n")).toEqual([
      'error root-user-access-key Access key S/Key is for user "root": root access keys must not exist, and infrastructure code cannot create one for the real root user, so this is a mistake or an IAM user literally named "root".',
    ]);
  });
});
