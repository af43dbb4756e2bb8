/**
 * A block or module call switched by its `count` (`C ? 1 : 0`) has its instance only where `C` holds, so
 * inside that instance a reference `C` equates with a literal is that literal:
 * `count = var.user_name == "None" ? 1 : 0` with `user = var.user_name` is a key of user "None", never
 * root (terraform 1.11.4 plans `terraform_data.k[0]` with `input = "None"` and nothing for "root" or
 * "Root"). Comparisons that need not hold (`!=` alone, `length(...) > 0`, a term of `||`) pin nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

async function findings(files: Readonly<Record<string, string>>): Promise<string[]> {
  const root = tempTree(files, 'credlint-count-assumptions-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.severity} ${f.ruleId} ${f.address ?? ''}`);
}

const VARIABLES = `variable "user_name" {
  type = string
}

variable "enable" {
  type = bool
}

data "external" "u" {
  program = ["sh", "-c", "echo {}"]
}
`;

const key = (label: string, count: string, user: string) => `
resource "aws_iam_access_key" "${label}" {
  ${count === '' ? '' : `count = ${count}`}
  user  = ${user}
}
`;

describe('the one instance of a count switch', () => {
  it('takes the values its condition equates with literals', async () => {
    for (const text of [
      key('k', 'var.user_name == "None" ? 1 : 0', 'var.user_name'),
      key('k', '"None" == var.user_name ? 1 : 0', '"${var.user_name}"'),
      key('k', 'var.user_name != "None" ? 0 : 1', 'var.user_name'),
      key('k', '(data.external.u.result["User"] == "None") && var.enable ? 1 : 0', 'data.external.u.result["User"]'),
      key('k', '!(var.user_name != "None" || !var.enable) ? 1 : 0', 'lower(var.user_name)'),
    ]) {
      expect(await findings({ 'main.tf': VARIABLES + text }), text).toEqual([]);
    }
  });

  it('so a key switched on for one user is no second key of another', async () => {
    const text = VARIABLES + key('k', 'var.user_name != "ci" ? 0 : 1', 'var.user_name') + key('ops', '', '"ops"');
    expect(await findings({ 'main.tf': text })).toEqual([]);
    // Switched on for ops itself, it may be ops's second key.
    expect(await findings({ 'main.tf': text.replace('"ci"', '"ops"') })).toEqual(['warning multiple-active-access-keys aws_iam_access_key.k']);
  });

  it('passes them to what a module call switched so is given', async () => {
    const module = 'variable "user_name" {\n  type = string\n}\n' + key('k', '', 'var.user_name');
    const call = (count: string) =>
      VARIABLES + `\nmodule "acct" {\n  source    = "./acct"\n  count     = ${count}\n  user_name = data.external.u.result["User"]\n}\n`;
    expect(await findings({ 'main.tf': call('data.external.u.result["User"] == "None" && var.enable ? 1 : 0'), 'acct/main.tf': module })).toEqual([]);
    expect(await findings({ 'main.tf': call('data.external.u.result["User"] == "None" ? 0 : 1'), 'acct/main.tf': module })).toEqual([
      'warning root-user-access-key module.acct.aws_iam_access_key.k',
    ]);
  });

  // terraform 1.11.4, `terraform_data` stand-ins: `contains(["ci", "deploy"], var.u)` plans the instance
  // for "ci" and "deploy" only, `lower(var.u) == "ci"` for "ci" and "CI" (input `lower(var.u)` "ci"),
  // `try(var.u, "None") == "ci"` for "ci" only (`try(null, "None")` is null), `can(regex("^ci-", var.u))`
  // for "ci-x"; `var.u != null ? "ci-${var.u}" : "root"` never gives "root" where `var.u != null` holds.
  it('takes what its condition tests of a string variable, and the answers it gives', async () => {
    for (const [count, user] of <[string, string][]>[
      ['contains(["ci", "deploy"], var.user_name) ? 1 : 0', 'var.user_name'],
      ['lower(var.user_name) == "ci" ? 1 : 0', 'lower(var.user_name)'],
      ['lower(var.user_name) == "ci" ? 1 : 0', 'var.user_name'],
      ['try(var.user_name, "None") == "ci" ? 1 : 0', 'var.user_name'],
      ['can(regex("^ci-", var.user_name)) && var.enable ? 1 : 0', 'var.user_name'],
      ['var.user_name != null ? 1 : 0', 'var.user_name != null ? "ci-${var.user_name}" : "root"'],
      ['!contains(["ci", "deploy"], var.user_name) ? 0 : 1', 'var.user_name'],
    ]) {
      expect(await findings({ 'main.tf': VARIABLES + key('k', count, user) }), count).toEqual([]);
    }
  });

  it('keeps what its condition tests letting root or another user through', async () => {
    for (const [count, user] of <[string, string][]>[
      ['contains(["ci", "root"], var.user_name) ? 1 : 0', 'var.user_name'],
      // IAM takes `Root` for root.
      ['!contains(["root"], var.user_name) ? 1 : 0', 'var.user_name'],
      ['var.user_name == null ? 1 : 0', 'var.user_name != null ? "ci-${var.user_name}" : "root"'],
      ['contains(["ci", "deploy"], var.user_name) || var.enable ? 1 : 0', 'var.user_name'],
      // Where var.user_name is null, `try` gives null, which is not "root": the instance exists, and fails the plan.
      ['try(var.user_name, "root") == "root" ? 0 : 1', 'var.user_name'],
    ]) {
      const result = await findings({ 'main.tf': VARIABLES + key('k', count, user) });
      expect(result, count).toEqual(['warning root-user-access-key aws_iam_access_key.k']);
    }
    // "ci" may be the one it is switched on for.
    const beside = VARIABLES + key('k', 'contains(["ci", "deploy"], var.user_name) ? 1 : 0', 'var.user_name') + key('ci', '', '"ci"');
    expect(await findings({ 'main.tf': beside })).toEqual(['warning multiple-active-access-keys aws_iam_access_key.k']);
  });

  // terraform 1.11.4: `for_each = var.u == "None" ? toset(["primary"]) : toset([])` plans `k["primary"]`
  // with input "None" for u = "None" and nothing for "ci" or "root"; `? var.keys : toset([])` likewise.
  it('takes what a for_each switch between a collection and an empty one tests, in each instance', async () => {
    const forEach = (label: string, written: string) => `
resource "aws_iam_access_key" "${label}" {
  for_each = ${written}
  user     = var.user_name
}
`;
    for (const written of [
      'var.user_name == "None" ? toset(["primary"]) : toset([])',
      'contains(["ci", "deploy"], var.user_name) ? { main = "Active" } : {}',
      '!(var.user_name != "None") ? toset(["a"]) : []',
    ]) {
      expect(await findings({ 'main.tf': VARIABLES + forEach('k', written) }), written).toEqual([]);
    }
    const keys = 'variable "keys" {\n  type = set(string)\n}\n';
    expect(await findings({ 'main.tf': VARIABLES + keys + forEach('k', 'var.user_name == "None" ? var.keys : toset([])') })).toEqual([
      'warning multiple-active-access-keys aws_iam_access_key.k',
    ]);
    // Empty where the comparison holds: the instances exist where it does not, which pins nothing.
    expect(await findings({ 'main.tf': VARIABLES + forEach('k', 'var.user_name == "None" ? toset([]) : toset(["primary"])') })).toEqual([
      'warning root-user-access-key aws_iam_access_key.k',
    ]);
  });

  it('pins nothing from a comparison that need not hold, nor outside the instance', async () => {
    for (const count of [
      'var.user_name == "None" ? 0 : 1',
      'var.user_name != "" ? 1 : 0',
      'length(var.user_name) > 0 ? 1 : 0',
      // IAM takes `Root` for root: only `==` pins a name.
      'var.user_name == "root" ? 0 : 1',
      'var.user_name == "None" || var.enable ? 1 : 0',
      'var.user_name == "None" ? 1 : 2',
    ]) {
      const result = await findings({ 'main.tf': VARIABLES + key('k', count, 'var.user_name') });
      expect(
        result.filter((f) => f.includes('root-user-access-key')),
        count,
      ).toHaveLength(1);
    }
    // Another block reading the same variable exists whatever it is.
    const beside = VARIABLES + key('k', 'var.user_name == "None" ? 1 : 0', 'var.user_name') + key('other', '', 'var.user_name');
    expect((await findings({ 'main.tf': beside })).filter((f) => f.includes('root-user-access-key'))).toEqual([
      'warning root-user-access-key aws_iam_access_key.other',
    ]);
  });
});
