/**
 * One Terraform module's configuration: the declarations of every `.tf`/`.tf.json` file of a
 * directory, merged as Terraform merges them (https://developer.hashicorp.com/terraform/language/modules),
 * each keeping the file and located block it was written in. Values stay in the JSON shape the native parser
 * and `.tf.json` share (strings are templates); nothing is evaluated here.
 *
 * `import`, `check` and `terraform` blocks are not needed to decide which credentials exist, so they
 * are accepted and ignored; `moved` blocks are kept for the configurations Terraform refuses
 * (`refactoring-conflicts.ts`), `removed` blocks for those too and for what they forget
 * (`removed-credentials.ts`); of `provider` blocks only `aws` ones are kept, for the account they
 * deploy to.
 */
import type { Range } from '../../core/location.js';
import type { LocatedAttribute, LocatedBlock, LocatedFile } from '../locate/located-file.js';
import { attributeIndex, findBlocks } from '../locate/find-located.js';
import { compareStrings } from '../expr/convert.js';
import { refusedVariableType } from '../expr/type-constraints.js';
import { isOverrideFile, overridden } from './override-files.js';

export type JsonObject = { readonly [key: string]: unknown };

export interface ParsedFile {
  /** Absolute path. */
  readonly file: string;
  readonly syntax: 'hcl' | 'json';
  /** Terraform-JSON shaped body (from the native parser for `.tf`, `JSON.parse` for `.tf.json`). */
  readonly body: JsonObject;
  readonly located: LocatedFile;
}

/** A declaration and where it was written. */
export interface Declared {
  readonly file: string;
  /** The located block (its header is the declaration's location); absent only if locating failed. */
  readonly block: LocatedBlock | undefined;
  readonly body: JsonObject;
}

export interface VariableDecl extends Declared {
  readonly name: string;
  readonly hasDefault: boolean;
  readonly default: unknown;
  /**
   * The default is written in JSON syntax, where Terraform reads it literally (strings are no templates):
   * in a `.tf.json` file, or in a `.tf.json` override file of a block written in a `.tf` file.
   */
  readonly defaultInJson: boolean;
  /** The type constraint source (`list(string)`), when declared. */
  readonly type: string | undefined;
  /** The syntax of the file that wrote `type` (an override file may replace it). */
  readonly typeSyntax: ParsedFile['syntax'];
  /** Why Terraform refuses the type constraint as written (`refusedVariableType`), if it does. */
  readonly typeRefused: string | undefined;
  /** https://developer.hashicorp.com/terraform/language/values/variables#disallowing-null-input-values (default true). */
  readonly nullable: boolean;
  /** `sensitive = true`: its value is marked (https://developer.hashicorp.com/terraform/language/values/variables#suppressing-values-in-cli-output). */
  readonly sensitive: boolean;
  /** `ephemeral = true` (Terraform 1.10): its value may be ephemeral (https://developer.hashicorp.com/terraform/language/values/variables#exclude-values-from-state). */
  readonly ephemeral: boolean;
}

export interface ResourceDecl extends Declared {
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  /** `aws_iam_user.x` or `data.aws_iam_user.x`: the address inside its module. */
  readonly address: string;
}

export interface ModuleCallDecl extends Declared {
  readonly name: string;
  /** The literal `source` (Terraform requires a literal string), when present. */
  readonly source: string | undefined;
}

/** A `provider "aws"` block: `aws`, or `aws.<alias>` when it has an alias. */
export interface ProviderDecl extends Declared {
  readonly key: string;
}

export interface LocalDecl {
  readonly name: string;
  readonly file: string;
  readonly value: unknown;
  readonly attribute: LocatedAttribute | undefined;
}

export interface OutputDecl extends Declared {
  readonly name: string;
  /** `sensitive = true`: its value is marked for the caller (https://developer.hashicorp.com/terraform/language/values/outputs#sensitive-suppressing-values-in-cli-output). */
  readonly sensitive: boolean;
  /** `ephemeral = true` (Terraform 1.10): its value may be ephemeral for the caller. */
  readonly ephemeral: boolean;
}

/**
 * A name declared again in one module, at that later declaration: Terraform refuses the configuration
 * (hashicorp/terraform `internal/configs/module.go`, `appendFile`: "Duplicate resource configuration",
 * "Duplicate variable declaration", "Duplicate output definition", "Duplicate module call", "Duplicate
 * local value definition").
 */
export interface DuplicateDecl {
  readonly kind: 'resource' | 'variable' | 'output' | 'module' | 'local';
  /** `aws_iam_access_key.k`, `data.aws_iam_user.u`, `var.user`, `output.user`, `module.keys`, `local.user`. */
  readonly address: string;
  readonly file: string;
  /** The later declaration's block header, or a local's name; absent only if locating failed. */
  readonly range: Range | undefined;
}

/** A `removed` block (https://developer.hashicorp.com/terraform/language/block/removed). */
export interface RemovedDecl extends Declared {
  /** `from`, as written (`aws_iam_access_key.old`, `module.keys`), when it is a traversal. */
  readonly from: string | undefined;
  /** `lifecycle { destroy = ... }` when written as a literal bool; Terraform's default is true. */
  readonly destroy: boolean | undefined;
}

/** A `moved` block (https://developer.hashicorp.com/terraform/language/block/moved). */
export interface MovedDecl extends Declared {
  /** `from`, as written (`aws_iam_access_key.old`, `module.keys[0]`), when it is a traversal. */
  readonly from: string | undefined;
  /** `to`, as written, when it is a traversal. */
  readonly to: string | undefined;
}

export interface ModuleConfig {
  /** Absolute directory. */
  readonly dir: string;
  readonly files: readonly ParsedFile[];
  readonly variables: ReadonlyMap<string, VariableDecl>;
  readonly locals: ReadonlyMap<string, LocalDecl>;
  readonly outputs: ReadonlyMap<string, OutputDecl>;
  /** Managed resources and data sources, keyed by `address`. */
  readonly resources: ReadonlyMap<string, ResourceDecl>;
  readonly moduleCalls: ReadonlyMap<string, ModuleCallDecl>;
  /** `provider "aws"` blocks, keyed `aws` or `aws.<alias>`. */
  readonly providers: ReadonlyMap<string, ProviderDecl>;
  /** `removed` blocks, in file order (an override file cannot change them). */
  readonly removed: readonly RemovedDecl[];
  /** `moved` blocks, in file order (an override file cannot change them). */
  readonly moved: readonly MovedDecl[];
  /**
   * Resources, data sources, variables, outputs, module calls and locals declared twice outside
   * override files, each at its later declaration. Terraform refuses the configuration: a resource
   * declared twice is in neither `resources` nor the model; the others keep their first declaration
   * in their map, and what reads them is undecided (`declaredTwice`).
   */
  readonly duplicates: readonly DuplicateDecl[];
  /** Whether every file of the directory was parsed (a file with a syntax error is left out, after its `parse-error`). */
  readonly complete: boolean;
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A block body may be written once (an object) or repeated (an array of objects), in both syntaxes. */
function blockBodies(value: unknown): JsonObject[] {
  if (Array.isArray(value)) return value.filter(isJsonObject);
  return isJsonObject(value) ? [value] : [];
}

/** Every `(labels, body)` of a block type with `depth` labels. */
function* labelledBodies(value: unknown, depth: number): Generator<[string[], JsonObject]> {
  if (depth === 0) {
    for (const body of blockBodies(value)) yield [[], body];
    return;
  }
  for (const level of blockBodies(value)) {
    for (const [label, inner] of Object.entries(level)) {
      for (const [labels, body] of labelledBodies(inner, depth - 1)) yield [[label, ...labels], body];
    }
  }
}

/** `"${list(string)}"` (native `.tf`) and `"list(string)"` (`.tf.json`) both mean `list(string)`. */
export function unwrapInterpolation(text: string): string {
  const match = /^\$\{([\s\S]*)\}$/.exec(text.trim());
  return match?.[1] !== undefined && !match[1].includes('${') ? match[1].trim() : text;
}

function literalBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const inner = unwrapInterpolation(value);
    if (inner === 'true') return true;
    if (inner === 'false') return false;
  }
  return undefined;
}

function locate(file: ParsedFile, type: string, labels: string[]): LocatedBlock | undefined {
  return findBlocks(file.located, type, labels)[0];
}

function variableDecl(
  file: string,
  block: LocatedBlock | undefined,
  body: JsonObject,
  name: string,
  defaultInJson: boolean,
  typeSyntax: ParsedFile['syntax'],
): VariableDecl {
  const type = body['type'];
  return {
    file,
    block,
    body,
    name,
    hasDefault: Object.hasOwn(body, 'default'),
    default: body['default'],
    defaultInJson,
    type: typeof type === 'string' ? unwrapInterpolation(type) : undefined,
    typeSyntax,
    typeRefused: typeof type === 'string' ? refusedVariableType(type, typeSyntax) : undefined,
    nullable: literalBool(body['nullable']) ?? true,
    sensitive: literalBool(body['sensitive']) ?? false,
    // Terraform requires a literal; anything else is taken as possibly true.
    ephemeral: literalBool(body['ephemeral']) ?? Object.hasOwn(body, 'ephemeral'),
  };
}

/** Merges the parsed files of one directory into its module configuration; `complete` when none of its files failed to parse. */
export function buildModuleConfig(dir: string, files: readonly ParsedFile[], complete = true): ModuleConfig {
  const variables = new Map<string, VariableDecl>();
  const locals = new Map<string, LocalDecl>();
  const outputs = new Map<string, OutputDecl>();
  const resources = new Map<string, ResourceDecl>();
  const moduleCalls = new Map<string, ModuleCallDecl>();
  const providers = new Map<string, ProviderDecl>();
  const removed: RemovedDecl[] = [];
  const moved: MovedDecl[] = [];
  const duplicates: DuplicateDecl[] = [];

  /**
   * A base file declares (a name declared again is one of `duplicates`; of two `provider "aws"` blocks
   * the first is kept); an override file only replaces arguments of existing declarations, which keep
   * their original location.
   */
  const add = (parsed: ParsedFile, override: boolean): void => {
    const { body, file } = parsed;
    const merge = <T extends Declared>(
      existing: T | undefined,
      decl: JsonObject,
      make: (file: string, block: LocatedBlock | undefined, body: JsonObject) => T,
    ): T | undefined => {
      if (existing !== undefined) return override ? make(existing.file, existing.block, overridden(existing.body, decl)) : undefined;
      return override ? undefined : make(file, undefined, decl);
    };
    for (const [[name], decl] of labelledBodies(body['variable'], 1)) {
      if (name === undefined) continue;
      // The default keeps the syntax of the file that wrote it: an override may replace it, or not.
      const existing = variables.get(name);
      if (!override && existing !== undefined) {
        duplicates.push({ kind: 'variable', address: `var.${name}`, file, range: findBlocks(parsed.located, 'variable', [name]).at(-1)?.headerRange });
        continue;
      }
      const defaultInJson = Object.hasOwn(decl, 'default') || existing === undefined ? parsed.syntax === 'json' : existing.defaultInJson;
      const typeSyntax = Object.hasOwn(decl, 'type') || existing === undefined ? parsed.syntax : existing.typeSyntax;
      const next = merge(existing, decl, (f, b, merged) => variableDecl(f, b ?? locate(parsed, 'variable', [name]), merged, name, defaultInJson, typeSyntax));
      if (next) variables.set(name, next);
    }
    const localBlocks = findBlocks(parsed.located, 'locals', []);
    const localAttributes = attributeIndex(localBlocks);
    for (const [, decl] of labelledBodies(body['locals'], 0)) {
      for (const [name, value] of Object.entries(decl)) {
        if (locals.has(name) && !override) {
          // In one file, the later definition is the last local of that name.
          const later = localBlocks.flatMap((block) => block.attributes.filter((attribute) => attribute.name === name)).at(-1);
          duplicates.push({ kind: 'local', address: `local.${name}`, file, range: later?.nameRange });
          continue;
        }
        locals.set(name, { name, file, value, attribute: localAttributes.get(name) });
      }
    }
    for (const [[name], decl] of labelledBodies(body['output'], 1)) {
      if (name === undefined) continue;
      if (!override && outputs.has(name)) {
        duplicates.push({ kind: 'output', address: `output.${name}`, file, range: findBlocks(parsed.located, 'output', [name]).at(-1)?.headerRange });
        continue;
      }
      const next = merge(outputs.get(name), decl, (f, b, merged) => ({
        file: f,
        block: b ?? locate(parsed, 'output', [name]),
        body: merged,
        name,
        sensitive: literalBool(merged['sensitive']) ?? false,
        ephemeral: literalBool(merged['ephemeral']) ?? Object.hasOwn(merged, 'ephemeral'),
      }));
      if (next) outputs.set(name, next);
    }
    for (const [mode, key] of [
      ['managed', 'resource'],
      ['data', 'data'],
    ] as const) {
      for (const [[type, name], decl] of labelledBodies(body[key], 2)) {
        if (type === undefined || name === undefined) continue;
        const address = mode === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
        if (!override && resources.has(address)) {
          // In one file, the later declaration is the last block of that address.
          duplicates.push({ kind: 'resource', address, file, range: findBlocks(parsed.located, key, [type, name]).at(-1)?.headerRange });
          continue;
        }
        const next = merge(resources.get(address), decl, (f, b, merged) => ({
          file: f,
          block: b ?? locate(parsed, key, [type, name]),
          body: merged,
          mode,
          type,
          name,
          address,
        }));
        if (next) resources.set(address, next);
      }
    }
    for (const [[name], decl] of labelledBodies(body['module'], 1)) {
      if (name === undefined) continue;
      if (!override && moduleCalls.has(name)) {
        duplicates.push({ kind: 'module', address: `module.${name}`, file, range: findBlocks(parsed.located, 'module', [name]).at(-1)?.headerRange });
        continue;
      }
      const next = merge(moduleCalls.get(name), decl, (f, b, merged) => ({
        file: f,
        block: b ?? locate(parsed, 'module', [name]),
        body: merged,
        name,
        source: typeof merged['source'] === 'string' ? merged['source'] : undefined,
      }));
      if (next) moduleCalls.set(name, next);
    }
    // The n-th `provider "aws"` body of a file is its n-th located `provider "aws"` block.
    const providerBlocks = findBlocks(parsed.located, 'provider', ['aws']);
    let providerIndex = 0;
    for (const [[type], decl] of labelledBodies(body['provider'], 1)) {
      if (type !== 'aws') continue;
      const located = providerBlocks[providerIndex];
      providerIndex += 1;
      const alias = typeof decl['alias'] === 'string' ? unwrapInterpolation(decl['alias']) : undefined;
      const key = alias === undefined ? 'aws' : `aws.${alias}`;
      const next = merge(providers.get(key), decl, (f, b, merged) => ({ file: f, block: b ?? located, body: merged, key }));
      if (next) providers.set(key, next);
    }
    // The n-th `removed` (`moved`) body of a file is its n-th located such block (none in `.tf.json`).
    if (!override) {
      const removedBlocks = findBlocks(parsed.located, 'removed', []);
      for (const [index, [, decl]] of [...labelledBodies(body['removed'], 0)].entries()) {
        const lifecycle = blockBodies(decl['lifecycle']);
        const destroy = lifecycle.length === 0 ? undefined : literalBool(lifecycle[lifecycle.length - 1]?.['destroy']);
        const from = typeof decl['from'] === 'string' ? unwrapInterpolation(decl['from']) : undefined;
        removed.push({ file, block: removedBlocks[index], body: decl, from, destroy });
      }
      const movedBlocks = findBlocks(parsed.located, 'moved', []);
      for (const [index, [, decl]] of [...labelledBodies(body['moved'], 0)].entries()) {
        const from = typeof decl['from'] === 'string' ? unwrapInterpolation(decl['from']) : undefined;
        const to = typeof decl['to'] === 'string' ? unwrapInterpolation(decl['to']) : undefined;
        moved.push({ file, block: movedBlocks[index], body: decl, from, to });
      }
    }
  };
  // Override files merge in Terraform's lexical order, that of UTF-8 bytes (not of UTF-16 code units).
  const ordered = [...files].sort((a, b) => compareStrings(a.file, b.file));
  for (const parsed of ordered) if (!isOverrideFile(parsed.file)) add(parsed, false);
  for (const parsed of ordered) if (isOverrideFile(parsed.file)) add(parsed, true);
  for (const { kind, address } of duplicates) if (kind === 'resource') resources.delete(address);
  return { dir, files, variables, locals, outputs, resources, moduleCalls, providers, removed, moved, duplicates, complete };
}

/**
 * Whether `address` (`var.user`, `local.user`, `output.user`, `module.keys`) is declared twice in the
 * module, which Terraform refuses (`ModuleConfig.duplicates`).
 */
export function declaredTwice(config: ModuleConfig, address: string): boolean {
  return config.duplicates.some((duplicate) => duplicate.address === address);
}

/**
 * Module block arguments that are not input variables (https://developer.hashicorp.com/terraform/language/modules/syntax);
 * `//` is a comment property of a JSON block body (https://developer.hashicorp.com/terraform/language/syntax/json#comment-properties).
 */
export const MODULE_META: ReadonlySet<string> = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on', 'lifecycle', '//']);

/** Whether a module source is a local path, which Terraform reads in place (no `terraform init` copy). */
export function isLocalSource(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../') || source === '.' || source === '..';
}
