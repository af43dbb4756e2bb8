/**
 * Hostile CDK TypeScript through the whole engine (`lint()`) and the CLI process, each beside a good
 * Terraform module whose finding must survive: loops that multiply, suppression comments padded with
 * hundreds of thousands of spaces, thousands of comment lines above a looped key, a 10 MB array
 * literal, and secrets that must never reach any output. Every case ends in seconds, under 1 GiB.
 * Large inputs are generated here, in a temporary directory, never committed.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/core/finding.js';
import { lint } from '../../src/engine.js';
import { directivesOfFile, parseDirectiveLine } from '../../src/suppress/suppression-comments.js';
import { extract } from '../support/cdk-source-harness.js';
import { hostileWorkspaces } from '../support/hostile-workspace.js';

/** An app entry file: the header, then `body` (line 6 on). */
const APP =
  "import * as cdk from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\nconst app = new cdk.App();\nconst s = new cdk.Stack(app, 'S');\nconst u = new iam.User(s, 'U', { userName: 'bob', password: cdk.SecretValue.unsafePlainText('pw') });\n";

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'src', 'cli.cjs');

const workspace = hostileWorkspaces('credlint-cdk-security-', { 'app/cdk.json': '{}' });

async function scan(root: string, options: { reportUnknown?: boolean } = {}): Promise<LintResult> {
  const started = Date.now();
  const result = await lint({ paths: [root], cwd: root, ...options });
  expect(Date.now() - started, 'ends in seconds').toBeLessThan(10_000);
  expect(process.resourceUsage().maxRSS, 'peak memory under 1 GiB').toBeLessThan(1024 * 1024);
  for (const finding of result.findings) expect(finding.message).not.toMatch(/\n\s+at /);
  expect(result.findings.filter((f) => f.ruleId === 'console-user-with-access-key' && f.location.file === join(root, 'good/main.tf'))).toHaveLength(1);
  return result;
}

const brief = (root: string, result: LintResult) =>
  result.findings
    .filter((f) => !f.location.file.endsWith('main.tf'))
    .map((f) =>
      `${f.location.file.slice(root.length + 1)}:${f.location.range.start.line} ${f.ruleId} ${f.ruleId === 'parse-error' ? f.message.replace(/ \(limit .*$/, '') : ''}`.trim(),
    );

const THREE_LOOPS = `${APP}for (let i = 0; i < 1000; i++) {\n  for (let j = 0; j < 1000; j++) {\n    for (let k = 0; k < 1000; k++) new iam.AccessKey(s, \`K\${i}-\${j}-\${k}\`, { user: u });\n  }\n}\n`;

describe('CDK source budgets (loop iterations x constructs, walk steps)', () => {
  it('three nested loops of 1000: a parse-error at the loop naming the limits, the keys found so far still make their finding', async () => {
    const root = workspace({ 'app/app.ts': THREE_LOOPS });
    const result = await scan(root);
    const errors = result.findings.filter((f) => f.ruleId === 'parse-error');
    expect(errors.map((f) => f.location.range.start.line)).toEqual([6, 6]);
    expect(errors.map((f) => f.message).join('\n')).toMatch(/limit constructInstances = 2000; raise it with --limit constructInstances=N/);
    expect(brief(root, result)).toEqual(expect.arrayContaining(['app/app.ts:8 console-user-with-access-key', 'app/app.ts:8 multiple-active-access-keys']));
  });

  it('the CLI exits 2 on it, without a stack trace', () => {
    const root = workspace({ 'app/app.ts': THREE_LOOPS });
    const run = spawnSync(process.execPath, [CLI, '--format', 'json', root], { cwd: root, encoding: 'utf8', timeout: 10_000, maxBuffer: 64 * 1024 * 1024 });
    expect(run.status).toBe(2);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const { findings } = JSON.parse(run.stdout) as { findings: { ruleId: string; message: string }[] };
    expect(findings.some((f) => f.ruleId === 'parse-error' && f.message.includes('walkSteps'))).toBe(true);
  });

  it('--limit sets a budget for the run: lowered, it is reported; the default expands a real loop', () => {
    const small = workspace({ 'app/app.ts': `${APP}for (let i = 0; i < 30; i++) new iam.AccessKey(s, \`K\${i}\`, { user: u });\n` });
    const limited = spawnSync(process.execPath, [CLI, '--limit', 'loopIterations=10', small], { cwd: small, encoding: 'utf8', timeout: 10_000 });
    expect(limited.status).toBe(2);
    expect(limited.stdout).toMatch(/limit loopIterations = 10/);
    expect(spawnSync(process.execPath, [CLI, small], { cwd: small, encoding: 'utf8', timeout: 10_000 }).status).toBe(1);
  });

  // Every way a body is repeated: each ends within the budgets, reports the limit, and keeps what it found.
  const repeated: Record<string, string> = {
    'forEach in forEach': `const a = [${Array.from({ length: 1000 }, (_, i) => i).join(',')}];\na.forEach((i) => a.forEach((j) => { new iam.AccessKey(s, \`K\${i}-\${j}\`, { user: u }); }));\n`,
    'map chains': `const a = [${Array.from({ length: 1000 }, (_, i) => i).join(',')}];\na.map((i) => a.map((j) => a.map((k) => new iam.AccessKey(s, \`K\${i}-\${j}-\${k}\`, { user: u }))));\n`,
    'a function with a loop, called from a loop': `function keys(n: number) { for (let j = 0; j < 1000; j++) new iam.AccessKey(s, \`K\${n}-\${j}\`, { user: u }); }\nfor (let i = 0; i < 1000; i++) keys(i);\n`,
    'a class instantiated in a loop': `class Keys { constructor(n: number) { for (const j of [${Array.from({ length: 1000 }, (_, i) => i).join(',')}]) new iam.AccessKey(s, \`K\${n}-\${j}\`, { user: u }); } }\nfor (let i = 0; i < 1000; i++) new Keys(i);\n`,
    'recursion through two functions': `function a(n: number): void { for (let i = 0; i < 1000; i++) { new iam.AccessKey(s, \`A\${n}-\${i}\`, { user: u }); b(n); } }\nfunction b(n: number): void { for (let i = 0; i < 1000; i++) a(n + i); }\na(0);\n`,
  };
  it.each(Object.entries(repeated))('%s: bounded, reported, and nothing the app may create taken as absent', (_, body) => {
    const started = Date.now();
    const { unit, incomplete } = extract({ 'app.ts': APP + body });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(incomplete.map((d) => d.message).join('\n')).toMatch(/analysis limit reached: .*\(limit (loopIterations|constructInstances|walkSteps) = \d+/);
    expect(unit?.accessKeys.length).toBeGreaterThan(1);
    expect(unit?.accessKeys.length).toBeLessThanOrEqual(2001);
    // Every key expression of the file has at least one instance: walked, or of unknown existence.
    const lines = new Set(unit?.accessKeys.map((k) => k.location.range.start.line));
    const keyLines = (APP + body).split('\n').flatMap((line, index) => (line.includes('new iam.AccessKey') ? [index + 1] : []));
    for (const line of keyLines) expect(lines.has(line)).toBe(true);
  });

  it('loops without constructs: a billion iterations that can create nothing are not walked, and the keys after them are exact', () => {
    const body = `let x = 0;\nfor (let i = 0; i < 1000; i++) for (let j = 0; j < 1000; j++) for (let k = 0; k < 1000; k++) x += i;\nnew iam.AccessKey(s, 'K', { user: u });\nnew iam.AccessKey(s, 'K2', { user: u });\n`;
    const started = Date.now();
    const { unit, incomplete } = extract({ 'app.ts': APP + body });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(incomplete).toEqual([]);
    expect(unit?.accessKeys.map((k) => [k.address, k.existenceUnknown])).toEqual([
      ['S/K', undefined],
      ['S/K2', undefined],
    ]);
  });
});

describe('credlint-ignore comments on hostile lines', () => {
  const pad = ' '.repeat(400_000);
  // Every place whitespace (or text) may grow in each form of the directive.
  const forms: Record<string, [string, { rules: string[]; until?: string; reason?: string }]> = {
    'before the marker': [`${pad}// credlint-ignore root-user-access-key -- r`, { rules: ['root-user-access-key'], reason: 'r' }],
    'after the comment mark': [`#${pad}credlint-ignore root-user-access-key -- r`, { rules: ['root-user-access-key'], reason: 'r' }],
    'before the rule ids': [`// credlint-ignore${pad}root-user-access-key -- r`, { rules: ['root-user-access-key'], reason: 'r' }],
    'around commas': [`// credlint-ignore a${pad},${pad}b -- r`, { rules: ['a', 'b'], reason: 'r' }],
    'before until': [`// credlint-ignore a${pad}until=2099-01-01${pad}-- r`, { rules: ['a'], until: '2099-01-01', reason: 'r' }],
    'after the reason': [`// credlint-ignore a -- reason${pad}`, { rules: ['a'], reason: 'reason' }],
    'inside the reason': [`// credlint-ignore a --${pad}reason${pad}x`, { rules: ['a'], reason: `reason${pad}x` }],
    'no reason, trailing spaces': [`# credlint-ignore a${pad}`, { rules: ['a'] }],
    'dashes and spaces': [`// credlint-ignore a ${'- '.repeat(200_000)}`, { rules: [] }],
    'a long rule id': [`// credlint-ignore ${'a'.repeat(400_000)}${pad}!`, { rules: [] }],
    'many commas': [`// credlint-ignore ${'a ,'.repeat(130_000)}`, { rules: [] }],
    'a long reason': [`// credlint-ignore a -- ${'x '.repeat(200_000)}`, { rules: ['a'], reason: 'x '.repeat(200_000).trim() }],
  };
  it.each(Object.entries(forms))('%s: parsed in linear time', (_, [line, expected]) => {
    const started = Date.now();
    const directive = parseDirectiveLine(line, 'a.ts', 1);
    // Milliseconds idle; a backtracking pattern on these 400,000-character lines would take minutes, so
    // a bound with a wide margin for a loaded CI machine still tells the two apart.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(directive).toMatchObject({ rules: expected.rules, until: expected.until, reason: expected.reason });
  });

  it('a whole file of such lines is read in linear time', () => {
    const text = Object.values(forms)
      .map(([line]) => line)
      .join('\n');
    const started = Date.now();
    expect(directivesOfFile('a.ts', text).size).toBe(Object.keys(forms).length);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a valid directive padded with 400k spaces suppresses through lint(); a looped key under 20,000 comment lines is located once', async () => {
    const root = workspace({
      'app/app.ts': `${APP}// credlint-ignore console-user-with-access-key --${pad}reason${pad}\nnew iam.AccessKey(s, 'K', { user: u });\nfor (let i = 0; i < 1000; i++) {\n${'// a comment line\n'.repeat(20_000)}  new iam.AccessKey(s, \`R\${i}\`, { user: iam.User.fromUserName(s, \`R\${i}\`, 'root') });\n}\n`,
    });
    const result = await scan(root);
    const inApp = result.findings.filter((f) => f.location.file.endsWith('app.ts'));
    expect(inApp.filter((f) => f.ruleId === 'root-user-access-key' && f.location.range.start.line === 20_009)).toHaveLength(1000);
    expect(inApp.filter((f) => f.ruleId === 'multiple-active-access-keys')).toHaveLength(1);
    expect(inApp.filter((f) => f.ruleId === 'parse-error')).toEqual([]);
    expect(result.findings.find((f) => f.ruleId === 'console-user-with-access-key' && f.location.file.endsWith('app.ts'))?.suppression?.justification).toBe(
      'reason',
    );
  });
});

describe('TypeScript too large to parse', () => {
  it('10 MB of array literal: a parse-error at the first token past typescriptTokens, before any tree is built', async () => {
    const root = workspace({
      'app/app.ts': `${APP}export const a = [${'1,'.repeat(4_900_000)}];\nnew iam.AccessKey(s, 'K', { user: u });\n`,
      'app/ok.ts': `${APP}new iam.AccessKey(s, 'K', { user: u });\n`,
    });
    const result = await scan(root);
    expect(brief(root, result)).toEqual([
      'app/app.ts:6 parse-error analysis limit reached: the file has more than 1000000 tokens; it is not parsed',
      'app/ok.ts:6 console-user-with-access-key',
    ]);
  });
});

describe('secrets never in output', () => {
  it('SecretValue arguments and values named like passwords appear in no message, name or address', async () => {
    const root = workspace({
      'app/app.ts': `${APP}import { SecretValue, Fn } from 'aws-cdk-lib';
const cfg = { password: 's3cr3t-D', name: 'carol' };
const dbPassword = 's3cr3t-E';
new iam.User(s, 'A', { userName: cdk.SecretValue.unsafePlainText('s3cr3t-A').toString() });
new iam.User(s, 'B', { userName: SecretValue.secretsManager('s3cr3t-B').unsafeUnwrap() });
new iam.User(s, cdk.SecretValue.plainText('s3cr3t-C').toString(), { userName: 'dave' });
new iam.User(s, 'D', { userName: cfg.password });
new iam.User(s, 'E', { userName: \`svc-\${dbPassword}\` });
new iam.User(s, 'F', { userName: Fn.join('-', [new SecretValue('s3cr3t-F').toString(), 'x']) });
new iam.CfnUser(s, 'G', { userName: Fn.sub(JSON.stringify({ password: 's3cr3t-G' })), loginProfile: { password: 's3cr3t-H' } });
for (const k of ['A', 'B', 'D', 'E', 'F', 'G']) new iam.AccessKey(s, \`Key\${k}\`, { user: iam.User.fromUserName(s, \`I\${k}\`, cfg.password) });
`,
    });
    const result = await scan(root, { reportUnknown: true });
    expect(result.findings.filter((f) => f.location.file.endsWith('app.ts')).length).toBeGreaterThan(0);
    expect(JSON.stringify(result)).not.toMatch(/s3cr3t/);
  });
});
