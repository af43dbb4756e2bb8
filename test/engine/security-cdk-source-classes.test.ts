/**
 * CDK TypeScript source on a stranger's pull request (docs/security.md): credlint follows a class's
 * project base classes 20 deep. A chain cut there must make the scan incomplete (a `parse-error`,
 * exit 2) where it was cut: a user class 21 levels below `iam.User` whose constructors each created an
 * access key for it was no finding and exit 0, because the class was no longer taken for an IAM user.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { hostileWorkspaces } from '../support/hostile-workspace.js';

const workspace = hostileWorkspaces('credlint-cdk-classes-');

const HEADER =
  "import * as cdk from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\nconst app = new cdk.App();\nconst stack = new cdk.Stack(app, 'People');\n";

/** `depth` classes, each extending the one before (the first `iam.User`) and creating one key for the instance. */
function keyedUserClasses(depth: number): string {
  const classes = Array.from({ length: depth }, (_, i) => {
    const base = i === 0 ? 'iam.User' : `Keyed${i - 1}`;
    return `class Keyed${i} extends ${base} {\n  constructor(scope: cdk.Stack, id: string) {\n    super(scope, id);\n    new iam.AccessKey(this, 'Key${i}', { user: this });\n  }\n}\n`;
  });
  return `${HEADER}${classes.join('')}new Keyed${depth - 1}(stack, 'Ana');\n`;
}

describe('a CDK class hierarchy deeper than credlint follows', () => {
  it('20 levels below iam.User: the keys of every level are found, the scan complete', async () => {
    const root = workspace({ 'app/cdk.json': '{ "app": "npx ts-node app.ts" }\n', 'app/app.ts': keyedUserClasses(20) });
    const result = await lint({ paths: [root], cwd: root, env: {} });
    const here = result.findings.filter((f) => f.location.file === join(root, 'app/app.ts'));
    expect(here.filter((f) => f.ruleId === 'parse-error')).toEqual([]);
    expect(here.filter((f) => f.ruleId === 'multiple-active-access-keys').map((f) => f.message)).toEqual([
      expect.stringContaining('has 20 active access keys') as string,
    ]);
  });

  it.each([21, 500])('%i levels: a parse-error where the chain was cut, never a clean scan', async (depth) => {
    const root = workspace({ 'app/cdk.json': '{ "app": "npx ts-node app.ts" }\n', 'app/app.ts': keyedUserClasses(depth) });
    const result = await lint({ paths: [root], cwd: root, env: {} });
    const errors = result.findings.filter((f) => f.ruleId === 'parse-error' && f.location.file === join(root, 'app/app.ts'));
    expect(errors.map((f) => f.message)).toEqual([
      expect.stringMatching(/^class hierarchy deeper than credlint follows: it follows 20 project base classes/) as string,
    ]);
    // The class the walk up from the instantiated one did not reach.
    const cut = depth - 21;
    expect(errors[0]?.location.range.start.line).toBe(5 + 6 * cut);
    expect(result.findings.find((f) => f.ruleId === 'console-user-with-access-key')?.location.file).toBe(join(root, 'good/main.tf'));
  });
});
