/**
 * The scan's `findings` budget (docs/security.md, "Limits you can change"): the findings kept are those
 * the report lists first, whatever order the units arrive in, and one `parse-error` at the first finding
 * left out counts the rest.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../../src/core/limits.js';
import type { CheckedUnit } from '../../../src/run-rules/check-unit.js';
import { FindingsBudget } from '../../../src/run-rules/findings-budget.js';
import type { RawFinding } from '../../../src/suppress/apply-suppressions.js';

function unit(id: string, order: number, count: number): CheckedUnit {
  const raw: RawFinding[] = Array.from({ length: count }, (_, index) => ({
    resource: undefined,
    finding: {
      ruleId: 'console-user-with-access-key',
      severity: 'error',
      message: `${id} #${String(index)}`,
      location: { file: `${id}/main.tf`, range: { start: { line: index + 1, column: 1 }, end: { line: index + 1, column: 2 } } },
      related: [],
      fingerprint: `${id}-${String(index)}`,
    },
  }));
  return { id, order, raw, anchorFiles: [], declared: [] };
}

/** Admits the units in the given order; the messages kept, in report order, and the error's message and file. */
function run(units: readonly CheckedUnit[], findings: number) {
  const budget = new FindingsBudget({ ...DEFAULT_LIMITS, findings });
  const admitted = units.map((u) => budget.admit(u));
  admitted.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.order - b.order));
  const error = budget.diagnostic();
  return {
    kept: admitted.flatMap((u) => u.raw.map((r) => r.finding.message)),
    error: error === undefined ? undefined : { kind: error.kind, message: error.message, line: error.location.range.start.line, file: error.location.file },
  };
}

describe('FindingsBudget', () => {
  const units = [unit('terraform:a', 0, 3), unit('terraform:b', 1, 4), unit('terraform:c', 2, 0), unit('terraform:d', 3, 5)];

  it('keeps everything within the budget, with no error', () => {
    const result = run(units, 12);
    expect(result.kept).toHaveLength(12);
    expect(result.error).toBeUndefined();
  });

  it('keeps the first findings in report order, and counts the rest at the first left out', () => {
    const result = run(units, 5);
    expect(result.kept).toEqual(['terraform:a #0', 'terraform:a #1', 'terraform:a #2', 'terraform:b #0', 'terraform:b #1']);
    expect(result.error).toEqual({
      kind: 'parse-error',
      file: 'terraform:b/main.tf',
      line: 3,
      message:
        'analysis limit reached: 7 findings were not listed, this one first (credlint keeps the first findings of a scan, its deployment units taken in the order of the report) (limit findings = 5; raise it with --limit findings=N)',
    });
  });

  it('gives the same answer whatever order the units arrive in', () => {
    const expected = run(units, 5);
    const orders = [
      [3, 2, 1, 0],
      [1, 3, 0, 2],
      [2, 0, 3, 1],
      [3, 0, 2, 1],
    ];
    for (const order of orders)
      expect(
        run(
          order.map((i) => units[i] as CheckedUnit),
          5,
        ),
      ).toEqual(expected);
    for (const findings of [1, 3, 7, 11]) {
      const forward = run(units, findings);
      for (const order of orders)
        expect(
          run(
            order.map((i) => units[i] as CheckedUnit),
            findings,
          ),
        ).toEqual(forward);
    }
  });

  it('keeps a many-unit scan within the budget in report order (a heap, not a sort per unit)', () => {
    const many = Array.from({ length: 5000 }, (_, i) => unit(`terraform:m${String(i).padStart(5, '0')}`, i, 3));
    const reversed = [...many].reverse();
    const result = run(reversed, 100);
    expect(result.kept).toHaveLength(100);
    expect(result.kept[0]).toBe('terraform:m00000 #0');
    expect(result.kept.at(-1)).toBe('terraform:m00033 #0');
    expect(result.error?.message).toContain('14900 findings were not listed');
  });
});
