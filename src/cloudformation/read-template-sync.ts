import { readFileSync, statSync } from 'node:fs';

/**
 * Reads a nested stack's template synchronously (the unit builder is synchronous so that the CDK
 * assembly loader can call it with templates it already holds). Same rules as `readSourceFile`:
 * over the size limit, unreadable or invalid UTF-8 is an error message; a BOM is removed.
 */
export function readTemplateSync(file: string, maxBytes: number): { readonly text: string } | { readonly error: string } {
  try {
    const info = statSync(file);
    if (!info.isFile()) return { error: 'not a regular file' };
    if (info.size > maxBytes) return { error: `file is ${info.size} bytes, over the ${maxBytes}-byte limit (--max-file-size)` };
    const buffer = readFileSync(file);
    if (buffer.includes(0)) return { error: 'binary content (NUL byte): not a text file' };
    let text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { text };
  } catch (error) {
    if (error instanceof TypeError) return { error: 'invalid UTF-8 byte sequence' };
    return { error: `cannot read file (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
}
