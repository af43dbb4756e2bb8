import { loadOptionsFor } from '../support/load-options.js';
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTerraform } from '../../src/formats/terraform/load-terraform.js';
import { loadTree, removeTrees, summarise, writeTree } from '../support/terraform-loader-harness.js';

const USER_MODULE = {
  'modules/user/variables.tf': ['variable "name" {', '  type = string', '}', 'variable "console" {', '  type    = bool', '  default = false', '}', ''].join(
    '\n',
  ),
  'modules/user/main.tf': [
    'resource "aws_iam_user" "this" {',
    '  name = var.name',
    '}',
    'resource "aws_iam_user_login_profile" "this" {',
    '  count = var.console ? 1 : 0',
    '  user  = aws_iam_user.this.name',
    '}',
    'resource "aws_iam_access_key" "this" {',
    '  user = aws_iam_user.this.name',
    '}',
    'output "user_name" {',
    '  value = aws_iam_user.this.name',
    '}',
    '',
  ].join('\n'),
};

describe('terraform loader: modules', () => {
  it('evaluates a module called twice with different inputs, and does not analyse it as a root', async () => {
    const root = await writeTree({
      ...USER_MODULE,
      'env/main.tf': [
        'module "alice" {',
        '  source  = "../modules/user"',
        '  name    = "alice"',
        '  console = true',
        '}',
        'module "bob" {',
        '  source = "../modules/user"',
        '  name   = "bob"',
        '}',
        'resource "aws_iam_access_key" "second" {',
        '  user = module.bob.user_name',
        '}',
        '',
      ].join('\n'),
    });
    const result = await loadTree(root);
    expect(result.diagnostics).toEqual([]);
    expect(result.units.map((u) => u.id)).toEqual(['terraform:env']);
    expect(summarise(result)).toEqual([
      'terraform:env key aws_iam_access_key.second user=bob status=Active',
      'terraform:env key module.alice.aws_iam_access_key.this user=alice status=Active',
      'terraform:env key module.bob.aws_iam_access_key.this user=bob status=Active',
      'terraform:env profile module.alice.aws_iam_user_login_profile.this[0] user=alice',
      'terraform:env user module.alice.aws_iam_user.this name=alice',
      'terraform:env user module.bob.aws_iam_user.this name=bob',
    ]);
    const key = result.units[0]!.accessKeys.find((k) => k.address === 'module.alice.aws_iam_access_key.this')!;
    expect(key.location.file).toBe(join(root, 'modules/user/main.tf'));
    expect(key.location.range).toEqual({ start: { line: 8, column: 1 }, end: { line: 8, column: 37 } });
    expect(key.suppressionAnchors.map((a) => [a.file, a.range.start.line, a.range.end.column])).toEqual([
      [join(root, 'modules/user/main.tf'), 8, 37],
      [join(root, 'env/main.tf'), 1, 15],
    ]);
  });

  it('expands a nested module under for_each into full instance addresses', async () => {
    const root = await writeTree({
      'modules/member/main.tf': [
        'variable "name" {}',
        'variable "keys" { default = 1 }',
        'resource "aws_iam_user" "member" { name = var.name }',
        'resource "aws_iam_access_key" "member" {',
        '  count = var.keys',
        '  user  = aws_iam_user.member.name',
        '}',
        '',
      ].join('\n'),
      'modules/team/main.tf': [
        'variable "members" { type = map(number) }',
        'module "member" {',
        '  for_each = var.members',
        '  source   = "../member"',
        '  name     = each.key',
        '  keys     = each.value',
        '}',
        'output "names" { value = [for m in module.member : m] }',
        '',
      ].join('\n'),
      'main.tf': ['module "team" {', '  source  = "./modules/team"', '  members = { ana = 2, bo = 0 }', '}', ''].join('\n'),
    });
    const result = await loadTree(root);
    expect(result.diagnostics).toEqual([]);
    expect(result.units.map((u) => u.id)).toEqual(['terraform:.']);
    expect(summarise(result)).toEqual([
      'terraform:. key module.team.module.member["ana"].aws_iam_access_key.member[0] user=ana status=Active',
      'terraform:. key module.team.module.member["ana"].aws_iam_access_key.member[1] user=ana status=Active',
      'terraform:. user module.team.module.member["ana"].aws_iam_user.member name=ana',
      'terraform:. user module.team.module.member["bo"].aws_iam_user.member name=bo',
    ]);
    const key = result.units[0]!.accessKeys[0]!;
    expect(key.suppressionAnchors.map((a) => [a.file, a.range.start.line])).toEqual([
      [join(root, 'modules/member/main.tf'), 4],
      [join(root, 'modules/team/main.tf'), 2],
      [join(root, 'main.tf'), 1],
    ]);
  });

  it('passes null to a nullable variable, and the default to one with nullable = false', async () => {
    const root = await writeTree({
      'child/main.tf': [
        'variable "profile" {',
        '  default = "yes"',
        '}',
        'variable "key" {',
        '  default  = "yes"',
        '  nullable = false',
        '}',
        'resource "aws_iam_user_login_profile" "p" {',
        '  count = var.profile == "yes" ? 1 : 0',
        '  user  = "u"',
        '}',
        'resource "aws_iam_access_key" "k" {',
        '  count = var.key == "yes" ? 1 : 0',
        '  user  = "u"',
        '}',
        '',
      ].join('\n'),
      'main.tf': ['module "c" {', '  source  = "./child"', '  profile = null', '  key     = null', '}', ''].join('\n'),
    });
    const result = await loadTree(root);
    expect(summarise(result)).toEqual(['terraform:. key module.c.aws_iam_access_key.k[0] user=u status=Active']);
  });

  it('reads registry modules through .terraform/modules/modules.json and notes those it cannot read', async () => {
    const root = await writeTree({
      'main.tf': [
        'module "keys" {',
        '  source  = "example/keys/aws"',
        '  version = "1.0.0"',
        '  user    = "deploy"',
        '}',
        'module "absent" {',
        '  source = "git::https://example.com/absent.git"',
        '}',
        'module "missing" {',
        '  source = "./not-there"',
        '}',
        'module "outside" {',
        '  source = "../../elsewhere"',
        '}',
        'module "removed" {',
        '  source = "example/removed/aws//modules/part"',
        '}',
        '',
      ].join('\n'),
      '.terraform/modules/modules.json': JSON.stringify({
        Modules: [
          { Key: '', Source: '', Dir: '.' },
          { Key: 'keys', Source: 'registry.terraform.io/example/keys/aws', Version: '1.0.0', Dir: '.terraform/modules/keys' },
          {
            Key: 'removed',
            Source: 'registry.terraform.io/example/removed/aws//modules/part',
            Version: '1.0.0',
            Dir: '.terraform/modules/removed/modules/part',
          },
        ],
      }),
      '.terraform/modules/keys/main.tf': 'variable "user" {}\nresource "aws_iam_access_key" "k" {\n  user = var.user\n}\n',
    });
    const result = await loadTree(root);
    expect(result.units.map((u) => u.id)).toEqual(['terraform:.']);
    expect(summarise(result)).toEqual(['terraform:. key module.keys.aws_iam_access_key.k user=deploy status=Active']);
    expect(result.diagnostics.map((d) => [d.kind, d.location.range.start.line, d.message])).toEqual([
      [
        'note',
        6,
        'module.absent: source "git::https://example.com/absent.git" is not local and is not listed in .terraform/modules/modules.json (run terraform init to analyse it); not analysed',
      ],
      ['note', 9, 'module.missing: module directory "./not-there" is missing or has no Terraform files; not analysed'],
      ['note', 12, 'module.outside: source "../../elsewhere" leads outside the repository; not analysed'],
      [
        'note',
        15,
        'module.removed: module directory ".terraform/modules/removed/modules/part", which .terraform/modules/modules.json lists for source "example/removed/aws//modules/part", is missing or has no Terraform files (run terraform init again); not analysed',
      ],
    ]);
  });

  it('says that terraform init refuses a call with a version whose source is no registry address, instead of advising it', async () => {
    // Each `refused` source was given to `terraform init` 1.11.4 with `version = "1.0.0"`: "Invalid registry module
    // source address"; the `kept` ones parse as registry addresses (init goes on to ask the registry).
    const refused: [string, string][] = [
      ['wrapper-iam//modules/iam-user', 'a registry address has three or four slash-separated parts'],
      ['git::https://example.com/x.git', 'its hostname "git::https:" has no dot'],
      ['example/iam/AWS', '"AWS" is no target system (lowercase letters and digits)'],
      ['github.com/example/repo', '"github.com" reads as a hostname, which three parts must follow'],
      ['GitHub.com/example/iam/aws', 'github.com serves version control downloads, not a module registry'],
      ['localhost/example/iam/aws', 'its hostname "localhost" has no dot'],
      ['example/iam/aws?ref=1', '"aws?ref=1" is no target system (lowercase letters and digits)'],
      ['example/iam/aws//../x', 'its subdirectory leads outside the package'],
      ['example_/iam/aws', '"example_" is no namespace'],
    ];
    const kept = ['Example-Org/iam/aws//modules/iam-user', 'app.terraform.io/example/iam/aws'];
    const calls = [...refused.map(([source]) => source), ...kept].flatMap((source, i) => [
      `module "m${String(i).padStart(2, '0')}" {`,
      `  source  = "${source}"`,
      '  version = "1.0.0"',
      '}',
    ]);
    const root = await writeTree({ 'main.tf': [...calls, 'module "unversioned" {', '  source = "wrapper-iam//modules/iam-user"', '}', ''].join('\n') });
    const messages = (await loadTree(root)).diagnostics.map((d) => `${d.kind} ${d.message}`);
    expect(messages).toEqual([
      ...refused.map(
        ([source, why], i) =>
          `note module.m${String(i).padStart(2, '0')}: source "${source}" has a version, so it must be a module registry address, but ${why}; terraform init refuses the call; not analysed`,
      ),
      ...kept.map(
        (source, i) =>
          `note module.m${String(refused.length + i).padStart(2, '0')}: source "${source}" is not local and is not listed in .terraform/modules/modules.json (run terraform init to analyse it); not analysed`,
      ),
      'note module.unversioned: source "wrapper-iam//modules/iam-user" is not local and is not listed in .terraform/modules/modules.json (run terraform init to analyse it); not analysed',
    ]);
  });

  it('skips a registry module without modules.json with a note, and an unknown module count leaves placeholders', async () => {
    const root = await writeTree({
      ...USER_MODULE,
      'main.tf': [
        'variable "n" {}',
        'module "label" {',
        '  source = "cloudposse/label/null"',
        '}',
        'module "maybe" {',
        '  count  = var.n',
        '  source = "./modules/user"',
        '  name   = "maybe"',
        '}',
        '',
      ].join('\n'),
    });
    const result = await loadTree(root);
    expect(result.diagnostics.map((d) => d.kind)).toEqual(['note']);
    const unit = result.units[0]!;
    expect(unit.accessKeys.map((k) => [k.address, k.existenceUnknown])).toEqual([
      ['module.maybe.aws_iam_access_key.this', 'module.maybe: count is unknown: var.n has no value'],
    ]);
  });

  it('treats every directory not called by another as a root, and never .terraform/', async () => {
    const root = await writeTree({
      ...USER_MODULE,
      'a/main.tf': 'module "u" {\n  source = "../modules/user"\n  name   = "a"\n}\n',
      'b/main.tf': 'resource "aws_iam_access_key" "k" {\n  user = "b"\n}\n',
      'b/.terraform/modules/x/main.tf': 'resource "aws_iam_access_key" "k" {\n  user = "x"\n}\n',
    });
    const result = await loadTree(root);
    // The harness skips .terraform like discovery; pass its files explicitly to show the loader skips it too.
    expect(result.units.map((u) => u.id)).toEqual(['terraform:a', 'terraform:b']);
    const direct = await loadTerraform(
      [join(root, 'b/.terraform/modules/x/main.tf'), join(root, 'b/main.tf')],
      loadOptionsFor(root, { maxFileBytes: 1 << 20 }),
    );
    expect(direct.units.map((u) => u.id)).toEqual(['terraform:b']);
  });

  it('reports a module that calls itself (a cycle) as a parse-error instead of recursing', async () => {
    const root = await writeTree({
      'main.tf': 'module "loop" {\n  source = "./loop"\n}\n',
      'loop/main.tf': 'module "again" {\n  source = "../loop"\n}\nresource "aws_iam_access_key" "k" {\n  user = "loop"\n}\n',
    });
    const result = await loadTree(root);
    expect(summarise(result)).toEqual(['terraform:. key module.loop.aws_iam_access_key.k user=loop status=Active']);
    expect(result.diagnostics.map((d) => [d.kind, d.location.file, d.message])).toEqual([
      ['parse-error', join(root, 'loop/main.tf'), 'module.again: the modules call each other in a cycle (loop -> loop); this call is not analysed'],
    ]);
  });

  // Found on titan-architrave/terraform-aws-iam: examples pass `name` to a module that renamed it
  // `user_accounts` (default [""]), which Terraform refuses; credlint analysed the module with its
  // defaults and reported a console user and two keys for a user named "".
  it('reports an argument the called module declares no variable for as a parse-error, and does not analyse the call', async () => {
    const child = {
      'modules/users/variables.tf': 'variable "user_accounts" {\n  type    = list(string)\n  default = [""]\n}\n',
      'modules/users/main.tf': [
        'resource "aws_iam_user" "this" {',
        '  count = length(var.user_accounts)',
        '  name  = var.user_accounts[count.index]',
        '}',
        'resource "aws_iam_user_login_profile" "this" {',
        '  count = length(var.user_accounts)',
        '  user  = aws_iam_user.this[count.index].name',
        '}',
        'resource "aws_iam_access_key" "this" {',
        '  count = length(var.user_accounts)',
        '  user  = aws_iam_user.this[count.index].name',
        '}',
        '',
      ].join('\n'),
    };
    const hcl = await writeTree({
      ...child,
      'main.tf':
        'module "ana" {\n  source = "./modules/users"\n  name   = "ana"\n}\nmodule "team" {\n  source        = "./modules/users"\n  user_accounts = ["bo"]\n}\n',
    });
    const json = await writeTree({
      ...child,
      'main.tf.json': JSON.stringify({ module: { ana: { '//': 'a comment property', source: './modules/users', name: 'ana' } } }, null, 2),
    });
    const results = [await loadTree(hcl), await loadTree(json)];
    expect(results.map(summarise)).toEqual([
      [
        'terraform:. key module.team.aws_iam_access_key.this[0] user=bo status=Active',
        'terraform:. profile module.team.aws_iam_user_login_profile.this[0] user=bo',
        'terraform:. user module.team.aws_iam_user.this[0] name=bo',
      ],
      [],
    ]);
    const message = 'module.ana: unsupported argument "name": the module "./modules/users" declares no variable "name"; this call is not analysed';
    expect(results.map((result) => result.diagnostics.map((d) => [d.kind, d.location.range.start, d.message]))).toEqual([
      [['parse-error', { line: 3, column: 3 }, message]],
      [['parse-error', { line: 6, column: 7 }, message]],
    ]);
  });

  it('does not call an argument unsupported when a file of the called module failed to parse (it may declare the variable)', async () => {
    const root = await writeTree({
      'modules/users/variables.tf': 'variable "names" {\n  type = list(string)\n',
      'modules/users/main.tf': 'resource "aws_iam_user" "this" {\n  count = length(var.names)\n  name  = var.names[count.index]\n}\n',
      'main.tf': 'module "team" {\n  source = "./modules/users"\n  names  = ["bo"]\n}\n',
    });
    const result = await loadTree(root);
    expect(result.diagnostics.map((d) => [d.kind, d.location.file.endsWith('variables.tf'), d.message.includes('unsupported argument')])).toEqual([
      ['parse-error', true, false],
    ]);
  });

  it('knows terraform.workspace (TF_WORKSPACE, else default) and path.module relative to the root', async () => {
    const root = await writeTree({
      'main.tf': 'module "k" {\n  source = "./modules/k"\n}\nresource "aws_iam_access_key" "root" {\n  user = "${terraform.workspace}:${path.module}"\n}\n',
      'modules/k/main.tf': 'resource "aws_iam_access_key" "k" {\n  user = "${terraform.workspace}:${path.module}"\n}\n',
    });
    expect(summarise(await loadTree(root, { env: { TF_WORKSPACE: 'prod' } }))).toEqual([
      'terraform:. key aws_iam_access_key.root user=prod:. status=Active',
      'terraform:. key module.k.aws_iam_access_key.k user=prod:modules/k status=Active',
    ]);
    expect(summarise(await loadTree(root))[0]).toBe('terraform:. key aws_iam_access_key.root user=default:. status=Active');
  });

  it('does not follow symlinked module directories or files that lead outside the repository', async () => {
    const outside = await writeTree({
      'secret/main.tf': 'resource "aws_iam_access_key" "k" {\n  user = "outside"\n}\n',
      'vars.tf': 'resource "aws_iam_access_key" "v" {\n  user = "outside-file"\n}\n',
    });
    const root = await writeTree({
      'main.tf': 'module "linked" {\n  source = "./linked"\n}\nmodule "mixed" {\n  source = "./mixed"\n}\n',
      'mixed/main.tf': 'resource "aws_iam_access_key" "k" {\n  user = "inside"\n}\n',
    });
    await symlink(join(outside, 'secret'), join(root, 'linked'));
    await symlink(join(outside, 'vars.tf'), join(root, 'mixed/vars.tf'));
    const result = await loadTerraform([join(root, 'main.tf')], loadOptionsFor(root, { maxFileBytes: 1 << 20 }));
    expect(summarise(result)).toEqual(['terraform:. key module.mixed.aws_iam_access_key.k user=inside status=Active']);
    expect(result.diagnostics.map((d) => [d.kind, d.location.file, d.message])).toEqual([
      ['note', join(root, 'main.tf'), 'module.linked: source "./linked" leads outside the repository; not analysed'],
      ['note', join(root, 'mixed/vars.tf'), `symlink not followed: its target ${join(outside, 'vars.tf')} is outside the repository`],
    ]);
  });

  it('reads outputs of modules under for_each and count, and leaves outputs of unread modules unknown', async () => {
    const root = await writeTree({
      'modules/name/main.tf': 'variable "n" {}\noutput "name" {\n  value = "user-${var.n}"\n}\n',
      'main.tf': [
        'module "each" {',
        '  source   = "./modules/name"',
        '  for_each = toset(["ana"])',
        '  n        = each.key',
        '}',
        'module "counted" {',
        '  source = "./modules/name"',
        '  count  = 1',
        '  n      = count.index',
        '}',
        'module "remote" {',
        '  source = "cloudposse/iam-system-user/aws"',
        '}',
        'resource "aws_iam_access_key" "a" {',
        '  user = module.each["ana"].name',
        '}',
        'resource "aws_iam_access_key" "b" {',
        '  user = module.counted[0].name',
        '}',
        'resource "aws_iam_access_key" "c" {',
        '  user = module.remote.user_name',
        '}',
        'resource "aws_iam_access_key" "d" {',
        '  user = module.nowhere.user_name',
        '}',
        '',
      ].join('\n'),
    });
    const lines = summarise(await loadTree(root));
    expect(lines.slice(0, 2)).toEqual([
      'terraform:. key aws_iam_access_key.a user=user-ana status=Active',
      'terraform:. key aws_iam_access_key.b user=user-0 status=Active',
    ]);
    expect(lines[2]).toMatch(
      /^terraform:\. key aws_iam_access_key\.c user=unknown\(module\.remote is not analysed \(source "cloudposse\/iam-system-user\/aws" is not local/,
    );
    expect(lines[3]).toBe('terraform:. key aws_iam_access_key.d user=unknown(module.nowhere is not declared) status=Active');
  });

  it('evaluates .tf.json modules: typed variables, module calls and for_each', async () => {
    const root = await writeTree({
      'main.tf.json': JSON.stringify({
        variable: { users: { type: 'map(string)', default: { ana: 'Active', bo: 'Inactive' } } },
        module: { keys: { source: './keys', users: '${var.users}' } },
      }),
      'keys/keys.tf.json': JSON.stringify({
        variable: { users: { type: 'map(string)' } },
        resource: { aws_iam_access_key: { k: [{ for_each: '${var.users}', user: '${each.key}', status: '${each.value}' }] } },
      }),
    });
    const result = await loadTree(root);
    expect(result.units.map((u) => [u.id, u.format])).toEqual([['terraform:.', 'terraform-json']]);
    expect(summarise(result)).toEqual([
      'terraform:. key module.keys.aws_iam_access_key.k["ana"] user=ana status=Active',
      'terraform:. key module.keys.aws_iam_access_key.k["bo"] user=bo status=Inactive',
    ]);
    expect(result.units[0]!.accessKeys[0]!.location.file).toBe(join(root, 'keys/keys.tf.json'));
  });
});

afterAll(async () => {
  await removeTrees();
});
