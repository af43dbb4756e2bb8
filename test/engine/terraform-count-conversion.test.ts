/**
 * A `count` or list index given as a string is converted to a number as Terraform converts any string to a
 * number (the conversion `tonumber` makes): "2.0", "+2" and "1e1" are counts, checked with `terraform plan`
 * over `terraform_data` blocks, and `["1.0"]` selects the second instance; " 2" is refused ("a number is
 * required"). A `for_each` of numbers is refused too, and the reason names the element's type, whatever
 * its value.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

const keys = (user: string, count: string) => `resource "aws_iam_access_key" "${user}" {
  count = ${count}
  user  = "${user}"
}
`;

async function findings(mainTf: string) {
  const dir = tempTree({ 'main.tf': mainTf });
  const result = await lint({ paths: [dir], cwd: dir, reportUnknown: true });
  return result.findings.filter((f) => f.ruleId === 'multiple-active-access-keys').map((f) => f.message);
}

describe('a count given as a string', () => {
  it.each([
    ['a decimal with a fraction of zero', '"2.0"'],
    ['a leading plus', '"+2"'],
    ['an exponent', '"0.2e1"'],
    ['a variable holding such a string', 'var.key_count'],
  ])('is the number it spells: %s', async (_name, count) => {
    const variable = 'variable "key_count" {\n  type    = string\n  default = "2.0"\n}\n';
    expect(await findings(`${variable}${keys('ci', count)}`)).toEqual([
      'IAM user "ci" has 2 active access keys (aws_iam_access_key.ci[0], aws_iam_access_key.ci[1]); at most one may be active.',
    ]);
  });

  it('is undecided where Terraform refuses it (spaces around the digits), naming the type only', async () => {
    expect(await findings(keys('ci', '" 2 "'))).toEqual([
      'Cannot tell whether aws_iam_access_key.ci is a second active access key of a user: count must be a whole number, got a string.',
    ]);
  });

  it('is undecided where the number it spells is fractional or negative', async () => {
    expect(await findings(`${keys('a', '"1.5"')}${keys('b', '"-1"')}`)).toEqual([
      'Cannot tell whether aws_iam_access_key.a is a second active access key of a user: count must be a whole number, got a fractional number.',
      'Cannot tell whether aws_iam_access_key.b is a second active access key of a user: count must be a whole number, got a negative number.',
    ]);
  });
});

describe('a count beyond what Terraform converts to a whole number', () => {
  // Terraform converts a count to a 64-bit integer and refuses one outside its range
  // (`terraform plan` of `count = 1e999` or `1e19`: "value must be a whole number, between
  // -9223372036854775808 and 9223372036854775807"), so no instance exists: undecided, named for what
  // it is. 1e999 is an infinity in a double and was described as "a fractional number", and 1e19
  // as a budget reached (exit 2) that raising the limit could never satisfy.
  // A literal of more digits than a double keeps (1e999, -1e999, in .tf and .tf.json) is unknown as a number at all:
  // written out it would be 1,000 digits, where a double holds an infinity.
  it('is undecided as a number too large, in .tf and in .tf.json, and 1e999 and -1e999 as numbers credlint does not keep', async () => {
    const tfJson = JSON.stringify({ resource: { aws_iam_access_key: { c: { user: 'c', count: 1 } } } }).replace('"count":1', '"count":1e999');
    const dir = tempTree({ 'main.tf': `${keys('a', '1e999')}${keys('b', '1e19')}${keys('d', '-1e999')}`, 'more.tf.json': tfJson });
    const result = await lint({ paths: [dir], cwd: dir, reportUnknown: true });
    expect(result.findings.filter((f) => f.ruleId === 'parse-error')).toEqual([]);
    expect(result.findings.filter((f) => f.ruleId === 'multiple-active-access-keys').map((f) => f.message)).toEqual([
      "Cannot tell whether aws_iam_access_key.a is a second active access key of a user: count is unknown: a number with more digits than credlint's numbers keep (Terraform's are exact to 512 bits).",
      'Cannot tell whether aws_iam_access_key.b is a second active access key of a user: count must be a whole number, got a number too large (Terraform takes at most 9223372036854775807).',
      "Cannot tell whether aws_iam_access_key.d is a second active access key of a user: count is unknown: a number with more digits than credlint's numbers keep (Terraform's are exact to 512 bits).",
      "Cannot tell whether aws_iam_access_key.c is a second active access key of a user: count is unknown: a number with more digits than credlint's numbers keep (Terraform's are exact to 512 bits).",
    ]);
  });
});

describe('a list index given as a string', () => {
  it('selects the instance of the number it spells', async () => {
    const mainTf = `variable "names" {
  type    = list(string)
  default = ["ana", "bo"]
}

resource "aws_iam_user" "u" {
  count = length(var.names)
  name  = var.names[count.index]
}

resource "aws_iam_access_key" "by_number" {
  user = aws_iam_user.u[1].name
}

resource "aws_iam_access_key" "by_string" {
  user = aws_iam_user.u["1.0"].name
}
`;
    expect(await findings(mainTf)).toEqual([
      'IAM user "bo" has 2 active access keys (aws_iam_access_key.by_number, aws_iam_access_key.by_string); at most one may be active.',
    ]);
  });
});

describe('a for_each of numbers', () => {
  it('names the type of what it holds, not a sign it does not have', async () => {
    const mainTf = `resource "aws_iam_access_key" "set" {
  for_each = toset([1, 2])
  user     = "ci"
}

resource "aws_iam_access_key" "number" {
  for_each = 2
  user     = "ops"
}
`;
    expect(await findings(mainTf)).toEqual([
      'Cannot tell whether aws_iam_access_key.set is a second active access key of a user: for_each must be a map or a set of strings; it is a set holding a number.',
      'Cannot tell whether aws_iam_access_key.number is a second active access key of a user: for_each must be a map or a set of strings; it is a number.',
    ]);
  });
});
