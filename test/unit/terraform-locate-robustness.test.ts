import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Range } from '../../src/core/location.js';
import { locateHclBlocks } from '../../src/terraform/locate/locate-hcl-blocks.js';
import { locateTfJson } from '../../src/terraform/locate/locate-tf-json.js';
import type { LocatedBlock, LocatedFile } from '../../src/terraform/locate/located-file.js';

/** The source text a range covers, computed independently of the locator. */
function textAt(source: string, range: Range): string {
  const lines = source.split('\n');
  const offset = (line: number, column: number): number => lines.slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0) + column - 1;
  return source.slice(offset(range.start.line, range.start.column), offset(range.end.line, range.end.column));
}

function allRanges(file: LocatedFile): Range[] {
  const ranges: Range[] = file.comments.map((c) => c.range);
  const visit = (block: LocatedBlock): void => {
    ranges.push(block.typeRange, block.headerRange, block.range, ...block.labelRanges);
    for (const a of block.attributes) ranges.push(a.nameRange, a.valueRange, a.range);
    block.blocks.forEach(visit);
  };
  file.blocks.forEach(visit);
  return ranges;
}

/** The range is never inverted and both of its ends exist in `text` (BOM dropped). */
function isValidIn(text: string): (range: Range) => boolean {
  const lineLengths = text
    .replace(/^\uFEFF/, '')
    // The lines positions count (core/source-text.ts): a \r of \r\n is its line's last column.
    .split(/\r(?!\n)|\n/)
    .map((line) => line.length);
  const exists = (line: number, column: number): boolean => column >= 1 && column <= (lineLengths[line - 1] ?? -1) + 1;
  return ({ start, end }) =>
    exists(start.line, start.column) && exists(end.line, end.column) && (end.line > start.line || (end.line === start.line && end.column >= start.column));
}

/** Fragments chosen to provoke every mode of the scanner, in any order. */
const FRAGMENTS = [
  'resource',
  ' ',
  '\t',
  '\n',
  '\r\n',
  '\r',
  '"',
  '\\',
  '"a"',
  'x',
  '-',
  '=',
  '==',
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  '${',
  '%{',
  '$${',
  '%%{',
  '~}',
  '<<EOT\n',
  '<<-EOT\n',
  'EOT\n',
  '  EOT',
  '<<',
  '#',
  '//',
  '/*',
  '*/',
  ',',
  '😀',
  'é',
  '\uFEFF',
  '\uD800',
  'dynamic',
  'content',
];

describe('locateHclBlocks on arbitrary text', () => {
  it('never throws and returns ordered ranges inside the text (random fragments)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 80 }), (parts) => {
        const text = parts.join('');
        expect(allRanges(locateHclBlocks(text)).every(isValidIn(text))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on arbitrary Unicode strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        expect(allRanges(locateHclBlocks(text)).every(isValidIn(text))).toBe(true);
        expect(allRanges(locateTfJson(text)).every(isValidIn(text))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

/** A generated configuration: what was written, and where its parts render. */
interface ModelAttribute {
  readonly name: string;
  readonly value: string;
}
interface ModelBlock {
  readonly type: string;
  readonly labels: readonly { readonly raw: string; readonly value: string }[];
  readonly attributes: readonly ModelAttribute[];
  readonly blocks: readonly ModelBlock[];
}

const identifier = fc.constantFrom('name', 'force-destroy', 'x', 'tags_all', 'café', 'a-b-c', 'resource', 'content');
const label = fc.oneof(
  fc.constantFrom('aws_iam_user', 'u', 'my-user', 'é😀').map((value) => ({ raw: `"${value}"`, value })),
  fc.constant({ raw: '"a\\"b"', value: 'a"b' }),
  fc.constantFrom('foo', 'bar-baz').map((value) => ({ raw: value, value })),
);
const VALUES = [
  '"plain"',
  '"}"',
  '"${lookup(m, "k", "}")}"',
  '"%{ if a }x%{ endif }"',
  '"$${"',
  '"\\"{"',
  '"é😀"',
  '1',
  'true',
  'var.x',
  'a-b',
  '[\n  "a", # ]\n  "b",\n]',
  '{\n  x = { y = "}" }\n  "k" = 1\n}',
  '<<EOT\nresource "a" "b" {\n}\nEOT',
  '<<-EOT\n  {\n  ${jsonencode({ a = "}" })}\n  EOT',
  'merge(\n  var.a,\n  { b = 2 },\n)',
  '[for k, v in var.m : k if v != "}"]',
];
const attribute = fc.record({ name: identifier, value: fc.constantFrom(...VALUES) });
const block: fc.Memo<ModelBlock> = fc.memo((depth) =>
  fc.record({
    type: fc.constantFrom('resource', 'dynamic', 'lifecycle', 'content', 'a-b'),
    labels: fc.array(label, { maxLength: 3 }),
    attributes: fc.array(attribute, { maxLength: 4 }),
    blocks: depth > 1 ? fc.array(block(depth - 1), { maxLength: 2 }) : fc.constant([]),
  }),
);
const style: fc.Arbitrary<Style> = fc.record({
  eol: fc.constantFrom('\n', '\r\n'),
  indent: fc.constantFrom('  ', '\t'),
  gap: fc.constantFrom(' ', '  \t '),
  comment: fc.constantFrom('', '# resource "x" "y" {', '// }', '/* } */', '/* {\n{ */'),
  trailing: fc.constantFrom('', ' # }', ' // resource "x" "y" {'),
});

interface Style {
  readonly eol: string;
  readonly indent: string;
  readonly gap: string;
  readonly comment: string;
  readonly trailing: string;
}

function render(blocks: readonly ModelBlock[], s: Style): string {
  const lines: string[] = [];
  const emit = (b: ModelBlock, indent: string): void => {
    if (s.comment) lines.push(indent + s.comment);
    lines.push(indent + [b.type, ...b.labels.map((l) => l.raw)].join(s.gap) + s.gap + '{');
    for (const a of b.attributes) {
      const trailing = a.value.startsWith('<<') ? '' : s.trailing;
      lines.push(indent + s.indent + a.name + ' = ' + a.value.replaceAll('\n', '\n' + indent + s.indent) + trailing);
    }
    for (const nested of b.blocks) emit(nested, indent + s.indent);
    lines.push(indent + '}');
  };
  for (const b of blocks) emit(b, '');
  return lines.join('\n').replaceAll('\n', s.eol) + s.eol;
}

describe('locateHclBlocks on generated configurations', () => {
  it('finds exactly the written blocks and attributes, with ranges covering their text', () => {
    fc.assert(
      fc.property(fc.array(block(3), { maxLength: 3 }), style, (blocks, s) => {
        const source = render(blocks, s);
        const located = locateHclBlocks(source);
        const check = (model: ModelBlock, found: LocatedBlock | undefined): void => {
          expect(found).toBeDefined();
          if (found === undefined) return;
          expect(found.type).toBe(model.type);
          expect(found.labels).toEqual(model.labels.map((l) => l.value));
          expect(textAt(source, found.headerRange)).toBe([model.type, ...model.labels.map((l) => l.raw)].join(s.gap));
          expect(found.labelRanges.map((r) => textAt(source, r))).toEqual(model.labels.map((l) => l.raw));
          const whole = textAt(source, found.range);
          expect(whole.startsWith(model.type) && whole.endsWith('}')).toBe(true);
          expect(found.attributes.map((a) => a.name)).toEqual(model.attributes.map((a) => a.name));
          found.attributes.forEach((a, index) => {
            const value = model.attributes[index]?.value ?? '';
            expect(textAt(source, a.nameRange)).toBe(a.name);
            expect(textAt(source, a.valueRange).replaceAll(/\r?\n[ \t]*/g, '\n')).toBe(value.replaceAll(/\n[ \t]*/g, '\n'));
          });
          expect(found.blocks).toHaveLength(model.blocks.length);
          model.blocks.forEach((nested, index) => check(nested, found.blocks[index]));
        };
        expect(located.blocks).toHaveLength(blocks.length);
        blocks.forEach((b, index) => check(b, located.blocks[index]));
      }),
      { numRuns: 300 },
    );
  });
});
