import { createRequire } from 'node:module';
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
 * Lines wider than this (minified JSON templates are one line of megabytes) are cut to a window that
 * starts a little before the span, with `…` where text was left out.
 */
const MAX_LINE_WIDTH = 160;
const LEAD_COLUMNS = 40;

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
  const lines = linesOf(text);
  if (lines === undefined) return undefined;
  const { start } = span;
  // The empty "line" after a final line break is not worth a row unless the span points into it.
  // (Counted, not popped: the split lines are shared by the findings of the file.)
  const lineCount = lines.length > 1 && lines.at(-1) === '' && Math.max(start.line, span.end.line) < lines.length ? lines.length - 1 : lines.length;
  // An exclusive end at column 1 ends the span with the previous line's line break.
  const end =
    span.end.line > start.line && span.end.column <= 1
      ? { line: span.end.line - 1, column: (lines[span.end.line - 2] ?? '').length + 1 }
      : span.end;
  const startLine = lines[start.line - 1];
  if (startLine === undefined || start.line < 1) return undefined;
  const startColumn = Math.max(1, start.column);
  let location: { start: { line: number; column: number }; end: { line: number; column: number } };
  if (end.line <= start.line || end.line - start.line + 1 > MAX_FRAMED_LINES || end.line > lineCount) {
    const endColumn = end.line === start.line ? Math.max(end.column, startColumn) : startLine.length + 1;
    location = { start: { line: start.line, column: startColumn }, end: { line: start.line, column: endColumn } };
  } else {
    location = { start: { line: start.line, column: startColumn }, end: { line: end.line, column: Math.max(1, end.column - 1) } };
  }
  // babel is given only the lines it shows, and its line numbers are shifted back afterwards: a file
  // with thousands of findings is not split and joined again for each one.
  const first = Math.max(1, location.start.line - CONTEXT_LINES);
  const last = Math.min(lineCount, location.end.line + CONTEXT_LINES);
  const shown = lines.slice(first - 1, last);
  const widest = Math.max(...shown.map((line) => line.length));
  const offset = widest > MAX_LINE_WIDTH ? Math.max(0, location.start.column - 1 - LEAD_COLUMNS) : 0;
  const cut = (line: string) => {
    if (widest <= MAX_LINE_WIDTH) return line;
    return `${offset > 0 ? '…' : ''}${line.slice(offset, offset + MAX_LINE_WIDTH)}${line.length > offset + MAX_LINE_WIDTH ? '…' : ''}`;
  };
  const column = (value: number) => (offset === 0 && widest <= MAX_LINE_WIDTH ? value : Math.min(Math.max(1, value - offset + (offset > 0 ? 1 : 0)), MAX_LINE_WIDTH + 2));
  location = {
    start: { line: location.start.line, column: column(location.start.column) },
    end: { line: location.end.line, column: column(location.end.column) },
  };
  const window = { line: (line: number) => line - first + 1 };
  // Loaded on first use, so `--format json|sarif|github` and clean runs never load it.
  const { codeFrameColumns } = createRequire(import.meta.url)('@babel/code-frame') as typeof import('@babel/code-frame');
  const frame = codeFrameColumns(shown.map(cut).join('\n'), {
    start: { line: window.line(location.start.line), column: location.start.column },
    end: { line: window.line(location.end.line), column: location.end.column },
  }, {
    highlightCode: false,
    linesAbove: CONTEXT_LINES,
    linesBelow: CONTEXT_LINES,
  });
  return renumber(frame, first - 1, String(last).length)
    .split('\n')
    .map((line) => colorFrameLine(line, colors))
    .join('\n');
}

/** Shifts the line numbers of a frame of a window of the file by `shift`, re-padding the gutter to `width`. */
function renumber(frame: string, shift: number, width: number): string {
  return frame
    .split('\n')
    .map((line) => {
      const gutter = /^([ >]) +(\d+) \|(.*)$/.exec(line);
      if (gutter) return `${gutter[1]} ${String(Number(gutter[2]) + shift).padStart(width)} |${gutter[3] ?? ''}`;
      const marker = /^ +\|(.*)$/.exec(line);
      if (marker) return `${' '.repeat(width + 3)}|${marker[1] ?? ''}`;
      return line;
    })
    .join('\n');
}

/** The last text split into lines (the reporter frames a file's findings one after another); undefined for binary text. */
let lastSplit: { readonly text: string; readonly lines: string[] | undefined } | undefined;

function linesOf(text: string): string[] | undefined {
  if (lastSplit?.text !== text) lastSplit = { text, lines: text.includes('\u0000') ? undefined : sourceLines(text) };
  return lastSplit.lines;
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
