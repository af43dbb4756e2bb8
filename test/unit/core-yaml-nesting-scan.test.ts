// The scan that refuses deeply nested YAML before the yaml package recurses into it: what counts as a
// level (flow collections, block entries written on one line) and what never does (quoted scalars,
// comments, block scalars, brackets inside plain scalars).
import { describe, expect, it } from 'vitest';
import { yamlNestingPast } from '../../src/core/count-structure.js';

const at = (text: string) => yamlNestingPast(text, 3);

describe('yamlNestingPast', () => {
  it('counts flow sequences and mappings, across lines, and answers the offset of the bracket past the bound', () => {
    expect(at('a: [[[x]]]\n')).toBeUndefined();
    expect(at('a: [[[[x]]]]\n')).toBe(6);
    expect(at('a: {b: {c: [d, {e: f}]}}\n')).toBe(15);
    expect(at('a: !Join\n  - ""\n  - [x, [y,\n      [z, [w]]]]\n')).toBe(38);
    expect(at('a: [[[x]]]\nb: [[[y]]]\n')).toBeUndefined();
  });

  it('counts block entries written on one line', () => {
    expect(at('a:\n  - - - x\n')).toBeUndefined();
    expect(at('a:\n  - - - - x\n')).toBe(11);
    expect(at('? ? ? ? x\n')).toBe(6);
    expect(at('---\n- -1\n- -2\n- - -3\n')).toBeUndefined();
  });

  it('skips quoted scalars, comments and block scalars', () => {
    expect(at("a: \"[[[[ \\\" [[[[\"\nb: '{{{{ '' {{{{'\n")).toBeUndefined();
    expect(at('a: x # [[[[[[\n# {{{{{{\n')).toBeUndefined();
    expect(at('a: |\n  [[[[[[\n  {{{{{{\nb: >-\n    [[[[[[\nc: [[[[x]]]]\n')).toBe(46);
    expect(at('- Code: |\n    if (a) { if (b) { if (c) { if (d) {\n- x\n')).toBeUndefined();
  });

  it('leaves brackets inside plain scalars of block context alone', () => {
    expect(at('AllowedPattern: ^[a-z][[[[[a-z0-9]*$\nb: arn:aws:s3:::x/{{{{\n')).toBeUndefined();
    expect(at("Description: it's [[[[ here\n")).toBeUndefined();
  });

  it('stays linear on a megabyte of nesting', () => {
    const deep = 'a: ' + '{b: '.repeat(250_000) + 'x' + '}'.repeat(250_000) + '\n';
    expect(yamlNestingPast(deep, 200)).toBe(3 + 200 * 4);
  });
});
