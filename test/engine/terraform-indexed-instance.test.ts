/**
 * A known index into a resource or module call whose `count`/`for_each` is unknown is that
 * instance wherever the plan would fail without it (README, "Terraform evaluation"): the keys and
 * login profiles of a module's optional user are decided; reads that `try`/`can` catch, or that an
 * empty list survives, stay undecided; the referring block's own `count` still decides whether it exists.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

async function findings(main: string, prefilter = true, file = 'main.tf'): Promise<string[]> {
  const root = tempTree({ [file]: main }, 'credlint-indexed-instance-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true, prefilter });
  return result.findings.map((f) => `${f.ruleId} ${f.location.range.start.line} ${f.unknown ? 'unknown' : 'definite'}`);
}

const SWITCHED_USER = (name: string, keys: string) => `variable "create_user" {
  type = bool
}

variable "user_name" {
  type = string
}

variable "create_key" {
  type = bool
}

resource "aws_iam_user" "this" {
  count = var.create_user ? 1 : 0
  name  = ${name}
}
${keys}`;

const key = (name: string, user: string, count?: string) => `
resource "aws_iam_access_key" "${name}" {${count === undefined ? '' : `\n  count = ${count}`}
  user = ${user}
}
`;

describe('an index into a user block switched by an unknown condition', () => {
  it('gives the keys and login profile of the one user they can only exist beside', async () => {
    const main = SWITCHED_USER(
      '"ops"',
      `
resource "aws_iam_user_login_profile" "this" {
  user = aws_iam_user.this[0].name
}
${key('a', 'aws_iam_user.this[0].name')}${key('b', 'aws_iam_user.this[0].name')}`,
    );
    // Before: only warnings, among them that either key might be root's although the name is "ops".
    expect(await findings(main)).toEqual(['console-user-with-access-key 22 definite', 'multiple-active-access-keys 26 definite']);
    expect(await findings(main, false)).toEqual(await findings(main));
  });

  it('links keys to that user by reference when its name is unknown, and still asks whether it is root', async () => {
    const main = SWITCHED_USER('var.user_name', `${key('a', 'aws_iam_user.this[0].name')}${key('b', 'aws_iam_user.this[0].id')}`);
    expect(await findings(main)).toEqual(['root-user-access-key 18 unknown', 'multiple-active-access-keys 22 definite', 'root-user-access-key 22 unknown']);
  });

  it('leaves whether a key exists to its own count', async () => {
    const main = SWITCHED_USER(
      '"ops"',
      `
resource "aws_iam_user_login_profile" "this" {
  user = aws_iam_user.this[0].name
}
${key('a', 'aws_iam_user.this[0].name', 'var.create_key ? 1 : 0')}`,
    );
    expect(await findings(main)).toEqual(['console-user-with-access-key 22 unknown']);
  });

  // Where both ways the switch can turn out give one user, or one fails the plan
  // (`try(aws_iam_user.this[0].name, "ops")`, `one(...)`), the read is decided:
  // terraform-switched-reads.test.ts.
  it('reads no instance the count can never make, nor one try, can or an empty list lets go', async () => {
    for (const user of ['aws_iam_user.this[1].name', 'aws_iam_user.this[*].name[0]']) {
      const main = SWITCHED_USER('"ops"', `${key('a', user)}${key('b', user)}`);
      expect(await findings(main), user).toEqual([
        'multiple-active-access-keys 18 unknown',
        'root-user-access-key 18 unknown',
        'multiple-active-access-keys 22 unknown',
        'root-user-access-key 22 unknown',
      ]);
    }
    // Either way of the switch gives a known name (`ops`, or `dev`, `other`, ""), so the user is one of them: never root.
    for (const user of [
      'try(aws_iam_user.this[0].name, "dev")',
      'can(aws_iam_user.this[0].name) ? "ops" : "other"',
      'element(concat(aws_iam_user.this.*.name, [""]), 0)',
      'concat(aws_iam_user.this.*.name, [""])[0]',
      'join("", aws_iam_user.this.*.name)',
    ]) {
      const main = SWITCHED_USER('"ops"', `${key('a', user)}${key('b', user)}`);
      expect(await findings(main), user).toEqual(['multiple-active-access-keys 18 unknown', 'multiple-active-access-keys 22 unknown']);
    }
  });

  it('reads a position of the list of instances where an empty list fails', async () => {
    for (const user of [
      'aws_iam_user.this.*.name[0]',
      '(aws_iam_user.this[*].name)[0]',
      'element(aws_iam_user.this[*].name, 0)',
      'element(aws_iam_user.this, 0).name',
    ]) {
      const main = SWITCHED_USER('"ops"', `${key('a', user)}${key('b', user)}`);
      expect(await findings(main), user).toEqual(['multiple-active-access-keys 22 definite']);
    }
  });
});

describe('an index into other blocks of unknown instances', () => {
  it('gives an instance of an unknown count its count.index, and of an unknown for_each its each.key', async () => {
    const main = `variable "n" {
  type = number
}

variable "names" {
  type = set(string)
}

resource "aws_iam_user" "ci" {
  count = var.n
  name  = "ci-\${count.index}"
}

resource "aws_iam_user" "dev" {
  for_each = var.names
  name     = "dev-\${each.key}"
}
${key('ci0', 'aws_iam_user.ci[0].name')}${key('ci1', 'aws_iam_user.ci[1].name')}${key('ci1b', 'aws_iam_user.ci[1].name')}${key('ana', 'aws_iam_user.dev["ana"].name')}${key('bob', 'aws_iam_user.dev["bob"].name')}`;
    expect(await findings(main)).toEqual(['multiple-active-access-keys 27 definite']);
  });

  it('gives an instance of an unknown set its each.value, the key; of a map, an unknown one', async () => {
    const main = (forEach: string) => `variable "names" {
  type = set(string)
}

variable "people" {
  type = map(string)
}

resource "aws_iam_user" "dev" {
  for_each = ${forEach}
  name     = each.value
}
${key('a', 'aws_iam_user.dev["ana"].name')}${key('b', 'aws_iam_user.dev["ana"].name')}`;
    for (const set of ['var.names', 'toset(keys(var.people))']) expect(await findings(main(set)), set).toEqual(['multiple-active-access-keys 18 definite']);
    expect(await findings(main('var.people'))).toEqual([
      'multiple-active-access-keys 14 unknown',
      'root-user-access-key 14 unknown',
      'multiple-active-access-keys 18 unknown',
      'root-user-access-key 18 unknown',
    ]);
  });

  it('does not link a key to one of many users by reference: an unknown name stays undecided', async () => {
    const main = `variable "n" {
  type = number
}

variable "prefix" {
  type = string
}

resource "aws_iam_user" "u" {
  count = var.n
  name  = var.prefix
}
${key('a', 'aws_iam_user.u[0].name')}${key('b', 'aws_iam_user.u[1].name')}`;
    expect(await findings(main)).toEqual([
      'multiple-active-access-keys 14 unknown',
      'root-user-access-key 14 unknown',
      'multiple-active-access-keys 18 unknown',
      'root-user-access-key 18 unknown',
    ]);
  });
});

describe("an attribute of a block OpenTofu's lifecycle { enabled } switches", () => {
  const main = (user: string) => `variable "create_user" {
  type = bool
}

resource "aws_iam_user" "this" {
  name = "ops"
  lifecycle {
    enabled = var.create_user
  }
}
${key('a', user)}${key('b', user)}`;

  it('is that of its one instance: a disabled block is null, whose attribute fails the plan', async () => {
    expect(await findings(main('aws_iam_user.this.name'), true, 'main.tofu')).toEqual(['multiple-active-access-keys 16 definite']);
  });

  it('of a module call too', async () => {
    const root = tempTree(
      {
        'main.tofu': `variable "enabled" {
  type = bool
}

module "user" {
  source = "./user"
  lifecycle {
    enabled = var.enabled
  }
}
${key('a', 'module.user.name')}${key('b', 'module.user.name')}`,
        'user/main.tf': 'resource "aws_iam_user" "this" {\n  name = "svc"\n}\n\noutput "name" {\n  value = aws_iam_user.this.name\n}\n',
      },
      'credlint-indexed-instance-',
    );
    const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
    expect(result.findings.map((f) => `${f.ruleId} ${f.location.range.start.line} ${f.unknown ? 'unknown' : 'definite'}`)).toEqual([
      'multiple-active-access-keys 16 definite',
    ]);
  });

  it('stays unknown where the failure is caught or null is no error, and the other way gives another user', async () => {
    // Either way gives a known name, so the user is one of them: never root.
    for (const user of ['try(aws_iam_user.this.name, "dev")', 'aws_iam_user.this == null ? "dev" : aws_iam_user.this.name']) {
      expect(await findings(main(user), true, 'main.tofu'), user).toEqual(['multiple-active-access-keys 12 unknown', 'multiple-active-access-keys 16 unknown']);
    }
  });

  it('is decided where the other way gives the same user, or a null user, which fails the plan', async () => {
    for (const user of ['try(aws_iam_user.this.name, "ops")', 'one(aws_iam_user.this[*].name)', 'aws_iam_user.this == null ? "ops" : aws_iam_user.this.name']) {
      expect(await findings(main(user), true, 'main.tofu'), user).toEqual(['multiple-active-access-keys 16 definite']);
    }
  });
});
