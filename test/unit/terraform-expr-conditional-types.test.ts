import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/terraform/expr/evaluate.js';
import { parseExpression } from '../../src/terraform/expr/parse-expression.js';
import { Sensitive, TfSet, markSensitive, type TfValue } from '../../src/terraform/expr/value.js';
import { evalSource, expectUnknown, scope } from '../support/terraform-expr-scope.js';

// Each row is what `terraform console` gives: both results of `? :` are converted to one type
// (https://developer.hashicorp.com/terraform/language/expressions/conditionals#result-types).
describe('conditional result types unify', () => {
  it.each<readonly [string, TfValue]>([
    ['true ? ["old", "new"] : toset(["current"])', new TfSet(['new', 'old'])],
    ['false ? ["old", "new"] : toset(["current"])', new TfSet(['current'])],
    ['true ? toset(["a"]) : ["b", "c"]', new TfSet(['a'])],
    ['true ? ["a", "a"] : toset([])', new TfSet(['a'])],
    ['true ? [1, 2] : toset(["x"])', new TfSet(['1', '2'])],
    ['true ? [1] : ["a", "b"]', ['1']],
    ['true ? ["a", 1] : ["b", 2]', ['a', 1]],
    ['true ? [] : ["a"]', []],
    ['true ? { a = 1 } : { b = "x" }', { a: '1' }],
    ['true ? { a = "x" } : {}', { a: 'x' }],
    ['true ? { a = 1, b = "y" } : { a = "z", b = "w" }', { a: '1', b: 'y' }],
    ['true ? null : ["a"]', null],
    ['true ? ["a"] : var.unknown', ['a']],
    ['true ? ["a"] : var.l[9]', ['a']],
    ['true ? 12 : "hello"', '12'],
    // Objects (tuples) of different shapes inside one value unify all at once: a map (list) of one type.
    ['true ? { a = { x = "1" }, b = { y = "2", z = "3" }, c = {} } : {}', { a: { x: '1' }, b: { y: '2', z: '3' }, c: {} }],
    ['true ? { a = { x = 1 }, b = { y = "2", z = "3" } } : {}', { a: { x: '1' }, b: { y: '2', z: '3' } }],
    ['true ? { a = {}, b = { y = "2", z = "3" }, c = { x = "1" } } : {}', { a: {}, b: { y: '2', z: '3' }, c: { x: '1' } }],
    ['true ? [["a"], ["b", "c"], []] : []', [['a'], ['b', 'c'], []]],
    ['true ? [[1], ["b", "c"], []] : []', [['1'], ['b', 'c'], []]],
  ])('%s', (source, expected) => {
    expect(evalSource(source)).toEqual(expected);
  });

  it.each<readonly [string, RegExp]>([
    ['true ? "a" : ["b"]', /inconsistent conditional result types: the true result is a string and the false result a list/],
    ['true ? ["a"] : { a = "b" }', /inconsistent conditional result types: the true result is a list and the false result an object/],
    ['true ? toset(["a"]) : { a = "b" }', /inconsistent conditional result types/],
    ['true ? { a = "x", b = ["y"] } : {}', /inconsistent conditional result types/],
    ['true ? ["a", { b = 1 }] : []', /inconsistent conditional result types/],
    ['true ? [1] : [true]', /inconsistent conditional result types/],
    ['true ? { a = { x = "1" }, b = { y = "2", z = "3" }, c = ["l"] } : {}', /inconsistent conditional result types/],
    ['true ? [["a"], ["b", "c"], { d = "e" }] : []', /inconsistent conditional result types/],
  ])('%s has no common type', (source, reason) => {
    expectUnknown(evalSource(source), reason);
  });

  it('converts a marked result and keeps it marked', () => {
    const parsed = parseExpression('true ? secret : toset(["b"])');
    if (!parsed.ok) throw new Error(parsed.message);
    const value = evaluate(parsed.expr, scope, { secret: markSensitive(['a']) });
    expect(value).toEqual(new Sensitive(new TfSet(['a'])));
  });

  // The default limit is 300,000 steps (src/core/limits.ts).
  it('spends evaluation steps reading the types of large branches', () => {
    const parsed = parseExpression('true ? big : toset([])');
    if (!parsed.ok) throw new Error(parsed.message);
    const big = Array.from({ length: 400_000 }, (_, index) => `k${index}`);
    const value = evaluate(parsed.expr, scope, { big });
    expect(value instanceof TfSet).toBe(false);
    expectUnknown(value, /expressionSteps/);
  });
});
