/**
 * Terraform's numbers are exact: `tostring(12345678901234567891)` is "12345678901234567891" (terraform
 * console 1.11.4). credlint computes with doubles, which round that literal to 12345678901234567000: an
 * access key whose `user` was written as that number named no user, and the user's console password
 * and key were no finding, exit 0 even with --report-unknown. Such a literal is unknown now.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

async function findings(mainTf: string) {
  const dir = tempTree({ 'main.tf': mainTf });
  const result = await lint({ paths: [dir], cwd: dir, reportUnknown: true });
  return result.findings.map((f) => `${f.ruleId}: ${f.message}`);
}

const USER = `resource "aws_iam_user" "u" {
  name = "12345678901234567891"
}

resource "aws_iam_user_login_profile" "p" {
  user = "12345678901234567891"
}
`;

describe('a whole number literal past 2^53', () => {
  it.each([
    ['as an attribute', '12345678901234567891'],
    ['inside an expression', '"${12345678901234567891}"'],
  ])('is unknown, never its rounded double: %s', async (_name, user) => {
    expect(await findings(`${USER}resource "aws_iam_access_key" "k" {\n  user = ${user}\n}\n`)).toEqual([
      "console-user-with-access-key: Cannot tell whether aws_iam_access_key.k belongs to a console user with an active access key: a whole number with more digits than credlint's numbers keep (past 2^53).",
      "root-user-access-key: Cannot tell whether access key aws_iam_access_key.k is for the root user: a whole number with more digits than credlint's numbers keep (past 2^53).",
    ]);
  });

  it('is unknown inside a template with text around it, and in a conditional there', async () => {
    for (const user of ['"u${12345678901234567891}"', '"u${true ? 12345678901234567891 : 1}"']) {
      expect(
        await findings(`${USER.replaceAll('"12345678901234567891"', '"u12345678901234567891"')}resource "aws_iam_access_key" "k" {\n  user = ${user}\n}\n`),
        user,
      ).toEqual([
        "console-user-with-access-key: Cannot tell whether aws_iam_access_key.k belongs to a console user with an active access key: a whole number with more digits than credlint's numbers keep (past 2^53).",
      ]);
    }
  });

  it('is unknown in a .tf.json file too', async () => {
    const dir = tempTree({
      'main.tf': USER,
      'key.tf.json': '{ "resource": { "aws_iam_access_key": { "k": { "user": 12345678901234567891 } } } }\n',
    });
    const result = await lint({ paths: [dir], cwd: dir, reportUnknown: true });
    expect(result.findings.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([
      "console-user-with-access-key: Cannot tell whether aws_iam_access_key.k belongs to a console user with an active access key: a whole number with more digits than credlint's numbers keep (past 2^53).",
      "root-user-access-key: Cannot tell whether access key aws_iam_access_key.k is for the root user: a whole number with more digits than credlint's numbers keep (past 2^53).",
    ]);
  });

  it('keeps a whole number that a double holds exactly, however large', async () => {
    expect(
      await findings(`${USER.replaceAll('12345678901234567891', '9007199254740992')}resource "aws_iam_access_key" "k" {\n  user = 9007199254740992\n}\n`),
    ).toEqual([
      'console-user-with-access-key: IAM user "9007199254740992" has a console password (aws_iam_user_login_profile.p) and an active access key (aws_iam_access_key.k).',
    ]);
  });
});

describe('numbers a double rounds in JSON files', () => {
  // terraform console 1.11.4 reads both ids exactly: "svc-12345678901234567891" and "svc-12345678901234567892".
  const keys = `variable "ids" {
  type = list(number)
}

resource "aws_iam_access_key" "a" {
  user = "svc-\${var.ids[0]}"
}

resource "aws_iam_access_key" "b" {
  user = "svc-\${var.ids[1]}"
}
`;

  it('leave a variable that a terraform.tfvars.json file sets with one unknown, never two users made one', async () => {
    const dir = tempTree({ 'main.tf': keys, 'terraform.tfvars.json': '{ "ids": [12345678901234567891, 12345678901234567892] }\n' });
    const result = await lint({ paths: [dir], cwd: dir, reportUnknown: true });
    expect(result.findings.filter((f) => f.severity === 'error').map((f) => f.message)).toEqual([]);
    expect(result.findings.map((f) => f.message)).toContainEqual(
      expect.stringMatching(/the value holds a number with more digits than credlint's numbers keep/),
    );
    // Numbers a double holds are read as before.
    const exact = tempTree({ 'main.tf': keys, 'terraform.tfvars.json': '{ "ids": [4021, 4021.0] }\n' });
    const exactResult = await lint({ paths: [exact], cwd: exact, reportUnknown: true });
    expect(exactResult.findings.map((f) => `${f.severity} ${f.message}`)).toEqual([
      'error IAM user "svc-4021" has 2 active access keys (aws_iam_access_key.a, aws_iam_access_key.b); at most one may be active.',
    ]);
  });

  it('make a decimal of more digits than a double keeps in a .tf.json file unknown', async () => {
    const dir = tempTree({
      // The double's decimal: a key named with it was this console user's, where Terraform names "u123456789.123456789".
      'main.tf': USER.replaceAll('"12345678901234567891"', '"u123456789.12345679"'),
      'key.tf.json': '{ "locals": { "n": 123456789.123456789 }, "resource": { "aws_iam_access_key": { "k": { "user": "u${local.n}" } } } }\n',
    });
    const result = await lint({ paths: [dir], cwd: dir, reportUnknown: true });
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(result.findings.map((f) => f.message)).toContainEqual(expect.stringMatching(/a number with more digits than credlint's numbers keep/));
  });
});
