import { describe, expect, it } from 'vitest';
import {
  caseMappedKnownParts,
  concatKnownParts,
  mayEqualIgnoringCase,
  replaceKnownParts,
  trimPrefixKnownParts,
  trimSuffixKnownParts,
} from '../../src/core/known-parts.js';

describe('concatKnownParts', () => {
  it('keeps the literal text before the first and after the last unknown piece, and the length of all literal text', () => {
    expect(concatKnownParts(['a', {}, 'b', {}, 'c'])).toEqual({ prefix: 'a', suffix: 'c', minLength: 3 });
    expect(concatKnownParts(['admin_', {}])).toEqual({ prefix: 'admin_', suffix: '', minLength: 6 });
    expect(concatKnownParts([{}, '-ci'])).toEqual({ prefix: '', suffix: '-ci', minLength: 3 });
  });

  it('extends through what is known of a nested unknown piece', () => {
    expect(concatKnownParts(['x', { known: { prefix: 'ab', suffix: 'yz', minLength: 5 } }, '!'])).toEqual({ prefix: 'xab', suffix: 'yz!', minLength: 7 });
  });

  it('knows nothing of unknowns alone', () => {
    expect(concatKnownParts([{}, {}])).toBeUndefined();
  });
});

describe('mayEqualIgnoringCase', () => {
  it('rules out a name whose prefix, suffix or length excludes it, case-insensitively', () => {
    expect(mayEqualIgnoringCase({ prefix: 'admin_', suffix: '', minLength: 6 }, 'root')).toBe(false);
    expect(mayEqualIgnoringCase({ prefix: '', suffix: '-ci', minLength: 3 }, 'root')).toBe(false);
    expect(mayEqualIgnoringCase({ prefix: 'Ro', suffix: 'oT', minLength: 5 }, 'root')).toBe(false);
  });

  it('does not rule out what the known parts allow', () => {
    expect(mayEqualIgnoringCase({ prefix: '', suffix: 'oot', minLength: 3 }, 'root')).toBe(true);
    expect(mayEqualIgnoringCase({ prefix: 'RO', suffix: 'T', minLength: 3 }, 'root')).toBe(true);
    expect(mayEqualIgnoringCase({ prefix: '<Root_', suffix: '>', minLength: 7 }, '<root_account>')).toBe(true);
  });
});

describe('known parts through string functions', () => {
  const parts = (prefix: string, suffix: string, minLength: number) => ({ prefix, suffix, minLength });

  it('maps the case of ASCII parts and drops others (final sigma depends on what follows)', () => {
    expect(caseMappedKnownParts(parts('Admin_', '-CI', 9), (s) => s.toLowerCase())).toEqual(parts('admin_', '-ci', 9));
    expect(caseMappedKnownParts(parts('ΑΣ', 'x', 3), (s) => s.toLowerCase())).toEqual(parts('', 'x', 3));
  });

  it('trims a prefix the known prefix decides, and keeps only what holds either way otherwise', () => {
    expect(trimPrefixKnownParts(parts('admin_', '-ci', 9), 'ad')).toEqual(parts('min_', '-ci', 7));
    // Never removed: the string does not start with it.
    expect(trimPrefixKnownParts(parts('admin_', '', 6), 'x')).toEqual(parts('admin_', '', 6));
    // Maybe removed (the unknown rest may continue `ad` into `admin`).
    expect(trimPrefixKnownParts(parts('ad', 'yz', 4), 'admin')).toBeUndefined();
    // The suffix is sure only as far as the shortened string still holds it.
    expect(trimPrefixKnownParts(parts('ab', 'bcd', 4), 'ab')).toEqual(parts('', 'cd', 2));
  });

  it('trims a suffix the same way from the end', () => {
    expect(trimSuffixKnownParts(parts('', '-ci-x', 5), '-x')).toEqual(parts('', '-ci', 3));
  });

  it('replaces in the prefix up to where a match could run into the unknown rest', () => {
    expect(replaceKnownParts(parts('admin_', '_x', 8), '_', '-')).toEqual(parts('admin-', '-x', 8));
    expect(replaceKnownParts(parts('abcad', '', 5), 'adm', '')).toEqual(parts('abc', '', 3));
    // `aa` overlaps itself: which `a` pairs with which depends on the unknown middle, so the suffix is dropped.
    expect(replaceKnownParts(parts('x', 'aa', 3), 'aa', 'b')).toEqual(parts('x', '', 1));
    expect(replaceKnownParts(parts('x', '', 1), '', 'b')).toBeUndefined();
  });
});
