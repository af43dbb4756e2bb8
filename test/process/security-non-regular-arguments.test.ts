/**
 * A FIFO, socket or device given as an argument, as the pre-commit hook gives changed files
 * (`credlint infra/extra.tf`, docs/security.md, "What credlint reads"): it is not a regular file, so
 * it is one note and never read (never blocking), and it still names the unit it belongs to, whose
 * other files are scanned. It was a parse-error, "not a file or directory", exit 2, and the rest of
 * its module was not scanned.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/fixture-cases.js';

const CLI = join(repoRoot, 'dist', 'src', 'cli.cjs');

const CONSOLE_USER_WITH_KEY =
  'resource "aws_iam_user" "u" {\n  name = "ana"\n}\n\nresource "aws_iam_user_login_profile" "p" {\n  user = aws_iam_user.u.name\n}\n\nresource "aws_iam_access_key" "k" {\n  user = aws_iam_user.u.name\n}\n';

let roots: string[] = [];
afterEach(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
  roots = [];
});

function repository(): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-fifo-argument-')));
  roots.push(root);
  execFileSync('git', ['init', '-q', root]);
  mkdirSync(join(root, 'infra'));
  writeFileSync(join(root, 'infra', 'main.tf'), CONSOLE_USER_WITH_KEY);
  execFileSync('git', ['-C', root, 'add', 'infra/main.tf']);
  execFileSync('mkfifo', [join(root, 'infra', 'extra.tf')]);
  return root;
}

function run(args: string[], cwd: string) {
  const started = Date.now();
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started };
}

describe.skipIf(process.platform === 'win32')('a FIFO given as an argument (pre-commit)', () => {
  it.each([
    ['alone', ['infra/extra.tf']],
    ['with the file beside it', ['infra/extra.tf', 'infra/main.tf']],
  ])('%s: the rest of its module is scanned, the FIFO is one note, nothing blocks', (_how, files) => {
    const root = repository();
    const { code, stdout, ms } = run(['--format', 'json', ...files], root);
    expect(ms).toBeLessThan(20_000);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as {
      findings: { ruleId: string; location: { file: string } }[];
      notes: { message: string; location: { file: string } }[];
    };
    expect(report.findings.map((f) => [f.ruleId, f.location.file])).toEqual([['console-user-with-access-key', 'infra/main.tf']]);
    expect(report.notes.map((n) => [n.location.file, n.message])).toEqual([['infra/extra.tf', 'not read: it is not a regular file']]);
  });

  it('a device naming nothing else is a parse-error, exit 2, at once', () => {
    const root = repository();
    const { code, stdout, ms } = run(['/dev/zero'], root);
    expect(ms).toBeLessThan(20_000);
    expect(code).toBe(2);
    expect(stdout).toContain('not a regular file (a FIFO, socket or device): not read');
  });

  it('from a subdirectory, in the github format: the finding of its module, no parse-error', () => {
    const root = repository();
    const { code, stdout } = run(['--format', 'github', 'extra.tf'], join(root, 'infra'));
    expect(code).toBe(1);
    expect(stdout).toContain('::error file=infra/main.tf');
    expect(stdout).not.toContain('parse-error');
  });
});
