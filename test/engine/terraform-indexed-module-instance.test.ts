/**
 * A known key or index into a module call whose `for_each`/`count` is unknown reads that instance,
 * with its own `each.key`/`each.value` or `count.index`, wherever the plan would fail without it
 * (README, "Terraform evaluation"); reads that `try`/`can` catch or a condition does not take stay
 * undecided.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

async function findings(files: Record<string, string>): Promise<string[]> {
  const root = tempTree(files, 'credlint-indexed-module-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.ruleId} ${f.location.range.start.line} ${f.unknown ? 'unknown' : 'definite'}`);
}

const USER_MODULE = `variable "name" {
  type = string
}

resource "aws_iam_user" "this" {
  name = var.name
}

output "user_name" {
  value = aws_iam_user.this.name
}
`;

const keys = (user: string) => `
resource "aws_iam_access_key" "a" {
  user = ${user}
}

resource "aws_iam_access_key" "b" {
  user = ${user}
}
`;

const callOver = (meta: string, name: string, declarations = '') => `${declarations}
module "users" {
  source = "./user"
  ${meta}
  name   = ${name}
}
`;

describe('a known key into a module call of unknown instances', () => {
  it('reads the instance of a for_each over an unknown set, whose each.value is each.key', async () => {
    const variable = 'variable "users" {\n  type = set(string)\n}\n';
    for (const name of ['each.key', 'each.value', '"${each.key}-ci"']) {
      const main = callOver('for_each = var.users', name, variable) + keys('module.users["ana"].user_name');
      expect(await findings({ 'main.tf': main, 'user/main.tf': USER_MODULE }), name).toEqual(['multiple-active-access-keys 15 definite']);
    }
  });

  it('reads the instance of an unknown count, with its count.index', async () => {
    const variable = 'variable "n" {\n  type = number\n}\n';
    const main = callOver('count = var.n', '"svc-${count.index}"', variable) + keys('module.users[1].user_name');
    expect(await findings({ 'main.tf': main, 'user/main.tf': USER_MODULE })).toEqual(['multiple-active-access-keys 15 definite']);
  });

  it('keeps each.value of an unknown map unknown, and links the keys to that instance by reference', async () => {
    const variable = 'variable "users" {\n  type = map(string)\n}\n';
    const main = callOver('for_each = var.users', 'each.value', variable) + keys('module.users["ana"].user_name');
    // One user (the instance's, whose name is unknown) with two keys, each of which may be root's.
    expect(await findings({ 'main.tf': main, 'user/main.tf': USER_MODULE })).toEqual([
      'root-user-access-key 11 unknown',
      'multiple-active-access-keys 15 definite',
      'root-user-access-key 15 unknown',
    ]);
  });

  it("asks whether the instance's user is root's as of any user: by what is known of its name, also read by reference", async () => {
    const variable = 'variable "users" {\n  type = map(string)\n}\n';
    const arnModule = `${USER_MODULE}\noutput "user_arn" {\n  value = aws_iam_user.this.arn\n}\n`;
    const one = (name: string, read: string) =>
      callOver('for_each = var.users', name, variable) + `\nresource "aws_iam_access_key" "a" {\n  user = ${read}\n}\n`;
    const files = (main: string) => ({ 'main.tf': main, 'user/main.tf': arnModule });
    // A known part rules root out; a name known through the instance's key decides.
    expect(await findings(files(one('"dev-${each.value}"', 'module.users["ana"].user_name')))).toEqual([]);
    expect(await findings(files(one('each.key', 'module.users["root"].user_arn')))).toEqual(['root-user-access-key 11 definite']);
    expect(await findings(files(one('each.key', 'module.users["ana"].user_arn')))).toEqual([]);
  });

  it('tells two instances apart', async () => {
    const variable = 'variable "users" {\n  type = set(string)\n}\n';
    const main =
      callOver('for_each = var.users', 'each.key', variable) +
      'resource "aws_iam_access_key" "a" {\n  user = module.users["ana"].user_name\n}\n\nresource "aws_iam_access_key" "b" {\n  user = module.users["bob"].user_name\n}\n';
    expect(await findings({ 'main.tf': main, 'user/main.tf': USER_MODULE })).toEqual([]);
  });

  it('reads nothing that try, can or an untaken result lets go, nor an index the count never reaches', async () => {
    const set = 'variable "users" {\n  type = set(string)\n}\n';
    for (const user of [
      'try(module.users["ana"].user_name, "ana")',
      'can(module.users["ana"].user_name) ? "ana" : "other"',
      'length(module.users) > 0 ? module.users["ana"].user_name : "ana"',
    ]) {
      const main = callOver('for_each = var.users', 'each.key', set) + keys(user);
      expect(await findings({ 'main.tf': main, 'user/main.tf': USER_MODULE }), user).not.toContain('multiple-active-access-keys 15 definite');
    }
    const bounded = 'variable "create" {\n  type = bool\n}\n';
    const main = callOver('count = var.create ? 1 : 0', '"svc-${count.index}"', bounded) + keys('module.users[1].user_name');
    expect(await findings({ 'main.tf': main, 'user/main.tf': USER_MODULE })).not.toContain('multiple-active-access-keys 15 definite');
  });
});

const SERVICE_MODULE = (extra: string) => `variable "user_name" {
  type = string
}

resource "aws_iam_user" "this" {
  name = var.user_name
}
${extra}
output "user_name" {
  value = aws_iam_user.this.name
}
`;

const SWITCHED_CALL = (reader: string) => `variable "create" {
  type = bool
}

variable "create_key" {
  type = bool
}

locals {
  service_user = module.service[0].user_name
}

module "service" {
  source    = "./service"
  count     = var.create ? 1 : 0
  user_name = "svc"
}
${reader}`;

describe('a module call of one instance at most, read by index by a block that exists', () => {
  const profile = '\nresource "aws_iam_user_login_profile" "this" {\n  user = aws_iam_user.this.name\n}\n';
  const ownKey = '\nresource "aws_iam_access_key" "own" {\n  user = aws_iam_user.this.name\n}\n';
  const rootKey = (user: string, count?: string) =>
    `\nresource "aws_iam_access_key" "outside" {${count === undefined ? '' : `\n  count = ${count}`}\n  user = ${user}\n}\n`;

  it("gives the module's own login profile and keys, which exist wherever that instance does", async () => {
    for (const user of ['module.service[0].user_name', 'local.service_user']) {
      const files = { 'main.tf': SWITCHED_CALL(rootKey(user)), 'service/main.tf': SERVICE_MODULE(profile + ownKey) };
      // Before: both undecided, as if the module's login profile and key might not exist beside the key that reads it.
      expect(await findings(files), user).toEqual(['console-user-with-access-key 19 definite', 'multiple-active-access-keys 13 definite']);
    }
  });

  it('leaves them undecided where the reading block may not exist, or the read is caught', async () => {
    for (const reader of [rootKey('module.service[0].user_name', 'var.create_key ? 1 : 0'), rootKey('try(module.service[0].user_name, "svc")')]) {
      const files = { 'main.tf': SWITCHED_CALL(reader), 'service/main.tf': SERVICE_MODULE(profile + ownKey) };
      const found = await findings(files);
      expect(found, reader).not.toContain('console-user-with-access-key 19 definite');
      expect(found, reader).not.toContain('multiple-active-access-keys 13 definite');
    }
  });

  it("leaves a module block's own count to decide its own instances", async () => {
    const optionalKey = '\nresource "aws_iam_access_key" "own" {\n  count = var.rotate ? 1 : 0\n  user  = aws_iam_user.this.name\n}\n';
    const files = {
      'main.tf': SWITCHED_CALL(rootKey('module.service[0].user_name')),
      'service/main.tf': `variable "rotate" {\n  type = bool\n}\n${SERVICE_MODULE(optionalKey)}`,
    };
    expect(await findings(files)).toEqual(['multiple-active-access-keys 12 unknown']);
  });
});

describe('an instance read by key out of a call that may make more, by a block that exists', () => {
  const TEAM_MODULE = `${USER_MODULE}
resource "aws_iam_user_login_profile" "this" {
  user = aws_iam_user.this.name
}

resource "aws_iam_access_key" "own" {
  user = aws_iam_user.this.name
}
`;
  const main = (reader: string) => `variable "people" {\n  type = set(string)\n}\n${callOver('for_each = var.people', 'each.key')}${reader}`;
  const extraKey = (user: string, count?: string) =>
    `\nresource "aws_iam_access_key" "extra" {${count === undefined ? '' : `\n  count = ${count}`}\n  user = ${user}\n}\n`;

  it("gives that instance's own login profile and keys, beside the call's placeholder", async () => {
    for (const user of ['module.users["ana"].user_name', 'module.users["ana"].user_name == "" ? "x" : module.users["ana"].user_name']) {
      const found = await findings({ 'main.tf': main(extraKey(user)), 'user/main.tf': TEAM_MODULE });
      // Before: only the placeholder's warnings, as if instance "ana" might declare nothing.
      expect(found, user).toContain('console-user-with-access-key 11 definite');
      expect(found, user).toContain('multiple-active-access-keys 17 definite');
    }
  });

  it('leaves them to the placeholder where the reader may not exist, or the read is caught', async () => {
    for (const reader of [extraKey('module.users["ana"].user_name', 'var.n'), extraKey('try(module.users["ana"].user_name, "ana")')]) {
      const found = await findings({ 'main.tf': `variable "n" {\n  type = number\n}\n${main(reader)}`, 'user/main.tf': TEAM_MODULE });
      expect(
        found.filter((f) => f.endsWith('definite')),
        reader,
      ).toEqual([]);
    }
  });
});

describe('a read of one module instance by a block of another module instance', () => {
  const SERVICE = `variable "user_name" {\n  type = string\n}\n\nresource "aws_iam_user" "this" {\n  name = var.user_name\n}\n\nresource "aws_iam_user_login_profile" "this" {\n  user = aws_iam_user.this.name\n}\n\noutput "user_name" {\n  value = aws_iam_user.this.name\n}\n`;
  const HOLDER = (count: string) =>
    `variable "n" {\n  type = number\n}\n\nvariable "user" {\n  type = string\n}\n\nresource "aws_iam_access_key" "k" {\n${count}  user = var.user\n}\n`;
  const WRAPPER = `variable "create" {\n  type = bool\n}\n\nmodule "inner" {\n  source    = "../service"\n  count     = var.create ? 1 : 0\n  user_name = "inner"\n}\n\noutput "user_name" {\n  value = module.inner[0].user_name\n}\n`;
  const up = (holderCount = '', read = 'module.svc[0].user_name') => ({
    'main.tf': `variable "create" {\n  type = bool\n}\n\nvariable "keys" {\n  type = number\n}\n\nmodule "svc" {\n  source    = "./service"\n  count     = var.create ? 1 : 0\n  user_name = "svc"\n}\n\nmodule "holder" {\n  source = "./holder"\n  n      = var.keys\n  user   = ${read}\n}\n`,
    'service/main.tf': SERVICE,
    'holder/main.tf': HOLDER(holderCount),
  });
  const down = (count = '') => ({
    'main.tf': `variable "create" {\n  type = bool\n}\n\nmodule "wrapper" {\n  source = "./wrapper"\n  create = var.create\n}\n\nresource "aws_iam_access_key" "down" {\n${count}  user = module.wrapper.user_name\n}\n`,
    'service/main.tf': SERVICE,
    'wrapper/main.tf': WRAPPER,
  });
  const definite = async (files: Record<string, string>) => (await findings(files)).filter((f) => f.endsWith('definite'));

  it("proves it exists from a key of a called module that reads it through that module's input", async () => {
    // Before: the login profile stayed undecided, as if module.svc[0] might not exist beside the key reading it.
    expect(await definite(up())).toEqual(['console-user-with-access-key 9 definite']);
  });

  it('proves it exists from a key that reads it through the output of the module calling it', async () => {
    expect(await definite(down())).toEqual(['console-user-with-access-key 10 definite']);
  });

  it('proves nothing where the reading key may not exist, or the read is caught', async () => {
    expect(await definite(up('  count = var.n\n'))).toEqual([]);
    expect(await definite(up('', 'try(module.svc[0].user_name, "svc")'))).toEqual([]);
    expect(await definite(down('  count = var.create ? 1 : 0\n'))).toEqual([]);
  });
});
