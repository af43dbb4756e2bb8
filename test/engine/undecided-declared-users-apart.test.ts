/**
 * `--report-unknown` and users declared with names not known before deployment: a login profile or key
 * that names its user by the same unknown value as the user's declaration (`"${var.team}-deployer"`,
 * `!Sub "${Team}-deployer"`) is that user's, and two declared users are two users whatever their
 * names (IAM refuses a second user of a name), so it is not "perhaps" another declared user's too.
 * Where the other user is not declared (a name a key merely writes), or may be declared in another
 * account, the names may still be one user's, and the warning stays; in another known account it is
 * another user whatever its name.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

async function findings(files: Record<string, string>): Promise<string[]> {
  const root = tempTree(files, 'credlint-declared-apart-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.ruleId} ${f.severity} ${f.location.range.start.line}:${f.location.range.start.column}`);
}

const TERRAFORM_USERS =
  'variable "team" {}\nvariable "stage" {}\n\n' +
  'resource "aws_iam_user" "deployer" {\n  name = "${var.team}-deployer"\n}\n\n' +
  'resource "aws_iam_access_key" "deployer" {\n  user = "${var.team}-deployer"\n}\n\n' +
  'resource "aws_iam_user" "auditor" {\n  name = "auditor-${var.stage}"\n}\n\n' +
  'resource "aws_iam_user_login_profile" "auditor" {\n  user = "auditor-${var.stage}"\n}\n';

const CLOUDFORMATION_USERS =
  'AWSTemplateFormatVersion: "2010-09-09"\nParameters:\n  Team:\n    Type: String\nResources:\n' +
  '  Deployer:\n    Type: AWS::IAM::User\n    Properties:\n      UserName: !Sub "${Team}-deployer"\n' +
  '  DeployerKey:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: !Sub "${Team}-deployer"\n' +
  '  Auditor:\n    Type: AWS::IAM::User\n    Properties:\n      UserName: !Sub "auditor-${AWS::StackName}"\n' +
  '      LoginProfile:\n        Password: "Initial-Passw0rd"\n' +
  '  AuditorKey:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: !Sub "auditor-${AWS::StackName}"\n      Status: Inactive\n';

describe('declared users whose names are unknown are different users', () => {
  it('Terraform: a key and a login profile naming their declared users by the same unknown values', async () => {
    expect(await findings({ 'main.tf': TERRAFORM_USERS })).toEqual([]);
  });

  it('CloudFormation: keys naming their declared users by the same !Sub', async () => {
    expect(await findings({ 'template.yaml': CLOUDFORMATION_USERS })).toEqual([]);
  });

  it('still warns where the other name is only written by a key, not declared as a user', async () => {
    const text = TERRAFORM_USERS + '\nresource "aws_iam_access_key" "ops" {\n  user = "ops-deployer"\n}\n';
    // `ops-deployer` may be the deployer's name; not the auditor's (`auditor-` is no prefix of it).
    expect(await findings({ 'main.tf': text })).toEqual(['multiple-active-access-keys warning 8:1']);
  });

  /** TERRAFORM_USERS with the auditor's user and login profile under a provider whose account is `auditAccount`. */
  function twoAccounts(auditAccount: string): string {
    const providers =
      'provider "aws" {\n  allowed_account_ids = ["111111111111"]\n}\n\n' +
      `provider "aws" {\n  alias               = "audit"\n  allowed_account_ids = [${auditAccount}]\n}\n\n`;
    return (providers + TERRAFORM_USERS).replace(/resource "aws_iam_(user|user_login_profile)" "auditor" \{\n/g, (block) => `${block}  provider = aws.audit\n`);
  }

  it('says nothing where the users are declared in two known accounts: a key is of a user of its own account', async () => {
    expect(await findings({ 'main.tf': twoAccounts('"222222222222"') })).toEqual([]);
  });

  it('still warns where one account is not known: the two declarations may be in one account or not', async () => {
    const text = 'variable "audit_account" {}\n\n' + twoAccounts('var.audit_account');
    expect(await findings({ 'main.tf': text })).toEqual(['console-user-with-access-key warning 19:1', 'console-user-with-access-key warning 28:1']);
  });
});
