/**
 * The AWS provider takes an access key `status` of `Active`, `Inactive` or `Expired` only, compared
 * case-sensitively; any other written value (`active`, `INACTIVE`) fails the plan. Such a key is not
 * known to be inactive: `--report-unknown` says what the status is, and nothing is decided on it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

async function findings(mainTf: string, reportUnknown: boolean): Promise<string[]> {
  const root = tempTree({ 'main.tf': mainTf }, 'credlint-key-status-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown });
  return result.findings.map((f) => `${f.severity} ${f.ruleId} ${f.location.range.start.line} ${f.message}`);
}

const USER = 'resource "aws_iam_user" "ops" {\n  name = "ops"\n}\n';
const PROFILE = '\nresource "aws_iam_user_login_profile" "ops" {\n  user = aws_iam_user.ops.name\n}\n';
const key = (label: string, status?: string) =>
  `\nresource "aws_iam_access_key" "${label}" {\n  user = aws_iam_user.ops.name\n${status === undefined ? '' : `  status = "${status}"\n`}}\n`;

describe('an access key status the AWS provider refuses', () => {
  it('is not taken as inactive beside a console password or another active key', async () => {
    expect(await findings(USER + PROFILE + key('k', 'active'), true)).toEqual([
      'warning console-user-with-access-key 11 IAM user "ops" has a console password (aws_iam_user_login_profile.ops) and access key aws_iam_access_key.k may be active: aws_iam_access_key.k.status is "active", which the AWS provider refuses (it takes Active, Inactive or Expired, case-sensitive), so Terraform stops the plan.',
    ]);
    expect(await findings(USER + key('current') + key('next', 'INACTIVE'), true)).toEqual([
      'warning multiple-active-access-keys 11 IAM user "ops" has an active access key and access key aws_iam_access_key.next may be active too: aws_iam_access_key.next.status is "INACTIVE", which the AWS provider refuses (it takes Active, Inactive or Expired, case-sensitive), so Terraform stops the plan.',
    ]);
    // Without --report-unknown nothing is reported: the plan would fail before any key exists.
    expect(await findings(USER + PROFILE + key('k', 'active'), false)).toEqual([]);
  });

  it('leaves the statuses it takes as they are', async () => {
    expect(await findings(USER + key('current') + key('next', 'Expired'), true)).toEqual([]);
    expect(await findings(USER + key('current') + key('next', 'Inactive'), true)).toEqual([]);
    expect((await findings(USER + key('current') + key('next', 'Active'), true)).map((f) => f.split(' ').slice(0, 2).join(' '))).toEqual([
      'error multiple-active-access-keys',
    ]);
  });
});
