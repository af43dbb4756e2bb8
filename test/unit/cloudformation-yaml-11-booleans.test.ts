import { describe, expect, it } from 'vitest';
import { parseYamlTemplate } from '../../src/cloudformation/parse-yaml-template.js';
import { child, type TemplateNode } from '../../src/cloudformation/template-node.js';

function scalarsOf(text: string): unknown[] {
  const { documents, diagnostics } = parseYamlTemplate('t.yaml', text);
  expect(diagnostics).toEqual([]);
  const list = child(documents[0]?.root, 'List');
  if (list?.kind !== 'seq') throw new Error('no list');
  return list.items.map((item: TemplateNode) => (item.kind === 'scalar' ? item.value : item.kind));
}

/**
 * CloudFormation reads YAML 1.1: an unquoted `yes` is the boolean true (the string "true" where a
 * string is needed), where YAML 1.2 reads the string "yes". A condition comparing a quoted "Yes" with
 * an unquoted Yes is false in CloudFormation.
 */
describe('YAML 1.1 booleans in a CloudFormation template', () => {
  it('reads unquoted yes, no, on and off in their three spellings as booleans', () => {
    expect(scalarsOf('List: [yes, Yes, YES, on, On, ON, no, No, NO, off, Off, OFF]\n')).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('keeps quoted, explicitly tagged, other-case and one-letter forms strings, as SnakeYAML and PyYAML do', () => {
    expect(scalarsOf(`List: ["yes", 'no', !!str on, yEs, y, n, Y, N, "true"]\n`)).toEqual(['yes', 'no', 'on', 'yEs', 'y', 'n', 'Y', 'N', 'true']);
  });

  it('keeps the argument of a short-form intrinsic a string', () => {
    const { documents } = parseYamlTemplate('t.yaml', 'Value: !Ref yes\n');
    expect(child(documents[0]?.root, 'Value')).toMatchObject({
      kind: 'map',
      entries: [{ key: 'Ref', value: { kind: 'scalar', value: 'yes' } }],
    });
  });

  it('reads an unquoted key the same way', () => {
    const { documents } = parseYamlTemplate('t.yaml', 'Mappings:\n  Flags:\n    yes: { Name: a }\n    "no": { Name: b }\n');
    const flags = child(child(documents[0]?.root, 'Mappings'), 'Flags');
    expect(flags?.kind === 'map' ? flags.entries.map((e) => e.key) : []).toEqual(['true', 'no']);
  });
});
