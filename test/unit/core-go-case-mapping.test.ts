// Terraform's upper, lower and title are Go's strings.ToUpper, ToLower and Title: simple, one code
// point to one case mappings. Every expectation below is what terraform console 1.11.4 prints.
import { describe, expect, it } from 'vitest';
import { goTitle, goToLower, goToUpper } from '../../src/core/go-case-mapping.js';
import { callFunction } from '../../src/terraform/expr/functions/index.js';

describe('Go case mappings', () => {
  it.each([
    ['ß', 'ß'],
    ['straße', 'STRAßE'],
    ['ŉ', 'ŉ'],
    ['ǰ', 'ǰ'],
    ['ΐ', 'ΐ'],
    ['ﬁ', 'ﬁ'],
    ['ᾀ', 'ᾈ'],
    ['ᾈ', 'ᾈ'],
    ['ᾳ', 'ᾼ'],
    ['ǅ', 'Ǆ'],
    ['ა', 'Ა'],
    ['ⓐ', 'Ⓐ'],
    ['ſ', 'S'],
    ['ı', 'I'],
    ['µ', 'Μ'],
    ['deploy-ci', 'DEPLOY-CI'],
  ])('upper(%j) is %j', (text, expected) => {
    expect(goToUpper(text)).toBe(expected);
    expect(callFunction('upper', [text])).toBe(expected);
  });

  it.each([
    ['İ', 'i'],
    ['ΣΑΣ', 'σασ'],
    ['ǅ', 'ǆ'],
    ['ᾈ', 'ᾀ'],
    ['ẞ', 'ß'],
    ['\u212a', 'k'],
    ['Ა', 'ა'],
    ['ROOT', 'root'],
  ])('lower(%j) is %j', (text, expected) => {
    expect(goToLower(text)).toBe(expected);
    expect(callFunction('lower', [text])).toBe(expected);
  });

  it.each([
    ['ǆa', 'ǅa'],
    ['ǅa', 'ǅa'],
    ['ǆ ǆ', 'ǅ ǅ'],
    ['ßa', 'ßa'],
    ['ﬁx', 'ﬁx'],
    ['ა', 'ა'],
    ['ᾀ', 'ᾈ'],
    ['ⓐb', 'Ⓐb'],
    ['ⅰx', 'Ⅰx'],
    ['a\ufeffb', 'A\ufeffb'],
    ['a\u0085b', 'A\u0085B'],
    ['a\u00a0b', 'A\u00a0B'],
    ['a·b', 'A·b'],
    ['1a', '1a'],
    ['_a', '_a'],
    ['éa-éb', 'Éa-Éb'],
    ['a\u3000b', 'A\u3000B'],
    ['hello-world foo_bar', 'Hello-World Foo_bar'],
  ])('title(%j) is %j', (text, expected) => {
    expect(goTitle(text)).toBe(expected);
    expect(callFunction('title', [text])).toBe(expected);
  });
});
