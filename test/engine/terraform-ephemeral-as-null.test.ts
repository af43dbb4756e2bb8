/**
 * `ephemeralasnull` returns its argument only in a module where nothing can be ephemeral: no variable
 * and no output of a called module declared `ephemeral` (README, "Terraform evaluation").
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { loadTree, removeTrees, writeTree } from '../support/terraform-loader-harness.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);
afterEach(removeTrees);

/** Each key's user: the name, `null` where the argument evaluates to null, `unknown` otherwise. */
async function values(files: Record<string, string>): Promise<string[]> {
  const result = await loadTree(await writeTree(files));
  return result.units.flatMap((unit) =>
    unit.accessKeys.map((key) => {
      const user = key.user;
      const shown = user.known
        ? user.value.kind === 'name'
          ? user.value.name
          : user.value.userId
        : user.unknownReason.includes('is null,')
          ? 'null'
          : 'unknown';
      return `${key.address} ${shown}`;
    }),
  );
}

async function findings(files: Record<string, string>): Promise<string[]> {
  const root = tempTree(files, 'credlint-ephemeral-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.ruleId} ${f.location.range.start.line} ${f.unknown ? 'unknown' : 'definite'}`);
}

const ROOT = `module "session" {
  source = "./session"
}

resource "aws_iam_access_key" "a" {
  user = "deploy"
}

resource "aws_iam_access_key" "b" {
  user = ephemeralasnull(module.session.user)
}
`;

const child = (ephemeral: boolean) => `output "user" {
  value = "deploy"${ephemeral ? '\n  ephemeral = true' : ''}
}
`;

describe('ephemeralasnull of a called module output', () => {
  it('is the output where the output is not ephemeral', async () => {
    expect(await findings({ 'main.tf': ROOT, 'session/main.tf': child(false) })).toEqual(['multiple-active-access-keys 9 definite']);
  });

  it('is null where the output is declared ephemeral, as Terraform makes it', async () => {
    expect(await values({ 'main.tf': ROOT, 'session/main.tf': child(true) })).toEqual(['aws_iam_access_key.a deploy', 'aws_iam_access_key.b null']);
  });
});

describe('ephemeralasnull of a value ephemeral as a whole is null', () => {
  const keyOf = (argument: string, extra: string) => `${extra}resource "aws_iam_access_key" "b" {\n  user = ephemeralasnull(${argument})\n}\n`;

  it.each([
    ['a variable declared ephemeral', 'var.session', 'variable "session" {\n  ephemeral = true\n}\n'],
    ['an attribute of an ephemeral variable, in parentheses', '(var.session.user)', 'variable "session" {\n  ephemeral = true\n}\n'],
    ['an attribute of an ephemeral resource', 'ephemeral.aws_secretsmanager_secret_version.s.secret_string', ''],
    ['an ephemeral output of a module instance', 'module.session[0].user', 'module "session" {\n  source = "./session"\n  count  = 1\n}\n'],
    ['the template of an ephemeral variable', '"${var.session}"', 'variable "session" {\n  ephemeral = true\n  default   = "deploy"\n}\n'],
  ])('%s', async (_, argument, extra) => {
    expect(await values({ 'main.tf': keyOf(argument, extra), 'session/main.tf': child(true) })).toEqual(['aws_iam_access_key.b null']);
  });

  it('but not a value that is not ephemeral, in a module where others are', async () => {
    const extra = 'variable "session" {\n  ephemeral = true\n}\nvariable "plain" {\n  default = "deploy"\n}\n';
    expect(await values({ 'main.tf': keyOf('var.plain', extra) })).toEqual(['aws_iam_access_key.b unknown']);
  });
});
