/**
 * `--report-unknown` and users split per account (README, "Accounts split identities"): a key of a
 * known user whose existence is unknown (created once per element of a list not known statically)
 * may still be a key of that user in its own stack's account, so a console user there gets the
 * undecided warning, as it does when the stacks state no account. The same holds for Terraform keys
 * under `aws` providers of two accounts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { repoRoot } from '../support/fixture-cases.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

const TERRAFORM = 'fixtures/console-user-with-access-key/terraform/positive/undecided-keys-per-account/main.tf';

afterAll(removeTempTrees);

const HEAD = "import { App, SecretValue, Stack } from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\nconst app = new App();\n";

/** One stack per entry of `accounts` (undefined: no `env`), each with console user "alice" and keys of her as many as the context says. */
function source(accounts: readonly (string | undefined)[]): string {
  return (
    HEAD +
    "const count: number = app.node.tryGetContext('keys');\n" +
    accounts
      .map(
        (account, i) =>
          `const s${i} = new Stack(app, 'S${i}'${account === undefined ? '' : `, { env: { account: '${account}' } }`});\n` +
          `const alice${i} = new iam.User(s${i}, 'Alice', { userName: 'alice', password: SecretValue.unsafePlainText('Init-1234') });\n` +
          `for (let i = 0; i < count; i++) new iam.AccessKey(s${i}, \`Key\${i}\`, { user: alice${i} });\n`,
      )
      .join('')
  );
}

async function consoleFindings(accounts: readonly (string | undefined)[]): Promise<string[]> {
  const root = tempTree({ 'app/cdk.json': '{}', 'app/app.ts': source(accounts) }, 'credlint-cdk-accounts-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.filter((f) => f.ruleId === 'console-user-with-access-key').map((f) => `${f.severity} ${f.message.replace(/: created .*/, '')}`);
}

describe('undecided keys of a user split per account', () => {
  it('without accounts: one warning per key site', async () => {
    expect(await consoleFindings([undefined])).toEqual(['warning Cannot tell whether S0/`Key${i}` belongs to a console user with an active access key']);
  });

  it('two stacks in two known accounts: each stack’s console user gets the warning (none before)', async () => {
    expect(await consoleFindings(['111111111111', '222222222222'])).toEqual([
      'warning Cannot tell whether S0/`Key${i}` belongs to a console user with an active access key',
      'warning Cannot tell whether S1/`Key${i}` belongs to a console user with an active access key',
    ]);
  });

  it('Terraform: a key with an unknown count under the second account’s provider is a warning there (none before)', async () => {
    const root = tempTree({ 'main.tf': readFileSync(path.join(repoRoot, TERRAFORM), 'utf8') }, 'credlint-tf-accounts-');
    const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
    expect(
      result.findings.filter((f) => f.ruleId === 'console-user-with-access-key').map((f) => `${f.severity} ${f.message.replace(/: count .*/, '')}`),
    ).toEqual([
      'error IAM user "alice" in account 111111111111 has a console password (aws_iam_user_login_profile.a) and an active access key (aws_iam_access_key.a).',
      'warning Cannot tell whether aws_iam_access_key.b belongs to a console user with an active access key',
    ]);
  });
});

describe('a key whose user is unknown, in another known account than every console user', () => {
  const providers =
    'variable "who" {}\n\nprovider "aws" {\n  allowed_account_ids = ["111111111111"]\n}\n\n' +
    'provider "aws" {\n  alias               = "audit"\n  allowed_account_ids = [%AUDIT%]\n}\n\n';
  const users =
    'resource "aws_iam_user" "ops" {\n  provider = aws.audit\n  name     = "ops"\n}\n\n' +
    'resource "aws_iam_user_login_profile" "ops" {\n  provider = aws.audit\n  user     = aws_iam_user.ops.name\n}\n\n' +
    'resource "aws_iam_access_key" "k" {\n  user = var.who\n}\n';

  async function warnings(audit: string): Promise<string[]> {
    const root = tempTree({ 'main.tf': providers.replace('%AUDIT%', audit) + users }, 'credlint-tf-other-account-');
    const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
    return result.findings.filter((f) => f.ruleId !== 'root-user-access-key').map((f) => `${f.ruleId} ${f.severity} ${f.location.range.start.line}`);
  }

  it('Terraform: is never that user’s (a key belongs to a user of its own account)', async () => {
    expect(await warnings('"222222222222"')).toEqual([]);
  });

  it('Terraform: may be, where the console user’s account is not known', async () => {
    expect(await warnings('var.who')).toEqual(['console-user-with-access-key warning 22']);
  });

  it('CDK: a key of an unknown user in a stack of another known account than the console user’s', async () => {
    const app =
      HEAD +
      "const who: string = app.node.tryGetContext('who');\n" +
      "const ops = new Stack(app, 'Ops', { env: { account: '222222222222' } });\n" +
      "new iam.User(ops, 'Ops', { userName: 'ops', password: SecretValue.unsafePlainText('Init-1234') });\n" +
      "const ci = new Stack(app, 'Ci', { env: { account: '111111111111' } });\n" +
      "new iam.AccessKey(ci, 'Key', { user: iam.User.fromUserName(ci, 'Who', who) });\n";
    const root = tempTree({ 'app/cdk.json': '{}', 'app/app.ts': app }, 'credlint-cdk-other-account-');
    const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
    expect(result.findings.filter((f) => f.ruleId === 'console-user-with-access-key').map((f) => f.message)).toEqual([]);
  });
});
