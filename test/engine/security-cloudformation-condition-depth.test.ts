/**
 * Conditions named through one another (`C1: !Not [!Condition C0]`, `C2: !Not [!Condition C1]`, ...)
 * are each evaluated inside the one naming them, in the condition evaluator and in the formulas that
 * compare conditions. A template of 20,000 of them ran past the JavaScript stack: the whole file was one
 * "internal error" at 1:1 and its other findings were lost. `conditionDepth` bounds the chain: past it,
 * a `parse-error` at the condition says so, that condition is undecided, and the rest of the file is
 * analysed.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/core/finding.js';
import type { Limits } from '../../src/core/limits.js';
import { lint } from '../../src/engine.js';
import { hostileWorkspaces } from '../support/hostile-workspace.js';

const workspace = hostileWorkspaces('credlint-cfn-condition-depth-');

/** A console user with an unconditional key, and a second key under the last of `n` chained conditions. */
function chain(n: number): string {
  return [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Parameters:',
    '  Mode: { Type: String }',
    'Conditions:',
    '  C0: !Equals [!Ref Mode, key]',
    ...Array.from({ length: n - 1 }, (_, i) => `  C${String(i + 1)}: !Not [!Condition C${String(i)}]`),
    'Resources:',
    '  Ops:',
    '    Type: AWS::IAM::User',
    '    Properties: { UserName: ops, LoginProfile: { Password: not-a-secret } }',
    '  Always:',
    '    Type: AWS::IAM::AccessKey',
    '    Properties: { UserName: ops }',
    '  Chained:',
    '    Type: AWS::IAM::AccessKey',
    `    Condition: C${String(n - 1)}`,
    '    Properties: { UserName: ops }',
    '',
  ].join('\n');
}

async function scan(root: string, limits: Partial<Limits> = {}): Promise<LintResult> {
  const started = Date.now();
  const result = await lint({ paths: [root], cwd: root, limits, reportUnknown: true });
  expect(Date.now() - started, 'ends within 10 s').toBeLessThan(10_000);
  return result;
}

function findingsIn(result: LintResult, file: string): string[] {
  return result.findings.filter((f) => f.location.file === file).map((f) => `${f.ruleId} ${f.severity} ${String(f.location.range.start.line)}`);
}

describe('conditions named through one another', () => {
  it('are followed below conditionDepth: the chained key is undecided (its parameter has no value), the other key an error', async () => {
    const root = workspace({ 'cfn/template.yaml': chain(200) });
    const file = join(root, 'cfn/template.yaml');
    const result = await scan(root);
    const lines = findingsIn(result, file);
    expect(lines.filter((line) => line.startsWith('parse-error'))).toEqual([]);
    expect(lines).toContain(`console-user-with-access-key error ${String(200 + 9)}`);
    expect(lines).toContain(`multiple-active-access-keys warning ${String(200 + 12)}`);
  });

  it('20,000 deep: a parse-error at the condition past conditionDepth, and the file still analysed', async () => {
    const root = workspace({ 'cfn/template.yaml': chain(20_000) });
    const file = join(root, 'cfn/template.yaml');
    const result = await scan(root);
    const errors = result.findings.filter((f) => f.ruleId === 'parse-error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.location.file).toBe(file);
    expect(errors[0]?.message).toMatch(
      /^analysis limit reached: condition C\d+ is named through more than 256 conditions that name one another \(limit conditionDepth = 256; raise it with --limit conditionDepth=N\)$/,
    );
    // Line 5 holds C0: the condition reached 256 below C19999 is C19743.
    expect(errors[0]?.location.range.start.line).toBe(5 + 19_999 - 256);
    expect(findingsIn(result, file)).toContain(`console-user-with-access-key error ${String(20_000 + 9)}`);
    expect(findingsIn(result, join(root, 'good/main.tf'))).toEqual(['console-user-with-access-key error 9']);
  });

  it('a lower conditionDepth stops a shorter chain', async () => {
    const root = workspace({ 'cfn/template.yaml': chain(40) });
    const result = await scan(root, { conditionDepth: 16 });
    const errors = result.findings.filter((f) => f.ruleId === 'parse-error');
    expect(errors.map((f) => f.message)).toEqual([expect.stringContaining('(limit conditionDepth = 16; ')]);
  });
});
