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
