/**
 * Terraform normalises every string to NFC (go-cty), so a user named with a combining accent in one
 * place and precomposed in another is one user, in `.tf.json` as in `.tf`, and values given on the
 * command line are normalised too (checked with `terraform console` 1.11.4).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

async function findings(files: Readonly<Record<string, string>>, vars?: readonly (readonly [string, string])[]): Promise<string[]> {
  const root = tempTree(files, 'credlint-unicode-');
  const result = await lint({ paths: [root], cwd: root, ...(vars === undefined ? {} : { vars }) });
  return result.findings.map((f) => `${f.ruleId} ${f.message}`);
}

describe('user names in two Unicode forms', () => {
  it('are one user in .tf.json', async () => {
    const json = {
      resource: {
        aws_iam_user: { u: { name: 'jos\u00e9' } },
        aws_iam_user_login_profile: { p: { user: '${aws_iam_user.u.name}' } },
        aws_iam_access_key: { k: { for_each: { 'jose\u0301': 1 }, user: '${each.key}' } },
      },
    };
    expect(await findings({ 'main.tf.json': JSON.stringify(json) })).toEqual([
      'console-user-with-access-key IAM user "jos\u00e9" has a console password (aws_iam_user_login_profile.p) and an active access key (aws_iam_access_key.k["jos\u00e9"]).',
    ]);
  });

  it('are one key name when given on the command line', async () => {
    const tf = `variable "first" {
  type = string
}

variable "second" {
  type = string
}

resource "aws_iam_access_key" "k" {
  for_each = toset([var.first, var.second])
  user     = "deploy"
}
`;
    expect(
      await findings({ 'main.tf': tf }, [
        ['first', 'rene\u0301'],
        ['second', 'ren\u00e9'],
      ]),
    ).toEqual([]);
    expect(
      await findings({ 'main.tf': tf }, [
        ['first', 'rene'],
        ['second', 'ren\u00e9'],
      ]),
    ).toHaveLength(1);
  });
});
