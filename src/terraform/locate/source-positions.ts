import type { Position, Range } from '../../core/location.js';

/**
 * Turns UTF-16 offsets into 1-based line/column positions. A line break is `\n` or `\r\n` (the
 * line starts after the `\n`), which is what HCL and JSON both recognise; a lone `\r` is an ordinary
 * character. Built once per file, then each lookup is a binary search.
 */
export class SourcePositions {
  private readonly lineStarts: number[] = [0];
  /** Lookups mostly move forward through the file: try the previous answer's line first. */
  private lastLine = 0;

  constructor(text: string) {
    let at = text.indexOf('\n');
    while (at !== -1) {
      this.lineStarts.push(at + 1);
      at = text.indexOf('\n', at + 1);
    }
  }

  position(offset: number): Position {
    const starts = this.lineStarts;
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

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }
}

/** The text without a leading byte order mark: positions never count it. */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
