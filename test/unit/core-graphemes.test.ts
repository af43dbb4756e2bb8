/**
 * Grapheme clusters in linear time. Found by attacking the CLI: a `<<-EOT` heredoc of 200,000 lines
 * read by `length(local.a)` ran for minutes, because Node's `Intl.Segmenter` is quadratic in the
 * length of the text it segments; `graphemeClusters` segments in windows and must agree with it.
 */
import { describe, expect, it } from 'vitest';
import { graphemeClusters } from '../../src/core/graphemes.js';
import { callFunction } from '../../src/terraform/expr/functions/index.js';

const whole = (text: string) => Array.from(new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text), (s) => s.segment);

/** Clusters a window boundary must not split: emoji sequences, flags (regional indicator pairs), combining marks, CRLF, Hangul jamo. */
const PIECES = ['a', 'é', 'e\u0301', '\r\n', '\r', '\n', '👩‍👩‍👧', '🇫🇷', '🇩🇪🇫🇷', '👍🏽', '각', '\u0915\u094d\u0937', 'x\u200d', '\ud83d', '字', ' '];

/** Deterministic text of `count` pieces (xorshift). */
function mixedText(count: number, seed: number): string {
  let x = seed;
  let text = '';
  for (let k = 0; k < count; k += 1) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    text += PIECES[(x >>> 0) % PIECES.length];
  }
  return text;
}

describe('graphemeClusters', () => {
  it('agrees with Intl.Segmenter over the whole text, across window boundaries', () => {
    for (let seed = 1; seed <= 40; seed += 1) {
      const text = mixedText(600 + seed * 37, seed * 7919);
      expect(graphemeClusters(text)).toEqual(whole(text));
    }
    // A run of regional indicators pairs from its start, whatever window it straddles.
    const flags = 'a' + '🇫'.repeat(1_501);
    expect(graphemeClusters(flags)).toEqual(whole(flags));
    expect(graphemeClusters('')).toEqual([]);
    expect(graphemeClusters('ab\r\ncd')).toEqual(['a', 'b', '\r\n', 'c', 'd']);
  });

  it('keeps a cluster longer than a window whole', () => {
    const long = 'a' + '\u0301'.repeat(5_000) + 'b';
    expect(graphemeClusters(long)).toEqual(['a' + '\u0301'.repeat(5_000), 'b']);
  });

  it('takes linear time on long texts, ASCII or not', () => {
    for (const text of ['é'.repeat(300_000), '字\n'.repeat(150_000), 'x\r\n'.repeat(100_000)]) {
      const started = performance.now();
      const count = graphemeClusters(text).length;
      // About 0.3 s each here when idle; whole-text segmentation runs out of memory on them. The bound
      // leaves room for a machine loaded tenfold (a unit run shares its cores with every other worker).
      expect(performance.now() - started).toBeLessThan(10_000);
      expect(count).toBe(text.startsWith('x') ? 200_000 : 300_000);
    }
  }, 60_000);

  it('is what Terraform length and strrev count on a long string', () => {
    const text = 'ü'.repeat(100_000);
    const started = performance.now();
    expect(callFunction('length', [text])).toBe(100_000);
    expect(callFunction('strrev', ['ab' + text])).toBe(text + 'ba');
    expect(performance.now() - started).toBeLessThan(3_000);
  }, 60_000);
});
