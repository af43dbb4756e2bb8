import path from 'node:path';
import { boundedMessage, type Diagnostic } from '../core/diagnostic.js';
import { FileReader } from '../io/file-reader.js';
import { DEFAULT_MAX_FILE_BYTES } from '../io/read-source.js';
import { findGitRoot } from '../io/repository-root.js';
import { configProblems, type RuleSetting } from './rule-settings.js';
import { countJsonNodes, countYamlNodes, jsonNestingPast, yamlNestingPast } from '../core/count-structure.js';
import { LineIndex, loneCarriageReturnsAsLineFeeds } from '../core/source-text.js';
import { yamlLibrary } from '../core/yaml-library.js';
import { jsonSyntaxProblem } from '../core/json-tree.js';

/**
 * `credlint.config.json` or `.credlintrc.{json,yaml,yml}`. JSON and YAML only: scanning a pull request
 * must never execute its code (README, "Configuration"), so there is no JavaScript config.
 */
export interface CredlintConfig {
  /** The file the configuration came from; relative paths in it are relative to its directory. */
  readonly file: string;
  /** The directory relative paths in it resolve from: the config file's. */
  readonly base: string;
  readonly rules: Readonly<Record<string, RuleSetting>>;
  /** Globs (gitignore syntax) of paths not to scan, relative to the config file's directory. */
  readonly ignore: readonly string[];
  /** Absolute paths. */
  readonly varFiles: readonly string[];
  readonly vars: readonly (readonly [string, string])[];
  readonly parameters: Readonly<Record<string, string>>;
}

/** A configuration as written in a config file (`schema/credlint.config.schema.json` describes it). */
export interface ConfigObject {
  readonly $schema?: string;
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  readonly ignore?: readonly string[];
  readonly varFiles?: readonly string[];
  readonly vars?: Readonly<Record<string, string | number | boolean>>;
  readonly parameters?: Readonly<Record<string, string | number | boolean>>;
}

export const CONFIG_FILE_NAMES = ['credlint.config.json', '.credlintrc.json', '.credlintrc.yaml', '.credlintrc.yml'];

export class ConfigError extends Error {}

/** A config file the reader refused (a symlink leading outside the repository, a device): not read. */
export class ConfigRefused extends ConfigError {
  constructor(
    readonly diagnostic: Diagnostic,
    shown: string,
  ) {
    super(`${shown}: ${diagnostic.message}`);
  }
}

/**
 * The nearest config file from `cwd` up to `stopAt` (default: the git repository root of `cwd`, else
 * `cwd` itself), if any: where the CLI looks when `--config` is not given. Whether a candidate is there
 * is asked through the repository's door (`FileReader.exists`, the CLI passes the scan's reader): a
 * candidate leading outside the repository counts as there whatever the machine holds, so that reading
 * it then refuses it with a note. `existsSync` follows links: a committed `credlint.config.json` linked
 * to an absent file outside was passed over and the search went on to a parent's config, one linked to
 * a present file was a note, so the outcome told whether any path on the CI machine exists
 * (docs/security.md, "What credlint reads"). A directory holding two of the names is a ConfigError.
 */
export function findConfigFile(cwd: string = process.cwd(), stopAt?: string, exists?: (file: string) => boolean): string | undefined {
  let dir = path.resolve(cwd);
  const stop = path.resolve(stopAt ?? findGitRoot(dir) ?? dir);
  let present = exists;
  if (present === undefined) {
    const reader = new FileReader([stop], DEFAULT_MAX_FILE_BYTES);
    present = (file) => reader.exists(file);
  }
  for (;;) {
    const found = CONFIG_FILE_NAMES.filter((name) => present(path.join(dir, name)));
    if (found.length > 1) throw new ConfigError(twoConfigFiles(path.relative(path.resolve(cwd), dir), found));
    if (found[0] !== undefined) return path.join(dir, found[0]);
    const parent = path.dirname(dir);
    if (dir === stop || parent === dir || path.relative(stop, dir).startsWith('..')) return undefined;
    dir = parent;
  }
}

/**
 * Two configuration files side by side are refused rather than one of them read: a pull request that
 * adds an empty `credlint.config.json` beside the repository's `.credlintrc.yaml` would otherwise
 * replace it without touching it (its `vars`, `varFiles`, `parameters` and rule levels gone; a key that
 * needed its `vars` to be found passed with exit 0).
 */
function twoConfigFiles(dir: string, names: readonly string[]): string {
  const where = dir === '' ? 'the current directory' : dir;
  return `${where} holds ${String(names.length)} configuration files (${names.join(', ')}); credlint reads one: remove the others, or name one with --config`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function scalarText(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

const JSON_NAME = /\.json$/i;
const YAML_NAME = /\.ya?ml$/i;

/**
 * The parsed content of a config file: JSON for `.json`, YAML for `.yaml`/`.yml`; any other name is
 * refused, since credlint never runs a JavaScript config (README, "Configuration"). A JSON syntax
 * error names its line and column.
 */
function parseConfigText(file: string, text: string, fail: (problem: string) => never): unknown {
  if (JSON_NAME.test(file)) {
    const deep = jsonNestingPast(text, MAX_CONFIG_DEPTH);
    if (deep !== undefined) {
      const where = new LineIndex(text).position(deep);
      return fail(`nested deeper than ${MAX_CONFIG_DEPTH} levels at line ${where.line}, column ${where.column} (a configuration needs at most 4)`);
    }
    const size = countJsonNodes(text, MAX_CONFIG_JSON_NODES);
    if (!size.within) {
      const where = new LineIndex(text).position(size.offset);
      return fail(`more than ${MAX_CONFIG_JSON_NODES} JSON nodes, at line ${where.line}, column ${where.column}; it is not parsed`);
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      return fail(jsonSyntaxProblem(text, error instanceof Error ? error.message : String(error)));
    }
  }
  if (YAML_NAME.test(file)) {
    // Lone CRs made line feeds before the nesting scan too, so that it measures the lines the parser reads
    // (same length: positions hold).
    const yamlText = loneCarriageReturnsAsLineFeeds(text);
    const deep = yamlNestingPast(yamlText, MAX_CONFIG_DEPTH);
    if (deep !== undefined) {
      const where = new LineIndex(yamlText).position(deep);
      return fail(`nested deeper than ${MAX_CONFIG_DEPTH} levels at line ${where.line}, column ${where.column} (a configuration needs at most 4)`);
    }
    const size = countYamlNodes(yamlText, MAX_CONFIG_YAML_NODES);
    if (!size.within) {
      const where = new LineIndex(yamlText).position(size.offset);
      return fail(`more than ${MAX_CONFIG_YAML_NODES} YAML nodes, at line ${where.line}, column ${where.column}; it is not parsed`);
    }
    try {
      // yaml is loaded only for a YAML config: startup time matters for pre-commit.
      return yamlLibrary().parse(yamlText, { maxAliasCount: 10 }) as unknown;
    } catch (error) {
      // yaml's first line ends "at line 2, column 1:", the colon introducing the code frame left out here.
      const first = error instanceof Error ? (error.message.split('\n')[0] ?? '').replace(/:\s*$/, '') : '';
      return fail(`YAML syntax error: ${first === '' ? 'syntax error' : first}`);
    }
  }
  return fail(
    `a configuration file is JSON (.json) or YAML (.yaml, .yml), and credlint tells them apart by the file name; rename it, e.g. to credlint.config.json or .credlintrc.yaml (a JavaScript config is never run)`,
  );
}

/**
 * How deep a configuration may nest. Its deepest value, a rule's option, is four levels down; deeper
 * content is refused before it is checked, so that checking it and quoting it in an error cannot
 * exhaust the stack (a config file is repository content: docs/security.md).
 */
const MAX_CONFIG_DEPTH = 32;

/**
 * How many nodes a configuration may hold, counted before a parser builds its tree. YAML is counted as
 * templates are (`countYamlNodes`, which errs high: three per line); the yaml package builds some
 * kilobyte per node and is slower than linear: 9 MB of `ignore: [a,a,…]` took 196 s and 4 GB before any
 * check of its content ran. A configuration of 5,000 ignore patterns and thousands of `vars` stays far
 * below it.
 */
const MAX_CONFIG_YAML_NODES = 100_000;

/**
 * JSON is counted by its brackets, commas and colons (`countJsonNodes`: two per `vars` entry). The
 * platform parses it quickly, but checking it against the schema did not: 9 MB of `vars` (700,000
 * names) took 7 s, 8.7 MB of nested arrays 8 s and 1 GB. A quarter million nodes take well under a
 * second and leave room for 100,000 `vars`, which a scan reports as twenty warnings and a count.
 */
const MAX_CONFIG_JSON_NODES = 250_000;

/** Where a configuration object nests deeper than `max` (`vars.x`), or undefined; iterative, and ends on a cycle (an API object). */
function nestingPast(raw: unknown, max: number): string | undefined {
  const pending: { readonly value: unknown; readonly path: string; readonly depth: number }[] = [{ value: raw, path: '', depth: 0 }];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    const { value, path: at, depth } = item;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= max) return at;
    for (const [key, child] of Object.entries(value)) {
      pending.push({ value: child, path: Array.isArray(value) ? `${at}[${key}]` : at === '' ? key : `${at}.${key}`, depth: depth + 1 });
    }
  }
  return undefined;
}

/**
 * What `loadConfigFile` asks of the scan's `FileReader` (io/file-reader.ts), spelled out here so that
 * the published declarations of `loadConfig` (README, "Programmatic API") stop short of the reader's,
 * which name Node's `Buffer`: a user's `tsc` without Node's types (TypeScript 6 includes none unless
 * `types` names them) would otherwise fail inside credlint's declarations.
 */
export interface ConfigFileReader {
  readSource(
    file: string,
    options: { readonly trusted: boolean },
  ): { readonly ok: true; readonly text: string } | { readonly ok: false; readonly diagnostic: Diagnostic };
}

/**
 * Reads and validates a config file through `reader` (`trusted` when the person running credlint
 * wrote its path: `--config`). Throws ConfigRefused when the reader refuses it, else ConfigError with a
 * message naming the file, the problem and its fix. The content is checked against the published
 * schema (`schema/credlint.config.schema.json`), so an editor and credlint agree on what is valid.
 */
export function loadConfigFile(file: string, reader: ConfigFileReader, options: { readonly trusted?: boolean; readonly shown?: string } = {}): CredlintConfig {
  // Named in messages as `shown` (the CLI: relative to the current directory): a config file found in
  // the repository is the pull request's, and its error must not print the CI machine's absolute path.
  const shown = options.shown ?? file;
  const fail = (problem: string): never => {
    throw new ConfigError(`invalid configuration ${shown}: ${boundedMessage(problem)}`);
  };
  if (!JSON_NAME.test(file) && !YAML_NAME.test(file)) parseConfigText(file, '', fail);
  const read = reader.readSource(file, { trusted: options.trusted ?? false });
  if (!read.ok) {
    if (read.diagnostic.kind === 'note') throw new ConfigRefused(read.diagnostic, shown);
    return fail(read.diagnostic.message);
  }
  let raw = parseConfigText(file, read.text, fail);
  if (raw === null || raw === undefined) raw = {};
  return configFromObject(raw, path.dirname(file), file, fail);
}

/**
 * The API's config loader: reads `file` (resolved from `cwd`, default the current directory) as the
 * CLI reads `--config`, a path the caller chose, and returns the checked configuration for
 * `lint({ config })`. Throws ConfigError naming the problem and its fix.
 */
export function loadConfig(file: string, options: { readonly cwd?: string; readonly maxFileBytes?: number } = {}): CredlintConfig {
  const absolute = path.resolve(options.cwd ?? process.cwd(), file);
  return loadConfigFile(absolute, new FileReader([path.dirname(absolute)], options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES), { trusted: true });
}

/**
 * A configuration object (a config file's content, or the API's `config` option) checked and
 * resolved: relative `varFiles` are resolved from `base`. Throws ConfigError naming each problem.
 */
export function configFromObject(
  raw: unknown,
  base: string,
  file: string,
  fail: (problem: string) => never = (problem) => {
    throw new ConfigError(`invalid configuration: ${problem}`);
  },
): CredlintConfig {
  const deep = nestingPast(raw, MAX_CONFIG_DEPTH);
  if (deep !== undefined) fail(`nested deeper than ${MAX_CONFIG_DEPTH} levels under "${deep.split(/[.[]/)[0] ?? ''}" (a configuration needs at most 4)`);
  const problems = configProblems(raw);
  if (problems.length > 0) fail(problems.join('; '));
  if (!isRecord(raw)) return fail('the top level must be an object');
  const rules = (raw['rules'] ?? {}) as Record<string, RuleSetting>;
  const stringList = (key: string): string[] => (raw[key] ?? []) as string[];
  const scalarMap = (key: string): [string, string][] => Object.entries((raw[key] ?? {}) as Record<string, unknown>).map(([name, v]) => [name, scalarText(v)]);
  return {
    file,
    base,
    rules,
    ignore: stringList('ignore'),
    varFiles: stringList('varFiles').map((f) => path.resolve(base, f)),
    vars: scalarMap('vars'),
    parameters: Object.fromEntries(scalarMap('parameters')),
  };
}
