import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/fixture-cases.js';
import { gitProject, runCli as run } from '../support/cli-process.js';
import { removeTempTrees } from '../support/temp-tree.js';

const project = (files: Record<string, string>): string => gitProject(files, 'credlint-cli-');
afterAll(removeTempTrees);

const TWO_KEYS = `resource "aws_iam_user" "u" {
  name = "deploy"
}

resource "aws_iam_access_key" "a" {
  user = aws_iam_user.u.name
}

# credlint-ignore multiple-active-access-keys until=2999-01-01 -- rotation in progress
resource "aws_iam_access_key" "b" {
  user = aws_iam_user.u.name
}
`;

describe('credlint CLI', () => {
  it('exits 0 with a clean summary when nothing is found', () => {
    const dir = project({
      'main.tf': 'resource "aws_iam_user" "u" {\n  name = "x"\n}\nresource "aws_iam_access_key" "k" {\n  user = aws_iam_user.u.name\n}\n',
    });
    const { code, stdout, stderr } = run([], dir);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/No problems found in 1 file/);
    expect(code).toBe(0);
  });

  it('exits 1 on a finding and prints it with a code frame, paths relative to cwd', () => {
    const dir = project({ 'infra/main.tf': 'resource "aws_iam_access_key" "k" {\n  user = "root"\n}\n' });
    const { code, stdout } = run(['infra'], dir);
    expect(code).toBe(1);
    expect(stdout).toContain('infra/main.tf');
    expect(stdout).toMatch(/1:1\s+error\s+Access key aws_iam_access_key\.k is for user "root"/);
    expect(stdout).toContain('> 1 | resource "aws_iam_access_key" "k" {');
    expect(stdout).toContain('root-user-access-key');
  });

  it('exits 2 on a parse error, names file, line and column, and still reports the good file', () => {
    const dir = project({
      'bad/main.tf': 'resource "aws_iam_access_key" "k" {\n  user = \n}\n',
      'good/main.tf': 'resource "aws_iam_access_key" "k" {\n  user = "root"\n}\n',
    });
    const { code, stdout, stderr } = run(['--format', 'json'], dir);
    expect(code).toBe(2);
    expect(stderr).not.toMatch(/at .*\.js:\d+/);
    const report = JSON.parse(stdout) as { findings: { ruleId: string; location: { file: string; startLine: number; startColumn: number } }[] };
    const parseError = report.findings.find((f) => f.ruleId === 'parse-error');
    expect(parseError?.location).toMatchObject({ file: 'bad/main.tf', startLine: 2 });
    expect(report.findings.some((f) => f.ruleId === 'root-user-access-key' && f.location.file === 'good/main.tf')).toBe(true);
  });

  it('exits 2 on a bad flag without a stack trace', () => {
    const dir = project({});
    for (const args of [['--format', 'xml'], ['--no-such-flag'], ['--fail-level', 'fatal'], ['--var', 'novalue']]) {
      const { code, stderr } = run(args, dir);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toMatch(/^credlint: /);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('honours inline suppressions with a reason, keeps them in JSON, and they do not fail the run', () => {
    const dir = project({ 'main.tf': TWO_KEYS });
    const { code, stdout } = run(['--format', 'json'], dir);
    const report = JSON.parse(stdout) as { findings: { ruleId: string; suppressed: { kind: string; justification: string } | null }[] };
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]?.suppressed).toMatchObject({ kind: 'inline', justification: 'rotation in progress' });
    expect(code).toBe(0);
  });

  it('reports an expired suppression as invalid-suppression and does not suppress', () => {
    const dir = project({ 'main.tf': TWO_KEYS.replace('until=2999-01-01', 'until=2001-01-01') });
    const { code, stdout } = run(['--format', 'json'], dir);
    const report = JSON.parse(stdout) as { findings: { ruleId: string; severity: string; message: string; suppressed: unknown }[] };
    expect(report.findings.map((f) => [f.ruleId, f.severity, f.suppressed])).toEqual([
      ['invalid-suppression', 'warning', null],
      ['multiple-active-access-keys', 'error', null],
    ]);
    expect(report.findings[0]?.message).toMatch(/expired on 2001-01-01/);
    expect(code).toBe(1);
  });

  it('reads rule levels from credlint.config.json and --fail-level decides the exit code', () => {
    const dir = project({
      'main.tf': 'resource "aws_iam_access_key" "k" {\n  user = "root"\n}\n',
      'credlint.config.json': JSON.stringify({ rules: { 'root-user-access-key': 'warning' } }),
    });
    expect(run([], dir).code).toBe(0);
    expect(run(['--fail-level', 'warning'], dir).code).toBe(1);
    writeFileSync(path.join(dir, 'credlint.config.json'), JSON.stringify({ rules: { 'root-user-access-key': ['error', { ignoreInactive: true }] } }));
    writeFileSync(path.join(dir, 'main.tf'), 'resource "aws_iam_access_key" "k" {\n  user   = "root"\n  status = "Inactive"\n}\n');
    expect(run([], dir).code).toBe(0);
    writeFileSync(path.join(dir, 'credlint.config.json'), '{ "rules": { "no-such-rule": "error" } }');
    const bad = run([], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/credlint\.config\.json: unknown rule "no-such-rule"/);
  });

  it('writes a baseline, then passes with it, and fails again on a new finding', () => {
    const dir = project({ 'main.tf': 'resource "aws_iam_access_key" "k" {\n  user = "root"\n}\n' });
    expect(run(['--write-baseline', 'baseline.json'], dir).code).toBe(0);
    const baseline = JSON.parse(readFileSync(path.join(dir, 'baseline.json'), 'utf8')) as { version: number; entries: unknown[] };
    expect(baseline.entries).toHaveLength(1);
    // Moving the block does not change its fingerprint.
    writeFileSync(path.join(dir, 'main.tf'), '\n\n\nresource "aws_iam_access_key" "k" {\n  user = "root"\n}\n');
    expect(run(['--baseline', 'baseline.json'], dir).code).toBe(0);
    writeFileSync(path.join(dir, 'other.tf'), 'resource "aws_iam_access_key" "k2" {\n  user = "root"\n}\n');
    expect(run(['--baseline', 'baseline.json'], dir).code).toBe(1);
  });

  it('writes SARIF to --output-file', () => {
    const dir = project({ 'main.tf': 'resource "aws_iam_access_key" "k" {\n  user = "root"\n}\n' });
    const { code, stdout } = run(['--format', 'sarif', '--output-file', 'out.sarif'], dir);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const sarif = JSON.parse(readFileSync(path.join(dir, 'out.sarif'), 'utf8')) as { version: string; runs: { results: { ruleId: string }[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.results.map((r) => r.ruleId)).toEqual(['root-user-access-key']);
  });

  it('passes --var to Terraform evaluation', () => {
    const dir = project({
      'main.tf': 'variable "keys" {\n  default = 1\n}\n\nresource "aws_iam_access_key" "k" {\n  count = var.keys\n  user  = "ci"\n}\n',
    });
    expect(run([], dir).code).toBe(0);
    expect(run(['--var', 'keys=2'], dir).code).toBe(1);
  });

  it('reports undecidable keys only with --report-unknown, as warnings naming the unknown value', () => {
    const dir = project({
      'main.tf': 'variable "owner" {\n  type = string\n}\n\nresource "aws_iam_access_key" "k" {\n  user = var.owner\n}\n',
    });
    const quiet = run(['--format', 'json'], dir);
    expect(quiet.code).toBe(0);
    expect((JSON.parse(quiet.stdout) as { findings: unknown[] }).findings).toEqual([]);
    const loud = run(['--format', 'json', '--report-unknown'], dir);
    expect(loud.code).toBe(0);
    const report = JSON.parse(loud.stdout) as {
      findings: { ruleId: string; severity: string; unknown: boolean; message: string; location: { startLine: number } }[];
    };
    expect(report.findings.map((f) => [f.ruleId, f.severity, f.unknown, f.location.startLine])).toEqual([['root-user-access-key', 'warning', true, 5]]);
    expect(report.findings[0]?.message).toBe('Cannot tell whether access key aws_iam_access_key.k is for the root user: var.owner has no value.');
  });

  it('prints the version and help', () => {
    const dir = project({});
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(run(['--version'], dir).stdout.trim()).toBe(pkg.version);
    expect(run(['--help'], dir).stdout).toMatch(/Usage: credlint/);
  });
});
