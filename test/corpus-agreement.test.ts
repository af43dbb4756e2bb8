import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { renderReport, runCorpus } from '../scripts/corpus.js';
import { closeHclParser } from '../src/terraform/parse-hcl.js';

const corpusDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'corpus', 'realworld');

describe.skipIf(!existsSync(join(corpusDir, 'labels.tsv')))('real-world corpus agreement', () => {
  afterAll(async () => {
    await closeHclParser();
  });

  it('agrees with every Terraform POS/NEG/INDET verdict', { timeout: 600_000 }, async () => {
    const verdicts = await runCorpus(corpusDir);
    const report = renderReport(verdicts);
    const terraform = verdicts.filter((v) => v.format === 'terraform');
    expect(terraform.length).toBeGreaterThan(100);
    expect(
      terraform.filter((v) => !v.agrees).map((v) => `${v.scanRoot} ${v.check}: expected ${v.expected} ${v.count}, got ${v.got}`),
      report,
    ).toEqual([]);
  });
});
