/**
 * A Set or Map filled with values that create no construct (`consoleUsers.add('dana')`,
 * `keys.set('eli', 2)`) before code that creates users reads it: the walk visits those writes too,
 * in the order they run, so what they fill is known. Where a write or a read may run at another time
 * (in a function declared beside it), the collection stays unknown.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

async function findings(body: string): Promise<string[]> {
  const source = `import * as cdk from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

class OpsStack extends cdk.Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
${body}
    for (const [login, count] of keys) {
      const user = new iam.User(this, login, {
        userName: login,
        password: consoleUsers.has(login) ? cdk.SecretValue.unsafePlainText('x') : undefined,
      });
      for (let i = 0; i < count; i++) new iam.AccessKey(this, \`\${login}Key\${i}\`, { user });
    }
  }
}
new OpsStack(new cdk.App(), 'Ops');
`;
  const root = tempTree({ 'app/cdk.json': '{}', 'app/app.ts': source }, 'credlint-cdk-filled-plain-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.severity} ${f.ruleId} ${f.message.replace(/: .*/, '')}`);
}

const ERRORS = [
  'error console-user-with-access-key IAM user "dana" has a console password (OpsStack/dana.password) and an active access key (OpsStack/danaKey0).',
  'error multiple-active-access-keys IAM user "eli" has 2 active access keys (OpsStack/eliKey0, OpsStack/eliKey1); at most one may be active.',
];

describe('collections filled with plain values', () => {
  it('are known where code that creates users reads them (warnings before)', async () => {
    expect(
      await findings(
        "    const consoleUsers = new Set<string>();\n    consoleUsers.add('dana');\n    const keys = new Map<string, number>();\n    keys.set('dana', 1);\n    keys.set('eli', 2);",
      ),
    ).toEqual(ERRORS);
  });

  it('are known when filled in a callback run in place', async () => {
    expect(
      await findings(
        "    const consoleUsers = new Set<string>();\n    ['dana'].forEach((n) => {\n      consoleUsers.add(n);\n    });\n    const keys = new Map<string, number>();\n    keys.set('dana', 1);\n    keys.set('eli', 2);",
      ),
    ).toEqual(ERRORS);
  });

  it('stay unknown when filled by a function declared beside them, which may run at another time', async () => {
    const result = await findings(
      "    const consoleUsers = new Set<string>();\n    function allow(n: string) { consoleUsers.add(n); }\n    allow('dana');\n    const keys = new Map<string, number>();\n    keys.set('dana', 1);\n    keys.set('eli', 2);",
    );
    expect(result.filter((f) => f.startsWith('error'))).toEqual([ERRORS[1]]);
    expect(result.filter((f) => f.startsWith('warning console-user'))).toEqual([
      'warning console-user-with-access-key Cannot tell whether OpsStack/dana.password belongs to a console user with an active access key',
      'warning console-user-with-access-key Cannot tell whether OpsStack/eli.password belongs to a console user with an active access key',
    ]);
  });
});
