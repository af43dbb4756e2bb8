/**
 * Two access keys whose `UserName` is an `Fn::If` under one undecided condition are one user's keys,
 * the condition being keyed by what it computes (`core/condition-key.ts`), so that `Alias: !Condition
 * IsProd` chooses as `IsProd` does. The key was written out as a tree, each time an `Fn::If` was
 * evaluated: a compared value of 200,000 characters under a condition naming the previous one twice,
 * nine times, took 0.45 s per `Fn::If` (20 of them 10 s, past `--limit scanSeconds=3`, exit 1); and
 * past 256 nodes written out the condition was keyed by its name, so an alias of a condition that
 * names another twice, seven times (128 small nodes), chose apart from it: the second active key of
 * one user was no finding, exit 0. A condition is now keyed once per stack instance, each shared
 * condition once, spending from `conditionSteps`; where that runs out, a `parse-error` at the `Fn::If`.
 */
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/core/finding.js';
import type { Limits } from '../../src/core/limits.js';
import { lint } from '../../src/engine.js';
import { hostileWorkspaces } from '../support/hostile-workspace.js';

const workspace = hostileWorkspaces('credlint-cfn-condition-key-');

/** Conditions C0 (Env compared with `compared`) to C`depth`, each the `and` of the previous one twice. */
function doubling(depth: number, compared: string): string[] {
  return [
    'Parameters:',
    '  Env: { Type: String }',
    'Conditions:',
    `  C0: !Equals [!Ref Env, '${compared}']`,
    ...Array.from({ length: depth }, (_, i) => `  C${String(i + 1)}: !And [!Condition C${String(i)}, !Condition C${String(i)}]`),
    `  Alias: !Condition C${String(depth)}`,
  ];
}

const key = (id: string, userName: string) => [`  ${id}:`, '    Type: AWS::IAM::AccessKey', `    Properties: { UserName: ${userName} }`];

async function scan(files: Record<string, string>, limits: Partial<Limits> = {}): Promise<{ result: LintResult; seconds: number }> {
  const root = workspace(files);
  const started = Date.now();
  const result = await lint({ paths: [root], cwd: root, limits });
  return { result, seconds: (Date.now() - started) / 1000 };
}

const inTemplate = (result: LintResult) => result.findings.filter((f) => f.location.file.endsWith('template.yaml'));
const summary = (result: LintResult) => inTemplate(result).map((f) => `${f.ruleId} ${f.severity} ${String(f.location.range.start.line)}`);

describe('CloudFormation: keying the condition of an undecided Fn::If', () => {
  it('keys an alias of a condition of 2^9 nodes written out as that condition: two keys of one user', async () => {
    for (const depth of [7, 9, 40]) {
      const template = [
        ...doubling(depth, 'prod'),
        'Resources:',
        ...key('K1', `!If [C${String(depth)}, alice, bob]`),
        ...key('K2', '!If [Alias, alice, bob]'),
        '',
      ].join('\n');
      const { result } = await scan({ 'template.yaml': template });
      const k2 = template.split('\n').indexOf('  K2:') + 1;
      expect(summary(result), `depth ${String(depth)}`).toEqual([`multiple-active-access-keys error ${String(k2)}`]);
    }
  });

  it('keys a condition over a long compared value once, however many Fn::Ifs choose by it', async () => {
    const ifs = Array.from({ length: 20 }, (_, j) => `{"Fn::If": [C9, a${String(j)}, b${String(j)}]}`).join(', ');
    const template = [...doubling(9, 'x\\'.repeat(100_000)), 'Resources:', ...key('K1', `!Join ['', [${ifs}]]`), ...key('K2', `!Join ['', [${ifs}]]`), ''].join(
      '\n',
    );
    const { result, seconds } = await scan({ 'template.yaml': template });
    expect(seconds, 'seconds').toBeLessThan(4);
    expect(summary(result)).toEqual([`multiple-active-access-keys error ${String(template.split('\n').indexOf('  K2:') + 1)}`]);
  });

  it('reports conditionSteps at the Fn::If where keying its condition runs out, and keys it by its name', async () => {
    const template = [
      ...doubling(3, 'x'.repeat(5000)),
      'Resources:',
      ...key('K1', '!If [C3, alice, bob]'),
      ...key('K2', '!If [C3, alice, bob]'),
      ...key('K3', '!If [Alias, alice, bob]'),
      '',
    ].join('\n');
    const { result } = await scan({ 'template.yaml': template }, { conditionSteps: 1000 });
    const line = (id: string) => template.split('\n').indexOf(`  ${id}:`) + 1;
    const errors = inTemplate(result).filter((f) => f.ruleId === 'parse-error');
    expect(errors.map((f) => [f.location.range.start.line, f.location.range.start.column])).toEqual([
      [line('K1') + 2, '    Properties: { UserName: !If ['.length + 1],
    ]);
    expect(errors[0]?.message).toContain('conditionSteps');
    // Keyed by its name: the two keys under C3 are still one user's.
    expect(summary(result).filter((s) => !s.startsWith('parse-error'))).toEqual([`multiple-active-access-keys error ${String(line('K2'))}`]);
  });
});
