/**
 * A project of several CDK apps (the cdk.json app, test files that create their own `App`): a stack
 * class or helper that one app calls and another only imports (for a type, a constant, or with the
 * call commented out) exists in the first app alone. It is analysed there per call, and creates
 * nothing in the other (README: a class "never instantiated or called in the project is analysed
 * once, with its parameters unknown").
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

const KEY_STACK = `import { Stack } from 'aws-cdk-lib';
import { AccessKey, User } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

export type KeyStackProps = { userName: string };

export class KeyStack extends Stack {
  constructor(scope: Construct, id: string, props: KeyStackProps) {
    super(scope, id);
    const user = new User(this, 'User', { userName: props.userName });
    new AccessKey(this, 'Key', { user });
  }
}

export function addConsoleUser(scope: Construct): void {
  const user = new User(scope, 'Person', { userName: 'ana', password: SecretValue.unsafePlainText('x') });
  new AccessKey(scope, 'PersonKey', { user });
}

export class LibraryStack extends Stack {
  constructor(scope: Construct, id: string, props: KeyStackProps) {
    super(scope, id);
    new AccessKey(this, 'Key', { user: User.fromUserName(this, 'U', props.userName) });
  }
}
`.replace("import { Stack } from 'aws-cdk-lib';", "import { SecretValue, Stack } from 'aws-cdk-lib';");

/** The findings, as `unit rule severity message` with the message cut at its first colon. */
async function findings(files: Readonly<Record<string, string>>): Promise<string[]> {
  const root = tempTree(
    { 'package.json': '{"dependencies": {"aws-cdk-lib": "2.0.0"}}', 'cdk.json': '{"app": "npx ts-node bin/app.ts"}', ...files },
    'credlint-cdk-other-apps-',
  );
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${String(f.unitId).replace(/^.*#/, '')} ${f.ruleId} ${f.severity} ${f.message.replace(/:.*/, '')}`).sort();
}

describe('classes and functions another app of the project calls', () => {
  it('create nothing in an app that only imports their file', async () => {
    const files = {
      'lib/key-stack.ts': KEY_STACK,
      // The deployed app imports the file for its type only (its stack left out, as in a project
      // whose call is commented out); the test app calls the class and the helper.
      'bin/app.ts': `import { App, Stack } from 'aws-cdk-lib';\nimport { KeyStackProps } from '../lib/key-stack';\nconst props: KeyStackProps = { userName: 'unused' };\nnew Stack(new App(), 'Empty', { description: props.userName });\n`,
      'test/key-stack.test.ts': `import { App, Stack } from 'aws-cdk-lib';\nimport { KeyStack, addConsoleUser } from '../lib/key-stack';\nconst app = new App();\nnew KeyStack(app, 'Keys', { userName: 'root' });\naddConsoleUser(new Stack(app, 'People'));\n`,
    };
    expect(await findings(files)).toEqual([
      // LibraryStack is called by no app: each app that imports its file analyses it once, props unknown.
      'bin/app.ts root-user-access-key warning Cannot tell whether access key LibraryStack/Key is for the root user',
      'test/key-stack.test.ts console-user-with-access-key error IAM user "ana" has a console password (key-stack/Person.password) and an active access key (key-stack/PersonKey).',
      'test/key-stack.test.ts console-user-with-access-key warning Cannot tell whether LibraryStack/Key belongs to a console user with an active access key',
      'test/key-stack.test.ts multiple-active-access-keys warning Cannot tell whether LibraryStack/Key is a second active access key of a user',
      'test/key-stack.test.ts root-user-access-key error Access key KeyStack/Key is for user "root"',
      'test/key-stack.test.ts root-user-access-key warning Cannot tell whether access key LibraryStack/Key is for the root user',
    ]);
  });
});
