/**
 * What a string in which an RE2 pattern finds a match is known to be, read from the pattern alone,
 * and whether a spelling of a name passes a test (README, "Rules": validation conditions).
 */
import { describe, expect, it } from 'vitest';
import { mayEqualIgnoringCase } from '../../src/core/known-parts.js';
import { patternKnownParts } from '../../src/core/pattern-known-parts.js';
import { knownPartsOfTest } from '../../src/core/tested-known-parts.js';

describe('patternKnownParts', () => {
  it.each([
    ['^svc-[a-z]+$', { prefix: 'svc-', suffix: '', minLength: 4 }],
    ['[a-z]+-ci$', { prefix: '', suffix: '-ci', minLength: 3 }],
    ['\\Aops\\.bot\\z', { prefix: 'ops.bot', suffix: 'ops.bot', minLength: 7, oneOf: ['ops.bot'] }],
    ['^(dev|prod)-ci$', { prefix: '', suffix: '-ci', minLength: 6, oneOf: ['dev-ci', 'prod-ci'] }],
    ['^(?:a|b)(?P<n>x|y)$', { prefix: '', suffix: '', minLength: 2, oneOf: ['ax', 'ay', 'bx', 'by'] }],
    ['^abc?', { prefix: 'ab', suffix: '', minLength: 2 }],
    ['^\\Qa.b\\E[0-9]', { prefix: 'a.b', suffix: '', minLength: 3 }],
    ['^[]a]x', { prefix: '', suffix: '', minLength: 0 }],
  ])('%s', (pattern, expected) => {
    const parts = patternKnownParts(pattern);
    expect(parts ?? { prefix: '', suffix: '', minLength: 0 }).toEqual(expected);
  });

  it.each(['(?i)^svc-', '^svc-|x', '^(svc-)+', 'svc-', '^\\x41b', '^[[:alpha:]]b$'])('%s tells nothing', (pattern) => {
    const parts = patternKnownParts(pattern);
    expect(parts?.prefix ?? '').toBe('');
    expect(parts?.oneOf).toBeUndefined();
  });
});

describe('tests and spellings of a name', () => {
  it('an exact exclusion leaves the other spellings', () => {
    const parts = knownPartsOfTest({ kind: 'not', test: { kind: 'one-of', values: ['root'] } });
    expect(parts && mayEqualIgnoringCase(parts, 'root')).toBe(true);
  });

  it('a lowercase exclusion rules out every spelling, the Kelvin sign included', () => {
    const parts = knownPartsOfTest({ kind: 'not', test: { kind: 'lower', test: { kind: 'one-of', values: ['kit'] } } });
    expect(parts && mayEqualIgnoringCase(parts, 'KIT')).toBe(false);
    expect(parts && mayEqualIgnoringCase(parts, 'kite')).toBe(true);
  });

  it('a name with too many spellings to try may still be the value', () => {
    const parts = knownPartsOfTest({ kind: 'matches', pattern: '^[a-z]+$' });
    expect(parts && mayEqualIgnoringCase(parts, 'ABCDEFGHIJKL')).toBe(true);
    expect(parts && mayEqualIgnoringCase(parts, 'ROOT')).toBe(true);
    expect(parts && mayEqualIgnoringCase(parts, 'r00t')).toBe(false);
  });
});
