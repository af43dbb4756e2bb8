/**
 * `--report-unknown` where a user is declared with a name not known before deployment and a login
 * profile or key elsewhere names a user in text that the unknown name may turn out to be: the two may be
 * one user, so a console password on one side and an access key on the other (or two keys) may break a
 * rule, and a warning says so; known parts of the names that rule it out keep it silent.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

async function warnings(files: Record<string, string>): Promise<string[]> {
  const root = tempTree(files, 'credlint-named-in-text-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.ruleId} ${f.severity} ${f.location.range.start.line}: ${f.message}`);
}

/** A console user named after the stack (a symbolic name: the same wherever it is written) and a key for `keyUser`. */
function stackNamedLead(keyUser: string, ownKey = ''): string {
  return `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Lead:
    Type: AWS::IAM::User
    Properties:
      UserName: !Sub "\${AWS::StackName}-lead"
      LoginProfile:
        Password: "{{resolve:secretsmanager:lead}}"
  LeadKey:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: ${keyUser}
${ownKey}`;
}

describe('a declared user whose name is not known, and a user named in text', () => {
  it('CloudFormation: a key for "payments-lead" may be the console user ${AWS::StackName}-lead', async () => {
    expect(await warnings({ 'template.yaml': stackNamedLead('payments-lead') })).toEqual([
      'console-user-with-access-key warning 9: Cannot tell whether LeadKey belongs to a console user with an active access key: its user "payments-lead" may be IAM user Lead, whose name is not known statically: pseudo parameter AWS::StackName has no value before deployment.',
    ]);
  });

  it('CloudFormation: a key for "payments-ops" cannot be (the known suffix rules it out)', async () => {
    expect(await warnings({ 'template.yaml': stackNamedLead('payments-ops') })).toEqual([]);
  });

  it('CloudFormation: a key of the user by !Ref and a key for "payments-lead" may be two keys of one user', async () => {
    const ownKey =
      '  OwnKey:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: !Ref Lead\n      Status: Inactive\n  OtherKey:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: !Ref Lead\n';
    const text = stackNamedLead('payments-lead', ownKey).replace('LoginProfile:\n        Password: "{{resolve:secretsmanager:lead}}"\n', 'Path: /\n');
    expect(await warnings({ 'template.yaml': text })).toEqual([
      'multiple-active-access-keys warning 8: Cannot tell whether LeadKey is a second active access key of a user: its user "payments-lead" may be IAM user Lead, whose name is not known statically: pseudo parameter AWS::StackName has no value before deployment.',
    ]);
  });

  it('Terraform: a login profile for "qa-lead" may be the user "${var.stage}-lead" that has a key', async () => {
    const text =
      'variable "stage" {}\n\n' +
      'resource "aws_iam_user" "lead" {\n  name = "${var.stage}-lead"\n}\n\n' +
      'resource "aws_iam_access_key" "lead" {\n  user = aws_iam_user.lead.name\n}\n\n' +
      'resource "aws_iam_user_login_profile" "qa" {\n  user = "qa-lead"\n}\n';
    expect(await warnings({ 'main.tf': text })).toEqual([
      'console-user-with-access-key warning 7: Cannot tell whether aws_iam_access_key.lead belongs to a console user with an active access key: IAM user aws_iam_user.lead, whose name is not known statically: var.stage has no value; it may be user "qa-lead", who has a console password.',
    ]);
  });
});
