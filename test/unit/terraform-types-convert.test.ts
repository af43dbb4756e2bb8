// Converting values to type constraints with Terraform's rules
// (https://developer.hashicorp.com/terraform/language/expressions/type-constraints#conversion-of-primitive-types
// and #optional-object-type-attributes). Failures become unknown values with a reason; unknowns pass through.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertToType, parseTypeConstraint, type TypeConstraint } from '../../src/terraform/expr/type-constraints.js';
import { EvaluationError, TfSet, Unknown, type TfValue } from '../../src/terraform/expr/value.js';

function type(source: string): TypeConstraint {
  const parsed = parseTypeConstraint(source);
  if (parsed === undefined) throw new Error(`test type ${source} did not parse`);
  return parsed;
}

function convert(value: TfValue, source: string): TfValue {
  return convertToType(value, type(source));
}

function reasonOf(value: TfValue): string {
  expect(value).toBeInstanceOf(EvaluationError);
  return (value as Unknown).reason;
}

describe('primitive conversions', () => {
  it.each([
    ['1', 'number', 1],
    ['-2.5', 'number', -2.5],
    ['1e3', 'number', 1000],
    [15, 'string', '15'],
    [0.5, 'string', '0.5'],
    [true, 'string', 'true'],
    [false, 'string', 'false'],
    ['true', 'bool', true],
    ['false', 'bool', false],
    // Terraform's value library also reads the flags Terraform 0.11 wrote (go-cty's string → bool conversion).
    ['1', 'bool', true],
    ['0', 'bool', false],
    ['text', 'string', 'text'],
    [null, 'string', null],
    [null, 'object({ a = string })', null],
    [{ any: ['thing'] }, 'any', { any: ['thing'] }],
  ] as const)('%j to %s', (value, source, expected) => {
    expect(convert(value, source)).toStrictEqual(expected);
  });

  it.each([
    ['abc', 'number', 'value does not match type number: cannot convert "abc" to number: a number is required'],
    ['', 'number', 'value does not match type number: cannot convert "" to number: a number is required'],
    ['yes', 'bool', 'value does not match type bool: cannot convert "yes" to bool: only "true" or "false" are allowed'],
    ['True', 'bool', 'value does not match type bool: cannot convert "True" to bool: only "true" or "false" are allowed'],
    ['01', 'bool', 'value does not match type bool: cannot convert "01" to bool: only "true" or "false" are allowed'],
    [1, 'bool', 'value does not match type bool: cannot convert number to bool'],
    [true, 'number', 'value does not match type number: cannot convert bool to number'],
    [['a'], 'string', 'value does not match type string: cannot convert list to string'],
    [{ a: 1 }, 'list(string)', 'value does not match type list(string): cannot convert object to list(string)'],
  ] as const)('%j to %s fails', (value, source, reason) => {
    expect(reasonOf(convert(value, source))).toBe(reason);
  });
});

describe('collection conversions', () => {
  it('converts tuple elements for list(string) and keeps their order', () => {
    expect(convert(['b', 1, true], 'list(string)')).toStrictEqual(['b', '1', 'true']);
  });

  it('turns a tuple or list into a set ordered as Terraform iterates it', () => {
    expect(convert(['charlie', 'alice', 'bob', 'alice'], 'set(string)')).toStrictEqual(new TfSet(['alice', 'bob', 'charlie']));
    expect(convert([10, '9', 1], 'set(number)')).toStrictEqual(new TfSet([1, 9, 10]));
    expect(convert(new TfSet(['b', 'a']), 'list(string)')).toStrictEqual(['b', 'a']);
  });

  it('unifies mixed primitives for any element types, as Terraform does', () => {
    expect(convert(['a', 1], 'list(any)')).toStrictEqual(['a', '1']);
    expect(convert({ a: 'x', b: false }, 'map(any)')).toStrictEqual({ a: 'x', b: 'false' });
    expect(reasonOf(convert([1, true], 'list(any)'))).toBe('value does not match type list(any): cannot unify number and bool elements');
    expect(reasonOf(convert({ users: { a: [1, true] } }, 'object({ users = map(list(any)) })'))).toBe(
      'value does not match type object({users = map(list(any))}): users["a"]: cannot unify number and bool elements',
    );
  });

  it('turns an object into a map, converting each value', () => {
    expect(convert({ team: 'ops', count: 2 }, 'map(string)')).toStrictEqual({ team: 'ops', count: '2' });
  });

  it('converts tuples element by element and checks their length', () => {
    expect(convert(['a', '2'], 'tuple([string, number])')).toStrictEqual(['a', 2]);
    expect(reasonOf(convert(['a'], 'tuple([string, number])'))).toBe(
      'value does not match type tuple([string, number]): a tuple of 2 elements is required, not 1',
    );
  });

  it('names the path of a failing element', () => {
    expect(reasonOf(convert({ users: ['alice', 'x'] }, 'object({ users = list(number) })'))).toBe(
      'value does not match type object({users = list(number)}): users[0]: cannot convert "alice" to number: a number is required',
    );
  });
});

describe('object conversions and optional attributes', () => {
  const documented = 'object({ a = string, b = optional(string), c = optional(number, 127) })';

  it('fills absent optional attributes with their default or null (documentation example)', () => {
    expect(convert({ a: 'foo' }, documented)).toStrictEqual({ a: 'foo', b: null, c: 127 });
  });

  it('uses the default when an optional attribute is null, and keeps given values', () => {
    expect(convert({ a: 'foo', b: 'bar', c: null }, documented)).toStrictEqual({ a: 'foo', b: 'bar', c: 127 });
    expect(convert({ a: 'foo', c: '5' }, documented)).toStrictEqual({ a: 'foo', b: null, c: 5 });
  });

  it('drops attributes the type does not declare', () => {
    expect(convert({ a: 'foo', extra: true }, documented)).toStrictEqual({ a: 'foo', b: null, c: 127 });
  });

  it('reports a missing required attribute as an unknown with a reason', () => {
    expect(reasonOf(convert({ b: 'bar' }, documented))).toBe(
      'value does not match type object({a = string, b = optional(string), c = optional(number)}): attribute "a" is required',
    );
    expect(reasonOf(convert([{ name: 'a' }, {}], 'list(object({ name = string }))'))).toBe(
      'value does not match type list(object({name = string})): [1]: attribute "name" is required',
    );
  });

  it('applies nested defaults, including inside a default value (documentation "buckets" example)', () => {
    const buckets = `list(object({
      name    = string
      enabled = optional(bool, true)
      website = optional(object({
        index_document = optional(string, "index.html")
        error_document = optional(string, "error.html")
        routing_rules  = optional(string)
      }), {})
    }))`;
    const input: TfValue = [
      { name: 'production', website: { routing_rules: '[{"Redirect":{"ReplaceKeyPrefixWith":"docs/"}}]' } },
      { name: 'archived', enabled: false },
      { name: 'docs', website: { index_document: 'index.txt', error_document: 'error.txt' } },
    ];
    expect(convert(input, buckets)).toStrictEqual([
      {
        name: 'production',
        enabled: true,
        website: { index_document: 'index.html', error_document: 'error.html', routing_rules: '[{"Redirect":{"ReplaceKeyPrefixWith":"docs/"}}]' },
      },
      { name: 'archived', enabled: false, website: { index_document: 'index.html', error_document: 'error.html', routing_rules: null } },
      { name: 'docs', enabled: true, website: { index_document: 'index.txt', error_document: 'error.txt', routing_rules: null } },
    ]);
  });

  it('applies defaults to every element of a map of objects', () => {
    const users = 'map(object({ name = string, tags = optional(map(string), {}), console = optional(bool, false) }))';
    expect(convert({ alice: { name: 'alice' }, bob: { name: 'bob', tags: { team: 'ops' }, console: 'true' } }, users)).toStrictEqual({
      alice: { name: 'alice', tags: {}, console: false },
      bob: { name: 'bob', tags: { team: 'ops' }, console: true },
    });
  });
});

describe('unknown values', () => {
  const name = new Unknown('aws_iam_user.u.name is known after apply', 'aws_iam_user.u');
  const whole = new Unknown('var.users has no value');

  it('passes a wholly unknown value through unchanged', () => {
    expect(convert(whole, 'list(string)')).toBe(whole);
    expect(convert(whole, 'object({ a = string })')).toBe(whole);
  });

  it('keeps unknown elements and attributes in place while converting the rest', () => {
    expect(convert([name, 1], 'list(string)')).toStrictEqual([name, '1']);
    expect(convert({ a: name }, 'object({ a = string, b = optional(number, 1) })')).toStrictEqual({ a: name, b: 1 });
    expect(convert({ k: name }, 'map(string)')).toStrictEqual({ k: name });
  });

  it('makes a set with an unknown element unknown, since its length and order are unknown', () => {
    expect(convert(['a', name], 'set(string)')).toBe(name);
  });
});

describe('convertToType never throws', () => {
  const typeArb: fc.Arbitrary<TypeConstraint> = fc.letrec<{ type: TypeConstraint }>((tie) => ({
    type: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom<TypeConstraint>({ kind: 'string' }, { kind: 'number' }, { kind: 'bool' }, { kind: 'any' }),
      fc.record({ kind: fc.constantFrom('list' as const, 'set' as const, 'map' as const), element: tie('type') }),
      fc.record({ kind: fc.constant('tuple' as const), elements: fc.array(tie('type'), { maxLength: 3 }) }),
      fc.record({
        kind: fc.constant('object' as const),
        attributes: fc.dictionary(
          fc.constantFrom('a', 'b', 'c'),
          fc.record({ type: tie('type'), optional: fc.boolean(), defaultValue: fc.constantFrom<TfValue>(null, 'x', 1, {}, []) }),
          { maxKeys: 3 },
        ),
      }),
    ),
  })).type;
  const valueArb: fc.Arbitrary<TfValue> = fc.letrec<{ value: TfValue }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom<TfValue>(null, true, false, 0, 1.5, '1', 'true', 'x', '', new Unknown('u')),
      fc.array(tie('value'), { maxLength: 3 }),
      fc.array(tie('value'), { maxLength: 3 }).map((items) => new TfSet(items)),
      fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), tie('value'), { maxKeys: 3 }),
    ),
  })).value;

  it('returns a value or an unknown for any value and any type', () => {
    fc.assert(
      fc.property(valueArb, typeArb, (value, target) => {
        const result = convertToType(value, target);
        expect(result).not.toBeUndefined();
        if (value instanceof Unknown) expect(result).toBe(value);
        if (target.kind === 'string' && !(result instanceof Unknown) && result !== null) expect(typeof result).toBe('string');
      }),
      { numRuns: 2000 },
    );
  });
});
