/**
 * With the `findings` limit reached, the findings of the last units in report order are dropped before
 * suppressions are applied: a suppression that matched one of them matched nothing, and was reported as
 * an `unused-suppression` (a reviewer would delete it, and the key it covers would fail the next
 * complete scan). The suppressions of a unit that lost findings are not judged.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';

const PROFILE = (user: string) => `resource "aws_iam_user_login_profile" "p" {\n  user = "${user}"\n}\n`;
const KEY = (user: string) => `resource "aws_iam_access_key" "k" {\n  user = "${user}"\n}\n`;
const KEYED = (user: string) => `${PROFILE(user)}${KEY(user)}`;
// The finding is at the key: the suppression is written above it.
const SUPPRESSED = (user: string) => `${PROFILE(user)}# credlint-ignore console-user-with-access-key -- reviewed\n${KEY(user)}`;

describe('unused suppressions when the findings limit is reached', () => {
  it('a unit whose findings were dropped has no unused suppression; a unit kept whole still does', async () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-budget-unused-')));
    const files: Record<string, string> = {
      'a-kept/main.tf': KEYED('ana'),
      // Kept whole: its suppression matches nothing, and is reported.
      'b-unused/main.tf': '# credlint-ignore console-user-with-access-key -- reviewed\nresource "aws_iam_user" "u" {\n  name = "bo"\n}\n',
      // Listed after the limit: its findings are dropped, so is the suppression's judgement.
      'c-dropped/main.tf': SUPPRESSED('cy'),
    };
    try {
      for (const [file, text] of Object.entries(files)) {
        mkdirSync(dirname(join(root, file)), { recursive: true });
        writeFileSync(join(root, file), text);
      }
      const all = await lint({ paths: [root], cwd: root, reportUnusedSuppressions: true });
      const perUnit = all.findings.filter((f) => f.ruleId !== 'unused-suppression' && f.location.file.endsWith('a-kept/main.tf')).length;
      const result = await lint({ paths: [root], cwd: root, reportUnusedSuppressions: true, limits: { findings: perUnit } });
      const listed = result.findings.map((f) => `${f.ruleId} ${f.location.file.slice(root.length + 1)}`);
      expect(listed.filter((line) => line.startsWith('unused-suppression'))).toEqual(['unused-suppression b-unused/main.tf']);
      expect(listed).toContain('parse-error c-dropped/main.tf');
      // Without the limit, the suppression in c-dropped is used.
      expect(all.findings.filter((f) => f.ruleId === 'unused-suppression').map((f) => f.location.file.slice(root.length + 1))).toEqual(['b-unused/main.tf']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
