/**
 * `--report-unknown`: login profiles and keys that name their user by one unknown value are one user's, and
 * where that user already breaks a rule (an error), whatever the value turns out to be only decides which other
 * resources join the same finding. So no warning says it "cannot tell" about them; a key of that user that
 * could still make a second user break a rule keeps its warning.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** Findings of `ruleId` as `severity line: message`, for file texts by path. */
async function findings(ruleId: string, files: Record<string, string>, parameters?: Record<string, string>): Promise<string[]> {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-linked-reported-')));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true, ...(parameters ? { parameters } : {}) });
  return result.findings.filter((f) => f.ruleId === ruleId).map((f) => `${f.severity} ${f.location.range.start.line}: ${f.message}`);
}

const twoKeysOfUnknownUser = `variable "svc" {
  type = string
}

resource "aws_iam_access_key" "first" {
  user = var.svc
}

resource "aws_iam_access_key" "second" {
  user = var.svc
}

resource "aws_iam_access_key" "deployer" {
  user = "deployer"
}
`;

const consoleUserOfUnknownName = `variable "svc" {
  type = string
}

resource "aws_iam_user_login_profile" "svc" {
  user = var.svc
}

resource "aws_iam_access_key" "svc" {
  user = var.svc
}

resource "aws_iam_access_key" "deployer" {
  user = "deployer"
}
`;

describe('multiple-active-access-keys: keys of a user named by an unknown value that already has two active keys', () => {
  it('Terraform: the error, and no warning that either key may be a second key', async () => {
    expect(await findings('multiple-active-access-keys', { 'main.tf': twoKeysOfUnknownUser })).toEqual([
      'error 9: IAM user "${var.svc}" has 2 active access keys (aws_iam_access_key.first, aws_iam_access_key.second); at most one may be active.',
    ]);
  });

  it('CloudFormation: the same with a parameter without a default', async () => {
    const template = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Svc:
    Type: String
Resources:
  First:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: !Ref Svc
  Second:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: !Ref Svc
  Deployer:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: deployer
`;
    expect(await findings('multiple-active-access-keys', { 'template.yaml': template })).toEqual([
      'error 10: IAM user "${Svc}" has 2 active access keys (First, Second); at most one may be active.',
    ]);
  });

  it('still warns of a single key of that unknown user, which may be the second key of "deployer"', async () => {
    expect(await findings('multiple-active-access-keys', { 'main.tf': consoleUserOfUnknownName })).toEqual([
      'warning 9: Cannot tell whether aws_iam_access_key.svc is a second active access key of a user: var.svc has no value.',
    ]);
  });
});

describe('console-user-with-access-key: a login profile and key of a user named by an unknown value', () => {
  it('the error, and no warning that the login profile may belong to a console user with an active key', async () => {
    expect(await findings('console-user-with-access-key', { 'main.tf': consoleUserOfUnknownName })).toEqual([
      'error 9: IAM user "${var.svc}" has a console password (aws_iam_user_login_profile.svc) and an active access key (aws_iam_access_key.svc).',
    ]);
  });

  it('still warns of a login profile of that unknown user whose own key is Inactive: "deployer" has an active key', async () => {
    const files = {
      'main.tf': consoleUserOfUnknownName.replace(
        'resource "aws_iam_access_key" "svc" {\n  user = var.svc\n',
        'resource "aws_iam_access_key" "svc" {\n  user   = var.svc\n  status = "Inactive"\n',
      ),
    };
    expect(await findings('console-user-with-access-key', files)).toEqual([
      'warning 5: Cannot tell whether aws_iam_user_login_profile.svc belongs to a console user with an active access key: var.svc has no value.',
    ]);
  });
});
