/**
 * Binary operations are read in one pass (`binary` in `src/terraform/expr/parse-expression.ts`, a
 * stack of waiting operators) rather than by one function per precedence level. These tests hold it
 * to the grammar's levels (https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#operations):
 * random operations parse to the trees a reference parser with one function per level builds, and
 * long chains reach the nesting limit and the node budget at the offsets the per-level parser
 * reached them (figures taken from that parser before the change, which gave the same trees for
 * every attribute of the performance corpus).
 */
import { describe, expect, it } from 'vitest';
import type { Expr } from '../../src/terraform/expr/ast.js';
import { checkExpressionWithSpans, parseExpression, parseExpressionWithSpans } from '../../src/terraform/expr/parse-expression.js';
import { NodeBudget } from '../../src/terraform/expr/source-cursor.js';

const LEVELS = [['||'], ['&&'], ['==', '!='], ['>=', '<=', '>', '<'], ['+', '-'], ['*', '/', '%']];
const OPERATORS = LEVELS.flat();

type Shape = string | number | boolean | null | Shape[];

/** The reference: a token list (operands and operators) parsed with one function per level, left-associative. */
function reference(tokens: readonly string[]): Shape {
  let at = 0;
  const operand = (): Shape => {
    const token = tokens[at++] ?? '';
    const value = (text: string): Shape => (/^[0-9]+$/.test(text) ? Number(text) : text);
    if (token.startsWith('!') || token.startsWith('-')) return [token[0] ?? '', value(token.slice(1))];
    return value(token);
  };
  const level = (index: number): Shape => {
    const operators = LEVELS[index];
    if (operators === undefined) return operand();
    let left = level(index + 1);
    while (operators.includes(tokens[at] ?? '')) {
      const operator = tokens[at++] ?? '';
      left = [operator, left, level(index + 1)];
    }
    return left;
  };
  return level(0);
}

/** The parser's tree in the reference's shape. */
function shape(expr: Expr): Shape {
  switch (expr.kind) {
    case 'binary':
      return [expr.operator, shape(expr.left), shape(expr.right)];
    case 'unary':
      return [expr.operator, shape(expr.operand)];
    case 'variable':
      return expr.name;
    case 'literal':
      return typeof expr.value === 'number' && expr.value < 0 ? ['-', -expr.value] : (expr.value as Shape);
    default:
      return `unexpected ${expr.kind}`;
  }
}

function randomOperation(next: () => number): string[] {
  const tokens: string[] = [];
  const count = 1 + (next() % 14);
  for (let index = 0; index < count; index++) {
    if (index > 0) tokens.push(OPERATORS[next() % OPERATORS.length] ?? '+');
    const name = next() % 3 === 0 ? String(next() % 50) : `v${index}`;
    const prefix = next() % 7 === 0 ? '!' : next() % 9 === 0 && !/^[0-9]/.test(name) ? '-' : '';
    tokens.push(prefix + name);
  }
  return tokens;
}

describe('binary operations', () => {
  it('parse to the trees of a parser with one function per precedence level', () => {
    let seed = 7;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed >> 4;
    };
    for (let round = 0; round < 2000; round++) {
      const tokens = randomOperation(next);
      // Spaces, a comment or brackets' newlines between tokens change nothing.
      const separator = round % 3 === 0 ? ' ' : round % 3 === 1 ? ' /* c */ ' : '\n';
      const source = round % 3 === 2 ? `(${tokens.join(separator)})` : tokens.join(separator);
      const result = parseExpression(source);
      expect(result.ok, source).toBe(true);
      if (!result.ok) continue;
      const tree = result.expr.kind === 'parens' ? result.expr.expr : result.expr;
      expect(shape(tree), source).toEqual(reference(tokens));
    }
  });

  it("take their left operand's offset, and a conditional after them takes the whole operation", () => {
    const result = parseExpression('a + b * c == d ? x : y');
    expect(result.ok && result.expr).toMatchObject({
      kind: 'conditional',
      condition: { kind: 'binary', operator: '==', offset: 0, left: { kind: 'binary', operator: '+', offset: 0, right: { operator: '*', offset: 4 } } },
    });
  });

  it('end at a line comment where newlines end an item', () => {
    const result = parseExpressionWithSpans('{ k = a / b // c\n}');
    expect(result.ok && result.expr).toMatchObject({ kind: 'object', items: [{ value: { kind: 'binary', operator: '/' } }] });
  });

  // Each operator nests one level more than the operators before it in its chain; an operator of a
  // looser level closes the chains of the tighter ones.
  const chains: [string, string, { ok: boolean; offset?: number }, [number, number | undefined][]][] = [
    [
      'one level',
      `a${' + a'.repeat(300)}`,
      { ok: false, offset: 1022 },
      [
        [300, 608],
        [900, undefined],
      ],
    ],
    [
      'a tighter chain in the right operand',
      `a${' + b'.repeat(200)}${' * c'.repeat(60)}`,
      { ok: false, offset: 1022 },
      [
        [300, 608],
        [650, undefined],
      ],
    ],
    [
      'a chain closed by a looser operator',
      `a${' * b'.repeat(200)} + c${' * d'.repeat(100)}`,
      { ok: true },
      [
        [300, 608],
        [650, undefined],
      ],
    ],
    [
      'two closed chains',
      `a${' * b'.repeat(200)} + c${' * d'.repeat(100)} - e${' / f'.repeat(60)}`,
      { ok: true },
      [
        [650, 1308],
        [900, undefined],
      ],
    ],
    [
      'a looser chain after a tighter one',
      `a${' == b'.repeat(150)}${' && c'.repeat(120)}`,
      { ok: true },
      [
        [300, 757],
        [650, undefined],
      ],
    ],
  ];

  it.each(chains)('%s: nested and budgeted as the per-level parser had them', (_, source, expected, budgets) => {
    const result = parseExpression(source);
    expect(result.ok).toBe(expected.ok);
    if (!result.ok) expect([result.message, result.offset]).toEqual(['expression nested more than 256 levels deep', expected.offset]);
    for (const [nodes, spentAt] of budgets) {
      const budget = new NodeBudget(nodes);
      checkExpressionWithSpans(source, { budget, base: 10 });
      expect(budget.spentAt, `${nodes} nodes`).toBe(spentAt);
    }
  });
});
