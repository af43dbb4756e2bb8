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

describe('a for_each derived from a sensitive value (Terraform: "cannot be used as for_each arguments")', () => {
  const keys = (forEach: string, declarations = '') => `${declarations}resource "aws_iam_user" "deploy" {
  name = "deploy"
}

resource "aws_iam_access_key" "deploy" {
  for_each = ${forEach}
  user     = aws_iam_user.deploy.name
}
`;
  const SENSITIVE_SET = 'variable "rotations" {\n  type      = set(string)\n  sensitive = true\n  default   = ["current", "next"]\n}\n\n';
  const verdicts = async (files: Record<string, string>) => {
    const dir = tempTree(files);
    const result = await lint({ paths: [dir], cwd: dir, reportUnknown: true });
    return result.findings.filter((f) => f.ruleId === 'multiple-active-access-keys').map((f) => (f.unknown ? `unknown: ${f.message}` : 'definite'));
  };

  it('makes no instance: the keys are undecided, whether the whole value or one set element is sensitive', async () => {
    for (const forEach of [
      'var.rotations',
      'sensitive(toset(["current", "next"]))',
      'toset([sensitive("current"), "next"])',
      '{ for r in var.rotations : r => r }',
      'sensitive({ current = 1, next = 2 })',
    ]) {
      expect(await verdicts({ 'main.tf': keys(forEach, SENSITIVE_SET) }), forEach).toEqual([
        'unknown: Cannot tell whether aws_iam_access_key.deploy is a second active access key of a user: for_each is derived from a sensitive value, which Terraform refuses (its keys would appear in instance addresses).',
      ]);
    }
  });

  it('is refused for a module call too', async () => {
    const main = `${SENSITIVE_SET}module "key" {\n  source   = "./key"\n  for_each = var.rotations\n}\n`;
    const key = 'resource "aws_iam_access_key" "this" {\n  user = "deploy"\n}\n';
    const found = await verdicts({ 'main.tf': main, 'key/main.tf': key });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('for_each is derived from a sensitive value');
  });

  it('still expands a map whose values alone are sensitive, and nonsensitive()', async () => {
    for (const forEach of ['{ current = sensitive("a"), next = sensitive("b") }', 'nonsensitive(var.rotations)']) {
      expect(await verdicts({ 'main.tf': keys(forEach, SENSITIVE_SET) }), forEach).toEqual(['definite']);
    }
  });
});
