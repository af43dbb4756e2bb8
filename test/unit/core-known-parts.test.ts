import { describe, expect, it } from 'vitest';
import { concatKnownParts, mayEqualIgnoringCase } from '../../src/core/known-parts.js';

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
