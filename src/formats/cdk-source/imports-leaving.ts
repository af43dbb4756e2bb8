/**
 * Whether a TypeScript file may import, by a relative path, a file that is not one of its project's
 * files: the loader reads such a file with the project (a monorepo's `../../shared/users`,
 * `load-projects.ts`), so what it creates belongs to the app, and the prefilter must not rule the app
 * out for lacking the words that only that file holds. Decided on the text, without parsing: sound (a
 * string that may be such a specifier counts), and linear in the text.
 */
import path from 'node:path';
import { moduleCandidates } from '../../core/module-candidates.js';
import { decodeEscapes, hasEscapeMarker } from '../../core/seed-text.js';

/** A specifier longer than this is taken to lead out unread: it bounds the work per quote. */
const MAX_SPECIFIER = 4096;

const SINGLE = 0x27;
const DOUBLE = 0x22;
const BACKSLASH = 0x5c;

/** What a `\` + `c` that `decodeEscapes` left stands for in a JavaScript string (only `.` and `/` matter). */
function escaped(c: string): string {
  return 'nrtbfv0'.includes(c) ? '\n' : c;
}

/**
 * The string that starts after the quote at `open`, its escapes applied, up to its closing quote or
 * the end of its line; undefined when it is longer than `MAX_SPECIFIER`.
 */
function stringAt(text: string, open: number): string | undefined {
  const quote = text.charCodeAt(open);
  let value = '';
  for (let i = open + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === quote || c === 0x0a || c === 0x0d) return value;
    if (c === BACKSLASH && i + 1 < text.length) {
      i += 1;
      value += escaped(text.charAt(i));
    } else value += text.charAt(i);
    if (value.length > MAX_SPECIFIER) return undefined;
  }
  return value;
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c;
const isWordCharacter = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x24 || c > 0x7f;

/** The index before the spaces that end at `end` (inclusive). */
function skipSpacesBack(text: string, end: number): number {
  let k = end;
  while (k >= 0 && isSpace(text.charCodeAt(k))) k -= 1;
  return k;
}

/** Whether `word` ends at `end` (inclusive), as a whole word. */
function wordEndsAt(text: string, end: number, word: string): boolean {
  const start = end - word.length + 1;
  return start >= 0 && text.startsWith(word, start) && (start === 0 || !isWordCharacter(text.charCodeAt(start - 1)));
}

/**
 * Whether the string at `quote` stands where a module specifier does: after `from` or `import`
 * (`import x from '…'`, `export * from '…'`, `import '…'`) or inside `require(` or `import(`. The
 * words are matched only across spaces: after a comment (`from /* … *\/ '…'`) the string counts too.
 */
function specifierPlace(text: string, quote: number): boolean {
  let k = skipSpacesBack(text, quote - 1);
  if (k >= 1 && text.charCodeAt(k) === 0x2f && text.charCodeAt(k - 1) === 0x2a) return true;
  if (text.charCodeAt(k) === 0x28) {
    k = skipSpacesBack(text, k - 1);
    return wordEndsAt(text, k, 'require') || wordEndsAt(text, k, 'import');
  }
  return wordEndsAt(text, k, 'from') || wordEndsAt(text, k, 'import');
}

/**
 * True when `text` (of `file`) holds a module specifier that names a TypeScript module that is none
 * of `members` (absolute paths): a string starting with `./` or `../`, or `..` itself, escapes
 * applied, where a specifier stands (`specifierPlace`). Every single or double quote not after a
 * backslash is looked at, whatever the quotes around it (a quote in a comment or a template literal
 * cannot hide the next specifier), and a string that only `\u{…}` escapes could spell counts.
 */
export function importsBeyondProject(file: string, text: string, members: ReadonlySet<string>): boolean {
  const decoded = hasEscapeMarker(text) ? decodeEscapes(text) : text;
  if (decoded.includes('\\u{')) return true;
  const dir = path.dirname(file);
  for (let i = 0; i < decoded.length; i++) {
    const c = decoded.charCodeAt(i);
    if ((c !== SINGLE && c !== DOUBLE) || (i > 0 && decoded.charCodeAt(i - 1) === BACKSLASH)) continue;
    // Cheap look first: a relative specifier starts with a dot, written or escaped.
    const next = decoded.charCodeAt(i + 1);
    if ((next !== 0x2e && next !== BACKSLASH) || !specifierPlace(decoded, i)) continue;
    const specifier = stringAt(decoded, i);
    if (specifier === undefined) return true;
    if (!(specifier.startsWith('./') || specifier.startsWith('../') || specifier === '..') || specifier.endsWith('.json')) continue;
    const base = path.resolve(dir, specifier);
    if (!moduleCandidates(base).some((candidate) => members.has(candidate))) return true;
  }
  return false;
}
