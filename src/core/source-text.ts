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

/**
 * Offsets (UTF-16 code units: what jsonc-parser, yaml and JavaScript strings count) to 1-based
 * line/column positions and back. A line ends at `\n` (so `\r\n` too, the `\r` being the line's last
 * character). That is where HCL ends a line (`\n` or `\r\n`,
 * https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md) and JSON has no other line break (a
 * `\r` is whitespace there); YAML templates are counted the same way, as are the lines of a code
 * frame (`src/reporters/code-frame.ts`). A lone `\r`, U+2028 and U+2029 are ordinary characters of
 * their line, so a position here can differ from an editor's on such a file, consistently for
 * finding, diagnostic and code frame. (CDK TypeScript nodes are
 * positioned by TypeScript's own line map instead, `src/cdk-source/source-location.ts`: ECMAScript's
 * line terminators, the lines ESLint reports.)
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
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) this.starts.push(at + 1);
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
