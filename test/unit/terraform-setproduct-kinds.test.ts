/**
 * setproduct's combinations are tuples, in a list, or in a set where any argument is a set
 * (terraform console 1.11.4: `type(setproduct(tolist(["a"]), tolist(["b"])))` is
 * `list(tuple([string, string]))`, `type(setproduct(toset(["a"]), ["b"]))` is `set(tuple(...))`), so `==`
 * with a tuple written in place is decided: a module filtering the pairs it builds keys for
 * (`if pair == ["ops", "live"]`) keeps the one pair.
 */
import { describe, expect, it } from 'vitest';
import { evalSource } from '../support/terraform-expr-scope.js';
import { TfSet } from '../../src/terraform/expr/value.js';

describe('setproduct', () => {
  it.each([
    ['[for p in setproduct(["ops", "qa"], ["test", "live"]) : join("-", p) if p == ["ops", "live"]]', ['ops-live']],
    ['setproduct(["a"], tolist(["b"]))[0] == ["a", "b"]', true],
    ['setproduct(["a"], ["b"]) == [["a", "b"]]', false],
    ['setproduct(toset(["a", "b"]), ["x"]) == setproduct(["a", "b"], ["x"])', false],
  ])('%s is %j', (source, expected) => {
    expect(evalSource(source)).toEqual(expected);
  });

  it('is a set where any argument is one', () => {
    expect(evalSource('setproduct(toset(["a"]), ["b"])')).toBeInstanceOf(TfSet);
    expect(evalSource('setproduct(["b"], toset(["a"]))')).toBeInstanceOf(TfSet);
  });
});
