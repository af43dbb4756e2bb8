// String, regex and format functions: the examples from each function's Terraform documentation page
// (https://developer.hashicorp.com/terraform/language/functions/<name>) plus the errors Terraform raises.
import { describe, expect, it } from 'vitest';
import { callFunction } from '../../src/terraform/expr/functions/index.js';
import { EvaluationError, TfSet, Unknown, type TfValue } from '../../src/terraform/expr/value.js';

type Case = readonly [name: string, args: readonly TfValue[], expected: TfValue];

const strings: readonly Case[] = [
  ['chomp', ['hello\n'], 'hello'],
  ['chomp', ['hello\r\n'], 'hello'],
  ['chomp', ['hello\n\n'], 'hello'],
  ['chomp', ['hello\n\nworld'], 'hello\n\nworld'],
  ['endswith', ['hello world', 'world'], true],
  ['endswith', ['hello world', 'hello'], false],
  ['indent', [2, '[\n  foo,\n  bar,\n]\n'], '[\n    foo,\n    bar,\n  ]\n  '],
  ['join', ['-', ['foo', 'bar', 'baz']], 'foo-bar-baz'],
  ['join', [', ', ['foo', 'bar', 'baz']], 'foo, bar, baz'],
  ['join', [', ', ['foo']], 'foo'],
  ['join', [',', ['a'], ['b', 'c']], 'a,b,c'],
  ['join', [',', [1, true]], '1,true'],
  ['lower', ['HELLO'], 'hello'],
  ['lower', ['АЛЛО!'], 'алло!'],
  ['replace', ['1 + 2 + 3', '+', '-'], '1 - 2 - 3'],
  ['replace', ['hello world', '/w.*d/', 'everybody'], 'hello everybody'],
  ['replace', ['hello world', '/(h)(e)/', '$2$1'], 'ehllo world'],
  ['replace', ['hello world', '/(?P<first>\\w+) (?P<second>\\w+)/', '${second} $first'], 'world hello'],
  ['replace', ['a-b-c', '/-/', '$$'], 'a$b$c'],
  ['replace', ['a/b', '/', '|'], 'a|b'],
  ['replace', ['baaac', '/a*/', '-'], '-b-c-'],
  ['replace', ['abc', '/x*/', '-'], '-a-b-c-'],
  ['replace', ['abc', '', '-'], '-a-b-c-'],
  ['replace', ['', '', '-'], '-'],
  ['replace', ['user1 user22', '/user(\\d+)/', '$1x'], ' '],
  ['replace', ['user1 user22', '/user(\\d+)/', '${1}x'], '1x 22x'],
  ['split', [',', 'foo,bar,baz'], ['foo', 'bar', 'baz']],
  ['split', [',', 'foo'], ['foo']],
  ['split', [',', ''], ['']],
  ['startswith', ['hello world', 'hello'], true],
  ['startswith', ['hello world', 'world'], false],
  ['strcontains', ['hello world', 'wor'], true],
  ['strrev', ['hello'], 'olleh'],
  ['strrev', ['a ☃'], '☃ a'],
  ['substr', ['hello world', 1, 4], 'ello'],
  ['substr', ['🤔🤷', 0, 1], '🤔'],
  ['substr', ['hello world', -5, -1], 'world'],
  ['substr', ['hello world', 6, 10], 'world'],
  ['substr', ['hello', 0, -1], 'hello'],
  ['substr', ['hello', 9, 2], ''],
  ['substr', ['hello', -9, 2], 'he'],
  ['substr', ['hello', 3, -5], 'lo'],
  ['title', ['hello world'], 'Hello World'],
  ['title', ['aws_iam-user.name'], 'Aws_iam-User.Name'],
  ['trim', ['?!hello?!', '!?'], 'hello'],
  ['trim', ['foobar', 'far'], 'oob'],
  ['trim', ['   hello! world.!  ', '! '], 'hello! world.'],
  ['trimprefix', ['helloworld', 'hello'], 'world'],
  ['trimprefix', ['helloworld', 'cat'], 'helloworld'],
  ['trimsuffix', ['helloworld', 'world'], 'hello'],
  ['trimsuffix', ['helloworld', 'cat'], 'helloworld'],
  ['trimspace', ['  hello\n\n'], 'hello'],
  ['trimspace', ['\u00a0 x y \t'], 'x y'],
  ['upper', ['hello'], 'HELLO'],
  ['upper', ['алло!'], 'АЛЛО!'],
];

const paths: readonly Case[] = [
  ['basename', ['foo/bar/baz.txt'], 'baz.txt'],
  ['basename', ['foo/bar/'], 'bar'],
  ['basename', ['/'], '/'],
  ['basename', [''], '.'],
  ['dirname', ['foo/bar/baz.txt'], 'foo/bar'],
  ['dirname', ['foo/bar/'], 'foo/bar'],
  ['dirname', ['baz.txt'], '.'],
  ['dirname', ['/baz.txt'], '/'],
  ['dirname', ['./modules//iam/main.tf'], 'modules/iam'],
];

const regexes: readonly Case[] = [
  ['regex', ['[a-z]+', '53453453.345345aaabbbccc23454'], 'aaabbbccc'],
  ['regex', ['(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)', '2019-02-01'], ['2019', '02', '01']],
  ['regex', ['^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?', 'https://terraform.io/docs/'], { scheme: 'https', authority: 'terraform.io' }],
  ['regex', ['^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?', '//terraform.io'], { scheme: null, authority: 'terraform.io' }],
  ['regex', ['(a)|(b)', 'b'], [null, 'b']],
  ['regex', ['(?i)^ADMIN', 'admin-user'], 'admin'],
  ['regex', ['[[:digit:]]+', 'key-42'], '42'],
  ['regex', ['\\Qa.b\\E', 'xa.by'], 'a.b'],
  // RE2 syntax JavaScript lacks: inline flag groups, ungreedy mode, negated POSIX classes.
  ['regex', ['a(?i:b)', 'aB'], 'aB'],
  ['regex', ['(?U)a+', 'aa'], 'a'],
  ['regex', ['[[:^alpha:]]', 'a1'], '1'],
  ['format', ['%5d', 1], '    1'],
  ['indent', [3, 'a\nb'], 'a\n   b'],
  ['regex', ['user\\z', 'root-user'], 'user'],
  ['regex', ['\\pL+', '123héllo'], 'héllo'],
  ['regexall', ['[a-z]+', '1234abcd5678efgh9'], ['abcd', 'efgh']],
  ['regexall', ['[a-z]+', '123456789'], []],
  ['regexall', ['a*', 'baaac'], ['', 'aaa', '']],
  [
    'regexall',
    ['(\\w)=(\\d)', 'a=1,b=2'],
    [
      ['a', '1'],
      ['b', '2'],
    ],
  ],
];

const formats: readonly Case[] = [
  ['format', ['Hello, %s!', 'Ander'], 'Hello, Ander!'],
  ['format', ['There are %d lights', 4], 'There are 4 lights'],
  ['format', ['%#v', 'hello'], '"hello"'],
  ['format', ['%#v', true], 'true'],
  ['format', ['%#v', 1], '1'],
  ['format', ['%#v', { a: 1 }], '{"a":1}'],
  ['format', ['%#v', [true]], '[true]'],
  ['format', ['%#v', null], 'null'],
  ['format', ['%v %v %v %v', 'a', 1.5, false, null], 'a 1.5 false null'],
  ['format', ['%v|%v|%v', 1000000, -2, 0.00001], '1e+06|-2|1e-05'],
  ['format', ['%5v|%-5v|', 'ab', 12], '   ab|12   |'],
  ['format', ['%05s|%-05s|', 'ab', 'ab'], '000ab|ab000|'],
  ['format', ['%.0s|%.2s|%3s', 'abc', '👾🕹️x', '👾'], 'abc|👾🕹️|  👾'],
  ['format', ['%q', '<b>&'], '"\\u003cb\\u003e\\u0026"'],
  ['format', ['%-05d|%+05d|% d', 42, 42, 42], '42   |+0042| 42'],
  ['format', ['%v', ['a', 1]], '["a",1]'],
  ['format', ['%t', 'true'], 'true'],
  ['format', ['%t', '0'], 'false'],
  ['format', ['%d|%5d|%-5d|%05d|%+d', 42, 42, 42, 42, 42], '42|   42|42   |00042|+42'],
  ['format', ['%b %o %x %X %#x', 5, 8, 255, 255, 255], '101 10 ff FF 0xff'],
  ['format', ['%d', '12'], '12'],
  ['format', ['%f|%.2f|%8.3f|%.0f', 3.14159, 3.14159, 3.14159, 2.5], '3.141590|3.14|   3.142|2'],
  // Go's math/big rounds a number exactly halfway to the even digit (JavaScript's toFixed rounds up),
  // and writes large numbers in full.
  ['format', ['%.0f|%.0f|%.0f|%.1f|%.2f', 0.5, 1.5, 9.5, 0.25, 0.125], '0|2|10|0.2|0.12'],
  ['format', ['%.2e|%.0e|%.3g|%.3g|%.10g|%g', 1.125, 2.5, 2.125, 123456, 0.5, 0], '1.12e+00|2e+00|2.12|1.23e+05|0.5|0'],
  ['format', ['%.2f|%.1f', 1e21, -0.25], '1000000000000000000000.00|-0.2'],
  // The number is the 512-bit one Terraform parses from the number's text, not the double: exact in the
  // 17th digit and beyond, and on its own side of a written tie (1.115 is above it, the double below).
  ['format', ['%.20f|%.17g|%.0f|%.3e', 0.1, 0.1, 1e23, 1e23], '0.10000000000000000000|0.1|100000000000000000000000|1.000e+23'],
  ['format', ['%.2f|%.2f|%.2f|%.1f|%.1f', 1.115, 1.005, 2.675, 0.35, 0.45], '1.12|1.00|2.67|0.3|0.4'],
  // An infinity (`1/0` is one in Terraform) prints as Go prints it, with its sign, whatever the verb and
  // precision (`terraform console`: `format("%.3f", 1/0)` is "+Inf"); `%.3f` of one threw a SyntaxError.
  ['format', ['%.3f|%e|%g|%v|%E|%f', Infinity, -Infinity, Infinity, Infinity, -Infinity, -Infinity], '+Inf|-Inf|+Inf|+Inf|-Inf|-Inf'],
  ['format', ['%8.2f|%-6e|%08f|%+f|% f', Infinity, -Infinity, Infinity, Infinity, Infinity], '    +Inf|-Inf  |    +Inf|+Inf| Inf'],
  // %v of a negative number keeps its sign when padded to a width (it was dropped: "   3").
  ['format', ['%5v|%-5v|%5v', -3, -Infinity, Infinity], '   -3|-Inf | +Inf'],
  ['format', ['%05v|%-05v|%05v', -3, -3, Infinity], '000-3|-3000|0+Inf'],
  ['format', ['%.30f', 5e-324], `0.${'0'.repeat(30)}`],
  ['format', ['%e|%E|%.2e', 123.456, 123.456, 123.456], '1.234560e+02|1.234560E+02|1.23e+02'],
  ['format', ['%g|%g|%g', 123.456, 1000000, 0.00001], '123.456|1e+06|1e-05'],
  ['format', ['%s|%5s|%-5s|%.2s', 'abc', 'abc', 'abc', 'abc'], 'abc|  abc|abc  |ab'],
  ['format', ['%s %s', 1, true], '1 true'],
  ['format', ['%q', 'say "hi"'], '"say \\"hi\\""'],
  ['format', ['100%%'], '100%'],
  ['format', ['%[2]s %[1]s', 'world', 'hello'], 'hello world'],
  // `[n]` stands immediately before the verb letter, after width and precision.
  ['format', ['%-5[1]d|%.1[2]f|%[1]d', 42, 2.5], '42   |2.5|42'],
  ['format', ['%s-%d', 'user', 3], 'user-3'],
  ['formatlist', ['Hello, %s!', ['Valentina', 'Ander', 'Olivia', 'Sam']], ['Hello, Valentina!', 'Hello, Ander!', 'Hello, Olivia!', 'Hello, Sam!']],
  [
    'formatlist',
    ['%s, %s%s', 'Salutations', ['Valentina', 'Ander', 'Olivia', 'Sam'], '!'],
    ['Salutations, Valentina!', 'Salutations, Ander!', 'Salutations, Olivia!', 'Salutations, Sam!'],
  ],
  ['formatlist', ['%s=%s', ['a', 'b'], ['1', '2']], ['a=1', 'b=2']],
  ['formatlist', ['%s', 'x'], ['x']],
  // A set is iterated in its own order, as Terraform converts it to a list.
  ['formatlist', ['%s-%s', new TfSet(['a', 'b']), ['x', 'y']], ['a-x', 'b-y']],
];

describe('string functions: documented examples', () => {
  it.each(strings)('%s(%j)', (name, args, expected) => {
    expect(callFunction(name, args)).toStrictEqual(expected);
  });
});

describe('basename and dirname: pure path string functions', () => {
  it.each(paths)('%s(%j)', (name, args, expected) => {
    expect(callFunction(name, args)).toStrictEqual(expected);
  });

  it('pathexpand returns a path without a leading ~ as it is; ~ depends on the home directory; ~user is an error', () => {
    // terraform 1.11.4 console: pathexpand("ana") is "ana", pathexpand("~bo") is an error.
    expect(callFunction('pathexpand', ['ana'])).toBe('ana');
    expect(callFunction('pathexpand', ['/etc/a~b'])).toBe('/etc/a~b');
    expect(callFunction('pathexpand', [''])).toBe('');
    const home = callFunction('pathexpand', ['~/.ssh']);
    expect(home).toBeInstanceOf(Unknown);
    expect(home).not.toBeInstanceOf(EvaluationError);
    expect(callFunction('pathexpand', ['~bo'])).toBeInstanceOf(EvaluationError);
  });
});

describe('regex and regexall: RE2 patterns translated to JavaScript', () => {
  it.each(regexes)('%s(%j)', (name, args, expected) => {
    expect(callFunction(name, args)).toStrictEqual(expected);
  });
});

describe('format and formatlist', () => {
  it.each(formats)('%s(%j)', (name, args, expected) => {
    expect(callFunction(name, args)).toStrictEqual(expected);
  });
});

const errors: readonly (readonly [string, readonly TfValue[], RegExp])[] = [
  ['regex', ['[a-z]+', '53453453.34534523454'], /^regex\(\): pattern did not match any part of the given string$/],
  ['regex', ['(?P<a>x)(y)', 'xy'], /^regex\(\): invalid regular expression: cannot mix both named and unnamed capture groups$/],
  ['regex', ['(?z)ab', 'ab'], /^regex\(\): invalid regular expression: invalid or unsupported Perl syntax$/],
  ['regex', ['[[:nope:]]', 'ab'], /^regex\(\): invalid regular expression: invalid character class range$/],
  ['regex', ['(unclosed', 'x'], /^regex\(\): invalid regular expression: missing closing \)$/],
  ['replace', ['x', '/(/', 'y'], /^replace\(\): invalid regular expression: missing closing \)$/],
  // RE2 refuses what it cannot match in linear time; the pattern is not quoted (it may be a sensitive value).
  ['regex', ['(a)\\1', 'aa'], /^regex\(\): invalid regular expression: invalid escape sequence$/],
  ['regex', ['(?<=a)b', 'ab'], /^regex\(\): invalid regular expression: invalid named capture$/],
  ['format', ['%d', 1.5], /^format\(\): %d requires a whole number, not 1.5$/],
  ['format', ['%d', 'abc'], /^format\(\): unsupported value for "%d" at argument 1: a number is required, not string$/],
  ['format', ['%s'], /^format\(\): not enough arguments for "%s"/],
  ['format', ['%s', 'a', 'b'], /^format\(\): too many arguments/],
  ['format', ['%s', null], /^format\(\): unsupported value for "%s" at argument 1: a non-null value is required/],
  ['format', ['%s', ['a']], /^format\(\): unsupported value for "%s" at argument 1: a string is required, not list/],
  ['format', ['%t', 1], /^format\(\): unsupported value for "%t"/],
  ['format', ['%z', 1], /^format\(\): unsupported format verb "%z"$/],
  ['format', ['50%'], /^format\(\): invalid format directive at offset 2$/],
  // Terraform's syntax has no width or precision taken from an argument (C's `*`), and `[n]` only
  // right before the verb letter; an argument no verb takes is an error, with `[n]` too.
  ['format', ['%*d-%s', 5, 1, 'x'], /^format\(\): invalid format directive at offset 0$/],
  ['format', ['id-%.*f', 2, 1.5], /^format\(\): invalid format directive at offset 3$/],
  ['format', ['%[1]-5d', 42], /^format\(\): invalid format directive at offset 0$/],
  ['format', ['%[0]s', 'a'], /^format\(\): invalid format directive at offset 0$/],
  ['format', ['%-%', 1], /^format\(\): invalid format directive at offset 0$/],
  ['format', ['%[1]s', 'a', 'b'], /^format\(\): too many arguments; only 1 used by format string$/],
  ['formatlist', ['%s%s', ['a', 'b'], ['c']], /^formatlist\(\): argument 3 has length 1/],
  ['join', [',', ['a', null]], /^join\(\): cannot join a list containing null values$/],
  ['join', [',', [['nested']]], /^join\(\): element 0 of argument 2 must be a string, not a list$/],
  ['upper', [['a']], /^upper\(\): argument 1 must be a string, not a list$/],
  ['lower', [null], /^lower\(\): argument 1 must not be null$/],
  ['split', [','], /^split\(\): expected 2 arguments, got 1$/],
];

describe('string functions: errors Terraform raises become evaluation errors naming the function', () => {
  it.each(errors)('%s(%j)', (name, args, reason) => {
    const result = callFunction(name, args);
    expect(result).toBeInstanceOf(EvaluationError);
    expect((result as Unknown).reason).toMatch(reason);
  });
});

// Inputs Terraform would evaluate but credlint does not: plain unknowns, so `try` does not treat them as failures.
const limits: readonly (readonly [string, readonly TfValue[], string])[] = [
  ['format', ['%.101f', 1], 'format(): precision at offset 0 is beyond what credlint evaluates'],
];

describe('string functions: credlint limits become plain unknown values', () => {
  it.each(limits)('%s(%j)', (name, args, reason) => {
    const result = callFunction(name, args);
    expect(result).toBeInstanceOf(Unknown);
    expect(result).not.toBeInstanceOf(EvaluationError);
    expect((result as Unknown).reason).toBe(reason);
  });
});
