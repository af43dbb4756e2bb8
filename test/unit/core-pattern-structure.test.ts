/**
 * What a string an RE2 pattern matches (found anywhere in it, or as a whole) is known to be, read from the pattern alone,
 * and whether a spelling of a name passes a test (README, "Rules": validation conditions).
 */
import { describe, expect, it } from 'vitest';
import { mayEqualIgnoringCase } from '../../src/core/known-parts.js';
import { patternKnownParts } from '../../src/core/pattern-structure.js';
import { knownPartsOfTest } from '../../src/core/tested-known-parts.js';

describe('patternKnownParts', () => {
  // A find (Terraform's `regex`): the match may lie anywhere unless the pattern anchors it.
  it.each([
    ['^svc-[a-z]+$', { prefix: 'svc-', suffix: '', minLength: 5 }],
    ['[a-z]+-ci$', { prefix: '', suffix: '-ci', minLength: 4 }],
    ['\\Aops\\.bot\\z', { prefix: 'ops.bot', suffix: 'ops.bot', minLength: 7, oneOf: ['ops.bot'] }],
    ['^(dev|prod)-ci$', { prefix: '', suffix: '-ci', minLength: 6, oneOf: ['dev-ci', 'prod-ci'] }],
    ['^(?:a|b)(?P<n>x|y)$', { prefix: '', suffix: '', minLength: 2, oneOf: ['ax', 'ay', 'bx', 'by'] }],
    ['^abc?', { prefix: 'ab', suffix: '', minLength: 2 }],
    ['^\\Qa.b\\E[0-9]', { prefix: 'a.b', suffix: '', minLength: 4 }],
    ['^(svc-)+', { prefix: 'svc-', suffix: '', minLength: 4, infixes: ['svc-'] }],
    ['^\\x41b', { prefix: 'Ab', suffix: '', minLength: 2 }],
    // Unanchored: only what the string holds somewhere.
    ['admin', { prefix: '', suffix: '', minLength: 5, infixes: ['admin'] }],
    ['(^a)b', { prefix: '', suffix: '', minLength: 2, infixes: ['ab'] }],
    // Each top-level branch is anchored on its own.
    ['\\Aroot\\z|^ops$', { prefix: '', suffix: '', minLength: 3, oneOf: ['root', 'ops'] }],
    // With the `m` flag, `^` and `$` match at any line: they anchor nothing.
    ['(?m)^svc-', { prefix: '', suffix: '', minLength: 4, infixes: ['svc-'] }],
    ['^svc-(?m)$', { prefix: 'svc-', suffix: '', minLength: 4 }],
    // A POSIX class is many characters, not the letters of its name.
    ['^[[:alpha:]]b$', { prefix: '', suffix: 'b', minLength: 2 }],
    // A repeated anchor anchors nothing.
    ['^r$*', { prefix: 'r', suffix: '', minLength: 1 }],
  ])('%s', (pattern, expected) => {
    expect(patternKnownParts(pattern, 'find')).toEqual(expected);
  });

  it('reads the same pattern as a whole match (a CloudFormation AllowedPattern)', () => {
    expect(patternKnownParts('svc-[a-z]+', 'whole')).toEqual({ prefix: 'svc-', suffix: '', minLength: 5 });
    expect(patternKnownParts('svc-[a-z]+', 'find')).toEqual({ prefix: '', suffix: '', minLength: 5, infixes: ['svc-'] });
    expect(patternKnownParts('(dev|prod)-ci', 'whole')?.oneOf).toEqual(['dev-ci', 'prod-ci']);
    expect(patternKnownParts('(dev|prod)-ci', 'find')?.oneOf).toBeUndefined();
  });

  it.each(['(?i)^svc-', '^svc-|x', '^a|^b', 'svc-', '(?=a)', '\\1a', 'a{,3}', '('.repeat(200) + 'a' + ')'.repeat(200)])('%s tells no prefix', (pattern) => {
    const parts = patternKnownParts(pattern, 'find');
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
