/**
 * An invalid `for_each` never hides a second key silently: Terraform refuses a tuple as `for_each`, so how
 * many keys exist is unknown, and `--report-unknown` says so at the key (a pass without it is not a claim
 * that the user has one key).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

const MAIN_TF = `resource "aws_iam_user" "deploy" {
  name = "deploy"
}

resource "aws_iam_access_key" "deploy" {
  for_each = ["old", "new"]
  user     = aws_iam_user.deploy.name
}
`;

describe('an invalid for_each', () => {
  it('is a --report-unknown warning at the key, naming why', async () => {
    const dir = tempTree({ 'main.tf': MAIN_TF });
    const result = await lint({ paths: [dir], cwd: dir, reportUnknown: true });
    const warnings = result.findings.filter((f) => f.ruleId === 'multiple-active-access-keys');
    expect(warnings.map((f) => [f.severity, f.unknown, f.location.range.start.line, f.message])).toEqual([
      [
        'warning',
        true,
        5,
        'Cannot tell whether aws_iam_access_key.deploy is a second active access key of a user: for_each must be a map or a set of strings; it is a list.',
      ],
    ]);
  });

  it('gives no error finding without --report-unknown', async () => {
    const dir = tempTree({ 'main.tf': MAIN_TF });
    const result = await lint({ paths: [dir], cwd: dir });
    expect(result.findings.filter((f) => f.ruleId !== 'parse-error')).toEqual([]);
  });
});
