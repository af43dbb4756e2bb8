/**
 * A key block of unknown instances (`count = var.n`, `for_each = var.enabled ? toset(var.users) : []`)
 * whose instances each name a different known user (`var.users[count.index]`, `each.key`) has one key
 * per user at most: no instance is a second key of another's user (README, "Terraform evaluation").
 * Where two instances may name one user (a list that wraps around, names equal but for case, which IAM
 * takes for one user), it may be a second key.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

async function findings(main: string): Promise<string[]> {
  const root = tempTree({ 'main.tf': main }, 'credlint-users-apart-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.ruleId} ${f.location.range.start.line} ${f.unknown ? 'unknown' : 'definite'}`);
}

const program = (users: string, repeat: string, user: string, literalKey = true) => `variable "n" {
  type = number
}

variable "enabled" {
  type = bool
}

variable "users" {
  type    = list(string)
  default = ${users}
}

resource "aws_iam_access_key" "team" {
  ${repeat}
  user = ${user}
}
${literalKey ? '\nresource "aws_iam_access_key" "ci" {\n  user = "ci"\n}\n' : ''}`;

const TEAM_MAY_BE_SECOND = 'multiple-active-access-keys 14 unknown';

describe('key instances that each name a different known user', () => {
  it('are no second key of one another, nor of a user they never name', async () => {
    for (const [repeat, user] of [
      ['count = var.n', 'var.users[count.index]'],
      ['count = var.enabled ? length(var.users) : 0', 'var.users[count.index]'],
      ['count = var.n', '"${var.users[count.index]}"'],
      ['count = var.n', 'upper(var.users[count.index])'],
      ['for_each = var.enabled ? toset(var.users) : []', 'each.key'],
      ['for_each = var.enabled ? toset(var.users) : toset([])', 'each.value'],
      ['for_each = var.enabled ? { a = "ana", b = "bob" } : {}', 'each.value'],
    ] as const) {
      expect(await findings(program('["ana", "bob"]', repeat, user)), `${repeat} ${user}`).toEqual([]);
      expect(await findings(program('["ana", "bob"]', repeat, user, false)), `${repeat} ${user}, alone`).toEqual([]);
    }
  });

  it('may be a second key where two instances may name one user', async () => {
    // element picks one of the list's elements whatever the index: never root.
    expect(await findings(program('["ana", "bob"]', 'count = var.n', 'element(var.users, count.index)', false))).toEqual([TEAM_MAY_BE_SECOND]);
    for (const [users, repeat, user] of [
      // element wraps around: var.n = 3 gives ana two keys.
      ['["ana", "bob"]', 'count = var.n', 'element(var.users, count.index)'],
      ['["ana", "bob"]', 'count = var.n', 'try(var.users[count.index], "x")'],
      // IAM compares user names ignoring case.
      ['["ana", "Ana"]', 'count = var.n', 'var.users[count.index]'],
      ['["ana", "Ana"]', 'for_each = var.enabled ? toset(var.users) : []', 'each.key'],
      ['["ana", "bob"]', 'for_each = var.enabled ? { a = "ana", b = "ana" } : {}', 'each.value'],
      // Unknown names (here also possibly root): nothing rules a shared user out.
      ['["ana", "bob"]', 'count = var.n', 'var.users[count.index % var.n]'],
    ] as const) {
      expect(await findings(program(users, repeat, user, false)), `${users} ${repeat} ${user}`).toContain(TEAM_MAY_BE_SECOND);
    }
  });
});

/** Keys `count = var.n` of `user`, and beside them (unless undefined) a key of `other`. */
const numbered = (user: string, other: string | undefined) => `variable "n" {
  type = number
}

variable "prefix" {
  type = string
}

resource "aws_iam_access_key" "team" {
  count = var.n
  user  = ${user}
}
${other === undefined ? '' : `\nresource "aws_iam_access_key" "other" {\n  user = ${JSON.stringify(other)}\n}\n`}`;

const NUMBERED_MAY_BE_SECOND = 'multiple-active-access-keys 9 unknown';

describe('key instances whose users are numbered by count.index', () => {
  const apart = [
    '"ci-${count.index}"',
    '"${var.prefix}-${count.index}"',
    '"ci-${count.index + 1}"',
    'format("ci-%d", count.index)',
    'format("%s-%02d", var.prefix, count.index)',
    'format("%s-%d%%", var.prefix, count.index)',
    'upper("ci-${count.index}")',
    '"ci-${tostring(count.index)}"',
  ];

  it('are one key per user, however many there are', async () => {
    for (const user of apart) {
      const found = await findings(numbered(user, undefined));
      expect(found, user).not.toContain(NUMBERED_MAY_BE_SECOND);
      expect(await findings(numbered(user, 'ops')), `${user} beside ops`).not.toContain(NUMBERED_MAY_BE_SECOND);
    }
  });

  it("may still be a second key of another block's user of that name, ignoring case", async () => {
    for (const [user, other] of [
      ['"ci-${count.index}"', 'ci-0'],
      ['"ci-${count.index}"', 'CI-7'],
      ['format("ci-%d", count.index)', 'ci-12'],
      ['upper("ci-${count.index}")', 'ci-1'],
    ] as const) {
      expect(await findings(numbered(user, other)), `${user} beside ${other}`).toContain(NUMBERED_MAY_BE_SECOND);
    }
  });

  it('may be a second key where two indexes may give one name', async () => {
    for (const user of [
      '"ci-${count.index % 2}"',
      '"ci-${count.index * 0}"',
      '"ci-${floor(count.index / 2)}"',
      'substr("ci-${count.index}", 0, 3)',
      '"ci-${count.index + var.n}"',
      '"ci-${count.index}-${uuid()}"',
      'format("ci-%[1]d", count.index)',
      'format("ci-%.0f", count.index)',
      'format("ci-%d-%d", count.index, count.index)',
      '"${count.index}-${count.index}"',
    ]) {
      expect(await findings(numbered(user, undefined)), user).toContain(NUMBERED_MAY_BE_SECOND);
    }
  });
});

/** Keys over `for_each` of `user`, the users unknown, and beside them (unless undefined) a key of `other`. */
const keyed = (forEach: string, user: string, other: string | undefined) => `variable "users" {
  type = list(string)
}

variable "enabled" {
  type = bool
}

locals {
  lowered = [for u in var.users : lower(u)]
}

resource "aws_iam_access_key" "team" {
  for_each = ${forEach}
  user     = ${user}
}
${other === undefined ? '' : `\nresource "aws_iam_access_key" "other" {\n  user = ${JSON.stringify(other)}\n}\n`}`;

const KEYED_MAY_BE_SECOND = 'multiple-active-access-keys 13 unknown';

describe('key instances whose users are unknown for_each keys', () => {
  it('are one key per user where every key is lower-cased (or every one upper-cased)', async () => {
    for (const [forEach, user] of [
      ['toset([for u in var.users : lower(u)])', 'each.key'],
      ['toset([for u in var.users : lower(u)])', 'each.value'],
      ['toset([for u in var.users : lower(u) if u != ""])', '"ci-${each.key}"'],
      ['{ for u in var.users : lower(u) => u }', 'each.key'],
      ['{ for u in var.users : upper(u) => u... }', '"${each.key}-deploy"'],
      ['var.enabled ? toset([for u in var.users : upper(u)]) : []', 'each.key'],
      ['var.enabled ? toset([for u in var.users : upper(u)]) : toset([for u in var.users : lower(u)])', 'tostring(each.key)'],
      ['toset(local.lowered)', 'each.key'],
      ['toset(distinct(local.lowered))', 'each.value'],
    ] as const) {
      expect(await findings(keyed(forEach, user, undefined)), `${forEach} ${user}`).not.toContain(KEYED_MAY_BE_SECOND);
    }
  });

  it('may be a second key where two keys may differ only in case, or the user is not the key as it is', async () => {
    for (const [forEach, user, other] of [
      // "Ana" and "ana" are two keys and one IAM user.
      ['toset(var.users)', 'each.key', undefined],
      ['{ for u in var.users : u => u }', 'each.key', undefined],
      // Two keys may be one value.
      ['{ for u in var.users : lower(u) => u }', 'each.value', undefined],
      // lower("\u0131") is itself; upper of it is "I", as upper("i") is.
      ['toset([for u in var.users : lower(u)])', 'upper(each.key)', undefined],
      ['toset([for u in var.users : lower(u)])', 'lower(each.key)', undefined],
      // One collection holding keys of both cases.
      ['toset(concat([for u in var.users : lower(u)], [for u in var.users : upper(u)]))', 'each.key', undefined],
      ['toset([for u in var.users : lower(u)])', '"${each.key}-${each.key}"', undefined],
      // Another block's user may be one of the keys, ignoring case.
      ['toset([for u in var.users : lower(u)])', 'each.key', 'Ana'],
    ] as const) {
      expect(await findings(keyed(forEach, user, other)), `${forEach} ${user} beside ${other}`).toContain(KEYED_MAY_BE_SECOND);
    }
  });
});
