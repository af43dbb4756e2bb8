/**
 * Blocks whose `for_each` filters one collection on conditions that cannot both hold, each instance
 * for the user of its own key (`exclusive-counts.ts`): the instance of a key exists exactly when the
 * filter holds for its element, so no user has one of each. With the collection unknown,
 * `--report-unknown` gives no warning that the two may meet; filters that may both hold, users not
 * of their own key, or different collections stay undecided. The filters are read where a local value
 * holds them, in `toset([for k, v in C : k if F])`, in `merge(...)` of such maps, and on the pairs a
 * `flatten` of nested `for` expressions makes (`for-each-filters.ts`).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

async function findings(main: string): Promise<string[]> {
  const root = tempTree({ 'main.tf': main }, 'credlint-exclusive-filters-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.filter((f) => f.ruleId !== 'root-user-access-key').map((f) => `${f.severity} ${f.ruleId} main.tf:${f.location.range.start.line}`);
}

const USERS = `variable "users" {
  type = map(object({ create_key = bool, console = bool }))
}

resource "aws_iam_user" "this" {
  for_each = var.users
  name     = each.key
}
`;

const block = (type: string, name: string, filter: string, user = 'aws_iam_user.this[each.key].name') => `
resource "${type}" "${name}" {
  for_each = ${filter}
  user     = ${user}
}
`;

describe('for_each filters of one collection that cannot both hold', () => {
  it('leave no console user with a key: keys where create_key, login profiles where not (any names for the element)', async () => {
    const main =
      USERS +
      block('aws_iam_access_key', 'this', '{ for k, v in var.users : k => v if v.create_key }') +
      block('aws_iam_user_login_profile', 'this', '{ for name, u in var.users : name => u if !u.create_key }');
    expect(await findings(main)).toEqual([]);
    const byKey = main.replaceAll('aws_iam_user.this[each.key].name', 'each.key');
    expect(await findings(byKey)).toEqual([]);
  });

  it('are never two keys of one user: `console` against `!console`, also with a condition they share', async () => {
    const main =
      USERS +
      block('aws_iam_access_key', 'console', '{ for k, v in var.users : k => v if v.console && v.create_key }') +
      block('aws_iam_access_key', 'cli', '{ for k, v in var.users : k => v if !v.console && v.create_key }');
    expect(await findings(main)).toEqual([]);
  });

  it('read an attribute declared bool compared with true or false as its truth value (`v.create_key == false` is `!v.create_key`)', async () => {
    // terraform console 1.11.4: `{ for k, v in m : k => v if v.x }` fails ("Invalid 'for' condition") where
    // v.x is null, and `v.x == false` is false there; either way no element passes both filters.
    for (const [keys, profiles] of [
      ['v.create_key', 'v.create_key == false'],
      ['v.create_key == true', '!v.create_key'],
      ['v.create_key != false', 'false == v.create_key'],
    ]) {
      const main =
        USERS +
        block('aws_iam_access_key', 'this', `{ for k, v in var.users : k => v if ${keys} }`) +
        block('aws_iam_user_login_profile', 'this', `{ for k, v in var.users : k => v if ${profiles} }`);
      expect(await findings(main), `${keys} / ${profiles}`).toEqual([]);
      // With defaults filled in by optional(bool, false), and through a list of objects.
      const optional = main.replace('create_key = bool', 'create_key = optional(bool, false)');
      expect(await findings(optional), `optional: ${keys} / ${profiles}`).toEqual([]);
    }
    // Not declared bool (any): `-var` may give "false", which is no truth value's equal.
    const untyped =
      USERS.replace('map(object({ create_key = bool, console = bool }))', 'map(any)') +
      block('aws_iam_access_key', 'this', '{ for k, v in var.users : k => v if v.create_key }') +
      block('aws_iam_user_login_profile', 'this', '{ for k, v in var.users : k => v if v.create_key == false }');
    expect(await findings(untyped)).toEqual(['warning console-user-with-access-key main.tf:15']);
  });

  it('stay undecided where both may hold, over another collection, or where a user is not that of its own key', async () => {
    const profile = block('aws_iam_user_login_profile', 'this', '{ for k, v in var.users : k => v if v.console }');
    const undecided = ['warning console-user-with-access-key main.tf:10'];
    expect(await findings(USERS + profile + block('aws_iam_access_key', 'this', '{ for k, v in var.users : k => v if v.create_key }'))).toEqual(undecided);
    const other = `variable "others" {\n  type = map(object({ console = bool }))\n}\n`;
    const lines = other.split('\n').length - 1;
    expect(await findings(other + USERS + profile + block('aws_iam_access_key', 'this', '{ for k, v in var.others : k => v if !v.console }'))).toEqual([
      `warning console-user-with-access-key main.tf:${10 + lines}`,
    ]);
    // each.value.name may name one user from two elements: the key of one and the profile of the other (and two keys).
    const named = block('aws_iam_user_login_profile', 'this', '{ for k, v in var.users : k => v if v.console }', 'each.value.name');
    expect(await findings(USERS + named + block('aws_iam_access_key', 'this', '{ for k, v in var.users : k => v if !v.console }', 'each.value.name'))).toEqual([
      ...undecided,
      'warning multiple-active-access-keys main.tf:15',
    ]);
  });

  it('are read through local values, toset, merge and flattened pairs, and whichever way the user of the key is named', async () => {
    // terraform 1.11.4 (terraform_data stand-ins, -var users={ana={console=true,create_key=true},bo={create_key=true,keys=["a","b"]},cy={}}):
    // no user has both a login profile and a key in any of these.
    const locals = `locals {
  humans = { for k, v in var.users : k => v if v.console }
  robots = { for k, v in var.users : k => v if !v.console }
  pairs  = flatten([for u, cfg in var.users : [for key in cfg.keys : { user = u, key = key }] if !cfg.console])
  tagged = flatten([for u, cfg in var.users : [for key in cfg.keys : { user = u, key = key, console = cfg.console }]])
}
`;
    const users =
      USERS.replace('map(object({ create_key = bool, console = bool }))', 'map(object({ create_key = bool, console = bool, keys = list(string) }))') + locals;
    const profile = block('aws_iam_user_login_profile', 'this', 'local.humans');
    const cases: [string, string][] = [
      ['local.robots', 'aws_iam_user.this[each.key].name'],
      ['toset([for k, v in var.users : k if !v.console])', 'each.key'],
      ['{ for k, v in var.users : k => v if !v.console }', 'aws_iam_user.this[each.key].id'],
      ['{ for k, v in var.users : k => v if !v["console"] }', 'aws_iam_user.this[each.key].unique_id'],
      ['merge({ for k, v in var.users : k => v if !v.console && v.create_key }, { for k, v in local.robots : k => v })', 'each.key'],
      ['{ for p in local.pairs : "${p.user}-${p.key}" => p }', 'aws_iam_user.this[each.value.user].name'],
      ['{ for p in local.tagged : "${p.user}-${p.key}" => p if !p.console }', 'each.value.user'],
    ];
    for (const [forEach, user] of cases) {
      const main = users + profile + block('aws_iam_access_key', 'this', forEach, user);
      expect(
        (await findings(main)).filter((f) => f.includes('console')),
        forEach,
      ).toEqual([]);
    }
  });

  it('stay undecided where the pairs carry another user, a filter reads the inner loop, or a map joins another collection', async () => {
    const users =
      USERS.replace(
        'map(object({ create_key = bool, console = bool }))',
        'map(object({ create_key = bool, console = bool, keys = list(string), name = string }))',
      ) + 'variable "others" {\n  type = map(object({ console = bool }))\n}\n';
    const profile = block('aws_iam_user_login_profile', 'this', '{ for k, v in var.users : k => v if v.console }');
    const cases: [string, string][] = [
      // The pair names cfg.name, which may be another element's key.
      [
        '{ for p in flatten([for u, cfg in var.users : [for key in cfg.keys : { user = cfg.name, key = key }] if !cfg.console]) : "${p.user}-${p.key}" => p }',
        'each.value.user',
      ],
      // p.console is written from the key, not from the element.
      [
        '{ for p in flatten([for u, cfg in var.users : [for key in cfg.keys : { user = u, key = key, console = key == "main" }]]) : "${p.user}-${p.key}" => p if !p.console }',
        'each.value.user',
      ],
      // The inner loop hides u.
      ['{ for p in flatten([for u, cfg in var.users : [for u in cfg.keys : { user = u }] if !cfg.console]) : p.user => p }', 'each.value.user'],
      ['merge({ for k, v in var.users : k => v if !v.console }, { for k, v in var.others : k => v if !v.console })', 'each.key'],
      ['merge({ for k, v in var.users : k => v if !v.console }, var.others)', 'each.key'],
      ['toset([for k, v in var.users : v.name if !v.console])', 'each.key'],
    ];
    for (const [forEach, user] of cases) {
      const main = users + profile + block('aws_iam_access_key', 'this', forEach, user);
      expect(
        (await findings(main)).filter((f) => f.includes('console')),
        forEach,
      ).toEqual(['warning console-user-with-access-key main.tf:13']);
    }
  });
});

describe('a for over keys(C) reading each element as C[k]', () => {
  // terraform plan 1.11.4 (terraform_data stand-ins): `{ for k in keys(var.users) : k => k if !var.users[k].console }`
  // keeps exactly the keys `{ for k, v in var.users : k => v if !v.console }` keeps, for every value given.
  it('is the same filter as `for k, v in C` with v for C[k]: as a map, in toset([...]) and as the map a filter keeps', async () => {
    const profiles = block('aws_iam_user_login_profile', 'this', '{ for k, v in var.users : k => v if v.console }');
    for (const keys of [
      '{ for k in keys(var.users) : k => k if !var.users[k].console }',
      '{ for name in keys(var.users) : name => var.users[name] if !var.users[name]["console"] }',
      'toset([for k in keys(var.users) : k if var.users[k].console == false])',
      '{ for k, v in { for k in keys(var.users) : k => var.users[k] if !var.users[k].console } : k => v if v.create_key }',
    ]) {
      expect(await findings(USERS + profiles + block('aws_iam_access_key', 'this', keys)), keys).toEqual([]);
    }
  });

  it('is not read where C[k] indexes another collection or the filter does not read the element', async () => {
    const profiles = block('aws_iam_user_login_profile', 'this', '{ for k, v in var.users : k => v if v.console }');
    const other = 'variable "others" {\n  type = map(object({ create_key = bool, console = bool }))\n}\n';
    for (const keys of [
      '{ for k in keys(var.users) : k => k if !var.others[k].console }',
      '{ for k in keys(var.others) : k => k if !var.users[k].console }',
      '{ for k in keys(var.users) : k => k if !var.others["ana"].console }',
    ]) {
      expect(await findings(USERS + other + profiles + block('aws_iam_access_key', 'this', keys)), keys).toEqual([
        'warning console-user-with-access-key main.tf:13',
      ]);
    }
  });
});
