/**
 * Names a pull request writes where credlint quotes them or looks for a near miss: the keys of a
 * configuration file it commits, and the words of its templates beside the configuration's
 * `parameters`. Run through the CLI process as CI meets them: the time, the memory and the length of
 * what is printed stay bounded (docs/security.md, "What credlint bounds" and "What credlint prints").
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/fixture-cases.js';
import { hostileWorkspaces } from '../support/hostile-workspace.js';

const cli = join(repoRoot, 'dist/src/cli.cjs');
const workspace = hostileWorkspaces('credlint-hostile-names-');

function run(root: string, heapMegabytes = 512) {
  const started = Date.now();
  const result = spawnSync(process.execPath, [`--max-old-space-size=${heapMegabytes}`, cli, root], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { ...result, seconds: (Date.now() - started) / 1000 };
}

describe('a committed configuration file of hostile keys', () => {
  it('20,000 unknown keys are refused in seconds, naming the first few', () => {
    // Each unknown key's message showed the whole configuration as the value it got: 20,000 keys took
    // 349 s, 5,000 took 13 s.
    const config = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, 'off']));
    const root = workspace({ 'credlint.config.json': JSON.stringify(config) });
    const result = run(root);
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown key "k0"');
    expect(result.stderr).toContain('19980 more problems not shown');
    expect(result.stderr.length).toBeLessThan(5_000);
    expect(result.seconds).toBeLessThan(30);
  }, 90_000);

  it('a rule name of two million characters is refused at once, quoted in part', () => {
    // The "did you mean" search built a table of its length by each rule id's: 39 s and 800 MB, and the
    // whole name was printed.
    const root = workspace({ 'credlint.config.json': JSON.stringify({ rules: { ['r'.repeat(2_000_000)]: 'off' } }) });
    const result = run(root, 256);
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(2);
    expect(result.stderr).not.toMatch(/heap|\n\s+at /);
    expect(result.stderr).toContain('characters cut');
    expect(result.stderr.length).toBeLessThan(5_000);
    expect(result.seconds).toBeLessThan(20);
  }, 90_000);
});

describe('"did you mean" over the words of a committed template', () => {
  it('a one-million-character parameter name beside a template of a one-million-character word: no crash', () => {
    // 70 s, then 'JavaScript heap out of memory' at 4.2 GB.
    const root = workspace({
      'credlint.config.json': JSON.stringify({ parameters: { ['E'.repeat(1_000_000)]: 'prod' } }),
      'stack/t.yaml': `Resources: {}\n# ${'E'.repeat(1_000_001)}\n`,
    });
    const result = run(root);
    expect(result.error).toBeUndefined();
    expect(result.stderr).not.toMatch(/heap|\n\s+at /);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('undeclared-parameter');
    expect(result.stdout).toContain('console-user-with-access-key');
    expect(result.seconds).toBeLessThan(20);
  }, 90_000);
});

describe('configuration `parameters` and `vars` by the thousand', () => {
  function undeclared(stdout: string, ruleId: string): string[] {
    const report = JSON.parse(stdout) as { findings: { ruleId: string; message: string }[] };
    return report.findings.filter((f) => f.ruleId === ruleId).map((f) => f.message);
  }

  it('5,000 parameters beside a template of 20,000 words: twenty listed with hints, the rest counted, in seconds', () => {
    // Each name's hint went over every word of the templates (and copied them first): over 30 s here,
    // and a 10 MB configuration beside large templates ran for hours.
    const words = Array.from({ length: 20_000 }, (_, i) => `Word${i}`).join(' ');
    const root = workspace({
      'credlint.config.json': JSON.stringify({ parameters: Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`Wrd${i}`, 'x'])) }),
      'stack/t.yaml': `Description: ${words}
Resources: {}
`,
    });
    const started = Date.now();
    const result = spawnSync(process.execPath, [cli, '--format', 'json', root], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(1);
    expect((Date.now() - started) / 1000).toBeLessThan(15);
    const messages = undeclared(result.stdout, 'undeclared-parameter');
    expect(messages).toHaveLength(21);
    expect(messages).toContain(
      '4980 more --parameter names that no scanned template declares are not listed (--parameter or the configuration\'s "parameters")',
    );
    expect(messages.filter((m) => m.includes('did you mean "Word'))).toHaveLength(20);
  }, 90_000);

  it('20,000 vars for typed declarations with a brace in each default: checked in seconds', () => {
    // Each declaration's body was cut by counting braces to the end of the file (`default = "{"` never
    // closes), so each of the 20,000 values read 1.1 MB: past 30 s.
    const declarations = Array.from({ length: 20_000 }, (_, i) => `variable "v${String(i)}" {\n  type    = number\n  default = "{"\n}\n`).join('');
    const root = workspace({
      'credlint.config.json': JSON.stringify({
        vars: Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`v${String(i)}`, i === 7 ? 'seven' : '7'])),
      }),
      'vars/variables.tf': declarations,
    });
    const started = Date.now();
    const result = spawnSync(process.execPath, [cli, '--format', 'json', root], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(result.error).toBeUndefined();
    expect((Date.now() - started) / 1000).toBeLessThan(15);
    // The one value that does not convert is still found, at its declaration.
    const report = JSON.parse(result.stdout) as { findings: { ruleId: string; message: string; location: { startLine: number } }[] };
    const errors = report.findings.filter((f) => f.ruleId === 'parse-error');
    expect(errors.map((f) => [f.location.startLine, f.message.slice(0, 60)])).toEqual([[29, "--var v7: the value given does not convert to the variable's"]]);
    expect(result.status).toBe(2);
  }, 90_000);

  it('100,000 vars that nothing declares are twenty warnings and a count, not 100,000', () => {
    // One warning each: 700,000 vars printed 436 MB of JSON with 1.4 GB of memory.
    const root = workspace({ 'credlint.config.json': JSON.stringify({ vars: Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`v${i}`, 'x'])) }) });
    const result = spawnSync(process.execPath, [cli, '--format', 'json', root], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('console-user-with-access-key');
    const messages = undeclared(result.stdout, 'undeclared-variable');
    expect(messages).toHaveLength(21);
    expect(messages).toContain('99980 more --var names that no scanned Terraform file declares are not listed (--var or the configuration\'s "vars")');
    expect(result.stdout.length).toBeLessThan(100_000);
  }, 90_000);
});

describe('JSON files read for their structure alone, nested ten megabytes deep', () => {
  // Each went straight to the platform's parser: 10 s and half a gigabyte per file, and 'JavaScript heap
  // out of memory' under a 256 MB heap. Templates, plans and `.tfvars.json` were refused past 200 levels
  // already; these are refused the same way now.
  const deep = `${'['.repeat(4_900_000)}${']'.repeat(4_900_000)}\n`;
  const template =
    'Resources:\n  U:\n    Type: AWS::IAM::User\n  K1:\n    Type: AWS::IAM::AccessKey\n    Properties: {UserName: !Ref U}\n  K2:\n    Type: AWS::IAM::AccessKey\n    Properties: {UserName: !Ref U}\n';

  it('a cdk.out manifest, modules.json and a .tf.json file: the scan finishes, the findings beside them kept', () => {
    const root = workspace({
      'cdk.out/manifest.json': deep,
      'cdk.out/cdk.out': '{"version":"36.0.0"}\n',
      'tf/.terraform/modules/modules.json': deep,
      'tf/main.tf': 'module "m" {\n  source = "x/y/aws"\n}\n',
      'tfjson/main.tf.json': deep,
      'stack/t.yaml': template,
    });
    const result = run(root, 256);
    expect(result.error).toBeUndefined();
    expect(result.stderr).not.toMatch(/heap|\n\s+at /);
    // The modules.json is a parse-error (the modules it lists are not analysed): exit 2.
    expect(result.status).toBe(2);
    expect(result.stdout).toContain('not valid JSON (nesting deeper than 200 levels at position 200): the registry and git modules it lists are not analysed');
    expect(result.stdout).toContain('multiple-active-access-keys');
    expect(result.stdout).toContain('console-user-with-access-key');
    expect(result.seconds).toBeLessThan(30);
  }, 90_000);

  it('a baseline is refused, naming the nesting', () => {
    const root = workspace({ 'credlint-baseline.json': deep, 'stack/t.yaml': template });
    const started = Date.now();
    const result = spawnSync(process.execPath, ['--max-old-space-size=256', cli, '--baseline', 'credlint-baseline.json', root], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.stderr).not.toMatch(/heap|\n\s+at /);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('nesting deeper than 200 levels');
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 90_000);
});
