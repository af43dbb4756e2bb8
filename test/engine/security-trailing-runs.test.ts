/**
 * Trims of a run of characters at the end of a value a pull request writes (docs/security.md, "What
 * credlint bounds"). Written as regular expressions (`/ +$/`), V8 tried them at each position of every
 * run inside the value and scanned to its end: time quadratic in the run, inside one function call, so
 * no deadline stopped it. Terraform's `trimspace`, `chomp`, `basename` and `dirname` of a
 * 100,000-character value took 30 to 70 s; a CloudFormation YAML quoted value over two lines, 12 s for
 * 40,000 backslashes. Each case must end within 10 s (`scanHostile`) with the value Terraform computes.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostileWorkspaces, scanHostile } from '../support/hostile-workspace.js';

const workspace = hostileWorkspaces('credlint-trailing-runs-');

/** A module whose user is named by `expression`, with two active keys: the finding names the user. */
function twoKeysFor(expression: string): string {
  return `resource "aws_iam_user" "u" {\n  name = ${expression}\n}\n\nresource "aws_iam_access_key" "a" {\n  user = aws_iam_user.u.name\n}\n\nresource "aws_iam_access_key" "b" {\n  user = aws_iam_user.u.name\n}\n`;
}

/** 100,000 characters `c` between `a` and `b`, built by the expression so the file stays small. */
const RUN = (c: string) => `replace(format("a%100000sb", ""), " ", "${c}")`;

describe('a run of 100,000 characters inside a Terraform value', () => {
  it.each([
    ['trimspace()', `length(trimspace(${RUN(' ')})) == 100002 ? "spaces-kept" : "wrong"`, 'spaces-kept'],
    ['chomp()', `length(chomp(${RUN('\\n')})) == 100002 ? "breaks-kept" : "wrong"`, 'breaks-kept'],
    ['basename()', `basename(${RUN('/')})`, 'b'],
    ['dirname()', `length(dirname(${RUN('/')})) == 1 ? "slashes-cleaned" : "wrong"`, 'slashes-cleaned'],
  ])('%s is computed in linear time', async (_what, expression, user) => {
    const root = workspace({ 'infra/main.tf': twoKeysFor(expression) });
    const result = await scanHostile(root, { limits: { scanSeconds: 5 } });
    const said = result.findings.filter((f) => f.ruleId === 'multiple-active-access-keys').map((f) => f.message);
    expect(said).toEqual([expect.stringContaining(`IAM user "${user}" has 2 active access keys`)]);
  });
});

describe('a CloudFormation YAML quoted value over two lines', () => {
  it.each([
    ['40,000 spaces', ' '],
    ['40,000 backslashes', '\\\\'],
  ])('with %s inside its first line is read in linear time', async (_what, run) => {
    const template = `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  K:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: "a${run.repeat(40_000)}b\n        c"\n  J:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: ops\n  L:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: ops\n`;
    const root = workspace({ 'cfn/t.yaml': template });
    const result = await scanHostile(root);
    expect(result.findings.filter((f) => f.ruleId === 'multiple-active-access-keys' && f.location.file === join(root, 'cfn/t.yaml'))).toHaveLength(1);
  });
});
