/**
 * A read of a block switched by an unknown `count` (`var.create ? 1 : 0`) that survives its absence
 * (`try`, `one`, `coalesce`, `join` of a splat, a `length(...) > 0` test) is decided where every way
 * the switch can turn out that lets the plan succeed gives one value, or where the reading block's own
 * `count` decides the switch (README, "Terraform evaluation"); else it stays unknown.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

async function findings(main: string, file = 'main.tf', others: Readonly<Record<string, string>> = {}): Promise<string[]> {
  const root = tempTree({ [file]: main, ...others }, 'credlint-switched-reads-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.ruleId} ${f.location.range.start.line} ${f.unknown ? 'unknown' : 'definite'}`);
}

const VARIABLES = `variable "create_user" {
  type = bool
}

variable "create_key" {
  type = bool
}

variable "n" {
  type = number
}
`;

const user = (count: string) => `
resource "aws_iam_user" "this" {
  count = ${count}
  name  = "ops"
}
`;

const block = (type: string, name: string, userExpr: string, count?: string) => `
resource "${type}" "${name}" {${count === undefined ? '' : `\n  count = ${count}`}
  user = ${userExpr}
}
`;

const key = (name: string, userExpr: string, count?: string) => block('aws_iam_access_key', name, userExpr, count);

/** Two keys, the first through `expr`, the second of `name`: a second key of `name` where `expr` is decided to be it. */
const twoKeys = (expr: string, count = 'var.create_user ? 1 : 0', keyCount?: string, name = 'ops') =>
  `${VARIABLES}${user(count)}${key('a', expr, keyCount)}${key('b', JSON.stringify(name))}`;

const DECIDED = ['multiple-active-access-keys 22 definite'];
// The first key may not exist (its own count), but its user is decided: not root's, a second key of that user if it does.
const DECIDED_IF_IT_EXISTS = ['multiple-active-access-keys 18 unknown'];

describe('a read of a switched user that survives its absence', () => {
  it('is decided where both ways give one value', async () => {
    for (const expr of [
      'try(aws_iam_user.this[0].name, "ops")',
      'coalesce(one(aws_iam_user.this[*].name), "ops")',
      'coalescelist(aws_iam_user.this[*].name, ["ops"])[0]',
      'length(aws_iam_user.this) > 0 ? aws_iam_user.this[0].name : "ops"',
      'can(aws_iam_user.this[0]) ? aws_iam_user.this[0].name : "ops"',
    ]) {
      expect(await findings(twoKeys(expr)), expr).toEqual(DECIDED);
    }
  });

  it('is decided where the other way fails the plan: a null user, which the provider requires, or a failed call', async () => {
    // `element` wraps an index past the end around, and fails on an empty list.
    for (const expr of [
      'one(aws_iam_user.this[*].name)',
      'length(aws_iam_user.this) > 0 ? aws_iam_user.this[0].name : null',
      'element(aws_iam_user.this.*.name, 1)',
    ]) {
      expect(await findings(twoKeys(expr)), expr).toEqual(DECIDED);
    }
  });

  it("is decided by the reading key's own count where it decides the switch", async () => {
    for (const expr of ['try(aws_iam_user.this[0].name, "")', 'join("", aws_iam_user.this.*.name)', 'element(concat(aws_iam_user.this.*.name, [""]), 0)']) {
      expect(await findings(twoKeys(expr, 'var.create_user ? 1 : 0', 'var.create_user && var.create_key ? 1 : 0')), expr).toEqual(DECIDED_IF_IT_EXISTS);
    }
    // Where the key exists, the user does not: the other value.
    for (const expr of ['try(aws_iam_user.this[0].name, "dev")', 'coalesce(join("", aws_iam_user.this.*.name), "dev")']) {
      expect(await findings(twoKeys(expr, 'var.create_user ? 1 : 0', 'var.create_user ? 0 : 1', 'dev')), expr).toEqual(DECIDED_IF_IT_EXISTS);
    }
  });

  it('stays unknown where the ways differ, the switch is unknown to the key, or the count is not a switch', async () => {
    for (const [expr, count, keyCount] of [
      ['try(aws_iam_user.this[0].name, "")', 'var.create_user ? 1 : 0', undefined],
      ['join("", aws_iam_user.this.*.name)', 'var.create_user ? 1 : 0', 'var.create_key ? 1 : 0'],
      ['can(aws_iam_user.this[0].name) ? "ops" : "other"', 'var.create_user ? 1 : 0', undefined],
      ['try(aws_iam_user.this[0].name, "ops")', 'var.n', undefined],
    ] as const) {
      const found = await findings(twoKeys(expr, count, keyCount));
      expect(
        found.every((f) => f.endsWith('unknown')),
        `${expr} ${count}`,
      ).toBe(true);
    }
  });
});

describe('a read of a switched user whose ways give different names', () => {
  it('is one of those names: never root where none is', async () => {
    for (const expr of ['try(aws_iam_user.this[0].name, "")', 'join("", aws_iam_user.this.*.name)', 'try(aws_iam_user.this[0].name, "ci")']) {
      const found = await findings(twoKeys(expr));
      expect(found, expr).toEqual(['multiple-active-access-keys 18 unknown']);
    }
  });

  it('is still possibly root where one way gives root', async () => {
    const found = await findings(twoKeys('try(aws_iam_user.this[0].name, "root")'));
    expect(found).toContain('root-user-access-key 18 unknown');
  });
});

/** A module `u` of one user `ops` with a login profile, output `name`; called with `count`. */
const USER_MODULE = {
  'modules/u/main.tf': `variable "name" {
  type = string
}

resource "aws_iam_user" "this" {
  name = var.name
}

output "name" {
  value = aws_iam_user.this.name
}
`,
};

const moduleCall = (count: string, name = 'ops') => `
module "u" {
  source = "./modules/u"
  count  = ${count}
  name   = "${name}"
}
`;

/** Two keys, the first through `expr` (of `module.u`), the second of `name`. */
const twoKeysOfModule = (expr: string, count = 'var.create_user ? 1 : 0', keyCount?: string, name = 'ops') =>
  `${VARIABLES}${moduleCall(count)}${key('a', expr, keyCount)}${key('b', JSON.stringify(name))}`;

describe('a read of a switched module call that survives its absence', () => {
  it('is decided as a switched resource is', async () => {
    for (const expr of [
      'one(module.u[*].name)',
      'one(module.u.*.name)',
      'one(toset(module.u[*].name))',
      'try(module.u[0].name, "ops")',
      'coalesce(one(module.u[*].name), "ops")',
      'length(module.u) > 0 ? module.u[0].name : null',
    ]) {
      expect(await findings(twoKeysOfModule(expr), 'main.tf', USER_MODULE), expr).toEqual(['multiple-active-access-keys 23 definite']);
    }
  });

  it('is one of the names its ways give, so never root where none is', async () => {
    for (const expr of ['try(module.u[0].name, "")', 'join("", module.u[*].name)', 'coalesce(one(module.u[*].name), "ci")']) {
      expect(await findings(twoKeysOfModule(expr), 'main.tf', USER_MODULE), expr).toEqual(['multiple-active-access-keys 19 unknown']);
    }
  });

  it('stays possibly root where the module names its user root', async () => {
    const main = `${VARIABLES}${moduleCall('var.create_user ? 1 : 0', 'root')}${key('a', 'one(module.u[*].name)')}`;
    expect(await findings(main, 'main.tf', USER_MODULE)).toEqual(['root-user-access-key 19 definite']);
  });

  it('stays unknown where the call may make more than one instance', async () => {
    const found = await findings(twoKeysOfModule('one(module.u[*].name)', 'var.n'), 'main.tf', USER_MODULE);
    expect(found.every((f) => f.endsWith('unknown'))).toBe(true);
    expect(found).toContain('root-user-access-key 19 unknown');
  });
});

describe('a read of a block whose for_each is switched between one element and none', () => {
  const forEachUser = (forEach: string) => `${VARIABLES}
resource "aws_iam_user" "this" {
  for_each = ${forEach}
  name     = each.key
}
`;

  it('is decided as a switched count is', async () => {
    for (const [forEach, expr] of [
      ['var.create_user ? toset(["ops"]) : toset([])', 'one(values(aws_iam_user.this)[*].name)'],
      ['var.create_user ? toset(["ops"]) : []', 'try(aws_iam_user.this["ops"].name, "ops")'],
      ['var.create_user ? { ops = "x" } : {}', 'one([for u in aws_iam_user.this : u.name])'],
    ] as const) {
      expect(await findings(`${forEachUser(forEach)}${key('a', expr)}${key('b', '"ops"')}`), expr).toEqual(['multiple-active-access-keys 22 definite']);
    }
  });

  it('of a switched module call too', async () => {
    const main = `${VARIABLES}
module "u" {
  source   = "./modules/u"
  for_each = var.create_user ? toset(["ops"]) : toset([])
  name     = each.key
}
${key('a', 'one(values(module.u)[*].name)')}${key('b', '"ops"')}`;
    expect(await findings(main, 'main.tf', USER_MODULE)).toEqual(['multiple-active-access-keys 23 definite']);
  });

  it('is one of the elements where it is switched between two of one element each', async () => {
    // A second key of "ops" if the switch picks it; never root.
    for (const [forEach, name] of [
      ['var.create_user ? toset(["ops"]) : toset(["dev"])', 'each.key'],
      ['var.create_user ? ["ops"] : toset(["dev"])', 'each.value'],
      ['var.create_user ? { u = "ops" } : { u = "dev" }', 'each.value'],
      ['var.create_user ? { ops = 1 } : var.create_key ? { dev = 2 } : {}', 'each.key'],
    ] as const) {
      const main = forEachUser(forEach).replace('name     = each.key', `name     = ${name}`);
      expect(await findings(`${main}${key('a', 'one(values(aws_iam_user.this)[*].name)')}${key('b', '"ops"')}`), forEach).toEqual([
        'multiple-active-access-keys 18 unknown',
      ]);
    }
    // The same of a module call.
    const main = `${VARIABLES}
module "u" {
  source   = "./modules/u"
  for_each = var.create_user ? toset(["ops"]) : toset(["dev"])
  name     = each.key
}
${key('a', 'one(values(module.u)[*].name)')}${key('b', '"ops"')}`;
    expect(await findings(main, 'main.tf', USER_MODULE)).toEqual(['multiple-active-access-keys 19 unknown']);
  });

  it('stays possibly root where one of the elements is root', async () => {
    const found = await findings(`${forEachUser('var.create_user ? toset(["ops"]) : toset(["root"])')}${key('a', 'one(values(aws_iam_user.this)[*].name)')}`);
    expect(found).toContain('root-user-access-key 18 unknown');
  });

  it('stays unknown where either result may have more than one element', async () => {
    const found = await findings(`${forEachUser('var.create_user ? toset(["ops", "dev"]) : toset([])')}${key('a', 'one(values(aws_iam_user.this)[*].name)')}`);
    expect(found).toContain('root-user-access-key 18 unknown');
  });
});

describe('the cost of working a read out both ways', () => {
  /** `count` keys reading `local.heavy` through `try` of a switched user. */
  const manyKeys = (count: number) =>
    `variable "on" {
  type = bool
}

locals {
  heavy = join("", [for i in range(300) : join("", [for j in range(300) : tostring((i + j) % 2)])])
}

resource "aws_iam_user" "x" {
  count = var.on ? 1 : 0
  name  = "ops"
}
${Array.from({ length: count }, (_, i) => key(`k${String(i)}`, 'try(aws_iam_user.x[0].name, local.heavy)')).join('')}`;

  async function scanSeconds(main: string): Promise<number> {
    const root = tempTree({ 'main.tf': main }, 'credlint-switched-reads-');
    const start = performance.now();
    await lint({ paths: [root], cwd: root });
    return (performance.now() - start) / 1000;
  }

  it('evaluates the locals of each way once, not once for each key that reads them', async () => {
    await scanSeconds(manyKeys(1)); // loads and warms what every scan uses
    const few = await scanSeconds(manyKeys(10));
    const many = await scanSeconds(manyKeys(300));
    // Each way evaluates local.heavy once, whatever the number of keys; a way for each key evaluated
    // it 600 times for 300 keys (3.6 s, where 10 keys took 1; 0.25 s and 0.2 s now).
    expect(many).toBeLessThan(2 * few + 0.3);
  }, 60_000);
});

describe("a read through another module's output of a switched block there", () => {
  /** Module `outer` with a switched call of `u` (or a switched user of its own), output `name` = `output`. */
  const outer = (output: string, user = 'ops') => ({
    ...USER_MODULE,
    'modules/outer/main.tf': `variable "create" {
  type = bool
}

module "u" {
  source = "../u"
  count  = var.create ? 1 : 0
  name   = "${user}"
}

resource "aws_iam_user" "own" {
  count = var.create ? 1 : 0
  name  = "${user}"
}

output "name" {
  value = ${output}
}
`,
  });

  const main = (expr: string, outerMeta = '', name = 'ops') => `${VARIABLES}
module "outer" {
  source = "./modules/outer"
  create = var.create_user${outerMeta}
}
${key('a', expr)}${key('b', JSON.stringify(name))}`;

  it('is decided where the ways the key accepts agree: a null user fails the plan', async () => {
    for (const output of ['one(module.u[*].name)', 'one(aws_iam_user.own[*].name)', 'length(module.u) > 0 ? module.u[0].name : null']) {
      expect(await findings(main('module.outer.name'), 'main.tf', outer(output)), output).toEqual(['multiple-active-access-keys 22 definite']);
    }
  });

  it('is one of the names its ways give, and root where one of them is', async () => {
    expect(await findings(main('module.outer.name'), 'main.tf', outer('try(module.u[0].name, "")'))).toEqual(['multiple-active-access-keys 18 unknown']);
    expect(await findings(main('coalesce(module.outer.name, "ci")'), 'main.tf', outer('one(module.u[*].name)'))).toEqual([
      'multiple-active-access-keys 18 unknown',
    ]);
    expect(await findings(main('coalesce(module.outer.name, "root")'), 'main.tf', outer('one(module.u[*].name)'))).toContain('root-user-access-key 18 unknown');
    expect(await findings(main('module.outer.name'), 'main.tf', outer('one(module.u[*].name)', 'root'))).toContain('root-user-access-key 18 definite');
  });

  it('through two modules', async () => {
    const files = {
      ...outer('one(module.u[*].name)'),
      'modules/mid/main.tf': `variable "create" {
  type = bool
}

module "outer" {
  source = "../outer"
  create = var.create
}

output "name" {
  value = module.outer.name
}
`,
    };
    const found = await findings(main('module.outer.name').replace('./modules/outer', './modules/mid'), 'main.tf', files);
    expect(found).toEqual(['multiple-active-access-keys 22 definite']);
  });

  it('is decided through the instance a known index or key reads of a call of unknown count or for_each', async () => {
    // Where that instance does not exist, the read fails the plan ("Invalid index").
    const names = { 'names.tf': 'variable "names" {\n  type = set(string)\n}\n' };
    for (const [meta, expr] of [
      ['\n  count  = var.n', 'module.outer[0].name'],
      ['\n  for_each = var.names', 'module.outer["k"].name'],
      // One instance at most: read through the call's placeholder, the call fixed in each world.
      ['\n  for_each = var.create_key ? toset(["k"]) : toset([])', 'module.outer["k"].name'],
      ['\n  for_each = var.create_key ? toset(["k"]) : toset(["j"])', 'module.outer["k"].name'],
      ['\n  count  = var.create_key ? 1 : 0', 'module.outer[0].name'],
    ] as const) {
      const files = { ...outer('one(module.u[*].name)'), ...names };
      expect(await findings(main(expr, meta), 'main.tf', files), expr).toEqual(['multiple-active-access-keys 23 definite']);
      const root = { ...outer('one(module.u[*].name)', 'root'), ...names };
      expect(await findings(main(expr, meta), 'main.tf', root), `${expr}, root`).toContain('root-user-access-key 19 definite');
      const fallback = { ...outer('try(module.u[0].name, "")'), ...names };
      expect(await findings(main(expr, meta), 'main.tf', fallback), `${expr}, try`).toEqual(['multiple-active-access-keys 19 unknown']);
    }
  });

  it("is decided through a splat where the outer call's switch decides the inner one", async () => {
    // Where `module.outer` has its instance, `var.create_user` is true, so is what it passes as `create`.
    const found = await findings(main('one(module.outer[*].name)', '\n  count  = var.create_user ? 1 : 0'), 'main.tf', outer('one(module.u[*].name)'));
    expect(found).toEqual(['multiple-active-access-keys 23 definite']);
    const root = await findings(main('one(module.outer[*].name)', '\n  count  = var.create_user ? 1 : 0'), 'main.tf', outer('one(module.u[*].name)', 'root'));
    expect(root).toContain('root-user-access-key 19 definite');
  });

  it('stays unknown where the outer call is read by a splat, or past a fallback, and may make no instance', async () => {
    const found = await findings(main('one(module.outer[*].name)', '\n  count  = var.create_key ? 1 : 0'), 'main.tf', outer('one(module.u[*].name)'));
    expect(found).toContain('root-user-access-key 19 unknown');
    // Without the outer instance, `try` gives "ci": not decided as u's user.
    const fallback = await findings(main('try(module.outer[0].name, "ci")', '\n  count  = var.create_key ? 1 : 0'), 'main.tf', outer('one(module.u[*].name)'));
    expect(fallback).not.toContain('multiple-active-access-keys 23 definite');
  });
});
