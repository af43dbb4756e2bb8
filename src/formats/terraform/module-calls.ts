/**
 * What the prefilter needs to know about a Terraform module directory, read lexically (no parsing):
 * whether it may matter to the rules (one of `seeds`: `terraform-words.ts`, derived per scan), and which module directories it calls.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FileReader } from '../../io/file-reader.js';
import { bytesHoldSeed, holdsSeed } from '../../core/seed-text.js';
import { withoutBom } from '../../core/source-text.js';
import { isConfigurationFile } from '../../terraform/configuration-files.js';

export interface ModuleDirectoryFacts {
  /**
   * Holds one of `seeds` (`terraform-words.ts`: a resource the rules report, or a credlint suppression), or something
   * the lexical reading cannot rule out (an unreadable file, a `source` that is not a plain string).
   */
  readonly mayHoldCredentials: boolean;
  /** Absolute directories of the modules it calls (local sources and `modules.json` entries). */
  readonly calls: readonly string[];
}

/** Any mention of the word (decides whether `modules.json` is consulted). */
const MODULE_WORD = /\bmodule\b/;

/**
 * `module "name" {` / `module name {` at the start of a line (block headers start lines in HCL):
 * the rest of such a header after the word `module`, tried at one position (sticky).
 */
const MODULE_HEADER_REST = /[ \t]+(?:"[^"\n]*"|[A-Za-z_][\w-]*)[ \t]*\{/y;

/**
 * The end offsets of the module block headers (`/^[ \t]*module[ \t]+(?:"[^"\n]*"|[A-Za-z_][\w-]*)[ \t]*\{/gm`),
 * found by searching for the word and checking the line start and the rest at each hit: that
 * multiline `^` pattern is tried at every line of the file, which measured several times slower on
 * the benchmark corpus. A property test checks both give the same ends.
 */
export function moduleHeaderEnds(text: string): number[] {
  const ends: number[] = [];
  for (let at = text.indexOf('module'); at !== -1; at = text.indexOf('module', at + 6)) {
    let k = at - 1;
    while (k >= 0 && (text[k] === ' ' || text[k] === '\t')) k -= 1;
    if (k >= 0 && !'\n\r\u2028\u2029'.includes(text[k] as string)) continue;
    MODULE_HEADER_REST.lastIndex = at + 6;
    if (MODULE_HEADER_REST.test(text)) ends.push(MODULE_HEADER_REST.lastIndex);
  }
  return ends;
}

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
export function readHclText(withBom: string, seeds: readonly string[]): TextFacts {
  // A byte order mark is not text: a block header on the first line still starts that line.
  const text = withoutBom(withBom);
  const hasModules = text.includes('module') && MODULE_WORD.test(text);
  const localSources: string[] = [];
  let opaqueSource = false;
  if (hasModules) {
    for (const match of text.matchAll(SOURCE_ATTRIBUTE)) {
      if (match[1] !== undefined && isLocalSource(match[1])) localSources.push(match[1]);
    }
    const sourceAfter = new RegExp(SOURCE_ATTRIBUTE.source, 'g');
    for (const end of moduleHeaderEnds(text)) {
      sourceAfter.lastIndex = end;
      const source = sourceAfter.exec(text);
      if (!source || source[1] === undefined) opaqueSource = true;
    }
  }
  return { mayHoldCredentials: opaqueSource || holdsSeed(text, seeds), hasModules, localSources };
}

/** Whether some line starts with `module` and a blank, as a module block header needs, searched in the bytes. */
function hasModuleHeader(bytes: Buffer): boolean {
  for (let at = bytes.indexOf('module'); at !== -1; at = bytes.indexOf('module', at + 6)) {
    const after = bytes[at + 6];
    if (after !== 0x20 && after !== 0x09) continue;
    let k = at - 1;
    while (k >= 0 && (bytes[k] === 0x20 || bytes[k] === 0x09)) k -= 1;
    // A line starts after \n, \r, U+2028 or U+2029 (E2 80 A8/A9), as for `^` in a multiline pattern.
    if (k < 0 || bytes[k] === 0x0a || bytes[k] === 0x0d) return true;
    // A byte order mark before the first line.
    if (k === 2 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return true;
    if (k >= 2 && (bytes[k] === 0xa8 || bytes[k] === 0xa9) && bytes[k - 1] === 0x80 && bytes[k - 2] === 0xe2) return true;
  }
  return false;
}

/**
 * `readHclText` for raw bytes. Most `.tf` files declare no `module` block (many mention the word,
 * as in `path.module`): for those only the seed words matter, searched in the bytes
 * (`bytesHoldSeed`) without decoding the file or running the module patterns over it. A file with
 * a block header is decoded and read as text.
 */
export function readHclBuffer(bytes: Buffer, seeds: readonly string[]): TextFacts {
  if (hasModuleHeader(bytes)) return readHclText(bytes.toString('utf8'), seeds);
  return { mayHoldCredentials: bytesHoldSeed(bytes, seeds), hasModules: bytes.includes('module'), localSources: [] };
}

/**
 * Module calls of one `.tf.json` file (`{"module": {"name": {"source": "./x"}}}`, blocks may be arrays).
 * A file that is not JSON declares nothing and calls nothing (its loader could only report the syntax
 * error): like a `.tf` file, it matters only if its text holds a seed word.
 */
export function readJsonText(text: string, seeds: readonly string[]): TextFacts {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { mayHoldCredentials: holdsSeed(text, seeds), hasModules: false, localSources: [] };
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
  return { mayHoldCredentials: opaqueSource || holdsSeed(text, seeds), hasModules: modules !== undefined, localSources };
}

/** Directories `terraform init` recorded for this root module (registry, git and local calls alike). */
export function modulesJsonDirectories(dir: string, reader: FileReader): string[] {
  const file = join(dir, '.terraform', 'modules', 'modules.json');
  // Checked first: most directories have none, and a failed read (an exception) costs far more.
  if (!existsSync(file)) return [];
  // A refused manifest (leading outside the repository, not a regular file) is noted by the loader.
  const read = reader.readBytes(file);
  if (!read.ok) return [];
  let manifest: unknown;
  try {
    manifest = JSON.parse(read.bytes.toString('utf8'));
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
 * directory was not among the scanned files). A scanned file that cannot be read (or is over
 * `maxBytes`) makes the directory relevant, so that its loader reports it. Synchronous reads:
 * thousands of small files, nothing to overlap with, and sync reads are much cheaper than libuv
 * round trips.
 */
export function readModuleDirectory(dir: string, files: readonly string[] | undefined, reader: FileReader, seeds: readonly string[]): ModuleDirectoryFacts {
  let list = files;
  if (!list) {
    // A called directory outside the repository is not read: what it holds cannot be ruled out, so
    // its caller is kept and the loader notes the call that leads outside.
    if (!reader.isInside(dir)) return { mayHoldCredentials: true, calls: [] };
    try {
      list = readdirSync(dir)
        .filter(isConfigurationFile)
        .map((name) => join(dir, name));
    } catch {
      return { mayHoldCredentials: false, calls: [] };
    }
  }
  let mayHoldCredentials = false;
  let hasModules = false;
  const calls = new Set<string>();
  for (const file of list) {
    const read = reader.readBytes(file);
    if (!read.ok) {
      mayHoldCredentials ||= files !== undefined;
      continue;
    }
    const facts = file.endsWith('.json') ? readJsonText(read.bytes.toString('utf8'), seeds) : readHclBuffer(read.bytes, seeds);
    mayHoldCredentials ||= facts.mayHoldCredentials;
    hasModules ||= facts.hasModules;
    for (const source of facts.localSources) calls.add(resolve(dir, source));
  }
  if (hasModules) for (const moduleDir of modulesJsonDirectories(dir, reader)) calls.add(moduleDir);
  calls.delete(dir);
  return { mayHoldCredentials, calls: [...calls] };
}
