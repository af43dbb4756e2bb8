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
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { ownRequire } from './own-module.cjs';
import path from 'node:path';
import { nodeCrypto } from './node-crypto.js';

/**
 * The code cache's files (`code-cache.ts`; docs/security.md, "Code cache"): the user's cache
 * directory, one entry file per package, its format and checks, and the pruning that keeps the
 * directory small. An entry is the header (`MAGIC`, the key the code is valid for, a SHA-256 of the
 * rest), then one JSON line listing the package's files, then their compiled code in that order.
 */

const MAGIC = 'credlint-code-cache 2';

const sha256 = (data: string | Buffer) => nodeCrypto().createHash('sha256').update(data).digest('hex');

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

/** The key an entry must carry: what makes compiled code valid for a package in this process. */
export function entryKey(root: string): string {
  return JSON.stringify({ package: root, node: process.version, v8: process.versions.v8, arch: process.arch });
}

/** The entry's file: one per package directory (a new version of a package replaces its files' code). */
export function entryPath(dir: string, root: string): string {
  return path.join(dir, `${sha256(root).slice(0, 32)}.v8cache`);
}

/** The bytes stored for `key` after the header, if the entry is the user's own, intact and made for `key`. */
export function readEntry(entry: string, key: string): Buffer | undefined {
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
export function writeEntry(entry: string, key: string, data: Buffer): void {
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
export interface StoredCode {
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
export function parseEntryData(data: Buffer): Map<string, StoredCode> {
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

/** An entry's data for the given files' code (`parseEntryData` reads it back). */
export function packEntryData(files: readonly (Omit<IndexLine, 'length'> & { readonly data: Buffer })[]): Buffer {
  const lines: IndexLine[] = files.map(({ file, size, mtimeMs, ascii, data }) => ({ file, size, mtimeMs, ascii, length: data.length }));
  return Buffer.concat([Buffer.from(`${JSON.stringify(lines)}\n`), ...files.map(({ data }) => data)]);
}
