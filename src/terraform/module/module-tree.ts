/**
 * The static tree of modules a root calls. Terraform requires `source` to be a literal, so which
 * directory every call reads is known before evaluation: local paths (`./`, `../`) are read in place
 * (https://developer.hashicorp.com/terraform/language/modules/sources#local-paths); registry and git
 * sources are where `terraform init` put them, listed in `.terraform/modules/modules.json` (`Key` is
 * the dotted call path, `Dir` is relative to the root). A source that cannot be read becomes a note.
 */
import { join, resolve } from 'node:path';
import type { Diagnostic } from '../../core/diagnostic.js';
import { note } from '../../core/diagnostic.js';
import { FILE_START, type SourceLocation } from '../../core/location.js';
import type { FileReader } from '../../io/file-reader.js';
import { isLocalSource, type ModuleCallDecl, type ModuleConfig } from './module-config.js';

export type ModuleChild = { readonly tree: ModuleTree } | { readonly unavailable: string };

export interface ModuleTree {
  readonly config: ModuleConfig;
  /** Dotted call path (`team.member`); `''` for the root. */
  readonly key: string;
  readonly children: ReadonlyMap<string, ModuleChild>;
}

export interface ModuleTreeHost {
  readonly rootDir: string;
  /** Decides which module directories are inside the repository. */
  readonly reader: FileReader;
  /** The configuration of a directory, or undefined when it has no readable Terraform files. */
  loadDir(dir: string): Promise<ModuleConfig | undefined>;
  report(diagnostic: Diagnostic): void;
}

/** Nesting beyond this is not followed; real configurations stay far below it. */
const MAX_MODULE_DEPTH = 32;

/** `Key` → absolute `Dir` from `<root>/.terraform/modules/modules.json`, or undefined when absent. */
export async function readModulesManifest(rootDir: string, reader: FileReader, report: (diagnostic: Diagnostic) => void): Promise<ReadonlyMap<string, string> | undefined> {
  const source = reader.readSource(join(rootDir, '.terraform', 'modules', 'modules.json'));
  if (!source.ok) {
    // A missing manifest is the usual case; a refused one (a symlink out, a device) is worth a note.
    if (source.diagnostic.kind === 'note') report(source.diagnostic);
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(source.text);
    const modules = (parsed as { Modules?: unknown } | null)?.Modules;
    const result = new Map<string, string>();
    if (Array.isArray(modules)) {
      for (const entry of modules) {
        const { Key: key, Dir: dir } = (entry ?? {}) as { Key?: unknown; Dir?: unknown };
        if (typeof key === 'string' && typeof dir === 'string' && key !== '') result.set(key, resolve(rootDir, dir));
      }
    }
    return result;
  } catch {
    return undefined;
  }
}

export function callLocation(call: ModuleCallDecl): SourceLocation {
  return { file: call.file, range: call.block?.headerRange ?? FILE_START, logicalPath: `module.${call.name}` };
}

/** Where a local `source` leads, if it stays inside the repository. */
export function localSourceDir(call: ModuleCallDecl, callerDir: string): string | undefined {
  return call.source !== undefined && isLocalSource(call.source) ? resolve(callerDir, call.source) : undefined;
}

export async function buildModuleTree(
  config: ModuleConfig,
  host: ModuleTreeHost,
  manifest: ReadonlyMap<string, string> | undefined,
  key = '',
  ancestors: readonly string[] = [],
): Promise<ModuleTree> {
  const children = new Map<string, ModuleChild>();
  const path = [...ancestors, config.dir];
  for (const call of config.moduleCalls.values()) {
    const childKey = key === '' ? call.name : `${key}.${call.name}`;
    const at = callLocation(call);
    const unavailable = (reason: string, report: boolean): void => {
      if (report) host.report(note(at, `module.${call.name}: ${reason}; not analysed`));
      children.set(call.name, { unavailable: `module.${call.name} is not analysed (${reason})` });
    };
    if (call.source === undefined) {
      unavailable('no source', true);
      continue;
    }
    const dir = isLocalSource(call.source) ? resolve(config.dir, call.source) : manifest?.get(childKey);
    if (dir === undefined) {
      unavailable(`source "${call.source}" is not local and is not listed in .terraform/modules/modules.json (run terraform init to analyse it)`, true);
      continue;
    }
    // A pull request must not make credlint read files elsewhere on the machine: neither a local
    // source nor a committed modules.json `Dir` may lead outside the repository, even through a symlink.
    if (!host.reader.isInside(dir)) {
      unavailable(`source "${call.source}" leads outside the repository`, true);
      continue;
    }
    if (path.includes(dir) || path.length >= MAX_MODULE_DEPTH) {
      unavailable('the module calls itself', true);
      continue;
    }
    const childConfig = await host.loadDir(dir);
    if (childConfig === undefined) {
      unavailable(`module directory "${call.source}" is missing or has no Terraform files`, true);
      continue;
    }
    children.set(call.name, { tree: await buildModuleTree(childConfig, host, manifest, childKey, path) });
  }
  return { config, key, children };
}
