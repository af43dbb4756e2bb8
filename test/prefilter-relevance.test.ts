import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { prefilterTerraformFiles, templateMayHoldCredentials } from '../src/discover/prefilter.js';
import { readHclText, readJsonText } from '../src/discover/module-calls.js';

let roots: string[] = [];
afterEach(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
  roots = [];
});

function tree(files: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-prefilter-')));
  roots.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

async function kept(root: string, files: readonly string[]): Promise<string[]> {
  const result = await prefilterTerraformFiles(files.map((file) => join(root, file)));
  return result.map((file) => file.slice(root.length + 1));
}

const USER = 'resource "aws_iam_user" "u" {\n  name = "ana"\n}\n';
const BUCKET = 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n';

describe('prefilterTerraformFiles', () => {
  it('keeps directories with IAM users, keys, login profiles or data "aws_iam_user", and drops the rest', async () => {
    const root = tree({
      'user/main.tf': USER,
      'user/other.tf': BUCKET,
      'key/main.tf': 'resource "aws_iam_access_key" "k" {\n  user = "ops"\n}\n',
      'data/main.tf.json': '{"data": {"aws_iam_user": {"u": {"user_name": "ops"}}}}',
      'profile/main.tf': 'resource "aws_iam_user_login_profile" "p" {\n  user = "ops"\n}\n',
      'bucket/main.tf': BUCKET,
      'role/main.tf': 'resource "aws_iam_role" "r" {\n  name = "x"\n}\n',
    });
    const files = ['bucket/main.tf', 'data/main.tf.json', 'key/main.tf', 'profile/main.tf', 'role/main.tf', 'user/main.tf', 'user/other.tf'];
    expect(await kept(root, files)).toEqual(['data/main.tf.json', 'key/main.tf', 'profile/main.tf', 'user/main.tf', 'user/other.tf']);
  });

  it('keeps callers of relevant modules transitively, and every module a relevant directory calls', async () => {
    const root = tree({
      'envs/prod/main.tf': 'module "team" {\n  source = "../../modules/team"\n}\n',
      'envs/dev/main.tf': 'module "net" {\n  source = "../../modules/net"\n}\n',
      'modules/team/main.tf': 'module "member" {\n  source = "../member"\n  name = module.naming.name\n}\nmodule "naming" {\n  source = "../naming"\n}\n',
      'modules/member/main.tf': USER,
      'modules/naming/main.tf': 'output "name" {\n  value = "ana"\n}\n',
      'modules/net/main.tf': BUCKET,
    });
    const files = ['envs/dev/main.tf', 'envs/prod/main.tf', 'modules/member/main.tf', 'modules/naming/main.tf', 'modules/net/main.tf', 'modules/team/main.tf'];
    expect(await kept(root, files)).toEqual(['envs/prod/main.tf', 'modules/member/main.tf', 'modules/naming/main.tf', 'modules/team/main.tf']);
  });

  it('reads called modules from disk when they were not among the files', async () => {
    const root = tree({ 'envs/prod/main.tf': 'module "u" { source = "../../modules/u" }\n', 'modules/u/main.tf': USER, 'envs/dev/main.tf': 'module "b" { source = "../../modules/b" }\n', 'modules/b/main.tf': BUCKET });
    expect(await kept(root, ['envs/dev/main.tf', 'envs/prod/main.tf'])).toEqual(['envs/prod/main.tf']);
  });

  it('follows registry modules through .terraform/modules/modules.json', async () => {
    const manifest = JSON.stringify({ Modules: [{ Key: '', Source: '', Dir: '.' }, { Key: 'iam', Source: 'registry.terraform.io/terraform-aws-modules/iam/aws//modules/iam-user', Dir: '.terraform/modules/iam/modules/iam-user' }] });
    const root = tree({
      'live/main.tf': 'module "iam" {\n  source  = "terraform-aws-modules/iam/aws//modules/iam-user"\n  version = "5.0.0"\n}\n',
      'live/.terraform/modules/modules.json': manifest,
      'live/.terraform/modules/iam/modules/iam-user/main.tf': 'resource "aws_iam_access_key" "this" {\n  user = "x"\n}\n',
      'uninit/main.tf': 'module "iam" {\n  source = "terraform-aws-modules/iam/aws"\n}\n',
    });
    expect(await kept(root, ['live/main.tf', 'uninit/main.tf'])).toEqual(['live/main.tf']);
  });

  it('keeps a directory whose module source it cannot read lexically, or whose file it cannot read', async () => {
    const root = tree({
      'heredoc/main.tf': 'module "m" {\n  source = <<EOT\n./x\nEOT\n}\n',
      'escaped/main.tf': 'resource "aws_iam_\\u0075ser" "u" {}\n',
      'plain/main.tf': 'resource "aws_s3_object" "o" {\n  source = local.path\n  key    = path.module\n}\n',
    });
    expect(await kept(root, ['escaped/main.tf', 'heredoc/main.tf', 'missing/main.tf', 'plain/main.tf'])).toEqual([
      'escaped/main.tf',
      'heredoc/main.tf',
      'missing/main.tf',
    ]);
  });

  it('passes non-Terraform files through', async () => {
    const root = tree({ 'a/template.yaml': '' });
    expect(await kept(root, ['a/template.yaml', 'a/prod.tfvars'])).toEqual(['a/template.yaml', 'a/prod.tfvars']);
  });
});

describe('module call reading', () => {
  it('finds local sources in HCL, including one-line blocks, and ignores remote ones', () => {
    expect(readHclText('module "a" { source = "./a" }\nmodule b {\n  source = "../b"\n}\nmodule "c" {\n  source = "git::https://x"\n}\n')).toEqual({
      mayHoldCredentials: false,
      hasModules: true,
      localSources: ['./a', '../b'],
    });
  });

  it('finds local sources in .tf.json, object and array forms', () => {
    expect(readJsonText('{"module": {"a": {"source": "./a"}, "b": [{"source": "../b"}]}}')).toEqual({
      mayHoldCredentials: false,
      hasModules: true,
      localSources: ['./a', '../b'],
    });
    expect(readJsonText('{"module": {"a": {"source": {"x": 1}}}}').mayHoldCredentials).toBe(true);
    expect(readJsonText('{not json').mayHoldCredentials).toBe(true);
  });
});

describe('templateMayHoldCredentials', () => {
  it.each([
    ['Type: AWS::IAM::User', true],
    ['"Type": "AWS::IAM::AccessKey"', true],
    ['Type: AWS::CloudFormation::Stack', true],
    ['Type: AWS::Serverless::Application', true],
    ['Type: "AWS::IAM::\\u0055ser"', true],
    ['Type: "AWS::IAM::\\\n  User"', true],
    ['Type: AWS::IAM::UserPolicy', false],
    ['Type: AWS::IAM::UserToGroupAddition', false],
    ['Type: AWS::IAM::Role', false],
    ['Type: AWS::S3::Bucket', false],
  ])('%s -> %s', (text, expected) => {
    expect(templateMayHoldCredentials(text)).toBe(expected);
  });
});
