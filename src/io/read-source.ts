import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { Diagnostic } from '../core/diagnostic.js';
import { parseError } from '../core/diagnostic.js';
import { range } from '../core/location.js';
import { LineIndex } from '../core/source-text.js';

/** 10 MiB: far above any hand-written Terraform file or CloudFormation template (CloudFormation caps templates at 1 MB). Configurable with `--max-file-size`. */
export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;

export type ReadSourceResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly diagnostic: Diagnostic };

/**
 * Line and column (1-based, UTF-16 columns) of a byte offset in a buffer that is valid UTF-8 before it.
 * Decoded as it is, a leading BOM included: it is one column of line 1 here.
 */
function positionOfByte(buffer: Buffer, offset: number): { line: number; column: number } {
  const before = buffer.subarray(0, offset).toString('utf8');
  return new LineIndex(before).position(before.length);
}

/**
 * The offset of the first byte of the first ill-formed UTF-8 sequence, or -1, following the
 * well-formed byte sequences of Unicode §3.9, Table 3-7 (no overlong forms, no surrogates, nothing
 * above U+10FFFF). Only called once the native decoder has rejected the buffer.
 */
function firstInvalidUtf8(buffer: Buffer): number {
  let i = 0;
  while (i < buffer.length) {
    const lead = buffer[i] as number;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k < length; k += 1) {
      const byte = buffer[i + k];
      if (byte === undefined || byte < (k === 1 ? low : 0x80) || byte > (k === 1 ? high : 0xbf)) return i;
    }
    i += length;
  }
  return -1;
}

/** Grown on demand and reused by every `readBytes` call. */
let shared = Buffer.allocUnsafe(1024 * 1024);

/**
 * Opening a FIFO for reading blocks until a writer appears; with `O_NONBLOCK` the open returns at
 * once and `fstat` then tells it is not a regular file. (Not defined on Windows, where it is not needed.)
 */
const platformFlags: { readonly O_NONBLOCK?: number } = constants;
const OPEN_FLAGS = constants.O_RDONLY | (platformFlags.O_NONBLOCK ?? 0);

/**
 * `O_NOFOLLOW` makes the open fail (ELOOP) when the last component is a symlink, so that a caller who
 * knows the real path of the directory knows the real path of the file without resolving it.
 * Undefined on Windows: there every path is resolved instead (`FileReader`).
 */
export const NO_FOLLOW: number | undefined = constants.O_NOFOLLOW;

export type ReadBytesResult =
  | { readonly ok: true; readonly bytes: Buffer }
  | { readonly ok: false; readonly reason: 'not a regular file' | 'cannot read'; readonly code?: string }
  | { readonly ok: false; readonly reason: 'too large'; readonly size: number };

export interface ReadBytesOptions {
  /** Fail with `ELOOP` instead of following a symlink in the last component. */
  readonly noFollow?: boolean;
  /** Read at most `maxBytes` from the start of a larger file instead of refusing it. */
  readonly head?: boolean;
}

/**
 * Reads a whole regular file of at most `maxBytes` into a buffer that the next call reuses: the
 * result is valid only until then, so a caller copies (or decodes) what it keeps. Four system calls
 * (open, fstat, read, close) and no allocation per file: the prefilter reads every `.tf` file and
 * data file of a repository (25k in the benchmark), and `readFileSync` after `statSync` costs two more
 * calls and a fresh buffer each time. Never reads anything but a regular file (a FIFO, a device such
 * as `/dev/zero` or a directory is refused after `fstat`, before any read).
 *
 * Only `FileReader` (file-reader.ts) calls it with a path from the scan: it decides first whether
 * the path is inside the repository.
 */
export function readBytes(file: string, maxBytes: number, options: ReadBytesOptions = {}): ReadBytesResult {
  let fd: number;
  try {
    fd = openSync(file, options.noFollow && NO_FOLLOW !== undefined ? OPEN_FLAGS | NO_FOLLOW : OPEN_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    // A Unix socket cannot be opened at all (open(2): ENXIO); it is no more a file than a FIFO is.
    if (code === 'ENXIO') return { ok: false, reason: 'not a regular file' };
    return { ok: false, reason: 'cannot read', code };
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return { ok: false, reason: 'not a regular file' };
    if (info.size > maxBytes && !options.head) return { ok: false, reason: 'too large', size: info.size };
    const size = Math.min(info.size, maxBytes);
    if (shared.length < size) shared = Buffer.allocUnsafe(Math.max(size, shared.length * 2));
    let total = 0;
    while (total < size) {
      const read = readSync(fd, shared, total, size - total, total);
      if (read === 0) break;
      total += read;
    }
    return { ok: true, bytes: shared.subarray(0, total) };
  } catch (error) {
    return { ok: false, reason: 'cannot read', code: (error as NodeJS.ErrnoException).code ?? 'error' };
  } finally {
    closeSync(fd);
  }
}

/**
 * What to do about a UTF-16 file. Terraform reads configuration files as UTF-8 only
 * (https://developer.hashicorp.com/terraform/language/syntax/configuration#character-encoding-and-line-endings),
 * which the advice says for its files; credlint reads every format as UTF-8, but a template or a
 * TypeScript file is not Terraform's, and TypeScript itself reads UTF-16.
 */
function utf16Advice(file: string): string {
  const terraform = /\.(?:tf|tofu|tfvars)(?:\.json)?$/.test(file);
  return `credlint reads UTF-8 only${terraform ? ' (Terraform requires UTF-8)' : ''}; save the file as UTF-8`;
}

/**
 * The byte order of text that starts with a UTF-16 byte order mark (FF FE or FE FF), as Windows
 * editors and PowerShell save it, or undefined. (A UTF-32 little-endian mark starts with FF FE too;
 * such a file is no more readable than UTF-16, and is reported the same way.)
 */
export function utf16ByteOrder(buffer: Buffer): 'little-endian' | 'big-endian' | undefined {
  if (buffer.length < 2) return undefined;
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return 'little-endian';
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return 'big-endian';
  return undefined;
}

/**
 * The text of a buffer that starts with a UTF-16 byte order mark (the mark dropped; ill-formed
 * sequences replaced), or undefined for any other buffer: what the claims search for seed words and
 * template markers, so that a UTF-16 file is judged on its text (a Kubernetes manifest saved as UTF-16
 * is no template, and is not reported) while its loader still refuses it (`decodeSource`).
 */
export function utf16Text(buffer: Buffer): string | undefined {
  const order = utf16ByteOrder(buffer);
  if (order === undefined) return undefined;
  return new TextDecoder(order === 'little-endian' ? 'utf-16le' : 'utf-16be').decode(buffer);
}

/** How `decodeSource` reads a file's bytes. */
export interface DecodeOptions {
  /**
   * A NUL in valid UTF-8 is a character of the text, not a sign of binary content: for TypeScript and
   * JavaScript source, whose source text may hold any code point (ECMAScript, "Source Text"; `tsc` and
   * Node accept a NUL inside a string literal, and its other uses are the parser's syntax errors).
   */
  readonly nulIsText?: boolean;
}

/**
 * Whether `decodeSource` reads these bytes as text (no UTF-16 byte order mark, no NUL byte unless
 * `nulIsText`, valid UTF-8). A prefilter that rules a file out by its bytes asks this first: a file that
 * is not text is a `parse-error` for its loader, and must be one with the prefilter too (the same
 * findings either way).
 */
export function decodesAsText(buffer: Buffer, options: DecodeOptions = {}): boolean {
  return utf16ByteOrder(buffer) === undefined && (options.nulIsText === true || buffer.indexOf(0) === -1) && isUtf8(buffer);
}

/**
 * A source file's bytes as text for a loader: UTF-16 text (it starts with a UTF-16 byte order mark),
 * binary content (contains NUL, unless `nulIsText` and the bytes are UTF-8) or text that is not valid
 * UTF-8 (Terraform rejects such files, and so do CloudFormation and YAML) becomes a `parse-error`
 * diagnostic at the offending position. A leading UTF-8 BOM is removed.
 */
export function decodeSource(file: string, buffer: Buffer, options: DecodeOptions = {}): ReadSourceResult {
  const at = (line: number, column: number) => ({ file, range: range(line, column, line, column + 1) });
  const order = utf16ByteOrder(buffer);
  if (order !== undefined) {
    // Text, not binary, though every other byte of ASCII text is NUL: say what it is at its first byte.
    return { ok: false, diagnostic: parseError(at(1, 1), `UTF-16 text (${order} byte order mark): ${utf16Advice(file)}`) };
  }
  const nul = buffer.indexOf(0);
  // A NUL is text only in valid UTF-8 (`nulIsText`): beside an invalid sequence the file is binary junk.
  if (nul !== -1 && (options.nulIsText !== true || !isUtf8(buffer))) {
    const { line, column } = positionOfByte(buffer, nul);
    return { ok: false, diagnostic: parseError(at(line, column), 'binary content (NUL byte): not a text file') };
  }
  // One decoding pass both validates and produces the text. The decoder drops a leading BOM, so no
  // text read through this door has one (core/source-text.ts: where a BOM goes).
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(buffer) };
  } catch {
    const invalid = Math.max(0, firstInvalidUtf8(buffer));
    const { line, column } = positionOfByte(buffer, invalid);
    return { ok: false, diagnostic: parseError(at(line, column), 'invalid UTF-8 byte sequence') };
  }
}
