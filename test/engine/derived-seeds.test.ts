/**
 * The engine hands each format's claim the seed words derived from the registered rules
 * (`src/formats/relevance.ts`): the words the prefilter searches are the derived ones.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { rules } from '../../rules/index.js';
import { lint } from '../../src/engine.js';
import type { ClaimContext } from '../../src/formats/format.js';
import { formats } from '../../src/formats/index.js';
import { reportedKinds, seedWords } from '../../src/formats/relevance.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(async () => {
  vi.restoreAllMocks();
  removeTempTrees();
});

describe('the seeds each format claims with', () => {
  it('are derived from what the registered rules report', async () => {
    const seen = new Map<string, readonly string[]>();
    for (const format of formats) {
      const claim = format.claim.bind(format);
      vi.spyOn(format, 'claim').mockImplementation((files: readonly string[], context: ClaimContext) => {
        seen.set(format.id, context.seeds);
        return claim(files, context);
      });
    }
    const root = tempTree({ 'main.tf': 'resource "aws_iam_access_key" "k" {\n  user = "root"\n}\n' }, 'credlint-seeds-');
    const result = await lint({ paths: [root], cwd: root });
    expect(result.findings.map((f) => f.ruleId)).toEqual(['root-user-access-key']);
    const kinds = reportedKinds(rules);
    for (const format of formats) expect(seen.get(format.id), format.id).toEqual(seedWords(format, kinds));
  });
});
