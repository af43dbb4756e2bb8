/**
 * The per-file bound on `invalid-suppression` and `unused-suppression` results (docs/security.md, "What
 * credlint bounds") is applied before the results are built: a file of 470,000 `credlint-ignore`
 * comments naming an unknown rule spent seconds fingerprinting results the bound then dropped. The
 * work is counted here as calls of the fingerprint function, the costly part of each result.
 */
import { describe, expect, it } from 'vitest';
import { DIAGNOSTICS_PER_FILE } from '../../src/core/diagnostics-per-file.js';
import { applySuppressions, type SuppressionOptions } from '../../src/suppress/apply-suppressions.js';

const FILE = '/repo/main.tf';

function run(text: string, reportUnused = false) {
  let fingerprints = 0;
  const options: SuppressionOptions = {
    ruleIds: new Set(['root-user-access-key']),
    today: '2026-12-07',
    reportUnused,
    files: [FILE],
    declared: [],
    fingerprint: (ruleId, file, address) => {
      fingerprints += 1;
      return `${ruleId}|${file}|${address}`;
    },
    readSource: () => text,
  };
  const results = applySuppressions([], options);
  return { results, fingerprints };
}

describe('results about suppression comments past the per-file bound', () => {
  it('are counted, not built: one fingerprint per result reported', () => {
    const { results, fingerprints } = run('# credlint-ignore no-such-rule\n'.repeat(5_000));
    expect(results).toHaveLength(DIAGNOSTICS_PER_FILE + 1);
    expect(results.at(-1)?.message).toBe(
      '4900 more invalid-suppression results of this file, from here on, are not listed (credlint lists the first 100 of each kind in a file)',
    );
    expect(results.at(-1)?.fingerprint).toBe(`invalid-suppression|${FILE}|not listed`);
    expect(results.at(-1)?.location.range.start.line).toBe(DIAGNOSTICS_PER_FILE + 1);
    expect(results[0]?.message).toBe('Suppression names unknown rule "no-such-rule", so it suppresses nothing.');
    expect(fingerprints).toBe(DIAGNOSTICS_PER_FILE + 1);
  });

  it('also for unused suppressions, each kind bounded on its own', () => {
    const lines = Array.from({ length: 3_000 }, (_, i) =>
      i % 2 === 0 ? '# credlint-ignore root-user-access-key -- kept for the migration\n' : '# credlint-ignore root-user-access-key\n',
    );
    const { results, fingerprints } = run(lines.join(''), true);
    const unused = results.filter((r) => r.ruleId === 'unused-suppression');
    const invalid = results.filter((r) => r.ruleId === 'invalid-suppression');
    expect(unused).toHaveLength(DIAGNOSTICS_PER_FILE + 1);
    expect(invalid).toHaveLength(DIAGNOSTICS_PER_FILE + 1);
    expect(unused[0]?.message).toBe('Suppression of root-user-access-key matches no finding.');
    expect(invalid[0]?.message).toBe('Suppression has no reason (write "-- <reason>" after the rule ids), so it suppresses nothing.');
    expect(fingerprints).toBe(2 * (DIAGNOSTICS_PER_FILE + 1));
  });
});
