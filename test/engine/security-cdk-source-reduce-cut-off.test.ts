/**
 * `items.reduce(...)` (this release's `array-reduce.ts`) over the record another `reduce` built: each
 * read of that record evaluates its `reduce` again, so 62 names already ran past the steps one
 * expression may take. The value was cut off, but the `reduce` and the member read made it a plain
 * unknown: the key of a user with a console password was no finding, exit code 0. A value cut off
 * at a limit now stays cut off through both, and where it decides a key's user the scan is
 * incomplete (a `parse-error` at the key, exit 2).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { hostileWorkspaces } from '../support/hostile-workspace.js';

const workspace = hostileWorkspaces('credlint-cdk-reduce-');

function app(count: number): string {
  const names = JSON.stringify(Array.from({ length: count }, (_, i) => `u${String(i)}`));
  return [
    "import * as cdk from 'aws-cdk-lib';",
    "import * as iam from 'aws-cdk-lib/aws-iam';",
    'const app = new cdk.App();',
    "const stack = new cdk.Stack(app, 'People');",
    `const names = ${names};`,
    "const users = names.reduce((acc, n) => { acc[n] = new iam.User(stack, n, { userName: n, password: cdk.SecretValue.unsafePlainText('x') }); return acc; }, {} as Record<string, iam.User>);",
    'const again = names.reduce((acc, n) => { acc[n] = users[n]; return acc; }, {} as Record<string, iam.User>);',
    `new iam.AccessKey(stack, 'Key', { user: again.u${String(count - 1)} });`,
    '',
  ].join('\n');
}

describe('a reduce of a reduce past the steps of one expression', () => {
  // The shape within the steps is a finding: fixtures/console-user-with-access-key/cdk-source/positive/users-built-with-reduce.
  it('is a parse-error at the key, never exit 0 with nothing', async () => {
    const root = workspace({ 'app/cdk.json': '{ "app": "npx ts-node app.ts" }\n', 'app/app.ts': app(64) });
    const file = join(root, 'app/app.ts');
    const result = await lint({ paths: [root], cwd: root, env: {} });
    const here = result.findings.filter((f) => f.location.file === file);
    expect(here.map((f) => `${f.ruleId} ${String(f.location.range.start.line)}`)).toEqual(['parse-error 8']);
    expect(here[0]?.message).toMatch(/^value cut off at credlint's size limit decides which IAM users or access keys are created here: /);
    expect(result.findings.filter((f) => f.location.file === join(root, 'good/main.tf')).map((f) => f.ruleId)).toEqual(['console-user-with-access-key']);
  });
});
