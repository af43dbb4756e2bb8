/**
 * Every `--report-unknown` warning says why the value was unknown, and so does every note: over every
 * fixture case (each run with `--report-unknown`), no message has an empty reason where one is filled
 * in (`...: .`, `is not known (): ...`), whichever path produced the unknown value.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { fixtureCases, repoRoot } from '../support/fixture-cases.js';

/**
 * A reason filled in empty: nothing after a colon but the sentence's end (`...: .`), between a colon and a
 * semicolon, after a semicolon that ends the sentence, or between parentheses opened after a space
 * (`is not known ()`). Reasons may quote code (`findAll()`, `'root';)`), which none of these match.
 */
const EMPTY_REASON = /:\s*\.?$|:\s*;|;\s*\.?$|\s\(\s*\)/u;

describe('unknown reasons', () => {
  it('are never empty in a warning or a note of any fixture', async () => {
    const empty: string[] = [];
    for (const fixture of fixtureCases()) {
      const result = await lint({ ...fixture.options, reportUnknown: true, paths: [path.relative(repoRoot, fixture.dir)], cwd: repoRoot });
      const messages = [...result.findings.filter((f) => f.unknown === true).map((f) => f.message), ...result.notes.map((n) => n.message)];
      for (const message of messages)
        if (EMPTY_REASON.test(message)) empty.push(`${fixture.ruleId}/${fixture.format}/${fixture.polarity}/${fixture.name}: ${message}`);
    }
    expect(empty).toEqual([]);
  }, 300_000);
});
