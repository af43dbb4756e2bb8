/**
 * A Terraform variable without a value is one value in its module instance: arguments written alike
 * from variables and literal text name one user, whatever the value turns out to be (README, "An
 * unknown name written alike is one name"). What functions compute from it, and the same variable of
 * another module instance, are not linked.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

async function errors(files: Readonly<Record<string, string>>): Promise<string[]> {
  const root = tempTree(files, 'credlint-unset-var-');
  const result = await lint({ paths: [root], cwd: root });
  return result.findings
    .filter((f) => f.severity === 'error')
    .map((f) => `${f.location.file.slice(root.length + 1)}:${f.location.range.start.line} ${f.message}`);
}

const KEYS_OF = (argument: string) => `variable "name" {
  type = string
}

resource "aws_iam_access_key" "first" {
  user = ${argument}
}

resource "aws_iam_access_key" "second" {
  user = ${argument}
}
`;

describe('a variable without a value names one user in its module instance', () => {
  it('links two keys written as the variable, in HCL and in 0.11-style interpolation alike', async () => {
    const mixed =
      'variable "name" {}\n\nresource "aws_iam_access_key" "first" {\n  user = var.name\n}\n\nresource "aws_iam_access_key" "second" {\n  user = "${var.name}"\n}\n';
    expect(await errors({ 'main.tf': mixed })).toEqual([
      'main.tf:7 IAM user "${var.name}" has 2 active access keys (aws_iam_access_key.first, aws_iam_access_key.second); at most one may be active.',
    ]);
  });

  it('links two keys written as the same template of literal text and variables', async () => {
    expect(await errors({ 'main.tf': KEYS_OF('"ci-${var.name}"') })).toEqual([
      'main.tf:9 IAM user "ci-${var.name}" has 2 active access keys (aws_iam_access_key.first, aws_iam_access_key.second); at most one may be active.',
    ]);
  });

  it('does not link what a function computes from the variable, a directive, or an escaped "${"', async () => {
    expect(await errors({ 'main.tf': KEYS_OF('lower(var.name)') })).toEqual([]);
    expect(await errors({ 'main.tf': KEYS_OF('"%{ if true }${var.name}%{ endif }"') })).toEqual([]);
    const escaped =
      'variable "name" {}\n\nresource "aws_iam_access_key" "first" {\n  user = "${var.name}-ci"\n}\n\nresource "aws_iam_access_key" "second" {\n  user = "$${var.name}-ci"\n}\n';
    expect(await errors({ 'main.tf': escaped })).toEqual([]);
  });

  it('does not link the variable of two calls of one module, which may be given different values', async () => {
    const module = `variable "name" {
  type = string
}

resource "aws_iam_access_key" "only" {
  user = var.name
}
`;
    expect(
      await errors({
        'modules/key/main.tf': module,
        'main.tf': `variable "first" {
  type = string
}

variable "second" {
  type = string
}

module "a" {
  source = "./modules/key"
  name   = var.first
}

module "b" {
  source = "./modules/key"
  name   = var.second
}
`,
      }),
    ).toEqual([]);
  });
});

describe('a local value written from variables is what is written for it', () => {
  const USER_MODULE = (locals: string, profileUser: string, keyUser: string) => `variable "env" {
  type = string
}

locals {
${locals}
}

resource "aws_iam_user" "this" {
  name = local.name
}

resource "aws_iam_user_login_profile" "this" {
  user = ${profileUser}
}

resource "aws_iam_access_key" "this" {
  user = ${keyUser}
}
`;

  // The findings' messages, without where: the key's line moves with the locals written.
  const messages = async (source: string) => (await errors({ 'main.tf': source })).map((line) => line.replace(/^\S+ /, ''));

  it('links a login profile and a key naming the user through the local value its name is written as', async () => {
    const expected = [
      'IAM user aws_iam_user.this has a console password (aws_iam_user_login_profile.this) and an active access key (aws_iam_access_key.this).',
    ];
    const name = '  name = "deployer-${var.env}"';
    expect(await messages(USER_MODULE(name, 'local.name', 'aws_iam_user.this.name'))).toEqual(expected);
    expect(await messages(USER_MODULE(name, '"deployer-${var.env}"', 'local.name'))).toEqual(expected);
    // Local values naming others, and a literal local inside a template.
    const nested = '  prefix = "deployer"\n  suffix = "-${var.env}"\n  name   = "${local.prefix}${local.suffix}"';
    expect(await messages(USER_MODULE(nested, '"deployer-${(var.env)}"', '"${local.name}"'))).toEqual(expected);
  });

  it('does not link a local value that a function computes, or that names another variable', async () => {
    expect(await messages(USER_MODULE('  name = lower("deployer-${var.env}")', 'local.name', 'aws_iam_user.this.name'))).toEqual([]);
    const other = USER_MODULE('  name = "deployer-${var.env}"\n  other = "deployer-${var.region}"', 'local.other', 'aws_iam_user.this.name');
    expect(await messages(`variable "region" {\n  type = string\n}\n\n${other}`)).toEqual([]);
    // A local value that names itself is a cycle Terraform refuses (a parse-error): it names no one.
    expect(await messages(USER_MODULE('  name = "deployer-${local.name}"', 'local.name', 'aws_iam_user.this.name'))).toEqual([
      'Self-referencing local value: local.name cannot use its own result as part of its expression; Terraform refuses it',
    ]);
  });
});

describe('an attribute of one resource instance, known only after apply, names one user in its module instance', () => {
  const KEYS = (argument: string) => `resource "random_pet" "suffix" {
  length = 2
}

data "aws_caller_identity" "current" {}

resource "aws_iam_access_key" "first" {
  count = 1
  user  = ${argument}
}

resource "aws_iam_access_key" "second" {
  user = ${argument}
}
`;

  it('links two keys written as the same template of such attributes and literal text', async () => {
    expect(await errors({ 'main.tf': KEYS('"ci-${random_pet.suffix.id}"') })).toEqual([
      'main.tf:12 IAM user "ci-${random_pet.suffix.id}" has 2 active access keys (aws_iam_access_key.first[0], aws_iam_access_key.second); at most one may be active.',
    ]);
    expect(await errors({ 'main.tf': KEYS('"deploy-${data.aws_caller_identity.current.account_id}"') })).toHaveLength(1);
    expect(await errors({ 'main.tf': KEYS('random_pet.suffix.id') })).toHaveLength(1);
  });

  it('links a user named by such a template and a key naming it the same way', async () => {
    const files = {
      'main.tf': `resource "random_pet" "suffix" {}

resource "aws_iam_user" "ci" {
  name = "ci-\${random_pet.suffix.id}"
}

resource "aws_iam_user_login_profile" "ci" {
  user = aws_iam_user.ci.name
}

resource "aws_iam_access_key" "ci" {
  user = "ci-\${random_pet.suffix.id}"
}
`,
    };
    expect(await errors(files)).toEqual([
      'main.tf:11 IAM user aws_iam_user.ci has a console password (aws_iam_user_login_profile.ci) and an active access key (aws_iam_access_key.ci).',
    ]);
  });

  it('does not link keys whose reference depends on the instance, or what a function computes', async () => {
    expect(await errors({ 'main.tf': KEYS('"ci-${random_pet.suffix.id}-${count.index}"') })).toEqual([]);
    expect(await errors({ 'main.tf': KEYS('upper(random_pet.suffix.id)') })).toEqual([]);
    const perInstance = `resource "random_pet" "names" {
  count = 2
}

resource "aws_iam_access_key" "each" {
  count = 2
  user  = random_pet.names[count.index].id
}
`;
    expect(await errors({ 'main.tf': perInstance })).toEqual([]);
    // An instance of a block with count may not exist (the plan then fails on the index): no one value.
    const indexed = `variable "create" {
  type = bool
}

resource "random_pet" "names" {
  count = var.create ? 1 : 0
}

resource "aws_iam_access_key" "first" {
  user = random_pet.names[0].id
}

resource "aws_iam_access_key" "second" {
  user = random_pet.names[0].id
}
`;
    expect(await errors({ 'main.tf': indexed })).toEqual([]);
  });

  it('does not link the same resource of two calls of one module', async () => {
    const module = `resource "random_pet" "suffix" {}

resource "aws_iam_access_key" "only" {
  user = "ci-\${random_pet.suffix.id}"
}
`;
    expect(
      await errors({
        'modules/key/main.tf': module,
        'main.tf': 'module "a" {\n  source = "./modules/key"\n}\n\nmodule "b" {\n  source = "./modules/key"\n}\n',
      }),
    ).toEqual([]);
  });
});
