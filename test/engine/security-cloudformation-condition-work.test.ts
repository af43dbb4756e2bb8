/**
 * Deciding whether a resource `Condition` always or never holds (this release: `!Or [IsProd, !Not
 * [IsProd]]` is true) tries every assignment of the values it compares, up to ~260,000 steps for one
 * condition, and a template nested many times asks again in every stack instance: 20 instances of a
 * template of 2,000 such conditions took 57 s, past `--limit scanSeconds=10`, with exit code 0. The
 * unit's work is bounded by `conditionSteps`: where it runs out, a `parse-error` at the condition says
 * so, the conditions left are undecided (as before this release), and the scan goes on.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/core/finding.js';
import type { Limits } from '../../src/core/limits.js';
import { lint } from '../../src/engine.js';
import { hostileWorkspaces } from '../support/hostile-workspace.js';

const workspace = hostileWorkspaces('credlint-cfn-condition-work-');

const PARAMETERS = ['P0', 'P1', 'P2', 'P3'];

/** A condition that holds whatever the four parameters are: `X or not X`, X comparing each of them. */
function tautology(literal: string): string {
  const equals = PARAMETERS.map((p) => `{"Fn::Equals": [{"Ref": "${p}"}, "${literal}"]}`).join(', ');
  return `{"Fn::Or": [{"Fn::And": [${equals}]}, {"Fn::Not": [{"Fn::And": [${equals}]}]}]}`;
}

const KEYS = 10;

const template = [
  'AWSTemplateFormatVersion: "2010-09-09"',
  'Parameters:',
  ...PARAMETERS.map((p) => `  ${p}: { Type: String }`),
  'Conditions:',
  ...Array.from({ length: KEYS }, (_, i) => `  C${String(i)}: ${tautology(`v${String(i)}`)}`),
  'Resources:',
  '  Ops:',
  '    Type: AWS::IAM::User',
  '    Properties: { UserName: ops, LoginProfile: { Password: not-a-secret } }',
  ...Array.from({ length: KEYS }, (_, i) => [
    `  Key${String(i)}:`,
    '    Type: AWS::IAM::AccessKey',
    `    Condition: C${String(i)}`,
    '    Properties: { UserName: ops }',
  ]).flat(),
  '',
].join('\n');

/** The line of `Condition:` of key `i`. */
const conditionLine = (i: number) => template.split('\n').indexOf(`    Condition: C${String(i)}`) + 1;

async function scan(root: string, limits: Partial<Limits> = {}): Promise<LintResult> {
  const started = Date.now();
  const result = await lint({ paths: [root], cwd: root, limits });
  expect(Date.now() - started, 'ends within 10 s').toBeLessThan(10_000);
  return result;
}

function findingsIn(result: LintResult, file: string): string[] {
  return result.findings.filter((f) => f.location.file === file).map((f) => `${f.ruleId} ${String(f.location.range.start.line)}`);
}

describe('the work of deciding CloudFormation conditions', () => {
  it('decides every condition of a small template within the default budget', async () => {
    const root = workspace({ 'cfn/template.yaml': template });
    const file = join(root, 'cfn/template.yaml');
    const result = await scan(root);
    // Every key exists: the first is the console user's, the second takes the count past one.
    expect(findingsIn(result, file)).toEqual([
      `console-user-with-access-key ${String(conditionLine(0) - 2)}`,
      `multiple-active-access-keys ${String(conditionLine(1) - 2)}`,
    ]);
  });

  it('stops at conditionSteps with a parse-error at the condition, keeping what was decided before', async () => {
    const root = workspace({ 'cfn/template.yaml': template });
    const file = join(root, 'cfn/template.yaml');
    // Each condition costs 16 assignments x 24 nodes, twice (always, never): three fit in 2,500 steps.
    const result = await scan(root, { conditionSteps: 2_500 });
    const errors = result.findings.filter((f) => f.ruleId === 'parse-error');
    expect(errors.map((f) => [f.location.file, f.location.range.start.line])).toEqual([[file, conditionLine(3)]]);
    expect(errors[0]?.message).toMatch(/^analysis limit reached: .*\(limit conditionSteps = 2500; raise it with --limit conditionSteps=N\)$/);
    // Keys 0 to 2 were decided to exist: both findings stand; the good Terraform module is still scanned.
    expect(findingsIn(result, file)).toContain(`console-user-with-access-key ${String(conditionLine(0) - 2)}`);
    expect(findingsIn(result, file)).toContain(`multiple-active-access-keys ${String(conditionLine(1) - 2)}`);
    expect(findingsIn(result, join(root, 'good/main.tf'))).toEqual(['console-user-with-access-key 9']);
  });

  it('reads the scan deadline inside a unit: a template nested 40 times stops there, with a parse-error', async () => {
    // 100 conditions that always hold over 5 parameters, each deciding 243 assignments: 40 instances
    // of it take about 6 s without the deadline (and without conditionSteps, raised here).
    const P = ['P0', 'P1', 'P2', 'P3', 'P4'];
    const conditions = Array.from({ length: 100 }, (_, i) => {
      const not = P.map((p) => `{"Fn::Not": [{"Fn::Equals": [{"Ref": "${p}"}, "w${String(i)}"]}]}`).join(', ');
      const is = P.map((p) => `{"Fn::Equals": [{"Ref": "${p}"}, "v${String(i)}"]}`).join(', ');
      return `  C${String(i)}: {"Fn::Or": [{"Fn::And": [${not}, {"Fn::Or": [${is}]}]}, {"Fn::And": [${not}, {"Fn::Not": [{"Fn::Or": [${is}]}]}]}, {"Fn::Not": [{"Fn::And": [${not}]}]}]}`;
    });
    const child = [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Parameters:',
      ...P.map((p) => `  ${p}: { Type: String }`),
      'Conditions:',
      ...conditions,
      'Resources:',
      ...Array.from({ length: 100 }, (_, i) => `  Key${String(i)}: { Type: AWS::IAM::AccessKey, Condition: C${String(i)}, Properties: { UserName: ops } }`),
      '',
    ].join('\n');
    const parent = [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Resources:',
      ...Array.from({ length: 40 }, (_, i) => `  S${String(i)}: { Type: AWS::CloudFormation::Stack, Properties: { TemplateURL: ./child.yaml } }`),
      '',
    ].join('\n');
    const root = workspace({ 'cfn/template.yaml': parent, 'cfn/child.yaml': child });
    const result = await scan(root, { scanSeconds: 1, conditionSteps: 1e12 });
    const errors = result.findings.filter((f) => f.ruleId === 'parse-error' && f.location.file.startsWith(join(root, 'cfn')));
    expect(errors.map((f) => f.message)).toEqual([expect.stringMatching(/^analysis limit reached: the scan deadline passed; .*\(limit scanSeconds = 1; /)]);
  });
});
