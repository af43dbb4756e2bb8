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

/**
 * A value credlint cuts off at a size limit (a split into more than 1,000 parts, a string past its
 * longest, a Set of more than 1,000 values) is not a value the source cannot tell: where it decides
 * whether, how often or which IAM constructs are created, the scan is incomplete (a parse-error, exit
 * 2) at the place it decides. A value that is genuinely unknown (an environment variable) stays a
 * silent unknown.
 */
describe('a CDK value larger than credlint evaluates', () => {
  const ids = (count: number) => `[${Array.from({ length: count }, (_, i) => `'${i}'`).join(', ')}]`;
  // Within the limit, then one past it: 1,000 parts or elements, 10,000 characters.
  it.each([
    ['for...of a split', (past: boolean) => `for (const id of 'x'.repeat(${past ? 1001 : 1000}).split('')) {\n${BODY("'U' + id")}}\n`],
    ['forEach of a split', (past: boolean) => `const parts = 'x'.repeat(${past ? 1001 : 1000}).split('');\nparts.forEach((id) => {\n${BODY("'U' + id")}});\n`],
    ['for...of a Set', (past: boolean) => `for (const id of new Set(${ids(past ? 1001 : 1000)})) {\n${BODY("'U' + id")}}\n`],
    [
      'a counting for up to a string length',
      (past: boolean) => `for (let i = 0; i < 'ab'.repeat(${past ? 5001 : 5000}).length; i += 20) {\n${BODY("'U' + i")}}\n`,
    ],
    ['forEach of new Array(n).fill()', (past: boolean) => `new Array(${past ? 1001 : 1000}).fill('x').forEach((_, i) => {\n${BODY("'U' + i")}});\n`],
    [
      'a function called in a loop over a split',
      (past: boolean) => `function make(id: string) {\n${BODY("'U' + id")}}\nfor (const id of 'x'.repeat(${past ? 1001 : 1000}).split('')) make(id);\n`,
    ],
    [
      "a second key's status decided by a split",
      (past: boolean) =>
        `const parts = 'x'.repeat(${past ? 1001 : 1000}).split('');\nconst u = new iam.User(stack, 'U');\nnew iam.AccessKey(stack, 'K', { user: u });\nnew iam.AccessKey(stack, 'K2', { user: u, status: parts[0] === 'x' ? 'Active' : 'Inactive' });\n`,
    ],
    ['a condition on a string', (past: boolean) => `if ('ab'.repeat(${past ? 5001 : 5000}).endsWith('b')) {\n${BODY("'U'")}}\n`],
    [
      'a CfnUser name cut from a string past the longest',
      (past: boolean) =>
        `const name = ('a'.repeat(5000) + 'b'.repeat(${past ? 5001 : 5000})).slice(4990, 5010);\nnew iam.CfnUser(stack, 'U', { userName: name, loginProfile: { password: 'x' } });\nnew iam.CfnAccessKey(stack, 'K', { userName: name });\n`,
    ],
  ])('%s: within the limit findings; past it a parse-error, never exit 0 with nothing', async (_what, app) => {
    for (const past of [false, true]) {
      const here = await appFindings(HEADER + app(past));
      const cut = here.filter((f) => f.ruleId === 'parse-error' && f.message.startsWith("value cut off at credlint's size limit"));
      if (!past) {
        expect(cut).toEqual([]);
        expect(here.length, 'findings within the limit').toBeGreaterThan(0);
      } else expect(cut.length, JSON.stringify(here.map((f) => f.message))).toBe(1);
    }
  });

  it('a genuinely unknown value stays a silent unknown: no parse-error, no error', async () => {
    const here = await appFindings(HEADER + `for (const id of (process.env.IDS ?? '').split(',')) {\n${BODY("'U' + id")}}\n`);
    expect(here).toEqual([]);
  });

  it('a value past the limit that decides nothing about IAM constructs is no parse-error', async () => {
    const here = await appFindings(
      HEADER + `const banner = 'ab'.repeat(20000).split('');\nnew cdk.CfnOutput(stack, 'Banner', { value: String(banner.length) });\n{\n${BODY("'U'")}}\n`,
    );
    expect(here.map((f) => f.ruleId)).toEqual(['console-user-with-access-key']);
  });
});

async function appFindings(source: string) {
  const root = workspace({ 'app/cdk.json': '{ "app": "npx ts-node app.ts" }\n', 'app/app.ts': source });
  const result = await lint({ paths: [root], cwd: root, env: {} });
  return result.findings.filter((f) => f.location.file === join(root, 'app/app.ts'));
}
