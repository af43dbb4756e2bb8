// How unknown values flow through the function library: unknown in → unknown out (the first unknown,
// with its reason and resource address), except where Terraform knows the answer anyway. Also the
// refusal to guess impure or unsupported functions, and the promise that callFunction never throws.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callFunction, supportedFunctions } from '../../src/terraform/expr/functions/index.js';
import { EvaluationError, TfSet, Unknown, type TfValue } from '../../src/terraform/expr/value.js';
import { PartialMap, PartialTuple, isPartial } from '../../src/terraform/expr/partial-collection.js';

const userName = new Unknown('aws_iam_user.admin.name is known after apply', 'aws_iam_user.admin');
const keyId = new Unknown('aws_iam_access_key.k.id is known after apply', 'aws_iam_access_key.k');
const missing = new Unknown('var.users has no value');

describe('results Terraform knows despite unknown arguments', () => {
  it('counts a known list with unknown elements', () => {
    expect(callFunction('length', [['a', userName, keyId]])).toBe(3);
    expect(callFunction('length', [{ a: userName }])).toBe(1);
  });

  it('keeps unknown elements in place in concat, reverse, slice, chunklist and tolist', () => {
    expect(callFunction('concat', [['a'], [userName, 'b']])).toStrictEqual(['a', userName, 'b']);
    expect(callFunction('reverse', [[userName, 'b']])).toStrictEqual(['b', userName]);
    expect(callFunction('slice', [[userName, 'b', keyId], 1, 3])).toStrictEqual(['b', keyId]);
    expect(callFunction('chunklist', [[userName, 'b', keyId], 2])).toStrictEqual([[userName, 'b'], [keyId]]);
    expect(callFunction('tolist', [[userName, 'b']])).toStrictEqual([userName, 'b']);
  });

  it('merges maps whose values are unknown, later arguments winning', () => {
    expect(callFunction('merge', [{ name: userName, path: '/' }, { path: '/system/' }])).toStrictEqual({ name: userName, path: '/system/' });
    expect(callFunction('merge', [{ name: userName }, { name: 'bob' }])).toStrictEqual({ name: 'bob' });
    expect(callFunction('tomap', [{ name: userName }])).toStrictEqual({ name: userName });
  });

  it('lists the keys of a known object with unknown values, and its values in key order', () => {
    expect(callFunction('keys', [{ b: userName, a: 1 }])).toStrictEqual(['a', 'b']);
    expect(callFunction('values', [{ b: userName, a: 1 }])).toStrictEqual([1, userName]);
  });

  it('finds a known element in contains() past unknown ones (terraform 1.11.4 plans a count of it with an element known after apply)', () => {
    expect(callFunction('contains', [[userName, 'a'], 'a'])).toBe(true);
  });

  it('takes coalesce from a known first argument even when later ones are unknown', () => {
    expect(callFunction('coalesce', ['alice', userName])).toBe('alice');
    expect(callFunction('coalesce', [null, '', 'bob', missing])).toBe('bob');
    expect(callFunction('coalesce', [userName, 'alice'])).toBe(userName);
    expect(callFunction('coalesce', [null, missing, 'alice'])).toBe(missing);
    expect(callFunction('coalescelist', [[userName], missing])).toStrictEqual([userName]);
  });

  it('knows element() of a list of known names at an unknown index is one of them (indexes wrap around)', () => {
    const picked = callFunction('element', [['ana', 'bob'], missing]);
    expect(picked).toBeInstanceOf(Unknown);
    expect((picked as Unknown).reason).toBe('var.users has no value');
    expect((picked as Unknown).known?.oneOf).toEqual(['ana', 'bob']);
  });

  it('returns the selected element itself, resource address included', () => {
    const picked = callFunction('element', [[userName, 'b'], 2]);
    expect(picked).toBe(userName);
    expect((picked as Unknown).resourceAddress).toBe('aws_iam_user.admin');
    expect(callFunction('lookup', [{ a: userName, b: 'x' }, 'b'])).toBe('x');
    expect(callFunction('lookup', [{ a: userName }, 'a'])).toBe(userName);
    expect(callFunction('lookup', [{ a: 'x' }, 'b', keyId])).toBe(keyId);
    expect(callFunction('one', [[userName]])).toBe(userName);
    expect(
      callFunction('zipmap', [
        ['a', 'b'],
        [userName, 2],
      ]),
    ).toStrictEqual({ a: userName, b: 2 });
    expect(callFunction('sensitive', [userName])).toBe(userName);
    expect(callFunction('nonsensitive', [userName])).toBe(userName);
  });
});

describe('results that stay unknown', () => {
  const cases: readonly (readonly [string, readonly TfValue[], Unknown])[] = [
    ['upper', [userName], userName],
    ['format', ['%s-%s', userName, keyId], userName],
    ['format', ['%s-%s', 'fixed', keyId], keyId],
    ['join', [',', ['a', keyId, userName]], keyId],
    ['jsonencode', [{ b: keyId, a: userName }], userName],
    ['length', [missing], missing],
    ['concat', [['a'], missing], missing],
    ['merge', [{ a: 1 }, missing], missing],
    ['keys', [missing], missing],
    ['element', [[userName, 'b'], missing], missing],
    ['element', [missing, 0], missing],
    ['lookup', [missing, 'a'], missing],
    ['lookup', [{ a: 1 }, missing], missing],
    ['toset', [['a', userName]], userName],
    ['toset', [missing], missing],
    ['tostring', [userName], userName],
    ['flatten', [[['a'], missing]], missing],
    ['contains', [['b', userName], 'a'], userName],
    ['compact', [['a', userName]], userName],
    ['zipmap', [[userName], ['x']], userName],
    ['replace', [userName, 'a', 'b'], userName],
    ['setproduct', [['a'], [userName]], userName],
    ['regex', ['^a', missing], missing],
    ['range', [missing], missing],
    ['sum', [[1, keyId]], keyId],
  ];

  // The first unknown argument's reason and resource address; `join` and `format` add what their
  // literal text says of the result (`known`), other functions return that argument itself.
  it.each(cases)('%s(%j) is the first unknown argument', (name, args, expected) => {
    const result = callFunction(name, args) as Unknown;
    expect({ reason: result.reason, resourceAddress: result.resourceAddress }).toEqual({ reason: expected.reason, resourceAddress: expected.resourceAddress });
    if (name !== 'join' && name !== 'format') expect(result).toBe(expected);
  });

  it('passes an unknown through a conversion with its resource address', () => {
    const result = callFunction('tolist', [[userName]]);
    expect(result).toStrictEqual([userName]);
    expect(((result as TfValue[])[0] as Unknown).resourceAddress).toBe('aws_iam_user.admin');
  });
});

describe('what the text of format says of its unknown result', () => {
  const named = new Unknown('var.name has no value', undefined, { prefix: 'ci-', suffix: '', minLength: 3 });
  const known = (spec: string, ...values: TfValue[]) => (callFunction('format', [spec, ...values]) as Unknown).known;

  it('keeps the literal text and what a plain %s inserts', () => {
    expect(known('%s-%d', named, keyId)).toEqual({ prefix: 'ci-', suffix: '', minLength: 4, infixes: ['-'] });
    expect(known('%[2]s/%[1]s', keyId, named)).toEqual({ prefix: 'ci-', suffix: '', minLength: 4, infixes: ['/'] });
  });

  // Terraform refuses these once the values are known, so no result exists to know anything of.
  it.each([
    ['a width taken from an argument (%*d), which Terraform does not have', '%*d-%s', [5, 1, named]],
    ['a precision taken from an argument', 'x%.*s', [2, named]],
    ['a verb letter Terraform does not format', 'user-%c', [named]],
    ['too few arguments', '%s-%s', [named]],
    ['an argument no verb takes', '%[1]s-x', [named, 'extra']],
  ] as const)('knows nothing with %s', (_, spec, values) => {
    expect(known(spec, ...values)).toBeUndefined();
  });
});

describe('functions credlint refuses to guess', () => {
  it.each([
    ['file', ['policy.json'], 'function file depends on files'],
    ['templatefile', ['t.tpl', {}], 'function templatefile depends on files'],
    ['fileexists', ['x'], 'function fileexists depends on files'],
    ['timestamp', [], 'function timestamp depends on the current time'],
    ['uuid', [], 'function uuid depends on randomness'],
    ['bcrypt', ['pw'], 'function bcrypt depends on randomness'],
    ['cidrsubnet', ['10.0.0.0/16', 8, 1], 'function cidrsubnet is not supported'],
    ['no_such_function', [], 'function no_such_function is not supported'],
    ['list', ['a', 'b'], 'function list was removed in Terraform 0.15 (tolist([...]) replaces it)'],
    ['map', ['k', 'v'], 'function map was removed in Terraform 0.15 (tomap({...}) replaces it)'],
    ['can', [1], 'function can is not supported'],
    ['try', [1], 'function try is not supported'],
  ] as const)('%s', (name, args, reason) => {
    const result = callFunction(name, args);
    expect(result).toBeInstanceOf(Unknown);
    // Not an evaluation error: `try(file("x"), "fallback")` must stay unknown rather than fall through.
    expect(result).not.toBeInstanceOf(EvaluationError);
    expect((result as Unknown).reason).toBe(reason);
  });

  it('propagates an evaluation error from an argument as that error', () => {
    const failed = new EvaluationError('var.x: index out of range');
    expect(callFunction('upper', [failed])).toBe(failed);
    expect(callFunction('length', [failed])).toBe(failed);
  });

  it("gives a plain unknown for a partly filtered map or tuple, whose entries are only the for_each's", () => {
    const humans = new PartialMap('var.x has no value', [{ key: 'ana', value: 'ana', certain: true }]);
    const names = new PartialTuple('var.x has no value', [{ value: 'ana', certain: true }]);
    for (const result of [callFunction('keys', [humans]), callFunction('reverse', [names]), callFunction('length', [names])]) {
      expect(result).toBeInstanceOf(Unknown);
      expect(isPartial(result)).toBe(false);
    }
  });

  it('keeps the entries of partly filtered maps and tuples through merge, concat and flatten', () => {
    const humans = new PartialMap('var.x has no value', [
      { key: 'ana', value: 'a', certain: true },
      { key: 'bo', value: 'b', certain: false },
    ]);
    const names = new PartialTuple('var.x has no value', [
      { value: 'ana', certain: true },
      { value: 'bo', certain: false },
    ]);
    expect(callFunction('merge', [humans, null, { cy: 'c', ana: 'A' }])).toEqual(
      new PartialMap('var.x has no value', [
        { key: 'ana', value: 'A', certain: true },
        { key: 'bo', value: 'b', certain: false },
        { key: 'cy', value: 'c', certain: true },
      ]),
    );
    // Where bo is kept its value is the second map's, else the first's: one of the two, and bo is there either way.
    const either = callFunction('merge', [
      { bo: 'x', cy: { name: 'cy', status: 'Active' } },
      humans,
      new PartialMap('r', [{ key: 'cy', value: { name: 'cy', status: 'Inactive' }, certain: false }]),
    ]);
    expect(either).toBeInstanceOf(PartialMap);
    const entries = either instanceof PartialMap ? either.entries : [];
    expect(entries.map((entry) => [entry.key, entry.certain])).toEqual([
      ['ana', true],
      ['bo', true],
      ['cy', true],
    ]);
    const bo = entries[1]?.value;
    expect(bo instanceof Unknown && bo.known?.oneOf).toEqual(['x', 'b']);
    // Of an object, what both share stays known; what differs is unknown.
    const cy = entries[2]?.value as { readonly name: string; readonly status: unknown };
    expect(cy.name).toBe('cy');
    expect(cy.status).toBeInstanceOf(Unknown);
    const listed = [
      { value: 'ana', certain: true },
      { value: 'bo', certain: false },
      { value: 'cy', certain: true },
    ];
    expect(callFunction('concat', [names, ['cy']])).toEqual(new PartialTuple('var.x has no value', listed));
    expect(callFunction('flatten', [[names, [['cy']]]])).toEqual(new PartialTuple('var.x has no value', listed));
    expect(isPartial(callFunction('flatten', [[names, new TfSet(['cy'])]]))).toBe(false);
  });

  it('accepts the core:: namespace of built-in functions', () => {
    expect(callFunction('core::upper', ['a'])).toBe('A');
  });

  it('lists what it supports, and nothing impure', () => {
    for (const name of ['coalesce', 'format', 'jsonencode', 'regexall', 'toset', 'setproduct', 'yamldecode', 'base64encode']) {
      expect(supportedFunctions.has(name)).toBe(true);
    }
    for (const name of ['file', 'timestamp', 'uuid', 'can', 'try']) expect(supportedFunctions.has(name)).toBe(false);
  });
});

const value: fc.Arbitrary<TfValue> = fc.letrec<{ value: TfValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.oneof(fc.integer({ min: -5, max: 2000 }), fc.double({ noNaN: true })),
    fc.oneof(fc.string(), fc.constantFrom('%s', '%d', '/(a)/', '(?P<x>a)', '[', 'true', '1', '')),
    fc.constant(new Unknown('random unknown')),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.array(tie('value'), { maxLength: 3 }).map((items) => new TfSet(items)),
    fc.dictionary(fc.string({ maxLength: 3 }), tie('value'), { maxKeys: 3 }),
  ),
})).value;

describe('callFunction never throws', () => {
  it('returns a value for every supported function and arbitrary arguments', () => {
    const names = [...supportedFunctions];
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.array(value, { maxLength: 4 }), (name, args) => {
        const result = callFunction(name, args);
        expect(result).not.toBeUndefined();
        if (result instanceof Unknown) expect(result.reason).not.toMatch(/internal error/);
      }),
      { numRuns: 3000 },
    );
  });
});
