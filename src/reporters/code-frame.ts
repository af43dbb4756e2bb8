import { codeFrameColumns } from '@babel/code-frame';
import type { createColors } from 'picocolors';
import type { Range } from '../core/location.js';

export type Colors = ReturnType<typeof createColors>;

/**
 * Spans longer than this many lines (a whole resource block) are framed at their first line only.
 * Three also keeps clear of a quirk of @babel/code-frame 7.x: it sizes the markers of every middle
 * line of a span by the length of the line after the first, which is right only for one middle line.
 */
const MAX_FRAMED_LINES = 3;

/** The frame shows this many lines of context on each side of the span. */
const CONTEXT_LINES = 1;

/**
 * Splits source text into lines the way the loaders count them: at `\n` only (read-source.ts), with
 * a trailing `\r` of CRLF removed. `@babel/code-frame` would also break at a lone `\r`, U+2028 and
 * U+2029, which would shift every later line number, so those become spaces (one UTF-16 unit each,
 * which keeps columns). A leading BOM is not counted (core/location.ts) and is dropped.
 */
function sourceLines(text: string): string[] {
  const withoutBom = text.startsWith('\uFEFF') ? text.slice(1) : text;
  return withoutBom.split('\n').map((line) => line.replace(/\r$/, '').replace(/[\r\u2028\u2029]/g, ' '));
}

/**
 * A code frame of `range` in `text` (babel's format: gutter with line numbers, `>` on spanned
 * lines, `^` under the span), or undefined when the text is binary or the range lies outside it.
 * Our ranges are 1-based with an exclusive end; babel marks `end - start` columns on a single line
 * (exclusive, like ours) but `end` columns on the last line of a multi-line span (inclusive), hence
 * the `- 1` there.
 */
export function renderCodeFrame(text: string, span: Range, colors: Colors): string | undefined {
  if (text.includes('\u0000')) return undefined;
  const lines = sourceLines(text);
  const { start } = span;
  // The empty "line" after a final line break is not worth a row unless the span points into it.
  if (lines.length > 1 && lines.at(-1) === '' && Math.max(start.line, span.end.line) < lines.length) lines.pop();
  // An exclusive end at column 1 ends the span with the previous line's line break.
  const end =
    span.end.line > start.line && span.end.column <= 1
      ? { line: span.end.line - 1, column: (lines[span.end.line - 2] ?? '').length + 1 }
      : span.end;
  const startLine = lines[start.line - 1];
  if (startLine === undefined || start.line < 1) return undefined;
  const startColumn = Math.max(1, start.column);
  let location: { start: { line: number; column: number }; end: { line: number; column: number } };
  if (end.line <= start.line || end.line - start.line + 1 > MAX_FRAMED_LINES || end.line > lines.length) {
    const endColumn = end.line === start.line ? Math.max(end.column, startColumn) : startLine.length + 1;
    location = { start: { line: start.line, column: startColumn }, end: { line: start.line, column: endColumn } };
  } else {
    location = { start: { line: start.line, column: startColumn }, end: { line: end.line, column: Math.max(1, end.column - 1) } };
  }
  const frame = codeFrameColumns(lines.join('\n'), location, {
    highlightCode: false,
    linesAbove: CONTEXT_LINES,
    linesBelow: CONTEXT_LINES,
  });
  return frame
    .split('\n')
    .map((line) => colorFrameLine(line, colors))
    .join('\n');
}

/** Marker lines (`   |   ^^^`) in red, the `>` of spanned lines bold, gutters dim. */
function colorFrameLine(line: string, colors: Colors): string {
  const marker = /^(\s+\|)(\s*)(\^+)$/.exec(line);
  if (marker) return `${colors.dim(marker[1])}${marker[2] ?? ''}${colors.red(marker[3])}`;
  const gutter = /^([ >])(\s*\d+ \|)(.*)$/.exec(line);
  if (gutter) {
    const pointer = gutter[1] === '>' ? colors.red(colors.bold('>')) : ' ';
    return `${pointer}${colors.dim(gutter[2])}${gutter[3] ?? ''}`;
  }
  return line;
}
