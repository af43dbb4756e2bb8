/**
 * A `for_each` whose value is unknown but written as conditionals whose results are known collections
 * (`var.enabled ? toset(var.users) : []`, a module's usual switch of a block of many instances) makes
 * the instances of one of them: at most as many as the largest has elements (one at most is never a
 * second key of its own), and, where the results are sets or lists of strings, each `each.key` and
 * `each.value` is one of their elements (so never `root` unless one is). Anything else unknown stays
 * undecided.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

async function warnings(files: Readonly<Record<string, string>>): Promise<string[]> {
  const root = tempTree(files, 'credlint-for-each-bound-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.ruleId} ${f.location.file.slice(root.length + 1)}:${f.location.range.start.line}`);
}

const SWITCHED_KEY = (forEach: string, user = '"deploy"') => `variable "enabled" {
  type = bool
}

variable "users" {
  type    = list(string)
  default = ["ana", "bob"]
}

resource "aws_iam_access_key" "deploy" {
  for_each = ${forEach}
  user     = ${user}
}
`;

describe('a for_each that is a conditional of known collections', () => {
  it('is one key at most where no result has more than one element', async () => {
    for (const forEach of ['var.enabled ? toset(["ci"]) : []', 'var.enabled ? { ci = 1 } : {}', '(var.enabled ? toset(["ci"]) : toset([]))']) {
      expect(await warnings({ 'main.tf': SWITCHED_KEY(forEach) }), forEach).toEqual([]);
    }
  });

  it('may be a second key of its own where a result has two elements', async () => {
    expect(await warnings({ 'main.tf': SWITCHED_KEY('var.enabled ? toset(["a", "b"]) : []') })).toEqual(['multiple-active-access-keys main.tf:10']);
  });

  // Whether two of these keys may be one user's (names compared as IAM does) is another question.
  const root = async (files: Readonly<Record<string, string>>) => (await warnings(files)).filter((w) => w.startsWith('root-user-access-key'));

  it('names users that are elements of the results, never root unless one is', async () => {
    expect(await root({ 'main.tf': SWITCHED_KEY('var.enabled ? toset(var.users) : []', 'each.key') })).toEqual([]);
    expect(await root({ 'main.tf': SWITCHED_KEY('var.enabled ? toset(var.users) : toset(["ops"])', 'each.value') })).toEqual([]);
    expect(await root({ 'main.tf': SWITCHED_KEY('var.enabled ? toset(["ana", "root"]) : []', 'each.key') })).toEqual(['root-user-access-key main.tf:10']);
  });

  it('stays undecided where a result is unknown or a map of other values', async () => {
    const more = 'variable "more" {\n  type = list(string)\n}\n';
    expect(await root({ 'main.tf': SWITCHED_KEY('var.enabled ? toset(var.more) : []', 'each.key') + more })).toEqual(['root-user-access-key main.tf:10']);
    // each.value of a map is the key's value, not the key: "root" here.
    expect(await root({ 'main.tf': SWITCHED_KEY('var.enabled ? { ana = "root" } : {}', 'each.value') })).toEqual(['root-user-access-key main.tf:10']);
  });
});
