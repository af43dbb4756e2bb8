import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/terraform/expr/evaluate.js';
import { parseExpression } from '../../src/terraform/expr/parse-expression.js';
import { isEvaluationError, isUnknown, type TfValue } from '../../src/terraform/expr/value.js';
import { evalSource, expectUnknown, scope } from '../support/terraform-expr-scope.js';

const unknownVar = scope.resolve({ kind: 'var', name: 'unknown' });
const unknownArn = (scope.resolve({ kind: 'resource', type: 'aws_iam_user', name: 'single' }) as { arn: TfValue }).arn;

describe('an unknown operand makes the result unknown, keeping the first unknown', () => {
  it.each([
    'var.unknown',
    'var.unknown + 1',
    '1 + var.unknown',
    '-var.unknown',
    '!var.unknown',
    'var.unknown * var.mixed[1]',
    '"x-${var.unknown}"',
    '"${var.unknown}-${var.mixed[1]}"',
    'var.unknown ? 1 : 2',
    'var.unknown == null',
    'var.unknown != "a"',
    'var.unknown > 1',
    'var.unknown[0]',
    'var.unknown.name',
    'var.unknown[*].name',
    'var.l[var.unknown]',
    '[for x in var.unknown : x]',
    '[for x in var.l : x if var.unknown]',
    '{for x in var.l : var.unknown => x}',
    '{ (var.unknown) = 1 }',
    'true && var.unknown',
    'var.unknown && true',
    'false || var.unknown',
    'var.unknown || false',
    '"%{ if var.unknown }a%{ endif }"',
    '"%{ for x in var.unknown }${x}%{ endfor }"',
    'upper(var.unknown)',
    'try(var.unknown, "x")',
    'can(var.unknown)',
    'max(var.unknown...)',
  ])('%s', (source) => {
    const value = evalSource(source);
    // The first unknown's reason and address are kept; a template may add what it knows of the string around it.
    expect(value).toMatchObject({ reason: expectUnknown(unknownVar, /no value/).reason, resourceAddress: undefined });
    expect(isEvaluationError(value)).toBe(false);
  });

  it('keeps the resource address of an unknown resource attribute through operations', () => {
    for (const source of ['aws_iam_user.single.arn', '"${aws_iam_user.single.arn}/x"', 'aws_iam_user.single.arn == "a"', 'try(aws_iam_user.single.arn, "")']) {
      const value = evalSource(source);
      expect(value, source).toMatchObject({ reason: expectUnknown(unknownArn, /known after apply/).reason });
      expect(expectUnknown(value, /known after apply/).resourceAddress).toBe('aws_iam_user.single');
    }
  });
});

describe('cty decides without the unknown where it can', () => {
  it.each([
    ['false && var.unknown', false],
    ['var.unknown && false', false],
    ['true || var.unknown', true],
    ['var.unknown || true', true],
    ['var.mixed[0]', 'known'],
    ['length(var.mixed)', 2],
    ['[1, var.unknown] == [1, 2, 3]', false],
    ['{ a = var.unknown } == { b = 1 }', false],
    ['var.unknown == var.unknown ? 1 : 1', undefined],
    // The same elements, but kinds credlint does not know: a function's list or tuple, two empty lists or sets.
    ['reverse(["a"]) == ["a"]', undefined],
    // split always returns a list, never equal to a tuple (terraform console: false).
    ['split(",", "a") == ["a"]', false],
    ['tolist([]) == tolist([])', undefined],
    ['toset([]) == toset([])', undefined],
    ['split(",", "a") == ["b"]', false],
    ['true ? "chosen" : var.unknown', 'chosen'],
    ['false ? var.unknown : "chosen"', 'chosen'],
  ] as const)('%s', (source, expected) => {
    const value = evalSource(source);
    if (expected === undefined) expect(isUnknown(value)).toBe(true);
    else expect(value).toEqual(expected);
  });

  it('keeps unknown elements of a known list in place', () => {
    const value = evalSource('[for x in var.mixed : x]');
    expect(Array.isArray(value)).toBe(true);
    const items = value as readonly TfValue[];
    expect(items[0]).toBe('known');
    expectUnknown(items[1] ?? null, /var\.mixed\[1\] has no value/);
    expect(evalSource('var.mixed[*]')).toEqual(items);
  });

  it('keeps unknown values inside objects and tuples without failing them', () => {
    const value = evalSource('{ a = var.unknown, b = [1, var.unknown] }') as { a: TfValue; b: readonly TfValue[] };
    expect(value.a).toBe(unknownVar);
    expect(value.b[0]).toBe(1);
    expect(value.b[1]).toBe(unknownVar);
  });
});

describe('&& and || follow HCL short-circuit rules', () => {
  it.each([
    ['false && var.l[9]', false],
    ['var.l[9] && false', false],
    ['true || var.l[9]', true],
    ['var.l[9] || true', true],
  ] as const)('a known deciding side wins over a failure: %s', (source, expected) => {
    expect(evalSource(source)).toBe(expected);
  });

  it('an unknown left side decides over a failed right side, not the other way round', () => {
    expect(evalSource('var.unknown && var.l[9]')).toBe(unknownVar);
    expect(isEvaluationError(evalSource('var.l[9] && var.unknown'))).toBe(true);
    expect(isEvaluationError(evalSource('true && var.l[9]'))).toBe(true);
  });

  it('a known operand that is not a bool fails even when the other side decides', () => {
    expectUnknown(evalSource('false && "x"'), /right operand of "&&" must be a bool, but it is the string "x"/);
    expectUnknown(evalSource('1 || true'), /left operand of "\|\|" must be a bool, but it is a number/);
  });
});

describe('failures are distinguishable from unknowns', () => {
  it('a failure wins over an unknown in the same expression', () => {
    for (const source of [
      'var.unknown + var.l[9]',
      'var.l[9] + var.unknown',
      '"${var.unknown}${var.l[9]}"',
      '[var.unknown, var.l[9]]',
      'var.unknown[var.l[9]]',
    ]) {
      const value = evalSource(source);
      expect(isEvaluationError(value), source).toBe(true);
      expect((value as { reason: string }).reason).toMatch(/index 9 out of range/);
    }
  });

  it('try passes over failures but not over unknown values', () => {
    expect(evalSource('try(var.l[9], var.unknown, "x")')).toBe(unknownVar);
    expect(evalSource('try(var.l[9], "x")')).toBe('x');
    expect(evalSource('try(var.mixed, [])')).toEqual(evalSource('var.mixed[1]'));
  });

  it('try keeps what is known of an unknown string only from its last argument', () => {
    // Known, "admin-${var.unknown}" might fail (var.unknown an object), and try would give "root".
    const early = expectUnknown(evalSource('try("admin-${var.unknown}", "root")'), /no value/);
    expect(early.known).toBeUndefined();
    expect(expectUnknown(evalSource('try(var.l[9], "admin-${var.unknown}")'), /no value/).known).toEqual({ prefix: 'admin-', suffix: '', minLength: 6 });
    // The resource address stays: linking by reference does not depend on the text.
    expect(expectUnknown(evalSource('try("${aws_iam_user.single.arn}/x", "")'), /known after apply/).resourceAddress).toBe('aws_iam_user.single');
  });

  it('can is false on a failure, unknown on an unknown value, true otherwise', () => {
    expect(evalSource('can(var.l[9])')).toBe(false);
    expect(evalSource('can(var.l[1])')).toBe(true);
    expect(evalSource('can(var.unknown)')).toBe(unknownVar);
    expect(evalSource('can(var.mixed)')).toEqual(evalSource('var.mixed[1]'));
  });

  it('provider-defined functions are unknown, not failures', () => {
    const value = evalSource('provider::aws::arn_parse("arn:aws:iam::123456789012:user/x")');
    expectUnknown(value, /provider-defined function provider::aws::arn_parse is not supported/);
    expect(isEvaluationError(value)).toBe(false);
    expect(isUnknown(evalSource('can(provider::aws::arn_parse("x"))'))).toBe(true);
  });

  it('a scope that throws or returns nothing gives a failure, not an exception', () => {
    const parsed = parseExpression('var.a');
    if (!parsed.ok) throw new Error(parsed.message);
    const throwing = evaluate(parsed.expr, {
      resolve: () => {
        throw new Error('boom');
      },
    });
    expectUnknown(throwing, /cannot resolve var\.a: boom/);
    expect(isEvaluationError(throwing)).toBe(true);
    const silent = evaluate(parsed.expr, { resolve: () => undefined as unknown as TfValue });
    expectUnknown(silent, /var\.a is not declared/);
  });
});
