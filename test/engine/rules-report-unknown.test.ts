/** `--report-unknown` on `multiple-active-access-keys`: a key whose user is unknown may be a second key only when the unit has another key. */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';

const roots: string[] = [];
afterAll(async () => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

async function unknownWarnings(mainTf: string): Promise<string[]> {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-unknown-')));
  roots.push(root);
  writeFileSync(join(root, 'main.tf'), mainTf);
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.filter((f) => f.ruleId === 'multiple-active-access-keys').map((f) => `${f.severity} ${f.location.range.start.line}: ${f.message}`);
}

describe('multiple-active-access-keys with --report-unknown', () => {
  it('says nothing of the only key of a unit, even beside a login profile whose user is unknown too', async () => {
    expect(
      await unknownWarnings(
        'variable "who" {}\nresource "aws_iam_user_login_profile" "p" {\n  user = var.who\n}\nresource "aws_iam_access_key" "k" {\n  user = var.who\n}\n',
      ),
    ).toEqual([]);
  });

  it('warns of a key whose user is unknown when another key exists', async () => {
    const warnings = await unknownWarnings(
      'variable "who" {}\nresource "aws_iam_access_key" "known" {\n  user = "ops"\n}\nresource "aws_iam_access_key" "k" {\n  user = var.who\n}\n',
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^warning 5: .*aws_iam_access_key\.k.*var\.who has no value/);
  });
});

describe('root-user-access-key with --report-unknown', () => {
  /** `files` is the text of `main.tf`, or file texts by path. */
  async function rootWarnings(files: string | Record<string, string>): Promise<string[]> {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-unknown-root-')));
    roots.push(root);
    for (const [path, text] of Object.entries(typeof files === 'string' ? { 'main.tf': files } : files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
    return result.findings
      .filter((f) => f.ruleId === 'root-user-access-key')
      .map((f) => `${f.severity} ${f.location.file.slice(root.length + 1)}:${f.location.range.start.line}: ${f.message}`);
  }

  it('warns of a key linked by reference to a user whose name is unknown', async () => {
    expect(
      await rootWarnings(
        'variable "who" {}\nresource "aws_iam_user" "u" {\n  name = var.who\n}\nresource "aws_iam_access_key" "k" {\n  user = aws_iam_user.u.name\n}\n',
      ),
    ).toEqual(['warning main.tf:5: Cannot tell whether access key aws_iam_access_key.k is for the root user: var.who has no value.']);
  });

  it('names list(), which Terraform 0.15 removed, as the reason a user list is unknown', async () => {
    expect(
      await rootWarnings(
        'locals {\n  names = list("ana", "bob")\n}\nresource "aws_iam_access_key" "k" {\n  count = length(local.names)\n  user  = local.names[count.index]\n}\n',
      ),
    ).toEqual([
      'warning main.tf:4: Cannot tell whether access key aws_iam_access_key.k is for the root user: count is unknown: function list was removed in Terraform 0.15 (tolist([...]) replaces it).',
    ]);
  });

  it('says nothing when the user name is known and not root', async () => {
    expect(
      await rootWarnings('resource "aws_iam_user" "u" {\n  name = "ops"\n}\nresource "aws_iam_access_key" "k" {\n  user = aws_iam_user.u.name\n}\n'),
    ).toEqual([]);
  });

  // A module called with for_each over an unknown value has one placeholder instance: its user's name
  // is unknown, and so may be root, although the user is declared and the key refers to it.
  const userModule = {
    'user/main.tf':
      'variable "username" {}\nvariable "prefix" {\n  default = ""\n}\nresource "aws_iam_user" "u" {\n  name = "${var.prefix}${var.username}"\n}\nresource "aws_iam_access_key" "k" {\n  user = aws_iam_user.u.name\n}\n',
  };

  it('warns of a key of a declared user in a module instance that may not exist', async () => {
    expect(
      await rootWarnings({
        ...userModule,
        'main.tf': 'variable "names" {\n  type = set(string)\n}\nmodule "user" {\n  for_each = var.names\n  source   = "./user"\n  username = each.key\n}\n',
      }),
    ).toEqual([
      'warning user/main.tf:8: Cannot tell whether access key module.user.aws_iam_access_key.k is for the root user: module.user: for_each is unknown: var.names has no value.',
    ]);
  });

  it('says nothing of such a key when what is known of the user name is not root', async () => {
    expect(
      await rootWarnings({
        ...userModule,
        'main.tf':
          'variable "names" {\n  type = set(string)\n}\nmodule "user" {\n  for_each = var.names\n  source   = "./user"\n  username = each.key\n  prefix   = "svc-"\n}\n',
      }),
    ).toEqual([]);
  });

  it('says nothing of a key of a user without a name, whose generated name is never root, when both may not exist', async () => {
    expect(
      await rootWarnings({
        'template.yaml':
          'AWSTemplateFormatVersion: "2010-09-09"\nParameters:\n  Make:\n    Type: String\nConditions:\n  Made: !Equals [!Ref Make, "yes"]\nResources:\n  U:\n    Type: AWS::IAM::User\n    Condition: Made\n  K:\n    Type: AWS::IAM::AccessKey\n    Condition: Made\n    Properties:\n      UserName: !Ref U\n',
      }),
    ).toEqual([]);
  });
});

describe('console-user-with-access-key with --report-unknown: a login profile whose existence is unknown', () => {
  it('is warned of at the login profile, as a report of the key that may be its user’s (the rule reports access keys)', async () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-unknown-profile-')));
    roots.push(root);
    writeFileSync(
      join(root, 'main.tf'),
      'variable "console" {}\nresource "aws_iam_user" "ops" {\n  name = "ops"\n}\nresource "aws_iam_user_login_profile" "ops" {\n  count = var.console ? 1 : 0\n  user  = aws_iam_user.ops.name\n}\nresource "aws_iam_access_key" "ops" {\n  user = aws_iam_user.ops.name\n}\n',
    );
    const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
    const warnings = result.findings.filter((f) => f.ruleId === 'console-user-with-access-key');
    expect(warnings.map((f) => [f.severity, f.location.range.start, f.location.logicalPath, f.related.map((r) => r.message)])).toEqual([
      ['warning', { line: 5, column: 1 }, 'resource.aws_iam_user_login_profile.ops', ['access key aws_iam_access_key.ops']],
    ]);
    expect(warnings[0]?.message).toMatch(
      /^Cannot tell whether aws_iam_user_login_profile\.ops belongs to a console user with an active access key: count is unknown/,
    );
  });
});
