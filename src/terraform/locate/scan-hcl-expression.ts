/**
 * Finds where an HCL expression ends without parsing it. What makes naive scanning go wrong is
 * exactly what this tracks: brackets (inside which newlines do not end the expression), quoted
 * templates with `${ }` / `%{ }` sequences that hold whole expressions (quotes and braces included),
 * the `$${` / `%%{` escapes, heredocs (`<<EOT` / `<<-EOT`, whose closing marker may be indented in
 * both forms), and comments. Spec: https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md
 * ("Expressions", "Template Expressions", "Heredoc Templates"). Iterative, so deep nesting in
 * arbitrary input cannot overflow the call stack; every step consumes at least one character.
 */
import { isBlockCommentStart, isNewlineAt, scanComment, scanIdentifier, type CommentSink } from './hcl-lexical.js';

// What the scanner is inside of, innermost last: plain numbers (heredoc markers kept alongside), so
// that scanning allocates nothing per bracket.
/** `(`, `[` or `{` in expression mode: newlines inside do not end anything. */
const GROUP = 0;
/** `${` or `%{` inside a template: an expression ended by its `}`. */
const INTERPOLATION = 1;
const QUOTED = 2;
const HEREDOC = 3;

export interface ExpressionExtent {
  /** Just after the expression's last character (trailing spaces and comments excluded). */
  readonly end: number;
  /** Where scanning stopped: a line break, line comment or unmatched `}` at depth 0, or the end of the text. */
  readonly next: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const DOLLAR = 0x24;
const PERCENT = 0x25;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const LESS = 0x3c;

// Runs of characters that mean nothing to the scanner in each mode, skipped in one match: nearly all
// of an attribute's text is names, operators and string content (sticky, so each match starts at `i`).
/** Inside a quoted template: anything but a quote, a backslash, a sequence's `$`/`%` or a line break. */
const QUOTED_RUN = /[^"\\$%\r\n]+/y;
/** Inside a heredoc: anything but a sequence's `$`/`%` or a line break (a line may close it). */
const HEREDOC_RUN = /[^$%\n]+/y;
/** In expression mode: anything but spaces, line breaks, comment starts, quotes, `<` and brackets. */
const EXPRESSION_RUN = /[^ \t\r\n#/"<()[\]{}]+/y;

/** The end of the run `run` matches at `at`, or `at` when none starts there. */
function runEnd(run: RegExp, text: string, at: number): number {
  run.lastIndex = at;
  return run.test(text) ? run.lastIndex : at;
}

/** The marker and content start of a heredoc opening at `at` (`<<EOT` or `<<-EOT` then a line break), if one does. */
function heredocOpening(text: string, at: number): { marker: string; contentStart: number } | undefined {
  if (text.charCodeAt(at + 1) !== LESS) return undefined;
  const markerStart = text.charCodeAt(at + 2) === 0x2d ? at + 3 : at + 2;
  const markerEnd = scanIdentifier(text, markerStart);
  if (markerEnd === markerStart || !isNewlineAt(text, markerEnd)) return undefined;
  const contentStart = markerEnd + (text.charCodeAt(markerEnd) === 0x0d ? 2 : 1);
  return { marker: text.slice(markerStart, markerEnd), contentStart };
}

/** The end of the marker when the line starting at `at` closes the heredoc (optional indentation, the marker, optional spaces, then a line break or the end), else -1. */
function heredocClosing(text: string, at: number, marker: string): number {
  let i = at;
  while (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09) i++;
  if (!text.startsWith(marker, i)) return -1;
  const end = i + marker.length;
  // Trailing spaces are accepted too (HCL parses `EOF  ` as the closing line).
  let after = end;
  while (text.charCodeAt(after) === 0x20 || text.charCodeAt(after) === 0x09) after++;
  return after === text.length || isNewlineAt(text, after) ? end : -1;
}

/**
 * Scans the expression starting at `start` (an attribute value). Comments met inside brackets are
 * appended to `comments`; a line comment at depth 0 ends the expression and is left for the caller.
 */
export function scanHclExpression(text: string, start: number, comments: CommentSink): ExpressionExtent {
  const stack: number[] = [];
  const markers: string[] = [];
  const length = text.length;
  let i = start;
  let end = start;
  while (i < length) {
    const top = stack[stack.length - 1];
    const c = text.charCodeAt(i);
    if (top === QUOTED || top === HEREDOC) {
      // Not at a heredoc line's start, where the closing marker is looked for first.
      const plain = top === QUOTED ? runEnd(QUOTED_RUN, text, i) : i > 0 && text.charCodeAt(i - 1) !== 0x0a ? runEnd(HEREDOC_RUN, text, i) : i;
      if (plain > i) {
        end = i = plain;
        continue;
      }
      if (top === QUOTED) {
        if (c === QUOTE) {
          stack.pop();
          end = ++i;
          continue;
        }
        // A quoted template cannot span lines: treat the line break as the (missing) closing quote.
        if (isNewlineAt(text, i)) {
          stack.pop();
          continue;
        }
        if (c === BACKSLASH) {
          i = isNewlineAt(text, i + 1) ? i + 1 : Math.min(i + 2, length);
          end = i;
          continue;
        }
      } else if (i === 0 || text.charCodeAt(i - 1) === 0x0a) {
        const close = heredocClosing(text, i, markers[markers.length - 1] ?? '');
        if (close !== -1) {
          stack.pop();
          markers.pop();
          end = i = close;
          continue;
        }
      }
      if ((c === DOLLAR || c === PERCENT) && text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === OPEN_BRACE) {
        end = i += 3; // `$${` and `%%{` are literal text, not sequences
      } else if ((c === DOLLAR || c === PERCENT) && text.charCodeAt(i + 1) === OPEN_BRACE) {
        stack.push(INTERPOLATION);
        end = i += 2;
      } else {
        end = ++i;
      }
      continue;
    }

    // Expression mode: at depth 0 (empty stack) or inside a group or interpolation.
    const plain = runEnd(EXPRESSION_RUN, text, i);
    if (plain > i) {
      end = i = plain;
      continue;
    }
    if (c === 0x20 || c === 0x09 || (c === 0x0d && !isNewlineAt(text, i))) {
      i++;
      continue;
    }
    if (isNewlineAt(text, i)) {
      if (top === undefined) break;
      i++;
      continue;
    }
    const comment = c === 0x23 || c === 0x2f ? scanComment(text, i) : undefined;
    if (comment !== undefined) {
      // A `#` or `//` comment runs to the end of the line, so at depth 0 it ends the expression.
      if (top === undefined && !isBlockCommentStart(text, i)) break;
      comments.push(comment);
      i = comment.end;
      continue;
    }
    if (c === QUOTE) {
      stack.push(QUOTED);
      end = ++i;
      continue;
    }
    if (c === LESS) {
      const heredoc = heredocOpening(text, i);
      if (heredoc !== undefined) {
        stack.push(HEREDOC);
        markers.push(heredoc.marker);
        end = i = heredoc.contentStart;
        continue;
      }
    }
    if (c === 0x28 || c === 0x5b || c === OPEN_BRACE) {
      stack.push(GROUP);
    } else if (c === 0x29 || c === 0x5d || c === CLOSE_BRACE) {
      if (top === undefined && c === CLOSE_BRACE) break; // closes the enclosing block (one-line blocks)
      // An interpolation ends only at `}`; a stray `)` or `]` inside one is just skipped.
      if (top !== undefined && (top === GROUP || c === CLOSE_BRACE)) stack.pop();
    }
    end = ++i;
  }
  return { end, next: i };
}
