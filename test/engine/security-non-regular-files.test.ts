/**
 * Files that are not regular files, and links leading out, among the files Terraform and the CDK read
 * (docs/security.md, "What credlint reads"). A FIFO cannot be committed, but a pre-commit hook or an
 * editor runs on a working tree that may hold one: it must never block the scan, and never vanish from
 * it unsaid — Terraform reads every configuration file of a module's directory and its automatic
 * variables files, and the CDK CLI a cloud assembly's `manifest.json`. Each is one note naming it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/core/finding.js';
import { lint } from '../../src/engine.js';
import { hostileWorkspaces, scanHostile } from '../support/hostile-workspace.js';

const workspace = hostileWorkspaces('credlint-non-regular-');

function mkfifo(path: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  execFileSync('mkfifo', [path]);
}

/** The notes of a scan at `file`. */
function notesAt(result: LintResult, file: string): string[] {
  return result.notes.filter((n) => n.location.file === file).map((n) => n.message);
}

const ROOT = 'variable "n" {\n  default = "ops"\n}\n\nresource "aws_iam_access_key" "k" {\n  user = var.n\n}\n';

describe.skipIf(process.platform === 'win32')('a FIFO among the files a format reads', () => {
  it.each([
    ['a module file', 'infra/extra.tf'],
    ['a JSON module file', 'infra/extra.tf.json'],
    ['terraform.tfvars', 'infra/terraform.tfvars'],
    ['terraform.tfvars.json', 'infra/terraform.tfvars.json'],
    ['an automatic variables file', 'infra/prod.auto.tfvars'],
    ['a cloud assembly manifest', 'cdk.out/manifest.json'],
    ['a template', 'templates/users.yaml'],
  ])('%s is noted, not read and not left out unsaid', async (_what, fifo) => {
    const root = workspace({ 'infra/main.tf': ROOT });
    mkfifo(join(root, fifo));
    const result = await scanHostile(root);
    expect(notesAt(result, join(root, fifo))).toEqual(['not read: it is not a regular file']);
  });

  it('a FIFO module file of a module given by one of its files (as pre-commit does)', async () => {
    const root = workspace({ 'infra/main.tf': ROOT });
    mkfifo(join(root, 'infra/extra.tf'));
    const result = await lint({ paths: [join(root, 'infra/main.tf')], cwd: root, env: {} });
    expect(notesAt(result, join(root, 'infra/extra.tf'))).toEqual(['not read: it is not a regular file']);
  });

  // Given by itself (`pre-commit run --files infra/extra.tf`, `credlint $(git ls-files -m)`): it still
  // names its module, whose other files are scanned, and it gets the walk's note. It was a parse-error
  // ("not a file or directory", exit 2) and the rest of its module was not scanned.
  it('a FIFO module file given alone as an argument: its module is scanned, the FIFO noted', async () => {
    const consoleUserWithKey = `${ROOT}\nresource "aws_iam_user_login_profile" "p" {\n  user = var.n\n}\n`;
    const root = workspace({ 'infra/main.tf': consoleUserWithKey });
    mkfifo(join(root, 'infra/extra.tf'));
    const result = await lint({ paths: [join(root, 'infra/extra.tf')], cwd: root, env: {} });
    expect(notesAt(result, join(root, 'infra/extra.tf'))).toEqual(['not read: it is not a regular file']);
    expect(result.findings.map((f) => [f.ruleId, f.location.file])).toEqual([['console-user-with-access-key', join(root, 'infra/main.tf')]]);
  });

  it('a FIFO TypeScript file given alone as an argument: its project is scanned, the FIFO noted', async () => {
    const root = workspace({ 'infra/main.tf': ROOT });
    mkfifo(join(root, 'lib/extra.ts'));
    const result = await lint({ paths: [join(root, 'lib/extra.ts')], cwd: root, env: {} });
    expect(notesAt(result, join(root, 'lib/extra.ts'))).toEqual(['not read: it is not a regular file']);
    expect(result.findings.filter((f) => f.ruleId === 'parse-error')).toEqual([]);
  });

  // Nothing else to scan: the scan could not run on what it was given (exit 2), as for a path that
  // does not exist, in words that say why.
  it('a FIFO template given alone as an argument, naming nothing else, is a parse-error saying why', async () => {
    const root = workspace({ 'infra/main.tf': ROOT });
    mkfifo(join(root, 'templates/users.yaml'));
    const result = await lint({ paths: [join(root, 'templates/users.yaml')], cwd: root, env: {} });
    expect(result.findings.map((f) => [f.ruleId, f.location.file, f.message])).toEqual([
      ['parse-error', join(root, 'templates/users.yaml'), 'not a regular file (a FIFO, socket or device): not read'],
    ]);
  });

  it('a FIFO TypeScript file among the files of a project that is no CDK app is noted (it was left out unsaid)', async () => {
    const root = workspace({ 'lib/util.ts': 'export const x = 1;\n' });
    mkfifo(join(root, 'lib/extra.ts'));
    const result = await scanHostile(root);
    expect(notesAt(result, join(root, 'lib/extra.ts'))).toEqual(['not read: it is not a regular file']);
  });

  it('a FIFO module file of a called module outside the scanned paths', async () => {
    const root = workspace({ 'infra/main.tf': 'module "m" {\n  source = "../shared"\n}\n', 'shared/main.tf': ROOT });
    mkfifo(join(root, 'shared/extra.tf'));
    const result = await scanHostile(root);
    expect(notesAt(result, join(root, 'shared/extra.tf'))).toEqual(['not read: it is not a regular file']);
  });
});

describe.skipIf(process.platform === 'win32')('a Unix socket named as a module file', () => {
  let server: Server | undefined;
  afterEach(() => {
    server?.close();
    server = undefined;
  });

  it('is noted as not a regular file (it cannot even be opened)', async () => {
    const root = workspace({ 'infra/main.tf': ROOT });
    const socket = join(root, 'infra/extra.tf');
    // A socket's path must fit in 108 bytes, which the test run's temporary directories do not: made
    // in a short directory, then moved into place (a rename keeps it a socket).
    const short = mkdtempSync('/tmp/credlint-sock-');
    try {
      const listening = createServer();
      server = listening;
      await new Promise<void>((done) => listening.listen(join(short, 's'), done));
      renameSync(join(short, 's'), socket);
    } finally {
      rmSync(short, { recursive: true, force: true });
    }
    const result = await scanHostile(root);
    expect(notesAt(result, socket)).toEqual(['not read: it is not a regular file']);
    expect(result.findings.filter((f) => f.ruleId === 'parse-error')).toEqual([]);
  });
});

describe('a symlink leading out of the repository', () => {
  it.each(['terraform.tfvars', 'terraform.tfvars.json', 'prod.auto.tfvars'])('named %s is explained once', async (name) => {
    const outside = workspace({ [name]: name.endsWith('.json') ? '{ "n": "root" }' : 'n = "root"\n' });
    const root = workspace({ 'infra/main.tf': ROOT });
    symlinkSync(join(outside, name), join(root, 'infra', name));
    const result = await scanHostile(root);
    expect(notesAt(result, join(root, 'infra', name))).toEqual([`symlink not followed: its target ${join(outside, name)} is outside the repository`]);
  });

  it('named terraform.tfvars and ignored by .gitignore is still explained, once (Terraform reads it)', async () => {
    const outside = workspace({ 'terraform.tfvars': 'n = "root"\n' });
    const root = workspace({ '.git/HEAD': '', 'infra/main.tf': ROOT, '.gitignore': '*.tfvars\n' });
    symlinkSync(join(outside, 'terraform.tfvars'), join(root, 'infra/terraform.tfvars'));
    const result = await scanHostile(root);
    expect(notesAt(result, join(root, 'infra/terraform.tfvars'))).toEqual([
      `symlink not followed: its target ${join(outside, 'terraform.tfvars')} is outside the repository`,
    ]);
  });
});
