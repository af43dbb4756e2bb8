/**
 * A key or login profile block whose instances each pick their own instance of a user block
 * (`for_each = aws_iam_user.u` with `each.value.name`, `aws_iam_user.u[each.key]`,
 * `aws_iam_user.u[count.index]`) gives each user one, however many instances an unknown `count` or
 * `for_each` makes; and where the user block's instances are unknown too, each belongs to one of them,
 * whose written name decides whether it may be root. Instances of two user blocks are two users.
 * Everything else written with an unknown number of instances stays undecided.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lint, type LintOptions } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

async function findings(mainTf: string, options: Partial<LintOptions> = {}, more: Readonly<Record<string, string>> = {}): Promise<string[]> {
  const root = tempTree({ 'main.tf': mainTf, ...more }, 'credlint-per-instance-user-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true, ...options });
  return result.findings.map((f) => `${f.severity} ${f.ruleId} ${f.location.file.slice(root.length + 1)}:${f.location.range.start.line} ${f.message}`);
}

const USERS = (name: string) => `variable "names" {
  type = set(string)
}

resource "aws_iam_user" "u" {
  for_each = var.names
  name     = ${name}
}
`;

const KEY = (label: string, meta: string, user: string) => `
resource "aws_iam_access_key" "${label}" {
  ${meta}
  user = ${user}
}
`;

describe('keys made one per instance of a user block', () => {
  it('are no second key of any user, in every way of picking the instance', async () => {
    for (const key of [
      KEY('k', 'for_each = aws_iam_user.u', 'each.value.name'),
      KEY('k', 'for_each = aws_iam_user.u', 'each.value.id'),
      KEY('k', 'for_each = var.names', 'aws_iam_user.u[each.key].name'),
      KEY('k', 'for_each = var.names', 'aws_iam_user.u[each.value].name'),
      KEY('k', 'for_each = toset(var.names)', '(aws_iam_user.u[each.value]).name'),
    ]) {
      expect(await findings(USERS('"ci-${each.value}"') + key), key).toEqual([]);
    }
    const counted = `variable "names" {
  type = list(string)
}

resource "aws_iam_user" "u" {
  count = length(var.names)
  name  = "ci-\${var.names[count.index]}"
}
`;
    expect(await findings(counted + KEY('k', 'count = length(var.names)', 'aws_iam_user.u[count.index].name'))).toEqual([]);
    expect(await findings(counted + KEY('k', 'count = "${length(var.names)}"', '"${aws_iam_user.u.*.name[count.index]}"'))).toEqual([]);
  });

  it('may still be root where the user name written for each instance may be', async () => {
    expect(await findings(USERS('each.value') + KEY('k', 'for_each = aws_iam_user.u', 'each.value.name'))).toEqual([
      'warning root-user-access-key main.tf:10 Cannot tell whether access key aws_iam_access_key.k is for the root user: for_each is unknown: aws_iam_user.u: for_each is unknown: var.names has no value.',
    ]);
  });

  it('are counted with every other key of those users', async () => {
    const twice =
      USERS('"ci-${each.value}"') +
      KEY('a', 'for_each = aws_iam_user.u', 'each.value.name') +
      KEY('b', 'for_each = var.names', 'aws_iam_user.u[each.key].name');
    expect(await findings(twice)).toEqual([
      'warning multiple-active-access-keys main.tf:10 Cannot tell whether aws_iam_access_key.a is a second active access key of a user: for_each is unknown: aws_iam_user.u: for_each is unknown: var.names has no value.',
      'warning multiple-active-access-keys main.tf:15 Cannot tell whether aws_iam_access_key.b is a second active access key of a user: for_each is unknown: var.names has no value.',
    ]);
    // With the users known, the same blocks are two keys of each user.
    expect((await findings(twice, { vars: [['names', '["x"]']] })).filter((f) => f.startsWith('error'))).toEqual([
      'error multiple-active-access-keys main.tf:15 IAM user "ci-x" has 2 active access keys (aws_iam_access_key.a["x"], aws_iam_access_key.b["x"]); at most one may be active.',
    ]);
  });

  it('are not of the users of another user block', async () => {
    const other = `
resource "aws_iam_user" "v" {
  for_each = var.names
  name     = "ops-\${each.value}"
}
`;
    const keys = KEY('a', 'for_each = aws_iam_user.u', 'each.value.name') + KEY('b', 'for_each = aws_iam_user.v', 'each.value.name');
    expect(await findings(USERS('"ci-${each.value}"') + other + keys)).toEqual([]);
  });

  it('stay undecided where the pick may repeat a user or is not an instance of a user block', async () => {
    for (const key of [
      // element() wraps around: two indexes may name one user.
      KEY('k', 'count = 2 * length(var.names)', 'element(values(aws_iam_user.u)[*].name, count.index)'),
      // Names, not user instances: two strings of a set may differ only in case, which IAM does not tell apart.
      KEY('k', 'for_each = var.names', 'each.value'),
      // A map's values may repeat.
      KEY('k', 'for_each = var.by_team', 'aws_iam_user.u[each.value].name'),
    ]) {
      const users = `${USERS('"ci-${each.value}"')}\nvariable "by_team" {\n  type = map(string)\n}\n`;
      expect(
        (await findings(users + key)).filter((f) => f.includes('multiple-active-access-keys')),
        key,
      ).toHaveLength(1);
    }
  });

  it('stay undecided inside a module called with an unknown count, whose instances may repeat the users', async () => {
    const child = USERS('"ci-${each.value}"') + KEY('k', 'for_each = aws_iam_user.u', 'each.value.name');
    const root = `variable "copies" {
  type = number
}

module "team" {
  source = "./team"
  count  = var.copies
  names  = ["a"]
}
`;
    expect((await findings(root, {}, { 'team/main.tf': child })).filter((f) => f.includes('multiple-active-access-keys'))).toEqual([
      'warning multiple-active-access-keys team/main.tf:10 Cannot tell whether module.team.aws_iam_access_key.k["a"] is a second active access key of a user: module.team: count is unknown: var.copies has no value.',
    ]);
  });

  it('leave console users undecided when their login profiles are made the same way', async () => {
    // Said once, at the login profile: the key may be of any of its users.
    const profile = `
resource "aws_iam_user_login_profile" "p" {
  for_each = aws_iam_user.u
  user     = each.value.name
}
`;
    const keys = KEY('k', 'for_each = var.names', 'aws_iam_user.u[each.key].name');
    expect((await findings(USERS('"ci-${each.value}"') + profile + keys)).map((f) => f.split(' ').slice(0, 3).join(' '))).toEqual([
      'warning console-user-with-access-key main.tf:10',
    ]);
  });

  it("in a module called with an unknown for_each are one per user where the users are the module instance's own", async () => {
    const child = `variable "username" {
  type = string
}

resource "aws_iam_user" "this" {
  name = "class-\${var.username}"
}

resource "aws_iam_access_key" "this" {
  user = aws_iam_user.this.name
}
`;
    const root = (argument: string) => `variable "usernames" {
  type = list(string)
}

variable "shared" {
  type = string
}

module "student" {
  for_each = toset(var.usernames)
  source   = "./student"
  username = ${argument}
}
`;
    // Each module instance makes its own user and that user's key.
    expect(await findings(root('each.value'), {}, { 'student/main.tf': child })).toEqual([]);
    // A key naming a user by a name that every instance may share is still undecided.
    const byName = child.replace('user = aws_iam_user.this.name', 'user = "class-${var.username}"');
    expect((await findings(root('var.shared'), {}, { 'student/main.tf': byName })).filter((f) => f.includes('multiple-active-access-keys'))).toHaveLength(1);
  });

  describe('picked by an attribute of each value that keys the for_each', () => {
    const users = `variable "users" {
  type = list(object({ name = string, login = string }))
}

locals {
  by_name = { for u in var.users : u.name => u }
  people  = local.by_name
}

resource "aws_iam_user" "u" {
  for_each = { for u in var.users : u.name => u }
  name     = "ci-\${each.key}"
}
`;
    const multiple = async (key: string) => (await findings(users + key)).filter((f) => f.includes('multiple-active-access-keys'));

    it('is one key per user, written directly or through locals', async () => {
      for (const key of [
        KEY('k', 'for_each = { for u in var.users : u.name => u }', 'aws_iam_user.u[each.value.name].name'),
        KEY('k', 'for_each = { for i, u in var.users : u["name"] => u if u.login != "" }', 'aws_iam_user.u[each.value["name"]].name'),
        KEY('k', 'for_each = local.people', 'aws_iam_user.u[(each.value).name].id'),
      ]) {
        expect(await multiple(key), key).toEqual([]);
      }
    });

    it('stays undecided where each value may not be the element whose attribute made the key', async () => {
      for (const key of [
        // Another attribute than the one that keys the map: two users may share a login.
        KEY('k', 'for_each = local.by_name', 'aws_iam_user.u[each.value.login].name'),
        // merge() may replace the attribute.
        KEY('k', 'for_each = { for u in var.users : u.name => merge(u, { name = "ops" }) }', 'aws_iam_user.u[each.value.name].name'),
        // A key computed from the attribute is not the attribute.
        KEY('k', 'for_each = { for u in var.users : "\${u.name}-1" => u }', 'aws_iam_user.u[each.value.name].name'),
        // Grouping makes each value a list of elements.
        KEY('k', 'for_each = { for u in var.users : u.login => u... }', 'aws_iam_user.u[each.value.login].name'),
        // A list, not a map keyed by the attribute.
        KEY('k', 'count = length(var.users)', 'aws_iam_user.u[var.users[count.index].name].name'),
      ]) {
        expect(await multiple(key), key).toHaveLength(1);
      }
    });
  });

  describe('picked by element() of the user block in a block counted as the users', () => {
    const users = `variable "names" {
  type = list(string)
}

resource "aws_iam_user" "u" {
  count = length(var.names)
  name  = "ops-\${element(var.names, count.index)}"
}
`;
    const decided = async (key: string) => (await findings(users + key)).filter((f) => f.includes('aws_iam_access_key'));

    it('is one key per user: with as many indexes as users, element() never wraps around', async () => {
      for (const key of [
        KEY('k', 'count = length(var.names)', 'element(aws_iam_user.u.*.name, count.index)'),
        KEY('k', 'count = "${length(var.names)}"', '"${element(aws_iam_user.u[*].id, count.index)}"'),
        KEY('k', 'count = length(aws_iam_user.u)', 'element(aws_iam_user.u, count.index).name'),
        KEY('k', 'count = length(aws_iam_user.u[*].name)', 'core::element(aws_iam_user.u.*.name, (count.index))'),
      ]) {
        expect(await decided(key), key).toEqual([]);
      }
    });

    it('stays undecided where there may be more indexes than users, or two such blocks', async () => {
      for (const key of [
        KEY('k', 'count = length(var.names) + 1', 'element(aws_iam_user.u.*.name, count.index)'),
        KEY('k', 'count = length(var.names)', 'element(aws_iam_user.u.*.arn, count.index)'),
        KEY('k', 'count = length(var.names)', 'element(reverse(aws_iam_user.u.*.name), count.index)'),
        KEY('a', 'count = length(var.names)', 'element(aws_iam_user.u.*.name, count.index)') +
          KEY('b', 'count = length(aws_iam_user.u)', 'element(aws_iam_user.u, count.index).name'),
      ]) {
        expect((await decided(key)).filter((f) => f.includes('multiple-active-access-keys')).length, key).toBeGreaterThan(0);
      }
    });
  });

  describe('switched on and off by a condition, or written as a local', () => {
    const users = `variable "names" {
  type = list(string)
}

variable "people" {
  type = list(object({ name = string }))
}

variable "create" {
  type = bool
}

locals {
  name_set = toset(var.names)
  switched = var.create ? local.name_set : []
}

resource "aws_iam_user" "u" {
  for_each = toset(var.names)
  name     = "ci-\${each.value}"
}

resource "aws_iam_user" "c" {
  count = length(var.names)
  name  = "op-\${var.names[count.index]}"
}
`;
    const multiple = async (key: string) => (await findings(users + key)).filter((f) => f.includes('multiple-active-access-keys'));

    it('keeps the pick where every branch that makes instances is written so', async () => {
      for (const key of [
        KEY('k', 'for_each = var.create ? aws_iam_user.u : {}', 'each.value.name'),
        KEY('k', 'for_each = var.create ? toset(var.names) : toset([])', 'aws_iam_user.u[each.value].name'),
        KEY('k', 'for_each = local.switched', 'aws_iam_user.u[each.value].name'),
        KEY('k', 'for_each = var.create ? { for p in var.people : p.name => p } : {}', 'aws_iam_user.u[each.value.name].name'),
        KEY('k', 'count = var.create ? length(var.names) : 0', 'element(aws_iam_user.c.*.name, count.index)'),
        KEY('k', 'count = var.create ? length(aws_iam_user.c) : null', 'element(aws_iam_user.c, count.index).id'),
      ]) {
        expect(await multiple(key), key).toEqual([]);
      }
    });

    it('stays undecided where a branch that makes instances is written otherwise', async () => {
      for (const key of [
        KEY('k', 'for_each = var.create ? aws_iam_user.u : { x = aws_iam_user.u["a"], y = aws_iam_user.u["a"] }', 'each.value.name'),
        KEY('k', 'for_each = var.create ? toset(var.names) : { a = "x", b = "x" }', 'aws_iam_user.u[each.value].name'),
        KEY('k', 'count = var.create ? length(var.names) : 2', 'element(aws_iam_user.c.*.name, count.index)'),
      ]) {
        expect((await multiple(key)).length, key).toBeGreaterThan(0);
      }
    });
  });

  describe('named by its own key, as a user block of the module names its instances', () => {
    const users = (forEach: string, name: string) => `variable "users" {
  type = map(object({ api = bool, human = bool }))
}

variable "people" {
  type = list(object({ name = string, api = bool }))
}

variable "names" {
  type = set(string)
}

variable "create" {
  type = bool
}

locals {
  api_people = [for p in var.people : p.name if p.api]
}

resource "aws_iam_user" "u" {
  for_each = ${forEach}
  name     = ${name}
}
`;
    const SERVICES = '\nlocals {\n  services = { for p in var.people : "svc-${p.name}" => p }\n}\n';
    const multiple = async (userBlock: string, key: string) => (await findings(userBlock + key)).filter((f) => f.includes('multiple-active-access-keys'));

    it('is one key per user where every key of the block is a key of that user block', async () => {
      for (const [userBlock, key] of [
        [users('var.users', 'each.key'), KEY('k', 'for_each = var.users', 'each.key')],
        // Over the user block itself: its instances' keys.
        [users('var.users', 'each.key'), KEY('k', 'for_each = aws_iam_user.u', 'each.key')],
        [users('toset(var.names)', 'each.value'), KEY('k', 'for_each = var.create ? aws_iam_user.u : {}', 'each.key')],
        [users('var.users', 'each.key'), KEY('k', 'for_each = { for n, u in var.users : n => u if u.api }', 'each.key')],
        [users('{ for n, u in var.users : n => u }', 'each.key'), KEY('k', 'for_each = { for n, u in var.users : n => u if u.api }', 'each.key')],
        [users('toset(var.names)', 'each.value'), KEY('k', 'for_each = toset(var.names)', 'each.value')],
        [users('toset(var.names)', 'each.key'), KEY('k', 'for_each = var.create ? toset(var.names) : []', 'each.key')],
        [users('{ for p in var.people : p.name => p }', 'each.key'), KEY('k', 'for_each = toset(local.api_people)', 'each.key')],
        [
          users('{ for p in var.people : p.name => p }', 'each.value.name'),
          KEY('k', 'for_each = { for p in var.people : p.name => p if p.api }', 'each.value.name'),
        ],
        // Keys computed otherwise, grouped or filtered: the same collection written alike (or as one local) has the same keys.
        [
          users('{ for p in var.people : "svc-${p.name}" => p }', 'each.key'),
          KEY('k', 'for_each = { for p in var.people : "svc-${p.name}" => p }', 'each.key'),
        ],
        [users('local.services', 'each.key'), KEY('k', 'for_each = local.services', 'each.key') + SERVICES],
        [users('{ for p in var.people : p.name => p... }', 'each.key'), KEY('k', 'for_each = { for p in var.people : p.name => p... }', 'each.key')],
        [users('{ for n, u in var.users : n => u if u.human }', 'each.key'), KEY('k', 'for_each = { for n, u in var.users : n => u if u.human }', 'each.key')],
      ] as [string, string][]) {
        expect(await multiple(userBlock, key), `${userBlock}${key}`).toEqual([]);
      }
    });

    it('keeps what is unknown of the names, and the console users undecided', async () => {
      const profile = KEY('p', 'for_each = { for n, u in var.users : n => u if u.human }', 'each.key').replace(
        'aws_iam_access_key',
        'aws_iam_user_login_profile',
      );
      const key = KEY('k', 'for_each = { for n, u in var.users : n => u if u.api }', 'each.key');
      expect((await findings(users('var.users', 'each.key') + profile + key)).map((f) => f.split(' ').slice(0, 3).join(' '))).toEqual([
        'warning console-user-with-access-key main.tf:26',
        'warning root-user-access-key main.tf:31',
      ]);
      // With the users known, a user in both maps is a console user with a key, and one key each.
      const known = await findings(users('var.users', 'each.key') + profile + key, {
        vars: [['users', '{ ana = { api = true, human = true }, bo = { api = true, human = false } }']],
      });
      expect(known.filter((f) => f.startsWith('error'))).toEqual([
        'error console-user-with-access-key main.tf:31 IAM user "ana" has a console password (aws_iam_user_login_profile.p["ana"]) and an active access key (aws_iam_access_key.k["ana"]).',
      ]);
    });

    it('stays undecided where a key may name a user no instance of one such user block creates', async () => {
      for (const [userBlock, key] of [
        // No user block: two keys of a set may differ only in case, which IAM does not tell apart.
        ['variable "names" {\n  type = set(string)\n}\n', KEY('k', 'for_each = var.names', 'each.value')],
        // The user block names its users otherwise.
        [users('var.users', '"ci-${each.key}"'), KEY('k', 'for_each = var.users', 'each.key')],
        [users('var.users', '"ci-${each.key}"'), KEY('k', 'for_each = aws_iam_user.u', 'each.key')],
        // The user block has some of the keys only: a filter, a condition, another collection.
        [users('{ for n, u in var.users : n => u if u.human }', 'each.key'), KEY('k', 'for_each = { for n, u in var.users : n => u if u.api }', 'each.key')],
        [users('var.create ? var.users : {}', 'each.key'), KEY('k', 'for_each = var.users', 'each.key')],
        [users('toset(var.names)', 'each.key'), KEY('k', 'for_each = var.users', 'each.key')],
        [users('local.services', 'each.key'), KEY('k', 'for_each = { for p in var.people : "bot-${p.name}" => p }', 'each.key') + SERVICES],
        // A map's values are not its keys; a list's index is not a name.
        [users('var.users', 'each.key'), KEY('k', 'for_each = { for n, u in var.users : n => u }', 'each.value')],
        [users('{ for p in var.people : p.name => p }', 'each.key'), KEY('k', 'for_each = toset([for i, p in var.people : i])', 'each.key')],
        // Two such user blocks.
        [
          users('var.users', 'each.key') + '\nresource "aws_iam_user" "v" {\n  for_each = var.users\n  name     = each.key\n}\n',
          KEY('k', 'for_each = var.users', 'each.key'),
        ],
      ] as [string, string][]) {
        expect(await multiple(userBlock, key), `${userBlock}${key}`).toHaveLength(1);
      }
    });
  });

  describe('named as a user block of the module names its instances, over the same count or for_each', () => {
    const block = (type: string, label: string, meta: string, nameArgument: string, name: string) =>
      `\nresource "${type}" "${label}" {\n  ${meta}\n  ${nameArgument} = ${name}\n}\n`;
    const VARIABLES = 'variable "users" {\n  type = map(string)\n}\n\nvariable "names" {\n  type = list(string)\n}\n';
    const multiple = async (text: string) => (await findings(VARIABLES + text)).filter((f) => f.includes('multiple-active-access-keys'));

    it('is one key per user: instance i names what user instance i is named, and IAM refuses a name twice', async () => {
      for (const [meta, name] of [
        // Terraform 0.11, as written in the wild: the index picks one key of a map.
        ['count = "${length(keys(var.users))}"', '"${element(keys(var.users), count.index)}"'],
        ['count = length(var.names)', 'var.names[count.index]'],
        ['for_each = var.users', '"ci-${each.key}"'],
      ] as [string, string][]) {
        const text = block('aws_iam_user', 'u', meta, 'name', name) + block('aws_iam_access_key', 'k', meta, 'user', name);
        expect(await multiple(text), text).toEqual([]);
      }
    });

    it('keeps the console users undecided, and decides them once the names are known', async () => {
      const meta = 'count = length(var.names)';
      const name = 'var.names[count.index]';
      const text =
        block('aws_iam_user', 'u', meta, 'name', name) +
        block('aws_iam_user_login_profile', 'p', meta, 'user', name) +
        block('aws_iam_access_key', 'k', meta, 'user', name);
      expect((await findings(VARIABLES + text)).map((f) => f.split(' ').slice(0, 2).join(' '))).toEqual([
        'warning console-user-with-access-key',
        'warning root-user-access-key',
      ]);
      expect((await findings(VARIABLES + text, { vars: [['names', '["ana", "bo"]']] })).filter((f) => f.startsWith('error'))).toHaveLength(2);
    });

    it('stays undecided where the count, the name or the user block differs, or two user blocks match', async () => {
      const users = block('aws_iam_user', 'u', 'count = length(var.names)', 'name', 'var.names[count.index]');
      for (const text of [
        // More keys than users: element() wraps around.
        users + block('aws_iam_access_key', 'k', 'count = 2 * length(var.names)', 'user', 'element(var.names, count.index)'),
        users + block('aws_iam_access_key', 'k', 'count = 2 * length(var.names)', 'user', 'var.names[count.index]'),
        // Named otherwise than the users.
        users + block('aws_iam_access_key', 'k', 'count = length(var.names)', 'user', '"ci-${var.names[count.index]}"'),
        // Over another meta-argument: for_each keys are not count indexes.
        users + block('aws_iam_access_key', 'k', 'for_each = toset(var.names)', 'user', 'var.names[count.index]'),
        // Two user blocks written alike.
        users +
          block('aws_iam_user', 'v', 'count = length(var.names)', 'name', 'var.names[count.index]') +
          block('aws_iam_access_key', 'k', 'count = length(var.names)', 'user', 'var.names[count.index]'),
        // No user block: a list may repeat a name.
        block('aws_iam_access_key', 'k', 'count = length(var.names)', 'user', 'var.names[count.index]'),
      ]) {
        expect(await multiple(text), text).toHaveLength(1);
      }
    });
  });
});
