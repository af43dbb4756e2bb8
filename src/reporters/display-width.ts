/**
 * Terminal cells a line of text takes, for aligning the code frame's caret. Terminals give two cells
 * to East Asian Wide and Fullwidth characters (Unicode UAX #11) and to emoji shown as emoji, one to
 * the rest, and none to marks that combine with the character before (a grapheme cluster is drawn
 * as one character, UAX #29). The ranges below are the wide blocks of UAX #11, enough for a caret;
 * a character a terminal draws otherwise only shifts that caret, never the reported column.
 */
import { graphemeClusters } from '../core/graphemes.js';

const WIDE =
  /^[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uA960-\uA97F\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1B000}-\u{1B2FF}\u{20000}-\u{2FFFD}\u{30000}-\u{3FFFD}]/u;
const EMOJI_PRESENTATION = /\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F|\p{Regional_Indicator}/u;

function graphemeWidth(grapheme: string): number {
  if (EMOJI_PRESENTATION.test(grapheme) || WIDE.test(grapheme)) return 2;
  return 1;
}

/** Cells `text` takes in a terminal (text without control characters: they are escaped before). */
export function displayWidth(text: string): number {
  if (/^[\x20-\x7e]*$/.test(text)) return text.length;
  let width = 0;
  for (const segment of graphemeClusters(text)) width += graphemeWidth(segment);
  return width;
}
