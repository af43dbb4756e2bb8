// Encoding, numeric and type conversion functions: the examples from each function's Terraform
// documentation page (https://developer.hashicorp.com/terraform/language/functions/<name>) plus errors.
import { describe, expect, it } from 'vitest';
import { callFunction } from '../../src/terraform/expr/functions/index.js';
import { EvaluationError, Sensitive, TfSet, Unknown, type TfValue } from '../../src/terraform/expr/value.js';

type Case = readonly [name: string, args: readonly TfValue[], expected: TfValue];

const encoding: readonly Case[] = [
  ['base64encode', ['Hello World'], 'SGVsbG8gV29ybGQ='],
  ['base64decode', ['SGVsbG8gV29ybGQ='], 'Hello World'],
  ['base64decode', ['w6k='], 'é'],
  ['jsonencode', [{ hello: 'world' }], '{"hello":"world"}'],
  ['jsonencode', [{ b: [1, 2.5, null], a: true }], '{"a":true,"b":[1,2.5,null]}'],
  ['jsonencode', ['<script>&'], '"\\u003cscript\\u003e\\u0026"'],
  ['jsonencode', [1e21], '1000000000000000000000'],
  // A key written twice: the last value, as go-yaml gives Terraform.
  ['yamldecode', ['a: 1\na: 2'], { a: 2 }],
  ['yamldecode', ['{a: {b: 1}, a: {c: 2}}'], { a: { c: 2 } }],
  // A division by zero's infinity, as cty writes it.
  ['tostring', [Infinity], '+Inf'],
  ['tostring', [-Infinity], '-Inf'],
  ['jsonencode', [new TfSet(['a', 'b'])], '["a","b"]'],
  [
    'jsonencode',
    [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:*' }] }],
    '{"Statement":[{"Action":"iam:*","Effect":"Allow"}],"Version":"2012-10-17"}',
  ],
  ['jsondecode', ['{"hello": "world"}'], { hello: 'world' }],
  ['jsondecode', ['true'], true],
  ['jsondecode', ['[1, "a", null, {"b": [false]}]'], [1, 'a', null, { b: [false] }]],
  ['yamldecode', ['hello: world'], { hello: 'world' }],
  ['yamldecode', ['true'], true],
  ['yamldecode', ['{a: &foo [1, 2, 3], b: *foo}'], { a: [1, 2, 3], b: [1, 2, 3] }],
  ['yamldecode', ['{a: &foo [1, {c: &bar 2}, 3], b: *foo, d: *bar}'], { a: [1, { c: 2 }, 3], b: [1, { c: 2 }, 3], d: 2 }],
  ['yamldecode', ['- name: alice\n  keys: 2\n- name: bob\n'], [{ name: 'alice', keys: 2 }, { name: 'bob' }]],
  ['yamldecode', [''], null],
  // A lone CR ends a line (go-yaml, YAML 1.2 §5.4); CRLF too.
  ['yamldecode', ['- name: alice\r  keys: 2\r- name: bob\r'], [{ name: 'alice', keys: 2 }, { name: 'bob' }]],
  ['yamldecode', ['a: |\r  x\r  y\rb: 1'], { a: 'x\ny\n', b: 1 }],
  ['yamldecode', ['a: 1\r\nb: 2\r\n'], { a: 1, b: 2 }],
  // csvdecode's documented example, then Go encoding/csv's rules that Terraform reads with.
  [
    'csvdecode',
    ['a,b,c\n1,2,3\n4,5,6'],
    [
      { a: '1', b: '2', c: '3' },
      { a: '4', b: '5', c: '6' },
    ],
  ],
  [
    'csvdecode',
    ['name,groups\r\n"ana","ops,dev"\r\n\r\n"b""ob",\n'],
    [
      { name: 'ana', groups: 'ops,dev' },
      { name: 'b"ob', groups: '' },
    ],
  ],
  ['csvdecode', ['name,note\nana,"two\nlines"\n'], [{ name: 'ana', note: 'two\nlines' }]],
  ['csvdecode', ['name, console\n ana , true\n'], [{ name: ' ana ', ' console': ' true' }]],
  ['csvdecode', ['name\n'], []],
  ['csvdecode', ['\ufeffname\nana'], [{ '\ufeffname': 'ana' }]],
  // Terraform's numbers are YAML 1.2's literals (0755 is decimal) and its dates RFC 3339 strings (terraform console).
  ['yamldecode', ['enabled: yes\nconsole: off\nmode: 0755\nwhen: 2001-12-14\n'], { enabled: true, console: false, mode: 755, when: '2001-12-14T00:00:00Z' }],
  [
    'yamldecode',
    ['base: &b {path: /, tags: {a: 1}}\nuser:\n  <<: *b\n  name: alice\n'],
    { base: { path: '/', tags: { a: 1 } }, user: { path: '/', tags: { a: 1 }, name: 'alice' } },
  ],
  ['urlencode', ['Hello World!'], 'Hello+World%21'],
  ['urlencode', ['☃'], '%E2%98%83'],
  ['urlencode', ['foo:bar@localhost?foo=bar&bar=baz'], 'foo%3Abar%40localhost%3Ffoo%3Dbar%26bar%3Dbaz'],
  ['md5', ['hello world'], '5eb63bbbe01eeed093cb22bb8f5acdc3'],
  ['sha1', ['hello world'], '2aae6c35c94fcfb415dbe95f408b9ce91ee846ed'],
  ['sha256', ['hello world'], 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9'],
  ['base64sha256', ['hello world'], 'uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek='],
];

const numeric: readonly Case[] = [
  ['abs', [23], 23],
  ['abs', [0], 0],
  ['abs', [-12.4], 12.4],
  ['ceil', [5], 5],
  ['ceil', [5.1], 6],
  ['floor', [5], 5],
  ['floor', [4.9], 4],
  ['max', [12, 54, 3], 54],
  ['min', [12, 54, 3], 3],
  ['max', ['7', 2], 7],
  ['signum', [-13], -1],
  ['signum', [0], 0],
  ['signum', [344], 1],
  ['pow', [3, 2], 9],
  ['pow', [4, 0], 1],
  // log(16, 2) is 4 in Terraform, but Go's math.Log is not JavaScript's to the last bit: unknown (terraform-exact-numbers).
  ['log', [16, 16], 1],
  ['log', [1, 10], 0],
  ['parseint', ['100', 10], 100],
  ['parseint', ['FF', 16], 255],
  ['parseint', ['-10', 16], -16],
  ['parseint', ['1011111011101111', 2], 48879],
  ['parseint', ['aA', 62], 656],
];

const conversion: readonly Case[] = [
  ['tostring', ['hello'], 'hello'],
  ['tostring', [1], '1'],
  ['tostring', [true], 'true'],
  ['tostring', [null], null],
  ['tostring', [1.5], '1.5'],
  ['tostring', [1e-7], '0.0000001'],
  ['tonumber', [1], 1],
  ['tonumber', ['1'], 1],
  ['tonumber', ['-2.5'], -2.5],
  ['tonumber', [null], null],
  ['tobool', [true], true],
  ['tobool', ['true'], true],
  ['tobool', ['false'], false],
  ['tobool', ['1'], true],
  ['tobool', ['0'], false],
  ['tobool', [null], null],
  ['tolist', [['a', 'b', 'c']], ['a', 'b', 'c']],
  ['tolist', [['a', 'b', 3]], ['a', 'b', '3']],
  ['tolist', [new TfSet(['a', 'b'])], ['a', 'b']],
  ['toset', [['a', 'b', 'c']], new TfSet(['a', 'b', 'c'])],
  ['toset', [['a', 'b', 3]], new TfSet(['3', 'a', 'b'])],
  ['toset', [['c', 'b', 'b']], new TfSet(['b', 'c'])],
  ['toset', [[10, 9, 2, 9]], new TfSet([2, 9, 10])],
  ['toset', [[true, false]], new TfSet([false, true])],
  ['toset', [[]], new TfSet([])],
  ['toset', [['😀', '\uff5e', 'z']], new TfSet(['z', '\uff5e', '😀'])],
  ['tomap', [{ a: 1, b: 2 }], { a: 1, b: 2 }],
  ['tomap', [{ a: 'foo', b: true }], { a: 'foo', b: 'true' }],
  // sensitive() marks its value (the mark is what keeps it out of output); nonsensitive() removes marks.
  ['sensitive', ['secret'], new Sensitive('secret')],
  ['nonsensitive', [{ a: 1 }], { a: 1 }],
  ['nonsensitive', [{ a: new Sensitive('secret') }], { a: 'secret' }],
  ['issensitive', [new Sensitive('secret')], true],
  ['issensitive', ['secret'], false],
];

describe('encoding functions', () => {
  it.each(encoding)('%s(%j)', (name, args, expected) => {
    expect(callFunction(name, args)).toStrictEqual(expected);
  });
});

describe('numeric functions', () => {
  it.each(numeric)('%s(%j)', (name, args, expected) => {
    expect(callFunction(name, args)).toStrictEqual(expected);
  });
});

describe('type conversion functions', () => {
  it.each(conversion)('%s(%j)', (name, args, expected) => {
    expect(callFunction(name, args)).toStrictEqual(expected);
  });

  it('lets tolist keep the order toset chose', () => {
    expect(callFunction('tolist', [callFunction('toset', [['charlie', 'alice', 'bob', 'alice']])])).toStrictEqual(['alice', 'bob', 'charlie']);
  });
});

const errors: readonly (readonly [string, readonly TfValue[], RegExp])[] = [
  ['base64decode', ['not base64!'], /^base64decode\(\): the given value is not valid base64$/],
  ['base64decode', ['/w=='], /^base64decode\(\): the result of decoding the provided string is not valid UTF-8$/],
  ['jsondecode', ['{bad'], /^jsondecode\(\): invalid JSON/],
  ['jsonencode', [Infinity], /^jsonencode\(\): cannot serialize an infinite number as JSON$/],
  ['jsonencode', [{ a: [-Infinity] }], /^jsonencode\(\): cannot serialize an infinite number as JSON$/],
  ['yamldecode', ['a: [1'], /^yamldecode\(\): invalid YAML/],
  ['csvdecode', [''], /^csvdecode\(\): missing header line$/],
  ['csvdecode', ['a,a\n1,2'], /^csvdecode\(\): duplicate column name "a"$/],
  ['csvdecode', ['a,b\n1,2\n3\n'], /^csvdecode\(\): CSV parse error on line 3: wrong number of fields$/],
  ['csvdecode', ['a\nx"y'], /^csvdecode\(\): CSV parse error on line 2: bare " in non-quoted-field$/],
  ['csvdecode', ['a\n"x"y'], /^csvdecode\(\): CSV parse error on line 2: extraneous or missing " in quoted-field$/],
  ['csvdecode', ['a\n"open\n'], /^csvdecode\(\): CSV parse error on line 2: extraneous or missing " in quoted-field$/],
  ['yamldecode', ['a: 1\n---\nb: 2\n'], /^yamldecode\(\): the string must contain a single YAML document$/],
  ['tostring', [['a']], /^tostring\(\): cannot convert list to string$/],
  ['tonumber', ['no'], /^tonumber\(\): cannot convert "no" to number/],
  ['tonumber', [true], /^tonumber\(\): cannot convert bool to number$/],
  ['tobool', ['no'], /^tobool\(\): cannot convert "no" to bool/],
  ['tobool', [1], /^tobool\(\): cannot convert number to bool$/],
  ['tolist', [[1, true]], /^tolist\(\): cannot unify number and bool elements$/],
  ['tolist', ['a'], /^tolist\(\): cannot convert string to list$/],
  ['tomap', [['a']], /^tomap\(\): cannot convert list to map$/],
  ['parseint', ['12', 2], /^parseint\(\): cannot parse "12" as a base 2 integer$/],
  ['parseint', ['1', 63], /^parseint\(\): base must be/],
  ['max', [], /^max\(\): expected at least 1 argument, got 0$/],
  ['abs', ['x'], /^abs\(\): argument 1 must be a number, not "x"$/],
];

describe('encoding, numeric and conversion errors become evaluation errors', () => {
  it.each(errors)('%s(%j)', (name, args, reason) => {
    const result = callFunction(name, args);
    expect(result).toBeInstanceOf(EvaluationError);
    expect((result as Unknown).reason).toMatch(reason);
  });
});

describe('numeric limits', () => {
  it('makes a result beyond double precision a plain unknown, not an error', () => {
    const result = callFunction('pow', [10, 400]);
    expect(result).toBeInstanceOf(Unknown);
    expect(result).not.toBeInstanceOf(EvaluationError);
    expect((result as Unknown).reason).toBe("pow(): the result is too large for credlint's numbers");
  });
});

/**
 * Scalars as go-cty-yaml resolves them (resolve.go's resolveScalar, with the type impliedTypeScalar gives an
 * untagged scalar that is not plain, and cty's conversion to it): the words first, whatever the tag; then
 * quoted text stays a string; numbers by the tag or YAML 1.2's literals.
 */
const ctyScalars: readonly (readonly [text: string, expected: TfValue])[] = [
  // Words are looked up before the tag: an explicit !!int does not stop yes from being true.
  ['!!int yes', true],
  ['!!float ~', null],
  ['a: !!int .inf', { a: Infinity }],
  ['!!str yes', 'yes'],
  // Quoted text is a string whatever its tag, where its first character hints at a value.
  ['!!int "10"', '10'],
  ["!!float '-1.5'", '-1.5'],
  ['!!bool "yes"', 'yes'],
  ['!!timestamp "2001-12-14"', '2001-12-14'],
  ['!!int ""', ''],
  // ... and where it hints at nothing, the tag decides.
  ['!!null "x"', null],
  ['!!null x', null],
  // A digit makes !!bool read a number.
  ['!!bool 1', 1],
  // Block scalars are resolved as plain ones, then made strings (null stays null).
  ['a: |-\n  10', { a: '10' }],
  ['a: >-\n  010', { a: '10' }],
  ['a: |-\n  1e3', { a: '1000' }],
  ['a: |-\n  0x1F', { a: '31' }],
  ['a: |-\n  yes', { a: 'true' }],
  ['a: |-\n  off', { a: 'false' }],
  ['a: |-\n  2024-01-31', { a: '2024-01-31T00:00:00Z' }],
  ['a: |-\n  ~', { a: null }],
  ['a: |\n', { a: null }],
  ['a: |\n  10\n', { a: '10\n' }],
  ['a: |-\n  1_000', { a: '1_000' }],
  ['a: !!int |-\n  10', { a: 10 }],
  // Infinities are numbers; cty holds them (Terraform prints them +Inf and -Inf).
  ['[.inf, -.inf, +.Inf, .INF]', [Infinity, -Infinity, Infinity, Infinity]],
  ['[!!float -inf, !!float +Inf]', [-Infinity, Infinity]],
  ['[.infinity, .iNf, .x]', ['.infinity', '.iNf', '.x']],
  // A binary value keeps its base64 text.
  ['!!binary aGVsbG8=', 'aGVsbG8='],
];

describe('yamldecode resolves scalars as go-cty-yaml does', () => {
  it.each(ctyScalars)('%j', (text, expected) => {
    expect(callFunction('yamldecode', [text])).toStrictEqual(expected);
  });

  it('shows a decoded infinity as Terraform does', () => {
    const decoded = callFunction('yamldecode', ['[.inf, -.inf]']) as TfValue[];
    expect(decoded.map((value) => callFunction('tostring', [value]))).toEqual(['+Inf', '-Inf']);
  });

  it.each([
    ['.nan', /^yamldecode\(\): invalid YAML: floating point NaN is not supported$/],
    ['!!float .nan', /^yamldecode\(\): invalid YAML: cannot parse ".nan" as a number$/],
    ['!!int "abc"', /^yamldecode\(\): invalid YAML: cannot parse "abc" as a number$/],
    ['!!bool maybe', /^yamldecode\(\): invalid YAML: cannot parse "maybe" as a bool$/],
    ['!!binary "###"', /^yamldecode\(\): invalid YAML: cannot parse "###" as binary: not valid base64$/],
    ['a: !Ref x', /^yamldecode\(\): invalid YAML: unsupported tag "!Ref"$/],
  ])('fails on %j as Terraform does', (text, reason) => {
    const result = callFunction('yamldecode', [text]);
    expect(result).toBeInstanceOf(EvaluationError);
    expect((result as Unknown).reason).toMatch(reason);
  });
});

describe('yamldecode of deeply nested text', () => {
  it('leaves YAML nested deeper than 200 levels undecoded, a plain unknown rather than an error try would catch', () => {
    const deep = callFunction('yamldecode', ['{a: '.repeat(250_000) + 'x' + '}'.repeat(250_000)]);
    expect(deep).toBeInstanceOf(Unknown);
    expect(deep).not.toBeInstanceOf(EvaluationError);
    expect((deep as Unknown).reason).toBe('yamldecode(): YAML nested deeper than 200 levels is not decoded');
    let nested: TfValue = 'x';
    for (let level = 0; level < 150; level += 1) nested = [nested];
    expect(callFunction('yamldecode', ['- '.repeat(150) + 'x'])).toEqual(nested);
  });
});
