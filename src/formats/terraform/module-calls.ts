/**
 * What the prefilter needs to know about a Terraform module directory, read lexically (no parsing):
 * whether it may matter to the rules (one of `seeds`: `terraform-words.ts`, derived per scan), and which module directories it calls.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FileReader } from '../../io/file-reader.js';
import { decodesAsText } from '../../io/read-source.js';
import { bytesHoldSeed, holdsSeed } from '../../core/seed-text.js';
import { withoutBom } from '../../core/source-text.js';
import { isConfigurationFile } from '../../terraform/configuration-files.js';
import { appendAll } from '../../core/append-all.js';
import { jsonValue, parseJsonText, parseJsonTree, type JsonNode } from '../../core/json-tree.js';
import { countJsonNodes } from '../../core/count-structure.js';
import { DEFAULT_LIMITS } from '../../core/limits.js';

export interface ModuleDirectoryFacts {
  /**
   * Holds one of `seeds` (`terraform-words.ts`: a resource the rules report, or a credlint suppression), or something
   * the lexical reading cannot rule out (an unreadable file, a `source` that is not a plain string).
   */
  readonly mayHoldCredentials: boolean;
  /**
   * Its analysis may give a "not analysed" note (`src/terraform/module/module-tree.ts`), which must not
   * depend on the prefilter: it calls a registry or git module that its own
   * `.terraform/modules/modules.json` does not list, or it is a called directory that is missing or
   * holds no configuration file.
   */
  readonly mayNote: boolean;
  /**
   * It calls a registry or git module: when another directory calls this one, the caller's
   * `modules.json` decides whether that module was downloaded, so the call may be noted.
   */
  readonly remoteCalls: boolean;
  /** Absolute directories of the modules it calls (local sources and `modules.json` entries). */
  readonly calls: readonly string[];
  /**
   * Each configuration file read → whether it declares a module block (`hasModuleHeader`; for
   * `.tf.json`, a `module` key) or could not be read: what the notes of its calls need
   * (`remote-call-notes.ts`), known without reading it again.
   */
  readonly moduleBlocks: ReadonlyMap<string, boolean>;
}

/** Any mention of the word (decides whether `modules.json` is consulted). */
const MODULE_WORD = /\bmodule\b/;

/**
 * `module "name" {` / `module name {` at the start of a line (block headers start lines in HCL):
 * the rest of such a header after the word `module`, tried at one position (sticky); group 1 is the
 * quoted name, group 2 the bare one.
 */
const MODULE_HEADER_REST = /[ \t]+(?:"([^"\n]*)"|([A-Za-z_][\w-]*))[ \t]*\{/y;

/**
 * The end offsets of the module block headers (`/^[ \t]*module[ \t]+(?:"[^"\n]*"|[A-Za-z_][\w-]*)[ \t]*\{/gm`),
 * found by searching for the word and checking the line start and the rest at each hit: that
 * multiline `^` pattern is tried at every line of the file, which measured several times slower on
 * the benchmark corpus. A property test checks both give the same ends.
 */
export function moduleHeaderEnds(text: string): number[] {
  return moduleHeaders(text).map((header) => header.end);
}

/** The module block headers: the call's name (escapes left as written) and the header's end offset. */
function moduleHeaders(text: string): { readonly name: string; readonly end: number }[] {
  const headers: { name: string; end: number }[] = [];
  for (let at = text.indexOf('module'); at !== -1; at = text.indexOf('module', at + 6)) {
    let k = at - 1;
    while (k >= 0 && (text[k] === ' ' || text[k] === '\t')) k -= 1;
    if (k >= 0 && !'\n\r\u2028\u2029'.includes(text[k] as string)) continue;
    MODULE_HEADER_REST.lastIndex = at + 6;
    const header = MODULE_HEADER_REST.exec(text);
    if (header !== null) headers.push({ name: header[1] ?? header[2] ?? '', end: MODULE_HEADER_REST.lastIndex });
  }
  return headers;
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

/**
 * A `source` holding a template sequence, which only OpenTofu's early evaluation computes
 * (`src/terraform/module/static-sources.ts`): it cannot be followed lexically.
 */
function isComputed(source: string): boolean {
  return source.includes('${') || source.includes('%{');
}

/** Every quoted local path of a text (`"./modules/user"`, also inside an interpolation). */
const QUOTED_LOCAL_PATH = /"(\.\.?[\\/][^"\\\n$%]*)"/g;

/**
 * The local paths a file with a computed `source` may call: every quoted local path it holds (the
 * loader evaluates the source, and keeps the paths its locals and defaults name as called,
 * `sourceCandidates`); extra edges only keep more.
 */
function quotedLocalPaths(text: string): string[] {
  return [...text.matchAll(QUOTED_LOCAL_PATH)].flatMap((match) => (match[1] === undefined ? [] : [match[1]]));
}

interface TextFacts {
  readonly mayHoldCredentials: boolean;
  readonly hasModules: boolean;
  readonly localSources: readonly string[];
  /** Names of the module calls whose `source` is a plain string that is not a local path (registry, git, URL). */
  readonly remoteCalls: readonly string[];
  /**
   * In a file with a `source` computed early: its quoted local paths (also in `localSources`), which
   * the computed source may extend (`"${local.modules}/user"`), so that a directory under one may be called too.
   */
  readonly computedPaths?: readonly string[];
}

/**
 * The first `source` attribute at or after `from`, as `after` (the pattern, global) finds it searching
 * from there, taken from `sources` (every match of the text, in order). Searching the rest of the text
 * from each module header made a file of headers with no `source` after them quadratic: 40,000 lines of
 * `module "m" {` took 2 s in the prefilter, and a file at the size limit minutes, which the scan
 * deadline, read between files, does not interrupt. The match listed first at or after `from` is the one
 * the search finds unless an earlier match runs past `from` (a header's quoted name holding
 * `source = "`), where the search runs as before, up to the next match.
 */
function firstSourceFrom(text: string, from: number, sources: readonly RegExpExecArray[], after: RegExp): RegExpExecArray | null {
  let low = 0;
  let high = sources.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sources[middle] as RegExpExecArray).index < from) low = middle + 1;
    else high = middle;
  }
  const before = sources[low - 1];
  if (before === undefined || before.index + before[0].length <= from) return sources[low] ?? null;
  after.lastIndex = from;
  return after.exec(text);
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
  const remoteCalls: string[] = [];
  let opaqueSource = false;
  if (hasModules) {
    const sources = [...text.matchAll(SOURCE_ATTRIBUTE)];
    for (const match of sources) {
      if (match[1] !== undefined && !isComputed(match[1]) && isLocalSource(match[1])) localSources.push(match[1]);
    }
    const sourceAfter = new RegExp(SOURCE_ATTRIBUTE.source, 'g');
    for (const { name, end } of moduleHeaders(text)) {
      const source = firstSourceFrom(text, end, sources, sourceAfter);
      if (!source || source[1] === undefined || isComputed(source[1])) opaqueSource = true;
      else if (!isLocalSource(source[1])) remoteCalls.push(name);
    }
  }
  const computedPaths = opaqueSource ? quotedLocalPaths(text) : [];
  appendAll(localSources, computedPaths);
  return { mayHoldCredentials: opaqueSource || holdsSeed(text, seeds), hasModules, localSources, remoteCalls, ...(opaqueSource ? { computedPaths } : {}) };
}

/** Whether some line starts with `module` and a blank, as a module block header needs, searched in the bytes. */
export function hasModuleHeader(bytes: Buffer): boolean {
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
  return readHclBytes(bytes, seeds, hasModuleHeader(bytes));
}

/** `readHclBuffer` when whether the bytes hold a module block header (`hasModuleHeader`) is known. */
function readHclBytes(bytes: Buffer, seeds: readonly string[], declares: boolean): TextFacts {
  if (declares) return readHclText(bytes.toString('utf8'), seeds);
  return { mayHoldCredentials: bytesHoldSeed(bytes, seeds), hasModules: bytes.includes('module'), localSources: [], remoteCalls: [] };
}

/**
 * The values of every `"module"` property at the top level of a `.tf.json` file, read as HCL's JSON
 * syntax reads a body (`tf-json-body.ts`, which the loader uses): the root object's, or each object's of
 * an array root, a property written twice being two blocks. Read from the tree here, so that a scan's
 * relevance pass loads none of the Terraform analysers (README, "Performance").
 */
function moduleBlocks(root: JsonNode): unknown[] {
  const objects = root.type === 'array' ? (root.children ?? []).filter((child) => child.type === 'object') : root.type === 'object' ? [root] : [];
  const blocks: unknown[] = [];
  for (const object of objects) {
    for (const property of object.children ?? []) {
      const [key, value] = property.children ?? [];
      if (key?.value === 'module' && value !== undefined) blocks.push(jsonValue(value));
    }
  }
  return blocks;
}

/**
 * Module calls of one `.tf.json` file (`{"module": {"name": {"source": "./x"}}}`, blocks may be arrays).
 * A file that is not JSON declares nothing and calls nothing (its loader could only report the syntax
 * error): like a `.tf` file, it matters only if its text holds a seed word. One Terraform refuses
 * otherwise (a key written twice in a block) is read for its calls all the same; the loader reports it.
 */
export function readJsonText(text: string, seeds: readonly string[]): TextFacts {
  // Counted before the tree is built, as the loader counts (`read-module-files.ts`): a tree of millions of
  // nodes costs hundreds of megabytes. A file over the default limit is read for its seed words alone;
  // the loader reports it, or parses it under a raised limit and follows its calls then.
  const small = countJsonNodes(text, DEFAULT_LIMITS.parseNodes).within;
  const { root, error } = small ? parseJsonTree(text, 'strict') : { root: undefined, error: undefined };
  if (root === undefined || error !== undefined) return { mayHoldCredentials: holdsSeed(text, seeds), hasModules: false, localSources: [], remoteCalls: [] };
  const localSources: string[] = [];
  const remoteCalls: string[] = [];
  let opaqueSource = false;
  // `"module"` written twice, or in each object of an array root, is more calls.
  const modules = moduleBlocks(root);
  const bodies = (block: unknown): unknown[] => (Array.isArray(block) ? block : [block]);
  for (const block of modules) {
    for (const group of bodies(block)) {
      if (typeof group !== 'object' || group === null) continue;
      for (const [name, call] of Object.entries(group)) {
        for (const body of bodies(call)) {
          const source = (body as { source?: unknown } | null)?.source;
          if (typeof source !== 'string' || isComputed(source)) opaqueSource = true;
          else if (isLocalSource(source)) localSources.push(source);
          else remoteCalls.push(name);
        }
      }
    }
  }
  const computedPaths = opaqueSource ? quotedLocalPaths(text) : [];
  appendAll(localSources, computedPaths);
  return {
    mayHoldCredentials: opaqueSource || holdsSeed(text, seeds),
    hasModules: modules.length > 0,
    localSources,
    remoteCalls,
    ...(opaqueSource ? { computedPaths } : {}),
  };
}

/** Directories `terraform init` recorded for this root module (registry, git and local calls alike). */
export function modulesJsonDirectories(dir: string, reader: FileReader): string[] {
  return modulesJsonEntries(dir, reader).map((entry) => entry.dir);
}

/** The entries of this root module's `modules.json`: the dotted call path (`Key`) and the absolute directory. */
function modulesJsonEntries(dir: string, reader: FileReader): { readonly key: string; readonly dir: string }[] {
  const file = join(dir, '.terraform', 'modules', 'modules.json');
  // Checked first: most directories have none, and a failed read (an exception) costs far more.
  if (!reader.exists(file)) return [];
  // A refused manifest (leading outside the repository, not a regular file) is noted by the loader.
  const read = reader.readBytes(file);
  if (!read.ok) return [];
  let manifest: unknown;
  try {
    manifest = parseJsonText(read.bytes.toString('utf8'));
  } catch {
    return [];
  }
  const entries = (manifest as { Modules?: unknown } | null)?.Modules;
  if (!Array.isArray(entries)) return [];
  const found: { key: string; dir: string }[] = [];
  for (const entry of entries) {
    const { Key: key, Dir: moduleDir } = (entry ?? {}) as { Key?: unknown; Dir?: unknown };
    if (typeof key === 'string' && key !== '' && typeof moduleDir === 'string') found.push({ key, dir: resolve(dir, moduleDir) });
  }
  return found;
}

/**
 * Reads a module directory's `.tf`/`.tf.json` files (`files`, or all of them from disk when the
 * directory was not among the scanned files). A scanned file that cannot be read (or is over
 * `maxBytes`) makes the directory relevant, so that its loader reports it. Synchronous reads:
 * thousands of small files, nothing to overlap with, and sync reads are much cheaper than libuv
 * round trips. With `retain`, the bytes of the files a loader will likely read are kept for it
 * (`FileReader.retain`).
 */
export function readModuleDirectory(
  dir: string,
  files: readonly string[] | undefined,
  reader: FileReader,
  seeds: readonly string[],
  retain = false,
): ModuleDirectoryFacts {
  let list = files;
  if (!list) {
    // A called directory outside the repository is not read: what it holds cannot be ruled out, so
    // its caller is kept and the loader notes the call that leads outside.
    if (!reader.isInside(dir)) return { mayHoldCredentials: true, mayNote: false, remoteCalls: false, calls: [], moduleBlocks: new Map() };
    try {
      list = readdirSync(dir)
        .filter(isConfigurationFile)
        .map((name) => join(dir, name));
    } catch {
      // The loader notes a called directory that is missing.
      return { mayHoldCredentials: false, mayNote: true, remoteCalls: false, calls: [], moduleBlocks: new Map() };
    }
    // And one without configuration files.
    if (list.length === 0) return { mayHoldCredentials: false, mayNote: true, remoteCalls: false, calls: [], moduleBlocks: new Map() };
  }
  let mayHoldCredentials = false;
  let hasModules = false;
  const remoteCalls = new Set<string>();
  const calls = new Set<string>();
  const moduleBlocks = new Map<string, boolean>();
  for (const file of list) {
    const read = reader.readBytes(file);
    if (!read.ok) {
      mayHoldCredentials ||= files !== undefined;
      // Parsed for the notes, so that it gives its diagnostic.
      moduleBlocks.set(file, true);
      continue;
    }
    const json = file.endsWith('.json');
    const header = !json && hasModuleHeader(read.bytes);
    const facts = json ? readJsonText(read.bytes.toString('utf8'), seeds) : readHclBytes(read.bytes, seeds, header);
    const declares = json ? facts.hasModules : header;
    moduleBlocks.set(file, declares);
    // Not UTF-8 text (UTF-16, an invalid sequence, a NUL byte): its loader reports a parse error, which
    // must not depend on the prefilter (the seed words of its bytes cannot rule it out).
    const undecodable = !decodesAsText(read.bytes);
    // A file that may hold credentials is loaded, one declaring module blocks likely parsed for its
    // calls' notes: its bytes are kept for that read (`FileReader.retain`), so it is read once.
    if (retain && (facts.mayHoldCredentials || declares || undecodable)) reader.retain(file, read.bytes);
    mayHoldCredentials ||= facts.mayHoldCredentials || undecodable;
    hasModules ||= facts.hasModules;
    for (const source of facts.localSources) calls.add(resolve(dir, source));
    for (const name of facts.remoteCalls) remoteCalls.add(name);
  }
  // As a root module, a registry or git call is analysed when this directory's modules.json lists it
  // under its name (https://developer.hashicorp.com/terraform/cli/init); otherwise it is noted.
  const listed = hasModules ? modulesJsonEntries(dir, reader) : [];
  for (const entry of listed) calls.add(entry.dir);
  const keys = new Set(listed.map((entry) => entry.key));
  calls.delete(dir);
  return { mayHoldCredentials, mayNote: [...remoteCalls].some((name) => !keys.has(name)), remoteCalls: remoteCalls.size > 0, calls: [...calls], moduleBlocks };
}
