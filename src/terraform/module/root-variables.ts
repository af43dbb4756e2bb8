/**
 * Values of a root module's input variables, gathered with Terraform's precedence, lowest first
 * (https://developer.hashicorp.com/terraform/language/values/variables#variable-definition-precedence):
 * `TF_VAR_name` environment variables, `terraform.tfvars`, `terraform.tfvars.json`, `*.auto.tfvars`
 * and `*.auto.tfvars.json` in lexical order, then `-var-file` and `-var` options. A later source
 * replaces an earlier value entirely.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../../core/diagnostic.js';
import { note, parseError } from '../../core/diagnostic.js';
import { parseJsonValue } from '../../core/json-tree.js';
import { FILE_START, range } from '../../core/location.js';
import { LineIndex } from '../../core/source-text.js';
import type { FileReader } from '../../io/file-reader.js';
import { EvaluationError, type TfValue } from '../expr/value.js';
import { parseHcl } from '../parse-hcl.js';
import { evaluate, evaluateJson, loadFunctionsFor, parseExpression, type EvalScope } from './expr-api.js';
import type { ModuleConfig } from './module-config.js';

/** Variable definitions files are constant: they cannot refer to anything. */
const CONSTANT_SCOPE: EvalScope = {
  resolve: () => new EvaluationError('variable values cannot refer to other values'),
};

export interface RootVariableOptions {
  readonly vars: readonly (readonly [string, string])[];
  /** Named by a configuration file in the repository: read only inside it. */
  readonly repositoryVarFiles: readonly string[];
  /** `--var-file`: trusted as written (`FileReader`). */
  readonly varFiles: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Every variables file is read through it: automatically loaded ones and those a configuration file
   * names only inside the repository; `--var-file`s as written.
   */
  readonly reader: FileReader;
}

/**
 * `-var` and `TF_VAR_` values are raw strings; Terraform parses them as HCL only when the variable's
 * type is not a primitive (https://developer.hashicorp.com/terraform/language/values/variables#variables-on-the-command-line).
 */
export function commandLineValue(raw: string, type: string | undefined): TfValue {
  if (type === undefined || !/^(list|map|set|object|tuple)\b/.test(type)) return raw;
  const parsed = parseExpression(raw);
  if (!parsed.ok) return new EvaluationError(`cannot parse the value "${raw}": ${parsed.message}`);
  return evaluate(parsed.expr, CONSTANT_SCOPE);
}

async function readVariablesFile(file: string, reader: FileReader, trusted: boolean): Promise<{ values: Map<string, TfValue> } | { diagnostic: Diagnostic }> {
  // Refused files are never read, so none of their values can reach a message.
  const source = reader.readSource(file, { trusted });
  if (!source.ok) return { diagnostic: source.diagnostic };
  await loadFunctionsFor(source.text);
  let body: unknown;
  if (file.endsWith('.json')) {
    const parsed = parseJsonValue(source.text, 'strict');
    if (parsed.error !== undefined) {
      const { line, column } = new LineIndex(source.text).position(parsed.error.offset);
      return { diagnostic: parseError({ file, range: range(line, column, line, column + 1) }, `invalid JSON in variables file: ${parsed.error.message}`) };
    }
    body = parsed.value;
  } else {
    const parsed = await parseHcl(file, source.text);
    if (!parsed.ok) return { diagnostic: parsed.diagnostic };
    body = parsed.body;
  }
  const values = new Map<string, TfValue>();
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    for (const [name, value] of Object.entries(body)) values.set(name, evaluateJson(value, CONSTANT_SCOPE));
  }
  return { values };
}

/** The variables files Terraform loads automatically from a root directory, in the order it loads them. */
function automaticVariablesFiles(rootDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(rootDir, { withFileTypes: true })
      .filter((entry) => entry.isFile() || entry.isSymbolicLink())
      .map((entry) => entry.name);
  } catch {
    return [];
  }
  const auto = names.filter((name) => name.endsWith('.auto.tfvars') || name.endsWith('.auto.tfvars.json')).sort();
  return [...['terraform.tfvars', 'terraform.tfvars.json'].filter((name) => names.includes(name)), ...auto].map((name) => join(rootDir, name));
}

/** Input values for the root module, as thunks for `ModuleInstance`, plus diagnostics for unreadable files. */
export async function rootVariableInputs(
  config: ModuleConfig,
  options: RootVariableOptions,
): Promise<{ inputs: Map<string, () => TfValue>; diagnostics: Diagnostic[] }> {
  const values = new Map<string, TfValue>();
  const diagnostics: Diagnostic[] = [];
  const typeOf = (name: string) => config.variables.get(name)?.type;

  for (const [key, raw] of Object.entries(options.env)) {
    if (!key.startsWith('TF_VAR_') || raw === undefined) continue;
    const name = key.slice('TF_VAR_'.length);
    // Undeclared TF_VAR_ names are ignored silently, as Terraform does for the environment.
    if (!config.variables.has(name)) continue;
    await loadFunctionsFor(raw);
    values.set(name, commandLineValue(raw, typeOf(name)));
  }
  const automatic: string[] = [];
  for (const file of automaticVariablesFiles(config.dir)) {
    if (!options.reader.isInside(file)) diagnostics.push(note({ file, range: FILE_START }, 'symlink leads outside the repository; not followed'));
    else automatic.push(file);
  }
  // -var-file paths are the user's explicit choice and are read wherever they are (unless inside the
  // repository and leading out of it); paths a config file in the repository names are repository content.
  const files = [
    ...automatic.map((file) => [file, false] as const),
    ...options.repositoryVarFiles.map((file) => [file, false] as const),
    ...options.varFiles.map((file) => [file, true] as const),
  ];
  for (const [file, trusted] of files) {
    const result = await readVariablesFile(file, options.reader, trusted);
    if ('diagnostic' in result) {
      diagnostics.push(result.diagnostic);
      continue;
    }
    for (const [name, value] of result.values) values.set(name, value);
  }
  for (const [name, raw] of options.vars) {
    await loadFunctionsFor(raw);
    values.set(name, commandLineValue(raw, typeOf(name)));
  }

  const inputs = new Map<string, () => TfValue>();
  for (const [name, value] of values) inputs.set(name, () => value);
  return { inputs, diagnostics };
}
