import type { Position, Range } from './location.js';

/**
 * Source text and its positions (the conventions of `location.ts`: 1-based lines and columns,
 * columns in UTF-16 code units, end exclusive, a BOM not counted).
 *
 * Where the byte order mark goes: every file read through the one door (`src/io/read-source.ts`)
 * is decoded with the BOM dropped, so loaders, locators and code frames index that text as it is.
 * Text that did not come through the door may still start with U+FEFF: TypeScript keeps it in a
 * `SourceFile`'s text (the ESLint plugin and the CDK source loader see that text). Such text is
 * indexed without it (`withoutBom`), and an offset into it is shifted by `bomLength` first, so the
 * first character after the BOM is line 1, column 1 either way.
 */

/** U+FEFF at the very start of a text: the Unicode byte order mark, not part of the content. */
export function bomLength(text: string): 0 | 1 {
  return text.charCodeAt(0) === 0xfeff ? 1 : 0;
}

/** The text without a leading byte order mark: positions never count it. */
export function withoutBom(text: string): string {
  return bomLength(text) === 1 ? text.slice(1) : text;
}

/** A line break: `\r\n`, `\n` or a lone `\r`. */
const LINE_BREAK = /\r\n?|\n/g;

const LONE_CR = /\r(?!\n)/;

/**
 * Whether the text holds a `\r` not followed by `\n`. Nearly every text holds no `\r` at all, which
 * `indexOf` finds several times faster than the pattern's scan of the whole text.
 */
const hasLoneCarriageReturn = (text: string): boolean => text.includes('\r') && LONE_CR.test(text);

/** The lines of a text, split at the line breaks `LineIndex` counts, without their line breaks. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n?|\n/);
}

/**
 * The text with each lone `\r` made a `\n`, for parsers that break lines at `\n` and `\r\n` only (the
 * yaml package). Same length, so every offset into the result is the same offset of the text. YAML
 * 1.2 counts a lone `\r` as a line break and has a processor normalise every line break in scalar
 * content to `\n` (https://yaml.org/spec/1.2.2/#54-line-break-characters): this is that normalisation,
 * done before parsing.
 */
export function loneCarriageReturnsAsLineFeeds(text: string): string {
  return hasLoneCarriageReturn(text) ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/**
 * Offsets (UTF-16 code units: what jsonc-parser, yaml and JavaScript strings count) to 1-based
 * line/column positions and back. A line ends at `\n`, at `\r\n` (the `\r` being the line's last
 * character, so such a file has the positions of its LF twin) and at a `\r` alone: the line breaks
 * of YAML 1.2 (https://yaml.org/spec/1.2.2/#54-line-break-characters) and of SARIF 2.1.0 §3.30.2,
 * so the lines are those an editor, a GitHub annotation and a SARIF viewer show. JSON has no line
 * (its `\r` and `\n` are both whitespace) and HCL ends a line at `\n` or `\r\n`
 * (https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md), where a lone `\r` is no line break;
 * their files are counted the same way, so a file that a lone `\r` breaks into lines in the user's
 * editor is positioned in those lines. Code frames (`src/reporters/code-frame.ts`) and suppression
 * comments (`src/suppress/suppression-comments.ts`) split lines with `splitLines`, the same breaks.
 * U+2028 and U+2029 are ordinary characters of their line. (CDK TypeScript nodes are positioned by
 * TypeScript's own line map instead, `src/cdk-source/source-location.ts`: ECMAScript's line
 * terminators, the lines ESLint reports.)
 *
 * Built once per text (one pass over it), then each lookup is a binary search; lookups mostly move
 * forward through the file, so the previous answer's line is tried first.
 */
export class LineIndex {
  private readonly starts: number[] = [0];
  private readonly length: number;
  private lastLine = 0;

  constructor(text: string) {
    this.length = text.length;
    // LF and CRLF text (nearly all of it): a line starts after each `\n`, found fastest by indexOf.
    if (!hasLoneCarriageReturn(text)) {
      for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) this.starts.push(at + 1);
      return;
    }
    LINE_BREAK.lastIndex = 0;
    for (let found = LINE_BREAK.exec(text); found !== null; found = LINE_BREAK.exec(text)) this.starts.push(LINE_BREAK.lastIndex);
  }

  /**
   * The position of an offset. Offsets outside the text are not clamped: a negative one is column
   * `offset + 1` or less of line 1, one past the end lies past the last line's end.
   */
  position(offset: number): Position {
    const starts = this.starts;
    const last = this.lastLine;
    if ((starts[last] ?? 0) <= offset && offset < (starts[last + 1] ?? Infinity)) {
      return { line: last + 1, column: offset - (starts[last] ?? 0) + 1 };
    }
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    this.lastLine = low;
    return { line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
  }

  /** The range from offset `start` to offset `end` (exclusive). */
  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  /**
   * The offset of a position, the inverse of `position` for every offset of the text and its end;
   * undefined for a line the text does not have or a column past its line's end (its line break
   * included: the column just after `\n` is the next line's column 1).
   */
  offset(at: Position): number | undefined {
    const start = this.starts[at.line - 1];
    if (start === undefined || at.column < 1) return undefined;
    const end = this.starts[at.line] ?? this.length + 1;
    const offset = start + at.column - 1;
    return offset < end ? offset : undefined;
  }
}
