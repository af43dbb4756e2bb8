/**
 * `excludeEachOther` says two conditions cannot both hold only when no assignment of their atoms makes
 * both true: one subject is one literal at most, other atoms are free, and past the assignment cap
 * the answer is that both may hold.
 */
import { describe, expect, it } from 'vitest';
import {
  and,
  complementaryPairs,
  excludeEachOther,
  exclusivePairs,
  not,
  oneAlwaysHolds,
  or,
  TRUE,
  type Condition,
} from '../../src/core/exclusive-conditions.js';

const is = (subject: string, value: string): Condition => ({ kind: 'is', subject, value });
const atom = (key: string): Condition => ({ kind: 'atom', key });
const compare = (subject: string, operator: '<' | '==' | '>', value: number, natural = false): Condition => ({
  kind: 'compare',
  subject,
  operator,
  value,
  natural,
});

describe('excludeEachOther', () => {
  it('knows one subject is one literal at most', () => {
    expect(excludeEachOther(is('env', 'prod'), is('env', 'dev'))).toBe(true);
    expect(excludeEachOther(is('env', 'prod'), is('region', 'dev'))).toBe(false);
    expect(excludeEachOther(is('env', 'prod'), not(is('env', 'dev')))).toBe(false);
    expect(excludeEachOther(or(is('env', 'a'), is('env', 'b')), or(is('env', 'c'), is('env', 'b')))).toBe(false);
    // Neither literal is also an assignment: both false.
    expect(excludeEachOther(not(is('env', 'a')), not(is('env', 'b')))).toBe(false);
  });

  it('treats other atoms as free', () => {
    expect(excludeEachOther(atom('x'), not(atom('x')))).toBe(true);
    expect(excludeEachOther(and(atom('x'), atom('y')), or(not(atom('x')), not(atom('y'))))).toBe(true);
    expect(excludeEachOther(atom('x'), atom('y'))).toBe(false);
  });

  it('says both may hold past the assignment cap', () => {
    const many = Array.from({ length: 11 }, (_, i) => atom(`a${i}`));
    expect(excludeEachOther(and(atom('x'), ...many), and(not(atom('x')), ...many))).toBe(false);
    expect(excludeEachOther(and(atom('x'), ...many.slice(0, 9)), and(not(atom('x')), ...many.slice(0, 9)))).toBe(true);
  });
});

describe('numbers compared', () => {
  it('are one number: one side of each bound, never both', () => {
    expect(excludeEachOther(compare('n', '>', 0), not(compare('n', '>', 0)))).toBe(true);
    expect(excludeEachOther(compare('n', '>', 0), compare('n', '<', 0))).toBe(true);
    expect(excludeEachOther(compare('n', '>', 2), compare('n', '<', 3))).toBe(false);
    expect(excludeEachOther(compare('n', '>', 2), compare('n', '<', 2.5))).toBe(false);
    expect(excludeEachOther(compare('n', '>', 2), compare('m', '<', 1))).toBe(false);
  });

  it('say one of two always holds only where no number is on neither side', () => {
    expect(oneAlwaysHolds(compare('n', '>', 0), not(compare('n', '>', 0)))).toBe(true);
    // n = 0 (and n = -1) is neither.
    expect(oneAlwaysHolds(compare('n', '>', 0), compare('n', '<', 0))).toBe(false);
    expect(oneAlwaysHolds(compare('n', '>', 0), compare('n', '==', 0))).toBe(false);
    // 2.5 is neither greater than 2.5 nor less than 2.
    expect(oneAlwaysHolds(compare('n', '>', 2.5), compare('n', '<', 2))).toBe(false);
  });

  it('know a count of elements is a whole number of at least 0', () => {
    expect(oneAlwaysHolds(compare('len', '>', 0, true), compare('len', '==', 0, true))).toBe(true);
    expect(oneAlwaysHolds(compare('len', '>', 0.5, true), compare('len', '<', 1, true))).toBe(true);
    expect(oneAlwaysHolds(compare('len', '>', 1, true), compare('len', '<', 1, true))).toBe(false);
    expect(oneAlwaysHolds(compare('len', '>', 1, true), or(compare('len', '==', 1, true), compare('len', '==', 0, true)))).toBe(true);
    expect(oneAlwaysHolds(compare('len', '>', 1, true), compare('len', '==', 0, true))).toBe(false);
    // Not a count where another place says it is any number.
    expect(oneAlwaysHolds(compare('len', '>', 0, true), compare('len', '==', 0, false))).toBe(false);
  });
});

describe('oneAlwaysHolds', () => {
  it('holds for a condition and its negation, and for literals of a subject only with the rest', () => {
    expect(oneAlwaysHolds(is('key', '""'), not(is('key', '""')))).toBe(true);
    expect(oneAlwaysHolds(atom('x'), not(atom('x')))).toBe(true);
    expect(oneAlwaysHolds(and(atom('c'), atom('x')), and(atom('c'), not(atom('x'))))).toBe(false);
    expect(oneAlwaysHolds(is('env', 'a'), is('env', 'b'))).toBe(false);
    // One value is never both literals.
    expect(oneAlwaysHolds(not(is('env', 'a')), not(is('env', 'b')))).toBe(true);
    expect(oneAlwaysHolds(atom('x'), atom('y'))).toBe(false);
  });

  it('says nothing past the assignment cap', () => {
    const many = Array.from({ length: 11 }, (_, i) => atom(`a${i}`));
    expect(oneAlwaysHolds(or(atom('x'), ...many), not(atom('x')))).toBe(false);
    expect(oneAlwaysHolds(or(atom('x'), ...many.slice(0, 9)), not(atom('x')))).toBe(true);
  });
});

describe('exclusivePairs', () => {
  it('pairs every instance under one condition with every instance under an exclusive one', () => {
    const never = exclusivePairs([
      { id: 'a', when: is('env', 'prod') },
      { id: 'b', when: is('env', 'prod') },
      { id: 'c', when: is('env', 'dev') },
      { id: 'd', when: atom('x') },
    ]);
    expect(Object.fromEntries(never)).toEqual({ a: ['c'], b: ['c'], c: ['a', 'b'] });
  });

  it('pairs instances whose owners under the conditions always differ', () => {
    const prod = is('env', 'prod');
    const never = exclusivePairs([
      {
        id: 'a',
        when: TRUE,
        owners: [
          { when: prod, name: 'ops' },
          { when: not(prod), name: 'ci' },
        ],
      },
      {
        id: 'b',
        when: TRUE,
        owners: [
          { when: prod, name: 'ci' },
          { when: not(prod), name: 'ops' },
        ],
      },
      {
        id: 'c',
        when: TRUE,
        owners: [
          { when: prod, name: 'ci' },
          { when: not(prod), name: undefined },
        ],
      },
      { id: 'd', when: TRUE },
    ]);
    expect(Object.fromEntries(never)).toEqual({ a: ['b'], b: ['a'] });
  });

  it('compares none past the cap on distinct conditions', () => {
    const switched = Array.from({ length: 33 }, (_, i) => ({ id: `k${i}`, when: is('env', `v${i}`) }));
    expect(exclusivePairs(switched).size).toBe(0);
    expect(exclusivePairs(switched.slice(0, 32)).get('k0')).toHaveLength(31);
  });

  it('compares none past the cap on instances', () => {
    const switched = Array.from({ length: 1001 }, (_, i) => ({ id: `k${i}`, when: is('env', i % 2 === 0 ? 'prod' : 'dev') }));
    expect(exclusivePairs(switched).size).toBe(0);
    expect(exclusivePairs(switched.slice(0, 1000)).get('k0')).toHaveLength(500);
  });
});

describe('subjects that take one of a few values', () => {
  const env = (value: string, oneOf = ['dev', 'prod']): Condition => ({ kind: 'is', subject: 'env', value, oneOf });

  it('take only those values', () => {
    expect(oneAlwaysHolds(env('dev'), env('prod'))).toBe(true);
    expect(oneAlwaysHolds(is('env', 'dev'), is('env', 'prod'))).toBe(false);
    expect(oneAlwaysHolds(env('dev', ['dev', 'prod', 'test']), env('prod', ['dev', 'prod', 'test']))).toBe(false);
    expect(excludeEachOther(not(env('dev')), not(env('prod')))).toBe(true);
    expect(excludeEachOther(not(is('env', 'dev')), not(is('env', 'prod')))).toBe(false);
    // A literal outside the values is never the value.
    expect(excludeEachOther(env('staging'), TRUE)).toBe(true);
  });

  it('take the values every list allows, and say nothing where none is left', () => {
    expect(oneAlwaysHolds(env('dev', ['dev', 'prod', 'test']), env('prod', ['dev', 'prod']))).toBe(true);
    expect(oneAlwaysHolds(env('dev', ['dev']), env('prod', ['prod']))).toBe(false);
    expect(excludeEachOther(env('dev', ['dev']), env('prod', ['prod']))).toBe(false);
  });
});

describe('complementaryPairs', () => {
  const everything = () => true;

  it('pairs instances one of whose conditions always holds, once per condition', () => {
    const either = complementaryPairs(
      [
        { id: 'sealed', when: not(is('pgp', '')) },
        { id: 'plain', when: is('pgp', '') },
        { id: 'also-plain', when: is('pgp', '') },
        { id: 'prod', when: is('env', 'prod') },
      ],
      everything,
    );
    expect(Object.fromEntries(either)).toEqual({ sealed: ['plain', 'also-plain'], plain: ['sealed'], 'also-plain': ['sealed'] });
  });

  it('leaves out conditions it is not to compare, and trees too large to ask about', () => {
    const pair = [
      { id: 'a', when: and(atom('mapping'), is('pgp', '')) },
      { id: 'b', when: not(and(atom('mapping'), is('pgp', ''))) },
    ];
    expect(complementaryPairs(pair, everything).size).toBe(2);
    const asked: Condition[] = [];
    expect(complementaryPairs(pair, (c) => (asked.push(c), JSON.stringify(c).includes('mapping') === false)).size).toBe(0);
    let deep: Condition = is('pgp', '');
    for (let i = 0; i < 60; i++) deep = and(deep, deep);
    asked.length = 0;
    expect(
      complementaryPairs(
        [
          { id: 'a', when: deep },
          { id: 'b', when: not(is('pgp', '')) },
        ],
        (c) => (asked.push(c), true),
      ).size,
    ).toBe(0);
    expect(asked).toHaveLength(1);
  });
});

describe('conditions that share sub-conditions', () => {
  it('are not compared, nor written out, once their tree is too large', () => {
    // Each level names the one below twice: 2^60 leaves as a tree, 60 objects in memory.
    let deep: Condition = is('env', 'prod');
    for (let i = 0; i < 60; i++) deep = and(deep, deep);
    expect(excludeEachOther(deep, is('env', 'dev'))).toBe(false);
    expect(
      exclusivePairs([
        { id: 'a', when: deep },
        { id: 'b', when: is('env', 'dev') },
      ]).size,
    ).toBe(0);
  });
});
