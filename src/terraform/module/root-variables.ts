/**
 * Values of a root module's input variables, gathered with Terraform's precedence, lowest first
 * (https://developer.hashicorp.com/terraform/language/values/variables#variable-definition-precedence):
 * `TF_VAR_name` environment variables, `terraform.tfvars`, `terraform.tfvars.json`, `*.auto.tfvars`
 * and `*.auto.tfvars.json` in lexical order, then `-var-file` and `-var` options. A later source
 * replaces an earlier value entirely.
 */
import { readdirSync, type Dirent } from 'node:fs';
import { basename, join } from 'node:path';
import { appendAll } from '../../core/append-all.js';
import { countJsonNodes } from '../../core/count-structure.js';
import type { Deadline } from '../../core/deadline.js';
import { DEFAULT_LIMITS, limitReached, type Limits } from '../../core/limits.js';
import type { Diagnostic } from '../../core/diagnostic.js';
import { note, parseError } from '../../core/diagnostic.js';
import { firstAndCounted } from '../../core/diagnostics-per-file.js';
import { jsonRange, jsonValue, parseJsonTree, type JsonNode } from '../../core/json-tree.js';
import { FILE_START, range } from '../../core/location.js';
import { LineIndex } from '../../core/source-text.js';
import { linkLeadingOut, type FileReader } from '../../io/file-reader.js';
import { compareStrings } from '../expr/convert.js';
import { EvaluationError, Unknown, type TfValue } from '../expr/value.js';
import { isExactDecimal } from '../expr/exact-number.js';
import { parseHclArguments } from '../parse-hcl.js';
import { evaluate, literalJson, notConstant, parseExpression, type EvalScope } from './expr-api.js';
import type { ModuleConfig } from './module-config.js';

/** Variable definitions files are constant: they cannot refer to anything. */
const CONSTANT_SCOPE: EvalScope = {
  resolve: () => new EvaluationError('variable values cannot refer to other values'),
};

export interface RootVariableOptions {
  readonly vars: readonly (readonly [string, string])[];
  /** Named by a configuration file in the repository: read only inside it. */
  readonly repositoryVarFiles: readonly string[];
  /** The configuration file naming them: one leading out of the repository is noted there, by its place. */
  readonly repositoryVarFilesNamedBy?: string;
  /** `--var-file`: trusted as written (`FileReader`). */
  readonly varFiles: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Every variables file is read through it: automatically loaded ones and those a configuration file
   * names only inside the repository; `--var-file`s as written.
   */
  readonly reader: FileReader;
  /** The scan's budgets (`parseNodes` bounds a JSON variables file before its tree is built); default ones without. */
  readonly limits?: Limits;
  /** The scan deadline, checked before each variables file. */
  readonly deadline?: Deadline;
}

/**
 * `-var` and `TF_VAR_` values are raw strings. Terraform takes one as written when the variable has no
 * type or a primitive one (`string`, `number`, `bool`), and otherwise (`any`, collections, structural
 * types) parses it as an HCL expression evaluated with no context, so a reference or a function call
 * in it is refused (hashicorp/terraform `internal/configs/named_values.go`, `decodeVariableType` and
 * `VariableParsingMode.Parse`; https://developer.hashicorp.com/terraform/language/values/variables#variables-on-the-command-line).
 */
export function commandLineValue(raw: string, type: string | undefined): TfValue {
  if (type === undefined || /^\s*(string|number|bool)\s*$/.test(type)) return raw;
  const parsed = parseExpression(raw);
  if (!parsed.ok) return new EvaluationError(`cannot parse the value "${raw}": ${parsed.message}`);
  const problem = notConstant(parsed.expr);
  if (problem !== undefined) return new EvaluationError(`${problem.summary} in the value read as an HCL expression: ${problem.detail}`);
  return evaluate(parsed.expr, CONSTANT_SCOPE);
}

/** A variables file's values, and what in it Terraform refuses (each a `parse-error`; the rest of the file still counts). */
interface VariablesFile {
  readonly values: Map<string, TfValue>;
  readonly diagnostics: Diagnostic[];
}

/**
 * Reads a variable definitions file as Terraform does (hashicorp/terraform `internal/command/arguments/vars.go`,
 * `addVarsFromFile`): its top-level arguments only, each evaluated with no evaluation context. In a
 * `.tfvars.json` file every string is taken as written; in a `.tfvars` file a reference or a function
 * call is refused (`../expr/constant-expression.ts`), and that variable is left unknown.
 */
function readVariablesFile(file: string, reader: FileReader, trusted: boolean, limits: Limits): VariablesFile | { diagnostic: Diagnostic } {
  // Refused files are never read, so none of their values can reach a message.
  const source = reader.readSource(file, { trusted });
  if (!source.ok) return { diagnostic: source.diagnostic };
  const read = file.endsWith('.json') ? readJsonVariables(file, source.text, limits) : readNativeVariables(file, source.text, limits);
  if ('diagnostic' in read) return read;
  // One problem per line is possible, in a file a pull request writes (and Terraform loads on its own):
  // 160,000 `name = f()` lines were 160,000 parse errors, three such files 30 s and 1.2 GB to report.
  const diagnostics = firstAndCounted(
    read.diagnostics,
    MAX_FILE_PROBLEMS_SHOWN,
    (count) => `${String(count)} more problems of this variables file, from here on, are not listed (the first ${String(MAX_FILE_PROBLEMS_SHOWN)} are)`,
  );
  return { values: read.values, diagnostics };
}

/** The problems of one variables file listed before the rest are counted (`readVariablesFile`). */
const MAX_FILE_PROBLEMS_SHOWN = 20;

const INEXACT_VALUE = "the value holds a number with more digits than credlint's numbers keep (Terraform's are exact to 512 bits)";

/**
 * Whether a value holds a number a double would round (`12345678901234567891`): Terraform reads it
 * exactly (`exact-number.ts`), and the rounded double names another user, so the variable is unknown.
 */
function holdsInexactNumber(root: JsonNode, text: string): boolean {
  const pending = [root];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    for (const child of node.children ?? []) pending.push(child);
    if (node.type === 'number' && typeof node.value === 'number' && !Number.isSafeInteger(node.value)) {
      if (!isExactDecimal(text.slice(node.offset, node.offset + node.length), node.value)) return true;
    }
  }
  return false;
}

function readJsonVariables(file: string, text: string, limits: Limits): VariablesFile | { diagnostic: Diagnostic } {
  const lines = new LineIndex(text);
  // Counted before the tree is built, as for JSON templates and plans: the tree is what costs memory.
  const size = countJsonNodes(text, limits.parseNodes);
  if (!size.within) {
    const location = { file, range: lines.range(size.offset, size.offset + 1) };
    return { diagnostic: limitReached(location, 'parseNodes', limits, 'the file has too many JSON values to parse; it is not analysed') };
  }
  const parsed = parseJsonTree(text, 'strict');
  if (parsed.error !== undefined || parsed.root === undefined) {
    const offset = parsed.error?.offset ?? 0;
    const { line, column } = lines.position(offset);
    return {
      diagnostic: parseError({ file, range: range(line, column, line, column + 1) }, `invalid JSON in variables file: ${parsed.error?.message ?? 'no value'}`),
    };
  }
  const { root } = parsed;
  if (root.type !== 'object') {
    // hashicorp/hcl `json/structure.go`, `body.JustAttributes`: "A JSON object is required here".
    return {
      diagnostic: parseError(
        { file, range: jsonRange(lines, root) },
        'a JSON variables file must be an object of variable names and values; Terraform refuses this file',
      ),
    };
  }
  const values = new Map<string, TfValue>();
  const diagnostics: Diagnostic[] = [];
  for (const property of root.children ?? []) {
    const [key, value] = property.children ?? [];
    if (key === undefined || value === undefined) continue;
    const name = String(key.value);
    // `"//"` is a comment in Terraform's JSON syntax (https://developer.hashicorp.com/terraform/language/syntax/json#comment-properties).
    if (name === '//') continue;
    if (values.has(name)) {
      diagnostics.push(parseError({ file, range: jsonRange(lines, key) }, `variable "${name}" is set more than once in this file; Terraform refuses the file`));
      values.set(name, new EvaluationError(`${basename(file)} sets variable "${name}" more than once`));
      continue;
    }
    values.set(name, holdsInexactNumber(value, text) ? new Unknown(INEXACT_VALUE) : literalJson(jsonValue(value), CONSTANT_SCOPE));
  }
  return { values, diagnostics };
}

function readNativeVariables(file: string, text: string, limits: Limits): VariablesFile | { diagnostic: Diagnostic } {
  const parsed = parseHclArguments(file, text, limits);
  if (!parsed.ok) return { diagnostic: parsed.diagnostic };
  const lines = new LineIndex(text);
  const diagnostics: Diagnostic[] = [];
  for (const block of parsed.blocks) {
    const where = { file, range: lines.range(block.offset, block.offset + block.type.length) };
    // The messages Terraform gives (`addVarsFromFile`; hashicorp/hcl `hclsyntax/structure.go`, `Body.JustAttributes`).
    diagnostics.push(
      parseError(
        where,
        block.type === 'variable'
          ? 'a variable declaration in a variables file: declare the variable in a .tf file and set its value here as name = value; Terraform refuses this file'
          : `unexpected "${block.type}" block: a variables file holds only name = value arguments; Terraform refuses this file`,
      ),
    );
  }
  const values = new Map<string, TfValue>();
  for (const attribute of parsed.attributes) {
    const problem = notConstant(attribute.expr, attribute.spans);
    if (problem === undefined) {
      values.set(attribute.name, evaluate(attribute.expr, CONSTANT_SCOPE));
      continue;
    }
    const at = attribute.start + problem.offset;
    diagnostics.push(
      parseError(
        { file, range: lines.range(at, at + problem.length) },
        `${problem.summary} in the value of variable "${attribute.name}": a variables file holds constant values only (${problem.detail}); Terraform refuses it`,
      ),
    );
    values.set(attribute.name, new EvaluationError(`${basename(file)}: the value of "${attribute.name}" is not a constant (${problem.summary})`));
  }
  return { values, diagnostics };
}

/**
 * The variables files Terraform loads automatically from a root directory, in the order it loads them,
 * each with the note that stands in its place when it is a symlink leading out of the repository (the
 * walk's own note, `linkLeadingOut`, so that the engine keeps one). A FIFO or socket of such a name is
 * listed too: the reader refuses it with a note, where leaving it out made it vanish unsaid.
 */
function automaticVariablesFiles(rootDir: string, reader: FileReader): { file: string; outside?: Diagnostic }[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(rootDir, { withFileTypes: true }).filter((entry) => !entry.isDirectory());
  } catch {
    return [];
  }
  const names = entries.map((entry) => entry.name);
  // Terraform's lexical order is that of UTF-8 bytes; `.sort()` compares UTF-16 code units, which put a
  // name with a character above U+FFFF before one with U+E000–U+FFFF, so the other file's value won.
  const auto = names.filter((name) => name.endsWith('.auto.tfvars') || name.endsWith('.auto.tfvars.json')).sort(compareStrings);
  const links = new Set(entries.filter((entry) => entry.isSymbolicLink()).map((entry) => entry.name));
  return [...['terraform.tfvars', 'terraform.tfvars.json'].filter((name) => names.includes(name)), ...auto].map((name) => {
    const file = join(rootDir, name);
    const target = links.has(name) ? reader.linkTargetOutside(file) : undefined;
    return target === undefined ? { file } : { file, outside: linkLeadingOut(file, target) };
  });
}

/** Variables files that could not be read, listed one by one before the rest are counted (`boundedRefusals`). */
const MAX_REFUSED_FILES_SHOWN = 20;

/** The variables files the configuration and the command line name: the same for every root module of a scan. */
export interface ListedVariablesFiles {
  /** What the files that were read set, a later file's value replacing an earlier one's, as Terraform applies them. */
  readonly values: ReadonlyMap<string, TfValue>;
  readonly diagnostics: readonly Diagnostic[];
  /** The scan deadline passed before every file was read. */
  readonly cutShort: boolean;
}

/**
 * Reads the variables files a configuration file (`varFiles`) and `--var-file` name, once for a scan
 * (every root module applies them alike). A committed configuration file is written by the pull
 * request (docs/security.md, "What credlint bounds"): a file named many times is read once, at its
 * last place, which gives every variable the value Terraform gives it (a later file replaces an
 * earlier value entirely), and the deadline is checked before each file: 400 copies of one 800 KB
 * file were parsed again for each copy and each root module, 31 s past a 5 s `scanSeconds`. Of the
 * files that cannot be read, 20 are listed and the rest counted: 100,000 missing ones printed 100,000
 * parse errors.
 */
export function readListedVariablesFiles(options: RootVariableOptions): ListedVariablesFiles {
  const listed = lastOfEach([
    ...options.repositoryVarFiles.map((file, index) => ({ file, trusted: false, entry: index + 1 })),
    ...options.varFiles.map((file) => ({ file, trusted: true, entry: 0 })),
  ]);
  const values = new Map<string, TfValue>();
  const diagnostics: Diagnostic[] = [];
  const refused: Diagnostic[] = [];
  for (const { file, trusted, entry } of listed) {
    if (options.deadline?.expired()) return { values, diagnostics: [...diagnostics, ...boundedRefusals(refused)], cutShort: true };
    const result = readVariablesFile(file, options.reader, trusted, options.limits ?? DEFAULT_LIMITS);
    if ('diagnostic' in result) {
      refused.push(trusted ? result.diagnostic : atNamingFile(result.diagnostic, options, entry));
      continue;
    }
    appendAll(diagnostics, result.diagnostics);
    for (const [name, value] of result.values) values.set(name, value);
  }
  return { values, diagnostics: [...diagnostics, ...boundedRefusals(refused)], cutShort: false };
}

/**
 * A configuration file's `varFiles` entry that leads outside the repository, noted at the configuration
 * file by its place in the list. The reader's note sits at the entry's own path, outside: SARIF named it
 * by the machine's `file:` URI, and its words by the resolved path (`../secret.tfvars` read `to
 * /home/runner/work/app/secret.tfvars`). Other refusals lie inside the repository and stay as they are.
 */
function atNamingFile(diagnostic: Diagnostic, options: RootVariableOptions, entry: number): Diagnostic {
  const namedBy = options.repositoryVarFilesNamedBy;
  if (namedBy === undefined || options.reader.isLexicallyInside(diagnostic.location.file)) return diagnostic;
  return note({ file: namedBy, range: FILE_START }, `varFiles entry ${String(entry)} leads outside the repository being scanned; not read`);
}

/** The entries of `list` (file and trust) each at its last place, in order. */
function lastOfEach<Entry extends { file: string; trusted: boolean }>(list: readonly Entry[]): Entry[] {
  const last = new Map<string, number>();
  list.forEach(({ file, trusted }, index) => last.set(`${String(trusted)}\0${file}`, index));
  return list.filter(({ file, trusted }, index) => last.get(`${String(trusted)}\0${file}`) === index);
}

/** The first `MAX_REFUSED_FILES_SHOWN` refusals, and one diagnostic at the next refused file counting the rest. */
function boundedRefusals(refused: readonly Diagnostic[]): Diagnostic[] {
  return firstAndCounted(
    refused,
    MAX_REFUSED_FILES_SHOWN,
    (count) =>
      `this variables file and ${String(count - 1)} more that the configuration file or --var-file name could not be read (the first ${String(MAX_REFUSED_FILES_SHOWN)} are listed apart)`,
  );
}

/**
 * Input values for the root module, as thunks for `ModuleInstance`, plus diagnostics for unreadable
 * files; `cutShort` when the scan deadline passed before every variables file was read (the values
 * are then incomplete, and the unit is not analysed). `listed`: the files named by the configuration
 * and the command line, read once for the scan.
 */
export function rootVariableInputs(
  config: ModuleConfig,
  options: RootVariableOptions,
  listed: ListedVariablesFiles = readListedVariablesFiles(options),
): { inputs: Map<string, () => TfValue>; diagnostics: Diagnostic[]; cutShort: boolean } {
  const values = new Map<string, TfValue>();
  const diagnostics: Diagnostic[] = [];
  const typeOf = (name: string) => config.variables.get(name)?.type;

  for (const [key, raw] of Object.entries(options.env)) {
    if (!key.startsWith('TF_VAR_') || raw === undefined) continue;
    const name = key.slice('TF_VAR_'.length);
    // Undeclared TF_VAR_ names are ignored silently, as Terraform does for the environment.
    if (!config.variables.has(name)) continue;
    values.set(name, commandLineValue(raw, typeOf(name)));
  }
  let cutShort = listed.cutShort;
  for (const { file, outside } of automaticVariablesFiles(config.dir, options.reader)) {
    if (outside !== undefined) {
      diagnostics.push(outside);
      continue;
    }
    if (options.deadline?.expired()) {
      cutShort = true;
      break;
    }
    const result = readVariablesFile(file, options.reader, false, options.limits ?? DEFAULT_LIMITS);
    if ('diagnostic' in result) {
      diagnostics.push(result.diagnostic);
      continue;
    }
    appendAll(diagnostics, result.diagnostics);
    for (const [name, value] of result.values) values.set(name, value);
  }
  // -var-file paths are the user's explicit choice and are read wherever they are (unless inside the
  // repository and leading out of it); paths a config file in the repository names are repository content.
  appendAll(diagnostics, listed.diagnostics);
  for (const [name, value] of listed.values) values.set(name, value);
  for (const [name, raw] of options.vars) {
    values.set(name, commandLineValue(raw, typeOf(name)));
  }

  const inputs = new Map<string, () => TfValue>();
  for (const [name, value] of values) inputs.set(name, () => value);
  return { inputs, diagnostics, cutShort };
}
