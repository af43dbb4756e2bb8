/**
 * A `count` whose value is unknown but written as a conditional of known whole numbers
 * (`var.create ? 1 : 0`, a module's usual switch) makes at most the larger: at most one is never a
 * second key of its own, and the one instance there may be has `count.index` 0. On a resource and on a
 * module call alike; anything else unknown stays undecided.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

async function warnings(files: Readonly<Record<string, string>>): Promise<string[]> {
  const root = tempTree(files, 'credlint-count-bound-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.ruleId} ${f.location.file.slice(root.length + 1)}:${f.location.range.start.line}`);
}

const SWITCHED_KEY = (count: string, more = '') => `variable "create" {
  type = bool
}

variable "rotating" {
  type = bool
}

resource "aws_iam_user" "deploy" {
  name = "deploy"
}

resource "aws_iam_access_key" "deploy" {
  count = ${count}
  user  = aws_iam_user.deploy.name
}
${more}`;

describe('a count that is a conditional of known numbers', () => {
  it('is one key at most, however it is written', async () => {
    for (const count of ['var.create ? 1 : 0', '"${var.create ? 1 : 0}"', '(var.create ? (var.rotating ? 1 : 0) : 0)', 'var.create ? "1" : "0"']) {
      expect(await warnings({ 'main.tf': SWITCHED_KEY(count) }), count).toEqual([]);
    }
  });

  it('may still be a second key beside another key of the user', async () => {
    const other = `
resource "aws_iam_access_key" "always" {
  user = aws_iam_user.deploy.name
}
`;
    expect(await warnings({ 'main.tf': SWITCHED_KEY('var.create ? 1 : 0', other) })).toEqual(['multiple-active-access-keys main.tf:13']);
  });

  it('stays undecided where a result is more than one or unknown', async () => {
    for (const count of ['var.create ? 2 : 0', 'var.create ? length(var.names) : 0', 'var.create ? 1 : var.extra']) {
      const more = 'variable "names" {\n  type = list(string)\n}\n\nvariable "extra" {\n  type = number\n}\n';
      expect(await warnings({ 'main.tf': SWITCHED_KEY(count, more) }), count).toEqual(['multiple-active-access-keys main.tf:13']);
    }
  });

  it('has count.index 0 in its one instance', async () => {
    const main = `variable "create" {
  type = bool
}

variable "names" {
  type    = list(string)
  default = ["ci"]
}

resource "aws_iam_access_key" "ci" {
  count = var.create ? 1 : 0
  user  = var.names[count.index]
}
`;
    // The user is "ci", never root, whether or not the key exists.
    expect(await warnings({ 'main.tf': main })).toEqual([]);
  });

  it('makes one module instance at most', async () => {
    const child = `variable "name" {
  type = string
}

resource "aws_iam_user" "this" {
  name = var.name
}

resource "aws_iam_access_key" "this" {
  user = aws_iam_user.this.name
}
`;
    const root = (count: string) => `variable "enabled" {
  type = bool
}

variable "copies" {
  type = number
}

module "ci" {
  source = "./user"
  count  = ${count}
  name   = "ci"
}
`;
    expect(await warnings({ 'main.tf': root('var.enabled ? 1 : 0'), 'user/main.tf': child })).toEqual([]);
    expect(await warnings({ 'main.tf': root('var.copies'), 'user/main.tf': child })).toEqual(['multiple-active-access-keys user/main.tf:9']);
  });
});
