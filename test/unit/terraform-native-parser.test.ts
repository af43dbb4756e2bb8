/**
 * The native `.tf` parser (`src/terraform/native/`) on hand-written inputs. Every expected body below
 * is what hcl2json 0.21 (the oracle, `test/process/terraform-native-parser-corpus.test.ts`) gives for
 * the same text, except in the block that says where it differs.
 */
import { describe, expect, it } from 'vitest';
import { parseNativeHcl } from '../../src/terraform/native/parse-native-hcl.js';
import { MODULE_SOURCES } from '../../src/terraform/module/read-module-files.js';
import { locateHclBlocks } from '../../src/terraform/locate/locate-hcl-blocks.js';

function body(text: string): unknown {
  const result = parseNativeHcl(text);
  if (!result.ok) throw new Error(`${result.message} at ${result.offset}`);
  return JSON.parse(JSON.stringify(result.body)) as unknown;
}

/** The syntax error's message and 1-based line and column. */
function error(text: string): [string, number, number] {
  const result = parseNativeHcl(text);
  if (result.ok) throw new Error('parsed');
  const before = text.slice(0, result.offset).split('\n');
  return [result.message, before.length, (before[before.length - 1] ?? '').length + 1];
}

describe('the body in Terraform JSON shape', () => {
  it('nests labels, keeps repeated blocks in source order and sorts keys', () => {
    const text = 'resource "a" "b" {\n  x = 1\n  y { z = 2 }\n}\nresource "a" "c" {}\nresource "a" "b" {}\nlocals {\n  b = 1\n  a = 2\n}\n';
    expect(body(text)).toEqual({ locals: [{ a: 2, b: 1 }], resource: { a: { b: [{ x: 1, y: [{ z: 2 }] }, {}], c: [{}] } } });
    expect(Object.keys(body('z = 1\na = 2\n') as object)).toEqual(['a', 'z']);
  });

  it('lets an attribute stand over blocks of the same name, and refuses a type with and without labels', () => {
    expect(body('v = "x"\nv {\n  a = 1\n}\n')).toEqual({ v: 'x' });
    expect(error('b "x" {\n}\nb {\n}\n')).toEqual(['"b" blocks cannot be written both with and without labels', 3, 1]);
  });
});

describe('where the body differs from hcl2json', () => {
  it('keeps a null inside a template as ${null}, which Terraform refuses there (hcl2json writes the text null)', () => {
    expect(body('a = "${null}x"\nb = "x${c ? "y" : null}"\nc = <<EOT\n${null}\nEOT\nd = "${null}"\ne = "${c ? null : 1}"\n')).toEqual({
      a: '${null}x',
      b: 'x%{if c}y%{else}${null}%{endif}',
      c: '${null}\n',
      d: null,
      e: '${c ? null : 1}',
    });
  });
});

describe('expressions as hcl2json renders them', () => {
  it('gives literals as values and everything else as its source', () => {
    expect(body('a = -1\nb = !true\nc = -x\nd = 1.50\ne = 1e3\nf = 1.e3\ng = null\nh = x.y[0].*.z\n')).toEqual({
      a: -1,
      b: false,
      c: '${-x}',
      d: 1.5,
      e: 1000,
      f: 1000,
      g: null,
      h: '${x.y[0].*.z}',
    });
    expect(body('a = [f(x), (y), "${ z }"]\nb = [for x in y: x]\n')).toEqual({ a: ['${f(x)}', '${(y)}', '${z}'], b: '${[for x in y: x]}' });
  });

  it('renders templates with their directives, conditionals and escapes', () => {
    expect(body('a = "${1}"\nb = "x${c ? "a" : "b"}y"\nc = "${c ? 1 : 2}"\nd = "%{for k, v in m}${k}%{endfor}!"\ne = "${~ x ~}  y"\n')).toEqual({
      a: 1,
      b: 'x%{if c}a%{else}b%{endif}y',
      c: '${c ? 1 : 2}',
      d: '%{for k, v in m}${k}%{endfor}!',
      e: '${x}y',
    });
    expect(body('a = "$${x}"\nb = "$${x}${y}"\nc = { "$${k}" = 1 }\n')).toEqual({ a: '$${x}', b: '$${x}${y}', c: { '$${k}': 1 } });
  });

  it('renders a template that is one interpolation from its quote when it is an operand, a condition or indexed', () => {
    // Found by fuzzing against hcl2json: the source started at the interpolated expression (`var.env}" == ...`).
    expect(body('a = "${var.env}" == "prod" ? 1 : 2\nb = "${x}"[0]\nc = "${"${x}" ? "y" : "n"}"\nd = "\\n${~ x}".y\n')).toEqual({
      a: '${"${var.env}" == "prod" ? 1 : 2}',
      b: '${"${x}"[0]}',
      c: '${"${x}" ? "y" : "n"}',
      d: '${"\\n${~ x}".y}',
    });
  });

  it('renders object keys: names and traversals as text, (expr) and interpolations as expressions', () => {
    expect(body('a = { (k) = 1, "s" = 2, b = 3, 1 = 4, "${z}" = 5 }\np = { aws.west = aws.west }\n')).toEqual({
      a: { '1': 4, '${(k)}': 1, '${z}': 5, b: 3, s: 2 },
      p: { 'aws.west': '${aws.west}' },
    });
  });

  it('removes the indentation of <<- heredocs from the literal lines only, keeping line breaks as written', () => {
    expect(body('a = <<-EOT\n   hi ${x}\n   yo\n  EOT\n')).toEqual({ a: 'hi ${x}\nyo\n' });
    expect(body('a = <<-EOT\n    #c\n    ${f({\n  k = 1\n})}\n    EOT\n')).toEqual({ a: '#c\n${f({\n  k = 1\n})}\n' });
    expect(body('b {\r\n  c = <<EOT\r\n  y\r\n  EOT\r\n}\r\n')).toEqual({ b: [{ c: '  y\r\n' }] });
  });

  it('reads heredocs in time linear in their length (found by attacking the CLI: 200,000 lines ran for minutes)', () => {
    const lines = 200_000;
    for (const [text, expected] of [
      [`a = <<-EOT\n${'  x\n'.repeat(lines)}  EOT\n`, 'x\n'.repeat(lines)],
      [`a = <<EOT\n${'  x\n'.repeat(lines)}EOT\n`, '  x\n'.repeat(lines)],
      [`a = <<EOT\n${'$'.repeat(1_000_000)}\nEOT\n`, `${'$'.repeat(1_000_000)}\n`],
      [`a = <<EOT\r\n${'  x\r\n'.repeat(lines)}EOT\r\n`, '  x\r\n'.repeat(lines)],
    ] as const) {
      const started = performance.now();
      const result = parseNativeHcl(text);
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(result.ok && result.body['a']).toBe(expected);
    }
  }, 60_000);

  it('ignores newlines inside brackets but not at the end of an attribute', () => {
    expect(body('a = [try\n  (x, 1)]\nb = [1,\n2\n]\n')).toEqual({ a: ['${try\n  (x, 1)}'], b: [1, 2] });
    expect(error('a = x\n  ? 1 : 2\n')[1]).toBe(2);
  });

  // Found by fuzzing against hcl2json; each expected error is where hcl2json reports it.
  it('ends an object item at its line, and separates items by a newline or comma, ignoring newlines in brackets and templates', () => {
    const text =
      'a = {\n  b = 1 # c\n  c = 2 // d\n  d = [\n    1,\n  ]\n  e = (1\n  + 2)\n  f = "${x\n  + 1}"\n  g = {\n    for k, v in m :\n    k => v\n  }\n  h = y[\n  0]\n  i = 4 / 2\n}\n';
    expect(body(text)).toEqual({
      a: { b: 1, c: 2, d: [1], e: '${(1\n  + 2)}', f: '${x\n  + 1}', g: '${{\n    for k, v in m :\n    k => v\n  }}', h: '${y[\n  0]}', i: '${4 / 2}' },
    });
    expect(error('a = {\n  b = 1 c = 2\n}\n')).toEqual(['expected a newline, "," or "}" after the object\'s item but found "c = 2\n}"', 2, 9]);
    expect(error('a = {\n  b =\n    1\n}\n')).toEqual(['expected an expression but the line ended', 2, 6]);
    expect(error('a = {\n  b\n  = 1\n}\n')).toEqual(['expected "=" or ":" after the object key but the line ended', 2, 4]);
    expect(error('a = {\n  b = x\n    ? 1 : 2\n}\n')).toEqual(['unexpected "?" where an expression was expected', 3, 5]);
    expect(error('a = {\n  b = 1\n  , c = 2\n}\n')).toEqual(['unexpected "," where an expression was expected', 3, 3]);
  });

  it('reads a comment between a function name and "(", and object keys without their comments', () => {
    expect(body('a = try /* c */ (x, 1)\nb = { k = f /* c */ (1) }\nc = { null /* c */ = 1, a.b /* c */ : 2 }\n')).toEqual({
      a: '${try /* c */ (x, 1)}',
      b: { k: '${f /* c */ (1)}' },
      c: { 'a.b': 2, null: 1 },
    });
  });

  it('reads a legacy index as the number HCL scans there, and refuses two chained and splats nested in .*', () => {
    expect(body('a = x.1e2\nb = x.0.y\nc = x.*.0\nd = x.0.enabled\n')).toEqual({ a: '${x.1e2}', b: '${x.0.y}', c: '${x.*.0}', d: '${x.0.enabled}' });
    expect(error('a = x.1.e2\n')).toEqual(['two legacy indexes cannot be chained (.0.1): write the indexes in brackets, [0][1]', 1, 7]);
    expect(error('a = x.0.1\n')).toEqual(['two legacy indexes cannot be chained (.0.1): write the indexes in brackets, [0][1]', 1, 7]);
    expect(error('a = x.*.y.*.z\n')).toEqual(['a splat cannot be nested inside an attribute-only splat (.*)', 1, 11]);
  });

  it('refuses what HCL refuses: a comma after an expanded argument, "for" first in brackets without a name, a lone carriage return', () => {
    expect(error('a = f(x...,)\n')).toEqual(['expected ")" after the expanded final argument but found ",)"', 1, 11]);
    expect(error('a = [for]\n')).toEqual(['expected a variable name in the for expression but found "]"', 1, 9]);
    expect(error('a = [1,\r2]\n')).toEqual(['a carriage return alone is no line break in HCL', 1, 8]);
  });
});

describe('syntax errors, at their line and column', () => {
  it.each([
    ['a = \n', 'missing expression: an expression is required after "="', 1, 5],
    ['a = "abc\nb = 1\n', 'unterminated string: expected a closing "', 1, 9],
    ['a = <<EOT\nhello\n', 'heredoc without its closing marker EOT', 2, 1],
    ['/* never closed\na = 1\n', 'unterminated comment: "/*" has no closing "*/"', 1, 1],
    ['b {\n  a = 1\n', 'unclosed block: there is no "}" for this block before the end of the file', 1, 3],
    ['a = 1\na = 2\n', 'attribute "a" is set more than once', 2, 1],
    ['a = 10.0.0.1/32\n', 'invalid number literal "10.0.0.1"', 1, 5],
    ['}\n', 'unexpected "}": an attribute or block definition is required here', 1, 1],
    // Terraform 0.11 allowed two arguments in a one-line block; 0.12 and later refuse it.
    [
      'variable "u" { default = [] type = "list" }\n',
      'missing newline before attribute "type": each argument ends its line, and a one-line block holds only one',
      1,
      29,
    ],
    ['a = 1 b = 2\n', 'missing newline before attribute "b": each argument ends its line, and a one-line block holds only one', 1, 7],
    // Terraform 0.11 took quoted argument names in a block (`tags { "Name" = "x" }`); 0.12 and later
    // refuse them: "Invalid argument name: Argument names must not be quoted."
    ['t {\n  "Owner Team" = "x"\n}\n', 'invalid argument name "Owner Team": an argument name must not be quoted', 2, 3],
    ['"a" = 1\n', 'invalid argument name "a": an argument name must not be quoted', 1, 1],
    ['t { "a" = 1 }\n', 'invalid argument name "a": an argument name must not be quoted', 1, 5],
  ])('%j', (text, message, line, column) => {
    expect(error(text)).toEqual([message, line, column]);
  });

  // Found by fuzzing against hcl2json, which reports each at the same line and column.
  it('refuses escapes HCL cannot decode, in block labels as in strings', () => {
    expect(error('b "\\x" {}\n')).toEqual(['invalid escape sequence "\\x" in a block label', 1, 4]);
    expect(error('b "a" "\\u12" {}\n')).toEqual(['invalid escape sequence "\\u" in a block label', 1, 8]);
    expect(error('b "\\ud800" {}\n')).toEqual(['invalid escape sequence "\\u" in a block label', 1, 4]);
    expect(error('a = "\\ud800"\n')).toEqual(['invalid escape sequence "\\u"', 1, 6]);
    expect(body('b "\\u00e9\\n\\\\\\"" {}\n')).toEqual({ b: { 'é\n\\"': [{}] } });
  });

  it('reads a /* */ comment that spans lines as space: no line break inside a header, after a block or before "="', () => {
    expect(body('resource /*\n*/ "x" "y" {\n  a /*\n*/ = 1\n}\nb { /*\n*/ a = 1 }\nc {\n} /* x\n */\n')).toEqual({
      b: [{ a: 1 }],
      c: [{}],
      resource: { x: { y: [{ a: 1 }] } },
    });
    expect(error('b {\n}/*\n*/ c {}\n')).toEqual(['missing newline after the block definition: found "c {}\\n"', 3, 4]);
  });

  // HCL's scanner ends a quoted string's text at "\r" ("Invalid multi-line string") and takes "\r" in a
  // heredoc only before "\n" ("Invalid character"); hcl2json reports each at the same line and column.
  it('refuses a carriage return inside a quoted string, and one not followed by "\\n" inside a heredoc', () => {
    const quoted = 'a quoted string cannot hold a line break or a carriage return: write the \\n or \\r escape, or use a heredoc';
    expect(error('a = "x\ry"\n')).toEqual([quoted, 1, 7]);
    expect(error('a = "${x}\r"\n')).toEqual([quoted, 1, 10]);
    expect(error('a = "%{if x}\r%{endif}"\n')).toEqual([quoted, 1, 13]);
    const heredoc = 'a heredoc cannot hold a carriage return that is not followed by a line break';
    expect(error('a = <<EOT\nx\ry\nEOT\n')).toEqual([heredoc, 2, 2]);
    expect(error('a = <<EOT\r\nx\n\rEOT\n')).toEqual([heredoc, 3, 1]);
    expect(error('a = <<EOT\nx\nEOT\rb = 1\n')).toEqual([heredoc, 3, 4]);
    expect(body('a = <<EOT\r\nx\r\n${y}\r\nEOT\r\nb = "\\r"\n')).toEqual({ a: 'x\r\n${y}\r\n', b: '\r' });
  });

  it('refuses control characters outside strings, keeps them inside', () => {
    expect(error('a = 1\u0001\n').slice(1)).toEqual([1, 6]);
    expect(error('x = 1\n\u0007a = 1\n').slice(1)).toEqual([2, 1]);
    expect(body('a = "x\u0001y"\n')).toEqual({ a: 'x\u0001y' });
  });
});

describe('hostile nesting and size', () => {
  it('refuses blocks nested deeper than 500 at the brace that crossed the limit, without recursion', () => {
    expect(parseNativeHcl('a {\n'.repeat(499) + '}\n'.repeat(499)).ok).toBe(true);
    expect(error('a {\n'.repeat(100_000) + '}\n'.repeat(100_000))).toEqual(['nesting deeper than 500 levels; the file is not parsed', 501, 3]);
  });

  it.each([
    ['objects', (n: number) => 'x = ' + '{a = '.repeat(n) + '1' + '}'.repeat(n) + '\n'],
    ['tuples', (n: number) => 'x = ' + '['.repeat(n) + ']'.repeat(n) + '\n'],
    ['parentheses', (n: number) => 'x = ' + '('.repeat(n) + '1' + ')'.repeat(n) + '\n'],
    ['calls', (n: number) => 'x = ' + 'f('.repeat(n) + ')'.repeat(n) + '\n'],
    ['interpolations', (n: number) => 'x = ' + '"${'.repeat(n) + '1' + '}"'.repeat(n) + '\n'],
    ['operators', (n: number) => 'x = ' + '-!'.repeat(n) + 'a\n'],
  ])('refuses %s nested 50,000 deep with a syntax error on line 1', (_, build) => {
    const [message, line] = error(build(50_000));
    expect(message).toBe('expression nested more than 256 levels deep');
    expect(line).toBe(1);
  });

  it('parses a 1 MB file of 10,000 blocks', () => {
    const block = (i: number) => `resource "aws_iam_user" "u${i}" {\n  name = "user-${i}"\n  tags = { team = var.team, n = ${i} }\n}\n`;
    const text = Array.from({ length: 10_000 }, (_, i) => block(i)).join('');
    const started = performance.now();
    const result = parseNativeHcl(text);
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(result.ok && Object.keys((result.body['resource'] as Record<string, object>)['aws_iam_user'] ?? {}).length).toBe(10_000);
  });
});

describe('a selection: the source and version of each module call, the rest checked only', () => {
  const calls = MODULE_SOURCES;

  it('renders the selected attributes of the selected blocks only', () => {
    const text =
      'module "a" {\n  source = "./a"\n  count  = 2\n  inner { source = "no" }\n}\nmodule "b" {\n  version = "1.0"\n}\nresource "aws_iam_user" "u" {\n  name = "u"\n}\nsource = 1\n';
    const result = parseNativeHcl(text, calls);
    expect(result.ok && JSON.parse(JSON.stringify(result.body))).toEqual({ module: { a: [{ source: './a' }], b: [{ version: '1.0' }] } });
    // A top-level attribute of the selected type's name stands over its blocks, as in a full parse.
    const shadowed = parseNativeHcl('module = 1\nmodule "a" {\n  source = "./a"\n}\n', calls);
    expect(shadowed.ok && shadowed.body).toEqual({ module: 1 });
  });

  it.each([
    ['an expression outside any module block', 'locals {\n  a = 1 +\n}\nmodule "a" {\n  source = "./a"\n}\n'],
    ['a naked traversal as an object key is accepted as in a full parse', 'locals {\n  a = { b.c = 1 }\n}\nmodule "a" {\n  source = "./a"\n}\n'],
    ['block labels that clash', 'resource "a" "b" {}\nresource "a" {}\nmodule "a" {\n  source = "./a"\n}\n'],
    ['a clash nested in a block that is not selected', 'resource "a" "b" {\n  x "y" {}\n  x {}\n}\n'],
    ['an attribute set twice', 'locals {\n  a = 1\n  a = 2\n}\n'],
    ['an unclosed block', 'module "a" {\n  source = "./a"\n'],
  ])('fails where and how a full parse fails: %s', (_, text) => {
    const full = parseNativeHcl(text);
    const selected = parseNativeHcl(text, calls);
    expect(selected.ok).toBe(full.ok);
    if (!full.ok) expect(selected).toEqual(full);
  });
});

describe('where the blocks are, from the parse itself', () => {
  it('locates every block and attribute of a full parse as the locator does, comments included', () => {
    const text = [
      '# a file',
      'resource "aws_iam_user" "u" { # the user',
      '  name = "u" /* inline */',
      '  tags = {',
      '    a = "${var.x}" // c',
      '  }',
      '  lifecycle { ignore_changes = [tags] }',
      '  dynamic "d" {',
      '    for_each = [1]',
      '    content {}',
      '  }',
      '}',
      'top = 1',
      'locals {}',
      'module "m" {',
      '  source = <<-EOT',
      '    ./m',
      '  EOT',
      '}',
      '',
    ].join('\n');
    const result = parseNativeHcl(text);
    if (!result.ok) throw new Error(result.message);
    const located = locateHclBlocks(text);
    expect(result.located.blocks).toEqual(located.blocks);
    expect(result.located.blocks.map((block) => block.type)).toEqual(['resource', 'locals', 'module']);
    expect(result.located.comments).toEqual(located.comments);
    expect(result.located.comments.map((comment) => comment.text)).toEqual(['# a file', '# the user', '/* inline */', '// c']);
  });
});
