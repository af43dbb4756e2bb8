/**
 * The YAML subset reader (`src/cloudformation/yaml-subset.ts`) against the `yaml` package: every case
 * below gives the same documents, ranges and warnings through `parseYamlTemplate` (which tries the
 * subset first) as through the package alone, and each case states whether the subset reads it — so a
 * case meant for the fast path cannot silently fall back, nor a case outside it be read wrongly.
 */
import { describe, expect, it } from 'vitest';
import { parseYamlTemplate, parseYamlTemplateWithPackage } from '../../src/cloudformation/parse-yaml-template.js';
import { MAX_SUBSET_DEPTH, readYamlSubset } from '../../src/cloudformation/yaml-subset.js';
import { LineIndex, loneCarriageReturnsAsLineFeeds } from '../../src/core/source-text.js';

const lines = (...text: string[]) => `${text.join('\n')}\n`;

/** Read by the subset reader, and equal to the package's reading. */
const SUBSET: Record<string, string> = {
  'nested mappings and sequences': lines(
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Resources:',
    '  Ops:',
    '    Type: AWS::IAM::User',
    '    Properties:',
    '      UserName: ops',
    '      Groups:',
    '      - admins',
    '      -   readers',
    '      Policies:',
    '        - PolicyName: p',
    '          PolicyDocument:',
    '            Statement:',
    '              - - nested',
    '                - seq',
    '              -',
    '              - Effect: Allow',
  ),
  'comments that end collections at every depth': lines(
    'A:',
    '  B:',
    '    C: x # same line',
    '      # deeper than C: part of x',
    '    # at C: part of the mapping of C',
    '# column 0',
    '  # back at B',
    'D:',
    '  - a',
    '    # deeper than the sequence',
    '  - b: 1',
    '   # between the sequence and its mapping',
    'E:',
    '  F: |',
    '    text',
    '   # after a block scalar',
    'G: # on an empty value',
    '     # deeper',
    'H:',
    '  - - a',
    '  # t',
    ' # u',
    '     # v',
    'I:',
    '  J:',
    '# any comment after an empty value is part of it',
    '',
    '  # this one too',
    '  K: !Ref',
    '# and after an empty tagged value',
    '  L:',
    ' # at the end of the file, without a line break',
  ).trimEnd(),
  'YAML 1.2 core schema and YAML 1.1 booleans': lines(
    'Nulls: [~, null, Null, NULL]',
    'Empty:',
    'Bools: [true, True, TRUE, false, False, FALSE]',
    'Old: [yes, No, ON, off, y, n]',
    "Quoted: ['yes', \"on\", 'true', '12']",
    'Ints: [0o17, 0x1F, -0, +12, 007, 123456789012345678901234]',
    'Floats: [1.5, .5, 1e3, -1.5E-3, 1., -.inf, .Inf, .NaN, .nan]',
    "Strings: [1_000, 0b101, 2010-09-09, 1.2.3, 0x, '-', a-b, nulls]",
    'Keys:',
    '  1: one',
    '  yes: true key',
    '  ~: null key',
    '  0x10: sixteen',
    '  1.50: float key',
  ),
  'quoted scalars': lines(
    "Single: 'it''s ''quoted'' # not a comment'",
    'Double: "tab\\there \\"q\\" back\\\\slash \\u00e9\\x41\\U0001F600 \\/ \\_ \\N end"',
    "'Quoted key': v",
    '"Double key"   : v',
    "Empty: ''",
    'Hash: "a #b" # comment',
  ),
  'duplicate keys keep the last and warn, outer before inner': lines(
    'Resources:',
    '  A:',
    '    Type: X',
    '  A:',
    '    Type: Y',
    '    Type: Z',
    'Flow: {a: 1, a: 2}',
    'Resources: again',
  ),
  'short forms': lines(
    'Resources:',
    '  Key:',
    '    Type: AWS::IAM::AccessKey',
    '    Properties:',
    '      UserName: !Ref Ops',
    '      Serial: !Sub "${AWS::StackName}-1"',
    '      Status: !If [Active, !Ref AWS::NoValue, Inactive]',
    '      Arn: !GetAtt Ops.Arn',
    '      Joined: !Join [\'\', [a, !Ref B, "c", {Ref: D}]]',
    '      Azs: !GetAZs',
    "      Azs2: !GetAZs ''",
    '      Azs3: !GetAZs # empty, commented',
    '      Script: !Sub |',
    '        #!/bin/bash',
    '        echo ${AWS::Region}',
    '      Listed: !Join',
    '        - ","',
    '        - - a',
    '          - !Ref B',
    '      Mapped: !FindInMap',
    '        [Map, !Ref AWS::Region, Key]',
    '      Nested: !Base64',
    '        Fn::Sub: |',
    '          line',
    '      Module: !Rain::Module ./users.yaml',
    '      Embedded: !Rain::Embed handler.py',
    '      Other: [!Length [a, b], !ToJsonString {a: 1}]',
    '      Block: !ForEach',
    '        - x',
    'Conditions:',
    '  IsProd:',
    "    !Equals [!Ref Env, 'prod']",
  ),
  'flow collections': lines(
    'A: []',
    'B: {}',
    'C: [ a , "b" ,c ]',
    'D: {Ref: X, "Fn::GetAtt": [A, B]} # comment',
    'E: {"a":1,"b":"two"}',
    'F: [[a, [b]], {c: [d]}]',
    'G: [arn:aws:s3:::bucket/*, http://x]',
  ),
  'block scalars': lines(
    'Literal: |',
    '  first',
    '',
    '    indented',
    '  # not a comment',
    '       ',
    '  last  ',
    '',
    'Strip: |-',
    '  a',
    '',
    'Keep: |+',
    '  a',
    '',
    '',
    'Folded: >',
    '  a',
    '  b',
    '',
    '  c',
    'FoldedStrip: >-',
    '  x',
    '  y',
    'Spaces: |',
    '  a',
    '     ',
    'Seq:',
    '  - |',
    '    in a sequence',
    'End: |+',
    '  kept at the end',
  ),
  'plain scalars over several lines': lines(
    'Description: The VPC that holds',
    '  the security groups',
    '',
    '  of the stack.',
    '   # a comment after it',
    'Numbers: 12',
    '  34',
    'Seq:',
    '- first',
    '  continued',
    '- k: a',
    '    b',
  ),
  'one-pair mappings in flow sequences': lines(
    'A: !If [ C, "Fn::GetAtt": [ R, x ], b ]',
    `B: [ k: v, 'q' : 1, "j":2, { m: n }, !Ref r, k: again ]`,
    'C: [ k: !Ref x, l: [a, b], "m": { n: o } ]',
  ),
  'plain scalar lines that start with an indicator, after the first': lines(
    'Description: Must hold only letters or',
    '  !^*-_+',
    '  - and',
    '  & * ? | > % @ ` , [ ] { }',
    `  "quoted" 'single' !Ref x`,
    'Seq:',
    '- first',
    '  - second',
    '- k: a',
    '    ? b',
    '    -c',
    '    |d',
    'Tagged: !Sub a',
    '  $' + '{B} - c',
  ),
  'quoted scalars over several lines': lines(
    "Single: 'first line  ",
    "   second ''quoted''",
    '',
    '',
    "   # not a comment'",
    'Double: "a \\u00e9  ',
    '   b\\tc',
    '',
    '   d"',
    "OpenFirst: '",
    "  text'",
    "CloseAlone: 'text",
    "  '",
    'Seq:',
    '  - "item',
    '    continued" # comment',
  ),
  'values on the next line': lines('A:', '  plain', 'B:', '  "quoted"', 'C:', '  [a, b]', 'D:', '  !Ref X'),
  'a document start': lines('--- # the only document', 'A: 1'),
  'CRLF line breaks': 'A:\r\n  B: x # c\r\n  C: |\r\n    a\r\n    b\r\n  D: [a, b]\r\n',
  'tabs in comment lines': lines('A: 1', '#\ttabbed comment', '  #\tindented', 'B: 2'),
  'no final line break': 'A:\n  B: |\n    text',
};

/** Outside the subset: the package reads them (or reports their errors), with the same result as before. */
const PACKAGE: Record<string, string> = {
  'anchors and aliases': lines('A: &a x', 'B: *a'),
  'merge keys': lines('A: &d {x: 1}', 'B:', '  <<: *d'),
  'several documents': lines('A: 1', '---', 'B: 2'),
  'tab indentation': 'A:\n\tB: 1\n',
  'a tab after a value': 'A: 1\t# c\n',
  "a quoted scalar continued at its key's indentation": lines('A:', '  B: "first', '  second"'),
  'an escaped line break': lines('A: "first\\', '  second"'),
  'multi-line flow collection': lines('A: [a,', '  b]'),
  'secondary tag': lines('A: !!str 12'),
  'folded with more-indented lines': lines('A: >', '  a', '    b', '  c'),
  'indentation indicator': lines('A: |2', '    x'),
  'bad indentation': lines('A:', '  B: 1', ' C: 2'),
  directive: lines('%YAML 1.2', '---', 'A: 1'),
  'explicit key': lines('? A', ': 1'),
  'leading deeper spaces in a block scalar': lines('A: |', '      ', '  a'),
  'comment inside a multi-line plain scalar': lines('A: a', '  b # c', '  d'),
  'byte order mark': '\ufeffA: 1\n',
  'mapping value where none may start': lines('A: b: c'),
  'trailing comma in a flow sequence': lines('A: [a, b, ]'),
  'a root sequence': lines('- a', '- b'),
  'a second tag': lines('A: !Ref !Sub x'),
  'tagged value on the next line after a tag': lines('A: !Base64', '  !Sub x'),
  'a document marker later in the file': lines('A: 1', '---   B: 2'),
  'a document end marker': lines('A: 1', '...'),
};

const read = (text: string) => readYamlSubset('t.yaml', text, new LineIndex(text));

describe('the YAML subset reader', () => {
  for (const [name, text] of Object.entries(SUBSET)) {
    it(`reads ${name} as the yaml package does`, () => {
      expect(read(text)).toBeDefined();
      expect(parseYamlTemplate('t.yaml', text)).toEqual(parseYamlTemplateWithPackage('t.yaml', text));
    });
  }

  for (const [name, text] of Object.entries(PACKAGE)) {
    it(`leaves ${name} to the yaml package`, () => {
      expect(read(text)).toBeUndefined();
      expect(parseYamlTemplate('t.yaml', text)).toEqual(parseYamlTemplateWithPackage('t.yaml', text));
    });
  }

  it('pins the values of a short-form template', () => {
    const text = lines('Resources:', '  K:', '    Properties:', '      UserName: !Ref Ops', '      Status: Inactive # retired', '      Count: 0x10');
    const parsed = parseYamlTemplate('t.yaml', text);
    expect(JSON.parse(JSON.stringify(parsed.documents[0]?.root))).toMatchObject({
      kind: 'map',
      range: { start: { line: 1, column: 1 }, end: { line: 6, column: 18 } },
      entries: [
        {
          key: 'Resources',
          value: {
            entries: [
              {
                key: 'K',
                value: {
                  entries: [
                    {
                      key: 'Properties',
                      value: {
                        entries: [
                          {
                            key: 'UserName',
                            keyRange: { start: { line: 4, column: 7 }, end: { line: 4, column: 15 } },
                            value: { kind: 'map', entries: [{ key: 'Ref', value: { kind: 'scalar', value: 'Ops' } }] },
                          },
                          {
                            key: 'Status',
                            value: { kind: 'scalar', value: 'Inactive', range: { start: { line: 5, column: 15 }, end: { line: 5, column: 23 } } },
                          },
                          { key: 'Count', value: { kind: 'scalar', value: 16 } },
                        ],
                      },
                    },
                  ],
                },
              },
            ],
          },
        },
      ],
    });
  });

  it('reads every edit of the cases above it accepts as the yaml package does (seeded: the same 4,000 edits each run)', () => {
    const seeds = Object.values(SUBSET);
    const pieces = [
      ' ',
      '  ',
      '\n',
      '\n  ',
      ':',
      ': ',
      '- ',
      '#',
      ' #',
      "'",
      '"',
      '|',
      '>',
      '[',
      ']',
      '{',
      '}',
      ',',
      '!',
      '!Ref ',
      '\\',
      '&',
      '*',
      '?',
      '%',
      '~',
      '0x',
      'yes',
      '.inf',
      '---',
      '...',
      '<<',
      '\t',
      '\r\n',
      '\u00a0',
    ];
    let state = 20_261_206;
    const random = (n: number) => {
      state = (state * 1_103_515_245 + 12_345) & 0x7fffffff;
      return state % n;
    };
    const pick = <T>(list: readonly T[]): T => list[random(list.length)] as T;
    let accepted = 0;
    const differing: string[] = [];
    for (let i = 0; i < 4_000; i += 1) {
      let text = pick(seeds);
      for (let edit = random(3); edit >= 0; edit -= 1) {
        const at = random(text.length + 1);
        const kind = random(3);
        text = text.slice(0, at) + (kind === 1 ? '' : pick(pieces)) + text.slice(kind === 0 ? at : at + 1 + random(3));
      }
      if (read(loneCarriageReturnsAsLineFeeds(text)) === undefined) continue;
      accepted += 1;
      if (JSON.stringify(parseYamlTemplate('t.yaml', text)) !== JSON.stringify(parseYamlTemplateWithPackage('t.yaml', text))) differing.push(text);
    }
    expect(differing).toEqual([]);
    expect(accepted).toBeGreaterThan(1_000);
  });

  it('gives up on nesting deeper than its bound, which is far below the 200 levels the package path refuses', () => {
    expect(MAX_SUBSET_DEPTH).toBeLessThan(100);
    const blocks = (levels: number) => Array.from({ length: levels }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' x\n';
    const flows = (levels: number) => `A: ${'['.repeat(levels)}x${']'.repeat(levels)}\n`;
    expect(read(blocks(MAX_SUBSET_DEPTH - 1))).toBeDefined();
    expect(read(flows(MAX_SUBSET_DEPTH - 1))).toBeDefined();
    for (const text of [blocks(MAX_SUBSET_DEPTH + 2), flows(MAX_SUBSET_DEPTH + 2), blocks(250), flows(250)]) {
      expect(read(text)).toBeUndefined();
      expect(parseYamlTemplate('t.yaml', text)).toEqual(parseYamlTemplateWithPackage('t.yaml', text));
    }
    expect(parseYamlTemplate('t.yaml', flows(250)).diagnostics[0]?.message).toBe('invalid YAML: nesting deeper than 200 levels');
  });

  it('stays linear on a long file without the characters it searches for', () => {
    const text = `Items:\n${'  - a\n'.repeat(200_000)}`;
    const started = process.hrtime.bigint();
    expect(read(text)).toBeDefined();
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(2_000);
  });
});
