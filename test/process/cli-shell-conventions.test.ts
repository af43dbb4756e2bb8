/**
 * What a shell user expects of a command-line tool, through the built CLI (README, "Usage" and "Exit
 * codes"): a pipe closed by its reader (`credlint | head`), `-o -`, Node's own argument errors on one
 * line, no colours on a `TERM=dumb` terminal, and a quoted glob told apart from a missing path.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, gitProject, runCli as run } from '../support/cli-process.js';
import { removeTempTrees } from '../support/temp-tree.js';

afterAll(removeTempTrees);

const TWO_KEYS = (i: number): string =>
  `resource "aws_iam_user" "u" {\n  name = "user${i}"\n}\n` +
  `resource "aws_iam_access_key" "a" {\n  user = aws_iam_user.u.name\n}\n` +
  `resource "aws_iam_access_key" "b" {\n  user = aws_iam_user.u.name\n}\n`;

/** The CLI with standard output read up to its first chunk and then closed, as `credlint | head -1` does. */
function runClosedEarly(args: readonly string[], cwd: string): Promise<{ code: number | null; stderr: string; read: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' } });
    let stderr = '';
    let read = 0;
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.stdout.once('data', (chunk: Buffer) => {
      read = chunk.length;
      child.stdout.destroy();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr, read }));
  });
}

describe('standard output closed by its reader', () => {
  // 300 modules make a report of about 140 kB, more than a pipe holds, so the reader leaves while credlint writes.
  const files = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`m${i}/main.tf`, TWO_KEYS(i)]));

  it('stops writing without a message and keeps the exit code, for every report on standard output', async () => {
    const dir = gitProject(files, 'credlint-shell-');
    for (const args of [[], ['--format', 'sarif'], ['--format', 'json', '--output', 'github=-', '--output', 'sarif=out/r.sarif']]) {
      const result = await runClosedEarly(args, dir);
      expect(result.read).toBeGreaterThan(0);
      expect([args, result.code, result.stderr]).toEqual([args, 1, '']);
    }
    // The reports written to files are finished all the same.
    const sarif = JSON.parse(readFileSync(path.join(dir, 'out', 'r.sarif'), 'utf8')) as { runs: { results: unknown[] }[] };
    expect(sarif.runs[0]?.results).toHaveLength(300);
  });
});

describe('standard output that refuses writes', () => {
  // Linux's /dev/full fails every write with ENOSPC, as a full disk does under `credlint > report.txt`.
  it.runIf(existsSync('/dev/full'))('is a report that cannot be written (exit 2, the error code), not an internal error', () => {
    const dir = gitProject({ 'main.tf': TWO_KEYS(0) }, 'credlint-shell-');
    for (const args of [[], ['--format', 'json'], ['--list-rules'], ['--version'], ['--help']]) {
      const full = openSync('/dev/full', 'w');
      try {
        const result = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', stdio: ['ignore', full, 'pipe'] });
        expect([args, result.status, result.stderr.split('\n')[0]]).toEqual([args, 2, 'credlint: cannot write to standard output (ENOSPC)']);
      } finally {
        closeSync(full);
      }
    }
  });
});

describe('the command line', () => {
  it('-o - is standard output, not a file named "-"', () => {
    const dir = gitProject({ 'main.tf': TWO_KEYS(0) }, 'credlint-shell-');
    const result = run(['--format', 'json', '-o', '-'], dir);
    expect(result.code).toBe(1);
    expect((JSON.parse(result.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId)).toEqual(['multiple-active-access-keys']);
    expect(existsSync(path.join(dir, '-'))).toBe(false);
  });

  it("Node's argument errors read as one line, not with escaped line breaks", () => {
    const dir = gitProject({ 'main.tf': TWO_KEYS(0) }, 'credlint-shell-');
    const result = run(['--max-warnings', '-1'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "credlint: Option '--max-warnings' argument is ambiguous. Did you forget to specify the option argument for '--max-warnings'? " +
        "To specify an option argument starting with a dash use '--max-warnings=-XYZ'.\n" +
        'Run "credlint --help" for usage.\n',
    );
  });

  it('an option given without its value names it as --help writes it, placeholder included', () => {
    const dir = gitProject({ 'main.tf': TWO_KEYS(0) }, 'credlint-shell-');
    for (const [args, usage] of [
      [['--format'], '--format needs a value: -f, --format <name>'],
      [['main.tf', '-o'], '-o needs a value: -o, --output-file <file>'],
      [['--rule'], "--rule needs a value: --rule '<id>: <level>'"],
    ] as const) {
      const result = run(args, dir);
      expect([args, result.code, result.stderr]).toEqual([args, 2, `credlint: ${usage}\nRun "credlint --help" for usage.\n`]);
    }
  });

  it("answers other scanners' directory flags (Checkov's -d, tflint's --chdir and --recursive) with how credlint takes paths", () => {
    const dir = gitProject({ 'infra/main.tf': TWO_KEYS(0) }, 'credlint-shell-');
    const paths = 'credlint takes the files and directories to scan as arguments, and walks directories recursively: credlint infra';
    for (const flag of ['-d', '--directory', '--file', '--chdir', '--recursive']) {
      const result = run([flag, 'infra'], dir);
      expect([flag, result.code, result.stderr.split('\n')[0]]).toEqual([flag, 2, `credlint: unknown option ${flag}; ${paths}`]);
    }
  });

  it("--fail-level takes ESLint's warn, as rule levels do", () => {
    const dir = gitProject({ 'main.tf': TWO_KEYS(0) }, 'credlint-shell-');
    const asWarning = ['--rule', 'multiple-active-access-keys: warn'];
    expect(run(asWarning, dir).code).toBe(0);
    expect(run([...asWarning, '--fail-level', 'warn'], dir).code).toBe(1);
    expect(run([...asWarning, '--fail-level=warning'], dir).code).toBe(1);
    const bad = run(['--fail-level', 'fatal'], dir);
    expect([bad.code, bad.stderr.split('\n')[0]]).toEqual([2, 'credlint: --fail-level must be error, warning (or warn) or note, got "fatal"']);
  });

  it('a quoted glob, which credlint does not expand, is a missing path whose message says so', () => {
    const dir = gitProject({ 'infra/main.tf': TWO_KEYS(0) }, 'credlint-shell-');
    const glob = run(['--format', 'json', 'infra/**/*.tf'], dir);
    expect(glob.code).toBe(2);
    expect((JSON.parse(glob.stdout) as { findings: { message: string }[] }).findings.map((f) => f.message)).toEqual([
      'path does not exist (credlint does not expand glob patterns: give the directory, or let the shell expand the pattern unquoted)',
    ]);
    const missing = run(['--format', 'json', 'infra/nope.tf'], dir);
    expect((JSON.parse(missing.stdout) as { findings: { message: string }[] }).findings.map((f) => f.message)).toEqual(['path does not exist']);
  });

  it.runIf(path.sep === '/')('a missing path written with Windows separators says \\ is not one here, and how to write it', () => {
    const dir = gitProject({ 'infra/tf/main.tf': TWO_KEYS(0) }, 'credlint-shell-');
    // A path copied from a Windows terminal or a CI template: on Linux and macOS `\` is a file-name character.
    const windows = run(['--format', 'json', 'infra\\tf\\main.tf'], dir);
    expect(windows.code).toBe(2);
    expect((JSON.parse(windows.stdout) as { findings: { message: string }[] }).findings.map((f) => f.message)).toEqual([
      'path does not exist (\\ is not a path separator on this system: write infra/tf/main.tf)',
    ]);
  });

  it('- (standard input for many tools: cat template.yaml | credlint -) is a missing path whose message says credlint reads no standard input', () => {
    const dir = gitProject({ 'infra/main.tf': TWO_KEYS(0) }, 'credlint-shell-');
    const stdin = run(['--format', 'json', '-'], dir);
    expect(stdin.code).toBe(2);
    expect((JSON.parse(stdin.stdout) as { findings: { message: string }[] }).findings.map((f) => f.message)).toEqual([
      'path does not exist (credlint does not read standard input: give the files or directories to scan)',
    ]);
  });
});

describe('files named on the command line', () => {
  it('a --config or --var-file that is not there is said to not exist, not shown as a system error code', () => {
    const dir = gitProject({ 'main.tf': TWO_KEYS(0) }, 'credlint-shell-');
    const config = run(['--config', 'nope.json'], dir);
    expect([config.code, config.stderr.split('\n')[0]]).toEqual([2, 'credlint: invalid configuration nope.json: file does not exist']);
    const varFile = run(['--format', 'json', '--var-file', 'env/prod.tfvars'], dir);
    expect(varFile.code).toBe(2);
    const findings = (JSON.parse(varFile.stdout) as { findings: { ruleId: string; message: string; location: { file: string } }[] }).findings;
    expect(findings.filter((f) => f.ruleId === 'parse-error').map((f) => [f.location.file, f.message])).toEqual([['env/prod.tfvars', 'file does not exist']]);
  });
});

describe('colours on a terminal', () => {
  /** The CLI on a terminal (`script` records it) with `TERM` as given and no colour variables. */
  function onTerminal(term: string): string {
    const dir = gitProject({ 'main.tf': TWO_KEYS(0) }, 'credlint-shell-');
    const env: NodeJS.ProcessEnv = { ...process.env, TERM: term, CI: '' };
    delete env.NO_COLOR;
    delete env.FORCE_COLOR;
    const log = path.join(dir, 'terminal.log');
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)}`;
    const result = spawnSync('script', ['-qec', command, log], { cwd: dir, encoding: 'utf8', env, timeout: 120_000 });
    expect(result.status).toBe(1);
    return readFileSync(log, 'utf8');
  }

  it.skipIf(process.platform === 'win32')('are on for a terminal, and off for TERM=dumb, which shows escape sequences as text', () => {
    expect(onTerminal('xterm')).toContain('\u001b[31merror');
    const dumb = onTerminal('dumb');
    expect(dumb).toContain('multiple-active-access-keys');
    expect(dumb).not.toContain('\u001b[');
  });
});
