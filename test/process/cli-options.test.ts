/**
 * The command-line options a user of ESLint, Checkov or tflint expects (README, "Usage" and "Exit
 * codes"), through the built CLI: output control, rules on the command line, mistakes reported with
 * their fix, why a path led to nothing, `--verbose`, and the progress line on a terminal.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/fixture-cases.js';
import { CLI, gitProject, runCli as run } from '../support/cli-process.js';
import { removeTempTrees } from '../support/temp-tree.js';

const project = (files: Record<string, string>): string => gitProject(files, 'credlint-cli-options-');
afterAll(removeTempTrees);

const ROOT_KEY = 'resource "aws_iam_access_key" "k" {\n  user = "root"\n}\n';
const BROKEN = 'resource "aws_iam_access_key" "k" {\n  user = \n}\n';

interface JsonReport {
  findings: { ruleId: string; severity: string; location: { file: string } }[];
  notes: { message: string; location: { file: string } }[];
}

describe('output control', () => {
  it('--quiet leaves warnings out of the report; --max-warnings counts them for the exit code', () => {
    const dir = project({ 'main.tf': ROOT_KEY });
    const asWarning = ['--rule', 'root-user-access-key: warn'];
    const loud = run([...asWarning, '--format', 'json'], dir);
    expect(loud.code).toBe(0);
    expect((JSON.parse(loud.stdout) as JsonReport).findings.map((f) => [f.ruleId, f.severity])).toEqual([['root-user-access-key', 'warning']]);
    const quiet = run([...asWarning, '--quiet', '--format', 'json'], dir);
    expect((JSON.parse(quiet.stdout) as JsonReport).findings).toEqual([]);
    expect(run([...asWarning, '--quiet'], dir).stdout).not.toContain('root-user-access-key');
    expect(run([...asWarning, '--quiet', '--max-warnings', '0'], dir).code).toBe(1);
    expect(run([...asWarning, '--max-warnings', '1'], dir).code).toBe(0);
    const bad = run(['--max-warnings', 'many'], dir);
    expect([bad.code, bad.stderr.split('\n')[0]]).toEqual([2, 'credlint: --max-warnings expects a whole number (0 or more), got "many"']);
  });

  it('a run failed by --max-warnings, or by findings --quiet hides, says why on standard error', () => {
    const dir = project({ 'main.tf': ROOT_KEY });
    const asWarning = ['--rule', 'root-user-access-key: warn'];
    // ESLint prints "ESLint found too many warnings (maximum: 0)."; a bare exit 1 under a report
    // that shows nothing failing (or, with --quiet, says "No problems found") leaves the user guessing.
    const tooMany = run([...asWarning, '--max-warnings', '0'], dir);
    expect([tooMany.code, tooMany.stderr]).toEqual([1, 'credlint: exit 1: 1 warning, more than --max-warnings 0 allows\n']);
    const quietTooMany = run([...asWarning, '--quiet', '--max-warnings', '0'], dir);
    expect(quietTooMany.stdout).toContain('No problems found');
    expect([quietTooMany.code, quietTooMany.stderr]).toEqual([
      1,
      'credlint: exit 1: 1 warning, more than --max-warnings 0 allows (not shown: --quiet reports errors only)\n',
    ]);
    const quietFailLevel = run([...asWarning, '--quiet', '--fail-level', 'warning', '--format', 'json'], dir);
    expect([quietFailLevel.code, quietFailLevel.stderr]).toEqual([
      1,
      'credlint: exit 1: 1 warning at or above --fail-level warning (not shown: --quiet reports errors only)\n',
    ]);
    // A failure the report shows needs no word; nor does a pass.
    expect(run([], dir).stderr).toBe('');
    expect(run([...asWarning, '--max-warnings', '1'], dir).stderr).toBe('');
    expect(run([...asWarning, '--fail-level', 'warning'], dir).stderr).toBe('');
  });

  it('--soft-fail reports findings and exits 0, but an incomplete scan still exits 2', () => {
    const dir = project({ 'good/main.tf': ROOT_KEY });
    const soft = run(['--soft-fail'], dir);
    expect(soft.code).toBe(0);
    expect(soft.stdout).toContain('root-user-access-key');
    writeFileSync(path.join(dir, 'bad.tf'), BROKEN);
    expect(run(['--soft-fail'], dir).code).toBe(2);
  });

  it('--allow-parse-errors still reports the parse error but does not fail on it', () => {
    const dir = project({ 'bad/main.tf': BROKEN, 'good/main.tf': 'resource "aws_iam_user" "u" {\n  name = "x"\n}\n' });
    expect(run([], dir).code).toBe(2);
    const allowed = run(['--allow-parse-errors', '--format', 'json'], dir);
    expect(allowed.code).toBe(0);
    expect((JSON.parse(allowed.stdout) as JsonReport).findings.map((f) => [f.ruleId, f.location.file])).toEqual([['parse-error', 'bad/main.tf']]);
    writeFileSync(path.join(dir, 'good', 'key.tf'), ROOT_KEY);
    expect(run(['--allow-parse-errors'], dir).code).toBe(1);
  });

  it('writes several reports from one run; -o and --output infer the format from the extension and create directories', () => {
    const dir = project({ 'main.tf': ROOT_KEY });
    const result = run(['--format', 'stylish', '--output', 'sarif=reports/ci/credlint.sarif', '--output', 'reports/findings.json'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/1:1\s+error\s+Access key aws_iam_access_key\.k is for user "root"/);
    const sarif = JSON.parse(readFileSync(path.join(dir, 'reports', 'ci', 'credlint.sarif'), 'utf8')) as { version: string; runs: { results: unknown[] }[] };
    expect([sarif.version, sarif.runs[0]?.results.length]).toEqual(['2.1.0', 1]);
    const json = JSON.parse(readFileSync(path.join(dir, 'reports', 'findings.json'), 'utf8')) as JsonReport;
    expect(json.findings.map((f) => f.ruleId)).toEqual(['root-user-access-key']);

    const inferred = run(['-o', 'out/x.sarif'], dir);
    expect([inferred.code, inferred.stdout]).toEqual([1, '']);
    expect((JSON.parse(readFileSync(path.join(dir, 'out', 'x.sarif'), 'utf8')) as { version: string }).version).toBe('2.1.0');
    expect(run(['-o', 'out/junit.xml'], dir).code).toBe(1);
    expect(readFileSync(path.join(dir, 'out', 'junit.xml'), 'utf8')).toMatch(/^<\?xml [^\n]*\n<testsuites /);
    run(['-o', 'out/x.json', '--format', 'github'], dir);
    expect(readFileSync(path.join(dir, 'out', 'x.json'), 'utf8')).toMatch(/^::error file=main\.tf,line=1/);
  });

  it('a report that cannot be written is a user error naming the file (exit 2), never an internal error', () => {
    const dir = project({ 'main.tf': ROOT_KEY, taken: 'a file, not a directory\n' });
    const result = run(['-o', 'taken/report.sarif'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^credlint: cannot write the report to .*taken[/\\]report\.sarif \((ENOTDIR|EEXIST)\)\n/);
    expect(result.stderr).not.toContain('internal error');
    if (process.getuid?.() !== 0) {
      mkdirSync(path.join(dir, 'locked'));
      chmodSync(path.join(dir, 'locked'), 0o500);
      const denied = run(['--output', 'json=locked/r.json'], dir);
      expect([denied.code, denied.stderr.split('\n')[0]]).toEqual([2, `credlint: cannot write the report to ${path.join(dir, 'locked', 'r.json')} (EACCES)`]);
    }
  });
});

describe('rules on the command line', () => {
  it('--list-rules prints a table, or JSON with --format json', () => {
    const dir = project({});
    const table = run(['--list-rules'], dir);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^ID\s+SEVERITY\s+TITLE\n/);
    expect(table.stdout).toMatch(
      /root-user-access-key\s+error\s+Access key for the root user\n\s+controls: CIS AWS Foundations Benchmark: 1\.12 \(v1\.2\.0\), 1\.4 \(v1\.3\.0–v4\.0\.1\)/,
    );
    expect(table.stdout).toMatch(/formats: terraform, terraform-json, tf-plan, cdktf, cloudformation, cdk-assembly, cdk-source/);
    const json = JSON.parse(run(['--list-rules', '--format', 'json'], dir).stdout) as {
      id: string;
      defaultSeverity: string;
      mappings: { control: string }[];
      formats: string[];
    }[];
    expect(json.map((r) => r.id)).toEqual(['console-user-with-access-key', 'multiple-active-access-keys', 'root-user-access-key']);
    expect(json[2]?.mappings.map((m) => m.control)).toContain('1.4');
  });

  it('--list-rules and --print-config refuse the scan flags they would ignore (-o, --output, another format, paths)', () => {
    const dir = project({ 'main.tf': ROOT_KEY });
    // Each was ignored: `--list-rules -o rules.txt` printed the table and wrote no file, exit 0.
    for (const [args, message] of [
      [
        ['--list-rules', '-o', 'rules.txt'],
        '--list-rules prints to standard output: -o and --output write scan reports (redirect instead: credlint --list-rules > file)',
      ],
      [
        ['--list-rules', '--output', 'json=rules.json'],
        '--list-rules prints to standard output: -o and --output write scan reports (redirect instead: credlint --list-rules > file)',
      ],
      [['--list-rules', '--format', 'sarif'], '--list-rules prints a table, or JSON with --format json, got --format sarif'],
      [['--list-rules', 'main.tf'], '--list-rules takes no paths, got "main.tf"'],
      [
        ['--print-config', 'main.tf', '-o', 'c.json'],
        '--print-config prints to standard output: -o and --output write scan reports (redirect instead: credlint --print-config <file> > file)',
      ],
      [['--print-config', 'main.tf', '--format', 'sarif'], '--print-config prints JSON, got --format sarif'],
      [['--print-config', 'main.tf', 'other.tf'], '--print-config shows the configuration of its one file (--print-config <file>), got also "other.tf"'],
      [['--list-rules', '--print-config', 'main.tf'], '--list-rules and --print-config each print and exit: give one'],
    ] as const) {
      const result = run(args, dir);
      expect([result.code, result.stdout, result.stderr.split('\n')[0]], args.join(' ')).toEqual([2, '', `credlint: ${message}`]);
    }
    expect(existsSync(path.join(dir, 'rules.txt'))).toBe(false);
    expect(run(['--print-config', 'main.tf', '--format', 'json'], dir).code).toBe(0);
  });

  it('--rule turns a rule off or changes its level, over the configuration; an unknown id names the nearest', () => {
    const dir = project({ 'main.tf': ROOT_KEY, 'credlint.config.json': '{ "rules": { "root-user-access-key": "warning" } }' });
    expect(run([], dir).code).toBe(0);
    expect(run(['--rule', 'root-user-access-key: 2'], dir).code).toBe(1);
    const off = run(['--rule', 'root-user-access-key: off', '--format', 'json', '--fail-level', 'note'], dir);
    expect([off.code, (JSON.parse(off.stdout) as JsonReport).findings]).toEqual([0, []]);
    const typo = run(['--rule', 'root-user-acess-key: off'], dir);
    expect([typo.code, typo.stdout, typo.stderr.split('\n')[0]]).toEqual([
      2,
      '',
      'credlint: --rule: unknown rule "root-user-acess-key"; did you mean "root-user-access-key"? (credlint --list-rules lists them)',
    ]);
  });

  it('ESLint level words work in the configuration too', () => {
    const dir = project({ 'main.tf': ROOT_KEY, 'credlint.config.json': '{ "rules": { "root-user-access-key": "warn" } }' });
    const result = run(['--format', 'json'], dir);
    expect([result.code, (JSON.parse(result.stdout) as JsonReport).findings[0]?.severity]).toEqual([0, 'warning']);
  });

  it('--print-config shows the configuration that applies to a file', () => {
    const dir = project({
      'credlint.config.json': JSON.stringify({
        rules: { 'multiple-active-access-keys': 'off' },
        ignore: ['legacy/**'],
        vars: { env: 'prod' },
        parameters: { Env: 'prod' },
      }),
      'legacy/main.tf': ROOT_KEY,
    });
    const result = run(['--print-config', 'legacy/main.tf', '--rule', 'root-user-access-key: warn', '--var', 'region=eu-west-1'], dir);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      file: 'legacy/main.tf',
      configFile: 'credlint.config.json',
      ignored: true,
      ignoredBy: 'legacy/**',
      ignore: ['legacy/**'],
      ignorePatterns: [],
      rules: {
        'console-user-with-access-key': { level: 'error', options: {} },
        'multiple-active-access-keys': { level: 'off' },
        'root-user-access-key': { level: 'warning', options: { ignoreInactive: false } },
      },
      varFiles: [],
      vars: { env: 'prod', region: 'eu-west-1' },
      parameters: { Env: 'prod' },
    });
  });
});

describe('mistakes on the command line', () => {
  it('an unknown flag names the nearest one; a repeated --format is an error', () => {
    const dir = project({ 'main.tf': ROOT_KEY });
    const typo = run(['--fromat', 'json'], dir);
    expect([typo.code, typo.stdout, typo.stderr]).toEqual([
      2,
      '',
      'credlint: unknown option --fromat; did you mean --format?\nRun "credlint --help" for usage.\n',
    ]);
    const twice = run(['--format', 'json', '--format', 'sarif'], dir);
    expect([twice.code, twice.stdout, twice.stderr.split('\n')[0]]).toEqual([
      2,
      '',
      'credlint: --format was given more than once (write further reports with --output <format>=<file>)',
    ]);
  });
});

describe('nothing matched is visible', () => {
  it("an explicit file excluded by the configuration's ignore says why; --no-ignore scans it", () => {
    const dir = project({ 'credlint.config.json': '{ "ignore": ["legacy/**"] }', 'legacy/main.tf': ROOT_KEY });
    const ignored = run(['legacy/main.tf', '--format', 'json'], dir);
    expect(ignored.code).toBe(0);
    const report = JSON.parse(ignored.stdout) as JsonReport;
    expect(report.findings).toEqual([]);
    expect(report.notes.map((n) => [n.location.file, n.message])).toEqual([
      ['legacy/main.tf', `file ignored because it matches the configuration's ignore pattern "legacy/**"; use --no-ignore to scan it`],
    ]);
    expect(run(['legacy/main.tf'], dir).stdout).toContain('file ignored because it matches');
    const scanned = run(['legacy/main.tf', '--no-ignore', '--format', 'json'], dir);
    expect([scanned.code, (JSON.parse(scanned.stdout) as JsonReport).findings.map((f) => f.ruleId)]).toEqual([1, ['root-user-access-key']]);
  });

  it('--ignore-pattern skips files relative to the current directory, beside the configuration; --no-ignore scans them', () => {
    const dir = project({
      // The configuration's globs are relative to its own directory, the repository root here.
      'credlint.config.json': '{ "ignore": ["infra/legacy/"] }',
      'infra/legacy/main.tf': ROOT_KEY,
      'infra/examples/a/main.tf': ROOT_KEY,
      'infra/examples/b/template.yaml': 'Resources:\n  K:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: root\n',
      'infra/live/main.tf': ROOT_KEY,
      'examples/main.tf': ROOT_KEY,
    });
    const cwd = path.join(dir, 'infra');
    const files = (args: string[]): string[] => {
      const result = run([...args, '--format', 'json'], cwd);
      return (JSON.parse(result.stdout) as JsonReport).findings.map((f) => f.location.file);
    };
    // From infra/: `examples/**` names infra/examples, not the repository root's examples/.
    expect(files(['.', '../examples', '--ignore-pattern', 'examples/**'])).toEqual(['../examples/main.tf', 'live/main.tf']);
    expect(files(['--ignore-pattern', 'examples/a', '--ignore-pattern', '*.yaml'])).toEqual(['live/main.tf']);
    expect(files(['--ignore-pattern', 'examples/**', '--no-ignore'])).toEqual([
      'examples/a/main.tf',
      'examples/b/template.yaml',
      'legacy/main.tf',
      'live/main.tf',
    ]);
    const explicit = run(['examples/a/main.tf', '--ignore-pattern', 'examples/', '--format', 'json'], cwd);
    expect(explicit.code).toBe(0);
    expect((JSON.parse(explicit.stdout) as JsonReport).notes.map((n) => [n.location.file, n.message])).toEqual([
      ['examples/a/main.tf', 'file ignored because it matches --ignore-pattern "examples/"; use --no-ignore to scan it'],
    ]);
    const printed = JSON.parse(run(['--print-config', 'examples/a/main.tf', '--ignore-pattern', 'examples/'], cwd).stdout) as Record<string, unknown>;
    expect([printed['ignored'], printed['ignoredBy'], printed['ignore'], printed['ignorePatterns']]).toEqual([
      true,
      'examples/',
      ['infra/legacy/'],
      ['examples/'],
    ]);
  });

  it('a path with nothing to analyse, and a file of a kind credlint does not read, say so', () => {
    const dir = project({ 'docs/README.md': '# docs\n', 'scripts/deploy.sh': 'echo\n' });
    const result = run(['docs', 'scripts/deploy.sh', '--format', 'json'], dir);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as JsonReport).notes.map((n) => [n.location.file, n.message.split(':')[0]])).toEqual([
      ['docs', 'nothing to analyse'],
      ['scripts/deploy.sh', 'not analysed'],
    ]);
    // The scan root itself is `.` in human output, not the machine's absolute path.
    const root = run(['--format', 'json'], path.join(dir, 'docs'));
    expect((JSON.parse(root.stdout) as JsonReport).notes.map((n) => [n.location.file, n.message.split(':')[0]])).toEqual([['.', 'nothing to analyse']]);
    expect(run([], path.join(dir, 'docs')).stdout).toContain('note  .:1:1  nothing to analyse');
  });

  it('--verbose lists the files analysed and skipped with the reason, and phase timings, on standard error only', () => {
    const dir = project({
      'keys/main.tf': ROOT_KEY,
      'network/main.tf': 'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\n',
      'data/settings.json': '{ "a": 1 }\n',
    });
    const result = run(['--verbose', '--format', 'json'], dir);
    expect(result.code).toBe(1);
    expect((JSON.parse(result.stdout) as JsonReport).findings).toHaveLength(1);
    const lines = result.stderr.split('\n');
    expect(lines).toContain('credlint: analysed keys/main.tf');
    // One file is "1 file", as the report's summary says it ("in 1 file scanned").
    expect(lines).toContain('credlint: 1 file analysed, 2 skipped');
    expect(lines).toContain('credlint: skipped network/main.tf (prefilter: neither its module directory nor a module it calls can declare an IAM access key)');
    expect(lines.some((l) => l.startsWith('credlint: skipped data/settings.json (prefilter: holds none of the words'))).toBe(true);
    for (const phase of ['discover', 'claim', 'load', 'check']) expect(lines.some((l) => new RegExp(`^credlint: phase ${phase}: \\d+ ms$`).test(l))).toBe(true);
    expect(run(['--format', 'json'], dir).stderr).toBe('');
  });
});

/** `script` (util-linux) runs a command on a pseudo-terminal, so standard error is a TTY. */
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

describe('progress on a terminal', () => {
  it.skipIf(!hasScript)('a scan over a second shows progress on a TTY, erased before the report; none in a pipe', () => {
    // Loading the CDK source analyser (TypeScript) alone takes about a second; many Terraform modules add to it.
    const files: Record<string, string> = {
      'cdk/cdk.json': '{ "app": "npx ts-node app.ts" }\n',
      'cdk/app.ts': readFileSync(path.join(repoRoot, 'fixtures/root-user-access-key/cdk-source/positive/from-user-name-root/app.ts'), 'utf8'),
    };
    for (let i = 0; i < 300; i++)
      files[`tf/m${i}/main.tf`] =
        `resource "aws_iam_user" "u" {\n  name = "user${i}"\n}\nresource "aws_iam_access_key" "k" {\n  user = aws_iam_user.u.name\n}\n`;
    const dir = project(files);
    const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', CI: '', TERM: 'xterm' };
    const started = Date.now();
    // Standard output goes to a file, standard error stays on the terminal `script` records.
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} --format json -o report.json`;
    const tty = spawnSync('script', ['-qec', command, path.join(dir, 'typescript.log')], { cwd: dir, encoding: 'utf8', env, timeout: 120_000 });
    const took = Date.now() - started;
    expect(tty.status).toBe(1);
    const recorded = readFileSync(path.join(dir, 'typescript.log'), 'utf8');
    if (took > 1500) {
      expect(recorded).toMatch(/credlint: \d+ of \d+ files read, \d+ units analysed/);
      expect(recorded).toContain('\r\u001b[2K');
    }
    expect((JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as JsonReport).findings.length).toBe(1);
    const piped = run([], dir, { CI: '' });
    expect(piped.stderr).toBe('');
    expect(existsSync(path.join(dir, 'report.json'))).toBe(true);
  });
});
