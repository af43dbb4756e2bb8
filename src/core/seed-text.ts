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

/** The value of `length` hexadecimal digits of `text` at `at`, or -1 when they are not all there. */
function hexAt(text: string, at: number, length: number): number {
  if (at + length > text.length) return -1;
  let value = 0;
  for (let i = at; i < at + length; i++) {
    const c = text.charCodeAt(i);
    const digit = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 0x37 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1;
    if (digit === -1) return -1;
    value = value * 16 + digit;
  }
  return value;
}

const BACKSLASH = 0x5c;

/**
 * `text` with `\uXXXX`, `\UXXXXXXXX` and `\xXX` escapes replaced by their characters and escaped line breaks
 * (with the next line's indentation) removed. One pass writing code units into one buffer: a
 * `String.replace` callback made several strings per escape, and the collector's work on them took
 * 3 s for a template of 1.4 million `\u0061` (8.4 MB), decoded twice by the claims; an escape that is
 * not one of these (`\\`, `\q`) leaves its backslash, and the search goes on at the next character.
 */
export function decodeEscapes(text: string): string {
  const out = new Uint16Array(text.length);
  let length = 0;
  const put = (codePoint: number): void => {
    if (codePoint > 0xffff) {
      const offset = codePoint - 0x10000;
      out[length++] = 0xd800 + (offset >> 10);
      out[length++] = 0xdc00 + (offset & 0x3ff);
    } else out[length++] = codePoint;
  };
  for (let i = 0; i < text.length;) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) {
      const escape = escapeAt(text, i);
      if (escape.length > 0) {
        if (escape.code !== -1) put(escape.code);
        i += escape.length;
        continue;
      }
    }
    out[length++] = c;
    i++;
  }
  const parts: string[] = [];
  for (let at = 0; at < length; at += 8192) parts.push(String.fromCharCode(...out.subarray(at, Math.min(length, at + 8192))));
  return parts.join('');
}

export function hasEscapeMarker(text: string): boolean {
  return text.includes('\\') && ESCAPE_MARKERS.some((marker) => text.includes(marker));
}

/** True when `text` holds one of `seeds`, literally or spelled with escapes. */
export function holdsSeed(text: string, seeds: readonly string[]): boolean {
  if (seeds.some((seed) => text.includes(seed))) return true;
  if (!hasEscapeMarker(text)) return false;
  return escapedRunsHoldSeed(text, seeds);
}

/**
 * The length of the escape (`\uXXXX`, `\UXXXXXXXX`, `\xXX`) or escaped line break (with the next
 * line's indentation) that `decodeEscapes` reads at the backslash at `at`, and the character it gives
 * (-1 for none: a line break, or a value past Unicode); length 0 when it reads none there (it then
 * keeps the backslash as a character).
 */
function escapeAt(text: string, at: number): { readonly length: number; readonly code: number } {
  const next = text.charCodeAt(at + 1);
  const digits = next === 0x75 ? 4 : next === 0x55 ? 8 : next === 0x78 ? 2 : 0;
  const value = digits === 0 ? -1 : hexAt(text, at + 2, digits);
  if (value !== -1) return { length: 2 + digits, code: value <= 0x10ffff ? value : -1 };
  if (next !== 0x0a && next !== 0x0d && next !== 0x2028 && next !== 0x2029) return { length: 0, code: -1 };
  let end = at + 2;
  if (next === 0x0d && text.charCodeAt(end) === 0x0a) end++;
  while (text.charCodeAt(end) === 0x20 || text.charCodeAt(end) === 0x09) end++;
  return { length: end - at, code: -1 };
}

/**
 * Whether `decodeEscapes(text)` holds one of `seeds` that `text` does not hold literally, without
 * decoding all of `text`: a JSON file of provider schemas holding `\u003c` here and there was decoded
 * whole (131 MB took 3.4 s of CPU). Such a seed's text is made of characters of the seeds, escapes
 * giving one, and escapes giving nothing (an escaped line break), one of them an escape; so only each
 * maximal run of those around such an escape is decoded and searched. The runs are read as
 * `decodeEscapes` reads the text, escape by escape from the start, so that a run never begins inside an
 * escape. Seeds holding a backslash are searched in the whole decoded text.
 */
function escapedRunsHoldSeed(text: string, seeds: readonly string[]): boolean {
  if (seeds.some((seed) => seed.includes('\\'))) {
    const decoded = decodeEscapes(text);
    return seeds.some((seed) => decoded.includes(seed));
  }
  const alphabet = new Set<number>();
  for (const seed of seeds) for (let i = 0; i < seed.length; i++) alphabet.add(seed.charCodeAt(i));
  /** An escape that may be part of a seed: it gives one of the seeds' characters, or nothing. */
  const mayJoin = (code: number) => code === -1 || alphabet.has(code);
  // Where the text read so far ends: a run's characters before its first escape start after it.
  let floor = 0;
  for (let at = text.indexOf('\\'); at !== -1; at = text.indexOf('\\', floor)) {
    const first = escapeAt(text, at);
    if (first.length === 0 || !mayJoin(first.code)) {
      floor = at + Math.max(first.length, 1);
      continue;
    }
    let end = at + first.length;
    for (;;) {
      const c = text.charCodeAt(end);
      if (c === BACKSLASH) {
        const escape = escapeAt(text, end);
        if (escape.length === 0 || !mayJoin(escape.code)) break;
        end += escape.length;
      } else if (alphabet.has(c)) end++;
      else break;
    }
    let start = at;
    while (start > floor && alphabet.has(text.charCodeAt(start - 1))) start--;
    const decoded = decodeEscapes(text.slice(start, end));
    if (seeds.some((seed) => decoded.includes(seed))) return true;
    floor = end;
  }
  return false;
}

const SEARCHED = new WeakMap<readonly string[], readonly Buffer[]>();

/**
 * The seeds a byte search looks for: as bytes (made once per list, where a string argument was
 * encoded again for each file), and without a seed that holds another (`aws_iam_user_login_profile`
 * holds `aws_iam_user`), since whatever holds the longer one holds the shorter: one search of every
 * Terraform file fewer (docs/performance.md).
 */
function searchedSeeds(seeds: readonly string[]): readonly Buffer[] {
  let searched = SEARCHED.get(seeds);
  if (searched === undefined) {
    const unique = [...new Set(seeds)];
    searched = unique.filter((seed) => !unique.some((other) => other !== seed && seed.includes(other))).map((seed) => Buffer.from(seed, 'latin1'));
    SEARCHED.set(seeds, searched);
  }
  return searched;
}

/**
 * `holdsSeed` on raw bytes, without decoding the file when it can be avoided: the seeds are ASCII,
 * so a byte search gives the answer a search of the decoded text would (a multi-byte or invalid
 * sequence never decodes to ASCII); the escape markers are searched as their UTF-8 bytes. Only a file holding an escape marker is
 * decoded and searched again.
 */
export function bytesHoldSeed(bytes: Buffer, seeds: readonly string[]): boolean {
  if (searchedSeeds(seeds).some((seed) => bytes.includes(seed))) return true;
  if (!bytes.includes(0x5c) || !ESCAPE_MARKERS.some((marker) => bytes.includes(marker, 0, 'utf8'))) return false;
  return holdsSeed(bytes.toString('utf8'), seeds);
}
