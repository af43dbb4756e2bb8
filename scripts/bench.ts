/**
 * `npm run bench [dir] [--rows tf,yaml,cdk,eslint,cdk-plugin,full,unfiltered] [--runs N]` (after `npm run build`):
 * prints every row of the README's "Performance" table, each as a ratio to its reference measured in
 * the same run — interleaved runs (reference, subject, reference, subject, ...; each round starting one
 * command later, so no command always follows the same one) and medians, so a machine whose load
 * changes during the run moves both alike — with the load average before and after. The prefilter must change no finding and no note.
 *
 * - `tf`, `yaml`, `cdk`: one small Terraform file, one small CloudFormation YAML template, one
 *   one-file CDK app, each through the CLI (Node start-up included, the pre-commit case), against a
 *   bare `node -e 0`; the `.tf` and YAML files also in a git repository of their own (without the walk
 *   of this repository that a file argument's unit search makes).
 * - `eslint`: ESLint with credlint's `recommended` on a generated 200-file CDK app
 *   (`bench-cdk-app.ts`), against the same ESLint run with the TypeScript parser alone; without and
 *   with type information (`projectService`).
 * - `cdk-plugin`: a 20-stack CDK app synthesized with `CredlintPlugin` against the same synthesis
 *   without it (`bench-cdk-plugin.ts`).
 * - `full`: credlint's full scan of `dir` against the naive baseline — hcl2json parsing every `.tf`
 *   file sequentially in one process. Without `dir`, a synthetic corpus is generated into `.bench/corpus`.
 *   Also against the floor: the same walk, then every file read once and nothing else (a scan that
 *   must look at every file cannot be faster), so the ratio to the naive baseline has a ceiling.
 * - `unfiltered`: `--no-prefilter` on `dir`: its peak RSS, and its findings, which must be identical to
 *   the full scan's (exit code 1 when they differ).
 *
 * The full scan and the floor are timed in interleaved rounds (up to three each, medians); the naive
 * baseline, which takes tens of seconds, once. `--busy-core` keeps one core busy with another process
 * (a Node loop, as `yes > /dev/null` would) while every row is measured, and stops it afterwards: the
 * figures "under one busy core" of the README come from the same command as the idle ones.
 *
 * Times are wall time and CPU time (user and system, from the shell's `times`, children included).
 * Each measurement runs in a fresh Node process (for the scans: this script, with
 * `--measure <what> <dir>`), so that its wall time and peak RSS are its own, and so that no
 * process-wide state carries over: credlint's parser workers set a V8 WebAssembly flag, and the
 * baseline must run hcl2json with Node's defaults.
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Diagnostic } from '../src/core/diagnostic.js';
import { DUPLICATE_KEY, PARSE_ERROR, type Finding } from '../src/core/finding.js';
import { walkRules } from '../src/formats/walk-rules.js';
import { discoverFiles } from '../src/discover/discover-files.js';
import { lint } from '../src/engine.js';
import { heapGrowthObserver } from '../src/cli/heap-growth.js';
import { parseWithHcl2json } from './hcl2json-oracle.js';
import { generateCorpus } from './bench-corpus.js';
import { generateCdkApp } from './bench-cdk-app.js';
import { loadLine, medianTiming, seconds, pairedLine, percentLine, ratioLine, timeInterleaved, timeRounds, type Command } from './bench-timing.js';

const MB = 1024 * 1024;
const INPUT_DIAGNOSTICS: ReadonlySet<string> = new Set([PARSE_ERROR, DUPLICATE_KEY]);
/** Bump when the generator changes, so an old `.bench/corpus` is regenerated. */
const CORPUS_VERSION = '1';

const megabytes = (bytes: number) => (bytes / MB).toFixed(1);
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
/** The process's CPU time so far, every thread (the hcl2json workers) included. */
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

function syntheticCorpus(): string {
  const root = resolve('.bench', 'corpus');
  const marker = join(root, '.version');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === CORPUS_VERSION) return root;
  rmSync(root, { recursive: true, force: true });
  const summary = generateCorpus(root);
  writeFileSync(marker, CORPUS_VERSION);
  console.log(`generated ${summary.files} files (${megabytes(summary.bytes)} MB) into ${root}`);
  return root;
}

/** What must be identical with and without the prefilter. */
function findingKey(finding: Finding): string {
  const { start, end } = finding.location.range;
  return [finding.ruleId, finding.location.file, start.line, start.column, end.line, end.column, finding.message, finding.fingerprint].join('\t');
}

/** A "not analysed" note: identical with and without the prefilter too. */
function noteKey(note: Diagnostic): string {
  const { start, end } = note.location.range;
  return ['note', note.location.file, start.line, start.column, end.line, end.column, note.message].join('\t');
}

/** What a `--measure` child process reports on its stdout (one JSON line). */
interface Measurement {
  readonly ms: number;
  readonly peakRssMb: number;
  /** Scans: files analysed, rule findings (as `findingKey`s) and input diagnostics (parse errors, duplicate keys). */
  readonly filesScanned?: number;
  readonly findings?: string[];
  /** Notes, as `noteKey`s. */
  readonly notes?: string[];
  readonly parseErrors?: number;
  /** The floor: the part of `ms` the walk took (the rest is reading every file). */
  readonly walkMs?: number;
  /** CPU time of the process (user and system, workers included). */
  readonly cpuMs?: number;
  /** The baseline. */
  readonly parsed?: number;
  readonly failed?: number;
  readonly hung?: string;
}

function measureInChild(what: 'full' | 'unfiltered' | 'naive' | 'floor', dir: string): Measurement {
  const script = fileURLToPath(import.meta.url);
  const out = execFileSync(process.execPath, [script, '--measure', what, dir], { encoding: 'utf8', maxBuffer: 256 * MB, stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as Measurement;
}

async function measure(what: string, dir: string): Promise<Measurement> {
  const started = performance.now();
  if (what === 'naive') {
    const discovered = await discoverFiles([dir], { rules: walkRules, cwd: dir, noIgnore: false });
    const outcome = await naiveBaseline(discovered.files.filter((file) => file.endsWith('.tf')));
    return { ms: performance.now() - started, peakRssMb: peakRssMb(), cpuMs: cpuMs(), ...outcome };
  }
  if (what === 'floor') {
    const discovered = await discoverFiles([dir], { rules: walkRules, cwd: dir, noIgnore: false });
    const walkMs = performance.now() - started;
    // Read before the time is taken: the floor is the walk and the reads.
    const parsed = readEveryFileOnce(discovered.files);
    return { ms: performance.now() - started, walkMs, peakRssMb: peakRssMb(), parsed, cpuMs: cpuMs() };
  }
  // As the CLI runs it: the CLI bounds the heap's growth in a scan this large (`heap-growth.ts`).
  const result = await lint({ paths: [dir], cwd: dir, prefilter: what !== 'unfiltered', observer: heapGrowthObserver() });
  const ms = performance.now() - started;
  return {
    ms,
    peakRssMb: peakRssMb(),
    filesScanned: result.filesScanned,
    // Diagnostics about a file's own syntax (a parse error, a duplicate key) exist only for files that
    // are parsed: the prefilter's promise is about rule findings, so these are counted, not compared.
    findings: result.findings.filter((f) => !INPUT_DIAGNOSTICS.has(f.ruleId)).map(findingKey),
    notes: result.notes.map(noteKey),
    parseErrors: result.findings.filter((f) => INPUT_DIAGNOSTICS.has(f.ruleId)).length,
    cpuMs: cpuMs(),
  };
}

/**
 * The floor of any scan that must look at every file: the same walk, then each file read once into
 * one reused buffer (open, read, close), nothing decoded or searched. Returns the files read.
 */
function readEveryFileOnce(files: readonly string[]): number {
  const buffer = Buffer.allocUnsafe(1 << 20);
  for (const file of files) {
    const fd = openSync(file, 'r');
    try {
      while (readSync(fd, buffer, 0, buffer.length, null) > 0);
    } finally {
      closeSync(fd);
    }
  }
  return files.length;
}

/** The measurement of median wall time among `list` (its other figures are that run's). */
function medianMeasurement(list: readonly Measurement[]): Measurement {
  const sorted = [...list].sort((a, b) => a.ms - b.ms);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? { ms: 0, peakRssMb: 0 };
}

/** The naive way: every `.tf` through hcl2json, one after another, on the main thread. */
async function naiveBaseline(files: readonly string[]): Promise<{ parsed: number; failed: number; hung?: string }> {
  let parsed = 0;
  let failed = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    let timer: NodeJS.Timeout | undefined;
    const hang = new Promise<'hung'>((done) => {
      timer = setTimeout(() => {
        done('hung');
      }, 60_000);
    });
    const outcome = await Promise.race([
      parseWithHcl2json(file, text).then(
        () => 'ok' as const,
        () => 'error' as const,
      ),
      hang,
    ]);
    clearTimeout(timer);
    // A hung hcl2json runtime never recovers: the baseline cannot go on (this is why credlint isolates it).
    if (outcome === 'hung') return { parsed, failed, hung: file };
    if (outcome === 'ok') parsed += 1;
    else failed += 1;
  }
  return { parsed, failed };
}

const SMALL_TF =
  'resource "aws_iam_user" "ops" {\n  name = "ops"\n}\n\nresource "aws_iam_user_login_profile" "ops" {\n  user = aws_iam_user.ops.name\n}\n\nresource "aws_iam_access_key" "ops" {\n  user = aws_iam_user.ops.name\n}\n';
const SMALL_YAML =
  "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Ops:\n    Type: AWS::IAM::User\n    Properties:\n      UserName: ops\n      LoginProfile:\n        Password: '{{resolve:secretsmanager:ops}}'\n  OpsKey:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: !Ref Ops\n";
const SMALL_CDK =
  "import { App, Stack } from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\n\nconst app = new App();\nconst stack = new Stack(app, 'Ops');\nconst user = new iam.User(stack, 'Ops', { userName: 'ops' });\nnew iam.AccessKey(stack, 'KeyA', { user });\nnew iam.AccessKey(stack, 'KeyB', { user });\n";

/** One small input per single-file row, each in a directory of its own (the CLI scans a file's unit). */
function smallFiles(): { tf: string; yaml: string; cdk: string } {
  const dir = resolve('.bench', 'small');
  const write = (path: string, text: string) => {
    const file = join(dir, path);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, text);
    return file;
  };
  write('cdk/cdk.json', '{ "app": "npx ts-node app.ts" }\n');
  return { tf: write('tf/main.tf', SMALL_TF), yaml: write('yaml/template.yaml', SMALL_YAML), cdk: write('cdk/app.ts', SMALL_CDK) };
}

const ROWS = ['tf', 'yaml', 'cdk', 'eslint', 'cdk-plugin', 'full', 'unfiltered'] as const;
type Row = (typeof ROWS)[number];

/**
 * The same small `.tf` and YAML files in a git repository of their own, outside this one. A file
 * argument scans its unit, and a unit may be called or nested from anywhere in the repository, so the
 * rows above include a walk of this repository (about 750 directories and 500 JSON/YAML files read for
 * a template's parents); these show what a run costs without that walk.
 */
function standaloneRepository(): { tf: string; yaml: string; remove: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'credlint-bench-small-'));
  execFileSync('git', ['init', '-q'], { cwd: root });
  mkdirSync(join(root, 'tf'));
  mkdirSync(join(root, 'yaml'));
  writeFileSync(join(root, 'tf', 'main.tf'), SMALL_TF);
  writeFileSync(join(root, 'yaml', 'template.yaml'), SMALL_YAML);
  return {
    tf: join(root, 'tf', 'main.tf'),
    yaml: join(root, 'yaml', 'template.yaml'),
    remove: () => {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function singleFileRows(rows: ReadonlySet<Row>, runs: number): void {
  const cli = fileURLToPath(new URL('../src/cli.cjs', import.meta.url));
  const files = smallFiles();
  const cases = (['tf', 'yaml', 'cdk'] as const).filter((row) => rows.has(row));
  if (cases.length === 0) return;
  const standalone = standaloneRepository();
  const alone = (['tf', 'yaml'] as const).filter((row) => rows.has(row));
  const bare: Command = { label: 'node -e 0', argv: [process.execPath, '-e', '0'] };
  const scan = (file: string): readonly string[] => [process.execPath, cli, '--format', 'json', file];
  const commands = [
    bare,
    ...cases.map((row) => ({ label: row, argv: scan(files[row]) })),
    ...alone.map((row) => ({ label: `${row} alone`, argv: scan(standalone[row]) })),
  ];
  try {
    const [reference, ...timed] = timeInterleaved(commands, runs);
    if (!reference) return;
    const labels: Record<(typeof cases)[number], string> = {
      tf: 'one small .tf file (pre-commit), CLI',
      yaml: 'one small CloudFormation YAML file, CLI',
      cdk: 'one-file CDK app, CLI',
    };
    for (const [index, row] of cases.entries()) {
      const timing = timed[index];
      if (timing) console.log(ratioLine(labels[row], timing, reference, 'node -e 0'));
    }
    for (const [index, row] of alone.entries()) {
      const timing = timed[cases.length + index];
      if (timing) console.log(ratioLine(`  the same ${row === 'tf' ? '.tf' : 'YAML'} file in a git repository of its own`, timing, reference, 'node -e 0'));
    }
  } finally {
    standalone.remove();
  }
}

function eslintRows(runs: number): void {
  const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
  const app = join(tmpdir(), `credlint-bench-cdk-app-${String(process.pid)}`);
  rmSync(app, { recursive: true, force: true });
  // Outside the repository: no node_modules above it, so the program holds the app's own files and
  // the reference run is not dominated by loading aws-cdk-lib's declarations.
  const configs = generateCdkApp(app, repoRoot);
  // ESLint's `exports` hide its bin; its package.json is exported, and the bin sits beside it.
  const eslint = join(createRequire(join(repoRoot, 'package.json')).resolve('eslint/package.json'), '..', 'bin', 'eslint.js');
  const run = (label: string, config: string): Command => ({ label, argv: [process.execPath, eslint, '--config', config, '.'], cwd: app });
  for (const typed of [false, true]) {
    const [references, withRule, subjects] = timeRounds(
      [
        run('parser', typed ? configs.parserOnlyTyped : configs.parserOnly),
        run('parser and a core rule', typed ? configs.parserWithCoreRuleTyped : configs.parserWithCoreRule),
        run('credlint', typed ? configs.credlintTyped : configs.credlint),
      ],
      runs,
    );
    if (!references || !withRule || !subjects) continue;
    const label = `ESLint plugin, 200-file CDK app, ${typed ? 'with' : 'without'} type information`;
    console.log(`${percentLine(label, medianTiming(subjects), medianTiming(references), 'the TypeScript parser alone')}; ${pairedLine(subjects, references)}`);
    // What the plugin adds to a configuration that already enables a rule (ESLint then loads Ajv for
    // any rule's options, credlint's or not): shown beside the row, never instead of it.
    console.log(
      `  the same, against the parser with one core rule (no-debugger): ${percentLine('', medianTiming(subjects), medianTiming(withRule), 'that run').replace(/^: /, '')}; ${pairedLine(subjects, withRule)}`,
    );
  }
  rmSync(app, { recursive: true, force: true });
}

async function main(): Promise<number> {
  if (process.argv[2] === '--measure') {
    // Written synchronously: `process.exit` below would cut a long line written to a pipe asynchronously.
    writeSync(1, `${JSON.stringify(await measure(process.argv[3] ?? '', resolve(process.argv[4] ?? '.')))}\n`);
    return 0;
  }
  const { values, positionals } = parseArgs({
    options: { rows: { type: 'string' }, runs: { type: 'string' }, 'busy-core': { type: 'boolean' } },
    allowPositionals: true,
  });
  const rows = new Set<Row>(
    values.rows === undefined
      ? ROWS
      : values.rows.split(',').map((row) => {
          if (!(ROWS as readonly string[]).includes(row)) throw new Error(`--rows takes ${ROWS.join(',')}; got "${row}"`);
          return row as Row;
        }),
  );
  const runs = values.runs === undefined ? 7 : Number(values.runs);
  // Stopped in `finally`, and with this process (it is its child, and holds no pipe of ours).
  const busy = values['busy-core'] ? spawn(process.execPath, ['-e', 'for (;;);'], { stdio: 'ignore' }) : undefined;
  try {
    if (busy) {
      console.log(`one core kept busy by another process (pid ${String(busy.pid)}: node -e 'for (;;);') while every row is measured`);
      // Let the load average see it before the first figure.
      await new Promise((settle) => setTimeout(settle, 2000));
    }
    return await measureRows(rows, runs, positionals[0]);
  } finally {
    busy?.kill();
  }
}

async function measureRows(rows: ReadonlySet<Row>, runs: number, given: string | undefined): Promise<number> {
  console.log(`node ${process.version}; ${loadLine()} before`);
  singleFileRows(rows, runs);
  // As many rounds as the single-file rows: one ESLint run moves by about ten points, and a median of
  // four rounds still moved by as much between runs of the benchmark.
  if (rows.has('eslint')) eslintRows(runs);
  // Imported here: aws-cdk-lib must not load in the `--measure` children, whose RSS is reported.
  if (rows.has('cdk-plugin')) console.log((await import('./bench-cdk-plugin.js')).benchCdkPlugin());
  let identical = true;
  if (rows.has('full') || rows.has('unfiltered')) {
    const dir = given === undefined ? syntheticCorpus() : resolve(given);
    const discovered = await discoverFiles([dir], { rules: walkRules, cwd: dir, noIgnore: false });
    const bytesOf = (files: readonly string[]) => files.reduce((sum, file) => sum + statSync(file).size, 0);
    const allBytes = bytesOf(discovered.files);
    const tfFiles = discovered.files.filter((file) => file.endsWith('.tf'));
    const tfBytes = bytesOf(tfFiles);
    console.log(`corpus ${dir}: ${discovered.files.length} files, ${megabytes(allBytes)} MB (${tfFiles.length} .tf files, ${megabytes(tfBytes)} MB)`);
    // The prefilter's promise is checked whichever of the two rows is asked for. The full scan and
    // the floor alternate, a few rounds each, so that a change of load moves both alike.
    const rounds = rows.has('full') ? Math.max(1, Math.min(runs, 3)) : 1;
    const fulls: Measurement[] = [];
    const floors: Measurement[] = [];
    for (let round = 0; round < rounds; round += 1) {
      fulls.push(measureInChild('full', dir));
      if (rows.has('full')) floors.push(measureInChild('floor', dir));
    }
    const full = medianMeasurement(fulls);
    const unfiltered = measureInChild('unfiltered', dir);
    const outcome = (m: Measurement) => [...(m.findings ?? []), ...(m.notes ?? [])];
    identical = fulls.every((run) => outcome(run).join('\n') === outcome(unfiltered).join('\n'));
    if (!identical) {
      const on = new Set(outcome(full));
      const off = new Set(outcome(unfiltered));
      for (const key of off) if (!on.has(key)) console.log(`  only without the prefilter: ${key}`);
      for (const key of on) if (!off.has(key)) console.log(`  only with the prefilter: ${key}`);
    }
    if (rows.has('full')) {
      const naive = measureInChild('naive', dir);
      console.log(
        `full scan vs the naive baseline (hcl2json, every .tf, sequential, one thread, Node defaults): ${seconds(full.ms)} s against ${seconds(naive.ms)} s = ` +
          `${(naive.ms / full.ms).toFixed(1)}x; CPU ${seconds(full.cpuMs ?? 0)} s against ${seconds(naive.cpuMs ?? 0)} s = ${((naive.cpuMs ?? 0) / (full.cpuMs ?? 1)).toFixed(1)}x ` +
          `(the ratio that moves least with the load of a shared machine); full scan peak RSS ${full.peakRssMb} MB, ${full.filesScanned} files analysed, ${full.findings?.length} findings, ${full.notes?.length} notes, ` +
          `${full.parseErrors} input diagnostics; baseline ${naive.parsed} parsed, ${naive.failed} rejected` +
          (naive.hung ? `, then hung on ${naive.hung} (baseline time is a lower bound)` : ''),
      );
      const floor = medianMeasurement(floors);
      console.log(
        `full scan vs the floor (the same walk, then every file read once, nothing parsed; ${String(rounds)} interleaved rounds, medians): ${seconds(full.ms)} s against ${seconds(floor.ms)} s ` +
          `(walk ${seconds(floor.walkMs ?? 0)} s, reads ${seconds(floor.ms - (floor.walkMs ?? 0))} s) = ` +
          `${(full.ms / floor.ms).toFixed(1)}x the floor (CPU ${seconds(full.cpuMs ?? 0)} s against ${seconds(floor.cpuMs ?? 0)} s, Node start-up and module loading included); ` +
          `the naive baseline is ${(naive.ms / floor.ms).toFixed(1)}x the floor, so ${(naive.ms / floor.ms).toFixed(1)}x is the most any scan that reads every file can reach against it`,
      );
    }
    console.log(
      `--no-prefilter: peak RSS ${unfiltered.peakRssMb} MB (full scan ${full.peakRssMb} MB), ${seconds(unfiltered.ms)} s, ${seconds(unfiltered.cpuMs ?? 0)} s CPU, ` +
        `${unfiltered.filesScanned} files analysed, ${unfiltered.findings?.length} findings, ${unfiltered.notes?.length} notes — ` +
        (identical ? 'identical findings and notes' : 'FINDINGS OR NOTES DIFFER'),
    );
  }
  console.log(`${loadLine()} after`);
  return identical ? 0 : 1;
}

// hcl2json's Go runtime, loaded in-process by the baseline, may hold the event loop open.
process.exit(await main());
