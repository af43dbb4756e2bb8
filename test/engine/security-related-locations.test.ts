/**
 * One finding's related locations are listed up to a bound: a user with thousands of access keys (a
 * `count` within the instance budgets) gave each of its findings one related location per key, 90,000
 * of them from a 1 KB file (97 MB of SARIF, 845 MB of memory; four such directories, 1 GB and 239 MB of
 * JSON). GitHub code scanning rejects a SARIF upload with more than 1,000 locations in one result and
 * shows 100 (https://docs.github.com/en/code-security/code-scanning/troubleshooting-sarif-uploads/results-exceed-limit),
 * so the whole report, every other finding with it, would be refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

const MAIN_TF = `resource "aws_iam_user" "u" {
  name = "alice"
}

resource "aws_iam_user_login_profile" "p" {
  user = aws_iam_user.u.name
}

resource "aws_iam_access_key" "k" {
  count = 250
  user  = aws_iam_user.u.name
}
`;

describe('related locations of one finding', () => {
  it('lists the first 100, then one more counting the rest, at the first not listed', async () => {
    const dir = tempTree({ 'main.tf': MAIN_TF });
    const result = await lint({ paths: [dir], cwd: dir });
    const byRule = new Map(result.findings.map((finding) => [finding.ruleId, finding]));
    const multiple = byRule.get('multiple-active-access-keys');
    expect(multiple?.message).toMatch(/^IAM user "alice" has 250 active access keys/);
    expect(multiple?.related).toHaveLength(101);
    expect(multiple?.related[99]?.message).toBe('access key aws_iam_access_key.k[99]');
    // At the 101st key's declaration (every instance of one block is declared at its header).
    expect(multiple?.related[100]).toEqual({
      location: expect.objectContaining({ logicalPath: 'resource.aws_iam_access_key.k' }) as unknown,
      message: '150 more related locations are not listed (credlint lists 100 per finding)',
    });
    const console = byRule.get('console-user-with-access-key');
    // The login profile, the user and 249 other keys.
    expect(console?.related).toHaveLength(101);
    expect(console?.related[100]?.message).toBe('151 more related locations are not listed (credlint lists 100 per finding)');
  });

  it('lists every one when there are 100 or fewer', async () => {
    const dir = tempTree({ 'main.tf': MAIN_TF.replace('count = 250', 'count = 98') });
    const result = await lint({ paths: [dir], cwd: dir });
    const console = result.findings.find((finding) => finding.ruleId === 'console-user-with-access-key');
    // The login profile, the user and the 97 other keys.
    expect(console?.related).toHaveLength(99);
    expect(console?.related.at(-1)?.message).toBe('other access key aws_iam_access_key.k[97]');
  });
});
