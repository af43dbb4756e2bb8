import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { DUPLICATE_KEY } from '../../src/core/finding.js';
import { getReporter } from '../../src/reporters/index.js';
import { fixtureCases, repoRoot } from '../support/fixture-cases.js';

/**
 * Runs the whole engine on every fixture case and pins every finding as a code frame (stylish output
 * without colour) in a snapshot file beside this test: reviewable like code.
 */
describe('fixtures', () => {
  for (const fixture of fixtureCases()) {
    const title = `${fixture.ruleId} ${fixture.format} ${fixture.polarity} ${fixture.name}`;
    it(title, async () => {
      const result = await lint({ ...fixture.options, paths: [path.relative(repoRoot, fixture.dir)], cwd: repoRoot });
      const errors = result.findings.filter((f) => f.ruleId === 'parse-error');
      expect(errors.map((f) => f.message)).toEqual([]);
      const own = result.findings.filter((f) => f.ruleId === fixture.ruleId && !f.unknown);
      if (fixture.polarity === 'positive') {
        expect(own.length, 'a positive case produces a finding of its rule').toBeGreaterThan(0);
      } else {
        // A duplicate key is a warning about the input, not a rule's finding (the snapshot pins it).
        expect(
          result.findings.filter((f) => !f.unknown && f.ruleId !== DUPLICATE_KEY).map((f) => `${f.ruleId}: ${f.message}`),
          'a negative case produces no finding from any rule',
        ).toEqual([]);
        if (fixture.options.reportUnknown === true) {
          expect(
            result.findings.filter((f) => f.ruleId === fixture.ruleId).map((f) => f.message),
            'a negative case run with --report-unknown produces no warning of its rule either',
          ).toEqual([]);
        }
      }
      const rendered = getReporter('stylish')(result, {
        cwd: repoRoot,
        color: false,
        readSource: (file) => readFileSync(file, 'utf8'),
      });
      await expect(rendered).toMatchFileSnapshot(
        path.join('__snapshots__', 'fixtures', fixture.ruleId, fixture.format, fixture.polarity, `${fixture.name}.txt`),
      );
    });
  }
});
