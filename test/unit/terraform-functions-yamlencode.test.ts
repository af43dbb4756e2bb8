/**
 * `yamlencode` writes what Terraform 1.11.4's `yamlencode` writes (each expected value from
 * `terraform console`); what it would write otherwise (a long quoted string folded at column 80, a
 * literal block with blank lines or leading spaces, control characters) is unknown, never guessed.
 */
import { describe, expect, it } from 'vitest';
import { Unknown } from '../../src/terraform/expr/value.js';
import { evalSource } from '../support/terraform-expr-scope.js';

describe('yamlencode', () => {
  it.each<readonly [string, string]>([
    [
      '{b = {x = 1, y = [1, {z = "q"}]}, a = [], c = {}, d = "multi\\nline\\n", e = "trail\\nno", f = 1.5, g = -0, h = 1e20, i = "null", j = "~", l = "#x", m = "é", n = "a\\"b", o = "123", t = "", v = "yes"}',
      '"a": []\n"b":\n  "x": 1\n  "y":\n  - 1\n  - "z": "q"\n"c": {}\n"d": |\n  multi\n  line\n"e": |-\n  trail\n  no\n"f": 1.5\n"g": -0\n"h": 100000000000000000000\n"i": "null"\n"j": "~"\n"l": "#x"\n"m": "é"\n"n": "a\\"b"\n"o": "123"\n"t": ""\n"v": "yes"\n',
    ],
    ['[["a", "b"], [], {}]', '- - "a"\n  - "b"\n- []\n- {}\n'],
    ['[{a = 1, b = [2]}]', '- "a": 1\n  "b":\n  - 2\n'],
    ['null', 'null\n...\n'],
    ['true', 'true\n...\n'],
    ['12', '12\n...\n'],
    ['"ana"', '"ana"\n'],
    ['"tab\\there"', '"tab\\there"\n'],
    ['"a\\n"', '|\n  a\n'],
    ['{"key with space" = 1, "k:x" = 2, "1" = 3}', '"1": 3\n"k:x": 2\n"key with space": 1\n'],
    ['{a = "multi\\n  indented\\nline"}', '"a": |-\n  multi\n    indented\n  line\n'],
    ['toset(["b", "a"])', '- "a"\n- "b"\n'],
  ])('%s', (source, expected) => {
    expect(evalSource(`yamlencode(${source})`)).toBe(expected);
  });

  it.each([
    '{a = "word word word word word word word word word word word word word word word word word word word word word"}',
    '{a = " lead\\nx"}',
    '{a = "a\\n\\n"}',
    '{a = "trailing \\nspace"}',
    '{"a\\nb" = 1}',
    '["x\\u0000y"]',
  ])('leaves %s unknown', (source) => {
    expect(evalSource(`yamlencode(${source})`)).toBeInstanceOf(Unknown);
  });
});
