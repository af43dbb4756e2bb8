#!/usr/bin/env node
import { mkdir, open, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PARSE_ERROR, type LintResult } from './core/finding.js';
import type { Severity } from './core/rule-meta.js';
import { isLimitName, LIMIT_NAMES, type LimitName, type Limits } from './core/limits.js';
import { formatNames, isFormatName, type FormatName } from './reporters/format-names.js';
import { neutraliseInline, neutraliseLines } from './reporters/neutralise-text.js';
import { packageVersion } from './core/package-info.js';
import { ConfigError, ConfigRefused, findConfigFile, loadConfigFile, type CredlintConfig } from './config/load-config.js';
import type { Diagnostic } from './core/diagnostic.js';
import { FileReader } from './io/file-reader.js';
import { DEFAULT_MAX_FILE_BYTES } from './io/read-source.js';
import { findGitRoot, repositoryRoot } from './io/repository-root.js';
import { BaselineError, markBaselined, readBaseline, writeBaseline } from './suppress/baseline.js';

const USAGE = `Usage: credlint [options] [paths...]

Finds risky AWS IAM user credentials (CIS AWS Foundations) in Terraform, CloudFormation and CDK code.
Paths default to the current directory.

Options:
  -f, --format <name>        stylish (default), json, sarif, github
  -o, --output-file <file>   write the report to a file instead of standard output
      --output <format=file> also write a report in another format (repeatable; file "-" is
                             standard output), e.g. --output sarif=credlint.sarif
      --sarif-category <name>  code scanning category of the SARIF analysis (default credlint)
      --fail-level <level>   lowest severity that fails the run: error (default), warning, note
      --var <name=value>     set a Terraform root variable (repeatable)
      --var-file <file>      read Terraform variables from a .tfvars or .tfvars.json file (repeatable)
      --parameter <K=V>      set a CloudFormation parameter (repeatable)
      --report-unknown       report, as warnings, what could not be decided because a value was unknown
      --no-prefilter         parse every candidate file, even those that cannot hold IAM credentials
      --no-ignore            do not honour .gitignore files
  -c, --config <file>        configuration file (default: credlint.config.json or .credlintrc.{json,yaml}
                             from the current directory up to the repository root)
      --baseline <file>      findings recorded in this baseline do not fail the run
      --write-baseline <file>  record the current findings as the baseline
      --report-unused-suppressions  report credlint-ignore comments that suppress nothing
      --max-file-size <n>    largest file to analyse, in bytes (suffixes k, m); default 10m
      --limit <name=n>       change an analysis budget (repeatable; see docs/security.md)
      --color, --no-color    force colours on or off (default: on for a terminal; NO_COLOR, FORCE_COLOR)
      --debug                print stack traces of internal errors
  -h, --help                 show this help
  -v, --version              show the version

Exit codes: 0 no finding at or above --fail-level, 1 such findings, 2 the scan was incomplete
(a parse-error) or could not run (bad flag or path).`;

class UsageError extends Error {}

const SEVERITY_RANK: Record<Severity, number> = { note: 0, warning: 1, error: 2 };

function parseAssignment(flag: string, text: string): [string, string] {
  const at = text.indexOf('=');
  if (at <= 0) throw new UsageError(`${flag} expects name=value, got "${text}"`);
  return [text.slice(0, at), text.slice(at + 1)];
}

function parseSize(text: string): number {
  const match = /^(\d+)\s*([kmg]?)b?$/i.exec(text.trim());
  if (!match) throw new UsageError(`--max-file-size expects a number of bytes (e.g. 1048576, 512k, 10m), got "${text}"`);
  const unit = (match[2] ?? '').toLowerCase();
  const factor = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  return Number(match[1]) * factor;
}

function parseLimits(assignments: readonly string[]): Partial<Limits> {
  const limits: Partial<Record<LimitName, number>> = {};
  for (const assignment of assignments) {
    const [name, text] = parseAssignment('--limit', assignment);
    if (!isLimitName(name)) throw new UsageError(`--limit: unknown limit "${name}"; the limits are ${LIMIT_NAMES.join(', ')}`);
    const value = Number(text);
    if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value <= 0)
      throw new UsageError(`--limit ${name} expects a positive whole number, got "${text}"`);
    limits[name] = value;
  }
  return limits;
}

function useColor(flag: boolean | undefined, toFile: boolean): boolean {
  if (flag !== undefined) return flag;
  if (process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '') return false;
  const force = process.env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  // Node sets `isTTY` only on terminal streams (its typings say boolean); piped or redirected, it is undefined.
  const stdout: { readonly isTTY?: boolean } = process.stdout;
  return !toFile && stdout.isTTY === true;
}

interface OutputTarget {
  readonly format: FormatName;
  /** Absolute path, or undefined for standard output. */
  readonly file: string | undefined;
}

function checkFormat(flag: string, value: string): FormatName {
  if (!isFormatName(value)) throw new UsageError(`${flag} format must be one of ${formatNames.join(', ')}, got "${value}"`);
  return value;
}

/**
 * The main report (`--format`, `--output-file`) and each `--output format=file`, so that one run
 * serves a CI job's several consumers (the log, annotations, a SARIF upload) without scanning twice.
 * Two reports written to one file would overwrite each other, so that is refused.
 */
function outputTargets(cwd: string, format: FormatName, outputFile: string | undefined, extra: readonly string[]): OutputTarget[] {
  const targets: OutputTarget[] = [{ format, file: outputFile === undefined ? undefined : path.resolve(cwd, outputFile) }];
  for (const assignment of extra) {
    const [name, file] = parseAssignment('--output', assignment);
    if (file === '') throw new UsageError(`--output expects format=file (file "-" for standard output), got "${assignment}"`);
    targets.push({ format: checkFormat('--output', name), file: file === '-' ? undefined : path.resolve(cwd, file) });
  }
  const files = targets.flatMap((target) => (target.file === undefined ? [] : [target.file]));
  const repeated = files.find((file, index) => files.indexOf(file) !== index);
  if (repeated !== undefined) throw new UsageError(`two reports would be written to ${repeated}`);
  return targets;
}

function exitCode(result: LintResult, failLevel: Severity): number {
  if (result.findings.some((f) => f.ruleId === PARSE_ERROR)) return 2;
  const threshold = SEVERITY_RANK[failLevel];
  return result.findings.some((f) => !f.suppression && SEVERITY_RANK[f.severity] >= threshold) ? 1 : 0;
}

/**
 * The configuration: `--config` is trusted as written (its `varFiles` too, unless the file is inside
 * the repository); one found automatically (from the current directory up to its repository root)
 * is repository content: its `varFiles` must lie inside the repository, and a config file the reader
 * refuses (a symlink leading outside, a device) is skipped with a note.
 */
function readConfig(
  given: string | undefined,
  cwd: string,
  cwdRoot: string,
  reader: FileReader,
): { config: CredlintConfig | undefined; trustedVarFiles: boolean; notes: Diagnostic[] } {
  const file = given ?? findConfigFile(cwd, cwdRoot);
  if (file === undefined) return { config: undefined, trustedVarFiles: false, notes: [] };
  try {
    const config = loadConfigFile(file, reader, { trusted: given !== undefined });
    return { config, trustedVarFiles: given !== undefined && !reader.isInside(file), notes: [] };
  } catch (error) {
    if (!(error instanceof ConfigRefused) || given !== undefined) throw error;
    return { config: undefined, trustedVarFiles: false, notes: [error.diagnostic] };
  }
}

/** Pieces of a report are gathered up to this many characters before each write. */
const WRITE_BATCH = 1 << 16;

/**
 * Writes a report piece by piece to a file or standard output, waiting when the pipe is full, so a
 * report of any size is never held whole in memory.
 */
async function writeChunks(chunks: Iterable<string>, file: string | undefined): Promise<void> {
  const handle = file === undefined ? undefined : await open(file, 'w');
  const write = async (text: string) => {
    if (handle) await handle.write(text);
    else if (!process.stdout.write(text)) await once(process.stdout, 'drain');
  };
  try {
    let batch = '';
    for (const chunk of chunks) {
      batch += chunk;
      if (batch.length >= WRITE_BATCH) {
        await write(batch);
        batch = '';
      }
    }
    if (batch.length > 0) await write(batch);
  } finally {
    await handle?.close();
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', short: 'f', default: 'stylish' },
      'output-file': { type: 'string', short: 'o' },
      output: { type: 'string', multiple: true, default: [] },
      'sarif-category': { type: 'string' },
      'fail-level': { type: 'string', default: 'error' },
      var: { type: 'string', multiple: true, default: [] },
      'var-file': { type: 'string', multiple: true, default: [] },
      parameter: { type: 'string', multiple: true, default: [] },
      'report-unknown': { type: 'boolean', default: false },
      'no-prefilter': { type: 'boolean', default: false },
      'no-ignore': { type: 'boolean', default: false },
      config: { type: 'string', short: 'c' },
      baseline: { type: 'string' },
      'write-baseline': { type: 'string' },
      'report-unused-suppressions': { type: 'boolean', default: false },
      'max-file-size': { type: 'string' },
      limit: { type: 'string', multiple: true, default: [] },
      color: { type: 'boolean' },
      'no-color': { type: 'boolean' },
      debug: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const format = checkFormat('--format', values.format);
  const sarifCategory = values['sarif-category'];
  if (sarifCategory !== undefined && sarifCategory.trim() === '') throw new UsageError('--sarif-category expects a name, got ""');
  const failLevel = values['fail-level'] as Severity;
  if (!(failLevel in SEVERITY_RANK)) throw new UsageError(`--fail-level must be error, warning or note, got "${values['fail-level']}"`);
  const cwd = process.cwd();
  const targets = outputTargets(cwd, format, values['output-file'], values.output);
  const [{ lint }, { getChunkedReporter }] = await Promise.all([import('./engine.js'), import('./reporters/index.js')]);
  const maxFileBytes = values['max-file-size'] === undefined ? DEFAULT_MAX_FILE_BYTES : parseSize(values['max-file-size']);
  const cwdRoot = findGitRoot(cwd) ?? cwd;
  // Files read before the scan (config, baseline) go through the same door as the scan's: bounded by
  // the repositories of the scanned paths and of the current directory (where the config is searched).
  const reader = new FileReader([...(positionals.length > 0 ? positionals : ['.']).map((p) => repositoryRoot(p, cwd)), cwdRoot], maxFileBytes);
  const { config, trustedVarFiles, notes } = readConfig(values.config === undefined ? undefined : path.resolve(cwd, values.config), cwd, cwdRoot, reader);
  const parameters = { ...config?.parameters, ...Object.fromEntries(values.parameter.map((p) => parseAssignment('--parameter', p))) };
  const limits = parseLimits(values.limit);
  const baseline = values.baseline === undefined ? undefined : readBaseline(path.resolve(cwd, values.baseline), reader);

  let result = await lint({
    paths: positionals,
    cwd,
    vars: [...(config?.vars ?? []), ...values.var.map((v) => parseAssignment('--var', v))],
    ...(trustedVarFiles ? {} : { configVarFiles: config?.varFiles ?? [] }),
    varFiles: [...(trustedVarFiles ? (config?.varFiles ?? []) : []), ...values['var-file'].map((f) => path.resolve(cwd, f))],
    notes,
    parameters,
    reportUnknown: values['report-unknown'],
    reportUnusedSuppressions: values['report-unused-suppressions'],
    prefilter: !values['no-prefilter'],
    noIgnore: values['no-ignore'],
    ...(config ? { rules: config.rules, ignore: { base: path.dirname(config.file), patterns: config.ignore } } : {}),
    ...(baseline ? { baseline } : {}),
    maxFileBytes,
    limits,
  });
  if (values['write-baseline'] !== undefined) {
    const file = path.resolve(cwd, values['write-baseline']);
    await writeFile(file, writeBaseline(result));
    result = markBaselined(result, file);
  }
  const colorFlag = values['no-color'] ? false : values.color;
  // Only text the scan itself read (inside the repository, or a trusted --var-file) is shown.
  const readSource = (file: string): string | undefined => result.readSource?.(file);
  for (const target of targets) {
    const chunks = getChunkedReporter(target.format)(result, {
      cwd,
      color: useColor(colorFlag, target.file !== undefined),
      ...(sarifCategory === undefined ? {} : { sarifCategory }),
      readSource,
    });
    if (target.file !== undefined) await mkdir(path.dirname(target.file), { recursive: true });
    await writeChunks(chunks, target.file);
  }
  if (values.debug) for (const stack of result.internalErrorStacks ?? []) process.stderr.write(neutraliseLines(`credlint: internal error: ${stack}`) + '\n');
  return exitCode(result, failLevel);
}

async function run(): Promise<void> {
  const argv = process.argv.slice(2);
  const debug = argv.includes('--debug');
  let code: number;
  try {
    code = await main(argv);
  } catch (error) {
    const usage =
      error instanceof UsageError ||
      error instanceof ConfigError ||
      error instanceof BaselineError ||
      (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS');
    // Messages can quote paths and values from the command line or a configuration file in the
    // repository: escaped like the reports (neutralise-text.ts), so they cannot forge log lines.
    const message = neutraliseInline(error instanceof Error ? error.message : String(error));
    process.stderr.write(usage ? `credlint: ${message}\nRun "credlint --help" for usage.\n` : `credlint: internal error: ${message}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${neutraliseLines(error.stack)}\n`);
    code = 2;
  }
  process.exitCode = code;
}

await run();
