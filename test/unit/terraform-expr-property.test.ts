import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, evaluateJson, references, referencesInJson } from '../../src/terraform/expr/evaluate.js';
import { parseExpression, parseTemplate, type ParseExprResult } from '../../src/terraform/expr/parse-expression.js';
import { expectUnknown, scope } from '../support/terraform-expr-scope.js';

/** Whatever the input, parsing answers with a result and evaluation with a value; nothing throws. */
function checkTotal(result: ParseExprResult, source: string): void {
  if (!result.ok) {
    expect(typeof result.message).toBe('string');
    expect(result.offset).toBeGreaterThanOrEqual(0);
    expect(result.offset).toBeLessThanOrEqual(source.length);
    return;
  }
  expect(evaluate(result.expr, scope)).not.toBeUndefined();
  expect(Array.isArray(references(result.expr))).toBe(true);
}

/** Fragments of HCL, so that random programs reach deep into the grammar rather than failing at once. */
const TOKENS = [
  'var',
  'local',
  'each',
  'count',
  'self',
  'module',
  'data',
  'path',
  'terraform',
  'aws_iam_user',
  'x',
  'l',
  'm',
  'mixed',
  'unknown',
  'nums',
  'users',
  'name',
  'key',
  'value',
  'index',
  '.',
  '.*',
  '[*]',
  '[',
  ']',
  '{',
  '}',
  '(',
  ')',
  '"',
  '${',
  '%{',
  '~',
  'for',
  'in',
  'if',
  'else',
  'endif',
  'endfor',
  ':',
  '=>',
  '...',
  '?',
  '+',
  '-',
  '*',
  '/',
  '%',
  '!',
  '&&',
  '||',
  '==',
  '!=',
  '<',
  '>=',
  ',',
  '=',
  '0',
  '1',
  '1.5e3',
  '"s"',
  'null',
  'true',
  'false',
  'try',
  'can',
  'upper',
  'length',
  'element',
  'join',
  'provider::aws::f',
  ' ',
  '\n',
  '# c\n',
  '/*',
  '*/',
  '\\',
  '\\n',
  '\\u00e9',
  '$${',
  '%%{',
  '<<EOT\n',
  '\nEOT\n',
  '<<-EOT\n',
];

const tokenSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((tokens) => tokens.join(''));

describe('parse and evaluate are total', () => {
  it('on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (source) => {
        checkTotal(parseExpression(source), source);
        checkTotal(parseTemplate(source), source);
      }),
      { numRuns: 400 },
    );
  });

  it('on random sequences of HCL tokens', () => {
    fc.assert(
      fc.property(tokenSoup, (source) => {
        checkTotal(parseExpression(source), source);
        checkTotal(parseTemplate(source), source);
      }),
      { numRuns: 2000 },
    );
  });

  it('on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        expect(evaluateJson(value, scope)).not.toBeUndefined();
        expect(Array.isArray(referencesInJson(value))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('on JSON values whose strings are HCL token soup', () => {
    fc.assert(
      fc.property(fc.dictionary(tokenSoup, fc.oneof(tokenSoup, fc.array(tokenSoup, { maxLength: 4 }))), (value) => {
        expect(evaluateJson(value, scope)).not.toBeUndefined();
        expect(Array.isArray(referencesInJson(value))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('evaluation at the nesting limit stays within the stack', () => {
  it.each([
    ['parentheses', `${'('.repeat(250)}1${')'.repeat(250)}`, 1],
    ['operator chains', `0${' + 1'.repeat(250)}`, 250],
    ['conditionals', `${'true ? '.repeat(120)}1${' : 2'.repeat(120)}`, 1],
    ['unary operators', `${'!'.repeat(250)}true`, true],
    ['tuples', `${'['.repeat(120)}1${']'.repeat(120)}`, JSON.parse(`${'['.repeat(120)}1${']'.repeat(120)}`) as unknown],
  ])('%s', (_name, source, expected) => {
    const result = parseExpression(source);
    expect(result.ok).toBe(true);
    if (result.ok) expect(evaluate(result.expr, scope)).toEqual(expected);
  });

  it('for expressions nested in templates nested in for expressions', () => {
    const nested = (depth: number): string => `${'[for x in var.l : "${'.repeat(depth)}x${'}"]'.repeat(depth)}`;
    const shallow = parseExpression(nested(3));
    expect(shallow.ok && evaluate(shallow.expr, scope)).toEqual([
      [
        ['a', 'b'],
        ['a', 'b'],
      ],
      [
        ['a', 'b'],
        ['a', 'b'],
      ],
    ]);
    // 2^40 iterations: the step budget stops it instead of letting it run for ever.
    const explosive = parseExpression(nested(40));
    expect(explosive.ok).toBe(true);
    if (explosive.ok) expectUnknown(evaluate(explosive.expr, scope), /expressionSteps/);
  });

  it('loops whose bodies evaluate nothing still count their iterations', () => {
    const big = Array.from({ length: 400_000 }, (_, i) => i);
    const bigScope = { resolve: () => big };
    for (const source of ['"%{ for x in var.big }a%{ endfor }"', '[for x in var.big : 1]']) {
      const parsed = parseExpression(source);
      expect(parsed.ok).toBe(true);
      if (parsed.ok) expectUnknown(evaluate(parsed.expr, bigScope), /expressionSteps/);
    }
    const small = parseExpression('"%{ for x in var.big }a%{ endfor }"');
    if (small.ok) expect(evaluate(small.expr, { resolve: () => big.slice(0, 1000) })).toBe('a'.repeat(1000));
  });
});
