/**
 * Budgets running out on hostile Terraform and CloudFormation, through the CLI process: exit 2, the limit
 * named, the good module's finding still printed, no stack trace. The same inputs through `lint()` are
 * in test/engine/security-terraform-budgets.test.ts and test/engine/security-cloudformation-budgets.test.ts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/fixture-cases.js';
import { hostileWorkspaces } from '../support/hostile-workspace.js';

const cli = join(repoRoot, 'dist/src/cli.cjs');
const workspace = hostileWorkspaces('credlint-budgets-cli-');

describe('Terraform budgets through the CLI process', () => {
  it('count = 1e10 exits 2 with a parse-error at the count, the good finding kept, no stack trace', () => {
    const root = workspace({ 'bad/main.tf': 'resource "aws_iam_access_key" "k" {\n  count = 1e10\n  user  = "bob"\n}\n' });
    const run = spawnSync(process.execPath, [cli, '--format', 'json', root], { cwd: root, encoding: 'utf8', timeout: 10_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).not.toMatch(/\n\s+at |RangeError/);
    const findings = (JSON.parse(run.stdout) as { findings: { ruleId: string; message: string; location: { file: string } }[] }).findings;
    expect(findings.map((f) => f.ruleId).sort()).toEqual(['console-user-with-access-key', 'parse-error']);
    expect(findings.find((f) => f.ruleId === 'parse-error')?.message).toContain('--limit instancesPerBlock=N');
  });
});

describe('the findings of a scan through the CLI process', () => {
  it('stop at the findings budget: exit 2, the first ones in report order kept, the rest counted at the first left out', () => {
    // Every finding is kept (some two kilobytes each) until the report is written: 24 directories of
    // three `count = 10000` blocks (300 bytes each) made 240,000 findings, 816 MB and 326 MB of JSON,
    // with nothing bounding them but the scan's deadline.
    const module = (n: number) =>
      `resource "aws_iam_user" "u" {\n  count = ${String(n)}\n  name  = "u\${count.index}"\n}\nresource "aws_iam_user_login_profile" "p" {\n  count = ${String(n)}\n  user  = aws_iam_user.u[count.index].name\n}\nresource "aws_iam_access_key" "k" {\n  count = ${String(n)}\n  user  = aws_iam_user.u[count.index].name\n}\n`;
    // With good/main.tf's finding, 13: the first six are a/'s four and two of b/'s.
    const root = workspace({ 'c/main.tf': module(4), 'a/main.tf': module(4), 'b/main.tf': module(4) });
    const run = spawnSync(process.execPath, [cli, '--format', 'json', '--limit', 'findings=6', '.'], { cwd: root, encoding: 'utf8', timeout: 30_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(2);
    const findings = (JSON.parse(run.stdout) as { findings: { ruleId: string; message: string; location: { file: string; startLine: number } }[] }).findings;
    const kept = findings.filter((f) => f.ruleId !== 'parse-error');
    expect(kept).toHaveLength(6);
    expect([...new Set(kept.map((f) => f.location.file))]).toEqual(['a/main.tf', 'b/main.tf']);
    const error = findings.filter((f) => f.ruleId === 'parse-error');
    expect(error).toHaveLength(1);
    expect(error[0]?.location.file).toBe('b/main.tf');
    expect(error[0]?.message).toMatch(/^analysis limit reached: 7 findings were not listed, this one first .*--limit findings=N\)$/);
  });
});

describe('CDK cloud assemblies through the CLI process', () => {
  /** `cdk.out` with a chain of `levels` assemblies, each the only artifact of the one above, the last holding a console user with a key. */
  function chain(levels: number): Record<string, string> {
    const files: Record<string, string> = {};
    const template = {
      Resources: {
        U: { Type: 'AWS::IAM::User', Properties: { LoginProfile: { Password: 'x' } } },
        K: { Type: 'AWS::IAM::AccessKey', Properties: { UserName: { Ref: 'U' } } },
      },
    };
    let dir = 'cdk.out';
    for (let level = 1; level <= levels; level += 1) {
      const artifacts =
        level === levels
          ? { S: { type: 'aws:cloudformation:stack', environment: 'aws://unknown-account/unknown-region', properties: { templateFile: 'S.template.json' } } }
          : { A: { type: 'cdk:cloud-assembly', properties: { directoryName: 'n' } } };
      files[`${dir}/manifest.json`] = JSON.stringify({ version: '36.0.0', artifacts });
      if (level === levels) files[`${dir}/S.template.json`] = JSON.stringify(template);
      dir += '/n';
    }
    return files;
  }

  it('a chain of nested assemblies stops at 32 levels: exit 2 at once, where 300 levels ran 4 s past a one-second deadline', () => {
    // Each level resolved its whole path one component at a time, and nothing looked at the deadline:
    // 300 manifests of a hundred bytes took 4.4 s with --limit scanSeconds=1, 600 took 23 s.
    const root = workspace(chain(300));
    const started = Date.now();
    const run = spawnSync(process.execPath, [cli, '--format', 'json', '--limit', 'scanSeconds=1', '.'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(2);
    const findings = (JSON.parse(run.stdout) as { findings: { ruleId: string; message: string }[] }).findings;
    expect(findings.map((f) => f.message)).toContain(
      'the nested assembly of artifact A is nested deeper than 32 levels; it and the assemblies in it are not analysed',
    );
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('a stack 32 assemblies below cdk.out is still analysed', () => {
    const root = workspace(chain(33));
    const run = spawnSync(process.execPath, [cli, '--format', 'json', 'cdk.out'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    const findings = (JSON.parse(run.stdout) as { findings: { ruleId: string }[] }).findings;
    expect(findings.map((f) => f.ruleId)).toEqual(['console-user-with-access-key']);
    expect(run.status).toBe(1);
  });
});

describe('Terraform syntax through the CLI process', () => {
  it('an auto-loaded 10 MB terraform.tfvars of tiny values stops at parseNodes: exit 2, little memory, the finding kept', () => {
    // Five million `1,` built as many syntax nodes before parseNodes bounded .tfvars and .tf files:
    // 2.3 GB and 50 s idle, a crash with a 512 MB heap. A 512 MB heap now has room to spare.
    const root = workspace({
      'bad/main.tf': 'variable "x" {\n  default = []\n}\nresource "aws_iam_access_key" "k" {\n  user = "bob"\n}\n',
      'bad/terraform.tfvars': `x = [${'1,'.repeat(4_900_000)}]\n`,
    });
    const started = Date.now();
    const run = spawnSync(process.execPath, ['--max-old-space-size=512', cli, '--format', 'json', root], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).not.toMatch(/\n\s+at |heap/);
    expect(run.status).toBe(2);
    const findings = (JSON.parse(run.stdout) as { findings: { ruleId: string; message: string; location: { file: string } }[] }).findings;
    expect(findings.map((f) => f.ruleId).sort()).toEqual(['console-user-with-access-key', 'parse-error']);
    expect(findings.find((f) => f.ruleId === 'parse-error')?.message).toContain('--limit parseNodes=N');
    // 3 s idle; generous for a shared machine, far below the 50 s it took.
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 90_000);
});

describe('Terraform comments through the CLI process', () => {
  it('a 9 MB .tf file of comment lines is analysed within a 512 MB heap, the finding kept', () => {
    // Every comment was located (its text and range, some 170 bytes) for nobody to read: 4.5 million
    // `#` lines held 760 MB and crashed a 512 MB heap ('JavaScript heap out of memory', exit 134).
    const root = workspace({ 'bad/main.tf': `resource "aws_iam_access_key" "k" {\n  user = "bob"\n}\n${'#\n'.repeat(4_500_000)}` });
    const run = spawnSync(process.execPath, ['--max-old-space-size=512', cli, '--format', 'json', root], { cwd: root, encoding: 'utf8', timeout: 90_000 });
    expect(run.stderr).not.toMatch(/\n\s+at |heap/);
    expect(run.status).toBe(1);
    const findings = (JSON.parse(run.stdout) as { findings: { ruleId: string }[] }).findings;
    expect(findings.map((f) => f.ruleId)).toEqual(['console-user-with-access-key']);
  }, 90_000);

  it('a heredoc of 4.5 million lines stops at parseNodes: exit 2, the finding kept, no crash under a 512 MB heap', () => {
    // Each line of a heredoc is a part of the template, and none was counted: 9 MB crashed a 512 MB heap.
    const root = workspace({
      'bad/main.tf': `resource "aws_iam_access_key" "k" {\n  user = "bob"\n}\nlocals {\n  a = <<EOT\n${'x\n'.repeat(4_500_000)}EOT\n}\n`,
    });
    const run = spawnSync(process.execPath, ['--max-old-space-size=512', cli, '--format', 'json', root], { cwd: root, encoding: 'utf8', timeout: 90_000 });
    expect(run.stderr).not.toMatch(/\n\s+at |heap/);
    expect(run.status).toBe(2);
    const findings = (JSON.parse(run.stdout) as { findings: { ruleId: string; message: string; location: { startLine: number } }[] }).findings;
    expect(findings.map((f) => f.ruleId).sort()).toEqual(['console-user-with-access-key', 'parse-error']);
    const limit = findings.find((f) => f.ruleId === 'parse-error');
    expect(limit?.message).toContain('--limit parseNodes=N');
    expect(limit?.location.startLine).toBeGreaterThan(400_000);
  }, 90_000);
});

describe('Terraform functions through the CLI process', () => {
  it('yamldecode(file()) of a 10 MB YAML list stops at parseNodes before parsing: exit 2, little memory, the finding kept', () => {
    // The yaml package built 4.9 million nodes: 190 s, then 'JavaScript heap out of memory' at 4 GB.
    const root = workspace({
      'bad/main.tf':
        'locals {\n  d = yamldecode(file("${path.module}/d.yaml"))\n}\nresource "aws_iam_access_key" "k" {\n  count = length(local.d)\n  user  = "bob"\n}\n',
      'bad/d.yaml': `[${'1,'.repeat(4_900_000)}1]\n`,
    });
    const started = Date.now();
    const run = spawnSync(process.execPath, ['--max-old-space-size=512', cli, '--format', 'json', root], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).not.toMatch(/\n\s+at |heap/);
    expect(run.status).toBe(2);
    const findings = (JSON.parse(run.stdout) as { findings: { ruleId: string; message: string }[] }).findings;
    expect(findings.map((f) => f.ruleId).sort()).toEqual(['console-user-with-access-key', 'parse-error']);
    expect(findings.find((f) => f.ruleId === 'parse-error')?.message).toContain('yamldecode(): YAML of more than 500000 nodes is not decoded');
    // 2.5 s idle; generous for a shared machine.
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 90_000);
});

describe('csvdecode through the CLI process', () => {
  it('csvdecode(file()) of 10 MB of rows stops at valueNodes as it reads them: exit 2, the finding kept, no crash under a 512 MB heap', () => {
    // Every row was read before the value was measured: 1.2 GB, and 'JavaScript heap out of memory' under 512 MB.
    const root = workspace({
      'bad/main.tf':
        'locals {\n  d = csvdecode(file("${path.module}/d.csv"))\n}\nresource "aws_iam_access_key" "k" {\n  count = length(local.d)\n  user  = "bob"\n}\n',
      'bad/d.csv': `a,b\n${'1,2\n'.repeat(2_400_000)}`,
    });
    const run = spawnSync(process.execPath, ['--max-old-space-size=512', cli, '--format', 'json', root], { cwd: root, encoding: 'utf8', timeout: 90_000 });
    expect(run.stderr).not.toMatch(/\n\s+at |heap/);
    expect(run.status).toBe(2);
    const findings = (JSON.parse(run.stdout) as { findings: { ruleId: string; message: string }[] }).findings;
    expect(findings.map((f) => f.ruleId).sort()).toEqual(['console-user-with-access-key', 'parse-error']);
    expect(findings.find((f) => f.ruleId === 'parse-error')?.message).toContain(
      'csvdecode(): a CSV document of more values than the budget allows in local.d (limit valueNodes = 4000000',
    );
  }, 120_000);
});

describe('Terraform module nesting through the CLI process', () => {
  it('400 module levels stop at 100 with a parse-error at the call, not a silent unknown (exit 2, not 0)', () => {
    // Resolving var.u through 400 calls ran out of JavaScript's stack; the error became an unknown
    // user name that only --report-unknown showed, and the scan passed with exit 0 (at 1,500 levels
    // the module tree itself overflowed: an internal error).
    const files: Record<string, string> = {};
    for (let level = 0; level < 400; level += 1) {
      files[`deep/d${level}/main.tf`] =
        level < 399
          ? `variable "u" {\n  default = "bob"\n}\nmodule "n" {\n  source = "../d${level + 1}"\n  u      = var.u\n}\n`
          : 'variable "u" {}\nresource "aws_iam_access_key" "k" {\n  user = var.u\n}\n';
    }
    const root = workspace(files);
    const run = spawnSync(process.execPath, [cli, '--format', 'json', 'deep'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.status).toBe(2);
    const findings = (JSON.parse(run.stdout) as { findings: { ruleId: string; message: string; location: { file: string; startLine: number } }[] }).findings;
    expect(findings.map((f) => f.ruleId)).toContain('parse-error');
    for (const finding of findings) expect(finding.message).not.toContain('internal error');
    expect(findings.filter((f) => f.ruleId === 'parse-error').map((f) => [f.location.file, f.location.startLine, f.message])).toEqual([
      [join('deep', 'd100', 'main.tf'), 4, 'module.n: modules nested deeper than 100 levels are not analysed'],
    ]);
  }, 90_000);
});

describe('CloudFormation budgets through the CLI process', () => {
  it('exits 2 with the limit named and the good finding printed, and no stack trace', () => {
    const items = JSON.stringify(Array.from({ length: 100 }, (_, i) => `i${i}`));
    const template = `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Fn::ForEach::A": ["A", ${items}, {"Fn::ForEach::B": ["B", ${items}, {"Fn::ForEach::C": ["C", ${items}, {"Key\${A}\${B}\${C}": {"Type": "AWS::IAM::AccessKey", "Properties": {"UserName": "ops"}}}]}]}]}}`;
    const root = workspace({
      'cfn/loops.json': template,
      'cfn/self.yaml':
        'Resources:\n  S: { Type: AWS::CloudFormation::Stack, Properties: { TemplateURL: self.yaml } }\n  K: { Type: AWS::IAM::AccessKey, Properties: { UserName: qa } }\n',
    });
    const run = spawnSync(process.execPath, [cli, '.', '--format', 'github', '--limit', 'templateResources=500'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(run.status).toBe(2);
    expect(run.stdout).toContain('good/main.tf');
    expect(run.stdout).toMatch(/limit templateResources = 500; raise it with --limit templateResources=N/);
    expect(run.stdout).toContain('nests itself (self.yaml -> self.yaml)');
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/\n\s+at |Error:/);
    expect(execFileSync(process.execPath, [cli, '--version'], { encoding: 'utf8' })).toMatch(/\d/);
  });
});
