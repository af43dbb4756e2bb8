/**
 * Mistakes in the configuration, `--var` and `--parameter`, through the built CLI as a user meets
 * them: a configuration mistake exits 2 with the fix in the message and no stack trace; a value that
 * does not fit its Terraform variable is a `parse-error` at the declaration (exit 2); a name nothing
 * declares is a warning (README, "Configuration").
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gitProject, runCli as run } from '../support/cli-process.js';
import { removeTempTrees } from '../support/temp-tree.js';

const project = (files: Record<string, string>): string => gitProject(files, 'credlint-mistakes-');
afterAll(removeTempTrees);

const CLEAN_TF = 'variable "replicas" {\n  type = number\n}\n\nvariable "region" {}\n\nresource "aws_iam_user" "u" {\n  name = "ci"\n}\n';
const TEMPLATE =
  'Parameters:\n  UserName:\n    Type: String\nResources:\n  Key:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: !Ref UserName\n';

describe('configuration mistakes (exit 2, the fix in the message)', () => {
  it('an unknown rule id names the nearest rule', () => {
    const dir = project({ 'credlint.config.json': '{ "rules": { "root-user-acess-key": "off" } }\n', 'main.tf': CLEAN_TF });
    const { code, stdout, stderr } = run([], dir);
    expect(stdout).toBe('');
    expect(stderr).toContain('credlint.config.json: unknown rule "root-user-acess-key" (did you mean "root-user-access-key"?)');
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(code).toBe(2);
  });

  it('an unknown option and an option of the wrong type, in YAML', () => {
    const dir = project({ '.credlintrc.yaml': 'rules:\n  root-user-access-key: [error, { ignoreInactiv: true }]\n', 'main.tf': CLEAN_TF });
    const unknown = run([], dir);
    expect(unknown.stderr).toContain(
      'rule "root-user-access-key" has no option "ignoreInactiv" (did you mean "ignoreInactive"?); its options are ignoreInactive',
    );
    expect(unknown.code).toBe(2);
    writeFileSync(path.join(dir, '.credlintrc.yaml'), 'rules:\n  root-user-access-key: [error, { ignoreInactive: "yes" }]\n');
    const wrongType = run([], dir);
    expect(wrongType.stderr).toContain('rule "root-user-access-key": option "ignoreInactive" must be a boolean (true or false), got "yes"');
    expect(wrongType.code).toBe(2);
  });

  it('two configuration files in one directory are refused, so that a pull request cannot replace one by adding another', () => {
    // An empty credlint.config.json beside the repository's .credlintrc.yaml was read instead of it: the
    // login profile that its vars create was gone, and the scan passed (exit 0).
    const tf =
      'variable "with_console" {\n  type    = bool\n  default = false\n}\nresource "aws_iam_user" "u" {\n  name = "u"\n}\nresource "aws_iam_user_login_profile" "p" {\n  count = var.with_console ? 1 : 0\n  user  = aws_iam_user.u.name\n}\nresource "aws_iam_access_key" "a" {\n  user = aws_iam_user.u.name\n}\n';
    const dir = project({ '.credlintrc.yaml': 'vars:\n  with_console: true\n', 'infra/main.tf': tf });
    expect(run([], dir).code).toBe(1);
    writeFileSync(path.join(dir, 'credlint.config.json'), '{}\n');
    const both = run([], dir);
    expect(both.stdout).toBe('');
    expect(both.stderr).toContain(
      'the current directory holds 2 configuration files (credlint.config.json, .credlintrc.yaml); credlint reads one: remove the others, or name one with --config',
    );
    expect(both.code).toBe(2);
    const below = run(['.'], path.join(dir, 'infra'));
    expect(below.stderr).toContain('.. holds 2 configuration files (credlint.config.json, .credlintrc.yaml)');
    expect(below.code).toBe(2);
    expect(run(['--config', '.credlintrc.yaml'], dir).code).toBe(1);
  });

  it('a JSON syntax error names its line and column', () => {
    const dir = project({ 'credlint.config.json': '{\n  "rules": {\n    "root-user-access-key": "off"\n  \n}\n', 'main.tf': CLEAN_TF });
    const { code, stderr } = run([], dir);
    expect(stderr).toMatch(/credlint\.config\.json: JSON syntax error at line 6, column 1: /);
    expect(code).toBe(2);
  });

  it('a config nested 100,000 deep (JSON) or 40 deep (YAML) names where, without exhausting the stack', () => {
    const dir = project({ 'credlint.config.json': `{ "rules": ${'['.repeat(100_000)}${']'.repeat(100_000)} }\n`, 'main.tf': CLEAN_TF });
    const json = run([], dir);
    expect(json.stderr).toContain('credlint.config.json: nested deeper than 32 levels at line 1, column 43');
    expect(json.stderr).not.toMatch(/internal error|call stack|\n\s+at /);
    expect(json.code).toBe(2);
    const yaml = project({
      '.credlintrc.yaml': `vars:\n${Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i + 1)}a:\n`).join('')}${'  '.repeat(41)}b: 1\n`,
      'main.tf': CLEAN_TF,
    });
    const nested = run([], yaml);
    // Indentation is counted before parsing too: the mapping of line 33 is level 33 (the document's is 1).
    expect(nested.stderr).toContain('.credlintrc.yaml: nested deeper than 32 levels at line 33, column 65');
    expect(nested.code).toBe(2);
  });

  it('a config that is neither JSON nor YAML names the accepted formats', () => {
    const dir = project({ 'credlint.toml': '[rules]\n', 'main.tf': CLEAN_TF });
    const { code, stderr } = run(['--config', 'credlint.toml'], dir);
    expect(stderr).toContain('a configuration file is JSON (.json) or YAML (.yaml, .yml)');
    expect(code).toBe(2);
  });

  it('accepts "$schema" and ESLint level words', () => {
    const dir = project({
      'credlint.config.json': JSON.stringify({
        $schema: './node_modules/credlint/schema/credlint.config.schema.json',
        rules: { 'root-user-access-key': 'warn' },
      }),
      'main.tf': 'resource "aws_iam_access_key" "k" {\n  user = "root"\n}\n',
    });
    const { code, stdout } = run(['--format', 'json'], dir);
    const findings = (JSON.parse(stdout) as { findings: { ruleId: string; severity: string }[] }).findings;
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([['root-user-access-key', 'warning']]);
    expect(code).toBe(0);
  });
});

describe('--var and --parameter', () => {
  it('a --var value that does not convert to the declared type is a parse-error at the variable (exit 2)', () => {
    const dir = project({ 'main.tf': CLEAN_TF });
    const { code, stdout } = run(['--var', 'replicas=three', '--format', 'json'], dir);
    const findings = (
      JSON.parse(stdout) as { findings: { ruleId: string; message: string; location: { file: string; startLine: number; endColumn: number } }[] }
    ).findings;
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'parse-error', location: { file: 'main.tf', startLine: 1, endColumn: 20 } });
    expect(findings[0]?.message).toMatch(/^--var replicas: the value given does not convert to the variable's type number \(.*"three".*\)/);
    expect(code).toBe(2);
    expect(run(['--var', 'replicas=3'], dir).code).toBe(0);
  });

  it('a --var that names no declared variable is an undeclared-variable warning, with or without the prefilter', () => {
    const dir = project({ 'main.tf': CLEAN_TF });
    for (const extra of [[], ['--no-prefilter']]) {
      const { code, stdout } = run(['--var', 'regoin=eu-west-1', ...extra], dir);
      expect(stdout).toContain('warning  --var regoin: no scanned Terraform file declares variable "regoin" (did you mean "region"?)');
      expect(stdout).toContain('undeclared-variable');
      expect(code).toBe(0);
    }
  });

  it('a --parameter that no template declares is an undeclared-parameter warning', () => {
    const dir = project({ 'template.yaml': TEMPLATE });
    const { stdout } = run(['--parameter', 'Username=ci', '--format', 'json'], dir);
    const findings = (JSON.parse(stdout) as { findings: { ruleId: string; severity: string; message: string }[] }).findings;
    expect(findings.filter((f) => f.ruleId === 'undeclared-parameter').map((f) => f.message)).toEqual([
      `--parameter Username: no scanned template declares parameter "Username" (did you mean "UserName"?); CloudFormation would refuse the value (--parameter or the configuration's "parameters")`,
    ]);
    expect(run(['--parameter', 'UserName=ci', '--format', 'json'], dir).stdout).not.toContain('undeclared-parameter');
  });
});
