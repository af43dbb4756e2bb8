/**
 * The prefilter must be sound: findings with and without it are identical, over the repository's
 * fixtures and over a generated corpus (the benchmark's generator, scaled down).
 */
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LintResult } from '../src/core/finding.js';
import { lint } from '../src/engine.js';
import { closeHclParser } from '../src/terraform/parse-hcl.js';
import { generateCorpus } from '../scripts/bench-corpus.js';

afterAll(async () => {
  await closeHclParser();
});

const view = (result: LintResult) =>
  result.findings.map((f) => ({ ruleId: f.ruleId, file: f.location.file, range: f.location.range, message: f.message, fingerprint: f.fingerprint }));

async function bothWays(dir: string): Promise<{ on: LintResult; off: LintResult }> {
  const on = await lint({ paths: [dir], cwd: dir });
  const off = await lint({ paths: [dir], cwd: dir, prefilter: false });
  return { on, off };
}

describe('prefilter on and off give identical findings', () => {
  it('over a generated corpus, while analysing far fewer files', async () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-prefilter-corpus-')));
    try {
      generateCorpus(root, { appDirectories: 40, templates: 60 });
      const { on, off } = await bothWays(root);
      expect(view(on)).toEqual(view(off));
      expect(on.findings.filter((f) => f.ruleId !== 'parse-error').length).toBeGreaterThanOrEqual(8);
      expect(on.filesScanned).toBeLessThan(off.filesScanned / 4);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  const fixtures = join(import.meta.dirname, '..', 'fixtures');
  it.skipIf(!existsSync(fixtures))('over the repository fixtures', async () => {
    const { on, off } = await bothWays(fixtures);
    expect(view(on)).toEqual(view(off));
    expect(on.findings.length).toBeGreaterThan(0);
  });
});
