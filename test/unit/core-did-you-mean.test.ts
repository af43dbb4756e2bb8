import { describe, expect, it } from 'vitest';
import { didYouMean } from '../../src/core/did-you-mean.js';

describe('didYouMean', () => {
  const flags = ['format', 'output-file', 'output', 'fail-level', 'quiet', 'max-warnings'];

  it('suggests the closest candidate for a typo, a transposition or a missing letter', () => {
    expect(didYouMean('fromat', flags)).toBe('format');
    expect(didYouMean('fomat', flags)).toBe('format');
    expect(didYouMean('max-warning', flags)).toBe('max-warnings');
    expect(didYouMean('root-user-acess-key', ['root-user-access-key', 'multiple-active-access-keys'])).toBe('root-user-access-key');
  });

  it('ignores case but answers with the candidate as written', () => {
    expect(didYouMean('QUIET', flags)).toBe('quiet');
  });

  it('suggests nothing when every candidate is far away', () => {
    expect(didYouMean('banana', flags)).toBeUndefined();
    expect(didYouMean('x', ['format'])).toBeUndefined();
    expect(didYouMean('format', [])).toBeUndefined();
  });

  it('compares a bounded number of characters: among a million candidates, a hint past the budget is not looked for', () => {
    // Candidates are the words of the scanned templates, up to a million; each search went over all of them.
    const far = Array.from({ length: 1_000_000 }, () => 'zzzzzz');
    expect(didYouMean('fromat', [...far, 'format'])).toBeUndefined();
    expect(didYouMean('fromat', ['format', ...far])).toBe('format');
  });
});
