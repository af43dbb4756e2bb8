/**
 * Terraform's numbers are go-cty's 512-bit `big.Float`s, written as the shortest decimal that reads
 * back as the same 512-bit value; credlint's are doubles. Every row is what `terraform console`
 * 1.11.4 gives for the expression: a result a double holds is that result, and one it does not (a
 * whole number past 2^53, a decimal of some 150 digits) is unknown, never a neighbouring number that
 * would name another user.
 */
import { describe, expect, it } from 'vitest';
import { evalSource, expectUnknown } from '../support/terraform-expr-scope.js';
import { isEvaluationError } from '../../src/terraform/expr/value.js';

describe('numbers as terraform console writes them', () => {
  it.each([
    ['tostring(-0)', '-0'],
    ['tostring(0 * -1)', '-0'],
    ['"u${-0}"', 'u-0'],
    ['tostring(-0 + 0)', '0'],
    ['tostring(-0 - 0)', '-0'],
    ['tostring(0 / -5)', '-0'],
    ['tostring(-(-0))', '0'],
    ['tostring(tonumber("-0"))', '-0'],
    ['tostring(-6 % 3)', '0'],
    ['tostring(-5 % 5)', '0'],
    ['tostring(-0 % 5)', '-0'],
    ['tostring(-7.5 % 2.5)', '0'],
    ['tostring(-5 % 3)', '-2'],
    ['tostring(5.5 % 2)', '1.5'],
    ['tostring(ceil(-0.2))', '0'],
    ['tostring(floor(-0))', '0'],
    ['tostring(abs(-0))', '0'],
    ['tostring(signum(-0))', '0'],
    ['tostring(max(-0, 0))', '-0'],
    ['tostring(max(0, -0))', '0'],
    ['tostring(min(0, -0))', '0'],
    ['tostring(min(-0, 0))', '-0'],
    ['tostring(sum([-0]))', '-0'],
    ['tostring(sum([0, -0]))', '0'],
    ['jsonencode([-0, 0.5])', '[-0,0.5]'],
    ['format("%d|%v|%f", -0, -0, -0)', '0|-0|-0.000000'],
    ['tostring(0.1 + 0.2)', '0.3'],
    ['tostring(0.1 * 3)', '0.3'],
    ['tostring(0.1 + 0.7)', '0.8'],
    ['tostring(2.675 * 100)', '267.5'],
    ['tostring(4.35 * 100)', '435'],
    ['tostring(7 / 2)', '3.5'],
    ['tostring(0.30000000000000004)', '0.30000000000000004'],
    ['tostring(1e21)', '1000000000000000000000'],
    ['tostring(pow(10, 20))', '100000000000000000000'],
    ['tostring(2e-7)', '0.0000002'],
    // go-cty keeps Go's float64 result: exact where the double is the decimal it writes.
    ['tostring(pow(2, -1))', '0.5'],
    ['tostring(pow(2, -1) + 1)', '1.5'],
    ['tostring(pow(1.5, 2))', '2.25'],
    ['tostring(pow(-2, 3))', '-8'],
    ['tostring(pow(-0, 3))', '-0'],
    ['tostring(pow(9, 0.5))', '3'],
    ['tostring(pow(4, -0.5))', '0.5'],
    ['tostring(log(7, 7))', '1'],
    ['tostring(log(1, 0.5))', '-0'],
    ['tostring(sum([1, 0.9, -1]))', '0.9'],
    ['jsonencode(range(0, 0.5, 0.1))', '[0,0.1,0.2,0.3,0.4]'],
    ['tostring(9007199254740991 + 1)', '9007199254740992'],
  ])('%s is %j', (source, expected) => {
    expect(evalSource(source)).toEqual(expected);
  });

  it.each([
    // Exact in Terraform, one apart from any double.
    ['9007199254740992 + 1', /"\+" has more digits than credlint's numbers keep/],
    ['tostring(1e16 + 1)', /"\+" has more digits/],
    ['tostring(3e20 + 1)', /"\+" has more digits/],
    ['"u-${9007199254740992 * 3 + 1}"', /"\*" has more digits|"\+" has more digits/],
    ['tostring(1e308 * 10)', /"\*" has more digits/],
    // Some 150 digits in Terraform ("0.1000…0003", "3.3000…0002", "0.3333…35").
    ['tostring(1 - 0.9)', /"-" has more digits/],
    ['tostring(1.1 * 3)', /"\*" has more digits/],
    ['tostring(1 / 3)', /"\/" has more digits/],
    ['tostring(100 / 7)', /"\/" has more digits/],
    ['tostring(1 % 0.3)', /"%" has more digits/],
    ['tostring(1e15 + 0.3)', /"\+" has more digits/],
    ['tostring(range(0, 1, 0.1)[9])', /a sum with more digits/],
    ['length(range(1, 2, 0.1))', /a sum with more digits/],
    // Literals and strings whose digits a double does not keep.
    ['tostring(123456789.123456789)', /a number with more digits/],
    ['tostring(1e400)', /a number with more digits/],
    ['tostring(tonumber("12345678901234567891"))', /read from a string with more digits/],
    ['"12345678901234567891" + 0', /read from a string with more digits/],
    // Go's float64 math.Pow and math.Log: "2.9999999999999996", "1.4142135623730951", "1.6989700043360185".
    ['tostring(log(1000, 10))', /more digits|last bit/],
    ['tostring(log(50, 10))', /more digits|last bit/],
    ['tostring(pow(2, 0.5))', /more digits|last bit/],
    ['tostring(pow(3, 40))', /more digits/],
    // Go's math.Log and math.Exp differ from JavaScript's in the last bit: "2.9999999999999996" and
    // "2" (floor) in terraform console 1.11.4, where JavaScript's give 3; log(8, 2) is 3 in both, by luck.
    ['tostring(log(2744, 14))', /last bit/],
    ['tostring(floor(log(2744, 14)))', /last bit/],
    ['tostring(log(8, 2))', /last bit/],
    ['tostring(pow(27, 0.3333333333333333))', /last bit/],
    ['tostring(pow(8, 0.6666666666666666))', /last bit/],
    // The double Go computes, not the decimal it writes: "0.3000000000000000055511151231257827021181583404541015625".
    ['tostring(pow(10, -1) + 0.2)', /more digits/],
    ['tostring(pow(0.1, 2))', /more digits/],
    // 2^60 exactly, written 1152921504606847000 at a double's precision: not that decimal.
    ['tostring(pow(2, 60))', /more digits/],
    ['tostring(parseint("9007199254740993", 10))', /more digits/],
  ])('%s is unknown', (source, reason) => {
    expectUnknown(evalSource(source), reason);
  });
});

describe('numeric functions that fail where Terraform fails them', () => {
  // terraform console 1.11.4: signum takes a whole number of 64 bits ("value must be a whole number,
  // between -9223372036854775808 and 9223372036854775807"), parseint a string ("first argument must be
  // a string"); the base converts from a string as any number does.
  it.each([
    ['signum(-3.5)', /whole number/],
    ['signum(0.0001)', /whole number/],
    ['signum(9300000000000000000)', /whole number/],
    ['parseint(10, 10)', /must be a string/],
    ['parseint(true, 2)', /must be a string/],
  ])('%s fails', (source, reason) => {
    expect(isEvaluationError(expectUnknown(evalSource(source), reason))).toBe(true);
  });

  it.each([
    ['tostring(signum(-9007199254740991))', '-1'],
    ['tostring(signum("-4"))', '-1'],
    ['tostring(signum(4.0))', '1'],
    ['tostring(parseint("10", "16"))', '16'],
    ['tostring(parseint("+5", 10))', '5'],
  ])('%s is %j', (source, expected) => {
    expect(evalSource(source)).toEqual(expected);
  });
});

describe('numbers jsondecode reads', () => {
  it.each([
    ['jsondecode("[1.5, 2, 100000000000000000000000, 0.30000000000000004]")', [1.5, 2, 1e23, 0.30000000000000004]],
    ['jsondecode("{\\"id\\": \\"12345678901234567891\\"}").id', '12345678901234567891'],
  ])('%s is %j', (source, expected) => {
    expect(evalSource(source)).toEqual(expected);
  });

  it.each([
    // terraform console 1.11.4: 12345678901234567891 and "0.1000000000000000000001", exact.
    ['jsondecode("{\\"id\\": 12345678901234567891}").id'],
    ['tostring(jsondecode("[0.1000000000000000000001]")[0])'],
    ['jsondecode("[1e400]")[0]'],
  ])('%s is unknown', (source) => {
    expectUnknown(evalSource(source), /a JSON or YAML number with more digits than credlint's numbers keep/);
  });

  it('keeps the numbers a double holds beside one it does not', () => {
    const decoded = evalSource('jsondecode("{\\"a\\": 12345678901234567891, \\"b\\": 7}")') as Record<string, unknown>;
    expect(decoded['b']).toBe(7);
    expectUnknown(decoded['a'] as never, /more digits/);
  });
});

describe('numbers yamldecode reads', () => {
  it.each([
    // terraform console 1.11.4: [1.5, 2, 31, +Inf, "1_000"].
    ['yamldecode("[1.5, 2, 0x1F, .inf, 1_000]")', [1.5, 2, 31, Infinity, '1_000']],
    ['yamldecode("id: \\"12345678901234567891\\"").id', '12345678901234567891'],
  ])('%s is %j', (source, expected) => {
    expect(evalSource(source)).toEqual(expected);
  });

  it.each([
    // terraform console 1.11.4: 12345678901234567891 and 0.1000000000000000000001, exact.
    ['yamldecode("id: 12345678901234567891").id'],
    ['tostring(yamldecode("[0.1000000000000000000001]")[0])'],
    ['yamldecode("!!float 123456789.123456789")'],
  ])('%s is unknown', (source) => {
    expectUnknown(evalSource(source), /a JSON or YAML number with more digits than credlint's numbers keep/);
  });
});
