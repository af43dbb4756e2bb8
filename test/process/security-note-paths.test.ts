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
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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

  it.each(FORMATS)('a committed configuration whose varFiles lead out is noted at itself in %s, naming no path of the machine', (format) => {
    // Each entry was noted at the entry's own path outside the repository: `not read: it leads outside the
    // repository being scanned (to /home/runner/work/app/secret.tfvars)`, and SARIF's `file:` URI of it.
    const root = join(parent, `var-files-${format}`);
    mkdirSync(join(root, 'infra'), { recursive: true });
    execFileSync('git', ['init', '-q', root]);
    writeFileSync(join(root, 'infra', 'main.tf'), 'resource "aws_iam_access_key" "k" {\n  user = "ops"\n}\n');
    writeFileSync(join(root, '.credlintrc.yaml'), `varFiles: ["../secret.tfvars", "/etc/hostname", "${'../'.repeat(20)}etc/hosts"]\n`);
    const result = run(['--format', format, '.'], root);
    expect(result.status).toBe(0);
    const withoutBase = format === 'sarif' ? result.stdout.replace(/"originalUriBaseIds": \{[^}]*\}\s*\}/g, '') : result.stdout;
    expect(withoutBase + result.stderr).not.toContain(parent);
    expect(withoutBase + result.stderr).not.toContain('/etc/');
    // Notes are printed by stylish, json and sarif; the other formats carry results only.
    if (['stylish', 'json', 'sarif'].includes(format))
      expect(result.stdout + result.stderr).toContain('varFiles entry 3 leads outside the repository being scanned; not read');
  });

  it.each(FORMATS)('a baseline names itself as written in %s: its suppressions, stale entries and pruning', (format) => {
    // Each finding it suppressed said `known finding in baseline /home/runner/work/app/app/baseline.json`
    // (every format; SARIF's suppression justification), and so did the stale and pruning messages.
    const root = join(parent, `baseline-${format}`);
    mkdirSync(join(root, 'infra'), { recursive: true });
    execFileSync('git', ['init', '-q', root]);
    writeFileSync(join(root, 'infra', 'main.tf'), 'resource "aws_iam_access_key" "k" {\n  user = "root"\n}\n');
    const written = run(['--write-baseline', 'baseline.json', '--format', format, '.'], root);
    const stale = { fingerprint: 'f'.repeat(32), rule: 'root-user-access-key', file: 'infra/gone.tf', address: 'aws_iam_access_key.gone' };
    const baseline = JSON.parse(readFileSync(join(root, 'baseline.json'), 'utf8')) as { entries: unknown[] };
    writeFileSync(join(root, 'baseline.json'), JSON.stringify({ version: 2, entries: [...baseline.entries, stale] }));
    const read = run(['--baseline', 'baseline.json', '--format', format, '.'], root);
    const pruned = run(['--baseline', '../baseline.json', '--prune-baseline', '--format', format, '..'], join(root, 'infra'));
    expect([written.status, read.status, pruned.status]).toEqual([0, 0, 0]);
    if (format === 'json' || format === 'sarif') expect(read.stdout + written.stdout).toContain('known finding in baseline baseline.json');
    expect(read.stderr).toContain('credlint: 1 stale baseline entry in baseline.json (no longer found');
    expect(pruned.stderr).toBe('credlint: removed 1 stale baseline entry from ../baseline.json\n');
    // SARIF's originalUriBaseIds alone holds the checkout's file: URI, as SARIF defines it.
    const withoutBase = (stdout: string) => (format === 'sarif' ? stdout.replace(/"originalUriBaseIds": \{[^}]*\}\s*\}/g, '') : stdout);
    for (const output of [written, read, pruned]) expect(withoutBase(output.stdout) + output.stderr).not.toContain(parent);
  });
});
