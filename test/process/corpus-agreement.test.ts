import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderReport, runCorpus } from '../../scripts/corpus.js';

const corpusDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'corpus', 'realworld');

describe.skipIf(!existsSync(join(corpusDir, 'labels.tsv')))('real-world corpus agreement', () => {
  it('agrees with every POS/NEG/INDET verdict, Terraform and CloudFormation', { timeout: 600_000 }, async () => {
    const verdicts = await runCorpus(corpusDir);
    const report = renderReport(verdicts);
    expect(verdicts.filter((v) => v.format === 'terraform').length).toBeGreaterThan(150);
    expect(verdicts.filter((v) => v.format === 'cloudformation').length).toBeGreaterThan(40);
    expect(
      verdicts.filter((v) => !v.agrees).map((v) => `${v.scanRoot} ${v.check}: expected ${v.expected} ${v.count}, got ${v.got}`),
      report,
    ).toEqual([]);
  });
});
