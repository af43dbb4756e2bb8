/**
 * Baselines through the built CLI (README, "Baselines"): the file lists rule, file, logical address and
 * message beside each fingerprint; version 1 files are still read; stale entries are reported on
 * standard error with a count, and `--prune-baseline` removes them — but only entries the run would
 * have found (a scan of part of the repository, or an incomplete one, judges nothing it did not check).
 */
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gitProject, runCli as run } from '../support/cli-process.js';
import { removeTempTrees } from '../support/temp-tree.js';

const project = (files: Record<string, string>): string => gitProject(files, 'credlint-baseline-');
afterAll(removeTempTrees);

const rootKey = (name: string) => `resource "aws_iam_access_key" "${name}" {\n  user = "root"\n}\n`;

interface BaselineFile {
  readonly version: number;
  readonly entries: readonly { fingerprint: string; rule: string; file: string; address: string | null; message: string }[];
}

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as BaselineFile;

describe('baseline files people can review', () => {
  it('lists rule, repository-relative file, address and message beside each fingerprint, sorted', () => {
    const dir = project({ 'infra/prod/b.tf': rootKey('b'), 'infra/prod/a/main.tf': rootKey('a'), 'infra/dev/main.tf': rootKey('dev') });
    // Written from a subdirectory: files are still relative to the repository root.
    expect(run(['..', '--write-baseline', '../credlint-baseline.json'], path.join(dir, 'infra')).code).toBe(0);
    const baseline = readJson(path.join(dir, 'credlint-baseline.json'));
    expect(baseline.version).toBe(2);
    expect(baseline.entries.map(({ rule, file, address }) => [rule, file, address])).toEqual([
      ['root-user-access-key', 'infra/dev/main.tf', 'aws_iam_access_key.dev'],
      ['root-user-access-key', 'infra/prod/a/main.tf', 'aws_iam_access_key.a'],
      ['root-user-access-key', 'infra/prod/b.tf', 'aws_iam_access_key.b'],
    ]);
    expect(baseline.entries[0]?.message).toMatch(/^Access key aws_iam_access_key\.dev is for user "root"/);
    expect(baseline.entries.every((entry) => /^[0-9a-f]{32}$/.test(entry.fingerprint))).toBe(true);
    expect(run(['--baseline', 'credlint-baseline.json'], dir)).toMatchObject({ code: 0, stderr: '' });
  });

  it("does not let an entry describe one finding and suppress another: its rule, file and address must be the finding's", () => {
    // A pull request adds a key and copies its fingerprint into an entry that reads like an old key elsewhere.
    const dir = project({ 'infra/new.tf': rootKey('k'), 'legacy/old.tf': '' });
    run(['--write-baseline', 'honest.json'], dir);
    const honest = readJson(path.join(dir, 'honest.json'));
    const forged = { ...honest, entries: honest.entries.map((entry) => ({ ...entry, file: 'legacy/old.tf', address: 'aws_iam_access_key.retired' })) };
    writeFileSync(path.join(dir, 'credlint-baseline.json'), JSON.stringify(forged));
    const result = run(['--baseline', 'credlint-baseline.json'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/infra\/new\.tf\n.*root-user-access-key\n/);
    expect(result.stderr).toContain('root-user-access-key legacy/old.tf aws_iam_access_key.retired');
    expect(run(['--baseline', 'honest.json'], dir)).toMatchObject({ code: 0, stderr: '' });
  });

  it('refuses a version 2 entry that leaves out its rule, file or address, which would match by fingerprint alone', () => {
    // A pull request adds a key and an entry of its fingerprint whose only words read like an old key.
    const dir = project({ 'infra/new.tf': rootKey('k') });
    run(['--write-baseline', 'honest.json'], dir);
    const honest = readJson(path.join(dir, 'honest.json'));
    for (const left of ['rule', 'file', 'address']) {
      const entries = honest.entries.map((entry) =>
        Object.fromEntries(Object.entries({ ...entry, message: 'legacy/old.tf: aws_iam_access_key.retired, rotated in 2021' }).filter(([key]) => key !== left)),
      );
      writeFileSync(path.join(dir, 'credlint-baseline.json'), JSON.stringify({ version: 2, entries }));
      const result = run(['--baseline', 'credlint-baseline.json'], dir);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('invalid baseline credlint-baseline.json: entry 0 lacks "rule", "file" or "address"');
      expect(result.code).toBe(2);
    }
    expect(run(['--baseline', 'honest.json'], dir)).toMatchObject({ code: 0, stderr: '' });
  });

  it('still reads a version 1 baseline, and pruning rewrites it as version 2', () => {
    const dir = project({ 'main.tf': rootKey('k') });
    run(['--write-baseline', 'v2.json'], dir);
    const [entry] = readJson(path.join(dir, 'v2.json')).entries;
    writeFileSync(path.join(dir, 'v1.json'), JSON.stringify({ version: 1, fingerprints: [entry?.fingerprint, 'f'.repeat(32)] }));
    expect(run(['--baseline', 'v1.json'], dir).code).toBe(0);
    const pruned = run(['--baseline', 'v1.json', '--prune-baseline'], dir);
    expect(pruned.code).toBe(0);
    expect(pruned.stderr).toBe('credlint: removed 1 stale baseline entry from v1.json\n');
    expect(readJson(path.join(dir, 'v1.json'))).toEqual(readJson(path.join(dir, 'v2.json')));
  });

  it('reports stale entries with a count, and --prune-baseline removes exactly those', () => {
    const dir = project({ 'main.tf': rootKey('keep'), 'gone/main.tf': rootKey('gone'), 'other/main.tf': rootKey('fixed') });
    run(['--write-baseline', 'baseline.json'], dir);
    writeFileSync(path.join(dir, 'gone', 'main.tf'), '# the key was removed\n');
    unlinkSync(path.join(dir, 'other', 'main.tf'));
    const checked = run(['--baseline', 'baseline.json'], dir);
    expect(checked.code).toBe(0);
    expect(checked.stderr).toBe(
      'credlint: 2 stale baseline entries in baseline.json (no longer found; --prune-baseline removes them):\n' +
        '  root-user-access-key gone/main.tf aws_iam_access_key.gone\n' +
        '  root-user-access-key other/main.tf aws_iam_access_key.fixed\n',
    );
    expect(run(['--baseline', 'baseline.json', '--prune-baseline'], dir)).toMatchObject({ code: 0 });
    expect(readJson(path.join(dir, 'baseline.json')).entries.map((entry) => entry.address)).toEqual(['aws_iam_access_key.keep']);
    expect(run(['--baseline', 'baseline.json'], dir)).toMatchObject({ code: 0, stderr: '' });
  });

  it('judges only what the run checked: a scan of one directory keeps the entries of others', () => {
    const dir = project({ 'a/main.tf': rootKey('a'), 'b/main.tf': rootKey('b') });
    run(['--write-baseline', 'baseline.json'], dir);
    writeFileSync(path.join(dir, 'a', 'main.tf'), '# fixed\n');
    const partial = run(['b', '--baseline', 'baseline.json', '--prune-baseline'], dir);
    expect(partial).toMatchObject({ code: 0, stderr: 'credlint: removed 0 stale baseline entries from baseline.json\n' });
    expect(readJson(path.join(dir, 'baseline.json')).entries).toHaveLength(2);
    // A rule turned off in the configuration is not checked either.
    writeFileSync(path.join(dir, 'credlint.config.json'), JSON.stringify({ rules: { 'root-user-access-key': 'off' } }));
    expect(run(['--baseline', 'baseline.json'], dir)).toMatchObject({ code: 0, stderr: '' });
    unlinkSync(path.join(dir, 'credlint.config.json'));
    expect(run(['a', '--baseline', 'baseline.json'], dir).stderr).toContain('credlint: 1 stale baseline entry in');
  });

  it('judges nothing after an incomplete scan, and refuses to prune then', () => {
    const dir = project({ 'main.tf': rootKey('k') });
    run(['--write-baseline', 'baseline.json'], dir);
    const before = readFileSync(path.join(dir, 'baseline.json'), 'utf8');
    // The file with the known finding no longer parses: its finding is missing, not fixed.
    writeFileSync(path.join(dir, 'main.tf'), `${rootKey('k')}resource "aws_iam_user" "x" {\n  name =\n}\n`);
    const checked = run(['--baseline', 'baseline.json'], dir);
    expect(checked.code).toBe(2);
    expect(checked.stderr).toBe('');
    const pruned = run(['--baseline', 'baseline.json', '--prune-baseline'], dir);
    expect(pruned.code).toBe(2);
    expect(pruned.stderr).toContain('not pruned: the scan was incomplete (a parse-error)');
    expect(readFileSync(path.join(dir, 'baseline.json'), 'utf8')).toBe(before);
  });

  it('needs --baseline for --prune-baseline, and escapes what the baseline file says', () => {
    const dir = project({ 'main.tf': '# nothing\n' });
    expect(run(['--prune-baseline'], dir)).toMatchObject({ code: 2, stderr: expect.stringContaining('--prune-baseline needs --baseline <file>') as string });
    const hostile = { fingerprint: 'x', rule: 'root-user-access-key', file: 'evil\u001b]8;;http://x\u0007.tf', address: 'a\n::error::forged', message: 'm' };
    writeFileSync(path.join(dir, 'baseline.json'), JSON.stringify({ version: 2, entries: [hostile] }));
    const { stderr } = run(['--baseline', 'baseline.json'], dir);
    expect(stderr).toContain('  root-user-access-key evil\\x1b]8;;http://x\\x07.tf a\\n::error::forged\n');
    expect(stderr.split('\n').some((line) => line.startsWith('::'))).toBe(false);
  });

  it('a baseline that cannot be written is a usage error naming the file, not an internal error', () => {
    const dir = project({ 'main.tf': rootKey('k'), 'not-a-dir': 'x' });
    const intoFile = run(['--write-baseline', 'not-a-dir/baseline.json'], dir);
    expect(intoFile.code).toBe(2);
    expect(intoFile.stderr.split('\n')[0]).toMatch(/^credlint: cannot write the baseline to .*not-a-dir[/\\]baseline\.json \((ENOTDIR|EEXIST)\)$/);
    // A full disk (Linux's /dev/full refuses every write with ENOSPC).
    const full = run(['--write-baseline', '/dev/full'], dir);
    expect(full.code).toBe(2);
    expect(full.stderr.split('\n')[0]).toBe('credlint: cannot write the baseline to /dev/full (ENOSPC)');
    expect(full.stderr).not.toContain('internal error');
    // Missing directories are created, as for -o.
    expect(run(['--write-baseline', 'new/dir/baseline.json'], dir).code).toBe(0);
    expect(readJson(path.join(dir, 'new', 'dir', 'baseline.json')).entries).toHaveLength(1);
  });
});
