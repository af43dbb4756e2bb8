/**
 * A `for_each` whose collection is unknown but whose filter tests the element's key against known
 * strings (`k == "ci"`, `contains(["ci", "deploy"], k)`, `startswith(k, "svc-")`, `can(regex(...))`,
 * `lower(k) != "root"`, `||` of them): every instance's key
 * passes that test, so `user = each.key` is never `root` where the test rules it out
 * (`for-each-key-pins.ts`). terraform plan 1.11.4 with `var.users` holding `root`, `Root`, `ci`, `deploy`
 * and `svc-a` keeps only the keys the filter names; with `rOOt`, `CI` too, `lower(k) != "root"` keeps `CI ci deploy
 * svc-a`, `k != "root"` keeps `Root` and `rOOt`, `!contains(["root", "ROOT", "Root"], k)` keeps `rOOt`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

async function rootFindings(main: string): Promise<string[]> {
  const root = tempTree({ 'main.tf': main }, 'credlint-key-pins-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.filter((f) => f.ruleId === 'root-user-access-key').map((f) => `${f.severity} main.tf:${f.location.range.start.line}`);
}

const keyed = (forEach: string, user = 'each.key') => `variable "users" {
  type = map(object({ console = optional(bool, false), name = optional(string) }))
}

variable "names" {
  type = list(string)
}

variable "extra" {
  type = list(string)
}

locals {
  allowed = ["ci", "deploy"]
  unknown = concat(["ci"], var.extra)
}

resource "aws_iam_access_key" "this" {
  for_each = ${forEach}
  user     = ${user}
}
`;

describe('for_each filters that test the element key of an unknown collection', () => {
  it('keep user = each.key from being root where the key is a listed string or starts with one', async () => {
    for (const forEach of [
      '{ for k, v in var.users : k => v if k == "ci" }',
      '{ for k, v in var.users : k => v if "ci" == k && !v.console }',
      '{ for k, v in var.users : k => v if contains(["ci", "deploy"], k) }',
      '{ for k, v in var.users : k => v if v.console && startswith(k, "svc-") }',
      '{ for k in keys(var.users) : k => var.users[k] if k == "ci" }',
      'toset([for k, v in var.users : k if k == "ci"])',
      'toset([for n in var.names : n if contains(["ci", "deploy"], n)])',
      // Read as a variable's validation condition is: a pattern, a case mapping, an exclusion, an either.
      '{ for k, v in var.users : k => v if can(regex("^svc-", k)) }',
      '{ for k, v in var.users : k => v if lower(k) != "root" }',
      '{ for k, v in var.users : k => v if upper(k) != "ROOT" && !v.console }',
      '{ for k, v in var.users : k => v if lower(k) == "ci" }',
      '{ for k, v in var.users : k => v if k == "ci" || startswith(k, "svc-") }',
      '{ for k, v in var.users : k => v if !(lower(k) == "root") }',
      '{ for k, v in var.users : k => v if contains(local.allowed, k) }',
      '{ for k, v in var.users : k => v if length(k) > 4 }',
      'toset([for n in var.names : n if endswith(n, "-bot")])',
      // The one-name form: the map's key is the element.
      '{ for n in var.names : n => n if lower(n) != "root" }',
      '{ for n in var.names : n => upper(n) if contains(["ci", "deploy"], n) }',
    ]) {
      expect(await rootFindings(keyed(forEach)), forEach).toEqual([]);
    }
    // Of a set, each.value is the key.
    expect(await rootFindings(keyed('toset([for n in var.names : n if n == "ci"])', 'each.value'))).toEqual([]);
    expect(await rootFindings(keyed('{ for n in var.names : n => n if lower(n) != "root" }', 'each.value'))).toEqual([]);
  });

  it('stay undecided where the test allows root, is not on the key alone, or the user is not the key', async () => {
    for (const [forEach, user] of [
      ['{ for k, v in var.users : k => v if k == "root" }', 'each.key'],
      ['{ for k, v in var.users : k => v if k != "ci" }', 'each.key'],
      // IAM user names are case-insensitive: `Root` passes these and is the root user's name.
      ['{ for k, v in var.users : k => v if k != "root" }', 'each.key'],
      ['{ for k, v in var.users : k => v if !contains(["root", "ROOT", "Root"], k) }', 'each.key'],
      ['{ for k, v in var.users : k => v if can(regex("^(svc-|root)", k)) }', 'each.key'],
      ['{ for k, v in var.users : k => v if !can(regex("^svc-", k)) }', 'each.key'],
      ['{ for k, v in var.users : k => v if contains(local.unknown, k) }', 'each.key'],
      ['{ for k, v in var.users : k => v if k == v.name }', 'each.key'],
      ['{ for k, v in var.users : k => v if k == "ci" || v.console }', 'each.key'],
      ['{ for k, v in var.users : k => v if contains(["ci", v.name], k) }', 'each.key'],
      ['{ for k, v in var.users : v.name => v if k == "ci" }', 'each.key'],
      ['{ for k, v in var.users : k => v if k == "ci" }', 'each.value.name'],
      ['{ for n in var.names : n => n if n != "root" }', 'each.key'],
      ['{ for n in var.names : n => upper(n) if lower(n) != "root" }', 'each.value'],
      ['{ for n in var.names : lower(n) => n if lower(n) != "ci" }', 'each.key'],
    ] as const) {
      expect(await rootFindings(keyed(forEach, user)), `${forEach} / ${user}`).toEqual(['warning main.tf:18']);
    }
  });
});

describe('module calls whose for_each filters an unknown collection by its key', () => {
  async function moduleRootFindings(forEach: string, name = 'each.key'): Promise<string[]> {
    const main = `variable "users" {
  type = map(object({ console = optional(bool, false) }))
}

variable "bots" {
  type = list(string)
  validation {
    condition     = alltrue([for b in var.bots : lower(b) != "root"])
    error_message = "No root."
  }
}

variable "people" {
  type = list(string)
  validation {
    condition     = alltrue([for p in var.people : p != "root"])
    error_message = "No root."
  }
}

module "member" {
  source   = "./member"
  for_each = ${forEach}
  name     = ${name}
}
`;
    const member = `variable "name" {
  type = string
}

resource "aws_iam_access_key" "this" {
  user = var.name
}
`;
    const root = tempTree({ 'main.tf': main, 'member/main.tf': member }, 'credlint-key-pins-module-');
    const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
    return result.findings.filter((f) => f.ruleId === 'root-user-access-key').map((f) => f.severity);
  }

  it('pin each instance key as a resource for_each does', async () => {
    expect(await moduleRootFindings('{ for k, v in var.users : k => v if lower(k) != "root" }')).toEqual([]);
    expect(await moduleRootFindings('toset([for k, v in var.users : k if startswith(k, "svc-")])', 'each.value')).toEqual([]);
    expect(await moduleRootFindings('{ for k in keys(var.users) : k => k if lower(k) != "root" }', 'each.value')).toEqual([]);
    expect(await moduleRootFindings('{ for k in keys(var.users) : k => k if can(regex("^svc-", k)) }')).toEqual([]);
    // A list variable's validation tells what each element is, as it does for a resource's for_each
    // (terraform plan 1.11.4: bots = ["ci", "Root"] is refused, ["ci", "deploy"] plans module.member["ci"] and ["deploy"]).
    expect(await moduleRootFindings('toset(var.bots)')).toEqual([]);
    expect(await moduleRootFindings('toset(var.bots)', 'each.value')).toEqual([]);
  });

  it('stay undecided where the filter lets a spelling of root through, or the name is the value', async () => {
    expect(await moduleRootFindings('{ for k, v in var.users : k => v if k != "root" }')).toEqual(['warning']);
    expect(await moduleRootFindings('{ for k, v in var.users : k => tostring(v.console) if lower(k) != "root" }', 'each.value')).toEqual(['warning']);
    expect(await moduleRootFindings('{ for k in keys(var.users) : k => k if k != "root" }')).toEqual(['warning']);
    expect(await moduleRootFindings('toset(var.people)')).toEqual(['warning']);
  });
});
