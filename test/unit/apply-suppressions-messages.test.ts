/**
 * An `invalid-suppression` result says what to write, in the syntax of the suppression it is about: a
 * CloudFormation `Metadata` entry written with Checkov's `justification:` instead of `reason:` was told
 * to 'write "-- <reason>" after the rule ids', a comment's syntax that a JSON template cannot hold.
 */
import { describe, expect, it } from 'vitest';
import { applySuppressions, type SuppressionOptions } from '../../src/suppress/apply-suppressions.js';
import type { SuppressionDirective } from '../../src/suppress/suppression-comments.js';

const FILE = '/repo/template.yaml';
const at = { file: FILE, range: { start: { line: 9, column: 11 }, end: { line: 9, column: 20 } } };

function messages(declared: Partial<SuppressionDirective>[], comments = ''): string[] {
  const options: SuppressionOptions = {
    ruleIds: new Set(['multiple-active-access-keys']),
    today: '2026-12-07',
    reportUnused: false,
    files: comments === '' ? [] : ['/repo/main.tf'],
    declared: declared.map((d) => ({ kind: 'metadata', rules: [], until: undefined, reason: undefined, location: at, ...d })),
    fingerprint: (ruleId, file, address) => `${ruleId}|${file}|${address}`,
    readSource: () => comments,
  };
  return applySuppressions([], options).map((r) => r.message);
}

describe('invalid-suppression messages', () => {
  it('give the metadata syntax for a Metadata entry', () => {
    expect(messages([{ rules: ['multiple-active-access-keys'] }])).toEqual([
      'Suppression has no reason (write reason: <why> beside rule), so it suppresses nothing.',
    ]);
    expect(messages([{ rules: ['multiple-active-access-keys'], reason: 'OPS-1', until: '31/12/2026' }])).toEqual([
      'Suppression has an invalid date "31/12/2026" (expected until: YYYY-MM-DD), so it suppresses nothing.',
    ]);
    expect(messages([{}])).toEqual(['Suppression names no rule id (write ignore: [{ rule: <rule-id>, reason: <why> }]), so it suppresses nothing.']);
  });

  it('give the comment syntax for a comment', () => {
    expect(
      messages(
        [],
        [
          '# credlint-ignore multiple-active-access-keys',
          '# credlint-ignore multiple-active-access-keys until=31/12/2026 -- OPS-1',
          '# credlint-ignore -- OPS-1',
          '',
        ].join('\n'),
      ),
    ).toEqual([
      'Suppression has no reason (write "-- <reason>" after the rule ids), so it suppresses nothing.',
      'Suppression has an invalid date "31/12/2026" (expected until=YYYY-MM-DD), so it suppresses nothing.',
      'Suppression names no rule id, so it suppresses nothing.',
    ]);
  });
});
