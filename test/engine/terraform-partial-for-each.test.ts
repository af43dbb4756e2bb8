/**
 * A `for_each` map built by a `for` whose `if` is unknown for some elements only
 * (`partial-collection.ts`): every plan Terraform can make has those conditions known, so the
 * instances of elements whose condition is true exist in every plan (findings), the others only where
 * theirs turns out true (`--report-unknown` warnings). Unknown is not true: no entry of an unknown
 * condition is taken to exist; `merge`, `concat`, `flatten` and a `for` over such a map keep its entries,
 * anything else computed from it stays wholly unknown.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

async function findings(main: string): Promise<string[]> {
  const root = tempTree({ 'main.tf': main }, 'credlint-partial-for-each-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.severity} ${f.ruleId} ${f.message.match(/aws_iam_user_login_profile\.p(\["\w+"\])?/)?.[0] ?? ''}`).sort();
}

const module = (profiles: string, keys: string, bo = 'var.x') => `
variable "x" { type = bool }
locals {
  users = {
    ana = { console = true, key = true }
    bo  = { console = ${bo}, key = true }
  }
  humans = ${profiles}
}
resource "aws_iam_user" "u" {
  for_each = local.users
  name     = each.key
}
resource "aws_iam_user_login_profile" "p" {
  for_each = local.humans
  user     = aws_iam_user.u[each.key].name
}
resource "aws_iam_access_key" "k" {
  for_each = ${keys}
  user     = aws_iam_user.u[each.key].name
}
`;

describe('a for_each map whose filter is unknown for one element', () => {
  it('keeps the instances of elements whose filter is true: an error for ana, a warning for bo', async () => {
    expect(await findings(module('{ for k, v in local.users : k => v if v.console }', '{ for k, v in local.users : k => v if v.key }'))).toEqual([
      'error console-user-with-access-key aws_iam_user_login_profile.p["ana"]',
      'warning console-user-with-access-key aws_iam_user_login_profile.p["bo"]',
    ]);
  });

  it('gives no warning for one element on filters that exclude each other', async () => {
    expect(await findings(module('{ for k, v in local.users : k => v if v.console }', '{ for k, v in local.users : k => v if !v.console }'))).toEqual([]);
  });

  it('takes no instance of an unknown filter to exist, and reads other expressions of such a map as unknown', async () => {
    const bo = '{ for k, v in local.users : k => v if v.console && k == "bo" }';
    expect(await findings(module(bo, '{ for k, v in local.users : k => v if v.key }'))).toEqual([
      'warning console-user-with-access-key aws_iam_user_login_profile.p["bo"]',
    ]);
    // merge() of the map, and a for over it, keep its entries (`terraform-partial-combined.test.ts`).
    expect(await findings(module('merge({ for k, v in local.users : k => v if v.console }, {})', '{ for k, v in local.users : k => v if v.key }'))).toEqual([
      'error console-user-with-access-key aws_iam_user_login_profile.p["ana"]',
      'warning console-user-with-access-key aws_iam_user_login_profile.p["bo"]',
    ]);
    const outer = '{ for k, v in { for k, v in local.users : k => v if v.console } : k => v if v.key }';
    expect(await findings(module(outer, '{ for k, v in local.users : k => v if v.key }'))).toEqual([
      'error console-user-with-access-key aws_iam_user_login_profile.p["ana"]',
      'warning console-user-with-access-key aws_iam_user_login_profile.p["bo"]',
    ]);
    // Other functions of it are unknown as a whole.
    expect(await findings(module('transpose({ for k, v in local.users : k => [k] if v.console })', '{ for k, v in local.users : k => v if v.key }'))).toEqual([
      'warning console-user-with-access-key aws_iam_user_login_profile.p',
    ]);
  });

  it('keeps the certain elements of toset() of a tuple a for builds, and no more', async () => {
    const set = (names: string) => `toset(${names})`;
    expect(await findings(module(set('[for k, v in local.users : k if v.console]'), set('[for k, v in local.users : k if v.key]')))).toEqual([
      'error console-user-with-access-key aws_iam_user_login_profile.p["ana"]',
      'warning console-user-with-access-key aws_iam_user_login_profile.p["bo"]',
    ]);
    // concat() of such a tuple keeps its elements (`terraform-partial-combined.test.ts`); reverse() does not.
    expect(await findings(module(set('concat([for k, v in local.users : k if v.console], ["ana"])'), set('[for k, v in local.users : k if v.key]')))).toEqual([
      'error console-user-with-access-key aws_iam_user_login_profile.p["ana"]',
      'warning console-user-with-access-key aws_iam_user_login_profile.p["bo"]',
    ]);
    expect(await findings(module(set('reverse([for k, v in local.users : k if v.console])'), set('[for k, v in local.users : k if v.key]')))).toEqual([
      'warning console-user-with-access-key aws_iam_user_login_profile.p',
    ]);
  });
});
