/**
 * A key block whose `for_each` is unknown but whose every key is one of a few known strings (what its
 * filter allows, `contains(["ci", "deploy"], k)`, or its list variable's validation) has one instance of
 * each allowed key at most, so `user = each.key` gives no user two keys where those strings differ
 * ignoring case (IAM compares user names so). terraform console 1.11.4 with var.users keys ci, CI,
 * deploy, root: `contains(["ci", "deploy"], k)` keeps [ci deploy], `contains(["ci", "CI"], k)` keeps
 * [CI ci] (one IAM user, two keys).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

async function secondKeyFindings(main: string): Promise<string[]> {
  const root = tempTree({ 'main.tf': main }, 'credlint-allowed-keys-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.filter((f) => f.ruleId === 'multiple-active-access-keys').map((f) => `${f.severity} main.tf:${f.location.range.start.line}`);
}

const program = (forEach: string, user = 'each.key', extra = '') => `variable "users" {
  type = map(object({ name = optional(string) }))
}

variable "names" {
  type = list(string)
  validation {
    condition     = alltrue([for n in var.names : contains(["ci", "deploy"], n)])
    error_message = "Only ci or deploy."
  }
}

resource "aws_iam_access_key" "this" {
  for_each = ${forEach}
  user     = ${user}
}
${extra}`;

describe('a for_each of unknown keys that are each one of a few known strings', () => {
  it('gives each user one key at most where the user is the key and the strings differ ignoring case', async () => {
    for (const [forEach, user] of [
      ['{ for k, v in var.users : k => v if contains(["ci", "deploy"], k) }', 'each.key'],
      ['{ for k, v in var.users : k => v if k == "ci" || k == "deploy" }', 'each.key'],
      ['toset([for n in var.names : n if n == "ci"])', 'each.value'],
      ['toset(var.names)', 'each.key'],
      ['{ for k, v in var.users : k => v if contains(["a", "b"], k) }', '"team-${each.key}"'],
      ['{ for n in var.names : n => n if n == "ci" || n == "deploy" }', 'each.value'],
    ] as const) {
      expect(await secondKeyFindings(program(forEach, user)), `${forEach} / ${user}`).toEqual([]);
    }
  });

  it('stays undecided where two allowed keys may be one user, the user is not the key, or another block has a key for one', async () => {
    for (const [forEach, user, extra] of [
      ['{ for k, v in var.users : k => v if contains(["ci", "CI"], k) }', 'each.key', ''],
      ['{ for k, v in var.users : k => v if lower(k) == "ci" }', 'each.key', ''],
      ['{ for k, v in var.users : k => v if contains(["ci", "deploy"], k) }', '"ci"', ''],
      ['{ for k, v in var.users : k => v if contains(["ci", "deploy"], k) }', 'each.value.name', ''],
      ['{ for k, v in var.users : k => v if contains(["ci-a", "ci-b"], k) }', 'substr(each.key, 0, 2)', ''],
      ['{ for k, v in var.users : k => v if contains(["ci", "deploy"], k) }', 'each.key', 'resource "aws_iam_access_key" "ci" {\n  user = "ci"\n}\n'],
    ] as const) {
      expect(await secondKeyFindings(program(forEach, user, extra)), `${forEach} / ${user}`).toEqual(['warning main.tf:13']);
    }
  });

  const VALIDATED_NAMES = `variable "names" {
  type = list(string)
  validation {
    condition     = alltrue([for n in var.names : contains(["ci", "deploy"], n)])
    error_message = "Only ci or deploy."
  }
}

variable "spellings" {
  type = list(string)
  validation {
    condition     = alltrue([for n in var.spellings : contains(["ci", "CI"], n)])
    error_message = "Only ci."
  }
}
`;

  // terraform plan 1.11.4, users = { ci, CI, deploy, root }: module.member["ci"] and module.member["deploy"], one key each.
  describe('on a module call', () => {
    async function moduleFindings(forEach: string, user: string, extra = ''): Promise<string[]> {
      const root = tempTree(
        {
          'main.tf': `variable "users" {\n  type = map(string)\n}\n\n${VALIDATED_NAMES}\nmodule "member" {\n  source   = "./modules/member"\n  for_each = ${forEach}\n  name     = each.key\n}\n${extra}`,
          'modules/member/main.tf': `variable "name" {\n  type = string\n}\n\nresource "aws_iam_access_key" "this" {\n  user = ${user}\n}\n`,
        },
        'credlint-allowed-keys-',
      );
      const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
      return result.findings.filter((f) => f.ruleId === 'multiple-active-access-keys').map((f) => `${f.severity} ${f.location.file.slice(root.length + 1)}`);
    }

    it("gives each user one key at most where each allowed key's instance names its own user", async () => {
      for (const [forEach, user] of [
        ['{ for k, v in var.users : k => v if contains(["ci", "deploy"], k) }', 'var.name'],
        ['{ for k, v in var.users : k => v if k == "ci" || k == "deploy" }', '"team-${var.name}"'],
        // The one-name form over the keys: each.key and each.value are the element.
        ['{ for k in keys(var.users) : k => k if contains(["ci", "deploy"], k) }', 'var.name'],
        // A list variable's validation allows the keys, as it does for a resource's for_each.
        ['toset(var.names)', 'var.name'],
      ] as const) {
        expect(await moduleFindings(forEach, user), `${forEach} / ${user}`).toEqual([]);
      }
    });

    it('stays undecided where two allowed keys may be one user, the user is not the key, or another block has a key for one', async () => {
      for (const [forEach, user, extra] of [
        ['{ for k, v in var.users : k => v if contains(["ci", "CI"], k) }', 'var.name', ''],
        ['{ for k, v in var.users : k => v if contains(["ci", "deploy"], k) }', '"ci"', ''],
        ['{ for k, v in var.users : k => v if lower(k) != "root" }', 'var.name', ''],
        ['{ for k in keys(var.users) : k => k if contains(["ci", "CI"], k) }', 'var.name', ''],
        ['toset(var.spellings)', 'var.name', ''],
        ['{ for k, v in var.users : k => v if contains(["ci", "deploy"], k) }', 'var.name', 'resource "aws_iam_access_key" "ci" {\n  user = "ci"\n}\n'],
      ] as const) {
        expect(await moduleFindings(forEach, user, extra), `${forEach} / ${user}`).toEqual(['warning modules/member/main.tf']);
      }
    });
  });
});
