import path from 'node:path';
import type { LintResult } from '../core/finding.js';
import type { Severity } from '../core/rule-meta.js';
import { packageVersion } from '../core/package-info.js';
import { ConfigError } from '../config/load-config.js';
import { FileReader } from '../io/file-reader.js';
import { DEFAULT_MAX_FILE_BYTES } from '../io/read-source.js';
import { findGitRoot, repositoryRoot } from '../io/repository-root.js';
import { neutraliseInline, neutraliseLines } from '../reporters/neutralise-text.js';
import { exitCode, SEVERITY_RANK } from './exit-code.js';
import { parseLimits, parseMaxWarnings, parseSize } from './numeric-flags.js';
import { errorsOnly, outputTargets, writeNamedFile, writeReport } from './outputs.js';
import { parseArguments, type ParsedArguments } from './parse-arguments.js';
import { startProgress } from './progress.js';
import { readConfig } from './read-config.js';
import { parseAssignment, UsageError } from './usage-error.js';
import { observers, verboseListing } from './verbose-listing.js';

function useColor(flag: boolean | undefined, toFile: boolean): boolean {
  if (flag !== undefined) return flag;
  if (process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '') return false;
  const force = process.env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  // Node sets `isTTY` only on terminal streams (its typings say boolean); piped or redirected, it is undefined.
  const stdout: { readonly isTTY?: boolean } = process.stdout;
  return !toFile && stdout.isTTY === true;
}

function failLevel(args: ParsedArguments): Severity {
  const level = args.string('fail-level') ?? 'error';
  if (!Object.hasOwn(SEVERITY_RANK, level)) throw new UsageError(`--fail-level must be error, warning or note, got "${level}"`);
  return level as Severity;
}

async function listRules(args: ParsedArguments): Promise<number> {
  const [{ rules }, { rulesJson, rulesTable }] = await Promise.all([import('../../rules/index.js'), import('./list-rules.js')]);
  const metas = rules.map((rule) => rule.meta);
  process.stdout.write(args.string('format') === 'json' ? rulesJson(metas) : rulesTable(metas));
  return 0;
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArguments(argv);
  // The help text and the baseline are loaded only when asked for: each module costs a one-file
  // pre-commit run start-up time (README, "Performance").
  if (args.flag('help')) {
    const { helpText } = await import('./help-text.js');
    process.stdout.write(helpText());
    return 0;
  }
  if (args.flag('version')) {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  if (args.flag('list-rules')) return listRules(args);
  const positionals = args.positionals;
  const sarifCategory = args.string('sarif-category');
  if (sarifCategory !== undefined && sarifCategory.trim() === '') throw new UsageError('--sarif-category expects a name, got ""');
  const policy = {
    failLevel: failLevel(args),
    softFail: args.flag('soft-fail'),
    allowParseErrors: args.flag('allow-parse-errors'),
    ...(args.string('max-warnings') === undefined ? {} : { maxWarnings: parseMaxWarnings(args.string('max-warnings')) }),
  };
  const cwd = process.cwd();
  const targets = outputTargets(cwd, args.string('format'), args.string('output-file'), args.list('output'));
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
  const configFlag = args.string('config');
  const { config, trustedVarFiles, notes } = readConfig(configFlag === undefined ? undefined : path.resolve(cwd, configFlag), cwd, cwdRoot, reader);
  const parameters = { ...config?.parameters, ...Object.fromEntries(args.list('parameter').map((p) => parseAssignment('--parameter', p))) };
  const vars = [...(config?.vars ?? []), ...args.list('var').map((v) => parseAssignment('--var', v))];
  const varFiles = args.list('var-file').map((f) => path.resolve(cwd, f));
  const rules = { ...config?.rules, ...ruleFlags };
  const noIgnore = args.flag('no-ignore');
  if (printConfigFor !== undefined) {
    const { printConfig } = await import('./print-config.js');
    const inputs = { rules, vars, varFiles: [...(config?.varFiles ?? []), ...varFiles], parameters, noIgnore };
    process.stdout.write(printConfig(path.resolve(cwd, printConfigFor), cwd, config, inputs));
    return 0;
  }
  const limits = parseLimits(args.list('limit'));
  const baselineFlag = args.string('baseline');
  if (args.flag('prune-baseline') && baselineFlag === undefined) throw new UsageError('--prune-baseline needs --baseline <file>');
  const writeBaselineFlag = args.string('write-baseline');
  const baselines = baselineFlag === undefined && writeBaselineFlag === undefined ? undefined : await import('../suppress/baseline.js');
  const baseline = baselineFlag === undefined ? undefined : baselines?.readBaseline(path.resolve(cwd, baselineFlag), reader);
  const [{ lint }, { loadChunkedReporter }] = await Promise.all([import('../engine.js'), import('../reporters/load-reporter.js')]);

  const verbose = args.flag('verbose') || args.flag('debug');
  const progress = startProgress(process.stderr, { env: process.env });
  const observer = observers(progress?.observer, verbose ? verboseListing((line) => process.stderr.write(`${line}\n`), cwd) : undefined);
  let result: LintResult;
  try {
    result = await lint({
      paths: positionals,
      cwd,
      vars,
      ...(trustedVarFiles ? {} : { configVarFiles: config?.varFiles ?? [] }),
      varFiles: [...(trustedVarFiles ? (config?.varFiles ?? []) : []), ...varFiles],
      notes,
      parameters,
      reportUnknown: args.flag('report-unknown'),
      reportUnusedSuppressions: args.flag('report-unused-suppressions'),
      prefilter: !args.flag('no-prefilter'),
      noIgnore,
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
    result = baselines.markBaselined(result, file);
  }
  const colorFlag = args.flag('no-color') ? false : args.flag('color') ? true : undefined;
  const reported = args.flag('quiet') ? errorsOnly(result) : result;
  // Only text the scan itself read (inside the repository, or a trusted --var-file) is shown.
  const readSource = (file: string): string | undefined => result.readSource?.(file);
  for (const target of targets) {
    const context = { cwd, color: useColor(colorFlag, target.file !== undefined), ...(sarifCategory === undefined ? {} : { sarifCategory }), readSource };
    await writeReport(await loadChunkedReporter(target.format), reported, context, target.file);
  }
  if (baseline && baselines) {
    const scanned = positionals.length > 0 ? positionals.map((p) => path.resolve(cwd, p)) : [cwd];
    process.stderr.write(await baselines.maintainBaseline(baseline, result, scanned, args.flag('prune-baseline')));
  }
  if (args.flag('debug'))
    for (const stack of result.internalErrorStacks ?? []) process.stderr.write(neutraliseLines(`credlint: internal error: ${stack}`) + '\n');
  return exitCode(result.findings, policy);
}

/** The `credlint` command: runs, and maps mistakes to exit 2 with a message (no stack trace unless --debug). */
export async function run(argv: readonly string[]): Promise<void> {
  const debug = argv.includes('--debug');
  let code: number;
  try {
    code = await main(argv);
  } catch (error) {
    // Only a run that read or wrote a baseline has loaded the module that can throw BaselineError.
    const { BaselineError } = await import('../suppress/baseline.js');
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
