// The scan that refuses deeply nested YAML before the yaml package recurses into it: what counts as a
// level (the document's collection, block collections by indentation or by entries written on one
// line, flow collections) and what never does (quoted scalars, comments, block scalars, brackets
// inside plain scalars, continuation lines of plain scalars).
import { describe, expect, it } from 'vitest';
import { yamlNestingPast } from '../../src/core/count-structure.js';

const at = (text: string) => yamlNestingPast(text, 3);

describe('yamlNestingPast', () => {
  it('counts flow sequences and mappings inside the document, across lines, and answers the offset of the bracket past the bound', () => {
    expect(at('a: [[x]]\n')).toBeUndefined();
    expect(at('a: [[[x]]]\n')).toBe(5);
    expect(at('a: {b: {c: [d, {e: f}]}}\n')).toBe(11);
    expect(at('a: !Join\n  - ""\n  - [x, [y,\n      [z, [w]]]]\n')).toBe(24);
    expect(at('a: [[x]]\nb: [[y]]\n')).toBeUndefined();
    expect(at('[[[x]]]\n')).toBeUndefined();
  });

  it('counts block entries written on one line', () => {
    expect(at('a:\n  - - x\n')).toBeUndefined();
    expect(at('a:\n  - - - x\n')).toBe(9);
    expect(at('? ? ? ? x\n')).toBe(6);
    expect(at('---\n- -1\n- -2\n- - -3\n')).toBeUndefined();
  });

  it('counts block mappings and sequences nested by indentation, at the node that crosses the bound', () => {
    expect(at('a:\n  b:\n    c: x\n')).toBeUndefined();
    expect(at('a:\n  b:\n    c:\n      d: x\n')).toBe(21);
    expect(at('-\n  -\n    -\n      - x\n')).toBe(18);
    expect(at('a:\n  b:\n    - [x]\n')).toBe(14);
    // Block scalar indicators and tags end a line whose node continues on the next.
    expect(at("key: !Join\n  - ''\n  - - a\n    - - b\n")).toBe(32);
    expect(at('a:\r\n  b:\r\n    c:\r\n      d: x\r\n')).toBe(24);
  });

  it('takes a sequence at its key own indentation as a level until a line that is no entry comes back to it', () => {
    expect(at('a:\n- b:\n  - c:\n    - x\n')).toBe(10);
    expect(at('a:\n- x\nb:\n- y\nc:\n- z\n')).toBeUndefined();
    expect(at('a:\n  b:\n  - x\n  c:\n  - y\n')).toBeUndefined();
  });

  it('starts again at each document', () => {
    expect(at('a:\n  b:\n    c: x\n---\na:\n  b:\n    c: x\n...\na:\n  b:\n    c: x\n')).toBeUndefined();
  });

  it('skips quoted scalars, comments and block scalars', () => {
    expect(at("a: \"[[[[ \\\" [[[[\"\nb: '{{{{ '' {{{{'\n")).toBeUndefined();
    expect(at('a: x # [[[[[[\n# {{{{{{\n')).toBeUndefined();
    expect(at('a: |\n  [[[[[[\n  {{{{{{\nb: >-\n    [[[[[[\nc: [[[[x]]]]\n')).toBe(45);
    expect(at('- Code: |\n    if (a) { if (b) { if (c) { if (d) {\n- x\n')).toBeUndefined();
    // A block scalar's indicator on a line of its own: its text may start at that line's indentation.
    expect(at('a:\n  b:\n    |\n    {{{{\n    [[[[\n  c: x\n')).toBeUndefined();
    expect(at('a:\n  b: "x\n      y:\n        z:"\n')).toBeUndefined();
    expect(at('a:\n      # x:\n          # y:\n  b: 1\n')).toBeUndefined();
  });

  it('leaves brackets inside plain scalars of block context alone, and their continuation lines', () => {
    expect(at('AllowedPattern: ^[a-z][[[[[a-z0-9]*$\nb: arn:aws:s3:::x/{{{{\n')).toBeUndefined();
    expect(at("Description: it's [[[[ here\n")).toBeUndefined();
    expect(at('a: x\n  y:\n    z:\n      w:\n        v\n')).toBeUndefined();
    expect(at('- b\n  - c\n    - d\n      - e\n')).toBeUndefined();
  });

  it('stays linear on a megabyte of nesting', () => {
    const deep = 'a: ' + '{b: '.repeat(250_000) + 'x' + '}'.repeat(250_000) + '\n';
    expect(yamlNestingPast(deep, 200)).toBe(3 + 199 * 4);
    const indented = Array.from({ length: 1_400 }, (_, i) => `${' '.repeat(i)}a:`).join('\n');
    expect(yamlNestingPast(indented, 200)).toBe(indented.indexOf(`\n${' '.repeat(200)}a:`) + 201);
    const started = performance.now();
    yamlNestingPast(indented, 2_000);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
