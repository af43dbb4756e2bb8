/**
 * The README's configuration, suppression and ESLint snippets, run exactly as written (the pre-commit,
 * GitHub Action and API snippets are run by the integration tests that own them). What a user copies
 * from the README is what this suite exercises.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { repoRoot } from '../support/fixture-cases.js';
import { docSnippet, readmeSnippet } from '../support/readme-snippets.js';

const CLI = path.join(repoRoot, 'dist/src/cli.cjs');
let dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

function scratch(files: Record<string, string>): string {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'credlint-readme-')));
  dirs.push(dir);
  execFileSync('git', ['init', '-q'], { cwd: dir });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** A user with a console password and two active keys: one finding of each of the first two rules. */
const TWO_KEYS = `variable "environment" {}

resource "aws_iam_user" "deploy" {
  name = "deploy-\${var.environment}"
}

resource "aws_iam_user_login_profile" "deploy" {
  user = aws_iam_user.deploy.name
}

resource "aws_iam_access_key" "deploy" {
  user = aws_iam_user.deploy.name
}

resource "aws_iam_access_key" "deploy_next" {
  user = aws_iam_user.deploy.name
}
`;

describe('README snippets', () => {
  it('the configuration file example is valid and does what the README says', () => {
    const dir = scratch({
      'credlint.config.json': readmeSnippet('`credlint.config.json` (or', 'json'),
      'main.tf': TWO_KEYS,
      'env/prod.tfvars': 'environment = "prod"\n',
      'legacy/main.tf': 'resource "aws_iam_access_key" "root" {\n  user = "root"\n}\n',
    });
    const run = spawnSync(process.execPath, [CLI, '--format', 'json', '.'], { cwd: dir, encoding: 'utf8' });
    const findings = (JSON.parse(run.stdout) as { findings: { ruleId: string; severity: string; message: string; location: { file: string } }[] }).findings;
    // console-user-with-access-key is off, multiple-active-access-keys is a warning (exit 0), legacy/ is ignored,
    // and the variable comes from the vars and varFiles of the config.
    expect(findings.map((f) => [f.ruleId, f.severity, f.location.file])).toEqual([['multiple-active-access-keys', 'warning', 'main.tf']]);
    expect(findings[0]?.message).toContain('"deploy-prod"');
    expect(run.status).toBe(0);
  });

  it('the inline suppression example suppresses the second key until its expiry, and no longer after it', async () => {
    const snippet = readmeSnippet('An inline comment with a mandatory reason', 'hcl');
    const dir = scratch({ 'main.tf': TWO_KEYS.replace(/resource "aws_iam_access_key" "deploy_next" \{\n {2}user = aws_iam_user.deploy.name\n\}\n/, snippet) });
    const before = await lint({ paths: [dir], cwd: dir, vars: [['environment', 'prod']], now: new Date('2026-12-30T12:00:00Z') });
    const multiple = before.findings.filter((f) => f.ruleId === 'multiple-active-access-keys');
    expect(multiple).toHaveLength(1);
    expect(multiple[0]?.suppression?.justification).toBe('key rotation in progress (OPS-123)');
    const after = await lint({ paths: [dir], cwd: dir, vars: [['environment', 'prod']], now: new Date('2027-01-01T12:00:00Z') });
    expect(after.findings.filter((f) => f.ruleId === 'multiple-active-access-keys' && !f.suppression)).toHaveLength(1);
    expect(after.findings.map((f) => f.ruleId)).toContain('invalid-suppression');
  });

  /** A CDK app with a root key, in a package as `npm init -y` writes it (`"type": "commonjs"`), with ESLint's config file. */
  function eslintProject(configFile: string, config: string): string {
    const dir = scratch({
      [configFile]: config,
      'package.json': JSON.stringify({ name: 'app', version: '1.0.0', type: 'commonjs', private: true }),
      'bin/app.ts':
        "import * as cdk from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\n" +
        "const app = new cdk.App();\nconst stack = new cdk.Stack(app, 'S');\n" +
        "new iam.AccessKey(stack, 'RootKey', { user: iam.User.fromUserName(stack, 'Root', 'root') });\n",
    });
    // The user's node_modules holds credlint (this checkout, built) beside what the README says to install.
    mkdirSync(path.join(dir, 'node_modules'));
    symlinkSync(repoRoot, path.join(dir, 'node_modules', 'credlint'), 'dir');
    return dir;
  }

  function eslintFindings(dir: string): { code: number | null; stderr: string; findings: string[] } {
    const eslintBin = path.join(repoRoot, 'node_modules', 'eslint', 'bin', 'eslint.js');
    // The whole project, as users run it: the config file is linted too.
    const run = spawnSync(process.execPath, [eslintBin, '--format', 'json', '.'], { cwd: dir, encoding: 'utf8' });
    const results = run.status === 2 ? [] : (JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string; line: number; column: number }[] }[]);
    const findings = results.flatMap((result) => result.messages.map((m) => `${path.relative(dir, result.filePath)} ${m.ruleId} ${m.line}:${m.column}`));
    return { code: run.status, stderr: run.stderr, findings };
  }

  it('the ESLint snippet, as the eslint.config.mjs it names in a CommonJS package, reports a CDK key through the real eslint command', () => {
    const snippet = readmeSnippet('**ESLint** (CDK TypeScript, in the editor)', 'js');
    expect(readFileSync(path.join(repoRoot, 'README.md'), 'utf8')).toContain('**ESLint** (CDK TypeScript, in the editor) — `eslint.config.mjs`:');
    expect(eslintFindings(eslintProject('eslint.config.mjs', snippet))).toEqual({
      code: 1,
      stderr: '',
      findings: ['bin/app.ts credlint/root-user-access-key 5:1'],
    });
  });

  it("docs/eslint-plugin.md's options snippet, as written, through `eslint .`: the option applies, the config file itself lints", () => {
    const snippet = docSnippet('docs/eslint-plugin.md', '`credlint/root-user-access-key` reports root keys', 'js');
    const dir = eslintProject('eslint.config.mjs', snippet);
    // The key of the project made Inactive: what ignoreInactive leaves unreported.
    const app = path.join(dir, 'bin', 'app.ts');
    writeFileSync(app, readFileSync(app, 'utf8').replace("'root') });", "'root'), status: iam.AccessKeyStatus.INACTIVE });"));
    expect(eslintFindings(dir)).toEqual({ code: 0, stderr: '', findings: [] });
    writeFileSync(path.join(dir, 'eslint.config.mjs'), snippet.replace('ignoreInactive: true', 'ignoreInactive: false'));
    expect(eslintFindings(dir)).toEqual({ code: 1, stderr: '', findings: ['bin/app.ts credlint/root-user-access-key 5:1'] });
  });

  it("docs/eslint-plugin.md's rule set for every file: `eslint .` lints the config file, and a JavaScript CDK app gets nothing, as from the CLI", () => {
    const snippet = docSnippet('docs/eslint-plugin.md', '#### Setting a credlint rule for every file', 'js');
    const dir = eslintProject('eslint.config.mjs', snippet);
    writeFileSync(path.join(dir, 'bin', 'app.mjs'), readFileSync(path.join(dir, 'bin', 'app.ts'), 'utf8'));
    expect(eslintFindings(dir)).toEqual({ code: 0, stderr: '', findings: ['bin/app.ts credlint/root-user-access-key 5:1'] });
    // The same object without the plugin: ESLint's own error, which the document quotes.
    writeFileSync(path.join(dir, 'eslint.config.mjs'), snippet.replace('plugins: { credlint }, ', ''));
    const failing = eslintFindings(dir);
    expect(failing.code).toBe(2);
    expect(failing.stderr).toContain('could not find plugin "credlint"');
  });

  it('an eslint.config.cjs gets the plugin itself from require, and may name it in plugins beside recommended', () => {
    const config =
      "const credlint = require('credlint/eslint-plugin');\n" +
      "module.exports = [credlint.configs.recommended, { plugins: { credlint }, rules: { 'credlint/root-user-access-key': ['error', { ignoreInactive: true }] } }];\n";
    expect(eslintFindings(eslintProject('eslint.config.cjs', config))).toEqual({
      code: 1,
      stderr: '',
      findings: ['bin/app.ts credlint/root-user-access-key 5:1'],
    });
  });
});
