// A resource instance whose `lifecycle` `precondition` is false stops the plan ("Resource precondition
// failed"; terraform 1.11.4 on terraform_data stand-ins): that instance is undecided, the others of
// its block and the rest of the module are analysed. A condition credlint cannot decide says nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

async function scan(files: Readonly<Record<string, string>>): Promise<string[]> {
  const root = tempTree(files, 'credlint-precondition-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings
    .filter((f) => f.ruleId !== 'root-user-access-key')
    .map((f) => `${f.location.file.slice(root.length + 1)}:${f.location.range.start.line} ${f.unknown === true ? 'undecided ' : ''}${f.ruleId} ${f.message}`)
    .sort();
}

const key = (name: string, user: string, condition?: string, meta = '') =>
  `resource "aws_iam_access_key" "${name}" {\n${meta}  user = ${user}\n` +
  (condition === undefined ? '' : `  lifecycle {\n    precondition {\n      condition     = ${condition}\n      error_message = "no"\n    }\n  }\n`) +
  '}\n';

describe('lifecycle preconditions', () => {
  it('makes an instance whose precondition is false undecided', async () => {
    const lines = await scan({ 'main.tf': `variable "user" {\n  default = "ana"\n}\n${key('a', 'var.user')}${key('b', 'var.user', 'var.user != "ana"')}` });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('main.tf:7 undecided multiple-active-access-keys');
    expect(lines[0]).toContain('a precondition of aws_iam_access_key.b is false, so Terraform refuses the plan');
  });

  it('reads the condition per instance, and keeps those that pass or that it cannot decide', async () => {
    const meta = '  for_each = toset(["a", "b"])\n';
    expect(await scan({ 'main.tf': `${key('k', '"ana"', 'each.key == "a"', meta)}${key('other', '"ana"', 'true')}` })).toEqual([
      'main.tf:1 undecided multiple-active-access-keys Cannot tell whether aws_iam_access_key.k["b"] is a second active access key of a user: a precondition of aws_iam_access_key.k is false, so Terraform refuses the plan.',
      'main.tf:11 multiple-active-access-keys IAM user "ana" has 2 active access keys (aws_iam_access_key.k["a"], aws_iam_access_key.other); at most one may be active.',
    ]);
    expect(await scan({ 'main.tf': `variable "x" {}\n${key('a', '"ana"', 'var.x == "y"')}${key('b', '"ana"')}` })).toEqual([
      'main.tf:11 multiple-active-access-keys IAM user "ana" has 2 active access keys (aws_iam_access_key.a, aws_iam_access_key.b); at most one may be active.',
    ]);
  });
});
