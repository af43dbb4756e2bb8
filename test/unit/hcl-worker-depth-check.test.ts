import { describe, expect, it } from 'vitest';
import { findExcessiveNesting } from '../../src/terraform/check-nesting-depth.js';

describe('findExcessiveNesting (lexical depth check before hcl2json)', () => {
  it('counts blocks, objects, tuples and parentheses, and reports the bracket that crossed the limit', () => {
    expect(findExcessiveNesting('a {\n  b = [({})]\n}\n', 3)).toEqual({ line: 2, column: 9 });
    expect(findExcessiveNesting('a {\n  b = [({})]\n}\n', 4)).toBeUndefined();
  });

  it('ignores brackets in comments of every kind', () => {
    const text = '# {{{{\n// [[[[\n/* ((((\n {{{{ */\nx = 1\n';
    expect(findExcessiveNesting(text, 0)).toBeUndefined();
    expect(findExcessiveNesting(text + 'y = {}\n', 0)).toEqual({ line: 6, column: 5 });
  });

  it('ignores brackets in strings but counts template interpolations and directives', () => {
    expect(findExcessiveNesting('x = "{{[[(("\n', 0)).toBeUndefined();
    expect(findExcessiveNesting('x = "a\\"{{"\n', 0)).toBeUndefined();
    expect(findExcessiveNesting('x = "${a}"\n', 0)).toEqual({ line: 1, column: 6 });
    expect(findExcessiveNesting('x = "%{ if a }b%{ endif }"\n', 0)).toEqual({ line: 1, column: 6 });
    expect(findExcessiveNesting('x = "$${a} %%{b}"\n', 0)).toBeUndefined();
    // an interpolation holding a nested object, and a string inside it
    expect(findExcessiveNesting('x = "${ {a = "}"} }"\n', 1)).toEqual({ line: 1, column: 9 });
  });

  it('ignores heredoc bodies except interpolations, and finds the end marker (also indented)', () => {
    const text = 'x = <<EOT\n{{{{ resource "a" "b" {\nEOT\ny = <<-EOT\n  [[[[\n  EOT\nz = 1\n';
    expect(findExcessiveNesting(text, 0)).toBeUndefined();
    expect(findExcessiveNesting('x = <<EOT\n  ${ {} }\nEOT\n', 1)).toEqual({ line: 2, column: 6 });
  });

  it('keeps columns in UTF-16 code units and survives CRLF and unbalanced closers', () => {
    expect(findExcessiveNesting('# é😀\r\nx = "😀" }}} [\r\n', 0)).toEqual({ line: 2, column: 14 });
  });

  it('treats an unterminated string as ending at the line end', () => {
    expect(findExcessiveNesting('x = "abc\ny = {}\n', 0)).toEqual({ line: 2, column: 5 });
  });
});
