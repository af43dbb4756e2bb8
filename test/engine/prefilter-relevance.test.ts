import { DEFAULT_LIMITS } from '../../src/core/limits.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempTree, removeTempTrees } from '../support/temp-tree.js';
import { afterEach, describe, expect, it } from 'vitest';
import { prefilterTerraformFiles } from '../../src/formats/terraform/prefilter.js';
import { templateMayHoldCredentials } from '../../src/formats/cloudformation/template-words.js';
import { cloudFormation } from '../../src/formats/cloudformation/index.js';
import { terraform } from '../../src/formats/terraform/index.js';
import { registeredSeeds } from '../support/registered-seeds.js';
import fc from 'fast-check';
import { moduleHeaderEnds, readHclText, readJsonText } from '../../src/formats/terraform/module-calls.js';
import { bytesHoldSeed, decodeEscapes, holdsSeed } from '../../src/core/seed-text.js';
import { FileReader } from '../../src/io/file-reader.js';

afterEach(removeTempTrees);

const TERRAFORM_SEEDS = registeredSeeds(terraform);
const TEMPLATE_SEEDS = registeredSeeds(cloudFormation);

const tree = (files: Readonly<Record<string, string | Buffer | null>>): string => tempTree(files, 'credlint-prefilter-');

async function prefilter(root: string, files: readonly string[]) {
  return prefilterTerraformFiles(
    files.map((file) => join(root, file)),
    new FileReader([root], 10 * 1024 * 1024),
    TERRAFORM_SEEDS,
    { limits: DEFAULT_LIMITS },
  );
}

async function kept(root: string, files: readonly string[]): Promise<string[]> {
  return (await prefilter(root, files)).kept.map((file) => file.slice(root.length + 1));
}

/** The directories left unloaded whose module calls are noted (`remote-call-notes.ts`). */
async function noted(root: string, files: readonly string[]): Promise<string[]> {
  return [...(await prefilter(root, files)).noteDirectories].map((dir) => dir.slice(root.length + 1)).sort();
}

const USER = 'resource "aws_iam_user" "u" {\n  name = "ana"\n}\n';
const KEY = 'resource "aws_iam_access_key" "k" {\n  user = "ana"\n}\n';
const BUCKET = 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n';

describe('prefilterTerraformFiles', () => {
  it('keeps directories with access keys or credlint suppressions, and drops the rest', async () => {
    const root = tree({
      'user/main.tf': USER,
      'key/main.tf': KEY,
      'key/other.tf': BUCKET,
      'keyjson/main.tf.json': '{"resource": {"aws_iam_access_key": {"k": {"user": "ops"}}}}',
      'suppressed/main.tf': '# credlint-ignore console-user-with-access-key -- reviewed\n' + USER,
      'data/main.tf.json': '{"data": {"aws_iam_user": {"u": {"user_name": "ops"}}}}',
      'profile/main.tf': 'resource "aws_iam_user_login_profile" "p" {\n  user = "ops"\n}\n',
      'bucket/main.tf': BUCKET,
      'role/main.tf': 'resource "aws_iam_role" "r" {\n  name = "x"\n}\n',
    });
    const files = [
      'bucket/main.tf',
      'data/main.tf.json',
      'key/main.tf',
      'key/other.tf',
      'keyjson/main.tf.json',
      'profile/main.tf',
      'role/main.tf',
      'suppressed/main.tf',
      'user/main.tf',
    ];
    // Users, login profiles and data sources alone cannot make a finding: every rule reports a key.
    expect(await kept(root, files)).toEqual(['key/main.tf', 'key/other.tf', 'keyjson/main.tf.json', 'suppressed/main.tf']);
  });

  it('keeps callers of relevant modules transitively, and every module a relevant directory calls', async () => {
    const root = tree({
      'envs/prod/main.tf': 'module "team" {\n  source = "../../modules/team"\n}\n',
      'envs/dev/main.tf': 'module "net" {\n  source = "../../modules/net"\n}\n',
      'modules/team/main.tf': 'module "member" {\n  source = "../member"\n  name = module.naming.name\n}\nmodule "naming" {\n  source = "../naming"\n}\n',
      'modules/member/main.tf': USER + KEY,
      'modules/naming/main.tf': 'output "name" {\n  value = "ana"\n}\n',
      'modules/net/main.tf': BUCKET,
    });
    const files = ['envs/dev/main.tf', 'envs/prod/main.tf', 'modules/member/main.tf', 'modules/naming/main.tf', 'modules/net/main.tf', 'modules/team/main.tf'];
    expect(await kept(root, files)).toEqual(['envs/prod/main.tf', 'modules/member/main.tf', 'modules/naming/main.tf', 'modules/team/main.tf']);
  });

  it('reads called modules from disk when they were not among the files', async () => {
    const root = tree({
      'envs/prod/main.tf': 'module "u" { source = "../../modules/u" }\n',
      'modules/u/main.tf': KEY,
      'envs/dev/main.tf': 'module "b" { source = "../../modules/b" }\n',
      'modules/b/main.tf': BUCKET,
    });
    expect(await kept(root, ['envs/dev/main.tf', 'envs/prod/main.tf'])).toEqual(['envs/prod/main.tf']);
  });

  it('follows registry modules through .terraform/modules/modules.json', async () => {
    const manifest = JSON.stringify({
      Modules: [
        { Key: '', Source: '', Dir: '.' },
        { Key: 'iam', Source: 'registry.terraform.io/terraform-aws-modules/iam/aws//modules/iam-user', Dir: '.terraform/modules/iam/modules/iam-user' },
      ],
    });
    const root = tree({
      'live/main.tf': 'module "iam" {\n  source  = "terraform-aws-modules/iam/aws//modules/iam-user"\n  version = "5.0.0"\n}\n',
      'live/.terraform/modules/modules.json': manifest,
      'live/.terraform/modules/iam/modules/iam-user/main.tf': 'resource "aws_iam_access_key" "this" {\n  user = "x"\n}\n',
      'uninit/main.tf': 'module "iam" {\n  source = "terraform-aws-modules/iam/aws"\n}\n',
    });
    // A registry call that was not downloaded is noted without loading its directory.
    expect(await kept(root, ['live/main.tf', 'uninit/main.tf'])).toEqual(['live/main.tf']);
    expect(await noted(root, ['live/main.tf', 'uninit/main.tf'])).toEqual(['uninit']);
  });

  it('sets apart what the loader notes: registry calls not listed in modules.json, missing or empty module directories', async () => {
    const manifest = JSON.stringify({ Modules: [{ Key: 'iam', Dir: '.terraform/modules/iam' }] });
    const root = tree({
      'listed/main.tf': 'module "iam" {\n  source = "terraform-aws-modules/iam/aws"\n}\n',
      'listed/.terraform/modules/modules.json': manifest,
      'listed/.terraform/modules/iam/main.tf': BUCKET,
      'other-name/main.tf': 'module "users" {\n  source = "terraform-aws-modules/iam/aws"\n}\n',
      'other-name/.terraform/modules/modules.json': manifest,
      'other-name/.terraform/modules/iam/main.tf': BUCKET,
      'root/main.tf': 'module "team" {\n  source = "../team"\n}\n',
      'team/main.tf': 'module "iam" {\n  source = "terraform-aws-modules/iam/aws"\n}\n',
      'missing/main.tf': 'module "gone" {\n  source = "./gone"\n}\n',
      'json/main.tf.json': '{"module": {"iam": {"source": "git::https://example.com/iam.git"}}}',
      'bucket/main.tf': BUCKET,
    });
    const files = ['bucket/main.tf', 'json/main.tf.json', 'listed/main.tf', 'missing/main.tf', 'other-name/main.tf', 'root/main.tf', 'team/main.tf'];
    expect(await kept(root, files)).toEqual([]);
    expect(await noted(root, files)).toEqual(['json', 'missing', 'missing/gone', 'other-name', 'root', 'team']);
    // A directory that holds a key is loaded with everything it calls, notes included.
    const withKey = tree({ 'key/main.tf': KEY + 'module "iam" {\n  source = "terraform-aws-modules/iam/aws"\n}\n' });
    expect(await kept(withKey, ['key/main.tf'])).toEqual(['key/main.tf']);
    expect(await noted(withKey, ['key/main.tf'])).toEqual([]);
  });

  it('keeps a directory whose module source it cannot read lexically, whose file it cannot read, or that spells a key with escapes', async () => {
    const root = tree({
      'heredoc/main.tf': 'module "m" {\n  source = <<EOT\n./x\nEOT\n}\n',
      'escaped/main.tf': 'resource "aws_iam_\\u0061ccess_key" "k" {}\n',
      'escaped-user/main.tf': 'resource "aws_iam_\\u0075ser" "u" {}\n',
      'plain/main.tf': 'resource "aws_s3_object" "o" {\n  source = local.path\n  key    = path.module\n}\n',
    });
    expect(await kept(root, ['escaped-user/main.tf', 'escaped/main.tf', 'heredoc/main.tf', 'missing/main.tf', 'plain/main.tf'])).toEqual([
      'escaped/main.tf',
      'heredoc/main.tf',
      'missing/main.tf',
    ]);
  });

  it('reads a relevant file once: the loader takes the bytes the prefilter read, and only those files', async () => {
    const root = tree({ 'key/main.tf': KEY, 'key/other.tf': BUCKET, 'bucket/main.tf': BUCKET });
    const reader = new FileReader([root], 10 * 1024 * 1024);
    const files = ['key/main.tf', 'key/other.tf', 'bucket/main.tf'].map((file) => join(root, file));
    await prefilterTerraformFiles(files, reader, TERRAFORM_SEEDS, { limits: DEFAULT_LIMITS });
    // Changed on disk after the prefilter read them: a read that opens the file again sees the change.
    for (const file of files) writeFileSync(file, '# changed\n');
    const text = (file: string): string | undefined => {
      const read = reader.readSource(join(root, file));
      return read.ok ? read.text : undefined;
    };
    expect(text('key/main.tf')).toBe(KEY);
    expect(text('key/main.tf')).toBe('# changed\n');
    expect(text('key/other.tf')).toBe('# changed\n');
    expect(text('bucket/main.tf')).toBe('# changed\n');
  });

  it('passes non-Terraform files through', async () => {
    const root = tree({ 'a/template.yaml': '' });
    expect(await kept(root, ['a/template.yaml', 'a/prod.tfvars'])).toEqual(['a/template.yaml', 'a/prod.tfvars']);
  });
});

describe('module call reading', () => {
  it('finds local sources in HCL, including one-line blocks, and ignores remote ones', () => {
    expect(
      readHclText('module "a" { source = "./a" }\nmodule b {\n  source = "../b"\n}\nmodule "c" {\n  source = "git::https://x"\n}\n', TERRAFORM_SEEDS),
    ).toEqual({
      mayHoldCredentials: false,
      hasModules: true,
      localSources: ['./a', '../b'],
      remoteCalls: ['c'],
    });
  });

  it('finds local sources in .tf.json, object and array forms', () => {
    expect(readJsonText('{"module": {"a": {"source": "./a"}, "b": [{"source": "../b"}]}}', TERRAFORM_SEEDS)).toEqual({
      mayHoldCredentials: false,
      hasModules: true,
      localSources: ['./a', '../b'],
      remoteCalls: [],
    });
    expect(readJsonText('{"module": {"a": {"source": "app.terraform.io/x/y/aws"}}}', TERRAFORM_SEEDS).remoteCalls).toEqual(['a']);
    expect(readJsonText('{"module": {"a": {"source": {"x": 1}}}}', TERRAFORM_SEEDS).mayHoldCredentials).toBe(true);
    // Not JSON: it declares nothing, so only a seed word in its text keeps it (as for a .tf file).
    expect(readJsonText('{not json', TERRAFORM_SEEDS).mayHoldCredentials).toBe(false);
    expect(readJsonText('{"resource": {"aws_iam_access_key": {"k": {"user": "ops"}}}', TERRAFORM_SEEDS).mayHoldCredentials).toBe(true);
  });
});

describe('module sources computed early (OpenTofu 1.8)', () => {
  it('keeps the caller, and counts every quoted local path of its file as a call', () => {
    const hcl = [
      'locals {',
      '  modules = "./modules"',
      '}',
      'module "a" {',
      '  source = "${local.modules}/a"',
      '}',
      'module "b" {',
      '  source = var.blue ? "./blue" : "../green"',
      '}',
      '',
    ].join('\n');
    expect(readHclText(hcl, TERRAFORM_SEEDS)).toEqual({
      mayHoldCredentials: true,
      hasModules: true,
      localSources: ['./modules', './blue', '../green'],
      remoteCalls: [],
      computedPaths: ['./modules', './blue', '../green'],
    });
    expect(readJsonText('{"locals": {"m": "./modules/a"}, "module": {"a": {"source": "${local.m}"}}}', TERRAFORM_SEEDS)).toEqual({
      mayHoldCredentials: true,
      hasModules: true,
      localSources: ['./modules/a'],
      remoteCalls: [],
      computedPaths: ['./modules/a'],
    });
  });
});

describe('templateMayHoldCredentials', () => {
  it.each([
    ['"Type": "AWS::IAM::AccessKey"', true],
    // Nested stacks always matter: a local template may declare anything, a remote one is noted as not analysed.
    ['Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./child.yaml', true],
    ['Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: child.yaml', true],
    ['"Type": "AWS::CloudFormation::Stack", "Properties": {"TemplateURL": "nested/child.json"}', true],
    ['Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: >-\n        ./child.yaml', true],
    ['Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL:\n        ./child.yaml', true],
    ['Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: *child', true],
    ['Type: AWS::CloudFormation::Stack\n    Metadata:\n      aws:asset:path: Nested.template.json', true],
    ['Type: AWS::Serverless::Application\n    Properties:\n      Location: ./app/template.yaml', true],
    ['Type: AWS::CloudFormation::Stack\n    Properties:\n      Templ\\u0061teURL: ./child.yaml', true],
    ['Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: https://s3.amazonaws.com/b/child.yaml', true],
    ['Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: s3://b/child.yaml', true],
    ['Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: !Sub https://${Bucket}.s3.amazonaws.com/child.yaml', true],
    ['Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL:\n        Fn::Sub: https://${Bucket}/child.yaml', true],
    ['"Type": "AWS::CloudFormation::Stack", "Properties": {"TemplateURL": {"Fn::Join": ["", ["https://", "x"]]}}', true],
    [
      'Type: AWS::Serverless::Application\n    Properties:\n      Location:\n        ApplicationId: arn:aws:serverlessrepo:us-east-1:1:applications/x\n        SemanticVersion: 1.0.0',
      true,
    ],
    ['"Type": "AWS::Serverless::Application", "Properties": {"Location": {"ApplicationId": "arn:x", "SemanticVersion": "1"}}', true],
    ['Type: AWS::CloudFormation::Stack', true],
    ['Type: "AWS::IAM::\\u0041ccessKey"', true],
    ['Type: "AWS::IAM::\\x41ccessKey"', true],
    ['Type: "AWS::IAM::\\U00000041ccessKey"', true],
    ['Type: "AWS::IAM::Access\\\n    Key"', true],
    ['Type: "AWS::IAM::Access\\\r\n  Key"', true],
    // A lone CR is a line break in YAML (a template written with CRs only).
    ['Type: "AWS::IAM::Access\\\r  Key"', true],
    ['Metadata:\n  credlint:\n    ignore: []', true],
    ['# credlint-ignore root-user-access-key -- reviewed', true],
    // Users and login profiles alone cannot make a finding: every rule reports an access key.
    ['Type: AWS::IAM::User', false],
    ['Type: "AWS::IAM::\\u0055ser"', false],
    ['Type: AWS::IAM::UserPolicy', false],
    ['Type: AWS::IAM::UserToGroupAddition', false],
    ['Type: AWS::IAM::Role', false],
    ['Type: AWS::S3::Bucket', false],
    ['Pattern: "\\x41\\u0042"', false],
  ])('%s -> %s', (text, expected) => {
    expect(templateMayHoldCredentials(text, TEMPLATE_SEEDS)).toBe(expected);
  });
});

describe('seed words in bytes and text agree', () => {
  it.each([
    'resource "aws_iam_access_key" "k" {}',
    'resource "aws_iam_\\u0061ccess_key" "k" {}',
    'resource "aws_iam_user" "u" {}',
    '# credlint-ignore x -- y',
    'name = "caf\u00e9 \\u0041"',
    '\\x',
    "new (iam as any)['aws_iam_access\\\u2028_key']",
    'x = "caf\u00e9 aws_iam_access\\\r_key"',
  ])('%s', (text) => {
    expect(bytesHoldSeed(Buffer.from(text, 'utf8'), TERRAFORM_SEEDS)).toBe(holdsSeed(text, TERRAFORM_SEEDS));
  });

  it('decodes the escapes that can spell letters, and escaped line breaks', () => {
    expect(decodeEscapes('a\\u0062c\\x64\\U0001F600e\\\n   f\\n')).toBe('abcd\u{1F600}ef\\n');
    // Every line break YAML or JavaScript reads after a backslash: CR, CRLF, U+2028, U+2029.
    expect(decodeEscapes('a\\\rb\\\r\n c\\\u2028d\\\u2029e')).toBe('abcde');
  });

  // A pull request's template of 1.4 million `\u0061` (8.4 MB): a replace callback per escape took 3 s of
  // garbage collection per decoding, and the claims decoded it twice, 4 s per file before any deadline check.
  it('decodes a million escapes in one pass, and leaves what is no escape as written', () => {
    const started = Date.now();
    const decoded = decodeEscapes('\\u0061'.repeat(1_400_000));
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(decoded).toBe('a'.repeat(1_400_000));
    expect(decodeEscapes('\\\\u0061 \\q \\u00g1 \\U00110000| \\ud83d\\ude00 \\x4')).toBe('\\a \\q \\u00g1 | \u{1F600} \\x4');
  });
});

describe('module calls read from bytes', () => {
  it('follows a module block on the first line after a byte order mark, and ignores commented-out calls', async () => {
    const root = tree({
      'bom/main.tf': '\uFEFFmodule "k" {\n  source = "../keys"\n}\n',
      'commented/main.tf': '# module "k" {\n#   source = "../keys"\n# }\noutput "p" {\n  value = path.module\n}\n',
      'keys/main.tf': KEY,
    });
    expect(await kept(root, ['bom/main.tf', 'commented/main.tf', 'keys/main.tf'])).toEqual(['bom/main.tf', 'keys/main.tf']);
  });
});

describe('module block headers', () => {
  const MODULE_BLOCK = /^[ \t]*module[ \t]+(?:"[^"\n]*"|[A-Za-z_][\w-]*)[ \t]*\{/gm;
  const token = fc.constantFrom('module', 'modules', ' ', '\t', '\n', '\r\n', '\u2028', '"a b"', '"', 'x', 'x-1', '{', '}', '#', 'path.module', '\uFEFF');

  it('finds the ends the multiline pattern finds', () => {
    fc.assert(
      fc.property(
        fc.array(token, { maxLength: 40 }).map((parts) => parts.join('')),
        (text) => {
          expect(moduleHeaderEnds(text)).toEqual([...text.matchAll(MODULE_BLOCK)].map((m) => m.index + m[0].length));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('the source attribute after each module header', () => {
  /** What the prefilter read before: a search of the rest of the text from each header's end. */
  function remoteCallsSearchingFromEachHeader(text: string): string[] {
    const source = /\bsource[ \t]*=[ \t]*(?:"([^"\\\n]*)")?/g;
    const calls: string[] = [];
    for (const m of text.matchAll(/^[ \t]*module[ \t]+(?:"([^"\n]*)"|([A-Za-z_][\w-]*))[ \t]*\{/gm)) {
      source.lastIndex = m.index + m[0].length;
      const found = source.exec(text);
      if (found?.[1] !== undefined && !found[1].includes('${') && !found[1].includes('%{') && !/^\.\.?[\\/]/.test(found[1])) calls.push(m[1] ?? m[2] ?? '');
    }
    return calls;
  }
  const token = fc.constantFrom('module', ' ', '\n', '"a"', '"source = "', '"', '{', '}', 'source', '=', ' = ', '"./m"', '"r/x"', '"${v}"', '\\');

  it('is the one a search from the header finds, without searching the rest of the file from each header', () => {
    fc.assert(
      fc.property(
        fc.array(token, { maxLength: 40 }).map((parts) => parts.join('')),
        (text) => {
          expect(readHclText(text, TERRAFORM_SEEDS).remoteCalls).toEqual(remoteCallsSearchingFromEachHeader(text));
        },
      ),
      { numRuns: 3000 },
    );
    // A header whose quoted name holds `source = "`: the match from the name runs past the header's end.
    const straddling = 'module "source = " { "x" }\nmodule "r" {\n  source = "reg/x"\n}\n';
    expect(readHclText(straddling, TERRAFORM_SEEDS).remoteCalls).toEqual(remoteCallsSearchingFromEachHeader(straddling));
  });

  // 40,000 headers with no source after them took 2 s, 100,000 about 13 s (each searched to the end).
  it('is found in time linear in the file', () => {
    const text = `${'module "m" {\n'.repeat(100_000)}`;
    const started = Date.now();
    expect(readHclText(text, TERRAFORM_SEEDS).mayHoldCredentials).toBe(true);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
