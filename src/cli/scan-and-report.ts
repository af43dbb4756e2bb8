// `credlint [options] [paths...]`: the scan and its reports, shared by the scan command and `credlint cdk-app`.
import path from 'node:path';
import type { LintResult } from '../core/finding.js';
import type { Severity } from '../core/rule-meta.js';
import { FileReader } from '../io/file-reader.js';
import { DEFAULT_MAX_FILE_BYTES } from '../io/read-source.js';
import { writeLeavesRepository } from '../io/write-target.js';
import { findGitRoot, repositoryRoot } from '../io/repository-root.js';
import { neutraliseLines } from '../reporters/neutralise-text.js';
import { exitCode, failureExplanation, SEVERITY_RANK } from './exit-code.js';
import { parseLimits, parseMaxWarnings, parseSize } from './numeric-flags.js';
import { errorsOnly, outputTargets, writeNamedFile, writeReport } from './outputs.js';
import type { ParsedArguments } from './parse-arguments.js';
import { startProgress } from './progress.js';
import { heapGrowthObserver } from './heap-growth.js';
import { writeStandardOutput } from './standard-output.js';
import { readConfig } from './read-config.js';
import { parseAssignment, UsageError } from './usage-error.js';
import { observers, verboseListing } from './verbose-listing.js';

function useColor(flag: boolean | undefined, toFile: boolean, stream: { readonly isTTY?: boolean } = process.stdout): boolean {
  if (flag !== undefined) return flag;
  if (process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '') return false;
  const force = process.env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  // Node sets `isTTY` only on terminal streams (its typings say boolean); piped or redirected, it is
  // undefined. `TERM=dumb` is a terminal that shows escape sequences as text (an Emacs shell buffer).
  return !toFile && stream.isTTY === true && process.env['TERM'] !== 'dumb';
}

/** `warn` too: ESLint's word for the level, which credlint's rule levels (configuration, `--rule`) accept. */
function failLevel(args: ParsedArguments): Severity {
  const given = args.string('fail-level') ?? 'error';
  const level = given === 'warn' ? 'warning' : given;
  if (!Object.hasOwn(SEVERITY_RANK, level)) throw new UsageError(`--fail-level must be error, warning (or warn) or note, got "${given}"`);
  return level as Severity;
}

/**
 * The report `credlint cdk-app` shows on standard error in place of the main report (`--format`,
 * `-o`); the `--output` reports are written as for a scan.
 */
export type ConsoleReport = (result: LintResult, context: ConsoleContext) => string;

export interface ConsoleContext {
  readonly cwd: string;
  readonly color: boolean;
  /** The run's exit code, which the console report announces. */
  readonly exitCode: number;
  /** `--quiet`: findings below `error` are counted but not shown. */
  readonly errorsOnly: boolean;
}

/**
 * Scans the paths and writes the reports, as `credlint [options] [paths...]` does; returns the exit
 * code.
 */
export async function scanAndReport(args: ParsedArguments, positionals: readonly string[]): Promise<number> {
  return (await prepareScan(args, positionals))();
}

/**
 * Everything a scan needs before it starts — flags, configuration file, baseline, report targets —
 * read and checked now, so a mistake is a usage error before anything runs; the scan itself, with
 * its reports, when the returned function is called. `credlint cdk-app` prepares before it runs the
 * app (a typo costs no synthesis) and scans the cloud assembly the app wrote, with its own console
 * report.
 */
/** A file the run will write when its flag is given, resolved against the current directory. */
function optionalWrite(file: string | undefined, what: string, cwd: string): { file: string; what: string }[] {
  return file === undefined ? [] : [{ file: path.resolve(cwd, file), what }];
}

export async function prepareScan(args: ParsedArguments, positionals: readonly string[], consoleReport?: ConsoleReport): Promise<() => Promise<number>> {
  const sarifCategory = args.string('sarif-category');
  if (sarifCategory !== undefined && sarifCategory.trim() === '') throw new UsageError('--sarif-category expects a name, got ""');
  const policy = {
    failLevel: failLevel(args),
    softFail: args.flag('soft-fail'),
    allowParseErrors: args.flag('allow-parse-errors'),
    ...(args.string('max-warnings') === undefined ? {} : { maxWarnings: parseMaxWarnings(args.string('max-warnings')) }),
  };
  const cwd = process.cwd();
  const targets = outputTargets(cwd, args.string('format'), args.string('output-file'), args.list('output')).slice(consoleReport ? 1 : 0);
  const { rules: ruleList } = await import('../../rules/index.js');
  const { parseRuleFlags } = await import('./rule-flags.js');
  const ruleFlags = parseRuleFlags(
    args.list('rule'),
    ruleList.map((r) => r.meta.id),
  );
  const printConfigFor = args.string('print-config');
  const maxFileSize = args.string('max-file-size');
  const maxFileBytes = maxFileSize === undefined ? DEFAULT_MAX_FILE_BYTES : parseSize(maxFileSize);
  const cwdRoot = findGitRoot(cwd) ?? cwd;
  // Files read before the scan (config, baseline) go through the same door as the scan's: bounded by
  // the repositories of the scanned paths and of the current directory (where the config is searched).
  const reader = new FileReader([...(positionals.length > 0 ? positionals : ['.']).map((p) => repositoryRoot(p, cwd)), cwdRoot], maxFileBytes);
  // A report or baseline named inside the repository must not be written through a link leading out.
  const writtenFiles = [
    ...targets.flatMap((target) => (target.file === undefined ? [] : [{ file: target.file, what: 'the report' }])),
    ...optionalWrite(args.string('write-baseline'), 'the baseline', cwd),
    ...optionalWrite(args.flag('prune-baseline') ? args.string('baseline') : undefined, 'the pruned baseline', cwd),
  ];
  for (const { file, what } of writtenFiles) {
    const leaves = writeLeavesRepository(file, reader);
    if (leaves !== undefined) throw new UsageError(`cannot write ${what} to ${file}: ${leaves}`);
  }
  const configFlag = args.string('config');
  const {
    config,
    file: configFile,
    trustedVarFiles,
    notes,
  } = readConfig(configFlag === undefined ? undefined : path.resolve(cwd, configFlag), cwd, cwdRoot, reader);
  const parameters = { ...config?.parameters, ...Object.fromEntries(args.list('parameter').map((p) => parseAssignment('--parameter', p))) };
  const vars = [...(config?.vars ?? []), ...args.list('var').map((v) => parseAssignment('--var', v))];
  const varFiles = args.list('var-file').map((f) => path.resolve(cwd, f));
  const rules = { ...config?.rules, ...ruleFlags };
  const noIgnore = args.flag('no-ignore');
  const ignorePatterns = args.list('ignore-pattern');
  if (printConfigFor !== undefined) {
    const { printConfig } = await import('./print-config.js');
    const inputs = { rules, vars, varFiles: [...(config?.varFiles ?? []), ...varFiles], parameters, noIgnore, ignorePatterns };
    const text = printConfig(path.resolve(cwd, printConfigFor), cwd, config, inputs);
    return async () => {
      await writeStandardOutput(text);
      return 0;
    };
  }
  const limits = parseLimits(args.list('limit'));
  const baselineFlag = args.string('baseline');
  if (args.flag('prune-baseline') && baselineFlag === undefined) throw new UsageError('--prune-baseline needs --baseline <file>');
  const writeBaselineFlag = args.string('write-baseline');
  // Loaded only for a baseline: a pre-commit run has none (README, "Performance").
  const baselines = baselineFlag === undefined && writeBaselineFlag === undefined ? undefined : await import('../suppress/baseline.js');
  const baseline = baselineFlag === undefined ? undefined : baselines?.readBaseline(path.resolve(cwd, baselineFlag), reader, baselineFlag);
  const [{ lint }, { loadChunkedReporter }] = await Promise.all([import('../engine.js'), import('../reporters/load-reporter.js')]);
  // The scan, run when the caller is ready (at once for a scan; after the app for `cdk-app`).
  return async () => {
    const verbose = args.flag('verbose') || args.flag('debug');
    const progress = startProgress(process.stderr, { env: process.env });
    const observer = observers(
      heapGrowthObserver(),
      progress?.observer,
      verbose ? verboseListing((line) => process.stderr.write(`${line}\n`), cwd) : undefined,
    );
    let result: LintResult;
    try {
      result = await lint({
        paths: positionals,
        cwd,
        vars,
        ...(trustedVarFiles ? {} : { configVarFiles: config?.varFiles ?? [], ...(configFile === undefined ? {} : { configFile }) }),
        varFiles: [...(trustedVarFiles ? (config?.varFiles ?? []) : []), ...varFiles],
        notes,
        configLookup: { used: configFile },
        parameters,
        reportUnknown: args.flag('report-unknown'),
        reportUnusedSuppressions: args.flag('report-unused-suppressions'),
        prefilter: !args.flag('no-prefilter'),
        noIgnore,
        ignorePatterns,
        rules,
        ...(config ? { ignore: { base: path.dirname(config.file), patterns: config.ignore } } : {}),
        ...(baseline ? { baseline } : {}),
        maxFileBytes,
        limits,
        observer,
      });
    } finally {
      progress?.stop();
    }
    if (writeBaselineFlag !== undefined && baselines) {
      const file = path.resolve(cwd, writeBaselineFlag);
      await writeNamedFile(file, baselines.writeBaseline(result), 'baseline');
      result = baselines.markBaselined(result, writeBaselineFlag);
    }
    const colorFlag = args.flag('no-color') ? false : args.flag('color') ? true : undefined;
    const reported = args.flag('quiet') ? errorsOnly(result) : result;
    // Only text the scan itself read (inside the repository, or a trusted --var-file) is shown.
    const readSource = (file: string): string | undefined => result.readSource?.(file);
    const code = exitCode(result.findings, policy);
    if (consoleReport)
      process.stderr.write(consoleReport(result, { cwd, color: useColor(colorFlag, false, process.stderr), exitCode: code, errorsOnly: args.flag('quiet') }));
    for (const target of targets) {
      const context = { cwd, color: useColor(colorFlag, target.file !== undefined), ...(sarifCategory === undefined ? {} : { sarifCategory }), readSource };
      await writeReport(await loadChunkedReporter(target.format), reported, context, target.file);
    }
    if (baseline && baselines) {
      const scanned = positionals.length > 0 ? positionals.map((p) => path.resolve(cwd, p)) : [cwd];
      process.stderr.write(await baselines.maintainBaseline(baseline, result, scanned, args.flag('prune-baseline')));
    }
    const why = failureExplanation(result.findings, policy, args.flag('quiet'));
    if (why !== undefined) process.stderr.write(`credlint: ${why}\n`);
    if (args.flag('debug'))
      for (const stack of result.internalErrorStacks ?? []) process.stderr.write(neutraliseLines(`credlint: internal error: ${stack}`) + '\n');
    return code;
  };
}
