/**
 * A value cut off at credlint's size limit (`UnknownValue.cutOff`: here a split past 1,000 elements)
 * that decides which IAM construct is created makes the scan incomplete (a `parse-error`, exit 2). This
 * release's generic `CfnResource` read such a value in its `type` or `properties` as merely not known:
 * a note in the CLI (nothing in the ESLint plugin, which drops notes) and exit 0, although a real synth
 * writes an access key for a user with a console password. And a spread of a cut-off value over props
 * written before it (`{ userName: 'ana', ...(cut ? {} : { status: 'Inactive' }) }`) made those props
 * plain unknowns: no finding, no note, exit 0, for `CfnAccessKey` too.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { hostileWorkspaces } from '../support/hostile-workspace.js';

const workspace = hostileWorkspaces('credlint-cdk-generic-cut-off-');

/** An app whose `ana` has a console password; `key` creates her key, deciding on `big` (1,001 elements, cut off). */
function app(key: string): string {
  return [
    "import { App, CfnResource, SecretValue, Stack } from 'aws-cdk-lib';",
    "import * as iam from 'aws-cdk-lib/aws-iam';",
    "const stack = new Stack(new App(), 'Console');",
    "const ana = new iam.User(stack, 'Ana', { userName: 'ana', password: SecretValue.unsafePlainText('change-me') });",
    "const big = 'x'.repeat(1001).split('');",
    key,
    '',
  ].join('\n');
}

async function scan(key: string): Promise<string[]> {
  const root = workspace({ 'app/cdk.json': '{ "app": "npx ts-node app.ts" }\n', 'app/app.ts': app(key) });
  const result = await lint({ paths: [root], cwd: root, env: {} });
  return result.findings
    .filter((f) => f.location.file === join(root, 'app/app.ts'))
    .map((f) => `${f.ruleId} ${String(f.location.range.start.line)} ${f.ruleId === 'parse-error' ? f.message.slice(0, 60) : ''}`.trim());
}

const INCOMPLETE = "parse-error 6 value cut off at credlint's size limit decides which IAM use";

describe('a value cut off at a size limit deciding a generic CfnResource', () => {
  it.each([
    ['its type', "new CfnResource(stack, 'K', { type: big.length > 5 ? 'AWS::IAM::AccessKey' : 'AWS::SNS::Topic', properties: { UserName: 'ana' } });"],
    ['its properties', "new CfnResource(stack, 'K', { type: 'AWS::IAM::AccessKey', properties: big.length > 5 ? { UserName: 'ana' } : 7 });"],
    [
      'its type through a spread',
      "new CfnResource(stack, 'K', { ...(big.length > 5 ? { type: 'AWS::IAM::AccessKey' } : { type: 'AWS::SNS::Topic' }), properties: { UserName: 'ana' } });",
    ],
    [
      'a computed key of its properties',
      "new CfnResource(stack, 'K', { type: 'AWS::IAM::AccessKey', properties: { [big.length > 5 ? 'UserName' : 'Other']: 'ana' } });",
    ],
    [
      'its props, not written in the new',
      "const props = { type: big.length > 5 ? 'AWS::IAM::AccessKey' : 'AWS::SNS::Topic', properties: { UserName: 'ana' } };\nnew CfnResource(stack, 'K', props);",
    ],
  ])('%s: the scan is incomplete', async (_, key) => {
    // At the `new` (line 6, or 7 after the props' declaration).
    const line = 5 + key.split('\n').length;
    expect(await scan(key)).toEqual([INCOMPLETE.replace(' 6 ', ` ${String(line)} `)]);
  });

  it.each([
    ['CfnAccessKey', "new iam.CfnAccessKey(stack, 'K', { userName: 'ana', ...(big.length > 5 ? {} : { status: 'Inactive' }) });"],
    [
      'CfnResource',
      "new CfnResource(stack, 'K', { type: 'AWS::IAM::AccessKey', properties: { UserName: 'ana', ...(big.length > 5 ? {} : { Status: 'Inactive' }) } });",
    ],
    ['CfnAccessKey, a computed key', "new iam.CfnAccessKey(stack, 'K', { [big.length > 5 ? 'userName' : 'other']: 'ana' });"],
  ])('%s: a prop a cut-off value may write stays cut off', async (_, key) => {
    expect((await scan(key)).filter((f) => f.startsWith('parse-error'))).toEqual([INCOMPLETE]);
  });

  it('keeps the mark of an object literal whose computed key ran past the steps of one expression', async () => {
    // Each object spreads the one before twice: evaluating the last runs past the 20,000 steps of one
    // expression, at its computed key. A real synth gives the key UserName ana.
    const objects = Array.from({ length: 12 }, (_, i) => `const p${String(i + 1)} = { ...p${String(i)}, ...p${String(i)}, ['k${String(i)}']: ${String(i)} };`);
    const key = ["const p0 = { UserName: 'ana' };", ...objects, "new CfnResource(stack, 'K', { type: 'AWS::IAM::AccessKey', properties: p12 });"].join('\n');
    expect(await scan(key)).toEqual([INCOMPLETE.replace(' 6 ', ' 19 ')]);
  });
});
