import { ownRequire } from '../core/own-module.cjs';
import type { createColors } from 'picocolors';
import type { Range } from '../core/location.js';
import { splitLines, withoutBom } from '../core/source-text.js';
import { displayWidth } from './display-width.js';
import { neutraliseSourceLine } from './neutralise-text.js';

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
 * Splits source text into lines the way the loaders count them (`LineIndex`): at `\n`, `\r\n` and a
 * lone `\r`. U+2028 and U+2029 stay in their line and are escaped with every other control character
 * when the line is shown (neutraliseSourceLine), so `@babel/code-frame`, which would also break lines
 * there, never sees them. A leading BOM is not counted (core/location.ts) and is dropped.
 */
function sourceLines(text: string): string[] {
  return splitLines(withoutBom(text));
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
  const { start } = span;
  // The empty "line" after a final line break is not worth a row unless the span points into it.
  // (Counted, not popped: the split lines are shared by the findings of the file.)
  const lineCount = lines.length > 1 && lines.at(-1) === '' && Math.max(start.line, span.end.line) < lines.length ? lines.length - 1 : lines.length;
  // An exclusive end at column 1 ends the span with the previous line's line break.
  const end = span.end.line > start.line && span.end.column <= 1 ? { line: span.end.line - 1, column: (lines[span.end.line - 2] ?? '').length + 1 } : span.end;
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
  const column = (value: number) =>
    offset === 0 && widest <= MAX_LINE_WIDTH ? value : Math.min(Math.max(1, value - offset + (offset > 0 ? 1 : 0)), MAX_LINE_WIDTH + 2);
  // Control, bidi and invisible characters of the source are shown escaped (`\x1b`, `\u202e`); the
  // span's columns move with the escapes, so the caret stays under the characters it marks.
  const neutral = shown.map((line) => neutraliseSourceLine(cut(line)));
  const startShown = neutral[location.start.line - first];
  const endShown = neutral[location.end.line - first];
  const singleLine = location.end.line === location.start.line;
  const shownStart = column(location.start.column);
  const shownEnd = column(location.end.column);
  location = {
    start: { line: location.start.line, column: startShown?.columnOf(shownStart) ?? shownStart },
    // On the last line of a multi-line span babel reads the column as a count of marked units.
    end: { line: location.end.line, column: singleLine ? (endShown?.columnOf(shownEnd) ?? shownEnd) : (endShown?.columnOf(shownEnd + 1) ?? shownEnd + 1) - 1 },
  };
  const window = { line: (line: number) => line - first + 1 };
  const frame = babelCodeFrame()(
    neutral.map((line) => line.text).join('\n'),
    {
      start: { line: window.line(location.start.line), column: location.start.column },
      end: { line: window.line(location.end.line), column: location.end.column },
    },
    {
      highlightCode: false,
      linesAbove: CONTEXT_LINES,
      linesBelow: CONTEXT_LINES,
    },
  );
  return renumber(alignMarkers(frame), first - 1, String(last).length)
    .split('\n')
    .map((line) => colorFrameLine(line, colors))
    .join('\n');
}

type CodeFrameColumns = typeof import('@babel/code-frame').codeFrameColumns;
let codeFrameColumns: CodeFrameColumns | undefined;

/** Loaded on first use, so `--format json|sarif|github` and clean runs never load it; then kept. */
function babelCodeFrame(): CodeFrameColumns {
  codeFrameColumns ??= (ownRequire('@babel/code-frame') as typeof import('@babel/code-frame')).codeFrameColumns;
  return codeFrameColumns;
}

/**
 * babel puts one space under each UTF-16 unit before the span and one `^` under each unit of it
 * (keeping tabs), which drifts on a line with wide characters (CJK, emoji: two terminal cells) or
 * combining marks (none). Each marker line is redrawn from the line above it in terminal cells.
 */
function alignMarkers(frame: string): string {
  const rows = frame.split('\n');
  for (const [index, row] of rows.entries()) {
    const marker = /^( +\|) ([ \t]*)(\^+)$/.exec(row);
    const source = marker ? /^> *\d+ \|(?: (.*))?$/.exec(rows[index - 1] ?? '') : null;
    if (!marker || !source) continue;
    const text = source[1] ?? '';
    if (/^[\x20-\x7e\t]*$/.test(text)) continue;
    const before = (marker[2] ?? '').length;
    const count = (marker[3] ?? '').length;
    const spacing = text.slice(0, before).replace(/[^\t]+/g, (run) => ' '.repeat(displayWidth(run)));
    const carets = Math.max(1, displayWidth(text.slice(before, before + count)) + Math.max(0, before + count - text.length));
    rows[index] = `${marker[1] ?? ''} ${spacing}${'^'.repeat(carets)}`;
  }
  return rows.join('\n');
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

/**
 * The last text split into lines (the reporter frames a file's findings one after another). A NUL is
 * framed like any other control character (escaped, `neutraliseSourceLine`): the texts that reach a
 * report are those the loaders read, and only TypeScript source may hold one (`DecodeOptions.nulIsText`).
 */
let lastSplit: { readonly text: string; readonly lines: string[] } | undefined;

function linesOf(text: string): string[] {
  if (lastSplit?.text !== text) lastSplit = { text, lines: sourceLines(text) };
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
