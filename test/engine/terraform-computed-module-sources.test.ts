import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileReader } from '../../src/io/file-reader.js';
import { loadTree, removeTrees, summarise, writeTree } from '../support/terraform-loader-harness.js';

const USER_MODULE = [
  'variable "name" {',
  '  type = string',
  '}',
  'resource "aws_iam_user" "this" {',
  '  name = var.name',
  '}',
  'resource "aws_iam_access_key" "this" {',
  '  user = aws_iam_user.this.name',
  '}',
  '',
].join('\n');

const notes = (result: Awaited<ReturnType<typeof loadTree>>) => result.diagnostics.map((d) => `${d.kind}: ${d.message}`);

describe('terraform loader: module sources computed early (OpenTofu 1.8)', () => {
  afterAll(removeTrees);

  it('follows a source built from a local and a variable default, and does not analyse the module as a root', async () => {
    const root = await writeTree({
      'modules/user/main.tf': USER_MODULE,
      'live/main.tf': [
        'variable "modules_dir" {',
        '  default = "../modules"',
        '}',
        'locals {',
        '  user_module = "${var.modules_dir}/user"',
        '}',
        'module "ops" {',
        '  source = local.user_module',
        '  name   = "ops"',
        '}',
        '',
      ].join('\n'),
    });
    const result = await loadTree(root);
    expect(notes(result)).toEqual([]);
    expect(result.units.map((u) => u.id)).toEqual(['terraform:live']);
    expect(summarise(result)).toEqual([
      'terraform:live key module.ops.aws_iam_access_key.this user=ops status=Active',
      'terraform:live user module.ops.aws_iam_user.this name=ops',
    ]);
  });

  it('takes the root variables the scan gives (--var), as tofu init reads them, and a .tf.json source', async () => {
    const files = {
      'modules/a/main.tf': USER_MODULE,
      'modules/b/main.tf': USER_MODULE,
      'live/main.tf.json': JSON.stringify({
        variable: { flavour: { type: 'string' } },
        module: { ops: { source: '${var.flavour == "a" ? "../modules/a" : "../modules/b"}', name: 'ops' } },
      }),
    };
    const given = await loadTree(await writeTree(files), { vars: [['flavour', 'b']] });
    expect(notes(given)).toEqual([]);
    expect(summarise(given)).toEqual([
      'terraform:live key module.ops.aws_iam_access_key.this user=ops status=Active',
      'terraform:live user module.ops.aws_iam_user.this name=ops',
    ]);
    // Without a value, the call is noted with the reason, and neither module it may lead to is a root.
    const missing = await loadTree(await writeTree(files));
    expect(missing.units.map((u) => u.id)).toEqual(['terraform:live']);
    expect(summarise(missing)).toEqual([]);
    expect(notes(missing)).toEqual(['note: module.ops: its source cannot be computed before init (var.flavour has no value); not analysed']);
  });

  it("reads a root module's variables files once, though following its computed source needs their values first", async () => {
    const root = await writeTree({
      'modules/user/main.tf': USER_MODULE,
      'live/main.tf': ['variable "flavour" {}', 'module "ops" {', '  source = "../modules/${var.flavour}"', '  name   = "ops"', '}', ''].join('\n'),
      'live/terraform.tfvars': 'flavour = "user"\n',
    });
    const tfvars = join(root, 'live/terraform.tfvars');
    const reads: string[] = [];
    const reader = new FileReader([root], 1 << 20);
    const readSource = reader.readSource.bind(reader);
    reader.readSource = (file, options) => {
      if (file === tfvars) reads.push(file);
      return readSource(file, options);
    };
    const result = await loadTree(root, { reader });
    expect(notes(result)).toEqual([]);
    expect(summarise(result)).toEqual([
      'terraform:live key module.ops.aws_iam_access_key.this user=ops status=Active',
      'terraform:live user module.ops.aws_iam_user.this name=ops',
    ]);
    expect(reads).toHaveLength(1);
  });

  it("evaluates a called module's source from the arguments its call passes", async () => {
    const root = await writeTree({
      'modules/user/main.tf': USER_MODULE,
      'modules/wrap/main.tf': ['variable "flavour" {}', 'module "u" {', '  source = "../${var.flavour}"', '  name   = "ana"', '}', ''].join('\n'),
      'main.tf': ['locals {', '  flavour = "user"', '}', 'module "team" {', '  source  = "./modules/wrap"', '  flavour = local.flavour', '}', ''].join('\n'),
    });
    const result = await loadTree(root);
    expect(notes(result)).toEqual([]);
    expect(summarise(result)).toEqual([
      'terraform:. key module.team.module.u.aws_iam_access_key.this user=ana status=Active',
      'terraform:. user module.team.module.u.aws_iam_user.this name=ana',
    ]);
  });

  it('refuses what tofu init cannot know: instance keys, resources, module outputs and sensitive values', async () => {
    const root = await writeTree({
      'modules/user/main.tf': USER_MODULE,
      'main.tf': [
        'variable "hidden" {',
        '  default   = "./modules/user"',
        '  sensitive = true',
        '}',
        'resource "aws_iam_user" "x" {',
        '  name = "x"',
        '}',
        'module "each" {',
        '  for_each = toset(["user"])',
        '  source   = "./modules/${each.key}"',
        '  name     = "a"',
        '}',
        'module "resource" {',
        '  source = "./modules/${aws_iam_user.x.name}"',
        '  name   = "b"',
        '}',
        'module "output" {',
        '  source = module.each["user"].dir',
        '  name   = "c"',
        '}',
        'module "sensitive" {',
        '  source = var.hidden',
        '  name   = "d"',
        '}',
        '',
      ].join('\n'),
    });
    const result = await loadTree(root);
    expect(notes(result).sort()).toEqual([
      'note: module.each: its source cannot be computed before init (each has no value before init); not analysed',
      'note: module.output: its source cannot be computed before init (module.each has no value before init); not analysed',
      'note: module.resource: its source cannot be computed before init (aws_iam_user.x has no value before init); not analysed',
      'note: module.sensitive: its source cannot be computed before init (it is derived from a sensitive value, which tofu init refuses); not analysed',
    ]);
    expect(result.units.map((u) => u.id)).toEqual(['terraform:.']);
    expect(summarise(result)).toEqual(['terraform:. user aws_iam_user.x name=x']);
  });
});
