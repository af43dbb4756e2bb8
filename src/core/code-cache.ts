import { closeSync, existsSync, lstatSync, openSync, readFileSync, readSync, realpathSync, type Stats } from 'node:fs';
import { isAscii } from 'node:buffer';
import nodeModule, { createRequire, Module } from 'node:module';
import path from 'node:path';
import { ownDirectory, ownRequire } from './own-module.cjs';
import { codeCacheDirectory, entryKey, entryPath, packEntryData, parseEntryData, readEntry, writeEntry, type StoredCode } from './code-cache-store.js';

/**
 * The CLI's compiled-code cache (README, "Performance"; docs/security.md, "Code cache"). Compiling
 * `typescript`'s 9 MB bundle costs a one-file CDK scan about 0.2 s of CPU on every run; V8 can
 * serialise the code it compiled and accept it back on the next run, skipping most of that work.
 * `yaml` is 72 small CommonJS files: Node resolves each `require` of them (file system checks, the
 * nearest `package.json`) before compiling it; loaded through the cache, a relative `require` of a
 * file inside the package is a path join and the file's code comes from the package's entry. The
 * CLI's own code is loaded the same way, as the package of its CommonJS copy (`dist/cjs`: `src/cli.ts`).
 *
 * V8 trusts a code cache it accepts: it checks versions, flags and the source's length, not that the
 * bytes are the ones it wrote. So the cache lives only in a directory of the current user's, created
 * with mode 0700 (`$XDG_CACHE_HOME/credlint`, else `~/.cache/credlint`), never in a shared temporary
 * directory nor in a scanned repository; the directory and each file must be owned by the user and
 * writable by nobody else; each entry (one per package) records the package's directory and the
 * Node/V8 versions it was made for, each file's path, size and modification time, and a SHA-256 of
 * its bytes checked before V8 sees them. The directory is kept small (`code-cache-store.ts`): an entry
 * whose package directory is gone is removed, and past a few entries the least recently used go. Any
 * problem (no home directory, a read-only file system, a stale, corrupted or rejected entry) falls
 * back silently to an ordinary load. `CREDLINT_CODE_CACHE=0` turns it off.
 *
 * The CLI turns it on (`enableCodeCache`), and the ESLint plugin on Node versions without Node's own
 * cache for credlint's own code only (`enablePluginCodeCache`); the library API loads packages the
 * ordinary way. A package loaded through the cache is registered in `require.cache` under its own
 * file name, so any later `require` of it in the process gets the same instance.
 */

type State = { readonly kind: 'off' } | { readonly kind: 'node' } | { readonly kind: 'vm'; readonly env: NodeJS.ProcessEnv };
let state: State = { kind: 'off' };

/** Whether `CREDLINT_CODE_CACHE` turns the cache off (`0`, `false`, `off`, `no`). */
function disabledByEnvironment(env: NodeJS.ProcessEnv): boolean {
  const value = env['CREDLINT_CODE_CACHE']?.trim().toLowerCase();
  return value === '0' || value === 'false' || value === 'off' || value === 'no';
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

/**
 * Turns the cache on for the ESLint plugin's own code (its CommonJS copy: `load-plugin.ts`) where Node
 * has no compile cache of its own (before 22.1). ESLint's executable turns Node's cache on for the
 * whole process where there is one, and a plugin should not turn it on in a process it does not own
 * (an editor's ESLint server), so then nothing is done. Never throws.
 */
export function enablePluginCodeCache(env: NodeJS.ProcessEnv = process.env): void {
  if (disabledByEnvironment(env) || (nodeModule as { enableCompileCache?: unknown }).enableCompileCache !== undefined) return;
  state = { kind: 'vm', env };
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
  /** Directories inside the package → whether their real path is themselves (`plainPackageFile`). */
  readonly realDirectories: Map<string, boolean>;
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
    realDirectories: new Map(),
    stale: false,
  };
  packages.set(root, opened);
  return opened;
}

/** Marks the package's entry for rewriting, at exit, with every file compiled by then (and the functions the scan compiled since), keeping the stored code of the package's other files. */
function markStale(cached: CachedPackage): void {
  if (cached.stale) return;
  cached.stale = true;
  process.once('exit', () => {
    const files: ({ readonly file: string } & StoredCode)[] = [...cached.compiled].map(([file, { script, size, mtimeMs, ascii }]) => ({
      file,
      size,
      mtimeMs,
      ascii,
      data: script.createCachedData(),
    }));
    // Code of files this process did not load stays: runs that load different files of one package
    // (credlint's own copy: a Terraform scan, a YAML scan) would otherwise each replace the other's.
    for (const [file, code] of cached.stored) if (!cached.compiled.has(file)) files.push({ file, ...code });
    writeEntry(cached.entry, cached.key, packEntryData(files));
  });
}

/**
 * The file's status when `file` is a CommonJS file of the package that Node would load under this very
 * name: a regular `.js` file inside the package's directory, with no `package.json` between them (which
 * could make it an ES module), whose real path is itself (Node names a module by its real path).
 */
function plainPackageFile(cached: CachedPackage, file: string): Stats | undefined {
  if (!file.endsWith('.js') || !file.startsWith(cached.root + path.sep)) return undefined;
  const parent = path.dirname(file);
  for (let dir = parent; dir !== cached.root; dir = path.dirname(dir)) {
    let holds = cached.packageJsonIn.get(dir);
    if (holds === undefined) {
      holds = existsSync(path.join(dir, 'package.json'));
      cached.packageJsonIn.set(dir, holds);
    }
    if (holds) return undefined;
  }
  try {
    const stat = lstatSync(file);
    // A regular file (not a symbolic link: `lstat`) is its own real path when its directory is: the
    // directory is resolved once for all its files (a run loads a hundred files from a dozen directories).
    if (!stat.isFile()) return undefined;
    let real = cached.realDirectories.get(parent);
    if (real === undefined) {
      real = realpathSync.native(parent) === parent;
      cached.realDirectories.set(parent, real);
    }
    return real ? stat : undefined;
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
  const dir = path.dirname(file);
  const required = (specifier: string): unknown => {
    if (specifier.startsWith('./') || specifier.startsWith('../')) {
      const target = relativeTarget(dir, specifier);
      if (target !== undefined) {
        const known = ownRequire.cache[target];
        if (known) return known.exports;
        const stat = plainPackageFile(cached, target);
        if (stat) return requireThroughCache(cached, target, stat);
      }
    }
    return ordinary()(specifier);
  };
  return Object.defineProperties(required, {
    resolve: { get: () => ordinary().resolve },
    main: { get: () => ordinary().main },
    cache: { value: ownRequire.cache },
  }) as NodeJS.Require;
}

/**
 * The file a relative `require` of a package file loads, when Node would load a `.js` file for it
 * (https://nodejs.org/api/modules.html#all-together, LOAD_AS_FILE): the specifier's own `.js` file,
 * or, for a specifier without an extension (`./impl/format`, as jsonc-parser's UMD build writes them),
 * `<specifier>.js` when nothing or a directory is at the extensionless path (any other file there,
 * a symbolic link included, is what Node loads first; a directory is tried only after the `.js`
 * file). Anything else is left to the ordinary `require`.
 */
function relativeTarget(dir: string, specifier: string): string | undefined {
  const target = resolveRelative(dir, specifier);
  if (specifier.endsWith('.js')) return target;
  if (path.extname(specifier) !== '' || specifier.endsWith('/') || specifier.endsWith('.')) return undefined;
  try {
    return lstatSync(target).isDirectory() ? `${target}.js` : undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? `${target}.js` : undefined;
  }
}

/**
 * `path.resolve(dir, specifier)` for an absolute, normalised `dir` and a specifier of leading `./` and
 * `../` steps then plain names, by slicing: a one-file CDK scan makes about 500 such requires (most of
 * them of modules already loaded), and `path.resolve` normalising each whole path again cost its CPU
 * about 5 ms (a YAML scan's too; medians of 21 interleaved runs). Anything else (a `.` or empty
 * segment after the leading steps, a trailing `/`, a step above the root, another separator than `/`)
 * is left to `path.resolve`.
 */
export function resolveRelative(dir: string, specifier: string): string {
  if (path.sep !== '/' || dir.endsWith('/')) return path.resolve(dir, specifier);
  let base = dir;
  let at = 0;
  for (;;) {
    if (specifier.startsWith('./', at)) at += 2;
    else if (specifier.startsWith('../', at)) {
      const cut = base.lastIndexOf('/');
      if (cut <= 0) return path.resolve(dir, specifier);
      base = base.slice(0, cut);
      at += 3;
    } else break;
  }
  const rest = specifier.slice(at);
  if (rest === '' || rest.startsWith('.') || rest.startsWith('/') || rest.endsWith('/') || rest.includes('/.') || rest.includes('//'))
    return path.resolve(dir, specifier);
  return `${base}/${rest}`;
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
  // Inside the package's directory (`plainPackageFile`): what follows it and the separator.
  const relative = file.slice(cached.root.length + 1);
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
 * Requires the package `name` resolved from credlint's location (or, with `from`, from that file, as
 * its own `require` would), through the code cache when the CLI turned it on and the package is
 * CommonJS (its entry and the files it requires relatively, one cache entry for the package);
 * otherwise the ordinary way. Errors of resolution (a missing package) are the ordinary `require`'s.
 */
export function requireWithCodeCache(name: string, from?: string): unknown {
  const resolver = from === undefined ? ownRequire : createRequire(from);
  if (state.kind !== 'vm') return resolver(name);
  const file = resolver.resolve(name);
  if (!path.isAbsolute(file)) return resolver(name);
  const loaded = requireFile(packageRoot(file, name), file);
  return loaded ? loaded.exports : resolver(name);
}

/**
 * Requires the CommonJS file `file` of the CommonJS package whose directory is `root` (credlint's
 * CommonJS copy of the CLI's code: `src/cli.ts`) through the code cache when it is on; otherwise the
 * ordinary way.
 */
export function requirePackageFile(root: string, file: string): unknown {
  const loaded = requireFile(root, file);
  return loaded ? loaded.exports : ownRequire(file);
}

/**
 * A module of credlint's own code loaded on first use (`relative` to `src/core`, e.g.
 * `../eslint-plugin/analyse-source.js`): through the cache when it is on and this is the CommonJS copy,
 * as a relative `require` inside the copy is; otherwise the ordinary way.
 */
export function requireOwnModule(relative: string): unknown {
  return requirePackageFile(path.resolve(ownDirectory, '..', '..'), path.resolve(ownDirectory, relative));
}

/** `file` of the package at `root` loaded through the cache; undefined when it cannot be (cache off, no safe directory, not a plain CommonJS file of the package). */
function requireFile(root: string, file: string): { readonly exports: unknown } | undefined {
  if (state.kind !== 'vm') return undefined;
  const dir = codeCacheDirectory(state.env);
  const cached = dir === undefined ? undefined : openPackage(root, dir);
  const stat = cached && plainPackageFile(cached, file);
  return cached && stat ? { exports: requireThroughCache(cached, file, stat) } : undefined;
}
