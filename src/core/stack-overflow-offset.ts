/**
 * Where a recursive-descent parser exhausts the call stack on a text. TypeScript's parser recurses once
 * or more per level of nesting (parentheses, blocks, arrow functions, `else if`, unary operators), so
 * some thousand levels overflow it; the `RangeError` it throws says nothing of where. A parser reads
 * left to right: a prefix of the text that stops before that point parses (with errors for what is
 * left open), and one that includes it overflows again. The point is found by parsing prefixes, of
 * doubling length from 1,024 characters and then halving the interval between the longest one that
 * parsed and the shortest one that did not, so the cost is a few dozen parses of the text up to that
 * point, on input that already failed.
 */

/** The first characters tried. */
const FIRST_PREFIX = 1_024;

/**
 * The offset of the character at which `parse` overflows the stack (the last character of the
 * shortest prefix that overflows), or undefined when even the whole text does not (the overflow came
 * after parsing, or from other input).
 */
export function stackOverflowOffset(text: string, parse: (prefix: string) => void): number | undefined {
  const overflows = (length: number): boolean => {
    try {
      parse(text.slice(0, length));
      return false;
    } catch (error) {
      return error instanceof RangeError;
    }
  };
  let parsed = 0;
  let overflowed = Math.min(FIRST_PREFIX, text.length);
  while (!overflows(overflowed)) {
    if (overflowed === text.length) return undefined;
    parsed = overflowed;
    overflowed = Math.min(overflowed * 2, text.length);
  }
  while (overflowed - parsed > 1) {
    const middle = parsed + Math.floor((overflowed - parsed) / 2);
    if (overflows(middle)) overflowed = middle;
    else parsed = middle;
  }
  return overflowed - 1;
}
