#!/usr/bin/env node
import { open, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PARSE_ERROR, type LintResult } from './core/finding.js';
import type { Severity } from './core/rule.js';
import { isLimitName, LIMIT_NAMES, type LimitName, type Limits } from './core/limits.js';
import { formatNames, type FormatName } from './reporters/format-names.js';
import { neutraliseInline, neutraliseLines } from './reporters/neutralise-text.js';
import { warmHclParser } from './terraform/parse-hcl.js';
import { packageVersion } from './package-info.js';
import { ConfigError, findConfigFile, loadConfigFile } from './config/load-config.js';
import { findGitRoot } from './discover/discover-files.js';
import { BaselineError, markBaselined, readBaseline, writeBaseline } from './suppress/baseline.js';

const USAGE = `Usage: credlint [options] [paths...]

Finds risky AWS IAM user credentials (CIS AWS Foundations) in Terraform, CloudFormation and CDK code.
Paths default to the current directory.

Options:
  -f, --format <name>        stylish (default), json, sarif, github
  -o, --output-file <file>   write the report to a file instead of standard output
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
    if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value <= 0) throw new UsageError(`--limit ${name} expects a positive whole number, got "${text}"`);
    limits[name] = value;
  }
  return limits;
}

function useColor(flag: boolean | undefined, toFile: boolean): boolean {
  if (flag !== undefined) return flag;
  if (process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '') return false;
  const force = process.env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  return !toFile && process.stdout.isTTY === true;
}

/**
 * Whether the arguments show Terraform: a `.tf` file, or a directory holding one at its top. The
 * pre-commit case (a few files, Node start-up included) is dominated by starting hcl2json's worker
 * (~0.3 s: a thread, the 6.5 MB WebAssembly module, the Go runtime); started here, before the rest
 * of credlint loads and discovers files, the two overlap. Nothing is started for anything else, and
 * a worker that turns out to be unneeded is closed at exit.
 */
function argumentsShowTerraform(cwd: string, positionals: readonly string[]): boolean {
  return (positionals.length > 0 ? positionals : ['.']).some((given) => {
    const absolute = path.resolve(cwd, given);
    if (absolute.endsWith('.tf')) return true;
    try {
      return readdirSync(absolute).some((name) => name.endsWith('.tf'));
    } catch {
      return false;
    }
  });
}

function exitCode(result: LintResult, failLevel: Severity): number {
  if (result.findings.some((f) => f.ruleId === PARSE_ERROR)) return 2;
  const threshold = SEVERITY_RANK[failLevel];
  return result.findings.some((f) => !f.suppression && SEVERITY_RANK[f.severity] >= threshold) ? 1 : 0;
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
  const format = values.format as FormatName;
  if (!formatNames.includes(format)) throw new UsageError(`--format must be one of ${formatNames.join(', ')}, got "${values.format}"`);
  const failLevel = values['fail-level'] as Severity;
  if (!(failLevel in SEVERITY_RANK)) throw new UsageError(`--fail-level must be error, warning or note, got "${values['fail-level']}"`);
  const cwd = process.cwd();
  if (argumentsShowTerraform(cwd, positionals)) warmHclParser();
  const [{ lint }, { getChunkedReporter }] = await Promise.all([import('./engine.js'), import('./reporters/index.js')]);
  const configFile = values.config !== undefined ? path.resolve(cwd, values.config) : findConfigFile(cwd, findGitRoot(cwd) ?? cwd);
  const config = configFile === undefined ? undefined : loadConfigFile(configFile);
  const parameters = { ...config?.parameters, ...Object.fromEntries(values.parameter.map((p) => parseAssignment('--parameter', p))) };
  const limits = parseLimits(values.limit);
  const baseline = values.baseline === undefined ? undefined : readBaseline(path.resolve(cwd, values.baseline));

  let result = await lint({
    paths: positionals,
    cwd,
    vars: [...(config?.vars ?? []), ...values.var.map((v) => parseAssignment('--var', v))],
    varFiles: [...(config?.varFiles ?? []), ...values['var-file'].map((f) => path.resolve(cwd, f))],
    parameters,
    reportUnknown: values['report-unknown'],
    reportUnusedSuppressions: values['report-unused-suppressions'],
    prefilter: !values['no-prefilter'],
    noIgnore: values['no-ignore'],
    ...(config ? { rules: config.rules, ignore: { base: path.dirname(config.file), patterns: config.ignore } } : {}),
    ...(baseline ? { baseline } : {}),
    ...(values['max-file-size'] === undefined ? {} : { maxFileBytes: parseSize(values['max-file-size']) }),
    limits,
  });
  if (values['write-baseline'] !== undefined) {
    const file = path.resolve(cwd, values['write-baseline']);
    await writeFile(file, writeBaseline(result));
    result = markBaselined(result, file);
  }
  const outputFile = values['output-file'];
  const color = useColor(values['no-color'] ? false : values.color, outputFile !== undefined);
  const chunks = getChunkedReporter(format)(result, {
    cwd,
    color,
    readSource(file) {
      try {
        return readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    },
  });
  await writeChunks(chunks, outputFile === undefined ? undefined : path.resolve(cwd, outputFile));
  return exitCode(result, failLevel);
}

async function run(): Promise<void> {
  const argv = process.argv.slice(2);
  const debug = argv.includes('--debug');
  let code: number;
  try {
    code = await main(argv);
  } catch (error) {
    const usage = error instanceof UsageError || error instanceof ConfigError || error instanceof BaselineError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS');
    // Messages can quote paths and values from the command line or a configuration file in the
    // repository: escaped like the reports (neutralise-text.ts), so they cannot forge log lines.
    const message = neutraliseInline(error instanceof Error ? error.message : String(error));
    process.stderr.write(usage ? `credlint: ${message}\nRun "credlint --help" for usage.\n` : `credlint: internal error: ${message}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${neutraliseLines(error.stack)}\n`);
    code = 2;
  }
  try {
    const { closeHclParser } = await import('./terraform/parse-hcl.js');
    await closeHclParser();
  } catch {
    // Nothing to close.
  }
  process.exitCode = code;
}

await run();
