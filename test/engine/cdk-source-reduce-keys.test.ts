/**
 * The keys a `reduce` writes are property keys as JavaScript makes them (`String(key)`), as for an
 * object filled in place: `acc[name === 'ci'] = new iam.User(...)` writes `"true"` and `"false"`
 * (synth, aws-cdk-lib 2.276: CiKey1 and CiKey2 both belong to ci). A boolean key left the whole record
 * unknown, so the two keys read back from it were warnings only.
 */
import { afterAll, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

it('reads a record reduce keys by a boolean', async () => {
  const app =
    "import { App, Stack } from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\nconst stack = new Stack(new App(), 'S');\n" +
    "const byCi = ['ops', 'ci'].reduce((acc: any, name, i) => {\n  acc[name === 'ci'] = new iam.User(stack, `User${i}`, { userName: name });\n  return acc;\n}, {});\n" +
    "new iam.AccessKey(stack, 'CiKey1', { user: byCi['true'] });\nnew iam.AccessKey(stack, 'CiKey2', { user: byCi.true });\n" +
    "new iam.AccessKey(stack, 'OpsKey', { user: byCi[String(false)] });\n";
  const root = tempTree({ 'cdk.json': '{"app": "npx ts-node app.ts"}', 'app.ts': app }, 'credlint-reduce-keys-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  expect(result.findings.map((f) => `${f.severity} ${f.ruleId} ${f.message}`)).toEqual([
    'error multiple-active-access-keys IAM user "ci" has 2 active access keys (S/CiKey1, S/CiKey2); at most one may be active.',
  ]);
});
