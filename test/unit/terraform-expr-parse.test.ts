import { describe, expect, it } from 'vitest';
import { references, referencesInJson } from '../../src/terraform/expr/evaluate.js';
import { parseExpression, parseTemplate, type ParseExprResult } from '../../src/terraform/expr/parse-expression.js';

function parsed(result: ParseExprResult) {
  if (!result.ok) throw new Error(`did not parse: ${result.message} at ${result.offset}`);
  return result.expr;
}

describe('parse errors carry a message and the offset where parsing stopped', () => {
  it.each([
    ['1 +', 3, /expected an expression but the input ended/],
    ['[1, 2', 5, /expected "," or "\]" but the expression ended/],
    ['"abc', 4, /unterminated string/],
    ['"\\q"', 1, /invalid escape sequence "\\q"/],
    ['a ? b', 5, /expected ":" in the conditional expression/],
    ['1 2', 2, /unexpected "2" after the expression/],
    ['[] type = "list"', 3, /^missing newline before attribute "type": each argument ends its line, and a one-line block holds only one$/],
    ['1 a == 2', 2, /unexpected "a == 2" after the expression/],
    ['1 "abcdefghijkl"\nnext', 2, /^unexpected ""abcdefghi…" after the expression$/],
    ['{ a 1 }', 4, /expected "=" or ":" after the object key/],
    ['f(1,', 4, /expected an expression/],
    ['(1', 2, /expected "\)" to close the parenthesis/],
    ['var.', 4, /expected an attribute name after "."/],
    ['a[*', 3, /expected "\]" after "\[\*"/],
    ['[for x in y]', 11, /expected ":" after the for expression's collection/],
    ['{for x in y : x}', 15, /expected "=>" in the object for expression/],
    ['[for x y : 1]', 7, /expected "in" in the for expression/],
    ['provider::aws', 13, /expected "\(" after the function name provider::aws/],
    // Where the body starts, as the native parser reports it.
    ['<<EOT\nno end', 6, /heredoc without its closing marker EOT/],
    ['"${x"', 4, /expected "}" to close the interpolation/],
    ['"%{ if x }a"', 1, /"if" directive without "endif"/],
    ['"%{ bogus }"', 1, /unknown template directive "bogus"/],
    ['/* open', 0, /unterminated comment/],
    ['{ x = 1, var.k = 2 }', 9, /ambiguous object key "var.k": wrap a reference in parentheses/],
  ])('%j', (source, offset, message) => {
    const result = parseExpression(source);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toMatch(message);
    expect(result.offset).toBe(offset);
  });

  it.each([
    ['${', 2, /expected an expression/],
    ['%{ if true }x', 0, /"if" directive without "endif"/],
    ['%{ endif }', 0, /unexpected "endif" directive/],
    ['a %{ else } b', 2, /unexpected "else" directive/],
    ['%{ for x in y }a%{ endif }', 16, /unexpected "endif" directive/],
    ['%{if true}a%{else}b%{else}c%{endif}', 19, /more than one "else" directive/],
  ])('template %j', (source, offset, message) => {
    const result = parseTemplate(source);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toMatch(message);
    expect(result.offset).toBe(offset);
  });
});

describe('syntax trees', () => {
  it('a template that is exactly one interpolation is that expression, not a string', () => {
    expect(parsed(parseTemplate('${var.x}'))).toEqual({
      kind: 'traverse',
      offset: 2,
      target: { kind: 'variable', offset: 2, name: 'var' },
      step: { kind: 'attr', name: 'x' },
    });
    expect(parsed(parseTemplate('plain'))).toEqual({ kind: 'literal', offset: 0, value: 'plain' });
    expect(parsed(parseTemplate(''))).toEqual({ kind: 'literal', offset: 0, value: '' });
    expect(parsed(parseTemplate('a${x}')).kind).toBe('template');
    expect(parsed(parseTemplate('${x}${y}')).kind).toBe('template');
  });

  it('identifiers may contain dashes, so spacing decides between a name and a subtraction', () => {
    expect(parsed(parseExpression('a-b'))).toEqual({ kind: 'variable', offset: 0, name: 'a-b' });
    expect(parsed(parseExpression('a - b')).kind).toBe('binary');
  });

  it('a bare identifier object key is literal; a parenthesized one is an expression', () => {
    const expr = parsed(parseExpression('{ a = 1, (b) = 2 }'));
    expect(expr.kind === 'object' && expr.items.map((item) => item.key.kind)).toEqual(['literal', 'parens']);
  });

  it("a newline ends an object item, so a name on one line is not called with the next line's parenthesis", () => {
    const expr = parsed(parseExpression('{\n  a = b\n  (c) = 1\n}'));
    expect(expr.kind === 'object' && expr.items.map((item) => [item.key.kind, item.value.kind])).toEqual([
      ['literal', 'variable'],
      ['parens', 'literal'],
    ]);
    expect(parsed(parseExpression('upper ("a")')).kind).toBe('call');
  });

  it('`for` is a keyword only when a name follows it; `format(...)` is a call', () => {
    expect(parsed(parseExpression('[format("%s", 1)]')).kind).toBe('tuple');
    expect(parsed(parseExpression('[for x in y : x]')).kind).toBe('for');
    expect(parsed(parseExpression('{ for = 1 }')).kind).toBe('object');
  });

  it('binary operators are left-associative and bind by precedence', () => {
    expect(parsed(parseExpression('a || b && c'))).toMatchObject({ operator: '||', right: { operator: '&&' } });
    expect(parsed(parseExpression('a - b - c'))).toMatchObject({ operator: '-', left: { operator: '-' } });
    expect(parsed(parseExpression('a == b > c'))).toMatchObject({ operator: '==', right: { operator: '>' } });
  });

  it('the legacy splat takes attributes and legacy indexes only; the full splat takes indexes too', () => {
    expect(parsed(parseExpression('a.*.b[0]'))).toMatchObject({ kind: 'traverse', target: { kind: 'splat' } });
    expect(parsed(parseExpression('a.*.b.0'))).toMatchObject({ kind: 'splat', each: { kind: 'traverse', step: { kind: 'legacy-index', index: 0 } } });
    expect(parsed(parseExpression('a.*.0.b'))).toMatchObject({ kind: 'splat', each: { kind: 'traverse', step: { kind: 'attr', name: 'b' } } });
    expect(parsed(parseExpression('a[*].b[0]'))).toMatchObject({ kind: 'splat', each: { kind: 'traverse', step: { kind: 'index' } } });
  });

  it('a final argument followed by ... is expanded', () => {
    expect(parsed(parseExpression('max(1, var.l...)'))).toMatchObject({ kind: 'call', name: 'max', expandFinal: true });
    expect(parsed(parseExpression('provider::aws::arn_parse(x)'))).toMatchObject({ kind: 'call', name: 'provider::aws::arn_parse' });
  });
});

describe('nesting is bounded, never a stack overflow', () => {
  it.each([
    ['parentheses', `${'('.repeat(5000)}1${')'.repeat(5000)}`],
    ['tuples', `${'['.repeat(5000)}${']'.repeat(5000)}`],
    ['objects', `${'{a='.repeat(5000)}1${'}'.repeat(5000)}`],
    ['unary operators', `${'!'.repeat(5000)}true`],
    ['operator chains', `1${' + 1'.repeat(5000)}`],
    ['conditionals', `${'true ? '.repeat(5000)}1${' : 2'.repeat(5000)}`],
    ['templates', `${'"${'.repeat(3000)}x${'}"'.repeat(3000)}`],
    ['splat chains', `a${'.*.b[0]'.repeat(5000)}`],
  ])('%s', (_name, source) => {
    const result = parseExpression(source);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/nested more than 256 levels deep/);
  });

  it('accepts nesting up to the limit', () => {
    expect(parseExpression(`${'['.repeat(100)}1${']'.repeat(100)}`).ok).toBe(true);
    expect(parseExpression(`1${' + 1'.repeat(200)}`).ok).toBe(true);
  });

  it('directives nest only so deep', () => {
    const result = parseTemplate(`${'%{ if true }'.repeat(3000)}x${'%{ endif }'.repeat(3000)}`);
    expect(result.ok).toBe(false);
  });
});

describe('references', () => {
  function refsOf(source: string) {
    return references(parsed(parseExpression(source)));
  }

  it('names each kind of root reference', () => {
    expect(
      refsOf(
        '[var.a, local.b, module.m.out, aws_iam_user.u[0].name, data.aws_iam_policy_document.p.json, each.key, count.index, self.arn, path.module, terraform.workspace]',
      ),
    ).toEqual([
      { kind: 'var', name: 'a' },
      { kind: 'local', name: 'b' },
      { kind: 'module', name: 'm' },
      { kind: 'resource', type: 'aws_iam_user', name: 'u' },
      { kind: 'data', type: 'aws_iam_policy_document', name: 'p' },
      { kind: 'each' },
      { kind: 'count' },
      { kind: 'self' },
      { kind: 'path', name: 'module' },
      { kind: 'terraform', name: 'workspace' },
    ]);
  });

  // Identifiers are Unicode ID_Start then ID_Continue or "-" (HCL's spec); ASCII is decided apart from the rest.
  it('reads identifiers beyond ASCII, astral characters included, and stops at a character that cannot continue one', () => {
    expect(refsOf('[var.café, local.naïve-name_2, var.𝑥𝑦, local.Δ1]')).toEqual([
      { kind: 'var', name: 'café' },
      { kind: 'local', name: 'naïve-name_2' },
      { kind: 'var', name: '𝑥𝑦' },
      { kind: 'local', name: 'Δ1' },
    ]);
    expect(refsOf('"${var.éa}-${local.b-c}"')).toEqual([
      { kind: 'var', name: 'éa' },
      { kind: 'local', name: 'b-c' },
    ]);
    const euro = parseExpression('var.a€');
    expect(euro.ok).toBe(false);
    if (!euro.ok) expect(euro.offset).toBe(5);
    expect(parseExpression('var.1a').ok).toBe(false);
    expect(parseExpression('var.-a').ok).toBe(false);
  });

  it('lists each reference once, skips names bound by for, and looks inside indexes, calls and templates', () => {
    expect(refsOf('[for u in var.users : "${u.name}-${var.suffix}" if u.enabled && var.users != null]')).toEqual([
      { kind: 'var', name: 'users' },
      { kind: 'var', name: 'suffix' },
    ]);
    expect(refsOf('var.m[local.k]')).toEqual([
      { kind: 'var', name: 'm' },
      { kind: 'local', name: 'k' },
    ]);
    expect(refsOf('join(",", aws_iam_user.u.*.name)')).toEqual([{ kind: 'resource', type: 'aws_iam_user', name: 'u' }]);
    expect(refsOf('{for k, v in var.m : k => v...}')).toEqual([{ kind: 'var', name: 'm' }]);
    expect(refsOf('"%{ for x in local.xs }${x}${var.y}%{ endfor }"')).toEqual([
      { kind: 'local', name: 'xs' },
      { kind: 'var', name: 'y' },
    ]);
    expect(refsOf('var')).toEqual([]);
  });

  it('finds references in JSON-syntax values, object keys included', () => {
    expect(referencesInJson({ a: '${var.x}', '${local.k}': ['${aws_iam_user.u.name}', 'plain', 1, null], b: '$${var.not_a_ref}' })).toEqual([
      { kind: 'var', name: 'x' },
      { kind: 'local', name: 'k' },
      { kind: 'resource', type: 'aws_iam_user', name: 'u' },
    ]);
  });
});
