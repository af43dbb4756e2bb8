/**
 * Positions are 1-based lines and 1-based columns counted in UTF-16 code units (SARIF's default
 * `columnKind`, and what editors and ESLint use). A BOM is not counted. Lines end at LF, CRLF or a
 * lone CR (`LineIndex`, `source-text.ts`). `end` is exclusive: it is the position just after the last
 * character of the span, as in SARIF's `endColumn`.
 */
export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/** Where a fact came from. */
export interface SourceLocation {
  /** Absolute path of the file. Reporters make it relative to the current directory. */
  readonly file: string;
  readonly range: Range;
  /**
   * The logical path of the construct inside its file, stable across edits that move lines:
   * `resource.aws_iam_access_key.k.status`, `Resources.Key.Properties.Status`.
   */
  readonly logicalPath?: string;
}

export function position(line: number, column: number): Position {
  return { line, column };
}

export function range(startLine: number, startColumn: number, endLine: number, endColumn: number): Range {
  return { start: { line: startLine, column: startColumn }, end: { line: endLine, column: endColumn } };
}

/**
 * A key for where `location` starts (file, line, column): what sets of reported places (suppressions
 * used, diagnostics met once, findings given by another unit) compare. The position is the key's last
 * two parts, so a file name holding `:` cannot make two places one.
 */
export function startKey(location: SourceLocation): string {
  return `${location.file}:${location.range.start.line}:${location.range.start.column}`;
}

/** The range of a whole file's first line, used where a problem has no better anchor. */
export const FILE_START: Range = range(1, 1, 1, 1);

export function compareLocations(a: SourceLocation, b: SourceLocation): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.column - b.range.start.column ||
    a.range.end.line - b.range.end.line ||
    a.range.end.column - b.range.end.column
  );
}
