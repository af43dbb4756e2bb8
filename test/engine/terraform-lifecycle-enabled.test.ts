/**
 * OpenTofu's `enabled` meta-argument (`lifecycle { enabled = ... }`, OpenTofu 1.11): a resource or
 * module call whose `enabled` is false has no instance and evaluates to null; true, it is one instance
 * referred to without an index; unknown, it is one instance at most (README, "Inputs").
 * https://opentofu.org/docs/language/meta-arguments/enabled
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

async function findings(files: Readonly<Record<string, string>>): Promise<string[]> {
  const root = tempTree(files, 'credlint-enabled-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.ruleId} ${f.severity} ${f.location.file.slice(root.length + 1)}:${f.location.range.start.line}`);
}

const CI_KEYS = (enabled: string, variable = 'variable "rotating" {\n  type = bool\n}\n') => `${variable}
resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_access_key" "current" {
  user = aws_iam_user.ci.name
}

resource "aws_iam_access_key" "next" {
  user = aws_iam_user.ci.name

  lifecycle {
    create_before_destroy = true
    enabled               = ${enabled}
  }
}
`;

describe('lifecycle.enabled on a resource', () => {
  it('false, or a value that converts to false, makes no instance', async () => {
    for (const enabled of ['false', '"false"', 'var.rotating', '!true'])
      expect(await findings({ 'main.tofu': CI_KEYS(enabled, 'variable "rotating" {\n  default = false\n}\n') }), enabled).toEqual([]);
  });

  it('true makes the one instance, as a block without it', async () => {
    expect(await findings({ 'main.tofu': CI_KEYS('true') })).toEqual(['multiple-active-access-keys error main.tofu:13']);
    expect(await findings({ 'main.tf': CI_KEYS('var.rotating', 'variable "rotating" {\n  default = "true"\n}\n') })).toEqual([
      'multiple-active-access-keys error main.tf:13',
    ]);
  });

  it('unknown is one key at most: undecided, never many', async () => {
    expect(await findings({ 'main.tofu': CI_KEYS('var.rotating') })).toEqual(['multiple-active-access-keys warning main.tofu:13']);
  });

  it('with count or for_each is refused by OpenTofu: undecided', async () => {
    const both = CI_KEYS('true').replace('resource "aws_iam_access_key" "next" {', 'resource "aws_iam_access_key" "next" {\n  count = 2');
    expect(await findings({ 'main.tofu': both })).toEqual(['multiple-active-access-keys warning main.tofu:13']);
  });

  it('in Terraform JSON syntax too', async () => {
    const json = (enabled: string) =>
      JSON.stringify({
        resource: {
          aws_iam_access_key: {
            current: { user: 'ci' },
            next: { user: 'ci', lifecycle: { enabled } },
          },
        },
      });
    expect(await findings({ 'main.tofu.json': json('${false}') })).toEqual([]);
    expect(await findings({ 'main.tofu.json': json('${true}') })).toHaveLength(1);
  });

  it('a disabled user is null: its attributes are not a name', async () => {
    const disabledUser = `resource "aws_iam_user" "old" {
  name = "old"
  lifecycle {
    enabled = false
  }
}

resource "aws_iam_user_login_profile" "ops" {
  user = "ops"
}

resource "aws_iam_access_key" "ops" {
  user = aws_iam_user.old != null ? aws_iam_user.old.name : "ops"
}
`;
    expect(await findings({ 'main.tofu': disabledUser })).toEqual(['console-user-with-access-key error main.tofu:12']);
  });
});

describe('lifecycle.enabled on a module call', () => {
  const ROOT = (enabled: string) => `resource "aws_iam_access_key" "ana" {
  user = "ana"
}

module "console" {
  source = "./console"
  user   = "ana"

  lifecycle {
    enabled = ${enabled}
  }
}

output "password" {
  value = module.console == null ? null : module.console.user
}
`;
  const CHILD = 'variable "user" {}\nresource "aws_iam_user_login_profile" "this" {\n  user = var.user\n}\noutput "user" {\n  value = var.user\n}\n';

  it('false calls no instance of the module', async () => {
    expect(await findings({ 'main.tf': ROOT('false'), 'console/main.tf': CHILD })).toEqual([]);
  });

  it('true calls one, addressed without a key', async () => {
    expect(await findings({ 'main.tf': ROOT('true'), 'console/main.tf': CHILD })).toEqual(['console-user-with-access-key error main.tf:1']);
  });

  it('unknown calls one at most', async () => {
    const unknown = `variable "console" {\n  type = bool\n}\n${ROOT('var.console')}`;
    expect(await findings({ 'main.tf': unknown, 'console/main.tf': CHILD })).toEqual(['console-user-with-access-key warning console/main.tf:2']);
  });
});
