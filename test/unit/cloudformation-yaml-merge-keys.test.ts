import { describe, expect, it } from 'vitest';
import { parseYamlTemplate } from '../../src/cloudformation/parse-yaml-template.js';
import { child, type TemplateNode } from '../../src/cloudformation/template-node.js';

/** The entries of the mapping `name` as `key=value` (scalars) or `key=<kind>`. */
function entriesOf(text: string, name = 'Key'): string[] {
  const { documents, diagnostics } = parseYamlTemplate('t.yaml', text);
  expect(diagnostics).toEqual([]);
  const key = child(documents[0]?.root, name);
  if (key?.kind !== 'map') throw new Error('Key is not a mapping');
  return key.entries.map((e) => `${e.key}=${shown(e.value)}`);
}

function shown(node: TemplateNode): string {
  return node.kind === 'scalar' ? String(node.value) : `<${node.kind}>`;
}

/**
 * A template with aliases deploys only through `aws cloudformation package`, whose YAML 1.1 reader
 * applies merge keys (https://yaml.org/type/merge.html); credlint reads such a template the same way.
 */
describe('YAML merge keys in a CloudFormation template', () => {
  it("merges an aliased mapping, the mapping's own keys winning wherever the merge key is written", () => {
    const text = `Base: &base { UserName: ci, Status: Active, Serial: 1 }
Key:
  Status: Inactive
  <<: *base
  Serial: 2
`;
    expect(entriesOf(text)).toEqual(['UserName=ci', 'Status=Inactive', 'Serial=2']);
  });

  it('merges a sequence of mappings, the first one winning, and an inline mapping', () => {
    const text = `A: &a { UserName: from-a }
B: &b { UserName: from-b, Status: Inactive }
Key:
  <<: [*a, *b]
Other:
  <<: { UserName: inline }
`;
    expect(entriesOf(text)).toEqual(['UserName=from-a', 'Status=Inactive']);
    expect(entriesOf(text, 'Other')).toEqual(['UserName=inline']);
  });

  it('keeps a quoted "<<" and a merge key of a scalar as ordinary keys', () => {
    expect(entriesOf(`Key:\n  "<<": { UserName: quoted }\n  UserName: own\n`)).toEqual(['<<=<map>', 'UserName=own']);
    expect(entriesOf(`Key:\n  <<: not-a-mapping\n  UserName: own\n`)).toEqual(['<<=not-a-mapping', 'UserName=own']);
  });

  it('reads a template that declares %YAML 1.1 the same: the directive does not change how values are read', () => {
    // The directive switched the yaml package to its YAML 1.1 schema, where the merge key is a symbol (not
    // merged: the second key lost its UserName) and a date a Date object (its String() a long English date).
    const text = `%YAML 1.1
---
Base: &base { UserName: ci, Status: Active }
Key:
  <<: *base
  Serial: 2
  Since: 2001-12-14
  Mode: 017
`;
    expect(entriesOf(text)).toEqual(['UserName=ci', 'Status=Active', 'Serial=2', 'Since=2001-12-14', 'Mode=17']);
    expect(entriesOf(text.replace('%YAML 1.1\n---\n', ''))).toEqual(entriesOf(text));
  });

  it('refuses an alias of no anchor, as PyYAML does, instead of reading an empty value', () => {
    const { diagnostics } = parseYamlTemplate('t.yaml', 'Key:\n  UserName: *missing\n  Status: Active\n');
    expect(diagnostics.map((d) => `${d.kind} ${d.location.range.start.line}:${d.location.range.start.column} ${d.message}`)).toEqual([
      'parse-error 2:13 invalid YAML: the alias *missing names no anchor written before it',
    ]);
  });
});
