/**
 * `--report-unknown` on a construct after an early exit whose condition is unknown: the reason names
 * the exit's file as well as its line, since the exit is often in the app's entry file (`if (!env)
 * return;`; an exit that throws with nothing to catch it is another matter: `cdk-source-aborting-throw.test.ts`) and the construct in a stack's file.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

describe('early exits in another file', () => {
  it('are named by file and line', async () => {
    const root = tempTree(
      {
        'package.json': '{"dependencies": {"aws-cdk-lib": "2.0.0"}}',
        'cdk.json': '{"app": "npx ts-node bin/main.ts"}',
        'lib/people.ts':
          "import { SecretValue, Stack } from 'aws-cdk-lib';\nimport { AccessKey, User } from 'aws-cdk-lib/aws-iam';\nimport { Construct } from 'constructs';\n" +
          'export class People extends Stack {\n  constructor(scope: Construct, id: string) {\n    super(scope, id);\n' +
          "    const user = new User(this, 'Ana', { userName: 'ana', password: SecretValue.unsafePlainText('x') });\n    new AccessKey(this, 'Key', { user });\n  }\n}\n",
        'bin/main.ts':
          "import { App } from 'aws-cdk-lib';\nimport { People } from '../lib/people';\nconst app = new App();\nfunction main(): void {\n  const stage = process.env.STAGE;\n  if (!stage) return;\n  new People(app, 'People');\n}\nmain();\n",
      },
      'credlint-early-exit-',
    );
    const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
    expect(result.findings.map((f) => `${f.location.file.slice(root.length + 1)}: ${f.message}`)).toEqual([
      'lib/people.ts: Cannot tell whether People/Ana.password belongs to a console user with an active access key: created only if the early exit at line 6 of main.ts (when !stage) is not taken, which is not known statically.',
    ]);
  });
});
