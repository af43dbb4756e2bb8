/**
 * Baselines on hand-built results (README, "Baselines"): the version 2 file and version 1 compatibility,
 * which entries are stale and which cannot be judged, the standard-error report and pruning. Through
 * the CLI: test/process/cli-baseline.test.ts.
 */
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding, LintResult } from '../../src/core/finding.js';
import { range } from '../../src/core/location.js';
import { FileReader } from '../../src/io/file-reader.js';
import { BaselineError, baselineStatus, prunedBaseline, readBaseline, staleBaselineReport, writeBaseline, type Baseline } from '../../src/suppress/baseline.js';
import { consoleUserMeta, rootKeyMeta } from '../support/reporters-sample-result.js';

const work = realpathSync(mkdtempSync(path.join(tmpdir(), 'credlint-baseline-unit-')));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

const repoRoot = path.resolve('/repo');

function finding(ruleId: string, file: string, address: string | undefined, fingerprint: string, extra: Partial<Finding> = {}): Finding {
  return {
    ruleId,
    severity: 'error',
    message: `${ruleId} at ${address ?? file}.`,
    location: { file: path.join(repoRoot, file), range: range(1, 1, 1, 2) },
    related: [],
    ...(address === undefined ? {} : { address }),
    fingerprint,
    ...extra,
  };
}

function result(findings: Finding[], rules = [rootKeyMeta, consoleUserMeta]): LintResult {
  return { findings, notes: [], rules, filesScanned: 1, cwd: path.join(repoRoot, 'infra'), repoRoot };
}

function baselineFile(name: string, content: unknown): string {
  const file = path.join(work, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const read = (file: string) => readBaseline(file, new FileReader([work], 1 << 20));

function baseline(entries: Baseline['entries']): Baseline {
  return { file: '/repo/baseline.json', shown: 'baseline.json', entries, fingerprints: new Set(entries.map((entry) => entry.fingerprint)) };
}

describe('baseline file', () => {
  it('writes version 2: unsuppressed findings but parse errors, sorted by file, rule and address, relative to the repository root', () => {
    const text = writeBaseline(
      result([
        finding('root-user-access-key', 'infra/b.tf', 'aws_iam_access_key.z', 'f1'),
        finding('console-user-with-access-key', 'infra/b.tf', 'aws_iam_access_key.y', 'f2'),
        finding('root-user-access-key', 'infra/a.tf', 'aws_iam_access_key.x', 'f3'),
        finding('invalid-suppression', 'infra/a.tf', undefined, 'f4', { severity: 'warning' }),
        finding('parse-error', 'infra/c.tf', undefined, 'f5'),
        finding('root-user-access-key', 'infra/d.tf', 'aws_iam_access_key.s', 'f6', { suppression: { kind: 'inline', justification: 'ok' } }),
        // The same finding in a second deployment unit: one entry.
        finding('root-user-access-key', 'infra/a.tf', 'aws_iam_access_key.x', 'f3', { unitId: 'other' }),
      ]),
    );
    expect(JSON.parse(text)).toEqual({
      version: 2,
      entries: [
        { fingerprint: 'f4', rule: 'invalid-suppression', file: 'infra/a.tf', address: null, message: 'invalid-suppression at infra/a.tf.' },
        {
          fingerprint: 'f3',
          rule: 'root-user-access-key',
          file: 'infra/a.tf',
          address: 'aws_iam_access_key.x',
          message: 'root-user-access-key at aws_iam_access_key.x.',
        },
        {
          fingerprint: 'f2',
          rule: 'console-user-with-access-key',
          file: 'infra/b.tf',
          address: 'aws_iam_access_key.y',
          message: 'console-user-with-access-key at aws_iam_access_key.y.',
        },
        {
          fingerprint: 'f1',
          rule: 'root-user-access-key',
          file: 'infra/b.tf',
          address: 'aws_iam_access_key.z',
          message: 'root-user-access-key at aws_iam_access_key.z.',
        },
      ],
    });
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('cuts long messages (they are for reading, not matching)', () => {
    const long = finding('root-user-access-key', 'a.tf', 'k', 'f', { message: 'x'.repeat(400) });
    const [entry] = (JSON.parse(writeBaseline(result([long]))) as { entries: { message: string }[] }).entries;
    expect(entry?.message).toBe(`${'x'.repeat(299)}…`);
  });

  it('reads version 2 and version 1', () => {
    const v2 = read(baselineFile('v2.json', { version: 2, entries: [{ fingerprint: 'a', rule: 'r', file: 'f.tf', address: null, message: 'm' }] }));
    expect(v2.entries).toEqual([{ fingerprint: 'a', rule: 'r', file: 'f.tf', address: null, message: 'm' }]);
    const v1 = read(baselineFile('v1.json', { version: 1, fingerprints: ['a', 'b'] }));
    expect(v1.entries).toEqual([{ fingerprint: 'a' }, { fingerprint: 'b' }]);
    expect([...v1.fingerprints]).toEqual(['a', 'b']);
  });

  it('refuses malformed files, naming the problem and the expected shape', () => {
    const cases: [unknown, RegExp][] = [
      ['{', /cannot read baseline/],
      [[], /not a JSON object/],
      [{ version: 3, entries: [] }, /unknown version 3/],
      [{ version: 2, fingerprints: ['a'] }, /"entries" is not a list/],
      [{ version: 2, entries: [{ rule: 'r' }] }, /entry 0 has no fingerprint/],
      [{ version: 2, entries: [{ fingerprint: 'a', file: 3 }] }, /entry 0 has a field that is not a string/],
      [{ version: 1, fingerprints: [1] }, /"fingerprints" is not a list of strings/],
    ];
    for (const [index, [content, message]] of cases.entries()) {
      const file = baselineFile(`bad-${String(index)}.json`, content);
      expect(() => read(file)).toThrow(BaselineError);
      expect(() => read(file)).toThrow(message);
    }
    expect(() => read(baselineFile('bad-shape.json', { version: 9 }))).toThrow(/expected \{ "version": 2, "entries"/);
  });

  it("names the line and column of a JSON syntax error (a merge conflict's marker), without JSON.parse's quote of the text", () => {
    const file = baselineFile('conflict.json', '{\n  "version": 2,\n  "entries": [\n<<<<<<< HEAD\n  ]\n}\n');
    expect(() => read(file)).toThrow(`cannot read baseline ${file}: JSON syntax error at line 4, column 1: Unexpected token '<'`);
  });
});

describe('stale entries', () => {
  const entries = [
    { fingerprint: 'found', rule: 'root-user-access-key', file: 'infra/a.tf', address: 'aws_iam_access_key.k', message: 'old' },
    { fingerprint: 'gone', rule: 'root-user-access-key', file: 'infra/a.tf', address: 'k', message: 'm' },
    { fingerprint: 'elsewhere', rule: 'root-user-access-key', file: 'modules/b.tf', address: 'k', message: 'm' },
    { fingerprint: 'rule-off', rule: 'multiple-active-access-keys', file: 'infra/a.tf', address: 'k', message: 'm' },
    { fingerprint: 'suppression', rule: 'invalid-suppression', file: 'infra/a.tf', address: null, message: 'm' },
    { fingerprint: 'v1' },
  ];
  const found = result([finding('root-user-access-key', 'infra/a.tf', 'aws_iam_access_key.k', 'found')]);

  it('are entries the run checked (file under a scanned path, rule that ran) and did not find', () => {
    const status = baselineStatus(baseline(entries), found, [path.join(repoRoot, 'infra')]);
    expect(status.stale.map((entry) => entry.fingerprint)).toEqual(['gone', 'suppression']);
    expect(status.undecided).toBe(3);
    expect(status.incomplete).toBe(false);
  });

  it('include version 1 entries and every file only when the whole repository was scanned', () => {
    const status = baselineStatus(baseline(entries), found, [repoRoot]);
    expect(status.stale.map((entry) => entry.fingerprint)).toEqual(['gone', 'elsewhere', 'suppression', 'v1']);
    expect(status.undecided).toBe(1);
  });

  it('are none after an incomplete scan, and pruning is refused then', () => {
    const broken = result([...found.findings, finding('parse-error', 'infra/c.tf', undefined, 'p')]);
    const status = baselineStatus(baseline(entries), broken, [repoRoot]);
    expect(status.stale).toEqual([]);
    expect(status.incomplete).toBe(true);
    expect(staleBaselineReport(status)).toBeUndefined();
    expect(() => prunedBaseline(status)).toThrow(/not pruned: the scan was incomplete/);
  });

  it('are pruned, the found entries rewritten from their findings, the undecided ones kept as they were', () => {
    const pruned = JSON.parse(prunedBaseline(baselineStatus(baseline(entries), found, [path.join(repoRoot, 'infra')]))) as {
      version: number;
      entries: unknown[];
    };
    expect(pruned).toEqual({
      version: 2,
      entries: [
        { fingerprint: 'v1' },
        { fingerprint: 'rule-off', rule: 'multiple-active-access-keys', file: 'infra/a.tf', address: 'k', message: 'm' },
        {
          fingerprint: 'found',
          rule: 'root-user-access-key',
          file: 'infra/a.tf',
          address: 'aws_iam_access_key.k',
          message: 'root-user-access-key at aws_iam_access_key.k.',
        },
        { fingerprint: 'elsewhere', rule: 'root-user-access-key', file: 'modules/b.tf', address: 'k', message: 'm' },
      ],
    });
  });

  it('include an entry whose rule, file or address is not those of the finding with its fingerprint, never rewritten from it', () => {
    // A pull request copying a new finding's fingerprint into an entry that reads like an old finding elsewhere.
    const forged = [
      { fingerprint: 'found', rule: 'root-user-access-key', file: 'legacy/old.tf', address: 'aws_iam_access_key.k', message: 'retired' },
      { fingerprint: 'found', rule: 'root-user-access-key', file: 'infra/a.tf', address: 'aws_iam_access_key.retired', message: 'retired' },
      { fingerprint: 'found', rule: 'invalid-suppression', file: 'infra/a.tf', address: 'aws_iam_access_key.k', message: 'retired' },
    ];
    const whole = baselineStatus(baseline(forged), found, [repoRoot]);
    expect(whole.stale).toEqual(forged);
    expect(whole.matched.size).toBe(0);
    const partial = baselineStatus(baseline(forged), found, [path.join(repoRoot, 'infra')]);
    expect(partial.stale).toEqual(forged.slice(1));
    expect(JSON.parse(prunedBaseline(partial))).toEqual({ version: 2, entries: [forged[0]] });
  });

  it('are reported with a count, the first twenty listed, every field escaped', () => {
    const many = Array.from({ length: 23 }, (_, index) => ({
      fingerprint: `f${String(index)}`,
      rule: 'root-user-access-key',
      file: `infra/${String(index)}.tf`,
    }));
    const report = staleBaselineReport(baselineStatus(baseline(many), result([]), [repoRoot])) ?? '';
    const lines = report.split('\n');
    expect(lines[0]).toBe('credlint: 23 stale baseline entries in baseline.json (no longer found; --prune-baseline removes them):');
    expect(lines[1]).toBe('  root-user-access-key infra/0.tf');
    expect(lines.slice(-2)).toEqual(['  … and 3 more', '']);
    expect(lines).toHaveLength(23);
    const hostile = [{ fingerprint: 'h', rule: 'root-user-access-key', file: 'infra/\u202ex.tf', address: 'a\u001b[2J' }];
    expect(staleBaselineReport(baselineStatus(baseline(hostile), result([]), [repoRoot]))).toContain('  root-user-access-key infra/\\u202ex.tf a\\x1b[2J\n');
    expect(staleBaselineReport(baselineStatus(baseline([{ fingerprint: 'old' }]), result([]), [repoRoot]))).toContain('  fingerprint old (version 1 entry)\n');
  });
});
