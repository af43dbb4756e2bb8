import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Position } from '../../src/core/location.js';
import { bomLength, LineIndex, loneCarriageReturnsAsLineFeeds, splitLines, withoutBom } from '../../src/core/source-text.js';

function positions(text: string): string[] {
  const lines = new LineIndex(text);
  return Array.from({ length: text.length + 1 }, (_, offset) => {
    const { line, column } = lines.position(offset);
    return `${line}:${column}`;
  });
}

/**
 * What every line count of the loaders did before the index existed (split the text before the offset
 * at `\n`), once each `\r` not followed by `\n` is a `\n` too.
 */
function splitPosition(text: string, offset: number): Position {
  const before = [...text]
    .map((unit, i, units) => (unit === '\r' && units[i + 1] !== '\n' ? '\n' : unit))
    .join('')
    .slice(0, offset)
    .split('\n');
  return { line: before.length, column: (before.at(-1) ?? '').length + 1 };
}

describe('LineIndex', () => {
  it('breaks lines after \\n only, so \\r\\n ends a line with the \\r as its last column', () => {
    expect(positions('a\nbc\n')).toEqual(['1:1', '1:2', '2:1', '2:2', '2:3', '3:1']);
    expect(positions('a\r\nb')).toEqual(['1:1', '1:2', '1:3', '2:1', '2:2']);
  });

  it('breaks lines after a lone \\r too (YAML 1.2, SARIF 2.1.0 §3.30.2, editors), never inside \\r\\n', () => {
    expect(positions('a\rb')).toEqual(['1:1', '1:2', '2:1', '2:2']);
    expect(positions('a\r\rb\r')).toEqual(['1:1', '1:2', '2:1', '3:1', '3:2', '4:1']);
    expect(positions('a\r\r\nb')).toEqual(['1:1', '1:2', '2:1', '2:2', '3:1', '3:2']);
    const lines = new LineIndex('ab\rcd');
    expect(lines.offset({ line: 1, column: 3 })).toBe(2); // the \r
    expect(lines.offset({ line: 1, column: 4 })).toBeUndefined();
    expect(lines.offset({ line: 2, column: 1 })).toBe(3);
  });

  it('keeps U+2028 and U+2029 inside their line (no line break for YAML 1.2, JSON, HCL or SARIF)', () => {
    expect(positions('a\u2028b\u2029c')).toEqual(['1:1', '1:2', '1:3', '1:4', '1:5', '1:6']);
  });

  it('splitLines cuts the lines LineIndex counts; loneCarriageReturnsAsLineFeeds keeps length and \\r\\n', () => {
    expect(splitLines('a\r\nb\rc\nd\r\r\n')).toEqual(['a', 'b', 'c', 'd', '', '']);
    expect(loneCarriageReturnsAsLineFeeds('a\r\nb\rc\r')).toBe('a\r\nb\nc\n');
    const crlf = 'a\r\nb\n';
    expect(loneCarriageReturnsAsLineFeeds(crlf)).toBe(crlf);
  });

  it('counts columns in UTF-16 code units: an astral character takes two', () => {
    // U+1F600 is the surrogate pair at offsets 2 and 3.
    const text = 'é:\u{1F600}x\ny';
    expect(positions(text)).toEqual(['1:1', '1:2', '1:3', '1:4', '1:5', '1:6', '2:1', '2:2']);
    const lines = new LineIndex(text);
    expect(lines.range(2, 5)).toEqual({ start: { line: 1, column: 3 }, end: { line: 1, column: 6 } });
  });

  it('gives the same answers looking up backwards as forwards (the remembered line is only a shortcut)', () => {
    const text = 'one\ntwo\n\nthree';
    const forward = positions(text);
    const lines = new LineIndex(text);
    const backward = Array.from({ length: text.length + 1 }, (_, i) => text.length - i).map((offset) => {
      const { line, column } = lines.position(offset);
      return `${line}:${column}`;
    });
    expect(backward.reverse()).toEqual(forward);
  });

  it('maps a position back to its offset, and refuses lines and columns the text does not have', () => {
    const lines = new LineIndex('ab\r\ncd');
    expect(lines.offset({ line: 1, column: 3 })).toBe(2); // the \r
    expect(lines.offset({ line: 1, column: 4 })).toBe(3); // the \n
    expect(lines.offset({ line: 2, column: 3 })).toBe(6); // the end of the text
    expect(lines.offset({ line: 1, column: 5 })).toBeUndefined();
    expect(lines.offset({ line: 2, column: 4 })).toBeUndefined();
    expect(lines.offset({ line: 3, column: 1 })).toBeUndefined();
    expect(lines.offset({ line: 1, column: 0 })).toBeUndefined();
    expect(new LineIndex('').offset({ line: 1, column: 1 })).toBe(0);
  });

  const sourceText = fc.string({
    unit: fc.constantFrom('a', ' ', '\n', '\r', '\r\n', '\u2028', '\u2029', '\uFEFF', 'é', '\u{1F600}', '\u{10FFFF}'),
    maxLength: 60,
  });

  it('round-trips every offset of any text through its position', () => {
    fc.assert(
      fc.property(sourceText, (text) => {
        const lines = new LineIndex(text);
        for (let offset = 0; offset <= text.length; offset += 1) {
          expect(lines.offset(lines.position(offset))).toBe(offset);
        }
      }),
    );
  });

  it('agrees with splitting the text before the offset at \\n and lone \\r, in any order of lookups', () => {
    fc.assert(
      fc.property(sourceText, fc.array(fc.nat()), (text, picks) => {
        const lines = new LineIndex(text);
        for (const pick of picks) {
          const offset = pick % (text.length + 1);
          expect(lines.position(offset)).toEqual(splitPosition(text, offset));
        }
      }),
    );
  });
});

describe('byte order mark', () => {
  it('is one UTF-16 unit at the start only, and withoutBom drops exactly that', () => {
    expect(bomLength('\uFEFFa')).toBe(1);
    expect(bomLength('a\uFEFF')).toBe(0);
    expect(bomLength('')).toBe(0);
    expect(withoutBom('\uFEFF\uFEFFa')).toBe('\uFEFFa');
    expect(withoutBom('a\uFEFF')).toBe('a\uFEFF');
  });

  it('is not counted: an offset into text with a BOM, shifted by bomLength, lands on the same position as without it', () => {
    const bare = 'x = 1\r\ny = 2';
    const marked = `\uFEFF${bare}`;
    const lines = new LineIndex(withoutBom(marked));
    const shifted = Array.from({ length: bare.length }, (_, i) => lines.position(i + 1 - bomLength(marked)));
    expect(shifted).toEqual(Array.from({ length: bare.length }, (_, i) => new LineIndex(bare).position(i)));
    // The first character after the mark is line 1, column 1; the `y` after CRLF is line 2, column 1.
    expect(lines.position(1 - bomLength(marked))).toEqual({ line: 1, column: 1 });
    expect(lines.position(marked.indexOf('y') - bomLength(marked))).toEqual({ line: 2, column: 1 });
  });
});
