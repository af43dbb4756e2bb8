import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../core/diagnostic.js';
import type { FileReader } from '../io/file-reader.js';
import { validateRuleSettings, type RuleSetting } from './rule-settings.js';
import { yamlLibrary } from '../core/yaml-library.js';

/**
 * `credlint.config.json` or `.credlintrc.{json,yaml,yml}`. JSON and YAML only: scanning a pull request
 * must never execute its code (README, "Configuration"), so there is no JavaScript config.
 */
export interface CredlintConfig {
  /** The file the configuration came from; relative paths in it are relative to its directory. */
  readonly file: string;
  readonly rules: Readonly<Record<string, RuleSetting>>;
  /** Globs (gitignore syntax) of paths not to scan, relative to the config file's directory. */
  readonly ignore: readonly string[];
  /** Absolute paths. */
  readonly varFiles: readonly string[];
  readonly vars: readonly (readonly [string, string])[];
  readonly parameters: Readonly<Record<string, string>>;
}

export const CONFIG_FILE_NAMES = ['credlint.config.json', '.credlintrc.json', '.credlintrc.yaml', '.credlintrc.yml'];

export class ConfigError extends Error {}

/** A config file the reader refused (a symlink leading outside the repository, a device): not read. */
export class ConfigRefused extends ConfigError {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

/** The nearest config file from `cwd` up to `stopAt` (the repository root), if any. */
export function findConfigFile(cwd: string, stopAt: string): string | undefined {
  let dir = path.resolve(cwd);
  const stop = path.resolve(stopAt);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = path.dirname(dir);
    if (dir === stop || parent === dir || path.relative(stop, dir).startsWith('..')) return undefined;
    dir = parent;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/**
 * Reads and validates a config file through `reader` (`trusted` when the person running credlint
 * wrote its path: `--config`). Throws ConfigRefused when the reader refuses it, else ConfigError with a
 * message naming the file and the problem.
 */
export function loadConfigFile(file: string, reader: FileReader, options: { readonly trusted?: boolean } = {}): CredlintConfig {
  const fail = (problem: string): never => {
    throw new ConfigError(`invalid configuration ${file}: ${problem}`);
  };
  const read = reader.readSource(file, { trusted: options.trusted ?? false });
  if (!read.ok) {
    if (read.diagnostic.kind === 'note') throw new ConfigRefused(read.diagnostic);
    return fail(read.diagnostic.message);
  }
  const text = read.text;
  let raw: unknown;
  try {
    // yaml is loaded only for a YAML config: startup time matters for pre-commit.
    raw = file.endsWith('.json') ? JSON.parse(text) : yamlLibrary().parse(text, { maxAliasCount: 10 });
  } catch (error) {
    return fail(error instanceof Error ? (error.message.split('\n')[0] ?? 'syntax error') : 'syntax error');
  }
  if (raw === null || raw === undefined) raw = {};
  if (!isRecord(raw)) return fail('the top level must be an object');
  const known = new Set(['rules', 'ignore', 'varFiles', 'vars', 'parameters']);
  for (const key of Object.keys(raw)) if (!known.has(key)) fail(`unknown key "${key}" (expected ${[...known].join(', ')})`);

  const rules = raw['rules'] ?? {};
  if (!isRecord(rules)) fail('"rules" must be an object of rule id to level');
  const problems = validateRuleSettings(rules as Record<string, unknown>);
  if (problems.length > 0) fail(problems.join('; '));

  const stringList = (key: string): string[] => {
    const value = raw[key] ?? [];
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return fail(`"${key}" must be a list of strings`);
    return value;
  };
  const scalarMap = (key: string): [string, string][] => {
    const value = raw[key] ?? {};
    if (!isRecord(value)) return fail(`"${key}" must be an object`);
    return Object.entries(value).map(([name, v]) => {
      const text = scalarText(v);
      return text === undefined ? fail(`"${key}.${name}" must be a string, number or boolean`) : [name, text];
    });
  };
  const base = path.dirname(file);
  return {
    file,
    rules: rules as Record<string, RuleSetting>,
    ignore: stringList('ignore'),
    varFiles: stringList('varFiles').map((f) => path.resolve(base, f)),
    vars: scalarMap('vars'),
    parameters: Object.fromEntries(scalarMap('parameters')),
  };
}
