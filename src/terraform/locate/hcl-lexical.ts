/**
 * Character-level pieces of HCL's native syntax that block location depends on: comments,
 * identifiers and quoted label strings. Spec: https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md
 * ("Comments and Whitespace", "Identifiers", "Template Literals").
 */

/** Offsets `[start, end)` of one comment, line break excluded. */
export interface CommentSpan {
  readonly start: number;
  readonly end: number;
}

/** Where the scanners put the comments they pass: an array, or anything that takes spans as one does. */
export interface CommentSink {
  push(...spans: CommentSpan[]): unknown;
}

const HASH = 0x23;
const SLASH = 0x2f;
const STAR = 0x2a;
const NEWLINE = 0x0a;
const RETURN = 0x0d;

/** Where a line comment starting at `start` ends: before `\n` or `\r\n`, or at the end of the text. */
function lineEnd(text: string, start: number): number {
  const newline = text.indexOf('\n', start);
  if (newline === -1) return text.length;
  return text.charCodeAt(newline - 1) === RETURN && newline - 1 >= start ? newline - 1 : newline;
}

/** `#` and `//` run to the end of the line. */
export function isLineCommentStart(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return c === HASH || (c === SLASH && text.charCodeAt(at + 1) === SLASH);
}

export function isBlockCommentStart(text: string, at: number): boolean {
  return text.charCodeAt(at) === SLASH && text.charCodeAt(at + 1) === STAR;
}

/**
 * The comment starting at `at`, or undefined when none starts there. An unterminated `/*` runs to
 * the end of the text (HCL reports that as an error; the parser surfaces it, locating just goes on).
 */
export function scanComment(text: string, at: number): CommentSpan | undefined {
  if (isLineCommentStart(text, at)) return { start: at, end: lineEnd(text, at) };
  if (isBlockCommentStart(text, at)) {
    const close = text.indexOf('*/', at + 2);
    return { start: at, end: close === -1 ? text.length : close + 2 };
  }
  return undefined;
}

/** Spaces and tabs only: HCL block headers and `name =` must stay on one line. */
export function skipInlineSpace(text: string, at: number): number {
  let i = at;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09) i++;
    else return i;
  }
}

/**
 * Spaces, tabs and `/* *\/` comments (appended to `found`): HCL treats comments as whitespace, so
 * `resource /* x *\/ "a" "b" {` is still a block header, and the line breaks inside such a comment
 * end nothing (`resource /*` then `*\/ "a" "b" {` on the next line is one too).
 */
export function skipInlineSpaceAndComments(text: string, at: number, found: CommentSink): number {
  let i = skipInlineSpace(text, at);
  while (isBlockCommentStart(text, i)) {
    const close = text.indexOf('*/', i + 2);
    if (close === -1) return i;
    found.push({ start: i, end: close + 2 });
    i = skipInlineSpace(text, close + 2);
  }
  return i;
}

/** Whether HCL can write the code point in UTF-8 (`\\u` and `\\U` escapes): in range and no surrogate. */
export function isEncodable(codePoint: number): boolean {
  return codePoint <= 0x10ffff && (codePoint < 0xd800 || codePoint > 0xdfff);
}

/** The offset in `content` (a quoted string's text) of its first escape HCL refuses, or -1. */
export function invalidEscapeAt(content: string): number {
  for (let i = content.indexOf('\\'); i !== -1; i = content.indexOf('\\', i)) {
    const letter = content[i + 1] ?? '';
    if ('nrt"\\'.includes(letter) && letter !== '') {
      i += 2;
      continue;
    }
    const digits = letter === 'u' ? 4 : letter === 'U' ? 8 : 0;
    const hex = content.slice(i + 2, i + 2 + digits);
    if (digits === 0 || !new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(hex) || !isEncodable(Number.parseInt(hex, 16))) return i;
    i += 2 + digits;
  }
  return -1;
}

export function isNewlineAt(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return c === NEWLINE || (c === RETURN && text.charCodeAt(at + 1) === NEWLINE);
}

const ID_START = /^[\p{ID_Start}_]$/u;
const ID_CONTINUE = /^[\p{ID_Continue}-]$/u;

/** The UTF-16 length of the identifier character at `at` (1 or 2), or 0 when there is none. */
function identifierCharLength(text: string, at: number, first: boolean): number {
  const c = text.charCodeAt(at);
  if (Number.isNaN(c)) return 0;
  if (c < 0x80) {
    const letter = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
    if (first) return letter ? 1 : 0;
    return letter || (c >= 0x30 && c <= 0x39) || c === 0x2d ? 1 : 0;
  }
  const code = text.codePointAt(at) ?? c;
  const char = String.fromCodePoint(code);
  return (first ? ID_START : ID_CONTINUE).test(char) ? char.length : 0;
}

/** The end of the identifier starting at `at` (HCL: ID_Start, then ID_Continue or `-`), or `at` when none starts there. */
export function scanIdentifier(text: string, at: number): number {
  let length = identifierCharLength(text, at, true);
  if (length === 0) return at;
  let i = at + length;
  while ((length = identifierCharLength(text, i, false)) > 0) i += length;
  return i;
}

/**
 * The end (after the closing quote) of the quoted string starting at `at`, or -1 when it is not
 * closed on its line. Used for block labels, which HCL requires to be literal strings.
 */
export function scanQuotedLabel(text: string, at: number): number {
  let i = at + 1;
  for (;;) {
    const c = text.charCodeAt(i);
    if (Number.isNaN(c) || isNewlineAt(text, i)) return -1;
    if (c === 0x22) return i + 1;
    i += c === 0x5c && !isNewlineAt(text, i + 1) ? 2 : 1;
  }
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/**
 * The value of a quoted label's content: HCL's `\n \r \t \" \\ \uNNNN \UNNNNNNNN` escapes and the
 * `$${` / `%%{` template escapes decoded (Terraform reads the label `"a$${b}"` as `a${b}`).
 */
export function decodeQuoted(content: string): string {
  if (!content.includes('\\') && !content.includes('$${') && !content.includes('%%{')) return content;
  return content.replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)|([$%])\2\{/gsu, (whole, escape: string | undefined, sigil: string | undefined) => {
    if (sigil !== undefined) return `${sigil}{`;
    if (escape === undefined) return whole;
    if (escape.length > 1) {
      const code = Number.parseInt(escape.slice(1), 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return SIMPLE_ESCAPES[escape] ?? whole;
  });
}
