/**
 * `items.reduce(...)` (`array-reduce.ts`) over the record another `reduce` built. Each read of that
 * record in the callback evaluated its `reduce` again, so 62 names already ran past the steps one
 * expression may take; a variable declared outside the callback is now evaluated once for all its
 * runs, so 200 names are a finding. A chain of such reduces over 1,000 names still runs past those
 * steps: the value is cut off, and the `reduce` and the member read must keep it cut off (they made
 * it a plain unknown: the key of a user with a console password was no finding, exit code 0). Where
 * it decides a key's user the scan is incomplete (a `parse-error` at the key, exit 2).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { hostileWorkspaces } from '../support/hostile-workspace.js';

const workspace = hostileWorkspaces('credlint-cdk-reduce-');

/** `r0` builds `count` console users; each of `depth` reduces copies the record the one before built. */
function app(count: number, depth: number): string {
  const names = JSON.stringify(Array.from({ length: count }, (_, i) => `u${String(i)}`));
  const copies = Array.from(
    { length: depth },
    (_, i) => `const r${String(i + 1)} = names.reduce((acc, n) => { acc[n] = r${String(i)}[n]; return acc; }, {} as Record<string, iam.User>);`,
  );
  return [
    "import * as cdk from 'aws-cdk-lib';",
    "import * as iam from 'aws-cdk-lib/aws-iam';",
    'const app = new cdk.App();',
    "const stack = new cdk.Stack(app, 'People');",
    `const names = ${names};`,
    "const r0 = names.reduce((acc, n) => { acc[n] = new iam.User(stack, n, { userName: n, password: cdk.SecretValue.unsafePlainText('x') }); return acc; }, {} as Record<string, iam.User>);",
    ...copies,
    `new iam.AccessKey(stack, 'Key', { user: r${String(depth)}.u${String(count - 1)} });`,
    '',
  ].join('\n');
}

async function findings(count: number, depth: number): Promise<{ here: { ruleId: string; line: number; message: string }[]; good: string[] }> {
  const root = workspace({ 'app/cdk.json': '{ "app": "npx ts-node app.ts" }\n', 'app/app.ts': app(count, depth) });
  const result = await lint({ paths: [root], cwd: root, env: {} });
  const here = result.findings
    .filter((f) => f.location.file === join(root, 'app/app.ts'))
    .map((f) => ({ ruleId: f.ruleId, line: f.location.range.start.line, message: f.message }));
  return { here, good: result.findings.filter((f) => f.location.file === join(root, 'good/main.tf')).map((f) => f.ruleId) };
}

describe('a reduce of a reduce', () => {
  // A real synth of this app (200 names) gives the key the user u199, which has a login profile.
  it('reads the first record once: 200 names are a finding', async () => {
    const { here } = await findings(200, 1);
    expect(here.map((f) => `${f.ruleId} ${String(f.line)}`)).toEqual(['console-user-with-access-key 8']);
  });

  it('reads each name of one destructuring declaration as its own value', async () => {
    const source = [
      "import * as cdk from 'aws-cdk-lib';",
      "import * as iam from 'aws-cdk-lib/aws-iam';",
      'const app = new cdk.App();',
      "const stack = new cdk.Stack(app, 'People');",
      "const names = ['a', 'b'];",
      'const { quiet, loud } = {',
      "  quiet: new iam.User(stack, 'Quiet', { userName: 'quiet' }),",
      "  loud: new iam.User(stack, 'Loud', { userName: 'loud', password: cdk.SecretValue.unsafePlainText('x') }),",
      '};',
      "const keyed = names.reduce((acc, n) => { acc[n] = n === 'a' ? quiet : loud; acc[n + 'x'] = loud; return acc; }, {} as Record<string, iam.User>);",
      "new iam.AccessKey(stack, 'Key', { user: keyed.ax });",
      '',
    ].join('\n');
    const root = workspace({ 'app/cdk.json': '{ "app": "npx ts-node app.ts" }\n', 'app/app.ts': source });
    const result = await lint({ paths: [root], cwd: root, env: {} });
    const here = result.findings.filter((f) => f.location.file === join(root, 'app/app.ts'));
    expect(here.map((f) => `${f.ruleId} ${String(f.location.range.start.line)}`)).toEqual(['console-user-with-access-key 11']);
  });

  it('past the steps of one expression (four copies of 1,000 names) is a parse-error at the key, never exit 0 with nothing', async () => {
    const { here, good } = await findings(1000, 4);
    expect(here.map((f) => `${f.ruleId} ${String(f.line)}`)).toEqual(['parse-error 11']);
    expect(here[0]?.message).toMatch(/^value cut off at credlint's size limit decides which IAM users or access keys are created here: /);
    expect(good).toEqual(['console-user-with-access-key']);
  });
});
