import { describe, expect, it } from 'vitest';
import { quotedStringColumns } from '../../src/cloudformation/quoted-string-columns.js';

describe('quotedStringColumns', () => {
  it('gives each decoded character the column of the text or escape that writes it, then the closing quote', () => {
    expect(quotedStringColumns('x: "a\\nb\\u0041"', 4, 'a\nbA')).toEqual([5, 6, 8, 9, 15]);
    expect(quotedStringColumns("x: 'it''s'", 4, "it's")).toEqual([5, 6, 7, 9, 10]);
    // A character outside the basic plane is two UTF-16 units, both at its escape.
    expect(quotedStringColumns('"\\U0001F600"', 1, '\u{1F600}')).toEqual([2, 2, 12]);
  });

  it('maps nothing it cannot decode to exactly the value', () => {
    expect(quotedStringColumns('x: "unclosed', 4, 'unclosed')).toBeUndefined();
    expect(quotedStringColumns('x: "a\\qb"', 4, 'aqb')).toBeUndefined();
    expect(quotedStringColumns('x: "ab"', 4, 'a b')).toBeUndefined();
    expect(quotedStringColumns('x: plain', 4, 'plain')).toBeUndefined();
  });
});
