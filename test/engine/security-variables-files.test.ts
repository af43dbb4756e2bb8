/**
 * The variables files a committed configuration file names (`varFiles`), which a pull request writes
 * (docs/security.md, "What credlint bounds"): listing a file many times, or many files, must cost the
 * scan neither its deadline nor a line of output per entry.
 */
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/core/finding.js';
import { lint } from '../../src/engine.js';
import { hostileWorkspaces, parseErrorsOf } from '../support/hostile-workspace.js';

const workspace = hostileWorkspaces('credlint-var-files-');

/** Two active keys for the user `var.n` names: the finding's message tells which value `n` took. */
const TWO_KEYS =
  'variable "n" {\n  default = "ops"\n}\n\nresource "aws_iam_access_key" "a" {\n  user = var.n\n}\n\nresource "aws_iam_access_key" "b" {\n  user = var.n\n}\n';

/** A variables file of `count` assignments, about 40 bytes each. */
function manyValues(count: number): string {
  let text = '';
  for (let i = 0; i < count; i += 1) text += `v${String(i)} = "abcdefghijabcdefghijabcdefghij"\n`;
  return text;
}

function keysFindings(result: LintResult): string[] {
  return result.findings.filter((f) => f.ruleId === 'multiple-active-access-keys').map((f) => f.message);
}

async function scanWith(root: string, configVarFiles: readonly string[], limits: { scanSeconds?: number } = {}) {
  const started = Date.now();
  const result = await lint({ paths: [root], cwd: root, env: {}, configVarFiles: configVarFiles.map((f) => join(root, f)), limits });
  return { result, seconds: (Date.now() - started) / 1000 };
}

describe('varFiles of a committed configuration file', () => {
  it('25,000 missing files: 20 listed, the rest counted in one parse error', async () => {
    const root = workspace({ 'infra/main.tf': TWO_KEYS });
    const names = Array.from({ length: 25_000 }, (_, i) => `missing-${String(i).padStart(6, '0')}.tfvars`);
    const { result } = await scanWith(root, names);
    const errors = parseErrorsOf(result);
    expect(errors).toHaveLength(21);
    expect(errors.slice(0, 20).map((e) => e.message)).toEqual(Array.from({ length: 20 }, () => 'file does not exist'));
    expect(errors[20]).toEqual({
      file: join(root, 'missing-000020.tfvars'),
      line: 1,
      message: 'this variables file and 24979 more that the configuration file or --var-file name could not be read (the first 20 are listed apart)',
    });
    // The scan is otherwise whole: the module's finding is there.
    expect(result.findings.filter((f) => f.ruleId === 'multiple-active-access-keys')).toHaveLength(1);
  });

  it('one 400 KB file named 300 times is read once', async () => {
    const root = workspace({ 'infra/main.tf': TWO_KEYS, 'big.tfvars': `${manyValues(10_000)}n = "named"\n` });
    const { result, seconds } = await scanWith(
      root,
      Array.from({ length: 300 }, () => 'big.tfvars'),
    );
    expect(seconds, 'before: each copy parsed again, 17 s in all').toBeLessThan(5);
    expect(parseErrorsOf(result)).toEqual([]);
    expect(keysFindings(result)).toEqual([expect.stringContaining('IAM user "named" has 2 active access keys')]);
  });

  it('a file named again takes effect at its last place, as Terraform applies them', async () => {
    const root = workspace({ 'infra/main.tf': TWO_KEYS, 'a.tfvars': 'n = "from-a"\n', 'b.tfvars': 'n = "from-b"\n' });
    const { result } = await scanWith(root, ['a.tfvars', 'b.tfvars', 'a.tfvars']);
    expect(keysFindings(result)).toEqual([expect.stringContaining('IAM user "from-a" has 2 active access keys')]);
    const again = await scanWith(root, ['b.tfvars', 'a.tfvars', 'b.tfvars']);
    expect(keysFindings(again.result)).toEqual([expect.stringContaining('IAM user "from-b" has 2 active access keys')]);
  });

  it('200 links to one 400 KB file stop at the scan deadline', async () => {
    const root = workspace({ 'infra/main.tf': TWO_KEYS, 'big.tfvars': manyValues(10_000) });
    const names = Array.from({ length: 200 }, (_, i) => `link-${String(i)}.tfvars`);
    for (const name of names) symlinkSync('big.tfvars', join(root, name));
    const { result: limited, seconds } = await scanWith(root, names, { scanSeconds: 1 });
    expect(seconds, 'before: about 20 s, the deadline never looked at').toBeLessThan(6);
    expect(parseErrorsOf(limited).map((e) => e.message)).toContainEqual(expect.stringContaining('the scan deadline passed'));
  });
});
