import { describe, expect, it } from 'vitest';
import { polarConditionKey } from '../../src/core/condition-key.js';
import { and, not, or, type Condition } from '../../src/core/exclusive-conditions.js';

const is = (subject: string, value: string, oneOf?: string[]): Condition => ({ kind: 'is', subject, value, ...(oneOf ? { oneOf } : {}) });
const atom = (key: string): Condition => ({ kind: 'atom', key });

describe('polarConditionKey', () => {
  it('keys alike what differs only in how it is written', () => {
    const [a, b, c] = [is('Env', 'prod'), atom('x'), is('Region', 'eu')];
    expect(polarConditionKey(not(not(a)))).toEqual(polarConditionKey(a));
    expect(polarConditionKey(and(a, b))).toEqual(polarConditionKey(and(b, a, b)));
    expect(polarConditionKey(and(a, and(b, c)))).toEqual(polarConditionKey(and(and(c, a), b)));
    // De Morgan, also where the negated operand joins its parent.
    expect(polarConditionKey(not(or(a, b)))).toEqual(polarConditionKey(and(not(a), not(b))));
    expect(polarConditionKey(and(c, not(or(a, b))))).toEqual(polarConditionKey(and(not(a), c, not(b))));
    // The values a subject may take are the subject's, not the comparison's.
    expect(polarConditionKey(is('Env', 'prod', ['dev', 'prod']))).toEqual(polarConditionKey(a));
  });

  it('keys a condition and its negation alike, saying which is which', () => {
    const a = is('Env', 'prod');
    const positive = polarConditionKey(a);
    const negative = polarConditionKey(not(a));
    expect(positive?.key).toBe(negative?.key);
    expect(positive?.negated).not.toBe(negative?.negated);
    expect(polarConditionKey(or(a, atom('x')))?.key).toBe(polarConditionKey(and(not(a), not(atom('x'))))?.key);
  });

  it('keys apart what differs', () => {
    const [a, b] = [is('Env', 'prod'), is('Env', 'dev')];
    expect(polarConditionKey(a)?.key).not.toBe(polarConditionKey(b)?.key);
    expect(polarConditionKey(and(a, atom('x')))?.key).not.toBe(polarConditionKey(or(a, atom('x')))?.key);
    expect(polarConditionKey({ kind: 'compare', subject: 'n', operator: '<', value: 1, natural: true })?.key).not.toBe(
      polarConditionKey({ kind: 'compare', subject: 'n', operator: '>', value: 1, natural: true })?.key,
    );
  });

  it('gives no key past its budget, however small the shared formula', () => {
    // Each condition names the previous one twice: 40 objects, 2^40 nodes when written out.
    let chain: Condition = atom('x');
    for (let i = 0; i < 40; i++) chain = or(and(chain, atom(`a${i}`)), and(chain, atom(`b${i}`)));
    expect(polarConditionKey(chain)).toBeUndefined();
  });
});
