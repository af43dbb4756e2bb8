/**
 * An argument of a module call that fails to evaluate (a function error, an invalid index) fails the
 * plan where it is written, and every value of the module that reads the variable fails with it: the
 * reason a rule gives names that call and argument, once, at the innermost call that receives it,
 * so that the failing expression can be found from a warning about a block of the module.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

async function findings(files: Readonly<Record<string, string>>): Promise<string[]> {
  const root = tempTree(files, 'credlint-failed-argument-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.severity} ${f.ruleId} ${f.location.file.slice(root.length + 1)}:${f.location.range.start.line} ${f.message}`);
}

const USER_MODULE = `variable "username" {
  type = string
}

variable "public_key" {
  type    = string
  default = null
}

locals {
  input = {
    username   = var.username
    public_key = var.public_key
  }
}

resource "aws_iam_user" "this" {
  name = local.input.username
}

resource "aws_iam_access_key" "this" {
  user = aws_iam_user.this.name
}
`;

describe('a module argument that fails to evaluate', () => {
  it('is named, with its call, in what the module cannot tell', async () => {
    const root = `variable "key_file" {
  type    = string
  default = null
}

module "main" {
  source     = "./user"
  username   = "deploy"
  public_key = file(var.key_file)
}
`;
    expect(await findings({ 'main.tf': root, 'user/main.tf': USER_MODULE })).toEqual([
      'warning root-user-access-key user/main.tf:21 Cannot tell whether access key module.main.aws_iam_access_key.this is for the root user: module.main, argument public_key: file(): the path must be a string, not null.',
    ]);
  });

  it('is named once, at the call it is written in, however deep the variable is passed on', async () => {
    const team = `variable "keys" {
  type = map(string)
}

module "member" {
  source     = "../user"
  username   = "ci"
  public_key = var.keys["ci"]
}
`;
    const root = `module "team" {
  source   = "./team"
  for_each = toset(["blue"])
  keys     = { ops = "x" }["ci"]
}
`;
    expect(await findings({ 'main.tf': root, 'team/main.tf': team, 'user/main.tf': USER_MODULE })).toEqual([
      'warning root-user-access-key user/main.tf:21 Cannot tell whether access key module.team["blue"].module.member.aws_iam_access_key.this is for the root user: module.team["blue"], argument keys: the map has no element for the key "ci".',
    ]);
  });

  it('is still a failure that try() falls back from', async () => {
    const child = `variable "owner" {
  type = string
}

resource "aws_iam_access_key" "this" {
  user = try(var.owner, "root")
}
`;
    const root = `module "keys" {
  source = "./keys"
  owner  = file(null)
}
`;
    expect(await findings({ 'main.tf': root, 'keys/main.tf': child })).toEqual([expect.stringMatching(/^error root-user-access-key keys\/main.tf:5 /)]);
  });
});

describe('a variable whose value fails is not one unknown user (Terraform refuses the plan)', () => {
  const KEYS = `variable "user" {
  type     = string
  nullable = false
}

resource "aws_iam_access_key" "current" {
  user = var.user
}

resource "aws_iam_access_key" "next" {
  user = "\${var.user}"
}
`;
  const keysIn = async (root: string, options: { env?: Record<string, string> } = {}) => {
    const dir = tempTree({ 'main.tf': root, 'keys/main.tf': KEYS }, 'credlint-failed-variable-');
    const result = await lint({ paths: [dir], cwd: dir, reportUnknown: true, ...options });
    return result.findings.filter((f) => f.ruleId === 'multiple-active-access-keys').map((f) => `${f.unknown ? 'unknown' : 'definite'} ${f.message}`);
  };

  it('is undecided where the call does not set a required variable ("Missing required argument")', async () => {
    expect(await keysIn('module "keys" {\n  source = "./keys"\n}\n')).toEqual([
      'unknown Cannot tell whether module.keys.aws_iam_access_key.current is a second active access key of a user: module.keys: argument user is required, but the call does not set it.',
      'unknown Cannot tell whether module.keys.aws_iam_access_key.next is a second active access key of a user: module.keys: argument user is required, but the call does not set it.',
    ]);
  });

  it('is undecided where the argument fails to evaluate, or is null for a variable that refuses null', async () => {
    for (const argument of ['"deploy".name', 'null', 'file(null)']) {
      const found = await keysIn(`module "keys" {\n  source = "./keys"\n  user   = ${argument}\n}\n`);
      expect(found, argument).toHaveLength(2);
      expect(
        found.every((f) => f.startsWith('unknown ')),
        argument,
      ).toBe(true);
    }
  });

  it('is undecided in the root module where the value given does not convert to its type or is null where refused', async () => {
    const root = (type: string) => `variable "user" {\n  type     = ${type}\n  nullable = false\n}\n\n${KEYS.slice(KEYS.indexOf('resource'))}`;
    const dir = tempTree({ 'main.tf': root('number'), 'terraform.tfvars': '' }, 'credlint-failed-variable-');
    const converted = await lint({ paths: [dir], cwd: dir, reportUnknown: true, env: { TF_VAR_user: 'abc' } });
    expect(converted.findings.filter((f) => f.ruleId === 'multiple-active-access-keys').map((f) => f.unknown)).toEqual([true, true]);
    const nulled = tempTree({ 'main.tf': root('string'), 'terraform.tfvars': 'user = null\n' }, 'credlint-failed-variable-');
    const found = await lint({ paths: [nulled], cwd: nulled, reportUnknown: true });
    expect(found.findings.filter((f) => f.ruleId === 'multiple-active-access-keys').map((f) => f.message)).toEqual([
      'Cannot tell whether aws_iam_access_key.current is a second active access key of a user: var.user is required and declared nullable = false, but is given null.',
      'Cannot tell whether aws_iam_access_key.next is a second active access key of a user: var.user is required and declared nullable = false, but is given null.',
    ]);
  });

  it('is still one user where a root variable has no value yet, or the argument is unknown until apply', async () => {
    const unset = tempTree({ 'main.tf': `variable "user" {\n  type = string\n}\n\n${KEYS.slice(KEYS.indexOf('resource'))}` }, 'credlint-failed-variable-');
    const result = await lint({ paths: [unset], cwd: unset, reportUnknown: true });
    expect(result.findings.filter((f) => f.ruleId === 'multiple-active-access-keys' && !f.unknown).map((f) => f.message)).toEqual([
      'IAM user "${var.user}" has 2 active access keys (aws_iam_access_key.current, aws_iam_access_key.next); at most one may be active.',
    ]);
    const computed = await keysIn(
      'resource "aws_iam_user" "x" {\n  name = "x"\n}\n\nmodule "keys" {\n  source = "./keys"\n  user   = aws_iam_user.x.unique_id\n}\n',
    );
    expect(computed.filter((f) => f.startsWith('definite '))).toHaveLength(1);
  });
});
