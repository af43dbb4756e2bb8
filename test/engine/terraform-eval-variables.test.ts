import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTree, removeTrees, summarise, writeTree } from '../support/terraform-loader-harness.js';

/** A root whose key's user name shows which value `var.who` got. */
const WHO = ['variable "who" {', '  type    = string', '  default = "default"', '}', 'resource "aws_iam_access_key" "k" {', '  user = var.who', '}', ''].join(
  '\n',
);

async function whoWith(files: Record<string, string>, options: Parameters<typeof loadTree>[1] = {}): Promise<string[]> {
  const root = await writeTree({ 'main.tf': WHO, ...files });
  const resolved = { ...options, varFiles: (options.varFiles ?? []).map((f) => join(root, f)) };
  return summarise(await loadTree(root, resolved)).map((line) => line.replace(/^.* user=(\S+) .*$/, '$1'));
}

describe('terraform loader: root variables and precedence', () => {
  it('uses the default without other values', async () => {
    expect(await whoWith({})).toEqual(['default']);
  });

  it('applies env < terraform.tfvars < terraform.tfvars.json < *.auto.tfvars (lexical) < -var-file < -var', async () => {
    const env = { TF_VAR_who: 'env' };
    expect(await whoWith({}, { env })).toEqual(['env']);
    expect(await whoWith({ 'terraform.tfvars': 'who = "tfvars"\n' }, { env })).toEqual(['tfvars']);
    expect(await whoWith({ 'terraform.tfvars': 'who = "tfvars"\n', 'terraform.tfvars.json': '{"who": "json"}' }, { env })).toEqual(['json']);
    const auto = { 'terraform.tfvars.json': '{"who": "json"}', 'b.auto.tfvars': 'who = "b-auto"\n', 'a.auto.tfvars.json': '{"who": "a-auto"}' };
    expect(await whoWith(auto, { env })).toEqual(['b-auto']);
    expect(await whoWith({ ...auto, 'extra.tfvars': 'who = "file"\n' }, { env, varFiles: ['extra.tfvars'] })).toEqual(['file']);
    expect(
      await whoWith(
        { ...auto, 'extra.tfvars': 'who = "file"\n' },
        {
          env,
          varFiles: ['extra.tfvars'],
          vars: [
            ['who', 'cli'],
            ['who', 'cli2'],
          ],
        },
      ),
    ).toEqual(['cli2']);
  });

  // Terraform lists a directory in the byte order of UTF-8 names (checked with terraform console: the
  // U+1F600 file is read after the U+E000 one). UTF-16 code units order a surrogate pair before U+E000.
  it('reads *.auto.tfvars in the byte order of their UTF-8 names, an astral character after U+E000', async () => {
    const files = { '\u{1F600}.auto.tfvars': 'who = "astral"\n', '\uE000.auto.tfvars': 'who = "private-use"\n' };
    expect(await whoWith(files)).toEqual(['astral']);
  });

  it('merges override files in the byte order of their UTF-8 names, an astral character after U+E000', async () => {
    const override = (who: string): string => `resource "aws_iam_access_key" "k" {\n  user = "${who}"\n}\n`;
    const files = { '\u{1F600}_override.tf': override('astral'), '\uE000_override.tf': override('private-use') };
    expect(await whoWith(files)).toEqual(['astral']);
  });

  it('lets terraform.tfvars switch a resource on and off against its default', async () => {
    const main = [
      'variable "on" {',
      '  type    = bool',
      '  default = true',
      '}',
      'variable "off" {',
      '  type    = bool',
      '  default = false',
      '}',
      'resource "aws_iam_access_key" "on" {',
      '  count = var.on ? 1 : 0',
      '  user  = "on"',
      '}',
      'resource "aws_iam_access_key" "off" {',
      '  count = var.off ? 1 : 0',
      '  user  = "off"',
      '}',
      '',
    ].join('\n');
    const defaults = await loadTree(await writeTree({ 'main.tf': main }));
    expect(summarise(defaults)).toEqual(['terraform:. key aws_iam_access_key.on[0] user=on status=Active']);
    const flipped = await loadTree(await writeTree({ 'main.tf': main, 'terraform.tfvars': 'on  = false\noff = true\n' }));
    expect(summarise(flipped)).toEqual(['terraform:. key aws_iam_access_key.off[0] user=off status=Active']);
  });

  it('reads TF_VAR values as strings for primitive types and as HCL for collections, then converts', async () => {
    const root = await writeTree({
      'main.tf': [
        'variable "enabled" { type = bool }',
        'variable "users" { type = set(string) }',
        'resource "aws_iam_access_key" "k" {',
        '  for_each = var.enabled ? var.users : []',
        '  user     = each.key',
        '}',
        '',
      ].join('\n'),
    });
    const result = await loadTree(root, { env: { TF_VAR_enabled: 'true', TF_VAR_users: '["ana", "bo", "ana"]' } });
    expect(summarise(result)).toEqual([
      'terraform:. key aws_iam_access_key.k["ana"] user=ana status=Active',
      'terraform:. key aws_iam_access_key.k["bo"] user=bo status=Active',
    ]);
  });

  it('leaves a required variable without value unknown, naming it', async () => {
    const root = await writeTree({
      'main.tf': [
        'variable "users" {',
        '  type = map(object({ console = bool }))',
        '}',
        'resource "aws_iam_user_login_profile" "p" {',
        '  for_each = { for name, u in var.users : name => u if u.console }',
        '  user     = each.key',
        '}',
        '',
      ].join('\n'),
    });
    const result = await loadTree(root);
    expect(result.units[0]!.loginProfiles.map((p) => [p.address, p.existenceUnknown])).toEqual([
      ['aws_iam_user_login_profile.p', 'for_each is unknown: var.users has no value'],
    ]);
  });

  it('reports an unreadable variables file and keeps going', async () => {
    const root = await writeTree({ 'main.tf': WHO, 'terraform.tfvars': 'who = \n' });
    const result = await loadTree(root);
    expect(result.diagnostics.map((d) => [d.kind, d.location.file])).toEqual([['parse-error', join(root, 'terraform.tfvars')]]);
    expect(summarise(result)).toEqual(['terraform:. key aws_iam_access_key.k user=default status=Active']);
  });
  it('does not read an automatic variables file that is a symlink leading outside the repository', async () => {
    const outside = await writeTree({ 'x.tfvars': 'who = "outside"\n' });
    const root = await writeTree({ 'main.tf': WHO });
    await symlink(join(outside, 'x.tfvars'), join(root, 'terraform.tfvars'));
    const result = await loadTree(root);
    expect(result.diagnostics.map((d) => [d.kind, d.location.file])).toEqual([['note', join(root, 'terraform.tfvars')]]);
    expect(summarise(result)).toEqual(['terraform:. key aws_iam_access_key.k user=default status=Active']);
  });
});

describe('terraform loader: expressions that decide which credentials exist', () => {
  it('creates only one of two keys with mutually exclusive counts', async () => {
    const root = await writeTree({
      'main.tf': [
        'variable "pgp_key" { default = "" }',
        'resource "aws_iam_user" "this" { name = "u" }',
        'resource "aws_iam_access_key" "this" {',
        '  count   = var.pgp_key != "" ? 1 : 0',
        '  user    = aws_iam_user.this.name',
        '  pgp_key = var.pgp_key',
        '}',
        'resource "aws_iam_access_key" "this_no_pgp" {',
        '  count = var.pgp_key == "" ? 1 : 0',
        '  user  = aws_iam_user.this.name',
        '}',
        '',
      ].join('\n'),
    });
    expect(summarise(await loadTree(root)).filter((l) => l.includes(' key '))).toEqual([
      'terraform:. key aws_iam_access_key.this_no_pgp[0] user=u status=Active',
    ]);
    expect(summarise(await loadTree(root, { vars: [['pgp_key', 'keybase:x']] })).filter((l) => l.includes(' key '))).toEqual([
      'terraform:. key aws_iam_access_key.this[0] user=u status=Active',
    ]);
  });

  it('links through a local built with join and a legacy splat', async () => {
    const root = await writeTree({
      'main.tf': [
        'locals {',
        '  enabled  = true',
        '  username = join("", aws_iam_user.default.*.name)',
        '}',
        'resource "aws_iam_user" "default" {',
        '  count = local.enabled ? 1 : 0',
        '  name  = "system"',
        '}',
        'resource "aws_iam_access_key" "default" {',
        '  count = local.enabled ? 1 : 0',
        '  user  = local.username',
        '}',
        '',
      ].join('\n'),
    });
    expect(summarise(await loadTree(root))).toEqual([
      'terraform:. key aws_iam_access_key.default[0] user=system status=Active',
      'terraform:. user aws_iam_user.default[0] name=system',
    ]);
  });

  it('expands a filtered for_each map built from a literal list', async () => {
    const root = await writeTree({
      'main.tf': [
        'locals {',
        '  users = [',
        '    { name = "t1", profile = "yes", key = "no", enabled = "yes" },',
        '    { name = "t3", profile = "yes", key = "yes", enabled = "no" },',
        '    { name = "t4", profile = "no", key = "yes", enabled = "yes" },',
        '  ]',
        '  profiles = { for u in local.users : u.name => u if u.enabled == "yes" && u.profile == "yes" }',
        '  keys     = { for u in local.users : u.name => u if u.enabled == "yes" && u.key == "yes" }',
        '}',
        'resource "aws_iam_user_login_profile" "p" {',
        '  for_each = local.profiles',
        '  user     = each.value.name',
        '}',
        'resource "aws_iam_access_key" "k" {',
        '  for_each = local.keys',
        '  user     = each.key',
        '}',
        '',
      ].join('\n'),
    });
    expect(summarise(await loadTree(root))).toEqual([
      'terraform:. key aws_iam_access_key.k["t4"] user=t4 status=Active',
      'terraform:. profile aws_iam_user_login_profile.p["t1"] user=t1',
    ]);
  });

  it('evaluates Terraform 0.11 syntax (quoted interpolations, legacy index, element/count.index)', async () => {
    const root = await writeTree({
      'main.tf': [
        'variable "names" {',
        '  type    = "list"',
        '  default = ["a", "b"]',
        '}',
        'resource "aws_iam_user" "iam_user" {',
        '  count = "${length(var.names)}"',
        '  name  = "${element(var.names, count.index)}"',
        '}',
        'resource "aws_iam_access_key" "iam_access_key_v1" {',
        '  user = "${aws_iam_user.iam_user.0.name}"',
        '}',
        'resource "aws_iam_access_key" "iam_access_key_v2" {',
        '  user = "${aws_iam_user.iam_user.*.name[0]}"',
        '}',
        '',
      ].join('\n'),
    });
    expect(summarise(await loadTree(root))).toEqual([
      'terraform:. key aws_iam_access_key.iam_access_key_v1 user=a status=Active',
      'terraform:. key aws_iam_access_key.iam_access_key_v2 user=a status=Active',
      'terraform:. user aws_iam_user.iam_user[0] name=a',
      'terraform:. user aws_iam_user.iam_user[1] name=b',
    ]);
  });

  it('survives reference cycles between locals with an unknown, reported as Terraform refuses them', async () => {
    const root = await writeTree({
      'main.tf': ['locals {', '  a = local.b', '  b = local.a', '}', 'resource "aws_iam_access_key" "k" {', '  user = local.a', '}', ''].join('\n'),
    });
    const result = await loadTree(root);
    expect(result.diagnostics.map((d) => [d.kind, d.message])).toEqual([
      ['parse-error', 'Cycle: local.a, local.b refer to each other; Terraform refuses the configuration'],
    ]);
    const [line] = summarise(result);
    expect(line).toMatch(
      /^terraform:\. key aws_iam_access_key\.k user=unknown\(local\.a is unknown: Cycle: local\.a, local\.b refer to each other; Terraform refuses the configuration\) status=Active$/,
    );
  });

  it('resolves data.aws_iam_user names (not its id, the unique ID) and status written as unknown', async () => {
    const root = await writeTree({
      'main.tf': [
        'variable "status" {}',
        'data "aws_iam_user" "existing" {',
        '  user_name = "legacy"',
        '}',
        'resource "aws_iam_access_key" "k" {',
        '  user   = data.aws_iam_user.existing.user_name',
        '  status = var.status',
        '}',
        'resource "aws_iam_access_key" "by_id" {',
        '  user = data.aws_iam_user.existing.id',
        '}',
        'resource "aws_iam_access_key" "by_arn" {',
        '  user = data.aws_iam_user.existing.arn',
        '}',
        'resource "aws_iam_user" "u" {',
        '  name = "u"',
        '}',
        'resource "aws_iam_access_key" "by_unique_id" {',
        '  user = aws_iam_user.u.unique_id',
        '}',
        'resource "aws_iam_access_key" "by_other_key" {',
        '  user = aws_iam_access_key.by_unique_id.secret',
        '}',
        'data "aws_iam_access_keys" "legacy" {',
        '  user = "legacy"',
        '}',
        'resource "aws_iam_access_key" "by_keys_id" {',
        '  user = data.aws_iam_access_keys.legacy.id',
        '}',
        '',
      ].join('\n'),
    });
    expect(summarise(await loadTree(root))).toEqual([
      'terraform:. key aws_iam_access_key.by_arn user=unknown(data.aws_iam_user.existing.arn is known only after apply) status=Active',
      // The data source's id is the user's unique ID (AIDA...), not its name; aws_iam_access_keys' is the user it was asked for.
      "terraform:. key aws_iam_access_key.by_id user=unknown(data.aws_iam_user.existing.id is the user's unique ID, not its name, known only once the data source is read) status=Active",
      'terraform:. key aws_iam_access_key.by_keys_id user=legacy status=Active',
      'terraform:. key aws_iam_access_key.by_other_key user=unknown(aws_iam_access_key.by_unique_id.secret is known only after apply) status=Active',
      'terraform:. key aws_iam_access_key.by_unique_id user=@aws_iam_user.u status=Active',
      'terraform:. key aws_iam_access_key.k user=legacy status=unknown(var.status has no value)',
      'terraform:. user aws_iam_user.u name=u',
    ]);
  });
});

afterAll(async () => {
  await removeTrees();
});
