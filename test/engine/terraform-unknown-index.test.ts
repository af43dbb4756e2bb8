/**
 * `collection[key]` with an unknown key selects an element credlint does not know: what is known of
 * the key (a validation's `startswith(t, "team-")`, the elements a switched for_each may have) says
 * nothing of the element, so a key whose user is read so may be a root key. But the element is one of
 * the collection's (or the index fails the plan): where those are known strings, it is one of them.
 * A key that failed stays a failure, which `try` falls through.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

async function rootWarnings(main: string): Promise<string[]> {
  const root = tempTree({ 'main.tf': main }, 'credlint-unknown-index-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.filter((f) => f.ruleId === 'root-user-access-key').map((f) => `${f.unknown ? 'may be' : 'is'} ${f.location.range.start.line}`);
}

const OWNERS = `locals {
  owners = { "team-a" = { name = "root" }, "team-b" = { name = "ops" } }
}
`;

describe('an index by an unknown key', () => {
  it('knows nothing of the element from what is known of the key', async () => {
    const main = `variable "teams" {
  type = list(string)
  validation {
    condition     = alltrue([for t in var.teams : startswith(t, "team-")])
    error_message = "Team names start with team-."
  }
}
${OWNERS}
resource "aws_iam_access_key" "k" {
  for_each = toset(var.teams)
  user     = local.owners[each.key].name
}
`;
    // var.teams = ["team-a"] makes a key for "root".
    expect(await rootWarnings(main)).toEqual(['may be 12']);
  });

  it('of a switched for_each, knows nothing of the element either', async () => {
    const main = `variable "enabled" {
  type = bool
}
${OWNERS}
resource "aws_iam_access_key" "k" {
  for_each = var.enabled ? toset(["team-a"]) : []
  user     = local.owners[each.key].name
}
`;
    expect(await rootWarnings(main)).toEqual(['may be 8']);
  });

  it('that failed is still a failure to try', async () => {
    const main = `variable "enabled" {
  type = bool
}
${OWNERS}
locals {
  teams = ["team-a", "team-b"]
}

resource "aws_iam_access_key" "k" {
  count = var.enabled ? 1 : 0
  user  = try(local.owners[local.teams[5]].name, "ci")
}
`;
    expect(await rootWarnings(main)).toEqual([]);
  });
});

describe('an index by an unknown key into known strings', () => {
  const USERS = (users: string) => `variable "enabled" {
  type = bool
}

variable "users" {
  type    = list(string)
  default = ${users}
}

resource "aws_iam_user" "team" {
  count = var.enabled ? length(var.users) : 0
  name  = var.users[count.index]
}

resource "aws_iam_access_key" "team" {
  count = var.enabled ? length(var.users) : 0
  user  = aws_iam_user.team[count.index].name
}
`;

  it('is one of them', async () => {
    expect(await rootWarnings(USERS('["ana", "bob"]'))).toEqual([]);
    expect(await rootWarnings(USERS('["ana", "root"]'))).toEqual(['may be 15']);
  });

  it('of a map, is one of the values of the keys the key may be', async () => {
    const main = (element: string) => `variable "enabled" {
  type = bool
}

locals {
  owners = { a = "ops", b = "root" }
}

resource "aws_iam_access_key" "k" {
  for_each = var.enabled ? toset(["${element}"]) : []
  user     = local.owners[each.key]
}
`;
    expect(await rootWarnings(main('a'))).toEqual([]);
    expect(await rootWarnings(main('b'))).toEqual(['may be 9']);
  });
});
