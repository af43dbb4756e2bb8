import { describe, expect, it } from 'vitest';
import { didYouMean } from '../../src/core/did-you-mean.js';

const RULES = ['console-user-with-access-key', 'multiple-active-access-keys', 'root-user-access-key'];

describe('didYouMean', () => {
  it('offers the nearest candidate for a typo, a swap, a missing letter or another case', () => {
    expect(didYouMean('root-user-acess-key', RULES)).toBe('root-user-access-key');
    expect(didYouMean('mulitple-active-access-keys', RULES)).toBe('multiple-active-access-keys');
    expect(didYouMean('ignoreinactive', ['ignoreInactive'])).toBe('ignoreInactive');
    expect(didYouMean('rule', ['rules', 'ignore', 'varFiles', 'vars', 'parameters'])).toBe('rules');
    expect(didYouMean('var', ['rules', 'ignore', 'varFiles', 'vars', 'parameters'])).toBe('vars');
  });

  it('offers nothing for an unrelated word or an empty candidate list', () => {
    expect(didYouMean('no-wildcards', RULES)).toBeUndefined();
    expect(didYouMean('x', ['rules'])).toBeUndefined();
    expect(didYouMean('rules', [])).toBeUndefined();
  });
});
