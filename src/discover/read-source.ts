import { readFileSync, statSync } from 'node:fs';
import type { Diagnostic } from '../core/diagnostic.js';
import { parseError } from '../core/diagnostic.js';
import { range } from '../core/location.js';

/** 10 MiB: far above any hand-written Terraform file or CloudFormation template (CloudFormation caps templates at 1 MB). Configurable with `--max-file-size`. */
export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;

export type ReadSourceResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly diagnostic: Diagnostic };

/** Line and column (1-based, UTF-16 columns) of a byte offset in a buffer that is valid UTF-8 before it. */
function positionOfByte(buffer: Buffer, offset: number): { line: number; column: number } {
  const before = buffer.subarray(0, offset).toString('utf8');
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1] ?? '').length + 1 };
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

/**
 * Reads a source file as text for a loader. Never throws: a file that is unreadable, over the size
 * limit, binary (contains NUL) or not valid UTF-8 (Terraform rejects such files, and so do
 * CloudFormation and YAML) becomes a `parse-error` diagnostic at the offending position. A leading
 * BOM is removed.
 *
 * Synchronous file system calls inside: the engine reads thousands of small files one after another,
 * and each async call's round trip through libuv's thread pool costs more than the read itself.
 * `stat` comes first, so a FIFO or device is refused before anything could block on it.
 */
export async function readSourceFile(file: string, maxBytes: number = DEFAULT_MAX_FILE_BYTES): Promise<ReadSourceResult> {
  const at = (line: number, column: number) => ({ file, range: range(line, column, line, column + 1) });
  let buffer: Buffer;
  try {
    const info = statSync(file);
    if (!info.isFile()) return { ok: false, diagnostic: parseError(at(1, 1), 'not a regular file') };
    if (info.size > maxBytes) {
      return {
        ok: false,
        diagnostic: parseError(at(1, 1), `file is ${info.size} bytes, over the ${maxBytes}-byte limit (--max-file-size)`),
      };
    }
    buffer = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return { ok: false, diagnostic: parseError(at(1, 1), `cannot read file (${code})`) };
  }
  const nul = buffer.indexOf(0);
  if (nul !== -1) {
    const { line, column } = positionOfByte(buffer, nul);
    return { ok: false, diagnostic: parseError(at(line, column), 'binary content (NUL byte): not a text file') };
  }
  // One decoding pass both validates and produces the text (the decoder drops a leading BOM).
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(buffer) };
  } catch {
    const invalid = Math.max(0, firstInvalidUtf8(buffer));
    const { line, column } = positionOfByte(buffer, invalid);
    return { ok: false, diagnostic: parseError(at(line, column), 'invalid UTF-8 byte sequence') };
  }
}
