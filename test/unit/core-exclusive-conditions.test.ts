/**
 * `excludeEachOther` says two conditions cannot both hold only when no assignment of their atoms makes
 * both true: one subject is one literal at most, other atoms are free, and past the assignment cap
 * the answer is that both may hold.
 */
import { describe, expect, it } from 'vitest';
import { and, excludeEachOther, exclusivePairs, not, or, TRUE, type Condition } from '../../src/core/exclusive-conditions.js';

const is = (subject: string, value: string): Condition => ({ kind: 'is', subject, value });
const atom = (key: string): Condition => ({ kind: 'atom', key });

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
