/**
 * Every command-line option, in one table: it drives the argument parser (`parse-arguments.ts`), the
 * grouped `--help` (`help-text.ts`) and the option table in the README (written between
 * `<!-- generated:cli-options -->` markers by `scripts/cli-options-doc.ts`; a unit test fails when the
 * README drifts). A new option is one entry here.
 *
 * Descriptions are Markdown as the README shows them (`code` in backticks); `{formats}` stands for the
 * names of the registered reporters (`src/reporters/format-names.ts`), so a new reporter needs no change
 * here.
 */
export const OPTION_GROUPS = [
  'Output',
  'Exit code',
  'Rules and configuration',
  'Terraform and CloudFormation inputs',
  'Files and limits',
  'Diagnostics',
  'Information',
] as const;

export type OptionGroup = (typeof OPTION_GROUPS)[number];

export interface OptionDefinition {
  /** The long name, without `--`. */
  readonly name: string;
  readonly short?: string;
  readonly type: 'string' | 'boolean';
  /** Repeatable: every occurrence counts. A single-valued option given twice is a usage error. */
  readonly multiple?: boolean;
  readonly group: OptionGroup;
  /** The value's placeholder in help and README (`<name>`, `name=value`). */
  readonly value?: string;
  readonly description: string;
  /** False for an option `credlint cdk-app` refuses: it names what to scan or print instead of checking the app's cloud assembly. */
  readonly cdkApp?: false;
}

export const OPTIONS: readonly OptionDefinition[] = [
  { name: 'format', short: 'f', type: 'string', cdkApp: false, group: 'Output', value: '<name>', description: 'report format: {formats}; default `stylish`' },
  {
    name: 'output-file',
    short: 'o',
    type: 'string',
    cdkApp: false,
    group: 'Output',
    value: '<file>',
    description:
      'write the report to a file (missing directories are created; `-` is standard output); without `--format`, the format follows the extension ({extensions})',
  },
  {
    name: 'output',
    type: 'string',
    multiple: true,
    group: 'Output',
    value: '<format>=<file>',
    description:
      'also write a report in another format from the same run (repeatable; `-` is standard output; a bare file name takes the format of its extension), e.g. `--output sarif=credlint.sarif`',
  },
  {
    name: 'quiet',
    type: 'boolean',
    group: 'Output',
    description: 'report errors only: findings of severity `warning` and `note` are left out of every report (they still count for the exit code)',
  },
  {
    name: 'sarif-category',
    type: 'string',
    group: 'Output',
    value: '<name>',
    description: 'the code scanning category of the SARIF analysis (`runs[].automationDetails.id`; default `credlint`)',
  },
  {
    name: 'color',
    type: 'boolean',
    group: 'Output',
    description: 'force colours on (default: on for a terminal, unless `TERM=dumb`; `NO_COLOR` and `FORCE_COLOR` are honoured)',
  },
  { name: 'no-color', type: 'boolean', group: 'Output', description: 'force colours off' },
  {
    name: 'fail-level',
    type: 'string',
    group: 'Exit code',
    value: '<level>',
    description: 'lowest severity that fails the run: `error` (default), `warning` (or `warn`), `note`',
  },
  { name: 'max-warnings', type: 'string', group: 'Exit code', value: '<n>', description: 'exit `1` when there are more than `n` unsuppressed warnings' },
  {
    name: 'soft-fail',
    type: 'boolean',
    group: 'Exit code',
    description: 'report findings but exit `0` for them; an incomplete scan or a usage error still exits `2`',
  },
  {
    name: 'allow-parse-errors',
    type: 'boolean',
    group: 'Exit code',
    description: 'a `parse-error` (a file or unit that could not be analysed) is still reported but neither exits `2` nor counts as a finding',
  },
  {
    name: 'config',
    short: 'c',
    type: 'string',
    group: 'Rules and configuration',
    value: '<file>',
    description:
      'configuration file (default: the nearest `credlint.config.json`, `.credlintrc.json`, `.credlintrc.yaml` or `.credlintrc.yml` from the current directory up to the repository root)',
  },
  {
    name: 'rule',
    type: 'string',
    multiple: true,
    group: 'Rules and configuration',
    value: "'<id>: <level>'",
    description: "set a rule's level over the configuration, e.g. `--rule 'multiple-active-access-keys: off'` (repeatable; levels as in the configuration)",
  },
  {
    name: 'list-rules',
    type: 'boolean',
    cdkApp: false,
    group: 'Rules and configuration',
    description: 'list the rules (id, title, severity, CIS controls, formats) and exit; `--format json` for JSON',
  },
  {
    name: 'print-config',
    type: 'string',
    cdkApp: false,
    group: 'Rules and configuration',
    value: '<file>',
    description: 'print, as JSON, the configuration that applies to a file (config file found, rules, ignore patterns, variables, parameters) and exit',
  },
  {
    name: 'report-unknown',
    type: 'boolean',
    group: 'Rules and configuration',
    description: 'report, as warnings, what could not be decided because a value was unknown',
  },
  {
    name: 'report-unused-suppressions',
    type: 'boolean',
    group: 'Rules and configuration',
    description: 'report `credlint-ignore` comments that suppress nothing',
  },
  {
    name: 'baseline',
    type: 'string',
    group: 'Rules and configuration',
    value: '<file>',
    description: 'findings recorded in the baseline are marked suppressed and do not fail the run',
  },
  {
    name: 'write-baseline',
    type: 'string',
    cdkApp: false,
    group: 'Rules and configuration',
    value: '<file>',
    description: 'record the current findings as a baseline (see Baselines)',
  },
  {
    name: 'prune-baseline',
    type: 'boolean',
    cdkApp: false,
    group: 'Rules and configuration',
    description: 'rewrite the `--baseline` file without its stale entries (findings no longer found)',
  },
  {
    name: 'var',
    type: 'string',
    multiple: true,
    cdkApp: false,
    group: 'Terraform and CloudFormation inputs',
    value: '<name>=<value>',
    description: 'set a Terraform root variable (repeatable; like `terraform plan -var`)',
  },
  {
    name: 'var-file',
    type: 'string',
    multiple: true,
    cdkApp: false,
    group: 'Terraform and CloudFormation inputs',
    value: '<file>',
    description: 'read Terraform variables from a `.tfvars`/`.tfvars.json` file (repeatable)',
  },
  {
    name: 'parameter',
    type: 'string',
    multiple: true,
    group: 'Terraform and CloudFormation inputs',
    value: '<Key>=<Value>',
    description: 'set a CloudFormation parameter (repeatable)',
  },
  {
    name: 'ignore-pattern',
    type: 'string',
    multiple: true,
    group: 'Files and limits',
    value: '<pattern>',
    description:
      "do not scan files matching this pattern (`.gitignore` syntax, relative to the current directory; repeatable), beside the configuration's `ignore`, e.g. `--ignore-pattern 'examples/**'`",
  },
  {
    name: 'no-ignore',
    type: 'boolean',
    group: 'Files and limits',
    description: "do not honour `.gitignore` files, the configuration's `ignore` patterns nor `--ignore-pattern`",
  },
  {
    name: 'no-prefilter',
    type: 'boolean',
    group: 'Files and limits',
    description: 'parse every candidate file, even those whose deployment unit declares no access key (and so cannot produce a finding)',
  },
  {
    name: 'max-file-size',
    type: 'string',
    group: 'Files and limits',
    value: '<n>',
    description: 'largest file analysed, in bytes (`k`/`m` suffixes); default `10m`',
  },
  {
    name: 'limit',
    type: 'string',
    multiple: true,
    group: 'Files and limits',
    value: '<name>=<n>',
    description: 'change an analysis budget, e.g. `--limit scanSeconds=60` (repeatable; see Limits)',
  },
  {
    name: 'verbose',
    type: 'boolean',
    group: 'Diagnostics',
    description: 'list on standard error the files scanned, the files skipped and why, and the time each phase took',
  },
  { name: 'debug', type: 'boolean', group: 'Diagnostics', description: 'what `--verbose` prints, and the stack traces of internal errors' },
  { name: 'help', short: 'h', type: 'boolean', group: 'Information', description: 'show this help' },
  { name: 'version', short: 'v', type: 'boolean', cdkApp: false, group: 'Information', description: 'show the version' },
];

/** The option's flags as written on the command line, e.g. `-f, --format <name>`. */
export function optionSynopsis(option: OptionDefinition): string {
  const long = `--${option.name}${option.value === undefined ? '' : ` ${option.value}`}`;
  return option.short === undefined ? long : `-${option.short}, ${long}`;
}
