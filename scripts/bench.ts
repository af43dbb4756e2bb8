/**
 * `npm run bench [dir]` (after `npm run build`): measures credlint's full scan against the naive
 * baseline — hcl2json parsing every `.tf` file sequentially in one process — in one run, and checks
 * that the relevance prefilter changes no finding. Without `dir`, a synthetic corpus is generated
 * into `.bench/corpus`. Also times one small file through the CLI, Node startup included (the
 * pre-commit case). Exit code 1 when findings with and without the prefilter differ.
 *
 * Each measurement runs in a fresh Node process (this script, with `--measure <what> <dir>`), so that
 * its wall time and peak RSS are its own, and so that no process-wide state carries over: credlint's
 * parser workers set a V8 WebAssembly flag, and the baseline must run hcl2json with Node's defaults.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DUPLICATE_KEY, PARSE_ERROR, type Finding } from '../src/core/finding.js';
import { walkRules } from '../src/formats/walk-rules.js';
import { discoverFiles } from '../src/discover/discover-files.js';
import { lint } from '../src/engine.js';
import { parseWithHcl2json } from './hcl2json-oracle.js';
import { generateCorpus } from './bench-corpus.js';

const MB = 1024 * 1024;
const INPUT_DIAGNOSTICS: ReadonlySet<string> = new Set([PARSE_ERROR, DUPLICATE_KEY]);
/** Bump when the generator changes, so an old `.bench/corpus` is regenerated. */
const CORPUS_VERSION = '1';

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const megabytes = (bytes: number) => (bytes / MB).toFixed(1);
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

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

/** What a `--measure` child process reports on its stdout (one JSON line). */
interface Measurement {
  readonly ms: number;
  readonly peakRssMb: number;
  /** Scans: files analysed, rule findings (as `findingKey`s) and input diagnostics (parse errors, duplicate keys). */
  readonly filesScanned?: number;
  readonly findings?: string[];
  readonly parseErrors?: number;
  /** The baseline. */
  readonly parsed?: number;
  readonly failed?: number;
  readonly hung?: string;
}

function measureInChild(what: 'full' | 'unfiltered' | 'naive', dir: string): Measurement {
  const script = fileURLToPath(import.meta.url);
  const out = execFileSync(process.execPath, [script, '--measure', what, dir], { encoding: 'utf8', maxBuffer: 256 * MB, stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as Measurement;
}

async function measure(what: string, dir: string): Promise<Measurement> {
  const started = performance.now();
  if (what === 'naive') {
    const discovered = await discoverFiles([dir], { rules: walkRules, cwd: dir, noIgnore: false });
    const outcome = await naiveBaseline(discovered.files.filter((file) => file.endsWith('.tf')));
    return { ms: performance.now() - started, peakRssMb: peakRssMb(), ...outcome };
  }
  const result = await lint({ paths: [dir], cwd: dir, prefilter: what !== 'unfiltered' });
  const ms = performance.now() - started;
  return {
    ms,
    peakRssMb: peakRssMb(),
    filesScanned: result.filesScanned,
    // Diagnostics about a file's own syntax (a parse error, a duplicate key) exist only for files that
    // are parsed: the prefilter's promise is about rule findings, so these are counted, not compared.
    findings: result.findings.filter((f) => !INPUT_DIAGNOSTICS.has(f.ruleId)).map(findingKey),
    parseErrors: result.findings.filter((f) => INPUT_DIAGNOSTICS.has(f.ruleId)).length,
  };
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

function smallFileCase(): string {
  const dir = resolve('.bench', 'small');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'main.tf');
  writeFileSync(
    file,
    'resource "aws_iam_user" "ops" {\n  name = "ops"\n}\n\nresource "aws_iam_user_login_profile" "ops" {\n  user = aws_iam_user.ops.name\n}\n\nresource "aws_iam_access_key" "ops" {\n  user = aws_iam_user.ops.name\n}\n',
  );
  return file;
}

function timeCli(file: string, runs: number): number[] {
  const cli = fileURLToPath(new URL('../src/cli.js', import.meta.url));
  const times: number[] = [];
  for (let k = 0; k < runs; k += 1) {
    const started = performance.now();
    spawnSync(process.execPath, [cli, '--format', 'json', file], { stdio: 'ignore' });
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

async function main(): Promise<number> {
  if (process.argv[2] === '--measure') {
    console.log(JSON.stringify(await measure(process.argv[3] ?? '', resolve(process.argv[4] ?? '.'))));
    return 0;
  }
  const given = process.argv[2];
  const dir = given === undefined ? syntheticCorpus() : resolve(given);
  const discovered = await discoverFiles([dir], { rules: walkRules, cwd: dir, noIgnore: false });
  const bytesOf = (files: readonly string[]) => files.reduce((sum, file) => sum + statSync(file).size, 0);
  const allBytes = bytesOf(discovered.files);
  const tfFiles = discovered.files.filter((file) => file.endsWith('.tf'));
  const tfBytes = bytesOf(tfFiles);
  console.log(`corpus ${dir}: ${discovered.files.length} files, ${megabytes(allBytes)} MB (${tfFiles.length} .tf files, ${megabytes(tfBytes)} MB)`);
  console.log(`node ${process.version}, ${availableParallelism()} cores; each line below is a fresh process`);

  const full = measureInChild('full', dir);
  console.log(
    `credlint full scan:        ${seconds(full.ms)} s wall, ${(allBytes / MB / (full.ms / 1000)).toFixed(1)} MB/s, peak RSS ${full.peakRssMb} MB, ` +
      `${full.filesScanned} files analysed, ${full.findings?.length} findings, ${full.parseErrors} input diagnostics (parse errors, duplicate keys)`,
  );

  const unfiltered = measureInChild('unfiltered', dir);
  const identical = (full.findings ?? []).join('\n') === (unfiltered.findings ?? []).join('\n');
  console.log(
    `credlint --no-prefilter:   ${seconds(unfiltered.ms)} s wall, peak RSS ${unfiltered.peakRssMb} MB, ${unfiltered.filesScanned} files analysed, ` +
      `${unfiltered.findings?.length} findings — ${identical ? 'identical findings' : 'FINDINGS DIFFER'}`,
  );

  const naive = measureInChild('naive', dir);
  console.log(
    `naive baseline (hcl2json, every .tf, sequential, one thread, Node defaults): ${seconds(naive.ms)} s wall, ` +
      `${(tfBytes / MB / (naive.ms / 1000)).toFixed(2)} MB/s, ${naive.parsed} parsed, ${naive.failed} rejected` +
      (naive.hung ? `, then hung on ${naive.hung} (baseline time is a lower bound)` : ''),
  );
  console.log(`speed ratio (naive / full scan): ${(naive.ms / full.ms).toFixed(1)}x`);

  const small = timeCli(smallFileCase(), 7);
  console.log(`single small file via the CLI (Node startup included, 7 runs): median ${seconds(small[3] ?? 0)} s, best ${seconds(small[0] ?? 0)} s`);
  return identical ? 0 : 1;
}

// hcl2json's Go runtime, loaded in-process by the baseline, may hold the event loop open.
process.exit(await main());
