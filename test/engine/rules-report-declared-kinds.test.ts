/**
 * A rule reports only on the model kinds it declares (`RuleMeta.reports`): the prefilter keeps only
 * inputs holding a word of a declared kind (`src/formats/relevance.ts`), so a report on another kind
 * could be lost to it. Every rule runs, through the whole engine with the prefilter off (so no unit
 * is skipped) and unknowns reported, over every fixture; each report's resource kind is checked.
 */
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { rules } from '../../rules/index.js';
import type { RuleReport } from '../../src/model/rule.js';
import { lint } from '../../src/engine.js';
import type { CredentialResource } from '../../src/model/model.js';
import { fixtureCases, repoRoot } from '../support/fixture-cases.js';

afterAll(async () => {
  vi.restoreAllMocks();
});

/** Every report each rule made, recorded by wrapping its `check`. */
const reports = new Map<string, RuleReport[]>(rules.map((rule) => [rule.meta.id, []]));
for (const rule of rules) {
  const check = rule.check.bind(rule);
  vi.spyOn(rule, 'check').mockImplementation((context) =>
    check({
      ...context,
      report(report) {
        reports.get(rule.meta.id)?.push(report);
        context.report(report);
      },
    }),
  );
}

describe('rules report only the kinds they declare', () => {
  it('over every fixture, with the prefilter off and unknowns reported', async () => {
    const cases = fixtureCases();
    expect(cases.length).toBeGreaterThan(0);
    for (const fixture of cases) {
      await lint({ ...fixture.options, paths: [path.relative(repoRoot, fixture.dir)], cwd: repoRoot, prefilter: false, reportUnknown: true });
    }
    for (const rule of rules) {
      const made = reports.get(rule.meta.id) ?? [];
      // Each rule has positive fixtures: a run that saw no report would prove nothing.
      expect(made.length, rule.meta.id).toBeGreaterThan(0);
      const kinds = new Set(made.map((report) => (report.resource as CredentialResource).kind));
      for (const kind of kinds) expect(rule.meta.reports, `${rule.meta.id} reported on a ${kind}`).toContain(kind);
    }
  }, 300_000);
});
