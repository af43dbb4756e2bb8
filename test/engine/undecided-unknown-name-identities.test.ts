/**
 * `--report-unknown` and a login profile or key whose existence is unknown (a `count` or `for_each`
 * without a value) and whose user's name is unknown too: it is left undecided under the identity of that
 * name (the declared user it refers to, or the symbol it is written with). That identity is not a name: the
 * name may turn out to be the one other login profiles and keys write in text, so the two together may
 * break a rule, unless what is known of the names, or two declarations of users, rule it out.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

async function findings(mainTf: string): Promise<string[]> {
  const root = tempTree({ 'main.tf': mainTf }, 'credlint-unknown-name-identities-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.severity} ${f.ruleId} ${f.location.file.slice(root.length + 1)}:${f.location.range.start.line}`);
}

const VARIABLES = 'variable "name" {\n  type = string\n}\n\nvariable "on" {\n  type = bool\n}\n\nvariable "users" {\n  type = set(string)\n}\n';
const block = (type: string, label: string, body: string) => `\nresource "${type}" "${label}" {\n${body}\n}\n`;
const OPS_KEY = block('aws_iam_access_key', 'ops', '  user = "ops"');

describe('an undecided key whose user name is unknown, beside a key of a user named in text', () => {
  it('may be the second key of that user: the unknown name may be "ops"', async () => {
    for (const keys of [
      // One key per instance of a user block over an unknown set: var.users = ["ops"] gives ops two keys.
      block('aws_iam_user', 'u', '  for_each = var.users\n  name     = each.key') +
        block('aws_iam_access_key', 'k', '  for_each = var.users\n  user     = aws_iam_user.u[each.key].name'),
      // A user and its key switched on together; var.on = true and var.name = "ops".
      block('aws_iam_user', 'u', '  count = var.on ? 1 : 0\n  name  = var.name') +
        block('aws_iam_access_key', 'k', '  count = var.on ? 1 : 0\n  user  = aws_iam_user.u[0].name'),
      // A user that exists, its key switched.
      block('aws_iam_user', 'u', '  name = var.name') + block('aws_iam_access_key', 'k', '  count = var.on ? 1 : 0\n  user  = aws_iam_user.u.name'),
      // A key switched, naming its user by a variable.
      block('aws_iam_access_key', 'k', '  count = var.on ? 1 : 0\n  user  = var.name'),
    ]) {
      const result = await findings(VARIABLES + keys + OPS_KEY);
      expect(
        result.filter((f) => f.includes('multiple-active-access-keys')),
        keys,
      ).toHaveLength(1);
    }
  });

  it('and the other way round: a switched key of a name written in text beside a user of unknown name', async () => {
    const switchedOps = block('aws_iam_access_key', 'ops', '  count = var.on ? 1 : 0\n  user  = "ops"');
    const user = block('aws_iam_user', 'u', '  name = var.name') + block('aws_iam_access_key', 'k', '  user = aws_iam_user.u.name');
    const result = await findings(VARIABLES + user + switchedOps);
    expect(result.filter((f) => f.includes('multiple-active-access-keys'))).toHaveLength(1);
    // "ops" declared as a user of its own, which exists: aws_iam_user.u is another user.
    const declared = switchedOps.replace('"ops"', 'aws_iam_user.ops.name') + block('aws_iam_user', 'ops', '  name = "ops"');
    expect((await findings(VARIABLES + user + declared)).filter((f) => f.includes('multiple-active-access-keys'))).toEqual([]);
  });

  it('may be the key of a console user named in text', async () => {
    const text =
      VARIABLES +
      block('aws_iam_user', 'u', '  count = var.on ? 1 : 0\n  name  = var.name') +
      block('aws_iam_access_key', 'k', '  count = var.on ? 1 : 0\n  user  = aws_iam_user.u[0].name') +
      block('aws_iam_user_login_profile', 'ops', '  user = "ops"');
    expect((await findings(text)).filter((f) => f.includes('console-user-with-access-key'))).toHaveLength(1);
  });

  it('is not where what is known of the name rules the user out, or the user is declared apart', async () => {
    for (const keys of [
      // "ci-..." is never "ops".
      block('aws_iam_user', 'u', '  for_each = var.users\n  name     = "ci-${each.key}"') +
        block('aws_iam_access_key', 'k', '  for_each = var.users\n  user     = aws_iam_user.u[each.key].name') +
        OPS_KEY,
      // "ops" is declared as a user of its own: IAM refuses a second user of that name.
      block('aws_iam_user', 'ops', '  name = "ops"') +
        block('aws_iam_user', 'u', '  count = var.on ? 1 : 0\n  name  = var.name') +
        block('aws_iam_access_key', 'ops', '  user = aws_iam_user.ops.name') +
        block('aws_iam_access_key', 'k', '  count = var.on ? 1 : 0\n  user  = aws_iam_user.u[0].name'),
    ]) {
      const result = await findings(VARIABLES + keys);
      expect(
        result.filter((f) => !f.includes('root-user-access-key')),
        keys,
      ).toEqual([]);
    }
  });
});
