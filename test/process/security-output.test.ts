/**
 * Forged output lines (a pull request writing into the CI log): every input-derived string — file
 * names, HCL block labels, user names, CloudFormation logical ids, suppression reasons,
 * `Fn::ImportValue` names in unknown-reason messages, source lines in code frames, paths in usage
 * errors — reaches the stylish and github formats neutralised (no raw control, bidi or invisible
 * character; no line that GitHub Actions would run as a workflow command, `::cmd` at a line start or
 * `##[cmd]` anywhere), while JSON and SARIF keep the exact original string. Each case runs the real
 * CLI beside a good Terraform file whose finding must survive. The neutraliser and code frames on their
 * own: test/unit/neutralise-text.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Linter } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { preloadAnalysis } from '../../src/eslint-plugin/load-analysis.js';
import { preloadPlugin } from '../../src/eslint-plugin/load-plugin.js';
import type { Finding, LintResult } from '../../src/core/finding.js';
import { getChunkedReporter, getReporter } from '../../src/reporters/index.js';
import { serializeJson } from '../../src/reporters/json-chunks.js';
import { toJsonReport } from '../../src/reporters/json-reporter.js';
import { toSarifLog } from '../../src/reporters/sarif-reporter.js';
import { toCodeQualityReport } from '../../src/reporters/gitlab-reporter.js';
import { consoleUserMeta } from '../support/reporters-sample-result.js';
import { repoRoot } from '../support/fixture-cases.js';

// The plugin's entry requires its code from the build's CommonJS copy, and the plugin its analysis on
// first use; these TypeScript sources have none, and `require` cannot load them: both are imported
// first, and the entry after them.
await preloadPlugin();
await preloadAnalysis();
const { default: credlint } = await import('../../src/eslint-plugin/index.js');

const CLI = path.join(repoRoot, 'dist', 'src', 'cli.cjs');

const GOOD =
  'resource "aws_iam_user" "ana" {\n  name = "ana"\n}\n\nresource "aws_iam_user_login_profile" "ana" {\n  user = aws_iam_user.ana.name\n}\n\nresource "aws_iam_access_key" "ana" {\n  user = aws_iam_user.ana.name\n}\n';

const ESC = '\u001b';
const BEL = '\u0007';
/** A forged annotation after a line break, a screen clear, an OSC 8 hyperlink, a bidi override, a legacy command. */
const FORGED = `\n::error file=x.tf,line=1::forged`;
const CLEAR = `${ESC}[2J`;
const HYPERLINK = `${ESC}]8;;https://evil.example/${BEL}click${ESC}]8;;${BEL}`;
const BIDI = '\u202Eexe.gnp';
const LEGACY = '##[add-mask]credlint';
const PAYLOAD = `${FORGED}${CLEAR}${HYPERLINK}${BIDI}${LEGACY}`;

/** Characters that must never reach a terminal or CI log raw (TAB only inside stylish code frames). */
const UNSAFE_RAW = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF]/u;

const roots: string[] = [];
afterAll(async () => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function workspace(files: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'credlint-output-')));
  roots.push(root);
  // A git work tree's marker, so that the repository root is `root`.
  mkdirSync(path.join(root, '.git'));
  writeFileSync(path.join(root, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  for (const [name, text] of Object.entries({ 'good/main.tf': GOOD, ...files })) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

function run(args: readonly string[], cwd: string, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...env },
    timeout: 60_000,
    maxBuffer: 1 << 30,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The only workflow commands credlint itself writes: one annotation a line, properties escaped. */
const OWN_COMMAND = /^::(error|warning|notice) file=[^:,]*,line=\d+(,col=\d+)?,endLine=\d+(,endColumn=\d+)?,title=[a-z-]+::[^\t]*$/;

function expectHumanSafe(text: string, format: 'stylish' | 'github' | 'stderr'): void {
  // Colours are credlint's own escapes; what is left must hold no raw control character.
  const plain = text.replace(/\u001b\[\d+m/g, '');
  for (const line of plain.split('\n')) {
    const unsafe = UNSAFE_RAW.exec(format === 'stylish' ? line : line.replace(/\t/g, '\u0000'));
    expect(unsafe, `raw U+${unsafe?.[0].codePointAt(0)?.toString(16)} in ${JSON.stringify(line)}`).toBeNull();
    if (format !== 'stylish') expect(line).not.toContain('\t');
    expect(line, 'legacy ##[command] form').not.toContain('##[');
    if (/^\s*::/.test(line)) {
      expect(format, `line ${JSON.stringify(line)} would be a workflow command`).toBe('github');
      expect(line).toMatch(OWN_COMMAND);
    }
  }
}

/**
 * Every string value of a parsed JSON document (URIs also percent-decoded, and SARIF message texts
 * with their `\[`, `\]` and `\\` escapes undone, as a SARIF consumer reads them).
 */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    out.push(value, value.replace(/\\([\\[\]])/g, '$1'));
    try {
      out.push(decodeURIComponent(value));
    } catch {
      // Not percent-encoded.
    }
  } else if (Array.isArray(value)) {
    for (const item of value) strings(item, out);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) strings(item, out);
  }
  return out;
}

interface JsonFinding {
  readonly ruleId: string;
  readonly location: { readonly file: string };
}

/**
 * Stylish and github through the CLI must be safe; JSON and SARIF (the same engine and reporters, run
 * in this process to keep each case short) must hold every `exact` string verbatim; the good file's
 * finding must survive.
 */
async function scanAllFormats(root: string, exact: readonly string[], options: { reportUnknown?: boolean } = {}): Promise<string> {
  const extraArgs = options.reportUnknown ? ['--report-unknown'] : [];
  let stylish = '';
  for (const format of ['stylish', 'github'] as const) {
    const { code, stdout, stderr } = run(['-f', format, ...extraArgs, '.'], root);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expectHumanSafe(stdout, format);
    expect(stdout).toContain('good/main.tf');
    if (format === 'stylish') stylish = stdout;
  }
  const result = await lint({ paths: ['.'], cwd: root, reportUnknown: options.reportUnknown === true });
  const context = { cwd: root, color: false, readSource: () => undefined };
  const report = JSON.parse(getReporter('json')(result, context)) as { findings: JsonFinding[] };
  const sarif = JSON.parse(getReporter('sarif')(result, context)) as unknown;
  for (const text of exact) {
    expect(
      strings(report).some((value) => value.includes(text)),
      `JSON holds ${JSON.stringify(text)}`,
    ).toBe(true);
    expect(
      strings(sarif).some((value) => value.includes(text)),
      `SARIF holds ${JSON.stringify(text)}`,
    ).toBe(true);
  }
  expect(report.findings.some((f) => f.ruleId === 'console-user-with-access-key' && f.location.file === 'good/main.tf')).toBe(true);
  return stylish;
}

describe('forged output lines through the CLI', () => {
  it('file names with a line break and ::error, terminal escapes, bidi and ##[ are neutralised; JSON/SARIF keep them', async () => {
    const name = `evil${FORGED}${CLEAR}${BIDI}${LEGACY}.tf`;
    const root = workspace({
      [`names/${name}`]: 'resource "aws_iam_access_key" "k" {\n  user = "root"\n}\n',
      'colon/::error file=x.tf,line=1::pwned.tf': 'resource "aws_iam_access_key" "k" {\n  user = "root"\n}\n',
    });
    const stylish = await scanAllFormats(root, [name]);
    // File headers are paths a reader can still copy.
    expect(stylish.split('\n')).toContain('colon/::error file=x.tf,line=1::pwned.tf');
    expect(stylish.split('\n')).toContain('names/evil\\n::error file=x.tf,line=1::forged\\x1b[2J\\u202eexe.gnp#\\x23[add-mask]credlint.tf');
    // Colours wrap the header; what they wrap is the same neutralised path.
    const coloured = run(['.'], root, { NO_COLOR: '', FORCE_COLOR: '1' });
    expectHumanSafe(coloured.stdout, 'stylish');
  }, 60_000);

  // Linux file systems take any bytes as a name; macOS and Windows refuse invalid UTF-8.
  it.skipIf(process.platform !== 'linux')('a template whose name is not valid UTF-8 is a parse-error (exit 2), never a file silently not scanned', () => {
    const root = workspace({});
    const template = 'Resources:\n  K:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: root\n';
    writeFileSync(Buffer.concat([Buffer.from(`${root}/stack`), Buffer.from([0xe9]), Buffer.from(`${LEGACY}.yaml`)]), template);
    for (const format of ['stylish', 'github'] as const) {
      const { code, stdout, stderr } = run(['-f', format, '.'], root);
      expect(stderr).toBe('');
      expect(code).toBe(2);
      expectHumanSafe(stdout, format);
      expect(stdout).toContain('the name is not valid UTF-8');
      expect(stdout).toContain('good/main.tf');
    }
  });

  it('HCL block labels (with escapes) and user names (with raw characters) are neutralised', async () => {
    const label = `k${FORGED}${CLEAR}${HYPERLINK}${BIDI}`;
    // Raw bidi, isolate and zero-width characters and a legacy command in a user name. (Messages
    // quote user names as JSON strings, so C0 controls in a name already reach them as `\u001b`.)
    const user = `ops${BIDI}\u2066\u200B${LEGACY}`;
    // HCL strings take JSON's escapes (`\n`, `\u001b`).
    const hcl = (text: string) => JSON.stringify(text).slice(1, -1);
    const root = workspace({
      'labels/main.tf':
        `resource "aws_iam_access_key" "${hcl(label)}" {\n  user = "root"\n}\n\n` +
        `resource "aws_iam_user" "ops" {\n  name = "${user}"\n}\n\nresource "aws_iam_user_login_profile" "ops" {\n  user = aws_iam_user.ops.name\n}\n\n` +
        'resource "aws_iam_access_key" "ops" {\n  user = aws_iam_user.ops.name\n}\n',
    });
    await scanAllFormats(root, [label, user]);
  }, 60_000);

  it('CloudFormation logical ids and metadata suppression reasons are neutralised', async () => {
    const id = `K${PAYLOAD}`;
    const reason = `accepted${PAYLOAD}`;
    const template = {
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        [id]: { Type: 'AWS::IAM::AccessKey', Properties: { UserName: 'root' } },
        Waived: {
          Type: 'AWS::IAM::AccessKey',
          Metadata: { credlint: { ignore: [{ rule: 'root-user-access-key', reason }] } },
          Properties: { UserName: 'root' },
        },
      },
    };
    const root = workspace({ 'cfn/template.json': JSON.stringify(template, null, 2) });
    await scanAllFormats(root, [id, reason]);
  }, 60_000);

  it('inline suppression reasons with raw escapes, bidi and ##[ are neutralised', async () => {
    const reason = `break-glass ${CLEAR}${HYPERLINK}${BIDI}${LEGACY}`;
    const root = workspace({
      'inline/main.tf': `# credlint-ignore root-user-access-key -- ${reason}\nresource "aws_iam_access_key" "root" {\n  user = "root"\n}\n`,
    });
    await scanAllFormats(root, [reason]);
  }, 60_000);

  it('an Fn::ImportValue name in an unknown-reason message (--report-unknown) is neutralised', async () => {
    const name = `shared${PAYLOAD}`;
    const template = {
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: { Key: { Type: 'AWS::IAM::AccessKey', Properties: { UserName: { 'Fn::ImportValue': name } } } },
    };
    const root = workspace({ 'import/template.json': JSON.stringify(template) });
    await scanAllFormats(root, [`Fn::ImportValue ${name}`], { reportUnknown: true });
  }, 60_000);

  it('code frames escape raw ESC[2J, OSC 8 and bidi overrides in the source lines they show', async () => {
    const line = `resource "aws_iam_access_key" "frame" { # ${CLEAR}${HYPERLINK}${BIDI}${LEGACY}\u2028`;
    const root = workspace({ 'frame/main.tf': `# ${CLEAR}${HYPERLINK}\n${line}\n  user = "root"\n}\n` });
    const { code, stdout } = run(['.'], root);
    expect(code).toBe(1);
    expectHumanSafe(stdout, 'stylish');
    expect(stdout).toContain('good/main.tf');
    expect(stdout).toContain('\\x1b[2J\\x1b]8;;https://evil.example/\\x07click');
    expect(stdout).toContain('\\u202eexe.gnp#\\x23[add-mask]credlint\\u2028');
  }, 60_000);

  it('paths in usage errors on standard error are neutralised (exit 2, no stack trace)', () => {
    const root = workspace({});
    const { code, stdout, stderr } = run(['--config', `missing${PAYLOAD}.json`, '.'], root);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('missing\\n::error file=x.tf,line=1::forged\\x1b[2J');
    expect(stderr).not.toMatch(/\n\s+at /);
    expectHumanSafe(stderr, 'stderr');
  }, 30_000);
});

describe('any number of findings', () => {
  const FORMATS = ['stylish', 'json', 'sarif', 'github', 'junit', 'gitlab', 'checkstyle'] as const;

  /** `count` findings in one file of `count` lines, each with two related locations, as the engine gives them. */
  function syntheticResult(count: number) {
    const file = '/repo/main.tf';
    const lines: string[] = [];
    const findings: Finding[] = [];
    for (let index = 0; index < count; index += 1) {
      lines.push(`resource "aws_iam_access_key" "k${index}" { user = "u${index}" }`);
      const at = (start: number, end: number) => ({ file, range: { start: { line: index + 1, column: start }, end: { line: index + 1, column: end } } });
      findings.push({
        ruleId: 'console-user-with-access-key',
        severity: 'error',
        message: `IAM user "u${index}" has a console password and an active access key.`,
        location: { ...at(1, 9), logicalPath: `resource.aws_iam_access_key.k${index}` },
        related: [
          { message: `console login profile of u${index}`, location: at(3, 5) },
          { message: `IAM user u${index}`, location: at(3, 5) },
        ],
        unitId: 'terraform:.',
        address: `aws_iam_access_key.k${index}`,
        fingerprint: 'f'.repeat(64),
      });
    }
    const source = `${lines.join('\n')}\n`;
    const result: LintResult = { findings, notes: [], rules: [consoleUserMeta], filesScanned: 1, cwd: '/repo' };
    return { result, context: { cwd: '/repo', color: false, readSource: () => source } };
  }

  /** Consumes a report as the CLI does, piece by piece; its size and a few of its lines. */
  function consume(format: (typeof FORMATS)[number], sample: ReturnType<typeof syntheticResult>) {
    let characters = 0;
    let pieces = 0;
    let last = '';
    let first = '';
    for (const chunk of getChunkedReporter(format)(sample.result, sample.context)) {
      if (pieces === 0) first = chunk;
      characters += chunk.length;
      pieces += 1;
      last = chunk;
    }
    return { characters, pieces, first, last };
  }

  let large: ReturnType<typeof syntheticResult>;
  let small: ReturnType<typeof syntheticResult>;
  beforeAll(() => {
    large = syntheticResult(150_000);
    small = syntheticResult(15_000);
  }, 60_000);

  it.each(FORMATS)(
    'prints 150,000 findings of one file in %s, piece by piece, in linear time',
    // A retry absorbs a burst of load; a quadratic reporter (100x for 10x the findings) fails every try.
    { timeout: 60_000, retry: 2 },
    (format) => {
      // CPU time of this process (a file of this layer runs in a process of its own): other processes
      // on a busy machine slow the wall clock, not this.
      const cpuMs = (before: NodeJS.CpuUsage): number => {
        const used = process.cpuUsage(before);
        return (used.user + used.system) / 1000;
      };
      const smallStarted = process.cpuUsage();
      const smallReport = consume(format, small);
      const smallTime = cpuMs(smallStarted);
      const started = process.cpuUsage();
      const report = consume(format, large);
      const elapsed = cpuMs(started);
      console.info(
        `${format}: ${Math.round(smallTime)} ms for 15k findings, ${Math.round(elapsed)} ms for 150k (${(report.characters / 1e6).toFixed(0)} M characters)`,
      );
      // Ten times the findings: about ten times the output and the time (generous for a busy machine).
      expect(report.characters / smallReport.characters).toBeGreaterThan(9.5);
      expect(elapsed / Math.max(smallTime, 1)).toBeLessThan(25);
      expect(elapsed).toBeLessThan(10_000);
      // No piece holds the report: each is about one finding.
      expect(report.pieces).toBeGreaterThanOrEqual(150_000);
      if (format === 'stylish') expect(report.last).toContain('150000 problems (150000 errors, 0 warnings)');
      if (format === 'github') expect(report.first).toMatch(/^::error file=main\.tf,line=1,/);
      if (format === 'json') expect(report.last).toContain('"errors": 150000');
      if (format === 'sarif') expect(report.first).toMatch(/"results": $/);
      if (format === 'junit') expect(report.first).toContain('tests="150000" failures="150000"');
      if (format === 'gitlab') expect(report.first).toBe('');
      if (format === 'checkstyle') expect(report.last).toBe('</checkstyle>\n');
    },
  );

  it('streams JSON, SARIF and GitLab Code Quality exactly as serializeJson of the whole document', () => {
    const sample = syntheticResult(3);
    const withExtras: LintResult = {
      ...sample.result,
      findings: sample.result.findings.map((finding, index) =>
        index === 1 ? { ...finding, suppression: { kind: 'inline', justification: 'ok' }, constructPath: 'App/K' } : finding,
      ),
    };
    expect(getReporter('json')(withExtras, sample.context)).toBe(`${serializeJson(toJsonReport(withExtras, sample.context))}\n`);
    expect(getReporter('sarif')(withExtras, sample.context)).toBe(`${serializeJson(toSarifLog(withExtras, sample.context))}\n`);
    const empty: LintResult = { ...sample.result, findings: [] };
    expect(getReporter('json')(empty, sample.context)).toBe(`${serializeJson(toJsonReport(empty, sample.context))}\n`);
    expect(getReporter('sarif')(empty, sample.context)).toBe(`${serializeJson(toSarifLog(empty, sample.context))}\n`);
    expect(getReporter('gitlab')(withExtras, sample.context)).toBe(`${serializeJson(toCodeQualityReport(withExtras, sample.context))}\n`);
    expect(getReporter('gitlab')(empty, sample.context)).toBe(`${serializeJson(toCodeQualityReport(empty, sample.context))}\n`);
  });

  it('reports thousands of real findings of one CloudFormation template through the engine and the CLI', async () => {
    const count = 6_000;
    const resources: Record<string, unknown> = {};
    for (let index = 0; index < count; index += 1) resources[`Key${index}`] = { Type: 'AWS::IAM::AccessKey', Properties: { UserName: 'root' } };
    const root = workspace({ 'many/template.json': JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources }, null, 1) });
    const started = performance.now();
    const result = await lint({ paths: ['.'], cwd: root });
    const engineTime = performance.now() - started;
    const roots = result.findings.filter((finding) => finding.ruleId === 'root-user-access-key');
    expect(roots).toHaveLength(count);
    expect(result.findings.some((f) => f.ruleId === 'console-user-with-access-key' && f.location.file.endsWith('good/main.tf'))).toBe(true);
    const context = { cwd: root, color: false, readSource: (file: string) => readFileSync(file, 'utf8') };
    for (const format of FORMATS) {
      let characters = 0;
      for (const chunk of getChunkedReporter(format)(result, context)) characters += chunk.length;
      expect(characters).toBeGreaterThan(count * 50);
    }
    const cli = run(['-f', 'stylish', '.'], root);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toBe('');
    expect(cli.stdout).toContain(`${count + 2} problems`);
    // The engine's own cost per finding, for the record (not a budget).
    console.info(`engine: ${(engineTime / count).toFixed(3)} ms per finding for ${count} findings`);
  }, 60_000);
});

describe('ESLint plugin messages', () => {
  it('neutralises names from the linted code in rule messages', () => {
    // Raw characters in a string literal (no line break: a quoted literal cannot hold one).
    const name = `ops${CLEAR}${HYPERLINK}${BIDI}${LEGACY}`;
    const code =
      "import * as cdk from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\nconst app = new cdk.App();\nconst stack = new cdk.Stack(app, 'Team');\n" +
      `const user = new iam.User(stack, 'U', { userName: '${name}', password: cdk.SecretValue.unsafePlainText('x') });\n` +
      "new iam.AccessKey(stack, 'K', { user });\n";
    const messages = new Linter({ configType: 'flat' }).verify(code, [credlint.configs.recommended], 'app.ts');
    const consoleUser = messages.find((message) => message.ruleId === 'credlint/console-user-with-access-key');
    // Messages quote user names as JSON strings (C0 controls already as `\u001b`); the rest is neutralised.
    expect(consoleUser?.message).toContain('\\u202eexe.gnp#\\x23[add-mask]credlint');
    for (const message of messages) expectHumanSafe(message.message, 'github');
  });
});
