import { lstatSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { didYouMean } from '../core/did-you-mean.js';
import { OPTIONS, type OptionDefinition } from './option-definitions.js';
import { UsageError } from './usage-error.js';

/** The command line, read against the option table (`option-definitions.ts`). */
export interface ParsedArguments {
  readonly positionals: readonly string[];
  /** The value of a single-valued string option, if given. */
  string(name: string): string | undefined;
  /** Every value of a repeatable option, in command-line order. */
  list(name: string): readonly string[];
  /** Whether a boolean option was given. */
  flag(name: string): boolean;
}

const PARSER_OPTIONS: NonNullable<ParseArgsConfig['options']> = Object.fromEntries(
  OPTIONS.map((o) => [o.name, { type: o.type, ...(o.short === undefined ? {} : { short: o.short }), ...(o.multiple ? { multiple: true } : {}) }]),
);

function definition(name: string): OptionDefinition | undefined {
  return OPTIONS.find((o) => o.name === name || o.short === name);
}

/**
 * Other scanners' flags for what to scan (Checkov's `-d`/`--directory`/`--file`, tflint's `--chdir` and
 * `--recursive`), which credlint takes as arguments: answered with how, rather than a near name.
 */
const PATH_FLAG_HABITS = new Set(['d', 'directory', 'file', 'chdir', 'recursive']);
const PATHS_ARE_ARGUMENTS = 'credlint takes the files and directories to scan as arguments, and walks directories recursively: credlint infra';

/**
 * Options that name a report: given twice, one report would be lost without a word (a second
 * report is `--output`). Any other single-valued option keeps its last value, so that a wrapper's
 * default can be overridden by the arguments passed after it (the GitHub action's `--fail-level`).
 */
const ONCE_ONLY = new Set(['format', 'output-file']);

/**
 * Mistakes `parseArgs` would let pass or word for itself: an unknown flag (with the nearest known
 * one), an option without its value, and a report option given twice.
 */
function checkTokens(argv: readonly string[]): void {
  const { tokens } = parseArgs({ args: [...argv], options: PARSER_OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    refuseFileNamedLikeOption(argv[token.index] ?? '');
    const option = definition(token.name);
    if (option === undefined) {
      if (PATH_FLAG_HABITS.has(token.name)) throw new UsageError(`unknown option ${token.rawName}; ${PATHS_ARE_ARGUMENTS}`);
      const suggestion = didYouMean(
        token.name,
        OPTIONS.map((o) => o.name),
      );
      throw new UsageError(`unknown option ${token.rawName}${suggestion === undefined ? '' : `; did you mean --${suggestion}?`}`);
    }
    // parseArgs would word this as "Option '-o, --output-file <value>' argument missing": named here
    // as --help writes the option, with its own placeholder.
    if (option.type === 'string' && token.value === undefined) {
      const usage = `${option.short === undefined ? '' : `-${option.short}, `}--${option.name} ${option.value ?? '<value>'}`;
      throw new UsageError(`${token.rawName} needs a value: ${usage}`);
    }
    if (ONCE_ONLY.has(option.name) && seen.has(option.name)) {
      const hint = option.name === 'format' ? ' (write further reports with --output <format>=<file>)' : '';
      throw new UsageError(`--${option.name} was given more than once${hint}`);
    }
    seen.add(option.name);
  }
}

/**
 * pre-commit, and scripts like `credlint $(git diff --name-only)`, pass the changed files' names as
 * arguments, and a pull request chooses those names: a file named `--write-baseline=a.json` at the
 * top of the repository would be an option that suppresses every finding (exit 0). An option argument
 * that also names an existing path is therefore refused (exit 2): credlint never guesses which it is.
 */
function refuseFileNamedLikeOption(argument: string): void {
  if (lstatSync(argument, { throwIfNoEntry: false }) === undefined) return;
  throw new UsageError(
    `argument ${argument} is an option and also a file in the current directory; credlint does not guess which (a changed file's name must not act as an option): write ./${argument} to scan the file, or rename it`,
  );
}

export function parseArguments(argv: readonly string[]): ParsedArguments {
  checkTokens(argv);
  const { values, positionals } = parseArgs({ args: [...argv], options: PARSER_OPTIONS, strict: true, allowPositionals: true });
  const value = (name: string): unknown => (values as Record<string, unknown>)[name];
  return {
    positionals,
    string: (name) => {
      const given = value(name);
      return typeof given === 'string' ? given : undefined;
    },
    list: (name) => {
      const given = value(name);
      return Array.isArray(given) ? given.filter((v): v is string => typeof v === 'string') : [];
    },
    flag: (name) => value(name) === true,
  };
}
