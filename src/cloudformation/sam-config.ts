/**
 * Parameter values that `sam deploy` gives a template from the SAM CLI configuration file beside it.
 *
 * SAM CLI reads `samconfig.toml` (else `samconfig.yaml`, else `samconfig.yml`) from the project
 * directory; without `--config-env` it uses the `default` environment, and for `sam deploy` the
 * `[default.deploy.parameters]` table over `[default.global.parameters]` (a key of the command's table
 * wins). Its `parameter_overrides` (a string `Key=Value Key2="a value"`, or a list of such strings)
 * are the stack's parameter values; its `template_file`, relative to the configuration file's
 * directory, names the template, else `template.yaml`, `template.yml` or `template.json` there.
 * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-sam-cli-config.html
 * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-cli-command-reference-sam-deploy.html
 *
 * Only the `default` environment is read: it is what `sam deploy` deploys unless told otherwise, and
 * another environment's values would be a guess. A file that cannot be read, or whose
 * `parameter_overrides` this reader does not understand (`file://`, a form SAM CLI would reject), is
 * not applied at all, with a note: half of its values could decide a finding the other half undoes.
 * Files are looked for in the template's directory and its ancestors inside the repository, and read
 * through the door (`io/file-reader.ts`): a configuration file that leads outside is not read.
 */
import path from 'node:path';
import type { Diagnostic } from '../core/diagnostic.js';
import { note, parseError } from '../core/diagnostic.js';
import { FILE_START, range } from '../core/location.js';
import { yamlLibrary } from '../core/yaml-library.js';
import { countYamlNodes, yamlNestingPast } from '../core/count-structure.js';
import { DEFAULT_LIMITS, limitReached, type Limits } from '../core/limits.js';
import { LineIndex, loneCarriageReturnsAsLineFeeds } from '../core/source-text.js';
import type { FileReader } from '../io/file-reader.js';
import type { TomlTable, TomlValue } from './sam-config-toml.js';
import { parseToml } from './sam-config-toml.js';
import { SAM_CONFIG_NAMES } from './sam-config-names.js';

/** The template `sam deploy` deploys when the configuration names none, in SAM CLI's order. */
const DEFAULT_TEMPLATES = ['template.yaml', 'template.yml', 'template.json'];
/** Nesting a YAML configuration may have, as for `samconfig.toml`'s arrays (a valid one needs 4). */
const MAX_NESTING = 32;
const ENVIRONMENT = 'default';

export interface SamParameters {
  readonly values: ReadonlyMap<string, string>;
  /** The configuration file, for messages (`samconfig.toml`). */
  readonly by: string;
}

interface ReadConfig {
  readonly file: string;
  /** The real path of the template it deploys, or undefined when none exists. */
  readonly template: string | undefined;
  readonly values: ReadonlyMap<string, string> | undefined;
}

/** The configuration files of one scan, each read once; its diagnostics are reported once each. */
export class SamConfigs {
  private readonly byDirectory = new Map<string, ReadConfig | null>();

  constructor(
    private readonly reader: FileReader,
    private readonly report: (diagnostic: Diagnostic) => void,
    private readonly limits: Limits = DEFAULT_LIMITS,
  ) {}

  /** The parameter values the nearest configuration file that deploys `templateFile` gives it, if any. */
  parametersFor(templateFile: string): SamParameters | undefined {
    const config = this.deployedBy(templateFile);
    return config?.values && { values: config.values, by: path.basename(config.file) };
  }

  /**
   * Whether a SAM configuration file deploys `templateFile` (`sam deploy` runs it as a stack of its own),
   * so that another template nesting it does not make it a nested stack only.
   */
  deploys(templateFile: string): boolean {
    return this.deployedBy(templateFile) !== undefined;
  }

  private deployedBy(templateFile: string): ReadConfig | undefined {
    const template = this.reader.resolveNamed(templateFile, path.basename(templateFile));
    if (template.kind !== 'real') return undefined;
    let dir = path.dirname(path.resolve(templateFile));
    for (;;) {
      const config = this.configIn(dir, templateFile);
      if (config?.template === template.real) return config;
      const parent = path.dirname(dir);
      if (parent === dir || !this.reader.isLexicallyInside(path.join(parent, 'samconfig.toml'))) return undefined;
      dir = parent;
    }
  }

  private configIn(dir: string, templateFile: string): ReadConfig | undefined {
    let config = this.byDirectory.get(dir);
    if (config === undefined) {
      config = this.read(dir, templateFile) ?? null;
      this.byDirectory.set(dir, config);
    }
    return config ?? undefined;
  }

  private read(dir: string, templateFile: string): ReadConfig | undefined {
    const from = path.relative(path.dirname(path.resolve(templateFile)), dir);
    for (const name of SAM_CONFIG_NAMES) {
      const file = path.join(dir, name);
      const resolution = this.reader.resolveNamed(templateFile, path.join(from, name));
      if (resolution.kind === 'error') continue;
      if (resolution.kind === 'outside') {
        this.report(note({ file, range: FILE_START }, `${name} leads outside the repository being scanned; not read`));
        return undefined;
      }
      const read = this.reader.readSource(resolution.real);
      if (!read.ok) {
        this.report({ ...read.diagnostic, location: { ...read.diagnostic.location, file } });
        return undefined;
      }
      const tables = this.tables(file, name, read.text);
      if (tables === undefined) return undefined;
      const setting = (key: string) => tables.deploy?.get(key) ?? tables.global?.get(key);
      return { file, template: this.templateOf(file, setting('template_file')), values: this.overrides(file, name, read.text, setting('parameter_overrides')) };
    }
    return undefined;
  }

  /** The `deploy` and `global` parameter tables of the default environment (TOML and YAML alike). */
  private tables(file: string, name: string, text: string): { deploy: TomlTable | undefined; global: TomlTable | undefined } | undefined {
    const root = name.endsWith('.toml') ? this.toml(file, name, text) : this.yaml(file, name, text);
    if (root === undefined) return undefined;
    const environment = table(root.get(ENVIRONMENT));
    const parameters = (command: string) => table(table(environment?.get(command))?.get('parameters'));
    if (environment === undefined) this.otherEnvironments(file, name, root);
    return { deploy: parameters('deploy'), global: parameters('global') };
  }

  /**
   * A file without a `default` environment deploys only with `--config-env`: the environments whose
   * commands set parameter overrides are named in a note, since the template's parameters then keep
   * their defaults here, which none of those deployments may use.
   */
  private otherEnvironments(file: string, name: string, root: TomlTable): void {
    const overriding = [...root]
      .filter(([, environment]) =>
        [...(table(environment)?.values() ?? [])].some((command) => table(table(command)?.get('parameters'))?.has('parameter_overrides')),
      )
      .map(([key]) => key);
    if (overriding.length === 0) return;
    const shown = overriding.slice(0, 5).map((key) => JSON.stringify(key.length > 40 ? `${key.slice(0, 37)}...` : key));
    const more = overriding.length > shown.length ? ` and ${String(overriding.length - shown.length)} more` : '';
    this.report(
      note(
        { file, range: FILE_START },
        `${name} has no ${ENVIRONMENT} environment; the parameter overrides of ${shown.join(', ')}${more} (sam deploy --config-env) are not applied: the template's parameters keep their defaults`,
      ),
    );
  }

  private toml(file: string, name: string, text: string): TomlTable | undefined {
    const parsed = parseToml(text, this.limits.parseNodes);
    if (parsed.ok) return parsed.root;
    const at = { file, range: range(parsed.line, parsed.column, parsed.line, parsed.column) };
    if (parsed.kind === 'too large')
      this.report(limitReached(at, 'parseNodes', this.limits, `${name} has too many TOML nodes to read; its parameter overrides are not applied`));
    else if (parsed.kind === 'invalid') this.report(parseError(at, `invalid TOML: ${parsed.message}`));
    else this.report(note(at, `${name}: ${parsed.message} by credlint; its parameter overrides are not applied`));
    return undefined;
  }

  private yaml(file: string, name: string, written: string): TomlTable | undefined {
    // Checked before the yaml package builds its tree, as a template is (parse-yaml-template.ts): the tree
    // costs some kilobyte per node and the parser recurses into every level. A 9 MB samconfig.yaml of
    // `x: [1,1,…]` took 132 s and 4.3 GB, and deep brackets exhausted the parser's stack.
    const text = loneCarriageReturnsAsLineFeeds(written);
    const at = (offset: number) => {
      const where = new LineIndex(text).position(offset);
      return { file, range: range(where.line, where.column, where.line, where.column) };
    };
    const size = countYamlNodes(text, this.limits.parseNodes);
    if (!size.within) {
      this.report(
        limitReached(at(size.offset), 'parseNodes', this.limits, `${name} has too many YAML nodes to parse; its parameter overrides are not applied`),
      );
      return undefined;
    }
    const deep = yamlNestingPast(text, MAX_NESTING);
    if (deep !== undefined) {
      this.report(parseError(at(deep), `invalid YAML: nesting deeper than ${MAX_NESTING} levels`));
      return undefined;
    }
    const { parseDocument } = yamlLibrary();
    const document = parseDocument(text, { uniqueKeys: true });
    const error = document.errors[0];
    if (error) {
      const [line, column] = [error.linePos?.[0].line ?? 1, error.linePos?.[0].col ?? 1];
      this.report(parseError({ file, range: range(line, column, line, column) }, `invalid YAML: ${error.message.split('\n')[0] ?? ''}`));
      return undefined;
    }
    const converted = fromYaml(document.toJS({ maxAliasCount: 100 }) as unknown, 0);
    if (converted instanceof Map) return converted;
    this.report(note({ file, range: FILE_START }, `${name} is not a map of environments; not read`));
    return undefined;
  }

  private templateOf(file: string, written: TomlValue | undefined): string | undefined {
    const candidates = typeof written === 'string' ? [written] : DEFAULT_TEMPLATES;
    for (const candidate of candidates) {
      const resolution = this.reader.resolveNamed(file, candidate);
      if (resolution.kind === 'real') return resolution.real;
    }
    return undefined;
  }

  private overrides(file: string, name: string, text: string, written: TomlValue | undefined): ReadonlyMap<string, string> | undefined {
    if (written === undefined) return new Map();
    const strings = typeof written === 'string' ? [written] : Array.isArray(written) && written.every((w) => typeof w === 'string') ? written : [];
    const values = new Map<string, string>();
    let understood = typeof written === 'string' || strings.length > 0 || (Array.isArray(written) && written.length === 0);
    for (const one of strings) {
      // An empty string sets nothing (SAM CLI: an empty tuple of overrides).
      const parsed = one.trim() === '' ? new Map<string, string>() : parseParameterOverrides(one);
      if (parsed === undefined) understood = false;
      for (const [key, value] of parsed ?? []) values.set(key, value);
    }
    if (understood) return values;
    // Where the key is written, for the note (found again in the text: the readers keep no positions).
    const offset = Math.max(0, text.indexOf('parameter_overrides'));
    const line = text.slice(0, offset).split('\n').length;
    this.report(
      note(
        { file, range: range(line, 1, line, 1) },
        `${name}: parameter_overrides of the ${ENVIRONMENT} environment is not a list of Key=Value pairs credlint reads; its parameter overrides are not applied`,
      ),
    );
    return undefined;
  }
}

function table(value: TomlValue | undefined): TomlTable | undefined {
  return value instanceof Map ? value : undefined;
}

/** A parsed YAML value as the TOML reader's values; other scalars (null, dates) are dropped. */
function fromYaml(value: unknown, depth: number): TomlValue | undefined {
  if (depth > 32) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.flatMap((item) => fromYaml(item, depth + 1) ?? []);
  if (typeof value !== 'object' || value === null) return undefined;
  const result: TomlTable = new Map();
  for (const [key, item] of Object.entries(value)) {
    const converted = fromYaml(item, depth + 1);
    if (converted !== undefined) result.set(key, converted);
  }
  return result;
}

/**
 * `Key=Value Key2="a value"` or `ParameterKey=Key,ParameterValue=Value ...` as SAM CLI reads a
 * `parameter_overrides` string (`CfnParameterOverridesType` in aws-sam-cli's `samcli/cli/types.py`):
 * pairs apart by white space, a key of letters and digits, a value either double-quoted (a backslash
 * escapes the next character) or a run without spaces or quotes (`\ ` is a space); the quotes around a
 * value are removed, then `\ ` and `\"` stand for a space and a quote. Undefined for anything else
 * (SAM CLI refuses what holds no pair, and would skip text between pairs: credlint does not guess).
 */
export function parseParameterOverrides(text: string): Map<string, string> | undefined {
  const values = new Map<string, string>();
  let at = 0;
  const skipSpace = () => {
    while (at < text.length && /\s/.test(text[at] as string)) at++;
  };
  const word = () => {
    const start = at;
    while (at < text.length && /[A-Za-z0-9"]/.test(text[at] as string)) at++;
    return text.slice(start, at);
  };
  const value = (): string | undefined => {
    const start = at;
    if (text[at] === '"') {
      at++;
      while (at < text.length && text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
      if (at >= text.length) return undefined;
      at++;
    } else {
      while (at < text.length && text[at] !== '"' && !/\s/.test(text[at] as string)) at += text[at] === '\\' ? 2 : 1;
    }
    if (at === start || at > text.length || (at < text.length && !/\s/.test(text[at] as string))) return undefined;
    return text.slice(start, at);
  };
  skipSpace();
  while (at < text.length) {
    let key: string;
    if (text.startsWith('ParameterKey=', at)) {
      at += 'ParameterKey='.length;
      key = word();
      if (!text.startsWith(',ParameterValue=', at)) return undefined;
      at += ',ParameterValue='.length;
    } else {
      key = word();
      if (text[at] !== '=') return undefined;
      at++;
    }
    const raw = value();
    if (key === '' || raw === undefined) return undefined;
    values.set(unquote(key), unquote(raw));
    skipSpace();
  }
  return values.size > 0 ? values : undefined;
}

/** SAM CLI's `_unquote`: quotes around the whole value removed (all of them, as Python's `strip('"')`), then `\ ` and `\"`. */
function unquote(value: string): string {
  let [start, end] = [0, value.length];
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    while (start < end && value[start] === '"') start++;
    while (end > start && value[end - 1] === '"') end--;
  }
  const stripped = value.slice(start, end);
  return stripped.replaceAll('\\ ', ' ').replaceAll('\\"', '"');
}
