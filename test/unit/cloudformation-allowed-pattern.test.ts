/** What `readAllowedPattern` reads of a pattern's structure, and where it declines to read. */
import { describe, expect, it } from 'vitest';
import { readAllowedPattern } from '../../src/cloudformation/allowed-pattern.js';
import { DEFAULT_LIMITS } from '../../src/core/limits.js';

const STEPS = DEFAULT_LIMITS.regexSteps;

/** The reading without its whole-value test (a function): kind, and the parts when known. */
function read(pattern: string, allowed?: readonly string[]): unknown {
  const reading = readAllowedPattern(pattern, allowed, STEPS);
  if (reading.kind !== 'known') return reading.kind;
  const { passes: test, ...parts } = reading.parts;
  return { ...parts, tested: test !== undefined };
}

describe('readAllowedPattern', () => {
  it.each([
    ['svc-[a-z]+', { prefix: 'svc-', suffix: '', minLength: 5, tested: true }],
    ['^[a-z]+-ci$', { prefix: '', suffix: '-ci', minLength: 4, tested: true }],
    ['[a-z]+_[a-z]+', { prefix: '', suffix: '', minLength: 3, infixes: ['_'], tested: true }],
    ['(ab)+c', { prefix: 'ab', suffix: 'abc', minLength: 3, tested: true }],
    ['x{2}[0-9]{3,}', { prefix: 'xx', suffix: '', minLength: 5, tested: true }],
    ['a*b?', { prefix: '', suffix: '', minLength: 0, tested: true }],
    ['(?i)svc-[a-z]+', { prefix: '', suffix: '', minLength: 5, infixes: ['-'], tested: true }],
    ['(?i:ab)-(cd|ef)', { prefix: '', suffix: '', minLength: 5, infixes: ['-'], tested: true }],
    ['\\x{41}\\x42[^a]', { prefix: 'AB', suffix: '', minLength: 3, tested: true }],
  ])('%s', (pattern, parts) => {
    expect(read(pattern)).toEqual(parts);
  });

  it('spells out a few alternatives, keeping those RE2 matches', () => {
    expect(read('(build|deploy)-(ci|cd)')).toEqual({
      prefix: '',
      suffix: '',
      minLength: 8,
      oneOf: ['build-ci', 'build-cd', 'deploy-ci', 'deploy-cd'],
      tested: false,
    });
    expect(read('r[ao]{2}t\\b')).toMatchObject({ oneOf: ['raat', 'raot', 'roat', 'root'] });
    // Zero-width assertions read as empty text; RE2 then finds that `a^b` matches nothing.
    expect(read('a^b')).toBe('nothing');
    expect(read('ci', ['ci', 'cd'])).toMatchObject({ oneOf: ['ci'] });
  });

  it('tells nothing of what RE2 refuses or Java reads otherwise', () => {
    for (const pattern of ['(?=a)a', 'a*+', '\\1', '[a[b]]', '[a-z&&[^r]]', '[]a]', '\\v', '\\0', 'a{,3}', '[[:alpha:]]', '(?x)a'])
      expect([pattern, read(pattern)]).toEqual([pattern, 'nothing']);
  });

  it('declines a pattern whose match could exceed regexSteps', () => {
    expect(readAllowedPattern('a'.repeat(100), undefined, 1000).kind).toBe('too-large');
    expect(readAllowedPattern('(a|b){500}', undefined, 10_000_000).kind).toBe('too-large');
  });

  it('pays for each match from the budget it is given, answering "may be" once it has run out', () => {
    // Enough for one match.
    let matches = 0;
    const reading = readAllowedPattern('[a-z]+[0-9]', undefined, STEPS, () => ++matches <= 1);
    if (reading.kind !== 'known' || reading.parts.passes === undefined) throw new Error('expected a test');
    const test = reading.parts.passes;
    expect(test.mayBe('root')).toBe(false);
    // Remembered: asking again costs nothing.
    expect(test.mayBe('root')).toBe(false);
    expect(test.mayBe('ops')).toBe(true);
    expect(test.mayBeIgnoringCase('root')).toBe(true);
  });

  it('matches case mixes of a candidate, and declines to decide past six letters or outside printable ASCII', () => {
    const reading = readAllowedPattern('[A-Z][a-z]+', undefined, STEPS);
    if (reading.kind !== 'known' || reading.parts.passes === undefined) throw new Error('expected a test');
    const test = reading.parts.passes;
    expect(test.mayBe('root')).toBe(false);
    expect(test.mayBeIgnoringCase('root')).toBe(true);
    expect(test.mayBeIgnoringCase('r00t')).toBe(false);
    expect(test.mayBe('Root\n')).toBe(true);
    expect(test.mayBeIgnoringCase('abcdefg1')).toBe(true);
  });
});
