import { describe, expect, it } from 'vitest';
import { evaluateJson } from '../../src/terraform/expr/evaluate.js';
import { isEvaluationError, isUnknown, type TfValue } from '../../src/terraform/expr/value.js';
import { parseWithHcl2json } from '../../scripts/hcl2json-oracle.js';
import { expectUnknown, scope } from '../support/terraform-expr-scope.js';

describe('evaluateJson: Terraform JSON syntax values', () => {
  it.each([
    [42, 42],
    [true, true],
    [null, null],
    ['plain', 'plain'],
    ['${var.x}', 'X'],
    ['${var.create ? 2 : 0}', 2],
    ['user-${var.x}', 'user-X'],
    ['$${var.x}', '${var.x}'],
    ['%%{ if }', '%{ if }'],
    [
      ['a', '${var.x}'],
      ['a', 'X'],
    ],
    [
      { a: 'b', c: '${var.x}' },
      { a: 'b', c: 'X' },
    ],
    [
      { '${var.k}': 1, plain: '${var.nums}' },
      { kk: 1, plain: [1, 2, 3] },
    ],
    [{ '${(var.k)}': '${var.l[1]}' }, { kk: 'b' }],
    [[[{ deep: ['${count.index}'] }]], [[{ deep: [1] }]]],
    ['%{ for u in var.users }${u.name} %{ endfor }', 'alice bob '],
  ] as const)('%j', (input, expected) => {
    expect(evaluateJson(input, scope)).toEqual(expected);
  });

  it('a failing element fails the whole value; an unknown element stays in place', () => {
    const failed = evaluateJson(['ok', '${var.l[7]}'], scope);
    expect(isEvaluationError(failed)).toBe(true);
    expectUnknown(failed, /index 7 out of range/);
    const partial = evaluateJson({ known: 'k', later: '${var.unknown}' }, scope) as Record<string, TfValue>;
    expect(partial['known']).toBe('k');
    expectUnknown(partial['later'] ?? null, /var\.unknown has no value/);
  });

  it('an object key that is unknown makes the object unknown', () => {
    expectUnknown(evaluateJson({ '${var.unknown}': 1 }, scope), /var\.unknown has no value/);
  });

  it('a string that does not parse is a failure naming the problem', () => {
    const value = evaluateJson('${var.x', scope);
    expect(isEvaluationError(value)).toBe(true);
    expectUnknown(value, /cannot parse "\$\{var\.x": expected "}" to close the interpolation/);
  });

  it('values that are not JSON, or nested absurdly deep, are failures', () => {
    expectUnknown(evaluateJson(undefined, scope), /undefined is not a Terraform JSON value/);
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expectUnknown(evaluateJson(deep, scope), /nested more than 512 levels deep/);
  });
});

describe('expressions as hcl2json hands them over from real .tf files', () => {
  const source = `
locals {
  count_expr   = var.create ? 2 : 0
  name         = "user-\${var.x}"
  list         = ["a", var.x]
  tags         = { a = "b", c = var.x }
  escaped      = "$\${x}"
  legacy_name  = "\${element(aws_iam_user.counted.*.name, count.index)}"
  legacy_join  = "\${join("", aws_iam_user.counted.*.name)}"
  splat        = aws_iam_user.counted[*].name
  for_map      = { for k, v in var.m : upper(k) => v }
  grouped      = { for w in var.words : substr(w, 0, 1) => w... }
  dynamic_key  = { (var.k) = 3 }
  unknown_arn  = aws_iam_user.single.arn
  negative     = -1
  not          = !var.create
  heredoc      = <<EOT
hello \${var.x}
%{ if var.create ~}
created
%{~ endif }
EOT
  indented     = <<-EOT
    a \${var.x}
      b
  EOT
  commented    = {
    for u in var.users : # which users
    u.name => u.groups   // their groups
    if u.console
  }
  block_comment = [
    for x in var.l :
    /* shout */ upper(x)
  ]
  merged       = merge(
    { a = 1 },
    {
      b = var.x
      c = 2
    }
  )
  directives   = "a%{ for x in var.l }\${x}%{ endfor }"
}

resource "aws_iam_user" "tagged" {
  dynamic "tag" {
    for_each = var.m
    content {
      key = "\${tag.key}=\${tag.value}"
    }
  }
}
`;

  it('evaluates every local to what Terraform would plan', async () => {
    const body = await parseWithHcl2json('main.tf', source);
    const locals = (body['locals'] as Record<string, unknown>[])[0] ?? {};
    const value = (name: string): TfValue => evaluateJson(locals[name], scope);
    expect(value('count_expr')).toBe(2);
    expect(value('name')).toBe('user-X');
    expect(value('list')).toEqual(['a', 'X']);
    expect(value('tags')).toEqual({ a: 'b', c: 'X' });
    expect(value('escaped')).toBe('${x}');
    expect(value('legacy_name')).toBe('u1');
    expect(value('legacy_join')).toBe('u0u1');
    expect(value('splat')).toEqual(['u0', 'u1']);
    expect(value('for_map')).toEqual({ A: 1, B: 2 });
    expect(value('grouped')).toEqual({ a: ['apple', 'avocado'], b: ['banana'] });
    expect(value('dynamic_key')).toEqual({ kk: 3 });
    expect(isUnknown(value('unknown_arn'))).toBe(true);
    expect((value('unknown_arn') as { resourceAddress?: string }).resourceAddress).toBe('aws_iam_user.single');
    expect(value('negative')).toBe(-1);
    expect(value('not')).toBe(false);
    expect(value('heredoc')).toBe('hello X\ncreated\n');
    // hcl2json 0.21 does not remove a <<- heredoc's indentation; the evaluator takes the string as given.
    expect(value('indented')).toBe(String(locals['indented']).replace('${var.x}', 'X'));
    expect(value('commented')).toEqual({ alice: ['admins', 'devs'] });
    expect(value('block_comment')).toEqual(['A', 'B']);
    expect(value('merged')).toEqual({ a: 1, b: 'X', c: 2 });
    expect(value('directives')).toBe('aab');
  });

  it("evaluates a dynamic block's content with its iterator bound", async () => {
    const body = await parseWithHcl2json('main.tf', source);
    const user = (body['resource'] as Record<string, Record<string, Record<string, unknown>[]>>)['aws_iam_user']?.['tagged']?.[0];
    const tag = (user?.['dynamic'] as Record<string, Record<string, unknown>[]>)['tag']?.[0] ?? {};
    const forEach = evaluateJson(tag['for_each'], scope) as Record<string, TfValue>;
    const content = (tag['content'] as Record<string, unknown>[])[0];
    const keys = Object.entries(forEach).map(([key, value]) => evaluateJson(content?.['key'], scope, { tag: { key, value } }));
    expect(keys).toEqual(['b=2', 'a=1']);
  });
});
