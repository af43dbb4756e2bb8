import { OPTION_GROUPS, OPTIONS, optionSynopsis, type OptionDefinition } from './option-definitions.js';
import { CDK_APP_USAGE } from './cdk-app-usage.js';
import { extensionMappings, registeredFormats } from './output-formats.js';

/** An option's description as the README shows it (Markdown), its placeholders filled. */
export function optionDescription(option: OptionDefinition): string {
  return option.description.replace('{formats}', registeredFormats()).replace('{extensions}', extensionMappings().join(', '));
}

const SYNOPSIS_WIDTH = 34;
const LINE_WIDTH = 110;

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

function helpLines(option: OptionDefinition): string[] {
  const synopsis = `  ${option.short === undefined ? '    ' : ''}${optionSynopsis(option)}`;
  const description = wrap(optionDescription(option).replaceAll('`', ''), LINE_WIDTH - SYNOPSIS_WIDTH);
  const indent = ' '.repeat(SYNOPSIS_WIDTH);
  const [first = '', ...rest] = description;
  const head = synopsis.length < SYNOPSIS_WIDTH - 1 ? [`${synopsis.padEnd(SYNOPSIS_WIDTH)}${first}`] : [synopsis, `${indent}${first}`];
  return [...head, ...rest.map((line) => `${indent}${line}`)];
}

/** `--help`: the options in the README's groups and order. */
export function helpText(): string {
  const groups = OPTION_GROUPS.map((group) => [`${group}:`, ...OPTIONS.filter((o) => o.group === group).flatMap(helpLines)].join('\n'));
  return `Usage: credlint [options] [paths...]
       ${CDK_APP_USAGE}

Finds risky AWS IAM user credentials (CIS AWS Foundations) in Terraform, CloudFormation and CDK code.
Paths default to the current directory. "credlint cdk-app --help" tells how to check every cdk synth.

${groups.join('\n\n')}

Exit codes: 0 no finding at or above --fail-level, 1 such findings, 2 the scan was incomplete
(a parse-error) or could not run (bad flag, configuration or path).
`;
}

/** `credlint cdk-app --help`: what the subcommand does, and the options it takes. */
export function cdkAppHelpText(): string {
  const groups = OPTION_GROUPS.flatMap((group) => {
    const options = OPTIONS.filter((o) => o.group === group && o.cdkApp !== false);
    return options.length === 0 ? [] : [[`${group}:`, ...options.flatMap(helpLines)].join('\n')];
  });
  return `Usage: ${CDK_APP_USAGE}

Checks every "cdk synth" and "cdk deploy" of a CDK app in any language. Write it in front of the app
command in cdk.json, e.g. "app": "npx credlint cdk-app -- python3 app.py". It runs the app command
unchanged; when the app fails, it exits with the app's status. When the app succeeds, it checks the
cloud assembly the app wrote to $CDK_OUTDIR as "credlint cdk.out" does, prints the findings on
standard error and exits 1 on a finding at or above --fail-level (2 when the check is incomplete),
which stops the CDK CLI.

${groups.join('\n\n')}
`;
}

/** The README's option table, one row per option, under a heading row per group. */
export function optionTableMarkdown(): string {
  const rows = OPTION_GROUPS.flatMap((group) => [
    `| **${group}** | |`,
    ...OPTIONS.filter((o) => o.group === group).map((o) => `| \`${optionSynopsis(o)}\` | ${optionDescription(o).replaceAll('|', '\\|')} |`),
  ]);
  return ['| option | meaning |', '|---|---|', ...rows].join('\n');
}
