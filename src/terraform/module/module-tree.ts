/**
 * The static tree of modules a root calls. Terraform requires `source` to be a literal, and OpenTofu
 * evaluates one that is not from variables and locals alone (`StaticModule`), so which directory every
 * call reads is known before the module's evaluation: local paths (`./`, `../`) are read in place
 * (https://developer.hashicorp.com/terraform/language/modules/sources#local-paths); registry and git
 * sources are where `terraform init` put them, listed in `.terraform/modules/modules.json` (`Key` is
 * the dotted call path, `Dir` is relative to the root). A source that cannot be read becomes a note.
 */
import { forgottenCredentialNotes } from './removed-credentials.js';
import { join, relative, resolve } from 'node:path';
import type { Diagnostic } from '../../core/diagnostic.js';
import { note, parseError } from '../../core/diagnostic.js';
import { limitReached, type Limits } from '../../core/limits.js';
import { FILE_START, type SourceLocation } from '../../core/location.js';
import type { FileReader } from '../../io/file-reader.js';
import { MODULE_META, declaredTwice, isLocalSource, type DuplicateDecl, type ModuleCallDecl, type ModuleConfig } from './module-config.js';
import { findAttribute } from '../locate/find-located.js';
import { constantDefaultDiagnostics } from './constant-defaults.js';
import { localCycleDiagnostics } from './local-cycles.js';
import { refactoringConflicts } from './refactoring-conflicts.js';
import { registrySourceRefusal } from './registry-source.js';
import { parseJsonText } from '../../core/json-tree.js';

export type ModuleChild = { readonly tree: ModuleTree } | { readonly unavailable: string };

export interface ModuleTree {
  readonly config: ModuleConfig;
  /** Dotted call path (`team.member`); `''` for the root. */
  readonly key: string;
  readonly children: ReadonlyMap<string, ModuleChild>;
  /**
   * The resources (`type.name`) and module calls (`module.<name>`) of this module that a `removed` or
   * `moved` block names though they are still declared, with why they may not exist (`refactoring-conflicts.ts`).
   */
  readonly refused: Map<string, string>;
}

/**
 * One module of the tree as OpenTofu's `tofu init` evaluates it early (`static-sources.ts`): a call's
 * `source` written with references (OpenTofu 1.8, https://opentofu.org/docs/language/modules/sources/#support-for-variable-and-local-evaluation),
 * and the module a call leads to, whose variables are the call's arguments evaluated so.
 */
export interface StaticModule {
  /** The call's `source`: the string it evaluates to, or why it is not known. */
  source(call: ModuleCallDecl): { readonly value: string } | { readonly unknown: string };
  child(call: ModuleCallDecl, config: ModuleConfig): StaticModule;
}

/** Whether a written `source` holds a template sequence, so that only early evaluation gives its value. */
export function isComputedSource(source: string): boolean {
  return source.includes('${') || source.includes('%{');
}

export interface ModuleTreeHost {
  readonly rootDir: string;
  /** Decides which module directories are inside the repository. */
  readonly reader: FileReader;
  /** The configuration of a directory, or undefined when it has no readable Terraform files. */
  loadDir(dir: string): Promise<ModuleConfig | undefined>;
  report(diagnostic: Diagnostic): void;
  readonly limits: Limits;
  /**
   * Module calls still to follow in this root's tree (from the `moduleInstances` limit). The tree is
   * built per call, not per directory, so 32 directories each calling the next twice would be 2^32 nodes.
   */
  readonly calls: { remaining: number };
}

/**
 * What `readModulesManifest` gives for a manifest that is there but was refused or could not be read:
 * nothing is listed, and each call's note says why instead of asking for `terraform init`.
 */
export const UNREAD_MANIFEST: ReadonlyMap<string, string> = new Map();

/**
 * `Key` → absolute `Dir` from `<root>/.terraform/modules/modules.json`, undefined when absent, and
 * `UNREAD_MANIFEST` when it is there but refused or unreadable (reported through `report`).
 */
export function readModulesManifest(rootDir: string, reader: FileReader, report: (diagnostic: Diagnostic) => void): ReadonlyMap<string, string> | undefined {
  const file = join(rootDir, '.terraform', 'modules', 'modules.json');
  // Most roots have none: one `lstat` says so (`FileReader.exists`, which never looks outside), where the read would first resolve the missing
  // directory's real path. (A dangling link is absent either way; one that resolves is read below.)
  if (!reader.exists(file)) return undefined;
  const source = reader.readSource(file);
  if (!source.ok) {
    // A refused manifest (a symlink out, a device) is a note; one that cannot be read (over the size
    // limit, not UTF-8) an error: the modules it lists are not analysed, and each call's note would
    // otherwise say it is not listed and to run `terraform init`, which changes nothing.
    report(source.diagnostic.kind === 'note' ? source.diagnostic : manifestUnread(file, source.diagnostic.message));
    return UNREAD_MANIFEST;
  }
  try {
    const parsed = parseJsonText(source.text);
    const modules = (parsed as { Modules?: unknown } | null)?.Modules;
    const result = new Map<string, string>();
    if (Array.isArray(modules)) {
      for (const entry of modules) {
        const { Key: key, Dir: dir } = (entry ?? {}) as { Key?: unknown; Dir?: unknown };
        if (typeof key === 'string' && typeof dir === 'string' && key !== '') result.set(key, resolve(rootDir, dir));
      }
    }
    return result;
  } catch (error) {
    report(manifestUnread(file, `not valid JSON (${error instanceof Error ? error.message : String(error)})`));
    return UNREAD_MANIFEST;
  }
}

/** The error of a `modules.json` that could not be read or parsed, naming why (`problem`). */
function manifestUnread(file: string, problem: string): Diagnostic {
  const shortened = problem.length > 200 ? `${problem.slice(0, 199)}…` : problem;
  return parseError({ file, range: FILE_START }, `${shortened}: the registry and git modules it lists are not analysed`);
}

export function callLocation(call: ModuleCallDecl): SourceLocation {
  return { file: call.file, range: call.block?.headerRange ?? FILE_START, logicalPath: `module.${call.name}` };
}

/**
 * The real path of a module directory, else the path itself. Asked of the reader, which knows the
 * directories the walk listed without a system call and remembers the others: a thread-pool
 * `realpath` per call resolved every component of the path again, for each of thousands of calls.
 */
function realOrSelf(reader: FileReader, path: string): string {
  return reader.realDirectory(path) ?? path;
}

/** Where a local `source` written as a literal leads (one computed early is `static-sources.ts`'s). */
export function localSourceDir(call: ModuleCallDecl, callerDir: string): string | undefined {
  return call.source !== undefined && !isComputedSource(call.source) && isLocalSource(call.source) ? resolve(callerDir, call.source) : undefined;
}

/**
 * Module calls nested deeper than this are not followed (docs/security.md, "Fixed bounds"). Terraform
 * sets no depth, and real configurations nest a handful of levels; a value passed down some 300 levels
 * exhausts the JavaScript stack of the evaluator that resolves it.
 */
const MAX_MODULE_DEPTH = 100;

/** What is not analysed of a name declared twice, by its kind. */
const DUPLICATE_CONSEQUENCE: Readonly<Record<DuplicateDecl['kind'], string>> = {
  resource: 'neither declaration is analysed',
  module: 'neither call is analysed',
  variable: 'its value is undecided',
  output: 'its value is undecided',
  local: 'its value is undecided',
};

/** A `parse-error` at each later declaration of a name declared twice (`ModuleConfig.duplicates`). */
function duplicateDiagnostics(config: ModuleConfig): Diagnostic[] {
  return config.duplicates.map(({ kind, file, range, address }) =>
    parseError(
      { file, range: range ?? FILE_START, logicalPath: address },
      `${address} is declared twice; Terraform refuses the configuration, so ${DUPLICATE_CONSEQUENCE[kind]}`,
    ),
  );
}

/** A `parse-error` at the `type` of each variable whose type constraint Terraform refuses (`VariableDecl.typeRefused`). */
function variableTypeDiagnostics(config: ModuleConfig): Diagnostic[] {
  return [...config.variables.values()].flatMap((decl) => {
    if (decl.typeRefused === undefined) return [];
    const range = (decl.block === undefined ? undefined : findAttribute(decl.block, 'type'))?.valueRange ?? decl.block?.headerRange ?? FILE_START;
    return [parseError({ file: decl.file, range, logicalPath: `variable.${decl.name}.type` }, `${decl.typeRefused}, so var.${decl.name} is undecided`)];
  });
}

export async function buildModuleTree(
  config: ModuleConfig,
  host: ModuleTreeHost,
  manifest: ReadonlyMap<string, string> | undefined,
  key = '',
  ancestors: readonly string[] = [],
  statics?: StaticModule,
): Promise<ModuleTree> {
  const children = new Map<string, ModuleChild>();
  for (const diagnostic of [
    ...constantDefaultDiagnostics(config),
    ...duplicateDiagnostics(config),
    ...variableTypeDiagnostics(config),
    ...localCycleDiagnostics(config),
    ...forgottenCredentialNotes(config),
  ])
    host.report(diagnostic);
  // Real paths: a directory reached again through a symlink (`self -> .`) is the same module.
  const path = [...ancestors, realOrSelf(host.reader, config.dir)];
  for (const call of config.moduleCalls.values()) {
    const childKey = key === '' ? call.name : `${key}.${call.name}`;
    const at = callLocation(call);
    const unavailable = (reason: string, report: boolean): void => {
      if (report) host.report(note(at, `module.${call.name}: ${reason}; not analysed`));
      children.set(call.name, { unavailable: `module.${call.name} is not analysed (${reason})` });
    };
    if (declaredTwice(config, `module.${call.name}`)) {
      // Reported with the other duplicates.
      unavailable('it is declared twice', false);
      continue;
    }
    if (call.source === undefined) {
      unavailable('no source', true);
      continue;
    }
    let source = call.source;
    if (isComputedSource(source)) {
      const computed = statics?.source(call) ?? { unknown: 'it is not evaluated here' };
      if ('unknown' in computed) {
        unavailable(`its source cannot be computed before init (${computed.unknown})`, true);
        continue;
      }
      source = computed.value;
    }
    // With a `version`, terraform init refuses a source that is no registry address: advising it would not help.
    const refusal = isLocalSource(source) || !Object.hasOwn(call.body, 'version') ? undefined : registrySourceRefusal(source);
    if (refusal !== undefined) {
      unavailable(`source "${source}" has a version, so it must be a module registry address, but ${refusal}; terraform init refuses the call`, true);
      continue;
    }
    const dir = isLocalSource(source) ? resolve(config.dir, source) : manifest?.get(childKey);
    if (dir === undefined) {
      unavailable(
        manifest === UNREAD_MANIFEST
          ? `source "${source}" is not local, and .terraform/modules/modules.json, which would say where terraform init put it, was not read`
          : `source "${source}" is not local and is not listed in .terraform/modules/modules.json (run terraform init to analyse it)`,
        true,
      );
      continue;
    }
    // A pull request must not make credlint read files elsewhere on the machine: neither a local
    // source nor a committed modules.json `Dir` may lead outside the repository, even through a symlink.
    if (!host.reader.isInside(dir)) {
      unavailable(`source "${source}" leads outside the repository`, true);
      continue;
    }
    const real = realOrSelf(host.reader, dir);
    const repeat = path.indexOf(real);
    if (repeat >= 0) {
      // Terraform refuses a configuration whose modules call each other in a cycle; the call is reported
      // as an error (the scan is incomplete) and the modules up to it are still analysed.
      const realRoot = host.reader.boundaries.find((boundary) => real.startsWith(boundary)) ?? host.rootDir;
      const cycle = [...path.slice(repeat), real].map((step) => relative(realRoot, step).split('\\').join('/') || '.').join(' -> ');
      host.report(parseError(at, `module.${call.name}: the modules call each other in a cycle (${cycle}); this call is not analysed`));
      children.set(call.name, { unavailable: `module.${call.name} is not analysed (module cycle)` });
      continue;
    }
    if (path.length > MAX_MODULE_DEPTH) {
      host.report(parseError(at, `module.${call.name}: modules nested deeper than ${MAX_MODULE_DEPTH} levels are not analysed`));
      children.set(call.name, { unavailable: `module.${call.name} is not analysed (modules nested deeper than ${MAX_MODULE_DEPTH} levels)` });
      continue;
    }
    host.calls.remaining -= 1;
    if (host.calls.remaining < 0) {
      if (host.calls.remaining === -1)
        host.report(limitReached(at, 'moduleInstances', host.limits, `the module calls of this root module exceed ${host.limits.moduleInstances}`));
      children.set(call.name, { unavailable: `module.${call.name} is not analysed (the analysis limit moduleInstances was reached)` });
      continue;
    }
    const childConfig = await host.loadDir(dir);
    if (childConfig === undefined) {
      // A registry or git module is where modules.json says `terraform init` put it: name that directory,
      // not the source, which is no directory at all.
      const where = isLocalSource(source)
        ? `module directory "${source}"`
        : `module directory "${relative(host.rootDir, dir).split('\\').join('/')}", which .terraform/modules/modules.json lists for source "${source}",`;
      unavailable(`${where} is missing or has no Terraform files${isLocalSource(source) ? '' : ' (run terraform init again)'}`, true);
      continue;
    }
    // Terraform refuses a call that passes an argument the module declares no variable for ("Unsupported
    // argument"): reported as an error at it (the scan is incomplete), and the call is not analysed, as
    // its module's defaults would stand for what the caller meant to set. Not asked of a module with a
    // file that failed to parse (its parse-error is reported): that file may declare the variable.
    const declares = (name: string): boolean => !childConfig.complete || childConfig.variables.has(name);
    const unsupported = Object.keys(call.body).filter((name) => !MODULE_META.has(name) && !declares(name));
    if (unsupported.length > 0) {
      for (const name of unsupported) {
        const attribute = call.block === undefined ? undefined : findAttribute(call.block, name);
        const argumentAt = { ...at, range: attribute?.range ?? at.range, logicalPath: `module.${call.name}.${name}` };
        host.report(
          parseError(
            argumentAt,
            `module.${call.name}: unsupported argument "${name}": the module "${source}" declares no variable "${name}"; this call is not analysed`,
          ),
        );
      }
      children.set(call.name, { unavailable: `module.${call.name} is not analysed (unsupported argument "${unsupported[0] ?? ''}")` });
      continue;
    }
    children.set(call.name, { tree: await buildModuleTree(childConfig, host, manifest, childKey, path, statics?.child(call, childConfig)) });
  }
  const tree = { config, key, children, refused: new Map<string, string>() };
  for (const diagnostic of refactoringConflicts(tree)) host.report(diagnostic);
  return tree;
}
