/**
 * Searching text for relevance words (`src/formats/format.ts`, `RelevanceWords`), as the prefilter
 * does (docs/performance.md): on raw text, without parsing, and sound against escapes.
 *
 * An escape can spell a word without its letters (`"aws_iam_\u0061ccess_key"` in HCL or JSON, `\x61`
 * in YAML, or a line continuation: `\` + line break in a YAML double-quoted scalar or a JavaScript
 * string). Letters and `:` can only come from `\u`, `\U` and `\x` escapes (the others give control
 * characters, quotes or slashes), so a text holding a backslash in front of one of those, or of a line
 * break, is searched again with those escapes decoded. A line break is any the language reads as one
 * after the backslash: LF, CRLF and a lone CR in YAML (https://yaml.org/spec/1.2.2/#54-line-break-characters,
 * a template written with CRs only is read that way), and in JavaScript also U+2028 and U+2029
 * (ECMAScript `LineContinuation`, https://tc39.es/ecma262/#prod-LineContinuation). Decoding outside
 * string literals only adds text, so it can only keep more.
 */

/** The backslash sequences after which a seed might be spelled by escapes (a lone CR also starts CRLF). */
export const ESCAPE_MARKERS: readonly string[] = ['\\u', '\\U', '\\x', '\\\n', '\\\r', '\\\u2028', '\\\u2029'];

const ESCAPE = /\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|x([0-9A-Fa-f]{2})|(?:\r\n?|\n|\u2028|\u2029)[ \t]*)/g;

/** `text` with `\uXXXX`, `\UXXXXXXXX` and `\xXX` escapes replaced by their characters and escaped line breaks (with the next line's indentation) removed. */
export function decodeEscapes(text: string): string {
  return text.replace(ESCAPE, (_match, u?: string, wide?: string, x?: string) => {
    const hex = u ?? wide ?? x;
    if (hex === undefined) return '';
    const codePoint = Number.parseInt(hex, 16);
    return codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : '';
  });
}

export function hasEscapeMarker(text: string): boolean {
  return text.includes('\\') && ESCAPE_MARKERS.some((marker) => text.includes(marker));
}

/** True when `text` holds one of `seeds`, literally or spelled with escapes. */
export function holdsSeed(text: string, seeds: readonly string[]): boolean {
  if (seeds.some((seed) => text.includes(seed))) return true;
  if (!hasEscapeMarker(text)) return false;
  const decoded = decodeEscapes(text);
  return seeds.some((seed) => decoded.includes(seed));
}

/**
 * `holdsSeed` on raw bytes, without decoding the file when it can be avoided: the seeds are ASCII,
 * so a byte search gives the answer a search of the decoded text would (a multi-byte or invalid
 * sequence never decodes to ASCII); the escape markers are searched as their UTF-8 bytes. Only a file holding an escape marker is
 * decoded and searched again.
 */
export function bytesHoldSeed(bytes: Buffer, seeds: readonly string[]): boolean {
  if (seeds.some((seed) => bytes.includes(seed, 0, 'latin1'))) return true;
  if (!bytes.includes(0x5c) || !ESCAPE_MARKERS.some((marker) => bytes.includes(marker, 0, 'utf8'))) return false;
  return holdsSeed(bytes.toString('utf8'), seeds);
}
