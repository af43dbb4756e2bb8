/**
 * `holdsSeed` decodes only the runs of seed characters and escapes around each escape, not the whole
 * text (`src/core/seed-text.ts`). Its answer must be the one a search of the whole decoded text gives,
 * on every text: seeded random texts of seed characters, escapes of each kind (valid and broken),
 * escaped line breaks with indentation, doubled backslashes and other characters.
 */
import { describe, expect, it } from 'vitest';
import { decodeEscapes, holdsSeed } from '../../src/core/seed-text.js';

/** What `holdsSeed` answered before: the whole text decoded, then searched. */
function wholeTextHoldsSeed(text: string, seeds: readonly string[]): boolean {
  if (seeds.some((seed) => text.includes(seed))) return true;
  const decoded = decodeEscapes(text);
  return seeds.some((seed) => decoded.includes(seed));
}

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (code: number, digits: number) => code.toString(16).padStart(digits, '0');

/** One piece of text: a seed character written plainly or escaped, or something else. */
function piece(next: () => number, seeds: readonly string[]): string {
  const seed = seeds[Math.floor(next() * seeds.length)] ?? '';
  const char = seed.charAt(Math.floor(next() * seed.length));
  const code = char.charCodeAt(0);
  const pick = next();
  if (pick < 0.35) return char;
  if (pick < 0.45) return `\\u${hex(code, 4)}`;
  if (pick < 0.5) return `\\U${hex(code, 8)}`;
  if (pick < 0.55) return `\\x${hex(code, 2)}`;
  if (pick < 0.6) return `\\${['\n', '\r\n', '\r', '\u2028'][Math.floor(next() * 4)] ?? '\n'}${' '.repeat(Math.floor(next() * 3))}`;
  if (pick < 0.65) return '\\\\';
  if (pick < 0.7) return `\\u${hex(code, 3)}`; // broken: three digits
  if (pick < 0.75) return '\\u003c';
  if (pick < 0.8) return '\\';
  return [' ', '"', '<', '\n', 'z', '0', '\t', ':', '-'][Math.floor(next() * 9)] ?? ' ';
}

describe('holdsSeed on escaped runs', () => {
  it('answers as a search of the whole decoded text on 20,000 random texts', () => {
    const seedSets: readonly (readonly string[])[] = [['AccessKey', 'aws_iam_access_key'], ['AWS::IAM::User', '!GetAtt'], ['aws-cdk-lib', '@aws-cdk/'], ['ab']];
    const next = random(20261207);
    let holding = 0;
    for (let n = 0; n < 20_000; n++) {
      const seeds = seedSets[n % seedSets.length] ?? [];
      const length = 1 + Math.floor(next() * 30);
      let text = '';
      for (let i = 0; i < length; i++) text += piece(next, seeds);
      const expected = wholeTextHoldsSeed(text, seeds);
      if (expected) holding += 1;
      expect([text, holdsSeed(text, seeds)]).toEqual([text, expected]);
    }
    // Both answers occur often enough for the comparison to mean something.
    expect(holding).toBeGreaterThan(500);
    expect(holding).toBeLessThan(19_500);
  });

  it('finds seeds spelled across escapes, escaped line breaks and plain characters, and nothing else', () => {
    const seeds = ['AccessKey'];
    expect(holdsSeed('x = "Acc\\u0065ssKey"', seeds)).toBe(true);
    expect(holdsSeed('x = "\\x41ccess\\\n      Key"', seeds)).toBe(true);
    expect(holdsSeed('x = "\\U00000041\\u0063cessKe\\u0079"', seeds)).toBe(true);
    expect(holdsSeed('x = "Acc\\u0065ss Key"', seeds)).toBe(false);
    // As decodeEscapes reads it: the first backslash kept, the second starting `\u0065`: `Acc\essKey`.
    expect(holdsSeed('x = "Acc\\\\u0065ssKey"', seeds)).toBe(false);
    expect(holdsSeed(`${'"\\u003c" '.repeat(10_000)}AccessKe`, seeds)).toBe(false);
  });
});
