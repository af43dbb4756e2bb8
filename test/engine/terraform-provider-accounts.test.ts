/**
 * IAM users live in an account: one root module may deploy to several through `aws` provider
 * configurations (`assume_role`, `allowed_account_ids`), and users of one name in two known,
 * different accounts are two users, as CDK stacks of two accounts are.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

const tree = (files: Readonly<Record<string, string>>): string => tempTree(files, 'credlint-accounts-');

async function findings(root: string, options: { reportUnknown?: boolean; vars?: readonly (readonly [string, string])[] } = {}): Promise<string[]> {
  const result = await lint({ paths: [root], cwd: root, ...options });
  return result.findings.map((f) => `${f.severity} ${f.ruleId} ${f.message}`).sort();
}

const role = (account: string) => `  assume_role {\n    role_arn = "arn:aws:iam::${account}:role/admin"\n  }\n`;
const CI_MODULE = 'resource "aws_iam_user" "ci" {\n  name = "ci"\n}\n\nresource "aws_iam_access_key" "ci" {\n  user = aws_iam_user.ci.name\n}\n';

describe('Terraform provider accounts', () => {
  it('splits users of one name whose providers assume roles in different accounts (resources and modules)', async () => {
    const root = tree({
      'main.tf': `provider "aws" {\n  alias = "prod"\n${role('111111111111')}}\n\nprovider "aws" {\n  alias = "dev"\n${role('222222222222')}}\n
module "ci_prod" {\n  source    = "./ci"\n  providers = { aws = aws.prod }\n}\n
module "ci_dev" {\n  source    = "./ci"\n  providers = { aws = aws.dev }\n}\n
resource "aws_iam_access_key" "ops_prod" {\n  provider = aws.prod\n  user     = "ops"\n}\n
resource "aws_iam_access_key" "ops_dev" {\n  provider = aws.dev\n  user     = "ops"\n}\n`,
      'ci/main.tf': CI_MODULE,
    });
    expect(await findings(root, { reportUnknown: true })).toEqual([]);
  });

  it('keeps them one user when the accounts are the same, or when one is not stated', async () => {
    const root = tree({
      'main.tf': `provider "aws" {\n  region = "eu-west-1"\n${role('111111111111')}}\n
provider "aws" {\n  alias  = "use1"\n  region = "us-east-1"\n  allowed_account_ids = ["111111111111"]\n}\n
provider "aws" {\n  alias = "creds"\n}\n
module "ci" {\n  source = "./ci"\n}\n
resource "aws_iam_access_key" "ci_use1" {\n  provider = aws.use1\n  user     = "ci"\n}\n
resource "aws_iam_access_key" "ops" {\n  user = "ops"\n}\n
resource "aws_iam_access_key" "ops_creds" {\n  provider = aws.creds\n  user     = "ops"\n}\n`,
      'ci/main.tf': CI_MODULE,
    });
    expect(await findings(root, { reportUnknown: true })).toEqual([
      'error multiple-active-access-keys IAM user "ci" has 2 active access keys (module.ci.aws_iam_access_key.ci, aws_iam_access_key.ci_use1); at most one may be active.',
      'error multiple-active-access-keys IAM user "ops" has 2 active access keys (aws_iam_access_key.ops, aws_iam_access_key.ops_creds); at most one may be active.',
      'warning multiple-active-access-keys The active access keys of IAM user "ops" (aws_iam_access_key.ops, aws_iam_access_key.ops_creds) may be in different accounts, and so of different users: aws_iam_access_key.ops_creds states no account (it goes to the account of the credentials it is deployed with), which may differ from the others\' (111111111111).',
    ]);
  });

  it('keeps them one user while an account is unknown, and splits them once it is known', async () => {
    const root = tree({
      'main.tf': `variable "prod_account" {}\n\nprovider "aws" {\n  alias = "prod"\n  assume_role {\n    role_arn = "arn:aws:iam::\${var.prod_account}:role/admin"\n  }\n}\n
provider "aws" {\n  allowed_account_ids = ["222222222222"]\n}\n
module "ci" {\n  source = "./ci"\n}\n
resource "aws_iam_access_key" "ci_prod" {\n  provider = aws.prod\n  user     = "ci"\n}\n`,
      'ci/main.tf': CI_MODULE,
    });
    expect(await findings(root, { reportUnknown: true })).toEqual([
      'error multiple-active-access-keys IAM user "ci" has 2 active access keys (module.ci.aws_iam_access_key.ci, aws_iam_access_key.ci_prod); at most one may be active.',
      'warning multiple-active-access-keys The active access keys of IAM user "ci" (module.ci.aws_iam_access_key.ci, aws_iam_access_key.ci_prod) may be in different accounts, and so of different users: the account of provider aws.prod: var.prod_account has no value.',
    ]);
    expect(await findings(root, { vars: [['prod_account', '333333333333']] })).toEqual([]);
    expect(await findings(root, { vars: [['prod_account', '222222222222']] })).toHaveLength(1);
  });

  it('keeps users under configurations that select credentials of their own (a profile) one user, and says why that may be wrong', async () => {
    const root = tree({
      'main.tf': `provider "aws" {\n  alias   = "a"\n  profile = "acct-a"\n}\n
provider "aws" {\n  alias      = "b"\n  access_key = var.key_b\n  secret_key = var.secret_b\n}\n
variable "key_b" {}\n\nvariable "secret_b" {}\n
resource "aws_iam_access_key" "ci_a" {\n  provider = aws.a\n  user     = "ci"\n}\n
resource "aws_iam_access_key" "ci_b" {\n  provider = aws.b\n  user     = "ci"\n}\n`,
    });
    expect(await findings(root, { reportUnknown: true })).toEqual([
      'error multiple-active-access-keys IAM user "ci" has 2 active access keys (aws_iam_access_key.ci_a, aws_iam_access_key.ci_b); at most one may be active.',
      'warning multiple-active-access-keys The active access keys of IAM user "ci" (aws_iam_access_key.ci_a, aws_iam_access_key.ci_b) may be in different accounts, and so of different users: the account of provider aws.a: its profile selects credentials of its own, whose account the code does not state.',
    ]);
  });

  it('keeps a module whose one configuration names a profile one account, without a warning', async () => {
    const root = tree({
      'main.tf': `provider "aws" {\n  profile = "ops"\n}\n
resource "aws_iam_access_key" "ci_1" {\n  user = "ci"\n}\n
resource "aws_iam_access_key" "ci_2" {\n  user = "ci"\n}\n`,
    });
    expect(await findings(root, { reportUnknown: true })).toEqual([
      'error multiple-active-access-keys IAM user "ci" has 2 active access keys (aws_iam_access_key.ci_1, aws_iam_access_key.ci_2); at most one may be active.',
    ]);
  });

  it('reads the account of each instance of a configuration OpenTofu repeats with for_each (resources and modules)', async () => {
    const repeated = (accounts: string) =>
      `locals {\n  accounts = { ${accounts} }\n}\n
provider "aws" {\n  alias    = "by_account"\n  for_each = local.accounts\n  assume_role {\n    role_arn = "arn:aws:iam::\${each.value}:role/admin"\n  }\n}\n
resource "aws_iam_access_key" "ops" {\n  for_each = local.accounts\n  provider = aws.by_account[each.key]\n  user     = "ops"\n}\n
module "ci" {\n  source    = "./ci"\n  for_each  = local.accounts\n  providers = { aws = aws.by_account[each.key] }\n}\n`;
    const apart = tree({ 'main.tofu': repeated('prod = "111111111111", dev = "222222222222"'), 'ci/main.tf': CI_MODULE });
    expect(await findings(apart, { reportUnknown: true })).toEqual([]);
    const together = tree({ 'main.tofu': repeated('prod = "111111111111", dev = "111111111111"'), 'ci/main.tf': CI_MODULE });
    expect(await findings(together, { reportUnknown: true })).toEqual([
      'error multiple-active-access-keys IAM user "ci" has 2 active access keys (module.ci["dev"].aws_iam_access_key.ci, module.ci["prod"].aws_iam_access_key.ci); at most one may be active.',
      'error multiple-active-access-keys IAM user "ops" has 2 active access keys (aws_iam_access_key.ops["dev"], aws_iam_access_key.ops["prod"]); at most one may be active.',
    ]);
  });

  it('splits users declared under configurations of which one states no account or an unknown one, as IAM refuses a second user of a name', async () => {
    const root = tree({
      'main.tf': `variable "prod_account" {}\n\nprovider "aws" {\n  region = "eu-west-1"\n}\n
provider "aws" {\n  alias = "prod"\n  assume_role {\n    role_arn = "arn:aws:iam::\${var.prod_account}:role/admin"\n  }\n}\n
provider "aws" {\n  alias = "dev"\n${role('222222222222')}}\n
module "ci" {\n  source = "./ci"\n}\n
module "ci_prod" {\n  source    = "./ci"\n  providers = { aws = aws.prod }\n}\n
module "ci_dev" {\n  source    = "./ci"\n  providers = { aws = aws.dev }\n}\n`,
      'ci/main.tf': CI_MODULE,
    });
    // Three users "ci", one key each: wherever all three are created, they are in three accounts.
    expect(await findings(root, { reportUnknown: true })).toEqual([]);
    // A second key under the dev configuration is a second key of the dev user alone.
    const second = tree({
      'main.tf': `provider "aws" {\n  region = "eu-west-1"\n}\n
provider "aws" {\n  alias = "dev"\n${role('222222222222')}}\n
module "ci" {\n  source = "./ci"\n}\n
module "ci_dev" {\n  source    = "./ci"\n  providers = { aws = aws.dev }\n}\n
resource "aws_iam_access_key" "ci_dev_2" {\n  provider = aws.dev\n  user     = "ci"\n}\n`,
      'ci/main.tf': CI_MODULE,
    });
    expect(await findings(second, { reportUnknown: true })).toEqual([
      'error multiple-active-access-keys IAM user "ci" in account 222222222222 has 2 active access keys (module.ci_dev.aws_iam_access_key.ci, aws_iam_access_key.ci_dev_2); at most one may be active.',
    ]);
  });

  it('keeps the instances of a repeated configuration one user where the instance named has no known account', async () => {
    const root = tree({
      'main.tofu': `variable "accounts" {\n  type = map(string)\n}\n
provider "aws" {\n  alias    = "by_account"\n  for_each = var.accounts\n  assume_role {\n    role_arn = "arn:aws:iam::\${each.value}:role/admin"\n  }\n}\n
provider "aws" {\n  alias = "single"\n  allowed_account_ids = ["111111111111"]\n}\n
resource "aws_iam_access_key" "ops" {\n  provider = aws.by_account["prod"]\n  user     = "ops"\n}\n
resource "aws_iam_access_key" "ops_single" {\n  provider = aws.single\n  user     = "ops"\n}\n`,
    });
    expect(await findings(root, { reportUnknown: true })).toEqual([
      'error multiple-active-access-keys IAM user "ops" has 2 active access keys (aws_iam_access_key.ops, aws_iam_access_key.ops_single); at most one may be active.',
      'warning multiple-active-access-keys The active access keys of IAM user "ops" (aws_iam_access_key.ops, aws_iam_access_key.ops_single) may be in different accounts, and so of different users: the account of provider aws.by_account: for_each is unknown: var.accounts has no value.',
    ]);
    expect(await findings(root, { vars: [['accounts', '{ prod = "222222222222" }']] })).toEqual([]);
  });

  it('takes the account of the web identity role where no other role is assumed', async () => {
    const web = (alias: string, account: string) =>
      `provider "aws" {\n  alias = "${alias}"\n  assume_role_with_web_identity {\n    role_arn                = "arn:aws:iam::${account}:role/ci"\n    web_identity_token_file = "/token"\n  }\n}\n`;
    const keys =
      'resource "aws_iam_access_key" "a" {\n  provider = aws.a\n  user     = "ci"\n}\n\nresource "aws_iam_access_key" "b" {\n  provider = aws.b\n  user     = "ci"\n}\n';
    expect(await findings(tree({ 'main.tf': `${web('a', '111111111111')}\n${web('b', '222222222222')}\n${keys}` }), { reportUnknown: true })).toEqual([]);
    expect(await findings(tree({ 'main.tf': `${web('a', '111111111111')}\n${web('b', '111111111111')}\n${keys}` }), { reportUnknown: true })).toHaveLength(1);
  });

  it('takes configurations that name the same profile alone for one account, without a warning', async () => {
    const root = tree({
      'main.tf': `provider "aws" {\n  profile = "ops"\n}\n
provider "aws" {\n  alias   = "use1"\n  region  = "us-east-1"\n  profile = "ops"\n}\n
resource "aws_iam_access_key" "ci" {\n  user = "ci"\n}\n
resource "aws_iam_access_key" "ci_use1" {\n  provider = aws.use1\n  user     = "ci"\n}\n`,
    });
    expect(await findings(root, { reportUnknown: true })).toEqual([
      'error multiple-active-access-keys IAM user "ci" has 2 active access keys (aws_iam_access_key.ci, aws_iam_access_key.ci_use1); at most one may be active.',
    ]);
  });
});
