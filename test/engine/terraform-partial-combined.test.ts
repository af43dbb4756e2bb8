/**
 * A collection a `for` builds with an `if` unknown for some elements (`partial-collection.ts`) keeps
 * its entries through `merge`, `concat`, `flatten` and another `for` over it: the instances of entries
 * certain in every plan are findings, the others warnings. terraform console 1.11.4 with var.x true and
 * false: `merge(local.humans, { cy = {} })` has keys [ana bo cy] and [ana cy], `merge({ ana = {} },
 * local.humans)` [ana bo] and [ana], a for over it with `if k != "ana"` [bo] and [], `toset(concat([for k,
 * v in local.users : k if v.console], ["cy"]))` and the same through `flatten` [ana bo cy] and [ana cy];
 * `{ for i, n in local.names : n => i }` {ana = 0, bo = 1} and {ana = 0}; `{ for i, n in concat(local.names, ["cy"]) :
 * n => i if i < 2 }` [ana bo] and [ana cy]; keyed `"u${i}"`, cy is u2 or u1.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

async function findings(profiles: string): Promise<string[]> {
  const main = `variable "x" {
  type = bool
}

locals {
  users = {
    ana = { console = true }
    bo  = { console = var.x }
    cy  = { console = false }
  }
  humans = { for k, v in local.users : k => v if v.console }
  names  = [for k, v in local.users : k if v.console]
}

resource "aws_iam_user" "u" {
  for_each = local.users
  name     = each.key
}

resource "aws_iam_user_login_profile" "p" {
  for_each = ${profiles}
  user     = aws_iam_user.u[each.key].name
}

resource "aws_iam_access_key" "k" {
  for_each = local.users
  user     = aws_iam_user.u[each.key].name
}
`;
  const root = tempTree({ 'main.tf': main }, 'credlint-partial-combined-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.severity} ${f.message.match(/aws_iam_user_login_profile\.p(\["\w+"\])?/)?.[0] ?? ''}`).sort();
}

const ANA_BO = ['error aws_iam_user_login_profile.p["ana"]', 'warning aws_iam_user_login_profile.p["bo"]'];
const ANA_BO_CY = ['error aws_iam_user_login_profile.p["ana"]', 'error aws_iam_user_login_profile.p["cy"]', 'warning aws_iam_user_login_profile.p["bo"]'];

describe('a partly filtered collection combined with others', () => {
  it('keeps which entries are certain through merge, concat, flatten and a for over it', async () => {
    for (const [profiles, expected] of [
      ['merge(local.humans, { cy = {} })', ANA_BO_CY],
      ['merge({ ana = {} }, local.humans)', ANA_BO],
      ['merge(local.humans, null, {})', ANA_BO],
      // bo's value is the first map's where bo is not kept, the second's where it is: bo is there either way.
      ['merge({ bo = { console = true } }, local.humans)', ['error aws_iam_user_login_profile.p["ana"]', 'error aws_iam_user_login_profile.p["bo"]']],
      ['{ for k, v in local.humans : k => v if v.console }', ANA_BO],
      ['{ for k, v in local.humans : k => v if k != "ana" }', ['warning aws_iam_user_login_profile.p["bo"]']],
      ['{ for k, v in local.humans : k => v if k == "bo" && var.x }', ['warning aws_iam_user_login_profile.p["bo"]']],
      ['toset(concat(local.names, ["cy"]))', ANA_BO_CY],
      ['toset(flatten([local.names, [["cy"]]]))', ANA_BO_CY],
      ['toset([for n in toset(local.names) : n])', ANA_BO],
      ['toset([for n in local.names : n if n != "ana"])', ['warning aws_iam_user_login_profile.p["bo"]']],
      // An index is known up to the first element that may not be kept, and unknown after it.
      ['{ for i, n in local.names : n => i }', ANA_BO],
      [
        '{ for i, n in concat(local.names, ["cy"]) : n => i if i < 2 }',
        ['error aws_iam_user_login_profile.p["ana"]', 'warning aws_iam_user_login_profile.p["bo"]', 'warning aws_iam_user_login_profile.p["cy"]'],
      ],
    ] as const) {
      expect(await findings(profiles), profiles).toEqual(expected);
    }
  });

  it('stays unknown as a whole where the combination depends on which conditions hold', async () => {
    for (const profiles of [
      // The indexes of a tuple after an element that may not be kept depend on which are.
      '{ for i, n in concat(local.names, ["cy"]) : "u${i}" => n }',
      // Grouping, and functions other than merge, concat and flatten.
      '{ for k, v in local.humans : "all" => k... }',
      'toset(flatten([local.names, toset(["cy"])]))',
      'toset(reverse(local.names))',
    ]) {
      expect(await findings(profiles), profiles).toEqual(['warning aws_iam_user_login_profile.p']);
    }
  });
});

// terraform plan 1.11.4 (terraform_data stand-ins) with var.x true and false: merge({ bo = { name = "bo", ... } },
// local.humans) has bo named "bo" either way; with { name = "bob" } bo is named "bo" where x is true, "bob" where false.
describe('merge where a later partly filtered map may or may not override a key', () => {
  async function namedFindings(first: string): Promise<string[]> {
    const main = `variable "x" {
  type = bool
}

locals {
  users = {
    ana = { name = "ana", console = true }
    bo  = { name = "bo", console = var.x }
  }
  humans = { for k, v in local.users : k => v if v.console }
}

resource "aws_iam_user_login_profile" "p" {
  for_each = merge(${first}, local.humans)
  user     = each.value.name
}

resource "aws_iam_access_key" "k" {
  for_each = local.users
  user     = each.value.name
}
`;
    const root = tempTree({ 'main.tf': main }, 'credlint-partial-merge-');
    const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
    return result.findings.map((f) => `${f.severity} ${f.message.match(/aws_iam_user_login_profile\.p(\["\w+"\])?/)?.[0] ?? ''}`).sort();
  }

  it('keeps the entry where what is read of its value is the same either way', async () => {
    for (const first of ['{ bo = { name = "bo", console = false } }', '{ bo = { name = "bo", console = var.x } }']) {
      expect(await namedFindings(first), first).toEqual(['error aws_iam_user_login_profile.p["ana"]', 'error aws_iam_user_login_profile.p["bo"]']);
    }
  });

  it('leaves unknown what differs: a name, or an object of other attributes', async () => {
    for (const first of ['{ bo = { name = "bob", console = false } }', '{ bo = { name = "bo" } }', '{ bo = "bo" }']) {
      expect(await namedFindings(first), first).toEqual(['error aws_iam_user_login_profile.p["ana"]', 'warning aws_iam_user_login_profile.p["bo"]']);
    }
  });
});

const MEMBER = `variable "name" {
  type = string
}

resource "aws_iam_user" "this" {
  name = var.name
}

resource "aws_iam_user_login_profile" "this" {
  user = aws_iam_user.this.name
}

resource "aws_iam_access_key" "this" {
  user = aws_iam_user.this.name
}

output "name" {
  value = aws_iam_user.this.name
}
`;

async function moduleFindings(forEach: string, extra = ''): Promise<string[]> {
  const main = `variable "x" {
  type = bool
}

locals {
  users = {
    ana = { console = true }
    bo  = { console = var.x }
  }
}

module "member" {
  source   = "./member"
  for_each = ${forEach}
  name     = each.key
}
${extra}`;
  const root = tempTree({ 'main.tf': main, 'member/main.tf': MEMBER }, 'credlint-partial-module-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.severity} ${f.ruleId} ${f.message.match(/aws_iam_access_key\.second|module\.member\["\w+"\]/)?.[0] ?? ''}`).sort();
}

describe('a module call whose for_each is a partly filtered collection', () => {
  // terraform plan 1.11.4 (terraform_data in the module): x = true plans module.member["ana"] and ["bo"], x = false ["ana"] only.
  it('makes the instance of each entry: certain ones exist wherever the call does', async () => {
    for (const forEach of ['{ for k, v in local.users : k => v if v.console }', 'toset(concat([for k, v in local.users : k if v.console], []))']) {
      expect(await moduleFindings(forEach), forEach).toEqual([
        'error console-user-with-access-key module.member["ana"]',
        'warning console-user-with-access-key module.member["bo"]',
      ]);
    }
  });

  it('reads the map of its instances as unknown, since some may not exist', async () => {
    const extra = `
resource "aws_iam_access_key" "second" {
  for_each = module.member
  user     = each.value.name
}
`;
    expect(await moduleFindings('{ for k, v in local.users : k => v if v.console }', extra)).toEqual([
      'error console-user-with-access-key module.member["ana"]',
      'warning console-user-with-access-key aws_iam_access_key.second',
      'warning console-user-with-access-key module.member["bo"]',
      'warning multiple-active-access-keys aws_iam_access_key.second',
      'warning multiple-active-access-keys module.member["bo"]',
      'warning root-user-access-key aws_iam_access_key.second',
    ]);
  });
});
