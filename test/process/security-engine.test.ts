/**
 * Engine-level safety on untrusted input (docs/security.md): the scan-wide deadline, isolation of an
 * internal failure to its unit, bounded ignore patterns, and the `--limit` flag. Each case sits beside
 * good inputs whose findings must survive; large inputs are generated here, never committed.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Deadline } from '../../src/core/deadline.js';
import type { LintResult } from '../../src/core/finding.js';
import { lint } from '../../src/engine.js';
import { parseHcl } from '../../src/terraform/parse-hcl.js';
import { rules } from '../../rules/index.js';
import { repoRoot } from '../support/fixture-cases.js';

// Fault injection for the isolation tests: evaluating a root module whose directory is named `boom`
// throws, as a bug in an evaluator would. Every other root is evaluated for real.
vi.mock('../../src/terraform/module/build-iam-model.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/terraform/module/build-iam-model.js')>();
  return {
    ...original,
    buildIamModel: ((root: Parameters<typeof original.buildIamModel>[0]) => {
      if (/[\\/]boom$/.test(root.tree.config.dir)) throw new TypeError('injected fault');
      return original.buildIamModel(root);
    }) as typeof original.buildIamModel,
  };
});

const CLI = join(repoRoot, 'dist', 'src', 'cli.cjs');

const GOOD =
  'resource "aws_iam_user" "ana" {\n  name = "ana"\n}\n\nresource "aws_iam_user_login_profile" "ana" {\n  user = aws_iam_user.ana.name\n}\n\nresource "aws_iam_access_key" "ana" {\n  user = aws_iam_user.ana.name\n}\n';

/** A template with two active keys for user `cf`: a finding that loads fast, beside slow Terraform. */
const GOOD_TEMPLATE = JSON.stringify({
  AWSTemplateFormatVersion: '2010-09-09',
  Resources: {
    K1: { Type: 'AWS::IAM::AccessKey', Properties: { UserName: 'cf' } },
    K2: { Type: 'AWS::IAM::AccessKey', Properties: { UserName: 'cf' } },
  },
});

let roots: string[] = [];
afterEach(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
  roots = [];
});

function workspace(files: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-engine-')));
  roots.push(root);
  // A git work tree's marker, so that the repository root is `root`.
  mkdirSync(join(root, '.git'));
  writeFileSync(join(root, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

function run(args: readonly string[], cwd: string) {
  const started = Date.now();
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started };
}

/**
 * 64 files of ~400 KB list literals in one module (25 MB): each parses in a fraction of a second; together
 * they take about 5 s on an idle machine with the in-process parser, so a 2 s deadline always falls inside.
 */
function bigListModule(count = 64): Record<string, string> {
  const files: Record<string, string> = {};
  for (let f = 0; f < count; f += 1) {
    const items: string[] = [];
    for (let size = 0, i = 0; size < 400 * 1024; i += 1) {
      const item = `"item${i}"`;
      items.push(item);
      size += item.length + 2;
    }
    files[`big/l${f}.tf`] = `locals {\n  l${f} = [${items.join(', ')}]\n}\n`;
  }
  files['big/key.tf'] = 'resource "aws_iam_access_key" "k" {\n  count = length(local.l0) > 0 ? 2 : 0\n  user  = "bob"\n}\n';
  return files;
}

const findingsOf = (result: LintResult, ruleId: string) => result.findings.filter((f) => f.ruleId === ruleId);
const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe('scan-wide deadline (limits.scanSeconds)', () => {
  // One small scan first: under vitest, the modules a scan loads on first use are transformed on
  // demand, which takes seconds on a busy machine and would count against the timed scans' deadline.
  beforeAll(async () => {
    const root = workspace({ 'good/main.tf': GOOD, 'cfn/keys.json': GOOD_TEMPLATE });
    await lint({ paths: [root], cwd: root });
  });

  it('ends near the deadline on 64 files of 400 KB lists, keeping the findings found so far (lint)', async () => {
    const root = workspace({ ...bigListModule(), 'cfn/keys.json': GOOD_TEMPLATE });
    const started = Date.now();
    const result = await lint({ paths: [root], cwd: root, limits: { scanSeconds: 2 } });
    expect(Date.now() - started, 'ends within the deadline plus the time to stop').toBeLessThan(6_000);
    expect(process.resourceUsage().maxRSS, 'peak memory under 1 GiB').toBeLessThan(1024 * 1024);
    // The template loaded before the deadline: its finding is kept.
    expect(findingsOf(result, 'multiple-active-access-keys').map((f) => f.location.file)).toEqual([join(root, 'cfn/keys.json')]);
    // One parse-error for the Terraform left, not one per file.
    const errors = findingsOf(result, 'parse-error');
    expect(errors.map((f) => [f.location.file, f.message])).toEqual([
      [
        join(root, 'big/key.tf'),
        'analysis limit reached: the scan deadline passed; this Terraform root module was not analysed (limit scanSeconds = 2; raise it with --limit scanSeconds=N)',
      ],
    ]);
  });

  it('exits 2 through the CLI, within the deadline, with the findings so far and no stack trace', () => {
    // 160 files (64 MB of lists): the CLI's whole scan of the 64 files above took 3.1 s on an idle
    // machine, so a three-second deadline there fell at the scan's end, once after it.
    const root = workspace({ ...bigListModule(160), 'cfn/keys.json': GOOD_TEMPLATE });
    // Three seconds, not two as in-process: in a fresh process the modules each format needs load after
    // the deadline starts, which alone has taken most of two seconds on a loaded machine (the 64 MB of
    // lists take longer still, so the deadline still cuts the Terraform).
    const { code, stdout, stderr, ms } = run(['--limit', 'scanSeconds=3', '.'], root);
    expect(code).toBe(2);
    expect(ms, 'the process ends near the deadline (Node start-up included)').toBeLessThan(9_000);
    expect(stdout).toContain('IAM user "cf" has 2 active access keys');
    // Where the deadline falls depends on the machine's speed: before the root module's evaluation starts
    // (this Terraform root module was not analysed), or inside it (the evaluation stopped in a local).
    expect(stdout).toMatch(/the scan deadline passed; (this Terraform root module was not analysed|the evaluation of this root module stopped in local\.l\d+)/);
    noStack(stdout);
    noStack(stderr);
  });

  // One root module whose evaluation alone outlasts the deadline, each expression within its own
  // budgets. The deadline was checked only between files and units, so these ran for hours: a nested
  // `for` of 250,000 iterations each walking a 250,000-element list (one 400-byte file), and one
  // regexall whose successive searches each scan to the end of a 100,000-character string (about 15
  // minutes; every single search within regexSteps).
  it.each([
    [
      'nested for over contains() of a long list',
      'locals {\n  big   = range(1000)\n  small = range(250)\n  huge  = flatten([for a in local.big : local.small])\n  n     = length([for i in local.big : 0 if length([for j in local.small : 0 if contains(local.huge, "x")]) > 0])\n}\n',
      5,
    ],
    [
      'regexall with a search per character',
      `locals {\n  s = join("", [for i in range(1000) : "${'a'.repeat(100)}"])\n  n = length(regexall("a(?:.*b)?", local.s))\n}\n`,
      3,
    ],
  ])(
    'stops evaluating a root module at the deadline: %s (lint)',
    async (_name, locals, line) => {
      const root = workspace({
        'a/main.tf': GOOD,
        'slow/locals.tf': locals,
        'slow/main.tf': 'resource "aws_iam_access_key" "k" {\n  count = local.n\n  user  = "bob"\n}\n',
      });
      const started = Date.now();
      const result = await lint({ paths: [root], cwd: root, limits: { scanSeconds: 2 } });
      expect(Date.now() - started, 'ends within the deadline plus the time to stop').toBeLessThan(8_000);
      expect(findingsOf(result, 'console-user-with-access-key').map((f) => f.location.file)).toEqual([join(root, 'a/main.tf')]);
      expect(findingsOf(result, 'parse-error').map((f) => [f.location.file, f.location.range.start.line, f.message])).toEqual([
        [
          join(root, 'slow/locals.tf'),
          line,
          expect.stringMatching(
            /^analysis limit reached: (regexall\(\): )?the scan deadline passed; the evaluation of this root module stopped in local\.n \(limit scanSeconds = 2; raise it with --limit scanSeconds=N\)$/,
          ),
        ],
      ]);
    },
    60_000,
  );

  // The root module cut off in the middle and the root modules after it: one error, as for every
  // format (there were two, one at the expression, one at the next root module).
  it('one scanSeconds error for a root module stopped in its evaluation and the root modules after it (lint)', async () => {
    const root = workspace({
      'slow/locals.tf':
        'locals {\n  big   = range(1000)\n  small = range(250)\n  huge  = flatten([for a in local.big : local.small])\n  n     = length([for i in local.big : 0 if length([for j in local.small : 0 if contains(local.huge, "x")]) > 0])\n}\n',
      'slow/main.tf': 'resource "aws_iam_access_key" "k" {\n  count = local.n\n  user  = "bob"\n}\n',
      'z1/main.tf': GOOD,
      'z2/main.tf': GOOD,
    });
    const result = await lint({ paths: [root], cwd: root, limits: { scanSeconds: 2 } });
    expect(findingsOf(result, 'parse-error').map((f) => [f.location.file, f.message])).toEqual([
      [
        join(root, 'slow/locals.tf'),
        'analysis limit reached: the scan deadline passed; the evaluation of this root module stopped in local.n; 2 more Terraform root modules were not analysed (limit scanSeconds = 2; raise it with --limit scanSeconds=N)',
      ],
    ]);
  }, 60_000);

  it('does not cut a scan that ends in time', async () => {
    const root = workspace({ 'good/main.tf': GOOD, 'cfn/keys.json': GOOD_TEMPLATE });
    const result = await lint({ paths: [root], cwd: root, limits: { scanSeconds: 60 } });
    expect(result.findings.map((f) => f.ruleId).sort()).toEqual(['console-user-with-access-key', 'multiple-active-access-keys']);
  });
});

describe('the Terraform parser honours a deadline', () => {
  it('does not parse a file reached after the deadline, and parses it when time is left', async () => {
    const big = bigListModule()['big/l0.tf'] as string;
    const passed = Deadline.after(0);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const late = await parseHcl('a.tf', big, passed);
    expect(late.ok).toBe(false);
    if (!late.ok) expect([late.abandoned, late.diagnostic.message]).toEqual([true, 'not parsed: the scan deadline passed']);
    expect((await parseHcl('b.tf', 'locals {\n  a = 1\n}\n', Deadline.after(60))).ok).toBe(true);
  });
});

describe('an internal failure costs its unit only', () => {
  it('a real hostile input (count = 1e10) is a parse-error at its module; the good module keeps its finding', async () => {
    const root = workspace({ 'good/main.tf': GOOD, 'bad/main.tf': 'resource "aws_iam_access_key" "k" {\n  count = 1e10\n  user  = "bob"\n}\n' });
    const result = await lint({ paths: [root], cwd: root });
    expect(findingsOf(result, 'console-user-with-access-key').map((f) => f.location.file)).toEqual([join(root, 'good/main.tf')]);
    const errors = findingsOf(result, 'parse-error');
    expect(errors.map((f) => f.location.file)).toEqual([join(root, 'bad/main.tf')]);
    for (const error of errors) noStack(error.message);
  });

  it('an exception while evaluating one root module is a parse-error at its entry file, naming the unit', async () => {
    const root = workspace({ 'good/main.tf': GOOD, 'boom/a.tf': GOOD, 'boom/b.tf': '', 'cfn/keys.json': GOOD_TEMPLATE });
    const result = await lint({ paths: [root], cwd: root });
    expect(findingsOf(result, 'parse-error').map((f) => [f.location.file, f.location.range.start.line, f.message])).toEqual([
      [join(root, 'boom/a.tf'), 1, 'internal error while analysing terraform:boom: TypeError: injected fault (run with --debug for the stack)'],
    ]);
    expect(
      result.findings
        .filter((f) => f.ruleId !== 'parse-error')
        .map((f) => f.unitId)
        .sort(),
    ).toEqual(['cloudformation:cfn/keys.json', 'terraform:good']);
    expect(result.internalErrorStacks).toHaveLength(1);
    expect(result.internalErrorStacks?.[0]).toMatch(/^TypeError: injected fault\n\s+at /);
  });

  it('an exception in a rule on one unit drops that unit only', async () => {
    const rule = rules.find((r) => r.meta.id === 'console-user-with-access-key');
    if (!rule) throw new Error('rule missing');
    const check = rule.check.bind(rule);
    const spy = vi.spyOn(rule, 'check').mockImplementation((context) => {
      if (context.linked.unit.id === 'terraform:other') throw new RangeError('injected rule fault');
      check(context);
    });
    try {
      const root = workspace({ 'good/main.tf': GOOD, 'other/main.tf': GOOD.replaceAll('ana', 'zed') });
      const result = await lint({ paths: [root], cwd: root });
      expect(findingsOf(result, 'console-user-with-access-key').map((f) => f.unitId)).toEqual(['terraform:good']);
      expect(findingsOf(result, 'parse-error').map((f) => [f.location.file, f.message])).toEqual([
        [join(root, 'other/main.tf'), 'internal error while analysing terraform:other: RangeError: injected rule fault (run with --debug for the stack)'],
      ]);
    } finally {
      spy.mockRestore();
    }
  });

  it('the CLI prints the stack of an internal error with --debug only', () => {
    const root = workspace({ 'good/main.tf': GOOD, 'bad/main.tf': 'resource "aws_iam_access_key" "k" {\n  count = 1e10\n  user  = "bob"\n}\n' });
    const plain = run(['.'], root);
    expect(plain.code).toBe(2);
    expect(plain.stdout).toContain('console-user-with-access-key');
    noStack(plain.stdout);
    noStack(plain.stderr);
    const debug = run(['--debug', '.'], root);
    expect(debug.code).toBe(2);
    // Today count = 1e10 reaches a JavaScript RangeError; once instance counts are budgeted it is a
    // plain parse-error with no stack to print. Either way the report itself never holds one.
    if (debug.stdout.includes('internal error while analysing')) expect(debug.stderr).toMatch(/credlint: internal error: \w*Error: .*\n\s+at /);
    noStack(debug.stdout);
  });
});

describe('ignore patterns from the repository are bounded', () => {
  const deepPath = (depth: number) => `${Array.from({ length: depth }, () => 'a').join('/')}`;
  const exponential = `${Array.from({ length: 12 }, () => '**/a').join('/')}/b`;

  it('a .gitignore pattern **/a/**/a/…/b over a deep tree ends fast; the pattern is not honoured, with a note', async () => {
    const root = workspace({ 'good/main.tf': GOOD, [`${deepPath(40)}/c.tf`]: GOOD.replaceAll('ana', 'deep'), '.gitignore': `${exponential}\n` });
    const started = Date.now();
    const result = await lint({ paths: [root], cwd: root });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(findingsOf(result, 'console-user-with-access-key')).toHaveLength(2);
    expect(result.notes.map((n) => [n.location.file, n.location.range.start.line, n.message])).toEqual([
      [join(root, '.gitignore'), 1, 'ignore pattern with more than 2 "**" not honoured (matching it is exponential); files it would ignore are scanned'],
    ]);
  });

  it("the config file's ignore globs are bounded the same way", async () => {
    const root = workspace({ 'good/main.tf': GOOD, [`${deepPath(40)}/c.tf`]: GOOD.replaceAll('ana', 'deep') });
    const started = Date.now();
    const result = await lint({ paths: [root], cwd: root, ignore: { base: root, patterns: [exponential, `!${exponential}`, 'a/**/**/**/c.tf'] } });
    expect(Date.now() - started).toBeLessThan(5_000);
    // `a/**/**/**/c.tf` collapses to `a/**/c.tf` and ignores the deep file, as git would.
    expect(findingsOf(result, 'console-user-with-access-key').map((f) => f.location.file)).toEqual([join(root, 'good/main.tf')]);
    expect(result.notes.map((n) => n.message)).toEqual([
      'ignore pattern with more than 2 "**" not honoured (matching it is exponential); files it would ignore are scanned',
      `ignore pattern with more than 2 "**" widened to "!**/a/b" (matching it as written is exponential)`,
    ]);
  });

  it('a hundred nested .gitignore files of 4,999 patterns each: the walk ends in seconds, scanning what the deeper ones would ignore', () => {
    // Each path was tested against every ancestor's patterns (500,000 regular expressions at the bottom)
    // and the walk never looked at the clock: 244 s with --limit scanSeconds=25.
    const wildcards = Array.from({ length: 4998 }, (_, k) => `*.q${String(k)}`).join('\n');
    const files: Record<string, string> = { 'good/main.tf': GOOD };
    let dir = 'deep';
    for (let level = 0; level < 100; level += 1) {
      files[`${dir}/.gitignore`] = `${wildcards}\n${level === 0 ? '*.q4998' : 'secret.tf'}\n`;
      dir += `/d${String(level)}`;
    }
    for (let k = 0; k < 300; k += 1) files[`${dir}/f${String(k)}.yaml`] = 'a: 1\n';
    files[`${dir}/secret.tf`] = GOOD.replaceAll('ana', 'hidden');
    const root = workspace(files);
    const result = run(['--format', 'json', '--limit', 'scanSeconds=25', '.'], root);
    expect(result.ms).toBeLessThan(20_000);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { findings: { ruleId: string; location: { file: string } }[]; notes: { message: string }[] };
    // The top file's patterns are honoured; the 99 below it, which ignore secret.tf, would take the
    // patterns in force past 5,000.
    expect(report.findings.filter((f) => f.ruleId === 'console-user-with-access-key').map((f) => f.location.file)).toEqual([
      `${dir}/secret.tf`,
      'good/main.tf',
    ]);
    expect(report.notes.filter((n) => n.message.startsWith('ignore patterns not honoured: with the 4999 patterns'))).toHaveLength(99);
  }, 90_000);

  const gitAvailable = spawnSync('git', ['--version']).status === 0;
  it.runIf(gitAvailable)('ignores the same files as git check-ignore for patterns kept or collapsed', async () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-gitignore-')));
    roots.push(root);
    expect(spawnSync('git', ['init', '-q', root]).status).toBe(0);
    const files = [
      'a/b/main.tf',
      'a/x/b/main.tf',
      'a/x/y/b/main.tf',
      'x/a/b/main.tf',
      'b/main.tf',
      'a/b/c/main.tf',
      'keep/a/z/b/main.tf',
      'deep/a/a/a/a/a/b/main.tf',
    ];
    for (const file of files) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), GOOD.replaceAll('ana', file.replaceAll('/', '-').replace('.tf', '')));
    }
    // Each pattern holds a run of ** that collapses, leaving at most two.
    writeFileSync(join(root, '.gitignore'), ['a/**/**/b/', '**/**/x/**/**/b', 'keep/**/*.tf', '!keep/**/**/z/**/main.tf'].join('\n'));
    const checked = spawnSync('git', ['check-ignore', '--no-index', ...files], { cwd: root, encoding: 'utf8' });
    const ignoredByGit = checked.stdout.split('\n').filter(Boolean).sort();
    const result = await lint({ paths: [root], cwd: root });
    const scanned = new Set(findingsOf(result, 'console-user-with-access-key').map((f) => f.location.file));
    const ignoredByCredlint = files.filter((file) => !scanned.has(join(root, file))).sort();
    expect(ignoredByCredlint).toEqual(ignoredByGit);
    expect(ignoredByGit.length).toBeGreaterThan(0);
    expect(result.notes).toEqual([]);
  });
});

describe('--limit', () => {
  it('an unknown name exits 2 naming the limits', () => {
    const root = workspace({ 'good/main.tf': GOOD });
    const { code, stdout, stderr } = run(['--limit', 'nope=3', '.'], root);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^credlint: --limit: unknown limit "nope"; the limits are [a-zA-Z, ]*\bscanSeconds\b/);
    noStack(stderr);
  });

  it.each(['scanSeconds=0', 'scanSeconds=-1', 'scanSeconds=1.5', 'scanSeconds=', 'scanSeconds=x'])(
    'a value that is not a positive whole number exits 2: %s',
    (assignment) => {
      const root = workspace({ 'good/main.tf': GOOD });
      const { code, stderr } = run(['--limit', assignment, '.'], root);
      expect(code).toBe(2);
      expect(stderr).toContain('credlint: --limit scanSeconds expects a positive whole number');
    },
  );

  it('a valid one applies (and a scan within it is complete)', () => {
    const root = workspace({ 'good/main.tf': GOOD });
    const { code, stdout } = run(['--limit', 'scanSeconds=120', '.'], root);
    expect(code).toBe(1);
    expect(stdout).toContain('console-user-with-access-key');
  });
});

describe('a directory tree deeper than directoryDepth', () => {
  it('is cut off with a parse-error at the first directory too deep, quickly, and the good module keeps its finding', async () => {
    const { lint: scan } = await import('../../src/engine.js');
    const { mkdtempSync, mkdirSync, realpathSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-deep-')));
    try {
      mkdirSync(join(root, 'good'));
      writeFileSync(
        join(root, 'good/main.tf'),
        'resource "aws_iam_user" "ana" {\n  name = "ana"\n}\nresource "aws_iam_user_login_profile" "ana" {\n  user = aws_iam_user.ana.name\n}\nresource "aws_iam_access_key" "ana" {\n  user = aws_iam_user.ana.name\n}\n',
      );
      // 1,000 levels (as deep as PATH_MAX allows with one-letter names), with a `**` pattern matched at each.
      const deep = join(root, ...Array.from({ length: 1000 }, () => 'a'));
      mkdirSync(deep, { recursive: true });
      writeFileSync(join(deep, 'main.tf'), 'resource "aws_iam_access_key" "k" {\n  user = "root"\n}\n');
      // In a git work tree, where the pattern is read.
      mkdirSync(join(root, '.git'));
      writeFileSync(join(root, '.git', 'HEAD'), 'ref: refs/heads/main\n');
      writeFileSync(join(root, '.gitignore'), '**/a/**/b\n');
      const started = Date.now();
      const result = await scan({ paths: [root], cwd: root, limits: { directoryDepth: 40 } });
      expect(Date.now() - started).toBeLessThan(10_000);
      const errors = result.findings.filter((f) => f.ruleId === 'parse-error');
      expect(errors.map((f) => [f.location.file, f.message])).toEqual([
        [
          join(root, ...Array.from({ length: 40 }, () => 'a')),
          'analysis limit reached: this directory is nested too deep; what it holds is not scanned (limit directoryDepth = 40; raise it with --limit directoryDepth=N)',
        ],
      ]);
      expect(result.findings.filter((f) => f.ruleId === 'console-user-with-access-key').map((f) => f.location.file)).toEqual([join(root, 'good/main.tf')]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
