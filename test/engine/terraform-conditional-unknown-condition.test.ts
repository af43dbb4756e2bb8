/**
 * `c ? a : b` whose condition is unknown is unknown, and what is known of the condition's operands (a
 * for_each key pinned to "ci0" or "ci1" by its filter) tells nothing of the result. terraform console
 * 1.11.4, var.users = { ci0, ci1, root }: `{ for k, v in var.users : k => (k == "ci0" ? "ops" : "ops")
 * if contains(["ci0", "ci1"], k) }` is { ci0 = "ops", ci1 = "ops" }, also with `lower(k) == "ci0"`: each
 * key, if any, is a key of the console user ops.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

async function consoleFindings(main: string, files: Record<string, string> = {}): Promise<string[]> {
  const root = tempTree({ 'main.tf': main, ...files }, 'credlint-unknown-condition-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings
    .filter((f) => f.ruleId === 'console-user-with-access-key')
    .map((f) => `${f.severity} ${f.location.file.slice(root.length + 1)}:${f.location.range.start.line}`);
}

const CONSOLE_USER = `variable "users" {
  type = map(string)
}

resource "aws_iam_user" "ops" {
  name = "ops"
}

resource "aws_iam_user_login_profile" "ops" {
  user = aws_iam_user.ops.name
}
`;

const FILTER = '{ for k, v in var.users : k => v if contains(["ci0", "ci1"], k) }';

describe('a conditional whose condition tests a pinned for_each key', () => {
  it("may name any user: the key block may be the console user's", async () => {
    for (const user of ['each.key == "ci0" ? "ops" : "ops"', 'lower(each.key) == "ci0" ? "ops" : "ops"', 'each.key != "ci1" ? aws_iam_user.ops.name : "ops"']) {
      const main = `${CONSOLE_USER}\nresource "aws_iam_access_key" "k" {\n  for_each = ${FILTER}\n  user     = ${user}\n}\n`;
      expect(await consoleFindings(main), user).toEqual(['warning main.tf:13']);
    }
  });

  it('may name any user in a module call of the same filter', async () => {
    const main = `${CONSOLE_USER}\nmodule "member" {\n  source   = "./modules/member"\n  for_each = ${FILTER}\n  name     = each.key\n}\n`;
    const member = `variable "name" {\n  type = string\n}\n\nresource "aws_iam_access_key" "this" {\n  user = var.name == "ci0" ? "ops" : "ops"\n}\n`;
    expect(await consoleFindings(main, { 'modules/member/main.tf': member })).toEqual(['warning modules/member/main.tf:5']);
  });

  it('keeps the warning where the user is written plainly', async () => {
    const main = `${CONSOLE_USER}\nresource "aws_iam_access_key" "k" {\n  for_each = ${FILTER}\n  user     = "ops"\n}\n`;
    expect(await consoleFindings(main)).toEqual(['warning main.tf:13']);
  });
});
