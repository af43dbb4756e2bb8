/**
 * Symlinks a pull request commits that lead out of the repository: what the scan says about one must
 * not depend on what lies outside (whether the target exists, is a directory, can be read), nor print
 * the machine's own real path behind it (`/proc/self/fd/1` led to the CI job's log file), through the
 * CLI process as CI meets them (docs/security.md, "What credlint reads").
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/fixture-cases.js';
import { hostileWorkspaces } from '../support/hostile-workspace.js';

const cli = join(repoRoot, 'dist/src/cli.cjs');
const workspace = hostileWorkspaces('credlint-symlink-targets-');
let outside: string[] = [];
afterEach(() => {
  for (const dir of outside) rmSync(dir, { recursive: true, force: true });
  outside = [];
});

describe.skipIf(process.platform === 'win32')('a committed symlink leading out of the repository', () => {
  it('is one note naming the target as written, whether or not it exists, never a real path from /proc', () => {
    const elsewhere = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-elsewhere-')));
    outside.push(elsewhere);
    writeFileSync(join(elsewhere, 'present.tf'), 'secret\n');
    mkdirSync(join(elsewhere, 'present-dir'));
    const root = workspace({});
    const links: Record<string, string> = {
      'present.tf': join(elsewhere, 'present.tf'),
      'absent.tf': join(elsewhere, 'absent.tf'),
      'under-a-file.tf': join(elsewhere, 'present.tf', 'x'),
      'present-dir': join(elsewhere, 'present-dir'),
      'absent-dir': join(elsewhere, 'absent-dir'),
      'inside-then-out.tf': 'present.tf',
    };
    if (process.platform === 'linux') Object.assign(links, { 'log.tf': '/proc/self/fd/1', 'node.tf': '/proc/self/exe' });
    for (const [link, target] of Object.entries(links)) symlinkSync(target, join(root, link));
    const run = spawnSync(process.execPath, [cli, '--format', 'json', root], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    // Only the good module's finding: no parse-error for an absent target (it was ENOENT or ENOTDIR).
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as { findings: { ruleId: string }[]; notes: { message: string; location: { file: string } }[] };
    expect(report.findings.map((f) => f.ruleId)).toEqual(['console-user-with-access-key']);
    const notes = new Map(report.notes.map((n) => [n.location.file, n.message]));
    const expected = Object.fromEntries(
      Object.entries(links).map(([link, target]) => [
        link,
        `symlink not followed: its target ${target === 'present.tf' ? links['present.tf'] : target} is outside the repository`,
      ]),
    );
    expect(Object.fromEntries(notes)).toEqual(expected);
  });
  // pre-commit and `credlint $(git diff --name-only)` name the pull request's files on the command line.
  it('named as a scan argument in a git work tree, is the same note whether or not its target exists', () => {
    const elsewhere = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-elsewhere-')));
    outside.push(elsewhere);
    writeFileSync(join(elsewhere, 'present.tf'), 'secret\n');
    const root = workspace({});
    execFileSync('git', ['init', '-q', root]);
    // Each in a module directory of its own: an argument scans its module, which holds only the link.
    const links: Record<string, string> = { 'present/x.tf': join(elsewhere, 'present.tf'), 'absent/x.tf': join(elsewhere, 'absent.tf') };
    if (process.platform === 'linux') Object.assign(links, { 'log/x.tf': '/proc/self/fd/1' });
    for (const [link, target] of Object.entries(links)) {
      mkdirSync(join(root, link, '..'));
      symlinkSync(target, join(root, link));
    }
    execFileSync('git', ['-C', root, 'add', '.']);
    const outcomes = Object.entries(links).map(([link, target]) => {
      const run = spawnSync(process.execPath, [cli, '--format', 'json', link], { cwd: root, encoding: 'utf8', timeout: 60_000 });
      const report = JSON.parse(run.stdout) as { findings: unknown[]; notes: { message: string }[] };
      return {
        link,
        status: run.status,
        stderr: run.stderr,
        findings: report.findings.length,
        notes: report.notes.map((n) => n.message.replace(target, '<target>')),
      };
    });
    expect(outcomes).toEqual(
      Object.keys(links).map((link) => ({
        link,
        status: 0,
        stderr: '',
        findings: 0,
        notes: ['symlink not followed: its target <target> is outside the repository'],
      })),
    );
  });

  // A TypeScript file argument (pre-commit) scans its whole project, rooted at the nearest cdk.json:
  // asked with `existsSync`, a cdk.json linked to a present file outside rooted the project at `app`,
  // one linked to an absent file at the repository's tsconfig.json, which scanned `other/` too.
  it('as the cdk.json of a TypeScript file argument, gives the same project whether or not its target exists', () => {
    const app = (stack: string) =>
      `import * as cdk from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\nconst app = new cdk.App();\nconst stack = new cdk.Stack(app, '${stack}');\nconst user = new iam.User(stack, 'U', { password: cdk.SecretValue.unsafePlainText('x') });\nnew iam.AccessKey(stack, 'K', { user });\n`;
    const reports = (['absent', 'present'] as const).map((state) => {
      const elsewhere = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-elsewhere-')));
      outside.push(elsewhere);
      if (state === 'present') writeFileSync(join(elsewhere, 'cdk.json'), '{ "app": "npx ts-node lib/stack.ts" }\n');
      const root = workspace({ 'tsconfig.json': '{}\n', 'app/lib/stack.ts': app('S'), 'other/stack.ts': app('T') });
      symlinkSync(join(elsewhere, 'cdk.json'), join(root, 'app', 'cdk.json'));
      execFileSync('git', ['init', '-q', root]);
      execFileSync('git', ['-C', root, 'add', '.']);
      const run = spawnSync(process.execPath, [cli, '--format', 'json', 'app/lib/stack.ts'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
      return { status: run.status, stderr: run.stderr, report: run.stdout.split(elsewhere).join('<elsewhere>').split(root).join('<root>') };
    });
    expect(reports[1]).toEqual(reports[0]);
    expect(reports[0]?.status).toBe(1);
  });

  // Terraform reads every file of a module's directory, a link included: the link names that module,
  // whose other files are scanned (a commit that adds only the link must not pass the hook in silence).
  it('named as a scan argument, still scans the rest of its module, whether or not its target exists', () => {
    const elsewhere = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-elsewhere-')));
    outside.push(elsewhere);
    writeFileSync(join(elsewhere, 'present.tf'), 'secret\n');
    const root = workspace({});
    execFileSync('git', ['init', '-q', root]);
    const links: Record<string, string> = { 'good/present.tf': join(elsewhere, 'present.tf'), 'good/absent.tf': join(elsewhere, 'absent.tf') };
    for (const [link, target] of Object.entries(links)) symlinkSync(target, join(root, link));
    execFileSync('git', ['-C', root, 'add', '.']);
    for (const [link, target] of Object.entries(links)) {
      const run = spawnSync(process.execPath, [cli, '--format', 'json', link], { cwd: root, encoding: 'utf8', timeout: 60_000 });
      expect(run.stderr).toBe('');
      expect(run.status, link).toBe(1);
      const report = JSON.parse(run.stdout) as { findings: { ruleId: string; location: { file: string } }[]; notes: { message: string }[] };
      expect(report.findings.map((f) => [f.ruleId, f.location.file])).toEqual([['console-user-with-access-key', 'good/main.tf']]);
      // The argument's own note, and the walk of its module meets the other link and notes it too.
      expect(report.notes.map((n) => n.message.replace(elsewhere, '<elsewhere>')).sort()).toEqual([
        'symlink not followed: its target <elsewhere>/absent.tf is outside the repository',
        'symlink not followed: its target <elsewhere>/present.tf is outside the repository',
      ]);
      expect(target.startsWith(elsewhere)).toBe(true);
    }
  });
});
