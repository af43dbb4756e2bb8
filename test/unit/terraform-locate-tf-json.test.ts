import { describe, expect, it } from 'vitest';
import type { Range } from '../../src/core/location.js';
import { locateTfJson } from '../../src/terraform/locate/locate-tf-json.js';

function at(range: Range | undefined): number[] {
  if (range === undefined) return [];
  return [range.start.line, range.start.column, range.end.line, range.end.column];
}

const source = [
  '{',
  '  "//": "top-level comment",',
  '  "resource": {',
  '    "aws_iam_user": {',
  '      "u": {',
  '        "//": { "metadata": { "path": "stack/u" } },',
  '        "name": "alice",',
  '        "tags": { "a": "}" }',
  '      }',
  '    },',
  '    "aws_iam_access_key": {',
  '      "k": [ { "user": "alice" }, { "user": "bob" } ]',
  '    }',
  '  },',
  '  "variable": { "v": { "default": 1 } },',
  '  "locals": { "x": [1, 2] },',
  '  "provider": { "aws": [ { "region": "us-east-1" }, { "alias": "w" } ] }',
  '}',
].join('\n');

describe('locateTfJson', () => {
  const file = locateTfJson(source);

  it('reads block types, labels (per block type) and bodies, skipping top-level "//"', () => {
    expect(file.blocks.map((b) => [b.type, b.labels])).toEqual([
      ['resource', ['aws_iam_user', 'u']],
      ['resource', ['aws_iam_access_key', 'k']],
      ['resource', ['aws_iam_access_key', 'k']],
      ['variable', ['v']],
      ['locals', []],
      ['provider', ['aws']],
      ['provider', ['aws']],
    ]);
    expect(file.comments).toEqual([]);
  });

  it('points the header at the innermost label key, quotes included', () => {
    const user = file.blocks[0];
    expect(at(user?.typeRange)).toEqual([3, 3, 3, 13]);
    expect(user?.labelRanges.map(at)).toEqual([
      [4, 5, 4, 19],
      [5, 7, 5, 10],
    ]);
    expect(at(user?.headerRange)).toEqual([5, 7, 5, 10]);
    expect(at(user?.range)).toEqual([5, 7, 9, 8]);
    expect(at(file.blocks[3]?.headerRange)).toEqual([15, 17, 15, 20]);
  });

  it('reports every body property, "//" and nested objects included, as an attribute', () => {
    const user = file.blocks[0];
    expect(user?.attributes.map((a) => [a.name, at(a.nameRange), at(a.valueRange), at(a.range)])).toEqual([
      ['//', [6, 9, 6, 13], [6, 15, 6, 52], [6, 9, 6, 52]],
      ['name', [7, 9, 7, 15], [7, 17, 7, 24], [7, 9, 7, 24]],
      ['tags', [8, 9, 8, 15], [8, 17, 8, 29], [8, 9, 8, 29]],
    ]);
    expect(user?.blocks).toEqual([]);
  });

  it('makes each element of an array of bodies its own block, spanning that element', () => {
    const [first, second] = file.blocks.slice(1, 3);
    expect([at(first?.headerRange), at(first?.range), at(first?.attributes[0]?.valueRange)]).toEqual([
      [12, 7, 12, 10],
      [12, 14, 12, 33],
      [12, 24, 12, 31],
    ]);
    expect([at(second?.headerRange), at(second?.range), at(second?.attributes[0]?.valueRange)]).toEqual([
      [12, 7, 12, 10],
      [12, 35, 12, 52],
      [12, 45, 12, 50],
    ]);
    expect(file.blocks.slice(5).map((b) => b.attributes.map((a) => a.name))).toEqual([['region'], ['alias']]);
  });

  it('uses the block type key as the header of label-less blocks', () => {
    const locals = file.blocks[4];
    expect([at(locals?.typeRange), at(locals?.headerRange), at(locals?.range)]).toEqual([
      [16, 3, 16, 11],
      [16, 3, 16, 11],
      [16, 3, 16, 28],
    ]);
    expect(locals?.attributes.map((a) => [a.name, at(a.valueRange)])).toEqual([['x', [16, 20, 16, 26]]]);
  });

  it('counts CRLF as one line break, skips a BOM and counts UTF-16 columns', () => {
    const crlf = '\uFEFF{\r\n  "output": {\r\n    "😀é": { "value": "😀" }\r\n  }\r\n}\r\n';
    const output = locateTfJson(crlf).blocks[0];
    expect(output?.labels).toEqual(['😀é']);
    expect(at(output?.headerRange)).toEqual([3, 5, 3, 10]);
    expect(output?.attributes.map((a) => [a.name, at(a.nameRange), at(a.valueRange)])).toEqual([['value', [3, 14, 3, 21], [3, 23, 3, 27]]]);
  });

  it('never throws and locates what it can in invalid or unexpected JSON', () => {
    expect(locateTfJson('')).toEqual({ blocks: [], comments: [] });
    expect(locateTfJson('[1, 2]')).toEqual({ blocks: [], comments: [] });
    expect(locateTfJson('{"resource": {"a": {"b": 1}}}').blocks).toEqual([]);
    const broken = locateTfJson('{"module": {"m": {"source": "./m",');
    expect(broken.blocks.map((b) => [b.type, b.labels, b.attributes.map((a) => a.name)])).toEqual([['module', ['m'], ['source']]]);
  });
});
