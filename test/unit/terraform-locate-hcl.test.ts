import { describe, expect, it } from 'vitest';
import type { Range } from '../../src/core/location.js';
import { locateHclBlocks } from '../../src/terraform/locate/locate-hcl-blocks.js';
import type { LocatedBlock } from '../../src/terraform/locate/located-file.js';
import { scanHclExpression } from '../../src/terraform/locate/scan-hcl-expression.js';

/** `[line, column, endLine, endColumn]`: the shape ranges are pinned in. */
function at(range: Range | undefined): number[] {
  if (range === undefined) return [];
  return [range.start.line, range.start.column, range.end.line, range.end.column];
}

/** The source text a range covers, computed independently of the locator (lines split on `\n`, BOM dropped). */
function textAt(source: string, range: Range): string {
  const lines = source.replace(/^\uFEFF/, '').split('\n');
  const offset = (line: number, column: number): number => lines.slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0) + column - 1;
  return source.replace(/^\uFEFF/, '').slice(offset(range.start.line, range.start.column), offset(range.end.line, range.end.column));
}

function only<T>(items: readonly T[]): T {
  expect(items).toHaveLength(1);
  return items[0] as T;
}

function attributeRanges(block: LocatedBlock): Record<string, number[][]> {
  return Object.fromEntries(block.attributes.map((a) => [a.name, [at(a.nameRange), at(a.valueRange), at(a.range)]]));
}

describe('locateHclBlocks: comments', () => {
  const source = [
    '# resource "aws_iam_user" "a" {',
    '// resource "aws_iam_user" "b" {',
    '/* resource "aws_iam_user" "c" {',
    '}  */',
    'resource "aws_iam_user" "real" { # resource "x" "y" {',
    '  name = "real" // }',
    '  /* } */ path = "/"',
    '}',
    '',
  ].join('\n');
  const file = locateHclBlocks(source);

  it('ignores block-like text inside #, // and /* */ comments', () => {
    const block = only(file.blocks);
    expect(block.labels).toEqual(['aws_iam_user', 'real']);
    expect(at(block.typeRange)).toEqual([5, 1, 5, 9]);
    expect(block.labelRanges.map(at)).toEqual([
      [5, 10, 5, 24],
      [5, 25, 5, 31],
    ]);
    expect(at(block.headerRange)).toEqual([5, 1, 5, 31]);
    expect(at(block.range)).toEqual([5, 1, 8, 2]);
    expect(block.blocks).toEqual([]);
  });

  it('ends values before trailing comments and finds attributes after inline block comments', () => {
    const block = only(file.blocks);
    expect(attributeRanges(block)).toEqual({
      name: [
        [6, 3, 6, 7],
        [6, 10, 6, 16],
        [6, 3, 6, 16],
      ],
      path: [
        [7, 11, 7, 15],
        [7, 18, 7, 21],
        [7, 11, 7, 21],
      ],
    });
  });

  it('records every comment with its exact text and range', () => {
    expect(file.comments.map((c) => [c.text, at(c.range)])).toEqual([
      ['# resource "aws_iam_user" "a" {', [1, 1, 1, 32]],
      ['// resource "aws_iam_user" "b" {', [2, 1, 2, 33]],
      ['/* resource "aws_iam_user" "c" {\n}  */', [3, 1, 4, 6]],
      ['# resource "x" "y" {', [5, 34, 5, 54]],
      ['// }', [6, 17, 6, 21]],
      ['/* } */', [7, 3, 7, 10]],
    ]);
    for (const comment of file.comments) expect(textAt(source, comment.range)).toBe(comment.text);
  });
});

describe('locateHclBlocks: heredocs', () => {
  const source = [
    'resource "aws_iam_policy" "p" {',
    '  policy = <<EOT',
    '{',
    '  "a": "}"',
    '}',
    'resource "aws_iam_user" "fake" {',
    '  NOT EOT',
    'EOT',
    '  description = <<-EOT',
    '    resource "aws_iam_user" "fake2" {',
    '      }} ${jsonencode({ a = "}" })} $${ %%{',
    '    EOT',
    '  other = "after"',
    '}',
    'resource "aws_iam_user" "next" {}',
  ].join('\n');
  const file = locateHclBlocks(source);

  it('skips braces and resource lines in <<EOT and <<-EOT bodies, with indented terminators', () => {
    expect(file.blocks.map((b) => b.labels)).toEqual([
      ['aws_iam_policy', 'p'],
      ['aws_iam_user', 'next'],
    ]);
    const [policy, next] = file.blocks;
    expect(at(policy?.range)).toEqual([1, 1, 14, 2]);
    expect(at(next?.range)).toEqual([15, 1, 15, 34]);
    expect(at(next?.headerRange)).toEqual([15, 1, 15, 31]);
  });

  it('ends a heredoc value at the end of its closing marker', () => {
    const block = file.blocks[0] as LocatedBlock;
    expect(attributeRanges(block)).toEqual({
      policy: [
        [2, 3, 2, 9],
        [2, 12, 8, 4],
        [2, 3, 8, 4],
      ],
      description: [
        [9, 3, 9, 14],
        [9, 17, 12, 8],
        [9, 3, 12, 8],
      ],
      other: [
        [13, 3, 13, 8],
        [13, 11, 13, 18],
        [13, 3, 13, 18],
      ],
    });
    expect(textAt(source, block.attributes[1]?.valueRange as Range)).toMatch(/^<<-EOT\n[\s\S]*\n {4}EOT$/);
  });

  it('handles CRLF heredocs and a marker that ends the file', () => {
    const crlf = 'locals {\r\n  a = <<EOT\r\n}\r\n  EOT\r\n  b = 1\r\n}\r\nx {\r\n  c = <<-END\r\n  }\r\n  END';
    const [locals, x] = locateHclBlocks(crlf).blocks;
    expect(attributeRanges(locals as LocatedBlock)).toEqual({
      a: [
        [2, 3, 2, 4],
        [2, 7, 4, 6],
        [2, 3, 4, 6],
      ],
      b: [
        [5, 3, 5, 4],
        [5, 7, 5, 8],
        [5, 3, 5, 8],
      ],
    });
    expect(at(locals?.range)).toEqual([1, 1, 6, 2]);
    expect(at(x?.attributes[0]?.valueRange)).toEqual([8, 7, 10, 6]);
    expect(at(x?.range)).toEqual([7, 1, 10, 6]);
  });

  it('accepts spaces after the closing marker (as hcl2json does) but does not include them', () => {
    const block = only(locateHclBlocks('locals {\n  a = <<EOF\n}\nEOF  \n  b = 2\n}\n').blocks);
    expect(block.attributes.map((a) => [a.name, at(a.valueRange)])).toEqual([
      ['a', [2, 7, 4, 4]],
      ['b', [5, 7, 5, 8]],
    ]);
  });

  it('treats << without a marker and line break as an operator-like character, not a heredoc', () => {
    const file2 = locateHclBlocks('a {\n  x = 1 << 2\n  y = "<<EOT"\n}\nb {}\n');
    expect(file2.blocks.map((b) => b.type)).toEqual(['a', 'b']);
    expect(file2.blocks[0]?.attributes.map((a) => [a.name, at(a.valueRange)])).toEqual([
      ['x', [2, 7, 2, 13]],
      ['y', [3, 7, 3, 14]],
    ]);
  });
});

describe('locateHclBlocks: strings and templates', () => {
  const source = [
    'resource "aws_iam_user" "s" {',
    '  a = "}"',
    '  b = "${lookup(m, "k", "}")}"',
    '  c = "%{ if x }}%{ endif }"',
    '  d = "$${"',
    '  e = "%%{"',
    '  f = "\\"}\\\\"',
    '  g = "${{ a = "{" }.a}${"}"}"',
    '}',
    'resource "aws_iam_user" "after" {',
    '}',
  ].join('\n');
  const file = locateHclBlocks(source);

  it('does not take braces, quotes or escapes inside strings and interpolations for structure', () => {
    expect(file.blocks.map((b) => b.labels[1])).toEqual(['s', 'after']);
    const block = file.blocks[0] as LocatedBlock;
    expect(at(block.range)).toEqual([1, 1, 9, 2]);
    expect(block.attributes.map((a) => [a.name, at(a.valueRange)])).toEqual([
      ['a', [2, 7, 2, 10]],
      ['b', [3, 7, 3, 31]],
      ['c', [4, 7, 4, 29]],
      ['d', [5, 7, 5, 12]],
      ['e', [6, 7, 6, 12]],
      ['f', [7, 7, 7, 14]],
      ['g', [8, 7, 8, 31]],
    ]);
    expect(block.attributes.map((a) => textAt(source, a.valueRange))).toEqual([
      '"}"',
      '"${lookup(m, "k", "}")}"',
      '"%{ if x }}%{ endif }"',
      '"$${"',
      '"%%{"',
      '"\\"}\\\\"',
      '"${{ a = "{" }.a}${"}"}"',
    ]);
    expect(at(file.blocks[1]?.headerRange)).toEqual([10, 1, 10, 32]);
  });

  it('decodes escapes in quoted labels while ranges keep the quotes', () => {
    const block = only(locateHclBlocks('resource "a\\"b" "c\\u00e9\\\\" {}').blocks);
    expect(block.labels).toEqual(['a"b', 'cé\\']);
    expect(block.labelRanges.map(at)).toEqual([
      [1, 10, 1, 16],
      [1, 17, 1, 28],
    ]);
  });

  it('decodes $${ and %%{ in labels as hcl2json does', () => {
    const block = only(locateHclBlocks('resource "a$${b}" "c%%{d}" {}').blocks);
    expect(block.labels).toEqual(['a${b}', 'c%{d}']);
    expect(at(block.headerRange)).toEqual([1, 1, 1, 27]);
  });

  it('recovers from an unterminated string at the end of its line', () => {
    const recovered = locateHclBlocks('resource "a" "b" {\n  name = "oops\n}\nresource "c" "d" {}\n');
    expect(recovered.blocks.map((b) => [b.labels, at(b.range)])).toEqual([
      [
        ['a', 'b'],
        [1, 1, 3, 2],
      ],
      [
        ['c', 'd'],
        [4, 1, 4, 20],
      ],
    ]);
    expect(at(recovered.blocks[0]?.attributes[0]?.valueRange)).toEqual([2, 10, 2, 15]);
  });
});

describe('locateHclBlocks: block headers', () => {
  it('locates one-line blocks and their attributes', () => {
    const block = only(locateHclBlocks('resource "a" "b" { name = "x" }\n').blocks);
    expect(at(block.headerRange)).toEqual([1, 1, 1, 17]);
    expect(at(block.range)).toEqual([1, 1, 1, 32]);
    expect(attributeRanges(block)).toEqual({
      name: [
        [1, 20, 1, 24],
        [1, 27, 1, 30],
        [1, 20, 1, 30],
      ],
    });
  });

  it('allows spaces and tabs between labels and unquoted (identifier) labels', () => {
    const source = 'resource  \t"aws_iam_user"\t  "t"   {\n  dynamic foo {\n    content {}\n  }\n}\n';
    const block = only(locateHclBlocks(source).blocks);
    expect(block.labelRanges.map(at)).toEqual([
      [1, 12, 1, 26],
      [1, 29, 1, 32],
    ]);
    expect(at(block.headerRange)).toEqual([1, 1, 1, 32]);
    expect(at(block.range)).toEqual([1, 1, 5, 2]);
    const dynamic = only(block.blocks);
    expect([dynamic.type, dynamic.labels]).toEqual(['dynamic', ['foo']]);
    expect([at(dynamic.typeRange), dynamic.labelRanges.map(at), at(dynamic.headerRange), at(dynamic.range)]).toEqual([
      [2, 3, 2, 10],
      [[2, 11, 2, 14]],
      [2, 3, 2, 14],
      [2, 3, 4, 4],
    ]);
    const content = only(dynamic.blocks);
    expect([content.type, at(content.headerRange), at(content.range)]).toEqual(['content', [3, 5, 3, 12], [3, 5, 3, 15]]);
  });

  it('reads identifiers with dashes and attributes without spaces around =', () => {
    const source = 'resource "aws_iam_user" "my-user" {\n  force-destroy=true\n  my-attr = a-b\n  block-type my-label {}\n}\n';
    const block = only(locateHclBlocks(source).blocks);
    expect(block.labels).toEqual(['aws_iam_user', 'my-user']);
    expect(attributeRanges(block)).toEqual({
      'force-destroy': [
        [2, 3, 2, 16],
        [2, 17, 2, 21],
        [2, 3, 2, 21],
      ],
      'my-attr': [
        [3, 3, 3, 10],
        [3, 13, 3, 16],
        [3, 3, 3, 16],
      ],
    });
    const nested = only(block.blocks);
    expect([nested.type, nested.labels, at(nested.headerRange)]).toEqual(['block-type', ['my-label'], [4, 3, 4, 22]]);
  });

  it('does not take a header broken across lines for a block', () => {
    const file = locateHclBlocks('resource "a"\n"b" {\n}\nlocals {}\n');
    expect(file.blocks.map((b) => b.type)).toEqual(['locals']);
    const escaped = locateHclBlocks('resource "a\\\n" {\n}\nlocals {}\n');
    expect(escaped.blocks.map((b) => b.type)).toEqual(['locals']);
  });
});

describe('locateHclBlocks: line endings, BOM, tabs and non-ASCII text', () => {
  it('counts CRLF as one line break and does not count a BOM', () => {
    const source = '\uFEFFresource "aws_iam_user" "u" {\r\n\tname = "x" # note\r\n\tpolicy = <<EOT\r\n{ }\r\n\tEOT\r\n}\r\nresource "b" "c" {}\r\n';
    const file = locateHclBlocks(source);
    const [user, other] = file.blocks;
    expect(at(user?.headerRange)).toEqual([1, 1, 1, 28]);
    expect(at(user?.range)).toEqual([1, 1, 6, 2]);
    expect(attributeRanges(user as LocatedBlock)).toEqual({
      name: [
        [2, 2, 2, 6],
        [2, 9, 2, 12],
        [2, 2, 2, 12],
      ],
      policy: [
        [3, 2, 3, 8],
        [3, 11, 5, 5],
        [3, 2, 5, 5],
      ],
    });
    expect(at(other?.range)).toEqual([7, 1, 7, 20]);
    expect(file.comments.map((c) => [c.text, at(c.range)])).toEqual([['# note', [2, 13, 2, 19]]]);
  });

  it('counts columns in UTF-16 code units (an emoji is two)', () => {
    const source = [
      'resource "aws_iam_user" "é" { name = "😀😀" }',
      'resource "aws_iam_user" "x" {',
      '  description = "café 😀" # 😀 comment',
      '  name        = "after"',
      '}',
    ].join('\n');
    const file = locateHclBlocks(source);
    const [first, second] = file.blocks;
    expect(first?.labels).toEqual(['aws_iam_user', 'é']);
    expect(at(first?.headerRange)).toEqual([1, 1, 1, 28]);
    expect(attributeRanges(first as LocatedBlock)).toEqual({
      name: [
        [1, 31, 1, 35],
        [1, 38, 1, 44],
        [1, 31, 1, 44],
      ],
    });
    expect(at(first?.range)).toEqual([1, 1, 1, 46]);
    expect(second?.attributes.map((a) => [a.name, at(a.valueRange)])).toEqual([
      ['description', [3, 17, 3, 26]],
      ['name', [4, 17, 4, 24]],
    ]);
    expect(file.comments.map((c) => [c.text, at(c.range)])).toEqual([['# 😀 comment', [3, 27, 3, 39]]]);
  });

  it('accepts non-ASCII identifiers', () => {
    const block = only(locateHclBlocks('locals {\n  café = 1\n}\n').blocks);
    expect(attributeRanges(block)).toEqual({
      café: [
        [2, 3, 2, 7],
        [2, 10, 2, 11],
        [2, 3, 2, 11],
      ],
    });
  });
});

describe('locateHclBlocks: multi-line values and nested blocks', () => {
  const source = [
    'resource "aws_iam_user_policy_attachment" "m" {',
    '  list = [',
    '    "a",',
    '    "b", # ]',
    '  ]',
    '  obj = {',
    '    x = { y = "}" }',
    '    "k" = 1',
    '  }',
    '  for_expr = {',
    '    for k, v in var.m : k => v',
    '    if v != "}"',
    '  }',
    '  call = merge(',
    '    var.a,',
    '    { b = 2 },',
    '  )',
    '  cond = (',
    '    var.x',
    '    ? 1',
    '    : 2',
    '  )',
    '  last = 1',
    '}',
  ].join('\n');
  const file = locateHclBlocks(source);

  it('ends each value at its real end and does not report object members as attributes', () => {
    const block = only(file.blocks);
    expect(block.attributes.map((a) => [a.name, at(a.valueRange)])).toEqual([
      ['list', [2, 10, 5, 4]],
      ['obj', [6, 9, 9, 4]],
      ['for_expr', [10, 14, 13, 4]],
      ['call', [14, 10, 17, 4]],
      ['cond', [18, 10, 22, 4]],
      ['last', [23, 10, 23, 11]],
    ]);
    expect(block.blocks).toEqual([]);
    expect(at(block.range)).toEqual([1, 1, 24, 2]);
    expect(file.comments.map((c) => [c.text, at(c.range)])).toEqual([['# ]', [4, 10, 4, 13]]]);
  });

  it('nests lifecycle, dynamic and content blocks in source order', () => {
    const nested = [
      'resource "aws_iam_user" "n" {',
      '  name = "n"',
      '  lifecycle {',
      '    ignore_changes = [tags]',
      '  }',
      '  dynamic "tag" {',
      '    for_each = var.tags',
      '    content {',
      '      key = tag.key',
      '    }',
      '  }',
      '  after = true',
      '}',
    ].join('\n');
    const block = only(locateHclBlocks(nested).blocks);
    expect(block.attributes.map((a) => a.name)).toEqual(['name', 'after']);
    const [lifecycle, dynamic] = block.blocks;
    expect([lifecycle?.type, at(lifecycle?.headerRange), at(lifecycle?.range)]).toEqual(['lifecycle', [3, 3, 3, 12], [3, 3, 5, 4]]);
    expect(lifecycle?.attributes.map((a) => [a.name, at(a.valueRange)])).toEqual([['ignore_changes', [4, 22, 4, 28]]]);
    expect([dynamic?.labels, at(dynamic?.headerRange), dynamic?.labelRanges.map(at), at(dynamic?.range)]).toEqual([
      ['tag'],
      [6, 3, 6, 16],
      [[6, 11, 6, 16]],
      [6, 3, 11, 4],
    ]);
    expect(dynamic?.attributes.map((a) => a.name)).toEqual(['for_each']);
    const content = only(dynamic?.blocks ?? []);
    expect(at(content.range)).toEqual([8, 5, 10, 6]);
    expect(attributeRanges(content)).toEqual({
      key: [
        [9, 7, 9, 10],
        [9, 13, 9, 20],
        [9, 7, 9, 20],
      ],
    });
  });

  it('closes blocks left open at the end of the text', () => {
    const block = only(locateHclBlocks('resource "a" "b" {\n  x {\n    y = [1,\n').blocks);
    expect(at(block.range)).toEqual([1, 1, 4, 1]);
    expect(at(block.blocks[0]?.attributes[0]?.valueRange)).toEqual([3, 9, 3, 12]);
  });
});

describe('locateHclBlocks: inline block comments', () => {
  it('treats single-line /* */ comments in headers and around = as whitespace', () => {
    const source = 'resource /* a */ "aws_iam_user" /* b */ "u" /* c */ {\n  name /* d */ = /* e */ "x"\n}\n';
    const file = locateHclBlocks(source);
    const block = only(file.blocks);
    expect(block.labelRanges.map(at)).toEqual([
      [1, 18, 1, 32],
      [1, 41, 1, 44],
    ]);
    expect(at(block.headerRange)).toEqual([1, 1, 1, 44]);
    expect(attributeRanges(block)).toEqual({
      name: [
        [2, 3, 2, 7],
        [2, 26, 2, 29],
        [2, 3, 2, 29],
      ],
    });
    expect(file.comments.map((c) => c.text)).toEqual(['/* a */', '/* b */', '/* c */', '/* d */', '/* e */']);
    for (const comment of file.comments) expect(textAt(source, comment.range)).toBe(comment.text);
  });

  it('takes a header holding a multi-line comment for a block, as HCL does (no line break inside a comment), and records the comment once', () => {
    const file = locateHclBlocks('resource "a" /* x\n*/ "b" {\n}\n');
    expect(file.blocks.map((block) => [block.type, block.labels, at(block.range), block.labelRanges.map(at)])).toEqual([
      [
        'resource',
        ['a', 'b'],
        [1, 1, 3, 2],
        [
          [1, 10, 1, 13],
          [2, 4, 2, 7],
        ],
      ],
    ]);
    expect(file.comments.map((c) => c.text)).toEqual(['/* x\n*/']);
  });
});

describe('locateHclBlocks with one block type', () => {
  it('locates the top-level blocks of that type exactly as the whole file is located, and nothing else', () => {
    const text = [
      '# a comment',
      'variable "v" {',
      '  default = "module \\"fake\\" {"',
      '}',
      'module "a" {',
      '  source = "app.terraform.io/x/y/aws" # registry',
      '  nested {',
      '    x = 1',
      '  }',
      '}',
      'locals {',
      '  doc = <<EOT',
      'module "heredoc" {',
      'EOT',
      '}',
      'module b { source = "./b" }',
      'resource "aws_iam_user" "u" {',
      '  module "inner" {',
      '  }',
      '}',
      '',
    ].join('\n');
    const whole = locateHclBlocks(text);
    const modules = locateHclBlocks(text, 'module');
    expect(modules.blocks.map((block) => block.labels)).toEqual([['a'], ['b']]);
    expect(modules.blocks).toEqual(whole.blocks.filter((block) => block.type === 'module'));
    expect(modules.comments).toEqual([]);
  });
});

describe('scanHclExpression: where an attribute value ends', () => {
  // Each case: the value (from offset 0) and the text that follows it; `end` must be the value's length.
  it.each([
    ['"a # not a comment ${x} $${y} %%{z} \\" still"', ' # comment\nnext = 1'],
    ['"${ "}" }" == "}"', '\nb = 2'],
    ['<<EOT\n  long line with ${var.a} and } and " and # and //\n  EOT not the end\nEOT', '\nb = 2'],
    ['<<-EOT\n    x $${literal} %{ if true }y%{ endif }\n    EOT', '   \r\nb = 2'],
    ['var.a-b * local.c / 2 % 3', ' // trailing\nb = 2'],
    ['f(\n  1, # inside\n  [a, b],\n)', '\nb = 2'],
    ['x\ry', '\nb = 2'],
  ])('%j', (value, rest) => {
    const text = value + rest;
    expect(scanHclExpression(text, 0, []).end).toBe(value.length);
  });

  it('a quoted template left open ends at the line break, and a one-line block value at its closing brace', () => {
    expect(scanHclExpression('"open\nb = 1', 0, []).end).toBe(5);
    // A backslash does not carry a quoted template over a line break.
    expect(scanHclExpression('"line\\\nnext"', 0, []).end).toBe(6);
    expect(scanHclExpression('1 }', 0, [])).toEqual({ end: 1, next: 2 });
  });
});
