import { describe, expect, it } from 'vitest';
import {
  caseMappedKnownParts,
  concatKnownParts,
  knownPartsOfOneOf,
  mayBothEqualIgnoringCase,
  mayEqual,
  mayEqualIgnoringCase,
  rememberingAnswers,
  replaceKnownParts,
  substringKnownParts,
  trimPrefixKnownParts,
  trimSuffixKnownParts,
} from '../../src/core/known-parts.js';

describe('concatKnownParts', () => {
  it('keeps the literal text before the first and after the last unknown piece, and the length of all literal text', () => {
    expect(concatKnownParts(['a', {}, 'b', {}, 'c'])).toEqual({ prefix: 'a', suffix: 'c', minLength: 3, infixes: ['b'] });
    expect(concatKnownParts(['admin_', {}])).toEqual({ prefix: 'admin_', suffix: '', minLength: 6 });
    expect(concatKnownParts([{}, '-ci'])).toEqual({ prefix: '', suffix: '-ci', minLength: 3 });
  });

  it('extends through what is known of a nested unknown piece', () => {
    expect(concatKnownParts(['x', { known: { prefix: 'ab', suffix: 'yz', minLength: 5 } }, '!'])).toEqual({ prefix: 'xab', suffix: 'yz!', minLength: 7 });
  });

  it('keeps the literal text between unknown pieces, with what is known of their ends, and nested infixes', () => {
    expect(concatKnownParts([{}, '-', {}])).toEqual({ prefix: '', suffix: '', minLength: 1, infixes: ['-'] });
    expect(concatKnownParts([{}, '-', {}, '-', {}])).toEqual({ prefix: '', suffix: '', minLength: 2, infixes: ['-'] });
    const inner = { known: { prefix: 'ab', suffix: 'yz', minLength: 5, infixes: ['m'] } };
    expect(concatKnownParts([{}, 'x', inner, '.', {}])).toEqual({ prefix: '', suffix: '', minLength: 7, infixes: ['xab', 'm', 'yz.'] });
    // Known text with no unknown piece after it is the suffix, not an infix.
    expect(concatKnownParts(['a', {}, 'b'])).toEqual({ prefix: 'a', suffix: 'b', minLength: 2 });
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

  it('rules out a name that lacks a known infix, case-insensitively', () => {
    expect(mayEqualIgnoringCase({ prefix: '', suffix: '', minLength: 1, infixes: ['-'] }, 'root')).toBe(false);
    expect(mayEqualIgnoringCase({ prefix: '', suffix: '', minLength: 2, infixes: ['OO'] }, 'root')).toBe(true);
    expect(mayEqualIgnoringCase({ prefix: '', suffix: '', minLength: 1, infixes: ['_'] }, '<root_account>')).toBe(true);
    // A non-ASCII infix lowercased alone may differ from the same text lowercased in the whole (final sigma).
    expect(mayEqualIgnoringCase({ prefix: '', suffix: '', minLength: 1, infixes: ['Σ'] }, 'root')).toBe(true);
    expect(mayEqual({ prefix: '', suffix: '', minLength: 1, infixes: ['-'] }, 'root')).toBe(false);
    expect(mayEqual({ prefix: '', suffix: '', minLength: 1, infixes: ['o'] }, 'root')).toBe(true);
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
    expect(caseMappedKnownParts({ ...parts('', '', 2), infixes: ['-X', 'Σ'] }, (s) => s.toLowerCase())).toEqual({ ...parts('', '', 2), infixes: ['-x'] });
  });

  it('maps every value of a list of ASCII values, and drops a list holding other text', () => {
    expect(caseMappedKnownParts(knownPartsOfOneOf(['ana', 'Bob'])!, (s) => s.toUpperCase())).toEqual(knownPartsOfOneOf(['ANA', 'BOB']));
    expect(caseMappedKnownParts(knownPartsOfOneOf(['Ana', 'ana'])!, (s) => s.toLowerCase())?.oneOf).toEqual(['ana']);
    expect(caseMappedKnownParts(knownPartsOfOneOf(['straße', 'strasse'])!, (s) => s.toUpperCase())?.oneOf).toBeUndefined();
  });

  it('drops infixes where a cut or rewrite may remove them', () => {
    const withInfix = { ...parts('ab', 'yz', 6), infixes: ['-'] };
    expect(trimPrefixKnownParts(withInfix, 'a')).toEqual(parts('b', 'yz', 5));
    expect(trimSuffixKnownParts(withInfix, 'z')).toEqual(parts('ab', 'y', 5));
    expect(replaceKnownParts(withInfix, 'q', 'r')).toEqual(parts('ab', 'yz', 6));
    expect(substringKnownParts(withInfix, 0, 63)).toEqual(parts('ab', '', 2));
    // Nothing removed: the string is unchanged, infixes too.
    expect(trimPrefixKnownParts(withInfix, 'x')).toEqual(withInfix);
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

  it('takes a substring from inside an ASCII prefix: exactly, up to the unknown rest, or to the end', () => {
    // Ends inside the prefix: the result is those characters.
    expect(substringKnownParts(parts('deploy-', '', 7), 0, 3)).toEqual(parts('dep', 'dep', 3));
    expect(substringKnownParts(parts('deploy-', '', 7), 2, 3)).toEqual(parts('plo', 'plo', 3));
    // May reach the unknown rest (a truncation to IAM's length limit): the prefix from the offset on.
    expect(substringKnownParts(parts('ci-runner-', '-x', 12), 0, 63)).toEqual(parts('ci-runner-', '', 10));
    expect(substringKnownParts(parts('ci-runner-', '', 10), 3, 7)).toEqual(parts('runner-', '', 7));
    // To the end: the suffix stays as far as the shortened string still holds it.
    expect(substringKnownParts(parts('xadmin_', '-ci', 10), 1, -1)).toEqual(parts('admin_', '-ci', 9));
    expect(substringKnownParts(parts('abc', 'bcd', 4), 2, -1)).toEqual(parts('c', 'cd', 2));
  });

  it('keeps nothing where the cut depends on the unknown rest', () => {
    // From the end, or from an offset at or past the known prefix.
    expect(substringKnownParts(parts('admin_', '', 6), -4, 4)).toBeUndefined();
    expect(substringKnownParts(parts('admin_', '', 6), 6, 4)).toBeUndefined();
    expect(substringKnownParts(parts('', '-ci', 3), 0, 63)).toBeUndefined();
    // Outside ASCII, a character may join the next one into one grapheme cluster; so does CR with LF.
    expect(substringKnownParts(parts('e\u0301-', '', 3), 0, 63)).toBeUndefined();
    expect(substringKnownParts(parts('a\r\nb', '', 4), 0, 2)).toBeUndefined();
    // Nothing taken.
    expect(substringKnownParts(parts('admin_', '', 6), 0, 0)).toBeUndefined();
  });
});

describe('knownPartsOfOneOf and mayEqual', () => {
  it('knows the values, their common prefix, their common suffix and the shortest length', () => {
    expect(knownPartsOfOneOf(['svc-build', 'svc-deploy'])).toEqual({ prefix: 'svc-', suffix: '', minLength: 9, oneOf: ['svc-build', 'svc-deploy'] });
    expect(knownPartsOfOneOf(['dev-ops', 'prod-ops', 'dev-ops'])).toEqual({ prefix: '', suffix: '-ops', minLength: 7, oneOf: ['dev-ops', 'prod-ops'] });
    expect(knownPartsOfOneOf(['', 'b'])).toEqual({ prefix: '', suffix: '', minLength: 0, oneOf: ['', 'b'] });
    expect(knownPartsOfOneOf([])).toBeUndefined();
  });

  it('rules out every name that is none of the values, though they share no prefix or suffix', () => {
    const parts = knownPartsOfOneOf(['ci', 'Deploy']);
    expect(parts && mayEqualIgnoringCase(parts, 'root')).toBe(false);
    expect(parts && mayEqualIgnoringCase(parts, 'deploy')).toBe(true);
    expect(parts && mayEqual(parts, 'deploy')).toBe(false);
    expect(parts && mayEqual(parts, 'Deploy')).toBe(true);
  });

  it('spells out a concatenation of such values while there are at most 64, and keeps the ends beyond that', () => {
    const team = { known: knownPartsOfOneOf(['build', 'ops']) };
    const env = { known: knownPartsOfOneOf(['dev', 'prod']) };
    expect(concatKnownParts([team, '-', env])?.oneOf).toEqual(['build-dev', 'build-prod', 'ops-dev', 'ops-prod']);
    expect(concatKnownParts(['r', { known: knownPartsOfOneOf(['', 'o']) }, 'ot'])).toEqual({
      prefix: 'ro',
      suffix: 'ot',
      minLength: 3,
      oneOf: ['rot', 'root'],
    });
    const many = { known: knownPartsOfOneOf(Array.from({ length: 8 }, (_, k) => `v${k}`)) };
    expect(concatKnownParts([many, '-', many])?.oneOf).toEqual(expect.arrayContaining(['v0-v7']));
    expect(concatKnownParts([many, '-', many, '-', many])).toEqual({ prefix: 'v', suffix: '', minLength: 8, infixes: ['-v'] });
    // A piece that may be anything leaves only the ends.
    expect(concatKnownParts([team, '-', {}])).toEqual({ prefix: '', suffix: '', minLength: 4, infixes: ['-'] });
    expect(concatKnownParts(['a', 'b'])).toEqual({ prefix: 'ab', suffix: 'ab', minLength: 2 });
  });

  it('says whether two partly known names may be equal', () => {
    const ci = knownPartsOfOneOf(['ci', 'packer']);
    const release = knownPartsOfOneOf(['deploy', 'publisher']);
    if (ci === undefined || release === undefined) throw new Error('known parts expected');
    expect(mayBothEqualIgnoringCase(ci, release)).toBe(false);
    expect(mayBothEqualIgnoringCase(ci, { prefix: 'PACK', suffix: '', minLength: 4 })).toBe(true);
    expect(mayBothEqualIgnoringCase({ prefix: 'svc-', suffix: '', minLength: 4 }, release)).toBe(false);
    expect(mayBothEqualIgnoringCase({ prefix: 'svc-', suffix: '', minLength: 4 }, { prefix: 'SVC-B', suffix: '-ci', minLength: 8 })).toBe(true);
    expect(mayBothEqualIgnoringCase({ prefix: 'svc-', suffix: '', minLength: 4 }, { prefix: 'app-', suffix: '', minLength: 4 })).toBe(false);
  });

  it('compares case-sensitively, as Fn::Equals does', () => {
    const parts = { prefix: 'svc-', suffix: '', minLength: 9 };
    expect(mayEqual(parts, 'svc-other')).toBe(true);
    expect(mayEqual(parts, 'SVC-other')).toBe(false);
    expect(mayEqual(parts, 'svc-x')).toBe(false);
    expect(mayEqualIgnoringCase(parts, 'SVC-other')).toBe(true);
  });
});

describe('rememberingAnswers', () => {
  it('asks the test once per candidate and kind, and keeps at most 4,096 answers of each', () => {
    const asked: string[] = [];
    const test = rememberingAnswers({
      mayBe: (candidate) => {
        asked.push(`=${candidate}`);
        return candidate !== 'root';
      },
      mayBeIgnoringCase: (candidate) => {
        asked.push(`~${candidate}`);
        return candidate.toLowerCase() !== 'root';
      },
    });
    expect([test.mayBe('root'), test.mayBe('root'), test.mayBeIgnoringCase('Root'), test.mayBeIgnoringCase('Root')]).toEqual([false, false, false, false]);
    expect(asked).toEqual(['=root', '~Root']);
    for (let n = 0; n < 5000; n += 1) test.mayBe(`name-${String(n)}`);
    asked.length = 0;
    // The first answers were kept; past the bound, a candidate is asked again.
    test.mayBe('name-1');
    test.mayBe('name-4999');
    test.mayBe('name-4999');
    expect(asked).toEqual(['=name-4999', '=name-4999']);
  });
});
