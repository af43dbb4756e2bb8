import { describe, expect, it } from 'vitest';
import type { Expr } from '../../src/terraform/expr/ast.js';
import { parseExpression, parseTemplate, type ParseExprResult } from '../../src/terraform/expr/parse-expression.js';
import { visitExpression, visitJsonExpressions, type ExpressionVisitor } from '../../src/terraform/expr/visit-expression.js';

function parsed(result: ParseExprResult): Expr {
  if (!result.ok) throw new Error(`did not parse: ${result.message} at ${result.offset}`);
  return result.expr;
}

/** Every name and call the walk reaches, in order, as `name`, `name@for` inside a `for`, or `call()`. */
function seen(expr: Expr, bound: readonly string[] = [], stopAt?: string): string[] {
  const order: string[] = [];
  const visitor: ExpressionVisitor<string> = {
    name: (name, _offset, _steps, inFor) => {
      order.push(inFor ? `${name}@for` : name);
      return name === stopAt ? name : undefined;
    },
    call: (call) => {
      order.push(`${call.name}()`);
      return call.name === stopAt ? call.name : undefined;
    },
  };
  visitExpression(expr, visitor, new Set(bound));
  return order;
}

describe('the shared expression walk', () => {
  it('visits names and calls in source order, index keys after their root, call arguments after the call', () => {
    expect(seen(parsed(parseExpression('a.b[c] + f(d, e[g]) ? h : [for x in i : x]')))).toEqual(['a', 'c', 'f()', 'd', 'e', 'g', 'h', 'i']);
  });

  it('scopes the names a for binds to its body, not to its collection, and says the body is inside a for', () => {
    expect(seen(parsed(parseExpression('{ for k, v in k : k => v if v != w }')))).toEqual(['k', 'w@for']);
    expect(seen(parsed(parseTemplate('%{ for s in s }${s}${t}%{ endfor }')))).toEqual(['s', 't@for']);
    expect(seen(parsed(parseExpression('[for x in xs : [for y in x : y + z]]')))).toEqual(['xs', 'z@for']);
  });

  it('skips the names given as bound and stops at the first result', () => {
    expect(seen(parsed(parseExpression('each.key == a && b')), ['each'])).toEqual(['a', 'b']);
    expect(seen(parsed(parseExpression('a + f(b) + c')), [], 'f')).toEqual(['a', 'f()']);
  });

  it('walks a JSON-shaped value key before value, arrays in order, and ends at the first result', () => {
    const reached: string[] = [];
    const result = visitJsonExpressions({ '${a}': ['${b}', 1, null, '$${not_c}'], d: '${e}', f: '${g}' }, (expr) =>
      visitExpression(expr, { name: (name) => (reached.push(name), name === 'e' ? name : undefined) }, new Set()),
    );
    expect(result).toBe('e');
    expect(reached).toEqual(['a', 'b', 'e']);
  });
});
