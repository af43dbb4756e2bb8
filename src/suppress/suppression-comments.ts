import type { SourceLocation } from '../core/location.js';
import { range } from '../core/location.js';
import { linesInsideStrings, sourceLines } from './source-lines.js';

/** A suppression as written, inline or in CloudFormation metadata, before it is validated. */
export interface SuppressionDirective {
  readonly kind: 'inline' | 'metadata';
  readonly rules: readonly string[];
  readonly until: string | undefined;
  readonly reason: string | undefined;
  readonly location: SourceLocation;
}

/**
 * `# credlint-ignore <rule-id>[,<rule-id>] [until=YYYY-MM-DD] -- <reason>` (also `//`), README, "Suppressions".
 * The reason is mandatory; a directive without one is parsed (so it can be reported) but never
 * suppresses. Read by hand in one pass, never by a backtracking regular expression: a line is
 * untrusted input, and a reason followed by 400,000 spaces must cost 400,000 steps, not their square.
 * Rule ids are kebab-case, so `--` always starts the reason (`rule-id-- reason` has the reason).
 */
export const MARKER = 'credlint-ignore';
// A comment line: `#`, `//`, or a line of a block comment (a TypeScript doc comment may sit between a
// directive and its statement). Anchored, with one unbounded run: linear.
const COMMENT_LINE = /^\s*(?:#|\/\/|\/\*|\*)/;
/** JavaScript's `\s`, one character at a time. */
const SPACE = /\s/;
/** What `.` in a regular expression does not match: such a line never held a directive. */
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;

function isSpace(text: string, at: number): boolean {
  return at < text.length && SPACE.test(text.charAt(at));
}

function skipSpaces(text: string, at: number): number {
  let next = at;
  while (isSpace(text, next)) next += 1;
  return next;
}

function isIdChar(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x2d;
}

/** The end of a rule id starting at `at` (letters, digits, single dashes); `at` itself when there is none. */
function idEnd(text: string, at: number): number {
  let next = at;
  while (next < text.length && isIdChar(text.charCodeAt(next)) && !text.startsWith('--', next)) next += 1;
  return next;
}

/** The offset just after `# credlint-ignore` / `// credlint-ignore` at the start of a line, or -1. */
function afterMarker(text: string): number {
  let at = skipSpaces(text, 0);
  if (text.startsWith('#', at)) at += 1;
  else if (text.startsWith('//', at)) at += 2;
  else return -1;
  at = skipSpaces(text, at);
  if (!text.startsWith(MARKER, at)) return -1;
  at += MARKER.length;
  // `\b`: `credlint-ignored` is another word; `credlint-ignore-x` is this one, malformed.
  const next = text.charCodeAt(at);
  if (at < text.length && ((isIdChar(next) && next !== 0x2d) || next === 0x5f)) return -1;
  return at;
}

/** ` <rules> [until=<date>] [-- <reason>]` after the marker, or undefined when it is not that shape. */
function parseBody(text: string, from: number): { rules: string[]; until: string | undefined; reason: string | undefined } | undefined {
  if (!isSpace(text, from)) return undefined;
  let at = skipSpaces(text, from);
  const rules: string[] = [];
  for (;;) {
    const end = idEnd(text, at);
    if (end === at) return undefined;
    rules.push(text.slice(at, end));
    const comma = skipSpaces(text, end);
    at = end;
    if (text.charAt(comma) !== ',') break;
    at = skipSpaces(text, comma + 1);
  }
  let until: string | undefined;
  const afterSpaces = skipSpaces(text, at);
  if (afterSpaces > at && text.startsWith('until=', afterSpaces)) {
    let end = afterSpaces + 'until='.length;
    while (end < text.length && !isSpace(text, end)) end += 1;
    until = text.slice(afterSpaces + 'until='.length, end);
    at = end;
  }
  at = skipSpaces(text, at);
  if (at === text.length) return { rules, until, reason: undefined };
  if (!text.startsWith('--', at)) return undefined;
  const reason = text.slice(at + 2).trim();
  return { rules, until, reason: reason === '' ? undefined : reason };
}

export function parseDirectiveLine(text: string, file: string, line: number): SuppressionDirective | undefined {
  const body = afterMarker(text);
  if (body < 0 || LINE_TERMINATOR.test(text)) return undefined;
  const start = skipSpaces(text, 0) + 1;
  const location = { file, range: range(line, start, line, text.trimEnd().length + 1) };
  const parsed = parseBody(text, body);
  if (!parsed) return { kind: 'inline', rules: [], until: undefined, reason: undefined, location };
  return { kind: 'inline', ...parsed, location };
}

/**
 * Every directive of a file, keyed by line number, its lines split as `sourceLines` does (pass them
 * when already split). A directive-looking line inside a string is none (`source-lines.ts`).
 */
export function directivesOfFile(file: string, text: string, lines: readonly string[] = sourceLines(file, text)): Map<number, SuppressionDirective> {
  const directives = new Map<number, SuppressionDirective>();
  lines.forEach((lineText, index) => {
    if (!lineText.includes(MARKER)) return;
    const directive = parseDirectiveLine(lineText, file, index + 1);
    if (directive) directives.set(index + 1, directive);
  });
  for (const line of linesInsideStrings(file, text, lines, [...directives.keys()])) directives.delete(line);
  return directives;
}

/**
 * Per file (its lines), where the run of comment lines above each line starts, and the lines that hold
 * directives: built once, so that a construct created 1,000 times in a loop under 20,000 comment lines
 * does not walk those lines 1,000 times.
 */
interface CommentRuns {
  /** `runStart[line]`: the first line of the comment run that ends just above `line` (`line` itself when none). */
  readonly runStart: Int32Array;
  /** Lines holding a directive, ascending. */
  readonly directiveLines: readonly number[];
  /** `directivesAbove` answers, by line: the constructs of a loop share their statement. */
  readonly above: Map<number, SuppressionDirective[]>;
}

const runsByFile = new WeakMap<readonly string[], CommentRuns>();

function commentRuns(lines: readonly string[], directives: Map<number, SuppressionDirective>): CommentRuns {
  let runs = runsByFile.get(lines);
  if (!runs) {
    const runStart = new Int32Array(lines.length + 2);
    runStart[1] = 1;
    for (let line = 2; line <= lines.length + 1; line += 1) {
      runStart[line] = COMMENT_LINE.test(lines[line - 2] ?? '') ? (runStart[line - 1] ?? line) : line;
    }
    runs = { runStart, directiveLines: [...directives.keys()].sort((a, b) => a - b), above: new Map() };
    runsByFile.set(lines, runs);
  }
  return runs;
}

/** The directives in the run of comment lines directly above `line`, nearest first (a block's doc comment may sit between). */
export function directivesAbove(lines: readonly string[], directives: Map<number, SuppressionDirective>, line: number): SuppressionDirective[] {
  const runs = commentRuns(lines, directives);
  const cached = runs.above.get(line);
  if (cached) return cached;
  const { runStart, directiveLines } = runs;
  const first = line >= 1 && line < runStart.length ? (runStart[line] ?? line) : line;
  // The directive lines in [first, line - 1]: the last one below `line` by binary search, then upwards.
  let low = 0;
  let high = directiveLines.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((directiveLines[middle] ?? 0) < line) low = middle + 1;
    else high = middle;
  }
  const found: SuppressionDirective[] = [];
  for (let index = low - 1; index >= 0 && (directiveLines[index] ?? 0) >= first; index -= 1) {
    const directive = directives.get(directiveLines[index] as number);
    if (directive) found.push(directive);
  }
  runs.above.set(line, found);
  return found;
}
