/**
 * Files git tracks are scanned though a `.gitignore` pattern matches them, as git itself treats them
 * ("Files already tracked by Git are not affected", https://git-scm.com/docs/gitignore), with indexes
 * written by git (versions 2, 3 and 4). Found on a public CDK monorepo: the root `.gitignore` ignores
 * `bin/` (Go binaries) and the CDK app's committed entry `deployments/cdk/bin/app.ts` was skipped, so
 * the app's user with two keys was reported only through a test file's App, as undecided.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/fixture-cases.js';

const CLI = path.join(repoRoot, 'dist', 'src', 'cli.cjs');
const created: string[] = [];
afterAll(() => {
  for (const directory of created) rmSync(directory, { recursive: true, force: true });
});

const FILES: Readonly<Record<string, string>> = {
  '.gitignore': 'bin/\n',
  'deployments/cdk/cdk.json': '{ "app": "npx ts-node --prefer-ts-exts bin/app.ts" }\n',
  'deployments/cdk/bin/app.ts': [
    "import { App } from 'aws-cdk-lib';",
    "import { CliStack } from '../lib/cli-stack';",
    '',
    "new CliStack(new App(), 'Cli');",
    '',
  ].join('\n'),
  'deployments/cdk/bin/scratch.ts': [
    "import { App } from 'aws-cdk-lib';",
    "import { CliStack } from '../lib/cli-stack';",
    '',
    "new CliStack(new App(), 'Scratch');",
    '',
  ].join('\n'),
  'deployments/cdk/lib/cli-stack.ts': [
    "import { Stack } from 'aws-cdk-lib';",
    "import * as iam from 'aws-cdk-lib/aws-iam';",
    "import { Construct } from 'constructs';",
    '',
    'export class CliStack extends Stack {',
    '  constructor(scope: Construct, id: string) {',
    '    super(scope, id);',
    "    const user = new iam.User(this, 'CliUser', { userName: 'cli' });",
    "    for (const date of ['2025-07', '2026-01']) new iam.AccessKey(this, `Key${date}`, { user });",
    '  }',
    '}',
    '',
  ].join('\n'),
  'deployments/cdk/lib/cli-stack.test.ts': [
    "import { App } from 'aws-cdk-lib';",
    "import { CliStack } from './cli-stack';",
    '',
    "test('synthesizes', () => {",
    "  new CliStack(new App(), 'Test');",
    '});',
    '',
  ].join('\n'),
};

function git(cwd: string, ...args: string[]): void {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
}

/** A repository holding FILES, with `bin/app.ts` committed past the ignore pattern and `bin/scratch.ts` left untracked. */
function repository(indexVersion: 2 | 3 | 4): string {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'credlint-tracked-')));
  created.push(root);
  for (const [file, text] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  git(root, 'init', '-q');
  git(root, 'add', '.');
  git(root, 'add', '-f', 'deployments/cdk/bin/app.ts');
  // Version 3 is written when an entry has an extended flag (here: intent-to-add).
  if (indexVersion === 3) {
    writeFileSync(path.join(root, 'notes.ts'), '');
    git(root, 'add', '-N', 'notes.ts');
  }
  git(root, 'update-index', '--index-version', String(indexVersion));
  return root;
}

function run(cwd: string) {
  const result = spawnSync(process.execPath, [CLI, '--format', 'json', '--report-unknown', '.'], { cwd, encoding: 'utf8', timeout: 60_000 });
  const report = JSON.parse(result.stdout) as { findings: { ruleId: string; severity: string; message: string }[]; summary: { filesScanned: number } };
  return { code: result.status, report };
}

describe('tracked files under an ignored directory', () => {
  it.each([2, 3, 4] as const)('scans the committed CDK app entry of an index of version %i, not the untracked file beside it', (version) => {
    const { code, report } = run(repository(version));
    expect(code).toBe(1);
    const errors = report.findings.filter((f) => f.severity === 'error').map((f) => `${f.ruleId}: ${f.message}`);
    expect(errors).toEqual([
      'multiple-active-access-keys: IAM user "cli" has 2 active access keys (CliStack/Key2025-07, CliStack/Key2026-01); at most one may be active.',
    ]);
    // cdk.json's entry, the stack and its test: not the untracked bin/scratch.ts.
    expect(report.summary.filesScanned).toBe(3);
  });

  it('keeps every tracked file under ignored directories while later reads reuse the reader buffer the index was read into', () => {
    // Five modules each ignored by `build/` and committed with -f, each beside a `.gitignore` larger than the
    // index: read after the index, each overwrote it where the tracked paths were looked up, and four of
    // the five keys vanished from the scan without a word.
    const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'credlint-tracked-')));
    created.push(root);
    writeFileSync(path.join(root, '.gitignore'), 'build/\n');
    const modules = ['d1', 'd2', 'd3', 'd4', 'd5'];
    for (const module of modules) {
      mkdirSync(path.join(root, module, 'build'), { recursive: true });
      writeFileSync(path.join(root, module, 'build', 'main.tf'), 'resource "aws_iam_access_key" "k" {\n  user = "root"\n}\n');
      writeFileSync(path.join(root, module, '.gitignore'), `*.log\n${'# a comment that makes the file longer than the index\n'.repeat(100)}`);
    }
    git(root, 'init', '-q');
    git(root, 'add', '.');
    for (const module of modules) git(root, 'add', '-f', `${module}/build/main.tf`);
    const { code, report } = run(root);
    expect(code).toBe(1);
    expect(report.findings.filter((f) => f.ruleId === 'root-user-access-key')).toHaveLength(5);
    expect(report.summary.filesScanned).toBe(5);
  });
});
