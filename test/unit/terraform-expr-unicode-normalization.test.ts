/**
 * Terraform's strings are NFC: go-cty normalises every string it makes, so a name written with a
 * combining accent (`"jose\u0301"`) and one written precomposed (`"jos\u00e9"`) are one string. Each
 * row is what `terraform console` 1.11.4 gives.
 */
import { describe, expect, it } from 'vitest';
import { TfSet, type TfValue } from '../../src/terraform/expr/value.js';
import { nfcDeep } from '../../src/terraform/expr/normalize-strings.js';
import { evalSource } from '../support/terraform-expr-scope.js';

const PRECOMPOSED = 'jos\u00e9';

describe('strings are NFC', () => {
  it.each<readonly [string, TfValue]>([
    ['"jose\\u0301"', PRECOMPOSED],
    ['"jose\u0301"', PRECOMPOSED],
    ['"jose\\u0301" == "jos\\u00e9"', true],
    ['"jose${"\\u0301"}"', PRECOMPOSED],
    ['join("", ["jose", "\\u0301"])', PRECOMPOSED],
    ['format("%s%s", "jose", "\\u0301")', PRECOMPOSED],
    ['replace("josex", "x", "\\u0301")', PRECOMPOSED],
    ['jsondecode("\\"jose\\\\u0301\\"")', PRECOMPOSED],
    ['lower("JOSE\\u0301")', PRECOMPOSED],
    ['split(",", "jose\\u0301,a")', ['jos\u00e9', 'a']],
    ['toset(["jose\\u0301", "jos\\u00e9"])', new TfSet([PRECOMPOSED])],
    ['length(toset(["jose\\u0301", "jos\\u00e9"]))', 1],
    ['{ (join("", ["jose", "\\u0301"])) = 1 }', { [PRECOMPOSED]: 1 }],
    ['{ jose\u0301 = 1 }', { [PRECOMPOSED]: 1 }],
    ['lookup({ "jos\\u00e9" = 1 }, "jose\\u0301", 0)', 1],
    ['keys(jsondecode("{\\"jose\\\\u0301\\": 1}"))', [PRECOMPOSED]],
    ['<<EOT\njose\u0301\nEOT', `${PRECOMPOSED}\n`],
  ])('%s', (source, expected) => {
    expect(evalSource(source)).toEqual(expected);
  });

  it('normalises values given from outside, keys and elements alike, and keeps what needs no change', () => {
    const given = { 'jose\u0301': ['jose\u0301', 'plain'], plain: 'x' };
    expect(nfcDeep(given)).toEqual({ [PRECOMPOSED]: [PRECOMPOSED, 'plain'], plain: 'x' });
    const plain = { a: ['b', 'c'] };
    expect(nfcDeep(plain)).toBe(plain);
    expect(nfcDeep(new TfSet(['jose\u0301', PRECOMPOSED]))).toEqual(new TfSet([PRECOMPOSED]));
  });
});
