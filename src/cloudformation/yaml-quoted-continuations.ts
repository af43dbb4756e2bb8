import { yamlLibrary } from '../core/yaml-library.js';

/**
 * A text with spaces inserted, and the way back to offsets in the text as written.
 */
export interface ReindentedText {
  readonly text: string;
  /** The offset in the original text of an offset in `text` (inserted spaces map to where they were put). */
  toOriginal(offset: number): number;
}

/** Zero-width markers the yaml lexer emits (document, flow error end, scalar); not part of the source. */
export const MARKERS = new Set(['\u0002', '\u0018', '\u001f', '\u{feff}']);

/**
 * Real templates (AWS Quick Starts among them) continue a quoted scalar on lines indented no deeper
 * than its key:
 *
 *     Description: "Name used to map parameters,
 *     the name must match the Quick Start."
 *
 * YAML 1.2 requires continuation lines indented past the enclosing block (spec 7.3, `s-flow-line-prefix(n)`),
 * so the `yaml` package ends the scalar at the line break and reports "Missing closing quote"; PyYAML,
 * which cfn-lint uses, and CloudFormation itself accept it and fold the lines. This indents such
 * continuation lines one column past the node that the line opening the scalar starts (`nodeIndentOf`),
 * which yields the value PyYAML reads (folding drops leading spaces). Returns undefined when no quoted
 * scalar needs it.
 *
 * The lexer is out of step after a scalar it ended early: it reads that scalar's closing quote as the
 * opening quote of another one, and the next scalar's opening quote as its end (two policies written
 * `PolicyDocument: !Sub '{` ... `}'` one after the other). So where the closing quote ends its line, the
 * text is lexed again from the next line, which starts a new entry of the block the scalar is in.
 */
export function reindentQuotedContinuations(text: string): ReindentedText | undefined {
  const insertions: { at: number; count: number }[] = [];
  for (let from: number | undefined = 0; from !== undefined;) {
    const next = reindentFrom(text, from, insertions);
    if (next === UNCLOSED) return undefined;
    from = next;
  }
  return withInsertions(text, insertions);
}

const UNCLOSED = Symbol('a quoted scalar never closes');

/**
 * Lexes `text` from offset `from` and adds the insertions its quoted scalars need; returns where to
 * lex again (after a scalar the lexer ended early), undefined at the end, `UNCLOSED` for a quote that
 * never closes.
 */
function reindentFrom(text: string, from: number, insertions: { at: number; count: number }[]): number | undefined | typeof UNCLOSED {
  let offset = from;
  // Tokens the lexer made of the rest of a scalar it ended early are inside that scalar: skipped.
  let coveredUntil = from;
  for (const token of new (yamlLibrary().Lexer)().lex(text.slice(from))) {
    if (MARKERS.has(token)) continue;
    const start = offset;
    offset += token.length;
    const quote = token[0];
    if (start < coveredUntil || (quote !== '"' && quote !== "'") || closes(token, quote)) continue;
    const end = closingQuote(text, start, quote);
    if (end === undefined) return UNCLOSED;
    coveredUntil = end + 1;
    const needed = nodeIndentOf(text, text.lastIndexOf('\n', start) + 1) + 1;
    for (let i = text.indexOf('\n', start); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
      const indent = indentOf(text, i + 1);
      const lineEnd = text.indexOf('\n', i + 1);
      const blank = /^[ \t\r]*$/.test(text.slice(i + 1, lineEnd === -1 ? text.length : lineEnd));
      if (!blank && indent < needed) insertions.push({ at: i + 1, count: needed - indent });
    }
    const next = lineAfterClosingQuote(text, end);
    if (next !== undefined) return next < text.length ? next : undefined;
  }
  return undefined;
}

/** The start of the line after a closing quote that only spaces or a comment follow on its line. */
function lineAfterClosingQuote(text: string, end: number): number | undefined {
  const lineEnd = text.indexOf('\n', end);
  const rest = text.slice(end + 1, lineEnd === -1 ? text.length : lineEnd);
  if (!/^[ \t\r]*(#.*)?$/.test(rest)) return undefined;
  return lineEnd === -1 ? text.length : lineEnd + 1;
}

/**
 * The text with `count` spaces (or `fill`, of `count` characters) inserted at each offset `at` (in
 * increasing order), and the way back to offsets in the text as written; undefined when there is
 * nothing to insert.
 */
export function withInsertions(
  text: string,
  insertions: readonly { readonly at: number; readonly count: number; readonly fill?: string }[],
): ReindentedText | undefined {
  if (insertions.length === 0) return undefined;
  let result = '';
  let from = 0;
  for (const insertion of insertions) {
    result += text.slice(from, insertion.at) + (insertion.fill ?? ' '.repeat(insertion.count));
    from = insertion.at;
  }
  result += text.slice(from);
  // Where each insertion starts in the new text, and the spaces inserted before it: a binary search
  // maps an offset back (a template can have thousands of such lines and many nodes).
  const patchedAt: number[] = [];
  const shiftBefore: number[] = [];
  let shift = 0;
  for (const insertion of insertions) {
    patchedAt.push(insertion.at + shift);
    shiftBefore.push(shift);
    shift += insertion.count;
  }
  return {
    text: result,
    toOriginal: (patched) => {
      let low = 0;
      let high = insertions.length - 1;
      let last = -1;
      while (low <= high) {
        const mid = (low + high) >> 1;
        if ((patchedAt[mid] ?? 0) <= patched) {
          last = mid;
          low = mid + 1;
        } else high = mid - 1;
      }
      const insertion = insertions[last];
      if (insertion === undefined) return patched;
      const inserted = patched - (patchedAt[last] ?? 0);
      if (inserted < insertion.count) return insertion.at;
      return patched - (shiftBefore[last] ?? 0) - insertion.count;
    },
  };
}

/** Whether a lexer token that starts with a quote also ends that quoted scalar. */
function closes(token: string, quote: string): boolean {
  return closingQuote(token, 0, quote) !== undefined;
}

/** The offset of the quote that closes the quoted scalar opened at `start`, if any. */
export function closingQuote(text: string, start: number, quote: string): number | undefined {
  for (let i = start + 1; i < text.length; i += 1) {
    const c = text[i];
    if (quote === '"' && c === '\\') i += 1;
    else if (c === quote) {
      if (quote === "'" && text[i + 1] === "'") i += 1;
      else return i;
    }
  }
  return undefined;
}

/**
 * The indentation of the innermost block node a line opens: its leading spaces, and past each compact
 * block sequence indicator (`- `) on it, since the entry's node is indented to where it starts
 * (YAML 1.2 spec 8.2.1, `ns-l-compact-sequence` and `ns-l-compact-mapping`: in `- - 'a` the scalar
 * belongs to a sequence at the second `-`, in `- Key: 'a` to a mapping at `Key`). A continuation
 * line must be indented past it; `-` not followed by a space or tab starts a plain scalar (`-1`, `---`).
 */
export function nodeIndentOf(text: string, lineStart: number): number {
  let i = lineStart + indentOf(text, lineStart);
  while (text[i] === '-' && (text[i + 1] === ' ' || text[i + 1] === '\t')) {
    i += 1;
    while (text[i] === ' ' || text[i] === '\t') i += 1;
  }
  return i - lineStart;
}

export function indentOf(text: string, lineStart: number): number {
  let i = lineStart;
  while (text[i] === ' ') i += 1;
  return i - lineStart;
}
