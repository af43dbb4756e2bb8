/**
 * Keys that name JavaScript's own object machinery (`__proto__`, `constructor`, `toString`,
 * `hasOwnProperty`) are ordinary map keys and attribute names in Terraform. A pull request that uses
 * them must not make credlint lose an instance, a map element or an attribute (a finding silently
 * dropped), nor read an inherited JavaScript value as if the map held it (docs/security.md, the
 * attacker's goals). Each expression below is "root" in Terraform, so its key must be reported as a
 * root access key, known; and the good module beside it keeps its finding.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/core/finding.js';
import { lint } from '../../src/engine.js';
import { hostileWorkspaces } from '../support/hostile-workspace.js';

const workspace = hostileWorkspaces('credlint-tf-object-keys-');

async function scan(root: string): Promise<LintResult> {
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true, env: {} });
  const good = result.findings.filter((f) => f.ruleId === 'console-user-with-access-key' && f.location.file === join(root, 'good/main.tf'));
  expect(good, 'the good module keeps its finding').toHaveLength(1);
  return result;
}

/** The messages of the root-user-access-key results, unknown ones included. */
function rootMessages(result: LintResult): string[] {
  return result.findings.filter((f) => f.ruleId === 'root-user-access-key').map((f) => f.message);
}

const ROOT_BY_EXPRESSION = [
  'merge({ "__proto__" = "root" }, {})["__proto__"]',
  'merge({}, { "__proto__" = "root" }).__proto__',
  'keys(merge({ "__proto__" = 1 }))[0] == "__proto__" ? "root" : "no"',
  'zipmap(["__proto__"], ["root"])["__proto__"]',
  'jsondecode("{\\"__proto__\\": \\"root\\"}")["__proto__"]',
  'yamldecode("__proto__: root")["__proto__"]',
  'jsondecode(jsonencode({ "__proto__" = { a = "root" } }))["__proto__"].a',
  'transpose({ root = ["constructor"] })["constructor"][0]',
  'transpose({ root = ["__proto__"] })["__proto__"][0]',
  'regex("(?P<__proto__>r..t)", "root")["__proto__"]',
  'replace("xoot", "/(?P<constructor>x)/", "r")',
  'replace("xoot", "/(?P<a>x)/", "r$${toString}$${constructor}")',
  'lookup({}, "constructor", "root")',
  'var.typed.__proto__',
  'var.typed.constructor',
  '(true ? { __proto__ = "root" } : { __proto__ = "no" }).__proto__',
];

const TYPED_VARIABLE = `variable "typed" {
  type    = object({ __proto__ = string, constructor = optional(string, "root") })
  default = { __proto__ = "root" }
}
`;

describe('terraform: JavaScript object names are ordinary keys', () => {
  it.each(ROOT_BY_EXPRESSION)('%s is "root"', async (expression) => {
    const root = workspace({
      'bad/main.tf': `${TYPED_VARIABLE}resource "aws_iam_access_key" "k" {\n  user = ${expression}\n}\n`,
    });
    const messages = rootMessages(await scan(root));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^Access key aws_iam_access_key\.k is for user "root"/);
  });

  it.each(['constructor', 'toString', '__proto__'])('a call of %s() is an unsupported function, whose reason quotes no JavaScript', async (name) => {
    const root = workspace({ 'bad/main.tf': `resource "aws_iam_access_key" "k" {\n  user = ${name}("x")\n}\n` });
    expect(rootMessages(await scan(root))).toEqual([
      `Cannot tell whether access key aws_iam_access_key.k is for the root user: function ${name} is not supported.`,
    ]);
  });

  it('instances keyed "__proto__" (resources and module calls) are all expanded and referenced', async () => {
    const root = workspace({
      'bad/main.tf': `resource "aws_iam_user" "u" {
  for_each = { "__proto__" = "root", "constructor" = "bob" }
  name     = each.value
}
resource "aws_iam_access_key" "chained" {
  for_each = aws_iam_user.u
  user     = each.value.name
}
resource "aws_iam_access_key" "direct" {
  user = aws_iam_user.u["__proto__"].name
}
module "m" {
  source   = "./m"
  for_each = toset(["__proto__"])
}
resource "aws_iam_access_key" "through_module" {
  user = module.m["__proto__"].name
}
`,
      'bad/m/main.tf': 'output "name" {\n  value = "root"\n}\n',
    });
    const result = await scan(root);
    expect(rootMessages(result).map((m) => m.replace(/ is for user .*/, ''))).toEqual([
      'Access key aws_iam_access_key.chained["__proto__"]',
      'Access key aws_iam_access_key.direct',
      'Access key aws_iam_access_key.through_module',
    ]);
    expect(result.findings.filter((f) => f.ruleId === 'parse-error')).toEqual([]);
  });

  it('a .tf.json block named "__proto__" and .tfvars.json keys named so are read, not dropped', async () => {
    const root = workspace({
      'json/main.tf.json':
        '{"variable": {"__proto__": {}, "constructor": {}}, "resource": {"aws_iam_access_key": ' +
        '{"__proto__": {"user": "${var.__proto__}"}, "other": {"user": "${var.constructor}"}}}}',
      'json/terraform.tfvars.json': '{"__proto__": "root", "constructor": "root"}',
    });
    expect(rootMessages(await scan(root)).map((m) => m.replace(/ is for user .*/, ''))).toEqual([
      'Access key aws_iam_access_key.__proto__',
      'Access key aws_iam_access_key.other',
    ]);
  });

  it('plan resources and modules keyed "__proto__" are all read', async () => {
    const key = (address: string, index?: string) => ({
      address,
      mode: 'managed',
      type: 'aws_iam_access_key',
      name: 'k',
      ...(index === undefined ? {} : { index }),
      values: { user: 'root', status: 'Active' },
      sensitive_values: {},
    });
    const plan = {
      format_version: '1.2',
      planned_values: {
        root_module: {
          resources: [key('aws_iam_access_key.k["__proto__"]', '__proto__'), key('aws_iam_access_key.k["constructor"]', 'constructor')],
          child_modules: [{ address: 'module.m["__proto__"]', resources: [key('module.m["__proto__"].aws_iam_access_key.k')] }],
        },
      },
    };
    const root = workspace({ 'plan/tfplan.json': JSON.stringify(plan) });
    expect(rootMessages(await scan(root)).map((m) => m.replace(/ is for user .*/, ''))).toEqual([
      'Access key aws_iam_access_key.k["__proto__"]',
      'Access key aws_iam_access_key.k["constructor"]',
      'Access key module.m["__proto__"].aws_iam_access_key.k',
    ]);
  });
});
