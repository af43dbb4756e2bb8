import type { Diagnostic } from '../core/diagnostic.js';
import type { Limits } from '../core/limits.js';
import type { ScanObserver } from '../core/scan-observer.js';
import { ConfigError, configFromObject, type ConfigObject, type CredlintConfig } from './load-config.js';
import { validateRuleSettings, type RuleSetting } from './rule-settings.js';
import { checkOptionShapes } from './api-option-shapes.js';

/** What `lint()` is asked to do (README, "Programmatic API"). */
export interface LintOptions {
  /** Files and directories to scan; default `.`. */
  readonly paths?: readonly string[];
  /** Output paths are relative to it; default `process.cwd()`. */
  readonly cwd?: string;
  readonly vars?: readonly (readonly [string, string])[];
  /**
   * Variables files (`--var-file`): paths the caller chose, trusted as written even outside the
   * repository (but one inside the repository may not lead out of it through a symlink).
   */
  readonly varFiles?: readonly string[];
  /**
   * Variables files named by a configuration file that belongs to the scanned repository (applied
   * before `varFiles`): repository content, read only when their real path is inside the repository.
   */
  readonly configVarFiles?: readonly string[];
  /**
   * The configuration file that names `configVarFiles`: an entry leading outside the repository is
   * noted there, by its place in the list (a note at the file itself named the CI machine's path);
   * without it, at the repository root.
   */
  readonly configFile?: string;
  /** Notes from before the scan (e.g. a configuration file that was refused), reported with its own. */
  readonly notes?: readonly Diagnostic[];
  readonly parameters?: Readonly<Record<string, string>>;
  /** Environment for `TF_VAR_*`; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Report findings that could not be decided because a value was unknown, as warnings. */
  readonly reportUnknown?: boolean;
  /** Skip inputs that cannot hold IAM credentials (default true). */
  readonly prefilter?: boolean;
  /** Do not honour `.gitignore` files, nor the `ignore` and `ignorePatterns` globs (`--no-ignore`). */
  readonly noIgnore?: boolean;
  /**
   * Scan a file argument with the units it belongs to: the root modules that call its Terraform module
   * and the templates that nest it (default true). `false` analyses each file's module directory or
   * template as a root of its own, as a tool judging one directory as a root module needs.
   */
  readonly unitContext?: boolean;
  readonly maxFileBytes?: number;
  /**
   * Rule id to level or `[level, options]`, as in a config file; applied over `config`'s. Checked like
   * a config file: an unknown rule or option, or a wrong type, rejects the call with a `ConfigError`.
   */
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  /**
   * A configuration: what `loadConfig(file)` returns, or an object of a config file's shape (checked
   * against the same schema; relative `varFiles` resolve from `cwd`). Its rules, ignore globs,
   * variables files, variables and parameters apply before the options of the same name.
   */
  readonly config?: CredlintConfig | ConfigObject;
  /** Globs (gitignore syntax) of files not to scan, relative to `base` (the config file's directory). */
  readonly ignore?: { readonly base: string; readonly patterns: readonly string[] };
  /**
   * More globs (gitignore syntax) of files not to scan, relative to `cwd` (`--ignore-pattern`, like
   * ESLint's `ignorePatterns`); applied beside `ignore` and `config`'s, and turned off with them by `noIgnore`.
   */
  readonly ignorePatterns?: readonly string[];
  /**
   * Set by the CLI, which found its configuration file from `cwd` up: `used` is that file (undefined
   * when there is none). Every other configuration file under the scanned paths then gets a note.
   */
  readonly configLookup?: { readonly used: string | undefined };
  /** Report valid suppressions that suppress nothing (`unused-suppression`). */
  readonly reportUnusedSuppressions?: boolean;
  /**
   * Fingerprints of known findings (`--baseline`): they are marked suppressed. With `entries` (the
   * baseline file's), a finding is matched only by an entry whose rule, file and address, where the
   * entry gives them, are the finding's (`src/suppress/baseline-match.ts`).
   */
  readonly baseline?: {
    readonly file: string;
    /** How suppressions name the file (`known finding in baseline <shown>`); default `file`. */
    readonly shown?: string;
    readonly fingerprints: ReadonlySet<string>;
    readonly entries?: readonly { readonly fingerprint: string; readonly rule?: string; readonly file?: string; readonly address?: string | null }[];
  };
  /** The date expiring suppressions are compared with; default now. */
  readonly now?: Date;
  /** Budgets that bound the scan (`--limit`); unset ones keep their defaults (docs/security.md). */
  readonly limits?: Partial<Limits>;
  /** Told of the scan's progress, phases and file decisions (the CLI's progress line and `--verbose`). */
  readonly observer?: ScanObserver;
}

/**
 * The options with their `config` applied and checked: rules, ignore globs, variables files, variables
 * and parameters of the config come first, the options' own after them (so they win). Throws
 * ConfigError for an invalid config or rules option.
 */
export function withConfig(options: LintOptions, cwd: string): LintOptions {
  checkOptionShapes(options as unknown as Readonly<Record<string, unknown>>);
  if (options.rules !== undefined) {
    const problems = validateRuleSettings(options.rules);
    if (problems.length > 0) throw new ConfigError(`invalid "rules" option: ${problems.join('; ')}`);
  }
  if (options.config === undefined) return options;
  const config = isLoadedConfig(options.config)
    ? options.config
    : configFromObject(options.config, cwd, 'the config option', (problem) => {
        throw new ConfigError(`invalid "config" option: ${problem}`);
      });
  if (isLoadedConfig(options.config)) {
    const problems = validateRuleSettings(config.rules);
    if (problems.length > 0) throw new ConfigError(`invalid configuration ${config.file}: ${problems.join('; ')}`);
  }
  return {
    ...options,
    rules: { ...config.rules, ...options.rules },
    ...(config.ignore.length > 0 && options.ignore === undefined ? { ignore: { base: config.base, patterns: config.ignore } } : {}),
    varFiles: [...config.varFiles, ...(options.varFiles ?? [])],
    vars: [...config.vars, ...(options.vars ?? [])],
    parameters: { ...config.parameters, ...options.parameters },
  };
}

function isLoadedConfig(config: CredlintConfig | ConfigObject): config is CredlintConfig {
  return typeof (config as { file?: unknown }).file === 'string';
}
