// Collection, map and set functions: the examples from each function's Terraform documentation page
// (https://developer.hashicorp.com/terraform/language/functions/<name>) plus the errors Terraform raises.
import { describe, expect, it } from 'vitest';
import { callFunction } from '../../src/terraform/expr/functions/index.js';
import { EvaluationError, TfSet, Unknown, type TfValue } from '../../src/terraform/expr/value.js';
import { asListOrMap, asTupleOrObject } from '../../src/terraform/expr/collection-kinds.js';

type Case = readonly [name: string, args: readonly TfValue[], expected: TfValue];

const documented: readonly Case[] = [
  ['alltrue', [['true', true]], true],
  ['alltrue', [[true, false]], false],
  ['alltrue', [[]], true],
  ['anytrue', [['true']], true],
  ['alltrue', [['1', true]], true],
  ['anytrue', [['0', false]], false],
  ['anytrue', [[true, false]], true],
  ['anytrue', [[]], false],
  ['chunklist', [['a', 'b', 'c', 'd', 'e'], 2], [['a', 'b'], ['c', 'd'], ['e']]],
  ['chunklist', [['a', 'b', 'c', 'd', 'e'], 1], [['a'], ['b'], ['c'], ['d'], ['e']]],
  ['chunklist', [['a', 1, true], 2], [['a', '1'], ['true']]],
  ['chunklist', [[], 0], []],
  ['chunklist', [['a'], 0], [['a']]],
  ['coalesce', ['a', 'b'], 'a'],
  ['coalesce', ['', 'b'], 'b'],
  ['coalesce', [1, 2], 1],
  ['coalesce', [1, 'hello'], '1'],
  ['coalesce', [true, 'hello'], 'true'],
  ['coalesce', [null, [], ['a']], []],
  // The arguments unify as Terraform unifies them, and the chosen one is converted: objects of different
  // attributes become maps, a bool among strings a string, even with a number met before the string.
  ['coalesce', [{ k: true }, { a: 'x' }], { k: 'true' }],
  ['coalesce', [{ k: true }, { a: 1, b: 'two' }], { k: 'true' }],
  ['tolist', [[{ k: true }, { a: 1, b: 'two' }]], [{ k: 'true' }, { a: '1', b: 'two' }]],
  [
    'coalescelist',
    [
      ['a', 'b'],
      ['c', 'd'],
    ],
    ['a', 'b'],
  ],
  ['coalescelist', [[], ['c', 'd']], ['c', 'd']],
  ['compact', [['a', '', 'b', null, 'c']], ['a', 'b', 'c']],
  [
    'concat',
    [
      ['a', ''],
      ['b', 'c'],
    ],
    ['a', '', 'b', 'c'],
  ],
  ['contains', [['a', 'b', 'c'], 'a'], true],
  ['contains', [['a', 'b', 'c'], 'd'], false],
  ['distinct', [['a', 'b', 'a', 'c', 'd', 'b']], ['a', 'b', 'c', 'd']],
  ['element', [['a', 'b', 'c'], 1], 'b'],
  ['element', [['a', 'b', 'c'], 3], 'a'],
  ['element', [['a', 'b', 'c'], 2], 'c'],
  ['element', [asListOrMap(['a', 'b', 'c']), -1], 'c'],
  ['element', [asListOrMap(['a', 'b', 'c']), -4], 'c'],
  ['element', [asTupleOrObject(['a', 'b', 'c']), -3], 'a'],
  ['flatten', [[['a', 'b'], [], ['c']]], ['a', 'b', 'c']],
  ['flatten', [[[['a', 'b'], []], ['c']]], ['a', 'b', 'c']],
  ['index', [['a', 'b', 'c'], 'b'], 1],
  ['keys', [{ a: 1, c: 2, d: 3 }], ['a', 'c', 'd']],
  ['keys', [{ d: 3, a: 1, c: 2 }], ['a', 'c', 'd']],
  ['length', [[]], 0],
  ['length', [['a', 'b']], 2],
  ['length', [{ a: 'b' }], 1],
  ['length', ['hello'], 5],
  ['length', ['👾🕹️'], 2],
  ['length', [new TfSet(['a', 'b', 'c'])], 3],
  ['lookup', [{ a: 'ay', b: 'bee' }, 'a', 'what?'], 'ay'],
  ['lookup', [{ a: 'ay', b: 'bee' }, 'c', 'what?'], 'what?'],
  ['lookup', [{ a: 'ay', b: 'bee' }, 'b'], 'bee'],
  ['matchkeys', [['i-123', 'i-abc', 'i-def'], ['us-west', 'us-east', 'us-east'], ['us-east']], ['i-abc', 'i-def']],
  [
    'merge',
    [
      { a: 'b', c: 'd' },
      { e: 'f', c: 'z' },
    ],
    { a: 'b', c: 'z', e: 'f' },
  ],
  ['merge', [{ a: 'b' }, { a: [1, 2], c: 'z' }, { d: 3 }], { a: [1, 2], c: 'z', d: 3 }],
  ['merge', [null, { a: 1 }], { a: 1 }],
  ['one', [[]], null],
  ['one', [['hello']], 'hello'],
  ['one', [new TfSet([])], null],
  ['one', [new TfSet(['hello'])], 'hello'],
  ['range', [3], [0, 1, 2]],
  ['range', [1, 4], [1, 2, 3]],
  ['range', [1, 8, 2], [1, 3, 5, 7]],
  ['range', [1, 4, 0.5], [1, 1.5, 2, 2.5, 3, 3.5]],
  ['range', [4, 1], [4, 3, 2]],
  ['range', [10, 5, -2], [10, 8, 6]],
  ['range', [0], []],
  ['reverse', [[1, 2, 3]], [3, 2, 1]],
  [
    'setintersection',
    [
      ['a', 'b'],
      ['b', 'c'],
      ['b', 'd'],
    ],
    new TfSet(['b']),
  ],
  [
    'setproduct',
    [
      ['development', 'staging', 'production'],
      ['app1', 'app2'],
    ],
    [
      ['development', 'app1'],
      ['development', 'app2'],
      ['staging', 'app1'],
      ['staging', 'app2'],
      ['production', 'app1'],
      ['production', 'app2'],
    ],
  ],
  ['setproduct', [['a', 'b'], []], []],
  [
    'setproduct',
    [new TfSet(['a']), new TfSet([1, 2])],
    new TfSet([
      ['a', 1],
      ['a', 2],
    ]),
  ],
  [
    'setsubtract',
    [
      ['a', 'b', 'c'],
      ['a', 'c'],
    ],
    new TfSet(['b']),
  ],
  ['setunion', [['a', 'b'], ['b', 'c'], ['d']], new TfSet(['a', 'b', 'c', 'd'])],
  ['slice', [['a', 'b', 'c', 'd'], 1, 3], ['b', 'c']],
  ['sort', [['e', 'd', 'a', 'x']], ['a', 'd', 'e', 'x']],
  ['sort', [[10, 9, 2]], ['10', '2', '9']],
  ['sum', [[10, 13, 6, 4.5]], 33.5],
  ['sum', [[0.1, 0.2]], 0.3],
  ['transpose', [{ a: ['1', '2'], b: ['2', '3'] }], { 1: ['a'], 2: ['a', 'b'], 3: ['b'] }],
  ['values', [{ a: 3, c: 2, d: 1 }], [3, 2, 1]],
  ['values', [{ d: 1, a: 3 }], [3, 1]],
  [
    'zipmap',
    [
      ['a', 'b'],
      [1, 2],
    ],
    { a: 1, b: 2 },
  ],
];

describe('collection functions: documented examples', () => {
  it.each(documented)('%s(%j)', (name, args, expected) => {
    expect(callFunction(name, args)).toStrictEqual(expected);
  });

  it('keeps the iteration order of keys() and values() lexical, not insertion order', () => {
    const object = { b: 'second', a: 'first', '10': 'x', '9': 'y' };
    expect(callFunction('keys', [object])).toStrictEqual(['10', '9', 'a', 'b']);
    expect(callFunction('values', [object])).toStrictEqual(['x', 'y', 'first', 'second']);
  });
});

const errors: readonly (readonly [string, readonly TfValue[], RegExp])[] = [
  ['element', [[], 0], /^element\(\): cannot use element function with an empty list$/],
  ['element', [['a'], 0.5], /^element\(\): argument 2 must be a whole number/],
  ['one', [[1, 2]], /^one\(\): .*either zero or one elements, not 2$/],
  ['index', [['a'], 'z'], /^index\(\): item not found$/],
  ['lookup', [{ a: 1 }, 'b'], /^lookup\(\): the given key "b" is not present/],
  ['lookup', ['text', 'b'], /^lookup\(\): argument 1 must be a map or object, not a string$/],
  ['length', [null], /^length\(\): /],
  ['length', [5], /^length\(\): argument must be a string, list, set, map or object, not a number$/],
  ['range', [1, 4, -1], /^range\(\): step must be positive/],
  ['range', [4, 1, 1], /^range\(\): step must be negative/],
  ['range', [1, 2, 0], /^range\(\): step must not be zero$/],
  ['range', [2000], /^range\(\): more than 1024 values/],
  ['slice', [['a'], 0, 2], /^slice\(\): the ending index/],
  ['slice', [['a', 'b'], 2, 1], /^slice\(\): the starting index must be less than or equal/],
  ['sum', [[]], /^sum\(\): cannot sum an empty list$/],
  ['sum', [['a']], /^sum\(\): element 0 must be a number/],
  ['zipmap', [['a', 'b'], [1]], /^zipmap\(\): number of keys \(2\) does not match number of values \(1\)$/],
  ['coalesce', [{}, 'hello'], /^coalesce\(\): all arguments must have the same type$/],
  ['coalesce', [null, ''], /^coalesce\(\): no non-null, non-empty-string arguments$/],
  ['coalesce', [1, true], /^coalesce\(\): all arguments must have the same type$/],
  ['coalesce', [['a'], { a: 'x' }], /^coalesce\(\): all arguments must have the same type$/],
  ['coalesce', [{ k: true }, { a: 1 }], /^coalesce\(\): all arguments must have the same type$/],
  ['coalescelist', [[], []], /^coalescelist\(\): no non-null arguments$/],
  // Terraform checks every argument, also those after the one it would choose, and refuses a null value.
  ['coalescelist', [['a'], new TfSet(['b'])], /^coalescelist\(\): argument 2 must be a list or tuple, not a set$/],
  ['coalescelist', [['a'], 'x'], /^coalescelist\(\): argument 2 must be a list, not a string$/],
  ['contains', [['a'], null], /^contains\(\): the value argument must not be null$/],
  ['contains', [['a', null], null], /^contains\(\): the value argument must not be null$/],
  ['zipmap', [['a'], new TfSet(['b'])], /^zipmap\(\): argument 2 must be a list or tuple, not a set$/],
  ['matchkeys', [['a', 'b'], ['x'], ['x']], /^matchkeys\(\): length of keys and values should be equal$/],
  ['merge', [{ a: 1 }, ['not a map']], /^merge\(\): argument 2 must be a map or object, not a list$/],
  ['concat', [['a'], 'b'], /^concat\(\): argument 2 must be a list, not a string$/],
  ['flatten', ['abc'], /^flatten\(\): argument 1 must be a list or set/],
  ['keys', [[1]], /^keys\(\): argument 1 must be a map or object, not a list$/],
  ['alltrue', [[1]], /^alltrue\(\): element 0 must be a bool/],
  ['length', [], /^length\(\): expected 1 argument, got 0$/],
  ['element', [['a']], /^element\(\): expected 2 arguments, got 1$/],
  // Terraform 1.11 wraps a negative index around a list, but fails on a tuple (what `[...]` builds).
  ['element', [asTupleOrObject(['a', 'b', 'c']), -1], /^element\(\): panic in function implementation: runtime error: index out of range \[-1\]$/],
  ['range', [1, 2, 3, 4], /^range\(\): expected 1 to 3 arguments, got 4$/],
];

describe('collection functions: errors become evaluation errors naming the function', () => {
  it.each(errors)('%s(%j)', (name, args, reason) => {
    const result = callFunction(name, args);
    expect(result).toBeInstanceOf(EvaluationError);
    expect((result as Unknown).reason).toMatch(reason);
  });
});

describe('collection functions: element() of a negative index', () => {
  it('is unknown where the list could be a tuple, which Terraform 1.11 refuses', () => {
    const result = callFunction('element', [['a', 'b', 'c'], -1]);
    expect(result).toBeInstanceOf(Unknown);
    expect(result).not.toBeInstanceOf(EvaluationError);
  });

  it('wraps around the result of a function that returns a list', () => {
    expect(callFunction('element', [callFunction('split', [',', 'a,b,c']), -1])).toBe('c');
    expect(callFunction('element', [callFunction('sort', [['b', 'a']]), -1])).toBe('b');
  });
});

describe('collection functions: credlint limits', () => {
  it('refuses a setproduct beyond the value budget, as a plain unknown rather than an error', () => {
    const thousand = Array.from({ length: 1000 }, (_, i) => i);
    const result = callFunction('setproduct', [thousand, thousand, thousand.slice(0, 11)]);
    expect(result).toBeInstanceOf(Unknown);
    expect(result).not.toBeInstanceOf(EvaluationError);
    expect((result as Unknown).reason).toBe('the analysis limit valueNodes was reached: setproduct(): 11000000 combinations are too many');
  });
});

describe('collection functions: elements credlint does not know', () => {
  // terraform 1.11.4 plans `count = contains(["console", terraform_data.x.output], "console") ? 1 : 0` (and the
  // anytrue/alltrue cases below) with the output unknown until apply: an element that decides the answer decides it.
  const unknown = new Unknown('var.team has no value');
  it('decide contains() where a known element is equal, anytrue() where one is true, alltrue() where one is false', () => {
    expect(callFunction('contains', [['console', unknown], 'console'])).toBe(true);
    expect(callFunction('contains', [[unknown, 'console'], 'console'])).toBe(true);
    expect(callFunction('anytrue', [[unknown, true]])).toBe(true);
    expect(callFunction('alltrue', [[unknown, false]])).toBe(false);
    expect(callFunction('alltrue', [[null, unknown]])).toBe(false);
  });
  it('stay unknown where the unknown element could change the answer, or where the value sought is unknown', () => {
    for (const result of [
      callFunction('contains', [['ci', unknown], 'console']),
      callFunction('contains', [['console'], unknown]),
      callFunction('anytrue', [[false, unknown]]),
      callFunction('alltrue', [[true, unknown]]),
    ])
      expect(result).toBeInstanceOf(Unknown);
    expect(callFunction('contains', [[], unknown])).toBe(false);
  });
  it('fail where an element failed, whatever the others are', () => {
    const failed = new EvaluationError('failed');
    expect(callFunction('contains', [['console', failed], 'console'])).toBeInstanceOf(EvaluationError);
    expect(callFunction('anytrue', [[true, failed]])).toBeInstanceOf(EvaluationError);
  });
});
