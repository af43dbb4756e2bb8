/**
 * What the prefilter needs to know about a Terraform module directory, read lexically (no parsing):
 * whether it may matter to the rules (a seed word, `relevance-words.ts`), and which module directories it calls.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bytesHoldSeed, holdsSeed, TERRAFORM_SEEDS } from './relevance-words.js';

export interface ModuleDirectoryFacts {
  /**
   * Holds a seed word (`relevance-words.ts`: an access key, or a credlint suppression), or something
   * the lexical reading cannot rule out (an unreadable file, a `source` that is not a plain string).
   */
  readonly mayHoldCredentials: boolean;
  /** Absolute directories of the modules it calls (local sources and `modules.json` entries). */
  readonly calls: readonly string[];
}

/** Any mention of the word (decides whether `modules.json` is consulted). */
const MODULE_WORD = /\bmodule\b/;

/** `module "name" {` / `module name {` at the start of a line (block headers start lines in HCL). */
const MODULE_BLOCK = /^[ \t]*module[ \t]+(?:"[^"\n]*"|[A-Za-z_][\w-]*)[ \t]*\{/gm;

/** A `source` attribute; group 1 is its value when it is a plain quoted string. */
const SOURCE_ATTRIBUTE = /\bsource[ \t]*=[ \t]*(?:"([^"\\\n]*)")?/g;

/**
 * Terraform: "A local path must begin with either ./ or ../ to indicate that a local path is intended".
 * https://developer.hashicorp.com/terraform/language/modules/sources#local-paths
 */
function isLocalSource(source: string): boolean {
  return /^\.\.?[\\/]/.test(source);
}

interface TextFacts {
  readonly mayHoldCredentials: boolean;
  readonly hasModules: boolean;
  readonly localSources: readonly string[];
}

/**
 * Module calls of one `.tf` file. Every plain `source = "./..."` counts as a call (extra edges only
 * keep more). The `source` after each `module` header must be a plain string: one that is not (a
 * heredoc, escapes) cannot be followed, so the file then counts as relevant.
 */
export function readHclText(text: string): TextFacts {
  const hasModules = text.includes('module') && MODULE_WORD.test(text);
  const localSources: string[] = [];
  let opaqueSource = false;
  if (hasModules) {
    for (const match of text.matchAll(SOURCE_ATTRIBUTE)) {
      if (match[1] !== undefined && isLocalSource(match[1])) localSources.push(match[1]);
    }
    const sourceAfter = new RegExp(SOURCE_ATTRIBUTE.source, 'g');
    for (const header of text.matchAll(MODULE_BLOCK)) {
      sourceAfter.lastIndex = header.index + header[0].length;
      const source = sourceAfter.exec(text);
      if (!source || source[1] === undefined) opaqueSource = true;
    }
  }
  return { mayHoldCredentials: opaqueSource || holdsSeed(text, TERRAFORM_SEEDS), hasModules, localSources };
}

/**
 * `readHclText` for raw bytes. Most `.tf` files never mention `module` (about three in four in a
 * large monorepo): for those only the seed words matter, searched in the bytes (`bytesHoldSeed`)
 * without paying for a UTF-8 decode of every file. The rest are decoded as before.
 */
export function readHclBuffer(bytes: Buffer): TextFacts {
  if (bytes.indexOf('module') !== -1) return readHclText(bytes.toString('utf8'));
  return { mayHoldCredentials: bytesHoldSeed(bytes, TERRAFORM_SEEDS), hasModules: false, localSources: [] };
}

/** Module calls of one `.tf.json` file (`{"module": {"name": {"source": "./x"}}}`, blocks may be arrays). */
export function readJsonText(text: string): TextFacts {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { mayHoldCredentials: true, hasModules: false, localSources: [] };
  }
  const localSources: string[] = [];
  let opaqueSource = false;
  const modules = (value as { module?: unknown } | null)?.module;
  const bodies = (block: unknown): unknown[] => (Array.isArray(block) ? block : [block]);
  if (modules !== undefined) {
    for (const group of bodies(modules)) {
      if (typeof group !== 'object' || group === null) continue;
      for (const call of Object.values(group)) {
        for (const body of bodies(call)) {
          const source = (body as { source?: unknown } | null)?.source;
          if (typeof source !== 'string') opaqueSource = true;
          else if (isLocalSource(source)) localSources.push(source);
        }
      }
    }
  }
  return { mayHoldCredentials: opaqueSource || holdsSeed(text, TERRAFORM_SEEDS), hasModules: modules !== undefined, localSources };
}

/** Directories `terraform init` recorded for this root module (registry, git and local calls alike). */
function modulesJsonDirectories(dir: string): string[] {
  const file = join(dir, '.terraform', 'modules', 'modules.json');
  // Checked first: most directories have none, and a failed read (an exception) costs far more.
  if (!existsSync(file)) return [];
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
  const entries = (manifest as { Modules?: unknown } | null)?.Modules;
  if (!Array.isArray(entries)) return [];
  const dirs: string[] = [];
  for (const entry of entries) {
    const { Key: key, Dir: moduleDir } = (entry ?? {}) as { Key?: unknown; Dir?: unknown };
    if (key !== '' && typeof moduleDir === 'string') dirs.push(resolve(dir, moduleDir));
  }
  return dirs;
}

/**
 * Reads a module directory's `.tf`/`.tf.json` files (`files`, or all of them from disk when the
 * directory was not among the scanned files). An unreadable scanned file makes the directory
 * relevant, so that its loader reports it. Synchronous reads: thousands of small files, nothing to
 * overlap with, and sync reads are much cheaper than libuv round trips.
 */
export function readModuleDirectory(dir: string, files: readonly string[] | undefined): ModuleDirectoryFacts {
  let list = files;
  if (!list) {
    try {
      list = readdirSync(dir).filter((name) => name.endsWith('.tf') || name.endsWith('.tf.json')).map((name) => join(dir, name));
    } catch {
      return { mayHoldCredentials: false, calls: [] };
    }
  }
  let mayHoldCredentials = false;
  let hasModules = false;
  const calls = new Set<string>();
  for (const file of list) {
    let facts: TextFacts;
    try {
      facts = file.endsWith('.json') ? readJsonText(readFileSync(file, 'utf8')) : readHclBuffer(readFileSync(file));
    } catch {
      mayHoldCredentials ||= files !== undefined;
      continue;
    }
    mayHoldCredentials ||= facts.mayHoldCredentials;
    hasModules ||= facts.hasModules;
    for (const source of facts.localSources) calls.add(resolve(dir, source));
  }
  if (hasModules) for (const moduleDir of modulesJsonDirectories(dir)) calls.add(moduleDir);
  calls.delete(dir);
  return { mayHoldCredentials, calls: [...calls] };
}
