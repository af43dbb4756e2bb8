import { describe, expect, it } from 'vitest';
import { polarConditionKey } from '../../src/core/condition-key.js';
import { and, not, or, type Condition } from '../../src/core/exclusive-conditions.js';

const is = (subject: string, value: string, oneOf?: string[]): Condition => ({ kind: 'is', subject, value, ...(oneOf ? { oneOf } : {}) });
const atom = (key: string): Condition => ({ kind: 'atom', key });
/** A budget that never runs out, for keys of a few nodes. */
const free = () => true;

describe('polarConditionKey', () => {
  it('keys alike what differs only in how it is written', () => {
    const [a, b, c] = [is('Env', 'prod'), atom('x'), is('Region', 'eu')];
    expect(polarConditionKey(not(not(a)), free)).toEqual(polarConditionKey(a, free));
    expect(polarConditionKey(and(a, b), free)).toEqual(polarConditionKey(and(b, a, b), free));
    expect(polarConditionKey(and(a, and(b, c)), free)).toEqual(polarConditionKey(and(and(c, a), b), free));
    // De Morgan, also where the negated operand joins its parent.
    expect(polarConditionKey(not(or(a, b)), free)).toEqual(polarConditionKey(and(not(a), not(b)), free));
    expect(polarConditionKey(and(c, not(or(a, b))), free)).toEqual(polarConditionKey(and(not(a), c, not(b)), free));
    // The values a subject may take are the subject's, not the comparison's.
    expect(polarConditionKey(is('Env', 'prod', ['dev', 'prod']), free)).toEqual(polarConditionKey(a, free));
  });

  it('keys a condition and its negation alike, saying which is which', () => {
    const a = is('Env', 'prod');
    const positive = polarConditionKey(a, free);
    const negative = polarConditionKey(not(a), free);
    expect(positive?.key).toBe(negative?.key);
    expect(positive?.negated).not.toBe(negative?.negated);
    expect(polarConditionKey(or(a, atom('x')), free)?.key).toBe(polarConditionKey(and(not(a), not(atom('x'))), free)?.key);
  });

  it('keys apart what differs', () => {
    const [a, b] = [is('Env', 'prod'), is('Env', 'dev')];
    expect(polarConditionKey(a, free)?.key).not.toBe(polarConditionKey(b, free)?.key);
    expect(polarConditionKey(and(a, atom('x')), free)?.key).not.toBe(polarConditionKey(or(a, atom('x')), free)?.key);
    expect(polarConditionKey({ kind: 'compare', subject: 'n', operator: '<', value: 1, natural: true }, free)?.key).not.toBe(
      polarConditionKey({ kind: 'compare', subject: 'n', operator: '>', value: 1, natural: true }, free)?.key,
    );
  });

  it('keys alike what Boolean laws make equal: absorption, complements, constants', () => {
    const [a, b, c] = [is('Env', 'prod'), atom('x'), is('Region', 'eu')];
    const key = (condition: Condition) => polarConditionKey(condition, free);
    expect(key(or(a, and(a, b)))).toEqual(key(a));
    expect(key(and(a, or(a, b)))).toEqual(key(a));
    expect(key(and(a, a))).toEqual(key(a));
    expect(key(and(or(a, b), or(b, c, a)))).toEqual(key(or(a, b)));
    expect(key(not(and(a, or(not(a), b))))).toEqual(key(or(not(a), not(b))));
    // Absorbed after De Morgan: not (not A and (not A or B)) is A.
    expect(key(not(and(not(a), or(not(a), b))))).toEqual(key(a));
    expect(key(or(b, and(a, not(a))))).toEqual(key(b));
    expect(key(and(b, or(a, not(a))))).toEqual(key(b));
    expect(key(and(b, { kind: 'constant', value: true }))).toEqual(key(b));
  });

  it('keys alike only conditions that are equal for every value of their atoms (random formulas, truth tables)', () => {
    // A small fixed generator (mulberry32), so that a failure can be replayed.
    let seed = 38;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const names = ['a', 'b', 'c'];
    const formula = (depth: number): Condition => {
      const r = random();
      if (depth === 0 || r < 0.3) return r < 0.02 ? { kind: 'constant', value: random() < 0.5 } : atom(names[Math.floor(random() * names.length)] ?? 'a');
      if (r < 0.45) return { kind: 'not', operand: formula(depth - 1) };
      const operands = Array.from({ length: 2 + Math.floor(random() * 2) }, () => formula(depth - 1));
      return { kind: r < 0.72 ? 'and' : 'or', operands };
    };
    const holds = (c: Condition, assignment: number): boolean => {
      switch (c.kind) {
        case 'atom':
          return ((assignment >> names.indexOf(c.key)) & 1) === 1;
        case 'constant':
          return c.value;
        case 'not':
          return !holds(c.operand, assignment);
        case 'and':
          return c.operands.every((o) => holds(o, assignment));
        case 'or':
          return c.operands.some((o) => holds(o, assignment));
        default:
          throw new Error('not generated');
      }
    };
    const table = (c: Condition) => Array.from({ length: 2 ** names.length }, (_, i) => (holds(c, i) ? '1' : '0')).join('');
    const flipped = (t: string) => [...t].map((bit) => (bit === '1' ? '0' : '1')).join('');
    const seen = new Map<string, string>();
    let shared = 0;
    for (let i = 0; i < 5000; i++) {
      const condition = formula(4);
      const polar = polarConditionKey(condition, free);
      if (polar === undefined) continue;
      // The table of the keyed condition: the formula's, or its negation's.
      const keyed = polar.negated ? flipped(table(condition)) : table(condition);
      const before = seen.get(polar.key);
      if (before === undefined) seen.set(polar.key, keyed);
      else {
        shared += 1;
        expect(keyed, `${JSON.stringify(condition)} keyed ${polar.key}`).toBe(before);
      }
    }
    // Many formulas did share a key (the test compared something); 256 truth tables of 3 atoms at most.
    expect(shared).toBeGreaterThan(1000);
  });

  it('keys a wide formula', () => {
    // 40 operands of two atoms each: 121 nodes (keyed twice: the formula and its negation), each
    // operand compared with every other.
    const wide = and(...Array.from({ length: 40 }, (_, i) => or(atom(`p${i}`), atom(`q${i}`))));
    expect(polarConditionKey(wide, free)).toBeDefined();
    expect(polarConditionKey(and(atom('p0'), wide), free)?.key).toBe(
      polarConditionKey(and(atom('p0'), ...Array.from({ length: 39 }, (_, i) => or(atom(`p${i + 1}`), atom(`q${i + 1}`)))), free)?.key,
    );
  });

  it('gives no key past its budget, however small the shared formula', () => {
    // Each condition names the previous one in two operands: 40 objects, whose key doubles in length at each.
    let chain: Condition = atom('x');
    for (let i = 0; i < 40; i++) chain = or(and(chain, atom(`a${i}`)), and(chain, atom(`b${i}`)));
    let spent = 0;
    const asked: number[] = [];
    const budget = (steps: number) => {
      asked.push(steps);
      if (spent + steps > 1_000_000) return false;
      spent += steps;
      return true;
    };
    expect(polarConditionKey(chain, budget)).toBeUndefined();
    expect(spent).toBeLessThanOrEqual(1_000_000);
  });

  it('puts a condition shared by its operands in normal form once', () => {
    // Each names the previous one twice: 2^40 nodes written out, one leaf once its repeats are dropped.
    let chain: Condition = is('Env', 'prod');
    for (let i = 0; i < 40; i++) chain = and(chain, chain);
    let spent = 0;
    const key = polarConditionKey(chain, (steps) => (spent += steps) > 0);
    expect(key).toEqual(polarConditionKey(is('Env', 'prod'), free));
    expect(spent).toBeLessThan(1000);
  });
});
