import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import nodeModule, { createRequire, Module } from 'node:module';
import path from 'node:path';
import { nodeCrypto } from './node-crypto.js';

/**
 * The CLI's compiled-code cache (README, "Performance"; docs/security.md, "Code cache"). Compiling
 * `typescript`'s 9 MB bundle costs a one-file CDK scan about 0.2 s of CPU on every run; V8 can
 * serialise the code it compiled and accept it back on the next run, skipping most of that work.
 *
 * V8 trusts a code cache it accepts: it checks versions, flags and the source's length, not that the
 * bytes are the ones it wrote. So the cache lives only in a directory of the current user's, created
 * with mode 0700 (`$XDG_CACHE_HOME/credlint`, else `~/.cache/credlint`), never in a shared temporary
 * directory nor in a scanned repository; the directory and each file must be owned by the user and
 * writable by nobody else; each entry records the file's path, size, modification time and the
 * Node/V8 versions it was made for, and a SHA-256 of its bytes checked before V8 sees them. Any
 * problem (no home directory, a read-only file system, a stale, corrupted or rejected entry) falls
 * back silently to an ordinary load. `CREDLINT_CODE_CACHE=0` turns it off.
 *
 * Only the CLI turns it on (`enableCodeCache`): the library API and the ESLint plugin load packages
 * the ordinary way, and a package loaded through the cache is registered in `require.cache` under its
 * own file name, so any later `require` of it in the process gets the same instance.
 */

const MAGIC = 'credlint-code-cache 1';

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
    const home = (createRequire(import.meta.url)('node:os') as typeof import('node:os')).homedir();
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

/** The key an entry must carry: what makes compiled code valid for this file in this process. */
function entryKey(file: string, size: number, mtimeMs: number): string {
  return JSON.stringify({ file, size, mtimeMs, node: process.version, v8: process.versions.v8, arch: process.arch });
}

/** The entry's file: one per source file (a new version of it replaces the old entry). */
function entryPath(dir: string, file: string): string {
  return path.join(dir, `${sha256(file).slice(0, 32)}.v8cache`);
}

/** The compiled code stored for `key`, if the entry is the user's own, intact and made for `key`. */
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
    return sha256(data) === digest ? data : undefined;
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
  }
}

/**
 * Runs the CommonJS file `file` as Node's loader would, compiled with the cached code when there is
 * valid code for it; when there was none, or V8 rejected it, writes new code at exit (when it also
 * holds the functions the scan compiled since).
 */
function requireThroughCache(file: string, dir: string): unknown {
  const require = createRequire(import.meta.url);
  const known = require.cache[file];
  if (known) return known.exports;
  const source = readFileSync(file, 'utf8');
  const stat = statSync(file);
  const key = entryKey(file, stat.size, stat.mtimeMs);
  const entry = entryPath(dir, file);
  const cachedData = readEntry(entry, key);
  // The function Node wraps every CommonJS module in.
  const script = new (createRequire(import.meta.url)('node:vm') as typeof import('node:vm')).Script(
    `(function (exports, require, module, __filename, __dirname) { ${source}\n});`,
    {
      filename: file,
      ...(cachedData ? { cachedData } : {}),
    },
  );
  if (!cachedData || script.cachedDataRejected === true)
    process.once('exit', () => {
      writeEntry(entry, key, script.createCachedData());
    });
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  const module = new Module(file);
  module.filename = file;
  require.cache[file] = module;
  try {
    wrapper.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
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
 * turned it on and the package's entry is a CommonJS `.js` file; otherwise the ordinary way. Errors of
 * resolution (a missing package) are the ordinary `require`'s.
 */
export function requireWithCodeCache(name: string): unknown {
  const require = createRequire(import.meta.url);
  if (state.kind !== 'vm') return require(name);
  const file = require.resolve(name);
  const dir = codeCacheDirectory(state.env);
  if (dir === undefined || !file.endsWith('.js') || !path.isAbsolute(file)) return require(name);
  return requireThroughCache(file, dir);
}
