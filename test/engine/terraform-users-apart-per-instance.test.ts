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
