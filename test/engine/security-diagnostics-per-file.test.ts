/**
 * One file a pull request writes can hold a problem per line (docs/security.md, "What credlint
 * bounds"): a variables file of non-constant values, a template of repeated keys, a module of remote
 * calls, suppression comments without a reason. Each was one result, so a few such files made a scan
 * take half a minute and more than a gigabyte; past a bound per file and kind, the rest are counted in
 * one result at the first one not listed, and a scan with parse errors stays incomplete.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/core/finding.js';
import { hostileWorkspaces, scanHostile } from '../support/hostile-workspace.js';

const workspace = hostileWorkspaces('credlint-per-file-');

function lines(count: number, line: (i: number) => string): string {
  return Array.from({ length: count }, (_, i) => line(i)).join('');
}

function resultsAt(result: LintResult, ruleId: string, file: string): string[] {
  return result.findings.filter((f) => f.ruleId === ruleId && f.location.file === file).map((f) => f.message);
}

const KEY = 'resource "aws_iam_access_key" "k" {\n  user = var.n\n}\nvariable "n" {\n  default = "ops"\n}\n';

describe('results about the input, per file', () => {
  it('a terraform.tfvars of 300 non-constant values: 20 parse errors listed, the rest counted', async () => {
    const root = workspace({ 'infra/main.tf': KEY, 'infra/terraform.tfvars': lines(300, (i) => `v${String(i)} = f()\n`) });
    const errors = resultsAt(await scanHostile(root), 'parse-error', join(root, 'infra/terraform.tfvars'));
    expect(errors).toHaveLength(21);
    expect(errors[20]).toBe('280 more problems of this variables file, from here on, are not listed (the first 20 are)');
  });

  it('a template of 300 repeated keys: 100 duplicate-key warnings listed, the rest counted', async () => {
    const metadata = lines(300, () => '  Note: x\n');
    const root = workspace({ 'cfn/t.yaml': `Resources:\n  K:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: bob\nMetadata:\n${metadata}` });
    const warnings = resultsAt(await scanHostile(root), 'duplicate-key', join(root, 'cfn/t.yaml'));
    expect(warnings).toHaveLength(101);
    expect(warnings).toContain(
      '199 more duplicate-key warnings of this file, from here on, are not listed (credlint lists the first 100 of each kind in a file)',
    );
  });

  it('a module of 300 remote module calls: 100 notes listed, the rest counted', async () => {
    const calls = lines(300, (i) => `module "m${String(i)}" {\n  source = "example/m${String(i)}/aws"\n}\n`);
    const root = workspace({ 'infra/main.tf': KEY + calls });
    const result = await scanHostile(root);
    const notes = result.notes.filter((n) => n.location.file === join(root, 'infra/main.tf')).map((n) => n.message);
    expect(notes).toHaveLength(101);
    expect(notes).toContain('200 more notes of this file, from here on, are not listed (credlint lists the first 100 of each kind in a file)');
  });

  it('300 suppression comments without a reason: 100 invalid-suppression warnings listed, the rest counted', async () => {
    const root = workspace({ 'infra/main.tf': KEY + lines(300, () => '# credlint-ignore root-user-access-key\n') });
    const warnings = resultsAt(await scanHostile(root), 'invalid-suppression', join(root, 'infra/main.tf'));
    expect(warnings).toHaveLength(101);
    expect(warnings).toContain(
      '200 more invalid-suppression results of this file, from here on, are not listed (credlint lists the first 100 of each kind in a file)',
    );
  });

  it('100 of a kind are all listed', async () => {
    const calls = lines(100, (i) => `module "m${String(i)}" {\n  source = "example/m${String(i)}/aws"\n}\n`);
    const root = workspace({ 'infra/main.tf': KEY + calls });
    const result = await scanHostile(root);
    expect(result.notes.filter((n) => n.location.file === join(root, 'infra/main.tf'))).toHaveLength(100);
  });
});
