import { readFileSync, statSync } from 'node:fs';
import { constants } from 'node:os';
import path from 'node:path';
import { neutraliseInline } from '../reporters/neutralise-text.js';
import { splitAppCommand, type SplitAppCommand } from './app-command-split.js';
import { CDK_APP_USAGE } from './cdk-app-usage.js';
import { cdkAppHelpText } from './help-text.js';
import { OPTIONS, optionSynopsis } from './option-definitions.js';
import { parseArguments } from './parse-arguments.js';
import { AppStartError, runAppCommand, type AppOutcome } from './run-app-command.js';
import { prepareScan } from './scan-and-report.js';
import { writeStandardOutput } from './standard-output.js';
import { synthReport } from './synth-report.js';
import { UsageError } from './usage-error.js';

/**
 * The environment variable through which the CDK CLI tells the app where to write its cloud assembly
 * (`cdk synth --output`, default `cdk.out`); every CDK language's `App` reads it
 * (https://docs.aws.amazon.com/cdk/v2/guide/apps.html#apps-cloud-assembly).
 */
const OUTDIR_ENV = 'CDK_OUTDIR';

/** credlint's own arguments, and the app command after the first `--`. */
function splitCommandLine(argv: readonly string[]): { own: readonly string[]; command: readonly string[] } {
  const separator = argv.indexOf('--');
  const own = separator === -1 ? argv : argv.slice(0, separator);
  const command = separator === -1 ? [] : argv.slice(separator + 1);
  return { own, command };
}

/** Larger than any `cdk.json` a person writes; a larger one is not read for the hint below. */
const CDK_JSON_MAX_BYTES = 1024 * 1024;

/**
 * Where `cdk.json`'s `app` (in the directory the CDK CLI runs the app in, ours) wraps only the first
 * command of a shell list, the command that ran under credlint and the one the shell ran apart.
 * Undefined where there is no such `cdk.json`, or its `app` wraps a different program (`cdk synth
 * --app` given on the command line).
 */
function splitByShell(program: string | undefined): SplitAppCommand | undefined {
  try {
    const file = path.resolve('cdk.json');
    if (statSync(file).size > CDK_JSON_MAX_BYTES) return undefined;
    const app = (JSON.parse(readFileSync(file, 'utf8')) as { app?: unknown }).app;
    if (typeof app !== 'string') return undefined;
    const split = splitAppCommand(app);
    return split !== undefined && split.wrappedProgram === program ? split : undefined;
  } catch {
    return undefined;
  }
}

/** Why no assembly was written, where a shell operator in `cdk.json` cut the wrapped command short. */
function noAssemblyHint(program: string | undefined): string {
  const split = splitByShell(program);
  if (split === undefined) return ' does it call app.synth()?';
  const rest = split.whole.slice(split.wrapped.length).trimStart().slice(split.operator.length).trim();
  const operator = split.operator === '\n' ? 'a line break' : `"${split.operator}"`;
  const wrapShell = split.whole.includes("'") ? '' : `: ${split.wrapper} sh -c '${split.whole}'`;
  return (
    ` cdk.json's "app" runs through a shell, where ${operator} ends the command credlint wraps: credlint ran only "${split.wrapped}",` +
    ` not "${rest}", which the shell runs outside credlint, unchecked. Wrap a shell instead${wrapShell}` +
    `, or move the commands before the app to cdk.json's "build" (docs/cdk.md, "Any CDK language")`
  );
}

/**
 * What identifies one writing of the assembly's `manifest.json` (file, size, modification and change
 * times in nanoseconds), or undefined when there is none. The CDK CLI does not empty the output
 * directory before it runs the app, so an app that writes nothing (a command cut short by a shell
 * operator, a missing `app.synth()`) leaves the last synthesis's assembly in place: unchanged, it is
 * not this app's, and checking it would report an old verdict.
 */
function manifestStamp(file: string): string | undefined {
  try {
    const stat = statSync(file, { bigint: true, throwIfNoEntry: false });
    return stat === undefined ? undefined : `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
  } catch {
    // Not readable as a file (CDK_OUTDIR names a file, a permission): as if absent, as existsSync said.
    return undefined;
  }
}

/** The exit status a shell gives a process ended by a signal (128 + its number). */
function signalStatus(signal: NodeJS.Signals): number {
  return 128 + ((constants.signals[signal] as number | undefined) ?? 0);
}

/**
 * `credlint cdk-app [options] -- <app command>` (docs/cdk.md, "Any CDK language"): the `app` command
 * of `cdk.json` wrapped, so every `cdk synth` and `cdk deploy` of an app in any CDK language is
 * checked. It runs the app command unchanged (environment, working directory, standard streams,
 * signals); when the app fails, exits with the app's status and prints nothing of its own. When the
 * app succeeds, it scans the cloud assembly in `$CDK_OUTDIR` exactly as `credlint <assembly>` does
 * (same loader, rules, configuration, suppressions and limits), prints the findings in the CDK's
 * annotation shape on standard error, and exits 1 on a finding at or above `--fail-level` (2 when the
 * check is incomplete), which stops the CDK CLI.
 */
export async function cdkApp(argv: readonly string[]): Promise<number> {
  const { own, command } = splitCommandLine(argv);
  const args = parseArguments(own);
  if (args.flag('help')) {
    await writeStandardOutput(cdkAppHelpText());
    return 0;
  }
  const refused = OPTIONS.find(
    (option) =>
      option.cdkApp === false &&
      (option.type === 'boolean' ? args.flag(option.name) : args.list(option.name).length > 0 || args.string(option.name) !== undefined),
  );
  if (refused) {
    const instead = refused.name === 'format' || refused.name === 'output-file' ? ' (write reports with --output <format>=<file>)' : '';
    throw new UsageError(`cdk-app does not take ${optionSynopsis(refused)}${instead}`);
  }
  if (args.positionals.length > 0)
    throw new UsageError(`cdk-app checks the cloud assembly in $${OUTDIR_ENV} and takes no paths; the app command goes after "--": ${CDK_APP_USAGE}`);
  if (command.length === 0)
    throw new UsageError(`cdk-app needs the app command after "--": ${CDK_APP_USAGE} (to scan a directory named cdk-app, write ./cdk-app)`);
  const outdirValue = process.env[OUTDIR_ENV];
  if (outdirValue === undefined || outdirValue === '')
    throw new UsageError(`cdk-app runs as the "app" command of cdk.json, under the CDK CLI, which sets ${OUTDIR_ENV}; it is not set`);
  // The CDK CLI passes `cdk.out` relative to the directory it runs the app in, which is ours.
  const outdir = path.resolve(outdirValue);
  // Flags, configuration file and baseline are checked before the app runs: a typo costs no synthesis.
  const scan = await prepareScan(args, [outdir], synthReport);

  const manifest = path.join(outdir, 'manifest.json');
  const before = manifestStamp(manifest);
  let outcome: AppOutcome;
  try {
    outcome = await runAppCommand(command);
  } catch (error) {
    if (!(error instanceof AppStartError)) throw error;
    process.stderr.write(`credlint: ${neutraliseInline(error.message)}\n`);
    return error.exitCode;
  }
  if (outcome.signal !== undefined) {
    // Ended by a signal: end the same way, so the CDK CLI reports the signal as it would for the app.
    process.kill(process.pid, outcome.signal);
    return signalStatus(outcome.signal);
  }
  if (outcome.code !== 0) return outcome.code;
  const after = manifestStamp(manifest);
  if (after === undefined)
    throw new UsageError(`the app exited 0 but wrote no cloud assembly (no manifest.json in ${OUTDIR_ENV}=${outdirValue});${noAssemblyHint(command[0])}`);
  if (after === before)
    throw new UsageError(
      `the app exited 0 but wrote no cloud assembly (manifest.json in ${OUTDIR_ENV}=${outdirValue} is the one left before the app ran);${noAssemblyHint(command[0])}`,
    );
  return scan();
}
