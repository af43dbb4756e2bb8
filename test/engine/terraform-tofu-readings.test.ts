/**
 * A directory holding `.tofu` files is read differently by OpenTofu (`main.tofu` instead of `main.tf`)
 * and by Terraform (no `.tofu` file at all), and the code does not say which deploys it. OpenTofu's
 * reading decides the findings (errors, exit code); what only Terraform's reading gives is a warning
 * shown with `--report-unknown`, saying it holds only where Terraform deploys the directory; each `.tf`
 * file a twin replaces gets a note (README, "OpenTofu and Terraform read a directory differently").
 */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { lint } from '../../src/engine.js';
import { exitCode } from '../../src/cli/exit-code.js';
import { loadTerraform } from '../../src/formats/terraform/load-terraform.js';
import { loadOptionsFor } from '../support/load-options.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

/**
 * Each finding as `rule severity file:line unit`, with the prefilter on and off (both must agree, the
 * notes too); with `messages`, each finding's message after it.
 */
async function findings(
  files: Readonly<Record<string, string>>,
  { scan = '.', reportUnknown = false, messages = false }: { scan?: string; reportUnknown?: boolean; messages?: boolean } = {},
): Promise<string[]> {
  const root = tempTree(files, 'credlint-tofu-');
  const results: string[][] = [];
  for (const prefilter of [true, false]) {
    const result = await lint({ paths: [scan], cwd: root, prefilter, reportUnknown });
    results.push([
      ...result.findings.map(
        (f) =>
          `${f.ruleId} ${f.severity} ${f.location.file.slice(root.length + 1)}:${String(f.location.range.start.line)} ${f.unitId ?? '-'}${messages ? ` ${f.message}` : ''}`,
      ),
      ...result.notes.map((n) => `note ${n.location.file.slice(root.length + 1)} ${n.message}`),
    ]);
  }
  expect(results[1], 'with --no-prefilter').toEqual(results[0]);
  return (results[0] ?? []).filter((line) => !line.startsWith('note '));
}

/** The exit code and notes of a default run (no --report-unknown). */
async function defaultRun(files: Readonly<Record<string, string>>): Promise<{ exit: number; notes: string[] }> {
  const root = tempTree(files, 'credlint-tofu-');
  const result = await lint({ paths: ['.'], cwd: root });
  return {
    exit: exitCode(result.findings, { failLevel: 'error', softFail: false, allowParseErrors: false }),
    notes: result.notes.map((n) => `${n.location.file.slice(root.length + 1)}: ${n.message}`),
  };
}

async function notes(files: Readonly<Record<string, string>>): Promise<string[]> {
  const root = tempTree(files, 'credlint-tofu-');
  const result = await lint({ paths: ['.'], cwd: root });
  return result.notes.map((n) => n.message);
}

const USER = 'resource "aws_iam_user" "ana" {\n  name = "ana"\n}\n\nresource "aws_iam_user_login_profile" "ana" {\n  user = aws_iam_user.ana.name\n}\n';
const KEY = '\nresource "aws_iam_access_key" "ana" {\n  user = aws_iam_user.ana.name\n}\n';
const ROOT_KEY = 'resource "aws_iam_access_key" "root" {\n  user = "root"\n}\n';
const ONLY_TERRAFORM = 'only where Terraform (which ignores main.tofu) deploys the directory, not OpenTofu.';
const TWIN_NOTE =
  "OpenTofu reads main.tofu instead of this file, and Terraform, which reads no .tofu file, reads this one: credlint reports what OpenTofu's reading gives, " +
  "and findings only Terraform's reading gives are warnings shown with --report-unknown; to check Terraform's reading alone, scan with --ignore-pattern '*.tofu' --ignore-pattern '*.tofu.json'";

describe('a .tofu twin of a .tf file (main.tofu, a copy of main.tf without the key)', () => {
  const hostile = { 'main.tf': USER + KEY, 'main.tofu': USER };

  it('is read as OpenTofu reads it by default: exit 0, with a note at main.tf saying how to check Terraform’s reading', async () => {
    expect(await findings(hostile)).toEqual([]);
    expect(await defaultRun(hostile)).toEqual({ exit: 0, notes: [`main.tf: ${TWIN_NOTE}`] });
  });

  it('gives, with --report-unknown, a warning at main.tf’s key saying it holds only where Terraform deploys the directory', async () => {
    expect(await findings(hostile, { reportUnknown: true, messages: true })).toEqual([
      `console-user-with-access-key warning main.tf:9 terraform:. IAM user "ana" has a console password (aws_iam_user_login_profile.ana) and an active access key (aws_iam_access_key.ana); ${ONLY_TERRAFORM}`,
    ]);
  });

  it('gives the warning when the twin holds none of the words the prefilter looks for', async () => {
    expect(await findings({ 'main.tf': ROOT_KEY, 'main.tofu': 'locals {}\n' })).toEqual([]);
    expect(await findings({ 'main.tf': ROOT_KEY, 'main.tofu': 'locals {}\n' }, { reportUnknown: true })).toEqual([
      'root-user-access-key warning main.tf:1 terraform:.',
    ]);
  });

  it('in JSON syntax too (main.tofu.json beside main.tf.json)', async () => {
    const two = { resource: { aws_iam_user: { lee: { name: 'lee' } }, aws_iam_access_key: { lee: { count: 2, user: '${aws_iam_user.lee.name}' } } } };
    const one = { resource: { aws_iam_user: { lee: { name: 'lee' } }, aws_iam_access_key: { lee: { user: '${aws_iam_user.lee.name}' } } } };
    const tree = { 'main.tf.json': JSON.stringify(two), 'main.tofu.json': JSON.stringify(one) };
    expect(await findings(tree)).toEqual([]);
    expect(await findings(tree, { reportUnknown: true })).toEqual(['multiple-active-access-keys warning main.tf.json:1 terraform:.']);
  });

  it('in a called module, scanned or read from disk', async () => {
    const tree = {
      // A repository: a module outside the scanned path is followed inside it only.
      '.git/HEAD': 'ref: refs/heads/main\n',
      'live/main.tf': 'module "keys" {\n  source = "../modules/keys"\n}\n',
      'modules/keys/main.tf': ROOT_KEY,
      'modules/keys/main.tofu': 'locals {}\n',
    };
    expect(await findings(tree)).toEqual([]);
    expect(await findings(tree, { scan: 'live' })).toEqual([]);
    // The message names the .tofu file Terraform ignores relative to the root module (live).
    const warning = 'root-user-access-key warning modules/keys/main.tf:1 terraform:live';
    const onlyTerraform = '; only where Terraform (which ignores ../modules/keys/main.tofu) deploys the directory, not OpenTofu.';
    for (const scan of ['.', 'live']) {
      const shown = await findings(tree, { scan, reportUnknown: true, messages: true });
      expect(shown.map((line) => line.slice(0, warning.length))).toEqual([warning]);
      expect(shown[0]).toContain(onlyTerraform);
    }
  });

  it('is still what OpenTofu reads: a key only in the .tofu file is an error', async () => {
    expect(await findings({ 'main.tf': USER, 'main.tofu': USER + KEY }, { reportUnknown: true })).toEqual([
      'console-user-with-access-key error main.tofu:9 terraform:.',
    ]);
  });

  it('is reported once, as an error, where both readings find the same key', async () => {
    const tree = { 'keys.tf': ROOT_KEY, 'main.tf': USER, 'main.tofu': USER };
    expect(await findings(tree)).toEqual(['root-user-access-key error keys.tf:1 terraform:.']);
    expect(await findings(tree, { reportUnknown: true })).toEqual(['root-user-access-key error keys.tf:1 terraform:.']);
  });

  it('is not merged with the .tf file: each reading is analysed apart', async () => {
    // Terraform: a console user without a key; OpenTofu: a user with a key and no console login.
    const keyOnly = 'resource "aws_iam_user" "ana" {\n  name = "ana"\n}\n' + KEY;
    expect(await findings({ 'main.tf': USER, 'main.tofu': keyOnly }, { reportUnknown: true })).toEqual([]);
  });
});

describe('a .tofu file that Terraform does not read', () => {
  it('an override.tofu does not disable a key for Terraform', async () => {
    const override = 'resource "aws_iam_access_key" "root" {\n  count = 0\n}\n';
    const tree = { 'main.tf': ROOT_KEY, 'override.tofu': override };
    expect(await findings(tree)).toEqual([]);
    const shown = await findings(tree, { reportUnknown: true, messages: true });
    expect(shown.map((line) => line.split(' terraform:.')[0])).toEqual(['root-user-access-key warning main.tf:1']);
    expect(shown[0]).toContain('; only where Terraform (which ignores override.tofu) deploys the directory, not OpenTofu.');
  });

  it('a module called from a .tofu file only is a module in Terraform’s reading too, analysed with its caller’s inputs', async () => {
    // Written for OpenTofu alone: Terraform's reading must not analyse the module on its own, with its defaults.
    const tree = {
      'main.tofu': 'module "ci" {\n  source     = "./modules/user"\n  create_key = false\n}\n',
      'modules/user/main.tf': `variable "create_key" {\n  default = true\n}\n\n${USER}${KEY.replace('{\n', '{\n  count = var.create_key ? 1 : 0\n')}`,
    };
    expect(await findings(tree)).toEqual([]);
  });

  it('a module call in a .tofu file does not take the place of a root module that holds a lock file', async () => {
    const wrap = 'module "prod" {\n  source = "../prod"\n  count  = 0\n}\n';
    const tree = { 'prod/main.tf': ROOT_KEY, 'prod/.terraform.lock.hcl': '# lock\n', 'wrap/main.tofu': wrap };
    expect(await findings(tree)).toEqual(['root-user-access-key error prod/main.tf:1 terraform:prod']);
  });

  it('a module of .tofu files only is an empty module to Terraform, not a missing one', async () => {
    const tree = {
      'main.tf': 'module "keys" {\n  source = "./keys"\n}\n',
      'keys/main.tofu': 'resource "aws_iam_access_key" "root" {\n  user = "root"\n  lifecycle {\n    enabled = false\n  }\n}\n',
    };
    expect(await findings(tree)).toEqual([]);
    expect(await notes(tree)).toEqual([]);
  });
});

describe('the notes of module calls not analysed, and of the .tf file a twin replaces', () => {
  it('come from both readings, with and without the prefilter', async () => {
    const root = tempTree(
      {
        'live/main.tf': 'module "a" {\n  source = "example/a/aws"\n}\n',
        'live/main.tofu': 'module "b" {\n  source = "example/b/aws"\n}\n',
        'only/main.tofu': 'module "m" {\n  source = "../m"\n}\n',
        'm/main.tf': 'module "c" {\n  source = "example/c/aws"\n}\n',
      },
      'credlint-tofu-',
    );
    const noted = async (prefilter: boolean) =>
      (await lint({ paths: ['.'], cwd: root, prefilter })).notes.map((n) => `${n.location.file.slice(root.length + 1)} ${n.message.split(':')[0] ?? ''}`);
    expect(await noted(true)).toEqual([
      'live/main.tf OpenTofu reads main.tofu instead of this file, and Terraform, which reads no .tofu file, reads this one',
      'live/main.tf module.a',
      'live/main.tofu module.b',
      'm/main.tf module.c',
    ]);
    expect(await noted(false)).toEqual(await noted(true));
  });
});

describe('the cost of the second reading', () => {
  it('is paid only by the root modules whose module tree reads a directory holding a .tofu file', async () => {
    const files = {
      'plain/main.tf': ROOT_KEY,
      'mixed/main.tf': 'module "keys" {\n  source = "../modules/keys"\n}\n',
      'modules/keys/main.tf': ROOT_KEY,
      'modules/keys/main.tofu': 'locals {}\n',
      'twin/main.tf': ROOT_KEY,
      'twin/main.tofu': 'locals {}\n',
    };
    const root = tempTree(files, 'credlint-tofu-');
    const loaded = await loadTerraform(
      Object.keys(files).map((file) => join(root, file)),
      loadOptionsFor(root),
    );
    // OpenTofu's reading: mixed, plain, twin; Terraform's: mixed and twin again, not plain.
    expect(loaded.units.map((unit) => `${unit.id} ${String(unit.accessKeys.length)}`)).toEqual([
      'terraform:mixed 0',
      'terraform:plain 1',
      'terraform:twin 0',
      'terraform:mixed 1',
      'terraform:twin 1',
    ]);
  });

  it('is not paid at all without a .tofu file', async () => {
    const files = { 'a/main.tf': ROOT_KEY, 'b/main.tf': 'module "a" {\n  source = "../a"\n}\n' };
    const root = tempTree(files, 'credlint-tofu-');
    const loaded = await loadTerraform(
      Object.keys(files).map((file) => join(root, file)),
      loadOptionsFor(root),
    );
    expect(loaded.units.map((unit) => unit.id)).toEqual(['terraform:b']);
  });
});
