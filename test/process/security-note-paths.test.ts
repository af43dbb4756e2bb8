/**
 * What a scan says of a file it refuses (not a regular file, a link into git's directory, a link
 * leading out by `..`) names paths the way every other message does: relative to the current
 * directory or the repository, as written. Run by a CI job on a stranger's pull request, a note that
 * printed the absolute path (`not read: /home/runner/work/app/app/infra/extra.tf is not a regular
 * file`, `its target /home/runner/work is outside the repository`) showed the machine's directory
 * layout to whoever sent it. Checked in every output format, from the repository root and from a
 * subdirectory.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/fixture-cases.js';

const CLI = join(repoRoot, 'dist', 'src', 'cli.cjs');
const FORMATS = ['stylish', 'json', 'sarif', 'github', 'junit', 'gitlab', 'checkstyle'];

const parent = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-note-paths-')));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

function repository(name: string): string {
  const root = join(parent, name);
  mkdirSync(join(root, 'infra'), { recursive: true });
  mkdirSync(join(root, 'sub'));
  execFileSync('git', ['init', '-q', root]);
  writeFileSync(join(root, 'infra', 'main.tf'), 'resource "aws_iam_access_key" "k" {\n  user = "ops"\n}\n');
  execFileSync('mkfifo', [join(root, 'infra', 'extra.tf')]);
  symlinkSync('../.git/config', join(root, 'infra', 'git.tf'));
  symlinkSync('../..', join(root, 'infra', 'up.tf'));
  symlinkSync('../secret.json', join(root, '.credlintrc.json'));
  return root;
}

describe.skipIf(process.platform === 'win32')('notes about refused files name no absolute path', () => {
  const root = repository('checkout');
  it.each(FORMATS.flatMap((format) => [[format, '.', root] as const, [format, '..', join(root, 'sub')] as const]))(
    '%s, scanning %s',
    (format, scanned, cwd) => {
      const result = spawnSync(process.execPath, [CLI, '--format', format, scanned], {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
        timeout: 30_000,
      });
      expect(result.status).toBe(0);
      // SARIF's originalUriBaseIds is the one place an absolute path belongs (§3.14.14).
      const output = (result.stdout + result.stderr).replace(/"uri": "file:\/\/[^"]*"/g, '');
      expect(output).not.toContain(parent);
      if (format === 'stylish' || format === 'json') {
        expect(output).toContain('not read: it is not a regular file');
        expect(output).toContain("not read: it leads into git's own directory (.git/config), which holds no file of the repository");
        expect(output).toContain('symlink not followed: its target ../.. is outside the repository');
        // The walk and the config search meet the same link: one note, in the walk's words.
        expect(output.split('symlink not followed: its target ../secret.json is outside the repository')).toHaveLength(2);
        expect(output).not.toContain('leads outside the repository being scanned');
      }
    },
  );
});

describe('errors about a configuration or baseline file name it as written, not by its absolute path', () => {
  function run(args: string[], cwd: string) {
    return spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 30_000 });
  }

  it('an invalid .credlintrc.json the pull request committed, found from a subdirectory', () => {
    const root = join(parent, 'config');
    mkdirSync(join(root, 'sub'), { recursive: true });
    execFileSync('git', ['init', '-q', root]);
    writeFileSync(join(root, '.credlintrc.json'), '{"rules": 5}\n');
    const result = run(['.'], join(root, 'sub'));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('credlint: invalid configuration ../.credlintrc.json: "rules" must be an object, got 5');
    expect(result.stderr).not.toContain(parent);
  });

  it('--config naming a link that leads out, and an invalid --baseline', () => {
    const root = repository('flags');
    const refused = run(['--config', '.credlintrc.json', '.'], root);
    expect(refused.stderr).toContain('credlint: .credlintrc.json: symlink not followed: its target ../secret.json is outside the repository');
    writeFileSync(join(root, 'baseline.json'), '{"version": 9}\n');
    const baseline = run(['--baseline', 'baseline.json', '.'], root);
    expect(baseline.stderr).toContain('credlint: invalid baseline baseline.json: unknown version 9');
    expect(refused.stderr + baseline.stderr).not.toContain(parent);
  });
});
