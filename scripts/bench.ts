/**
 * `npm run bench [dir]` (after `npm run build`): measures credlint's full scan against the naive
 * baseline — hcl2json parsing every `.tf` file sequentially in this process — in one run, and checks
 * that the relevance prefilter changes no finding. Without `dir`, a synthetic corpus is generated
 * into `.bench/corpus`. Also times one small file through the CLI, Node startup included (the
 * pre-commit case). Exit code 1 when findings with and without the prefilter differ.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Finding, LintResult } from '../src/core/finding.js';
import { discoverFiles } from '../src/discover/discover-files.js';
import { lint } from '../src/engine.js';
import { parseWithHcl2json } from '../src/terraform/hcl2json.js';
import { closeHclParser } from '../src/terraform/parse-hcl.js';
import { generateCorpus } from './bench-corpus.js';

const MB = 1024 * 1024;
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

async function timed<T>(task: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await task();
  return { value, ms: performance.now() - started };
}

/** The naive way: every `.tf` through hcl2json, one after another, on the main thread. */
async function naiveBaseline(files: readonly string[]): Promise<{ parsed: number; failed: number; hung: string | undefined }> {
  let parsed = 0;
  let failed = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    let timer: NodeJS.Timeout | undefined;
    const hang = new Promise<'hung'>((done) => {
      timer = setTimeout(() => done('hung'), 60_000);
    });
    const outcome = await Promise.race([parseWithHcl2json(file, text).then(() => 'ok' as const, () => 'error' as const), hang]);
    clearTimeout(timer);
    // A hung hcl2json runtime never recovers: the baseline cannot go on (this is why credlint isolates it).
    if (outcome === 'hung') return { parsed, failed, hung: file };
    if (outcome === 'ok') parsed += 1;
    else failed += 1;
  }
  return { parsed, failed, hung: undefined };
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
  const given = process.argv[2];
  const dir = given === undefined ? syntheticCorpus() : resolve(given);
  const discovered = await discoverFiles([dir], { cwd: dir, noIgnore: false });
  const bytesOf = (files: readonly string[]) => files.reduce((sum, file) => sum + statSync(file).size, 0);
  const allBytes = bytesOf(discovered.files);
  const tfFiles = discovered.files.filter((file) => file.endsWith('.tf'));
  const tfBytes = bytesOf(tfFiles);
  console.log(`corpus ${dir}: ${discovered.files.length} files, ${megabytes(allBytes)} MB (${tfFiles.length} .tf files, ${megabytes(tfBytes)} MB)`);

  const full = await timed(() => lint({ paths: [dir], cwd: dir }));
  const fullPeak = peakRssMb();
  await closeHclParser();
  const count = (result: LintResult, ruleId?: string) => result.findings.filter((f) => (ruleId ? f.ruleId === ruleId : f.ruleId !== 'parse-error')).length;
  console.log(
    `credlint full scan:        ${seconds(full.ms)} s wall, ${(allBytes / MB / (full.ms / 1000)).toFixed(1)} MB/s, peak RSS ${fullPeak} MB, ` +
      `${full.value.filesScanned} files analysed, ${count(full.value)} findings, ${count(full.value, 'parse-error')} parse errors`,
  );

  const unfiltered = await timed(() => lint({ paths: [dir], cwd: dir, prefilter: false }));
  await closeHclParser();
  const keys = (result: LintResult) => result.findings.filter((f) => f.ruleId !== 'parse-error').map(findingKey).join('\n');
  const identical = keys(full.value) === keys(unfiltered.value);
  console.log(
    `credlint --no-prefilter:   ${seconds(unfiltered.ms)} s wall, ${unfiltered.value.filesScanned} files analysed, ` +
      `${count(unfiltered.value)} findings — ${identical ? 'identical findings' : 'FINDINGS DIFFER'}`,
  );

  const naive = await timed(() => naiveBaseline(tfFiles));
  console.log(
    `naive baseline (hcl2json, every .tf, sequential, in-process): ${seconds(naive.ms)} s wall, ` +
      `${(tfBytes / MB / (naive.ms / 1000)).toFixed(2)} MB/s, ${naive.value.parsed} parsed, ${naive.value.failed} rejected` +
      (naive.value.hung ? `, then hung on ${naive.value.hung} (baseline time is a lower bound)` : ''),
  );
  console.log(`speed ratio (naive / full scan): ${(naive.ms / full.ms).toFixed(1)}x`);

  const small = timeCli(smallFileCase(), 5);
  console.log(`single small file via the CLI (Node startup included): median ${seconds(small[2] ?? 0)} s, best ${seconds(small[0] ?? 0)} s`);
  return identical ? 0 : 1;
}

// hcl2json's Go runtime, loaded in-process by the baseline, may hold the event loop open.
process.exit(await main());
