import { describe, expect, it } from 'vitest';
import { parseYamlTemplate } from '../../src/cloudformation/parse-yaml-template.js';
import { child, type TemplateNode } from '../../src/cloudformation/template-node.js';

/** The shape of a node, positions aside: scalars as values, maps as objects, lists as arrays. */
function shape(node: TemplateNode | undefined): unknown {
  if (node === undefined) return undefined;
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(shape);
  return Object.fromEntries(node.entries.map((e) => [e.key, shape(e.value)]));
}

function valuesOf(text: string): unknown {
  const { documents, diagnostics } = parseYamlTemplate('t.yaml', text);
  expect(diagnostics).toEqual([]);
  return shape(child(documents[0]?.root, 'Values'));
}

/**
 * The AWS CLI's and the SAM CLI's YAML readers (and cfn-lint's) read any local tag `!Name` as the
 * function `Fn::Name`, so `!Length [a, b]` of AWS::LanguageExtensions is `{ "Fn::Length": [a, b] }`,
 * never the list it tags.
 */
describe('local YAML tags in a CloudFormation template', () => {
  it('reads a tag that is no documented short form as the Fn:: function of its name, on scalars, lists and maps', () => {
    expect(valuesOf('Values:\n  - !Length [a, b]\n  - !ToJsonString { k: v }\n  - !Foo bar\n  - !Other::Name x\n')).toEqual([
      { 'Fn::Length': ['a', 'b'] },
      { 'Fn::ToJsonString': { k: 'v' } },
      { 'Fn::Foo': 'bar' },
      { 'Fn::Other::Name': 'x' },
    ]);
  });

  it('keeps the documented short forms, and leaves YAML standard and verbatim tags to the parser', () => {
    expect(valuesOf('Values:\n  - !Ref A\n  - !Condition C\n  - !Sub x\n  - !!str yes\n  - !<tag:yaml.org,2002:str> 12\n')).toEqual([
      { Ref: 'A' },
      { Condition: 'C' },
      { 'Fn::Sub': 'x' },
      'yes',
      '12',
    ]);
  });
});
