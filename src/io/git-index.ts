/**
 * The paths git tracks, read from the repository's index (`.git/index`). Git's ignore rules apply to
 * untracked files only: "Files already tracked by Git are not affected"
 * (https://git-scm.com/docs/gitignore). A file committed under an ignored directory (`git add -f`, or
 * a pattern such as a Go project's `bin/` written after a CDK app's `bin/app.ts` was committed) is
 * part of the repository, and `cdk synth` runs it: the walk lists it as git does (README, "What is
 * analysed").
 *
 * The format is git's index format (https://git-scm.com/docs/index-format), versions 2 to 4 with
 * SHA-1 object names. An index that is missing, over the size limit, of another version or hash
 * length (a SHA-256 repository), or that does not parse, gives no tracked paths: the ignore rules
 * then apply to every file, as they did before.
 */
import { join } from 'node:path';
import type { FileReader } from './file-reader.js';

/** Tracked files and the directories that hold them, relative to the repository root with `/`. */
export interface TrackedPaths {
  has(posixPath: string, isDirectory: boolean): boolean;
  /** Whether some tracked path (a file, or a sparse index's directory) satisfies `test`: one pass over them all. */
  some(test: (posixPath: string) => boolean): boolean;
}

const SIGNATURE = 0x44495243; // "DIRC"
const HEADER_BYTES = 12;
/** ctime, mtime, dev, ino, mode, uid, gid, size (4 bytes each, times 8), a SHA-1 name (20), flags (2). */
const FIXED_ENTRY_BYTES = 62;
const EXTENDED_FLAG = 0x4000;
const NAME_LENGTH_MASK = 0x0fff;
/**
 * A version 4 index stores each path as a change to the previous one, so a few bytes per entry can
 * describe paths ever longer: an index a pull request forges must not cost time and memory quadratic
 * in its size. No real path is longer than Linux's PATH_MAX, and the paths of a real index add up to
 * a few times its size at most.
 */
const MAX_PATH_BYTES = 4096;
const MAX_PATH_BYTES_PER_INDEX_BYTE = 16;

/**
 * The index of the repository at `repoRoot`, read through the scan's reader (the repository boundary
 * and the size limit), or undefined (see the file comment).
 */
export function readTrackedPaths(repoRoot: string, reader: FileReader): TrackedPaths | undefined {
  const read = reader.readBytes(join(repoRoot, '.git', 'index'), { gitMetadata: true });
  if (!read.ok) return undefined;
  // The reader reuses its buffer on the next read: the index keeps a copy (version 4's paths are decoded).
  return parseIndex(read.bytes);
}

/** The tracked paths an index holds, or undefined when it is not one this parser reads. */
export function parseIndex(bytes: Uint8Array): TrackedPaths | undefined {
  if (bytes.length < HEADER_BYTES) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0) !== SIGNATURE) return undefined;
  const version = view.getUint32(4);
  if (version < 2 || version > 4) return undefined;
  const count = view.getUint32(8);
  if (version < 4) return sortedNames(bytes, view, version, count);
  const files = new Set<string>();
  const directories = new Set<string>();
  const decoder = new TextDecoder();
  let offset = HEADER_BYTES;
  let previous: Uint8Array = new Uint8Array(0);
  let pathBytes = 0;
  for (let k = 0; k < count; k += 1) {
    if (offset + FIXED_ENTRY_BYTES > bytes.length) return undefined;
    const flags = view.getUint16(offset + FIXED_ENTRY_BYTES - 2);
    const nameStart = offset + FIXED_ENTRY_BYTES + ((flags & EXTENDED_FLAG) !== 0 ? 2 : 0);
    // A prefix-compressed path: how many bytes of the previous path to drop (git's offset varint),
    // then the rest of this one up to a NUL; no padding.
    const dropped = readVarint(bytes, nameStart);
    if (dropped === undefined || dropped.value > previous.length) return undefined;
    const end = bytes.indexOf(0, dropped.next);
    if (end < 0) return undefined;
    const suffix = bytes.subarray(dropped.next, end);
    if (previous.length - dropped.value + suffix.length > MAX_PATH_BYTES) return undefined;
    const name = new Uint8Array(previous.length - dropped.value + suffix.length);
    name.set(previous.subarray(0, previous.length - dropped.value));
    name.set(suffix, previous.length - dropped.value);
    offset = end + 1;
    previous = name;
    pathBytes += name.length;
    if (pathBytes > MAX_PATH_BYTES_PER_INDEX_BYTE * bytes.length) return undefined;
    // A sparse index lists a directory it does not expand as one entry ending in a slash.
    const decoded = decoder.decode(name);
    const path = decoded.endsWith('/') ? decoded.slice(0, -1) : decoded;
    (decoded === path ? files : directories).add(path);
    for (let slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
      const directory = path.slice(0, slash);
      if (directories.has(directory)) break;
      directories.add(directory);
    }
  }
  return {
    has: (posixPath, isDirectory) => (isDirectory ? directories.has(posixPath) || files.has(posixPath) : files.has(posixPath)),
    some: (test) => [...files].some(test) || [...directories].some(test),
  };
}

/**
 * The paths of a version 2 or 3 index, looked up where they are written: one pass finds where each
 * name lies (no path is decoded, no set built: a large monorepo's index holds hundreds of thousands),
 * then each question is a binary search, git keeping the entries sorted by name, byte by byte
 * (https://git-scm.com/docs/index-format: "sorted in ascending order on the name field"). An index
 * whose names are out of order is not one git wrote: undefined.
 */
function sortedNames(written: Uint8Array, view: DataView, version: number, count: number): TrackedPaths | undefined {
  // Every entry takes more than its fixed part: a forged count must not size the tables.
  if (count > (written.length - HEADER_BYTES) / FIXED_ENTRY_BYTES) return undefined;
  const starts = new Uint32Array(count);
  const ends = new Uint32Array(count);
  let offset = HEADER_BYTES;
  for (let k = 0; k < count; k += 1) {
    if (offset + FIXED_ENTRY_BYTES > written.length) return undefined;
    const flags = view.getUint16(offset + FIXED_ENTRY_BYTES - 2);
    let nameStart = offset + FIXED_ENTRY_BYTES;
    if ((flags & EXTENDED_FLAG) !== 0) {
      if (version < 3) return undefined;
      nameStart += 2;
    }
    // NUL-terminated (the flags hold the length up to 0xFFF), then NULs up to a multiple of 8 bytes
    // from the entry's start, at least one.
    const end = written.indexOf(0, nameStart);
    if (end < 0) return undefined;
    const length = end - nameStart;
    if ((flags & NAME_LENGTH_MASK) !== Math.min(length, NAME_LENGTH_MASK)) return undefined;
    starts[k] = nameStart;
    ends[k] = end;
    if (k > 0 && compareBytes(written, starts[k - 1] ?? 0, ends[k - 1] ?? 0, written, nameStart, end) > 0) return undefined;
    offset += (nameStart - offset + length + 8) & ~7;
  }
  // The reader reuses its buffer; lookups read this copy. `Uint8Array.prototype.slice` copies, where a
  // Node Buffer's own `slice` is a view: the index read as a Buffer was overwritten by the next read (a
  // `.gitignore` read after it), and tracked files under ignored directories vanished from the scan.
  const bytes = Uint8Array.prototype.slice.call(written, 0, offset);
  const encoder = new TextEncoder();
  /** The first entry whose name is not below `key`. */
  const lowerBound = (key: Uint8Array): number => {
    let low = 0;
    let high = count;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareBytes(bytes, starts[middle] ?? 0, ends[middle] ?? 0, key, 0, key.length) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  const named = (k: number, key: Uint8Array): boolean => k < count && compareBytes(bytes, starts[k] ?? 0, ends[k] ?? 0, key, 0, key.length) === 0;
  return {
    has: (posixPath, isDirectory) => {
      const path = encoder.encode(posixPath);
      if (named(lowerBound(path), path)) return true;
      if (!isDirectory) return false;
      // A directory holds a tracked path when some name starts with it and a slash (a sparse index's
      // directory entry, `dir/`, too).
      const prefix = encoder.encode(`${posixPath}/`);
      const k = lowerBound(prefix);
      const start = starts[k] ?? 0;
      return k < count && (ends[k] ?? 0) - start >= prefix.length && compareBytes(bytes, start, start + prefix.length, prefix, 0, prefix.length) === 0;
    },
    some: (test) => {
      const decoder = new TextDecoder();
      for (let k = 0; k < count; k += 1) if (test(decoder.decode(bytes.subarray(starts[k], ends[k])).replace(/\/$/, ''))) return true;
      return false;
    },
  };
}

/** `a[aStart, aEnd)` against `b[bStart, bEnd)`, byte by byte, a shorter prefix first (git's name order). */
function compareBytes(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number): number {
  const length = Math.min(aEnd - aStart, bEnd - bStart);
  for (let i = 0; i < length; i += 1) {
    const difference = (a[aStart + i] ?? 0) - (b[bStart + i] ?? 0);
    if (difference !== 0) return difference;
  }
  return aEnd - aStart - (bEnd - bStart);
}

/** Git's offset varint (`decode_varint` in git's varint.c): each continuation adds one before shifting. */
function readVarint(bytes: Uint8Array, start: number): { value: number; next: number } | undefined {
  let at = start;
  let byte = bytes[at];
  if (byte === undefined) return undefined;
  let value = byte & 0x7f;
  while ((byte & 0x80) !== 0) {
    at += 1;
    byte = bytes[at];
    if (byte === undefined || value > 0xffffff) return undefined;
    value = ((value + 1) << 7) | (byte & 0x7f);
  }
  return { value, next: at + 1 };
}
