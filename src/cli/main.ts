import { ConfigError } from '../config/load-config.js';
import { packageVersion } from '../core/package-info.js';
import { neutraliseInline, neutraliseLines } from '../reporters/neutralise-text.js';
import { BaselineError } from '../suppress/baseline-error.js';
import { parseArguments, type ParsedArguments } from './parse-arguments.js';
import { checkPrintAndExit } from './print-and-exit.js';
import { scanAndReport } from './scan-and-report.js';
import { writeStandardOutput } from './standard-output.js';
import { UsageError } from './usage-error.js';

async function listRules(args: ParsedArguments): Promise<number> {
  const [{ rules }, { rulesJson, rulesTable }] = await Promise.all([import('../../rules/index.js'), import('./list-rules.js')]);
  const metas = rules.map((rule) => rule.meta);
  await writeStandardOutput(args.string('format') === 'json' ? rulesJson(metas) : rulesTable(metas));
  return 0;
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArguments(argv);
  // Loaded only when asked for: every module costs a one-file pre-commit run start-up time (README, "Performance").
  if (args.flag('help')) {
    const { helpText } = await import('./help-text.js');
    await writeStandardOutput(helpText());
    return 0;
  }
  if (args.flag('version')) {
    await writeStandardOutput(`${packageVersion()}\n`);
    return 0;
  }
  checkPrintAndExit(args);
  if (args.flag('list-rules')) return listRules(args);
  return scanAndReport(args, args.positionals);
}

/** The `credlint` command: runs, and maps mistakes to exit 2 with a message (no stack trace unless --debug). */
export async function run(argv: readonly string[]): Promise<void> {
  const end = argv.indexOf('--');
  // Options end at `--`: what follows is paths, or `cdk-app`'s app command with options of its own.
  const debug = (end === -1 ? argv : argv.slice(0, end)).includes('--debug');
  const help = argv[0] === 'cdk-app' ? 'credlint cdk-app --help' : 'credlint --help';
  let code: number;
  try {
    // `credlint cdk-app -- <command>` (docs/cdk.md): a first argument `cdk-app` is the subcommand, so a
    // directory of that name is scanned as `./cdk-app`.
    code = argv[0] === 'cdk-app' ? await (await import('./cdk-app.js')).cdkApp(argv.slice(1)) : await main(argv);
  } catch (error) {
    const nodeParse = (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS') === true;
    const usage = error instanceof UsageError || error instanceof ConfigError || error instanceof BaselineError || nodeParse;
    // Messages can quote paths and values from the command line or a configuration file in the
    // repository: escaped like the reports (neutralise-text.ts), so they cannot forge log lines.
    // Node's own argument errors are written over several lines (`--max-warnings -1`: "... is
    // ambiguous.\nDid you forget ..."): read as one line, not shown with escaped line breaks.
    const text = error instanceof Error ? error.message : String(error);
    const message = nodeParse ? text.split('\n').map(neutraliseInline).join(' ') : neutraliseInline(text);
    process.stderr.write(usage ? `credlint: ${message}\nRun "${help}" for usage.\n` : `credlint: internal error: ${message}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${neutraliseLines(error.stack)}\n`);
    code = 2;
  }
  process.exitCode = code;
}
