import { describe, expect, it } from 'vitest';
import { countJsonNodes, jsonNestingPast } from '../../src/core/count-structure.js';

/** The values of a JSON text as JSON.parse builds them, object members counted twice (key and value), as the scan counts them. */
function parsedNodes(text: string): number {
  const count = (value: unknown): number => {
    if (Array.isArray(value)) return 1 + value.reduce((sum: number, item) => sum + count(item), 0);
    if (value !== null && typeof value === 'object') return 1 + Object.values(value).reduce((sum: number, item) => sum + 1 + count(item), 0);
    return 1;
  };
  return count(JSON.parse(text));
}

/** The deepest nesting of a JSON value. */
function parsedDepth(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(parsedDepth));
  if (value !== null && typeof value === 'object') return 1 + Math.max(0, ...Object.values(value).map(parsedDepth));
  return 0;
}

describe('JSON structure scans', () => {
  // Strings that hold structural characters, escaped quotes and escaped backslashes before a quote.
  const strings = ['"[{,:}]"', '"a\\"[b"', '"c\\\\"', '"\\\\\\"{"', '"\\u0022["', '""'];

  it('count every value outside strings, whatever the strings hold', () => {
    for (const s of strings) {
      for (const text of [`[${s}, {${s}: [${s}, 1]}, [[${s}]]]`, `{${s}: {${s}: ${s}}, "k": [${s}, ${s}]}`]) {
        const nodes = parsedNodes(text);
        // Object members count once more (their `:`), so the scan bounds the values from above.
        const scanned = countJsonNodes(text, 10_000);
        expect(scanned.within && scanned.nodes >= nodes && scanned.nodes <= 2 * nodes, text).toBe(true);
      }
    }
  });

  it('find the bracket that opens a level past the limit, never one inside a string', () => {
    for (const s of strings) {
      const text = `{${s}: [${s}, [${s}, {"${'['.repeat(3)}": [[1]]}]]}`;
      const depth = parsedDepth(JSON.parse(text));
      expect(depth).toBe(6);
      expect(jsonNestingPast(text, 6), text).toBeUndefined();
      const at = jsonNestingPast(text, 5);
      expect(at, text).toBe(text.lastIndexOf('[[1]]') + 1);
    }
  });

  it('read an unterminated string to the end of the text', () => {
    expect(jsonNestingPast('["\\"[[[', 1)).toBeUndefined();
    expect(countJsonNodes('["a", "b\\", [', 3)).toEqual({ within: true, nodes: 3 });
    expect(countJsonNodes('["a", "b\\", [', 2)).toEqual({ within: false, offset: 4 });
  });
});
