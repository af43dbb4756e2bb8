/**
 * CDK TypeScript source on a stranger's pull request (docs/security.md): a loop whose iterations are
 * known but more than credlint expands in one loop (1,000) is walked once, what it creates of unknown
 * existence. That must make the scan incomplete (a `parse-error`, exit 2) at the loop: a pull request
 * wrapping a user with a console password and an access key in `for (let i = 0; i < 1001; i++)` was
 * otherwise no finding and exit 0.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { hostileWorkspaces } from '../support/hostile-workspace.js';

const workspace = hostileWorkspaces('credlint-cdk-loops-');

const HEADER =
  "import * as cdk from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\nconst app = new cdk.App();\nconst stack = new cdk.Stack(app, 'People');\n";
const BODY = (id: string) =>
  `  const u = new iam.User(stack, ${id}, { password: cdk.SecretValue.unsafePlainText('x') });\n  new iam.AccessKey(stack, ${id} + 'Key', { user: u });\n`;

describe('a CDK loop longer than credlint expands', () => {
  it.each([
    ['a counting for', `for (let i = 0; i < COUNT; i++) {\n${BODY("'U' + i")}}\n`],
    ['a while with a counter', `let i = 0;\nwhile (i < COUNT) {\n${BODY("'U' + i")}  i++;\n}\n`],
    ['Array.from of an array-like', `Array.from({ length: COUNT }, (_, i) => {\n${BODY("'U' + i")}});\n`],
    ['forEach over values Array.from made', `const ids = Array.from({ length: COUNT }, (_, i) => 'U' + i);\nids.forEach((id) => {\n${BODY('id')}});\n`],
  ])('%s: 1,000 iterations are findings; 1,001 a parse-error at the loop, never exit 0 with nothing', async (_what, loop) => {
    for (const count of [1000, 1002]) {
      const root = workspace({ 'app/cdk.json': '{ "app": "npx ts-node app.ts" }\n', 'app/app.ts': HEADER + loop.replace('COUNT', String(count)) });
      const result = await lint({ paths: [root], cwd: root, env: {} });
      const here = result.findings.filter((f) => f.location.file === join(root, 'app/app.ts'));
      const errors = here.filter((f) => f.ruleId === 'parse-error');
      if (count === 1000) {
        expect(errors.map((f) => f.message).filter((m) => m.includes('loop of more than'))).toEqual([]);
        expect(here.length, 'findings of the expanded loop').toBeGreaterThan(0);
      } else {
        expect(errors.filter((f) => f.message.startsWith('loop of more than 1000 iterations')).length).toBe(1);
      }
    }
  });
});
