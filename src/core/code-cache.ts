import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  futimesSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { isAscii } from 'node:buffer';
import nodeModule, { createRequire, Module } from 'node:module';
import path from 'node:path';
import { nodeCrypto } from './node-crypto.js';

/**
 * The CLI's compiled-code cache (README, "Performance"; docs/security.md, "Code cache"). Compiling
 * `typescript`'s 9 MB bundle costs a one-file CDK scan about 0.2 s of CPU on every run; V8 can
 * serialise the code it compiled and accept it back on the next run, skipping most of that work.
 * `yaml` is 72 small CommonJS files: Node resolves each `require` of them (file system checks, the
 * nearest `package.json`) before compiling it; loaded through the cache, a relative `require` of a
 * file inside the package is a path join and the file's code comes from the package's entry.
 *
 * V8 trusts a code cache it accepts: it checks versions, flags and the source's length, not that the
 * bytes are the ones it wrote. So the cache lives only in a directory of the current user's, created
 * with mode 0700 (`$XDG_CACHE_HOME/credlint`, else `~/.cache/credlint`), never in a shared temporary
 * directory nor in a scanned repository; the directory and each file must be owned by the user and
 * writable by nobody else; each entry (one per package) records the package's directory and the
 * Node/V8 versions it was made for, each file's path, size and modification time, and a SHA-256 of
 * its bytes checked before V8 sees them. The directory is kept small (`pruneEntries`): an entry
 * whose package directory is gone is removed, and past `MAX_ENTRIES` the least recently used go. Any
 * problem (no home directory, a read-only file system, a stale, corrupted or rejected entry) falls
 * back silently to an ordinary load. `CREDLINT_CODE_CACHE=0` turns it off.
 *
 * Only the CLI turns it on (`enableCodeCache`): the library API and the ESLint plugin load packages
 * the ordinary way, and a package loaded through the cache is registered in `require.cache` under its
 * own file name, so any later `require` of it in the process gets the same instance.
 */

const MAGIC = 'credlint-code-cache 2';

/** credlint's own `require`: its `cache` is Node's module cache, the same object for every `require`. */
const ownRequire = createRequire(import.meta.url);

const sha256 = (data: string | Buffer) => nodeCrypto().createHash('sha256').update(data).digest('hex');

type State = { readonly kind: 'off' } | { readonly kind: 'node' } | { readonly kind: 'vm'; readonly env: NodeJS.ProcessEnv };
let state: State = { kind: 'off' };

/** Whether `CREDLINT_CODE_CACHE` turns the cache off (`0`, `false`, `off`, `no`). */
function disabledByEnvironment(env: NodeJS.ProcessEnv): boolean {
  const value = env['CREDLINT_CODE_CACHE']?.trim().toLowerCase();
  return value === '0' || value === 'false' || value === 'off' || value === 'no';
}

/**
 * The user's cache directory for credlint, created 0700 if missing; undefined when it cannot be made
 * safe: no home, not a directory (a symbolic link included), not owned by the user, or writable by
 * group or others.
 */
export function codeCacheDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const uid = process.getuid?.();
  if (uid === undefined) return undefined;
  const xdg = env['XDG_CACHE_HOME'];
  // The XDG Base Directory specification ignores a relative $XDG_CACHE_HOME.
  let base = xdg !== undefined && path.isAbsolute(xdg) ? xdg : undefined;
  if (base === undefined) {
    const home = (ownRequire('node:os') as typeof import('node:os')).homedir();
    if (!path.isAbsolute(home)) return undefined;
    base = path.join(home, '.cache');
  }
  const dir = path.join(base, 'credlint');
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = lstatSync(dir);
    if (!stat.isDirectory() || stat.uid !== uid || (stat.mode & 0o077) !== 0) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

/**
 * Turns the cache on for this process (the CLI calls it first). Node 22.1 and later cache compiled
 * code themselves (`module.enableCompileCache`), for credlint's own modules too: then that cache is
 * used, in the same directory. Never throws.
 */
export function enableCodeCache(env: NodeJS.ProcessEnv = process.env): void {
  if (disabledByEnvironment(env)) return;
  const nodeCache = (nodeModule as { enableCompileCache?: (dir: string) => { status: number } }).enableCompileCache;
  if (nodeCache) {
    const dir = codeCacheDirectory(env);
    if (dir === undefined) return;
    try {
      const status = nodeCache(path.join(dir, 'node-compile-cache')).status;
      // `module.constants.compileCacheStatus`: ENABLED (1) or ALREADY_ENABLED (2).
      if (status === 1 || status === 2) {
        state = { kind: 'node' };
        return;
      }
    } catch {
      // Fall through to credlint's own cache.
    }
  }
  // The directory is made when a package is first loaded through the cache: most scans load none.
  state = { kind: 'vm', env };
}

/** The key an entry must carry: what makes compiled code valid for a package in this process. */
function entryKey(root: string): string {
  return JSON.stringify({ package: root, node: process.version, v8: process.versions.v8, arch: process.arch });
}

/** The entry's file: one per package directory (a new version of a package replaces its files' code). */
function entryPath(dir: string, root: string): string {
  return path.join(dir, `${sha256(root).slice(0, 32)}.v8cache`);
}

/** The bytes stored for `key` after the header, if the entry is the user's own, intact and made for `key`. */
function readEntry(entry: string, key: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(entry, constants.O_RDONLY | constants.O_NOFOLLOW);
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.uid !== process.getuid?.() || (stat.mode & 0o022) !== 0) return undefined;
    const bytes = readFileSync(fd);
    const header = `${MAGIC}\n${key}\n`;
    if (!bytes.subarray(0, header.length).equals(Buffer.from(header))) return undefined;
    const digestEnd = bytes.indexOf(10, header.length);
    if (digestEnd < 0) return undefined;
    const digest = bytes.toString('latin1', header.length, digestEnd);
    const data = bytes.subarray(digestEnd + 1);
    if (sha256(data) !== digest) return undefined;
    markUsed(fd, stat.mtimeMs);
    return data;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Writes an entry atomically (a new file of the user's, 0600, renamed into place); ignores failure. */
function writeEntry(entry: string, key: string, data: Buffer): void {
  const temporary = `${entry}.${nodeCrypto().randomBytes(6).toString('hex')}.tmp`;
  try {
    const digest = sha256(data);
    writeFileSync(temporary, Buffer.concat([Buffer.from(`${MAGIC}\n${key}\n${digest}\n`), data]), { flag: 'wx', mode: 0o600 });
    renameSync(temporary, entry);
  } catch {
    rmSync(temporary, { force: true });
    return;
  }
  pruneEntries(path.dirname(entry), entry);
}

/**
 * At most this many entries are kept. There is one per package directory, so every install of
 * credlint that scans CDK source or YAML adds one (about 2.6 MB for `typescript`, 0.2 MB for `yaml`):
 * `npx` caches, pre-commit environments, CI workspaces, projects since deleted.
 */
const MAX_ENTRIES = 16;
/** An entry's modification time is its last use, refreshed at most this often (a use costs no write). */
const USE_RESOLUTION_MS = 60 * 60 * 1000;
/** A temporary file this old was left by a process that stopped between writing and renaming it. */
const ABANDONED_TEMPORARY_MS = 60 * 60 * 1000;

/** Records a use of the entry open as `fd`: its modification time is what `pruneEntries` keeps the most recent by. */
function markUsed(fd: number, mtimeMs: number): void {
  const now = Date.now();
  if (now - mtimeMs < USE_RESOLUTION_MS) return;
  try {
    futimesSync(fd, now / 1000, now / 1000);
  } catch {
    // A read-only cache is still used; its entries just age.
  }
}

/** The package directory an entry was made for (its key's `package`), when its first lines say so. */
function entryPackage(file: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
    const head = Buffer.alloc(4096);
    const read = readSync(fd, head, 0, head.length, 0);
    const [magic, key] = head.toString('utf8', 0, read).split('\n');
    if (magic !== MAGIC || key === undefined) return undefined;
    const root = (JSON.parse(key) as { package?: unknown } | null)?.package;
    return typeof root === 'string' && path.isAbsolute(root) ? root : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const ENTRY_NAME = /^[0-9a-f]{32}\.v8cache$/;
const TEMPORARY_NAME = /^[0-9a-f]{32}\.v8cache\.[0-9a-f]{12}\.tmp$/;

/**
 * Keeps the cache directory from growing without end, after an entry was written (the first run of
 * an install, or after an upgrade: never on the way of a run that found its code). Only regular files
 * of the user's named as entries or their temporary files are looked at (symbolic links are not
 * followed); nothing else in the directory is touched. Removed: an entry whose package directory no
 * longer holds a `package.json` (its code can never be used again), a temporary file abandoned an
 * hour ago, and, past `MAX_ENTRIES`, the least recently used entries (the one just written is kept).
 * An entry of another format (another credlint release) is not removed for that. Failures are ignored.
 */
function pruneEntries(dir: string, written: string): void {
  try {
    const uid = process.getuid?.();
    const now = Date.now();
    const kept: { readonly file: string; readonly usedMs: number }[] = [];
    for (const name of readdirSync(dir)) {
      const entry = ENTRY_NAME.test(name);
      if (!entry && !TEMPORARY_NAME.test(name)) continue;
      const file = path.join(dir, name);
      const stat = lstatSync(file, { throwIfNoEntry: false });
      if (!stat?.isFile() || stat.uid !== uid) continue;
      if (!entry) {
        if (now - stat.mtimeMs > ABANDONED_TEMPORARY_MS) removeQuietly(file);
        continue;
      }
      if (file === written) continue;
      const root = entryPackage(file);
      if (root !== undefined && !existsSync(path.join(root, 'package.json'))) removeQuietly(file);
      else kept.push({ file, usedMs: stat.mtimeMs });
    }
    // The entry just written counts as one of the entries kept.
    kept.sort((a, b) => b.usedMs - a.usedMs);
    for (const { file } of kept.slice(MAX_ENTRIES - 1)) removeQuietly(file);
  } catch {
    // An unreadable directory: nothing to prune.
  }
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already removed by another run, or not ours to remove.
  }
}

/** The code stored for one file of a package, valid while the file keeps its size and modification time. */
interface StoredCode {
  readonly size: number;
  readonly mtimeMs: number;
  /** Whether the file was ASCII only (then it is read as Latin-1: `wrappedSource`). */
  readonly ascii: boolean;
  readonly data: Buffer;
}

/** What an entry's data starts with: one JSON line listing its files, then their code, in that order. */
interface IndexLine {
  readonly file: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly ascii: boolean;
  readonly length: number;
}

/** The files' code in an entry's data (file relative to the package → code); empty when it is malformed. */
function parseEntryData(data: Buffer): Map<string, StoredCode> {
  const stored = new Map<string, StoredCode>();
  const lineEnd = data.indexOf(10);
  if (lineEnd < 0) return stored;
  let index: unknown;
  try {
    index = JSON.parse(data.toString('utf8', 0, lineEnd));
  } catch {
    return stored;
  }
  if (!Array.isArray(index)) return stored;
  let offset = lineEnd + 1;
  for (const line of index as unknown[]) {
    const { file, size, mtimeMs, ascii, length } = (line ?? {}) as Partial<IndexLine>;
    if (typeof file !== 'string' || typeof size !== 'number' || typeof mtimeMs !== 'number' || typeof ascii !== 'boolean' || typeof length !== 'number')
      return new Map();
    if (!Number.isSafeInteger(length) || length < 0 || offset + length > data.length) return new Map();
    stored.set(file, { size, mtimeMs, ascii, data: data.subarray(offset, offset + length) });
    offset += length;
  }
  return stored;
}

/** A package loaded through the cache in this process. */
interface CachedPackage {
  /** Its directory (a real path), where its `package.json` is. */
  readonly root: string;
  readonly entry: string;
  readonly key: string;
  /** Code from the entry, by file relative to `root`. */
  readonly stored: ReadonlyMap<string, StoredCode>;
  /** This process's compiled files, by file relative to `root`: what the entry is rewritten from. */
  readonly compiled: Map<string, { readonly script: import('node:vm').Script; readonly size: number; readonly mtimeMs: number; readonly ascii: boolean }>;
  /** Directories inside the package (relative) → whether they hold a `package.json` of their own. */
  readonly packageJsonIn: Map<string, boolean>;
  /** Some file had no valid code: the entry is rewritten at exit. */
  stale: boolean;
}

const packages = new Map<string, CachedPackage>();

/** The package's directory: where `node_modules/<name>` ends in the resolved entry file's path, else the file's directory. */
function packageRoot(file: string, name: string): string {
  const marker = `${path.sep}node_modules${path.sep}${name.split('/').join(path.sep)}${path.sep}`;
  const at = file.lastIndexOf(marker);
  return at < 0 ? path.dirname(file) : file.slice(0, at + marker.length - 1);
}

/** The package at `root`, if its `package.json` makes its `.js` files CommonJS; its entry read once. */
function openPackage(root: string, dir: string): CachedPackage | undefined {
  const known = packages.get(root);
  if (known) return known;
  try {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { type?: unknown } | null;
    if (manifest?.type === 'module') return undefined;
  } catch {
    return undefined;
  }
  const key = entryKey(root);
  const entry = entryPath(dir, root);
  const data = readEntry(entry, key);
  const opened: CachedPackage = {
    root,
    entry,
    key,
    stored: data ? parseEntryData(data) : new Map(),
    compiled: new Map(),
    packageJsonIn: new Map(),
    stale: false,
  };
  packages.set(root, opened);
  return opened;
}

/** Marks the package's entry for rewriting, at exit, with every file compiled by then (and the functions the scan compiled since). */
function markStale(cached: CachedPackage): void {
  if (cached.stale) return;
  cached.stale = true;
  process.once('exit', () => {
    const lines: IndexLine[] = [];
    const blobs: Buffer[] = [];
    for (const [file, { script, size, mtimeMs, ascii }] of cached.compiled) {
      const data = script.createCachedData();
      lines.push({ file, size, mtimeMs, ascii, length: data.length });
      blobs.push(data);
    }
    writeEntry(cached.entry, cached.key, Buffer.concat([Buffer.from(`${JSON.stringify(lines)}\n`), ...blobs]));
  });
}

/**
 * The file's status when `file` is a CommonJS file of the package that Node would load under this very
 * name: a regular `.js` file inside the package's directory, with no `package.json` between them (which
 * could make it an ES module), whose real path is itself (Node names a module by its real path).
 */
function plainPackageFile(cached: CachedPackage, file: string): Stats | undefined {
  if (!file.endsWith('.js') || !file.startsWith(cached.root + path.sep)) return undefined;
  for (let dir = path.dirname(file); dir !== cached.root; dir = path.dirname(dir)) {
    let holds = cached.packageJsonIn.get(dir);
    if (holds === undefined) {
      holds = existsSync(path.join(dir, 'package.json'));
      cached.packageJsonIn.set(dir, holds);
    }
    if (holds) return undefined;
  }
  try {
    const stat = lstatSync(file);
    return stat.isFile() && realpathSync.native(file) === file ? stat : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The `require` a package file gets: its relative requires of the package's own `.js` files (`./x.js`,
 * `../y/z.js`) load through the cache; anything else (built-in modules, other packages, any other
 * form) is the ordinary `require` of that file.
 */
function packageRequire(cached: CachedPackage, file: string): NodeJS.Require {
  // Made on first use: most package files require only their package's own files.
  let ordinaryRequire: NodeJS.Require | undefined;
  const ordinary = () => (ordinaryRequire ??= createRequire(file));
  const required = (specifier: string): unknown => {
    if ((specifier.startsWith('./') || specifier.startsWith('../')) && specifier.endsWith('.js')) {
      const target = path.resolve(path.dirname(file), specifier);
      const known = ownRequire.cache[target];
      if (known) return known.exports;
      const stat = plainPackageFile(cached, target);
      if (stat) return requireThroughCache(cached, target, stat);
    }
    return ordinary()(specifier);
  };
  return Object.defineProperties(required, {
    resolve: { get: () => ordinary().resolve },
    main: { get: () => ordinary().main },
    cache: { value: ownRequire.cache },
  }) as NodeJS.Require;
}

/** The function Node wraps every CommonJS module in, around the file's text. */
const WRAPPER_START = '(function (exports, require, module, __filename, __dirname) { ';
const WRAPPER_END = '\n});';

/**
 * The file's text wrapped as Node's loader wraps it (read as UTF-8, without a byte order mark), or
 * undefined when the file is not `size` bytes long any more or starts with `#!`. A file of ASCII only
 * (`typescript`'s 9 MB bundle, `yaml`) is read into one buffer between the wrapper's two halves and
 * copied into a string once as Latin-1, the same text: decoding `typescript.js` as UTF-8 and then
 * joining it with the wrapper cost a CDK scan about 120 ms of CPU more. Checking that a file is ASCII
 * costs about 20 ms for that file; the package's entry records it (`ascii`) with the file's size and
 * modification time, as it does its code.
 */
function wrappedSource(file: string, size: number, ascii: boolean | undefined): { readonly text: string; readonly ascii: boolean } | undefined {
  const start = WRAPPER_START.length;
  const buffer = Buffer.allocUnsafe(start + size + WRAPPER_END.length);
  buffer.write(WRAPPER_START, 0, 'latin1');
  const fd = openSync(file, 'r');
  let read = 0;
  try {
    for (let got = -1; got !== 0 && read < size; read += got) got = readSync(fd, buffer, start + read, size - read, null);
    // One byte more means the file grew since its size was taken.
    if (read === size && readSync(fd, Buffer.alloc(1), 0, 1, null) !== 0) return undefined;
  } finally {
    closeSync(fd);
  }
  const body = buffer.subarray(start, start + size);
  if (read !== size || (body[0] === 0x23 && body[1] === 0x21)) return undefined;
  if (ascii ?? isAscii(body)) {
    buffer.write(WRAPPER_END, start + size, 'latin1');
    return { text: buffer.toString('latin1'), ascii: true };
  }
  const text = body.toString('utf8');
  return { text: `${WRAPPER_START}${text.charCodeAt(0) === 0xfeff ? text.slice(1) : text}${WRAPPER_END}`, ascii: false };
}

/**
 * Runs the CommonJS file `file` of a package as Node's loader would, compiled with the cached code when
 * there is valid code for it; when there was none, or V8 rejected it, the package's entry is rewritten
 * at exit.
 */
function requireThroughCache(cached: CachedPackage, file: string, stat: Stats): unknown {
  const require = ownRequire;
  const known = require.cache[file];
  if (known) return known.exports;
  const relative = path.relative(cached.root, file);
  const listed = cached.stored.get(relative);
  const stored = listed?.size === stat.size && listed.mtimeMs === stat.mtimeMs ? listed : undefined;
  const source = wrappedSource(file, stat.size, stored?.ascii);
  // A file changing as it is read, or a script (Node strips its `#!` line): the ordinary way.
  if (source === undefined) return require(file);
  const cachedData = stored?.data;
  const script = new (require('node:vm') as typeof import('node:vm')).Script(source.text, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  cached.compiled.set(relative, { script, size: stat.size, mtimeMs: stat.mtimeMs, ascii: source.ascii });
  if (!cachedData || script.cachedDataRejected === true) markStale(cached);
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  const module = new Module(file);
  module.filename = file;
  require.cache[file] = module;
  try {
    wrapper.call(module.exports, module.exports, packageRequire(cached, file), module, file, path.dirname(file));
  } catch (error) {
    // As Node does: a module that threw is not kept.
    Reflect.deleteProperty(require.cache, file);
    throw error;
  }
  module.loaded = true;
  return module.exports;
}

/**
 * Requires the package `name` resolved from credlint's location, through the code cache when the CLI
 * turned it on and the package is CommonJS (its entry and the files it requires relatively, one cache
 * entry for the package); otherwise the ordinary way. Errors of resolution (a missing package) are
 * the ordinary `require`'s.
 */
export function requireWithCodeCache(name: string): unknown {
  const require = ownRequire;
  if (state.kind !== 'vm') return require(name);
  const file = require.resolve(name);
  if (!path.isAbsolute(file)) return require(name);
  const dir = codeCacheDirectory(state.env);
  const cached = dir === undefined ? undefined : openPackage(packageRoot(file, name), dir);
  const stat = cached && plainPackageFile(cached, file);
  if (!cached || !stat) return require(name);
  return requireThroughCache(cached, file, stat);
}
