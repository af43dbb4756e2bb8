import { describe, expect, it } from 'vitest';
import { parseYamlTemplate } from '../../src/cloudformation/parse-yaml-template.js';
import { child } from '../../src/cloudformation/template-node.js';
import { keysOf, loadOne } from '../support/cloudformation-harness.js';

/**
 * Found in aws-samples/aws-service-catalog-reference-architectures (`!Sub '...'#` in a product
 * template): a comment written right after a closing quote or bracket. PyYAML and SnakeYAML read it as a
 * comment; yaml 1.2 strictness made the whole file a parse-error.
 */
describe('comments written right after a closing quote or bracket', () => {
  const template = `Resources:
  Key:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: 'ops'# the deploy user
      Status: !Join ['', [Inac, tive]]#retired
  Next:
    Type: "AWS::IAM::AccessKey"#second
    Properties: { UserName: "ops" }#flow map
  Plain:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: ops#1
`;

  it('reads them as comments, with positions in the file as written', () => {
    const parsed = parseYamlTemplate('t.yaml', template);
    expect(parsed.diagnostics).toEqual([]);
    const resources = child(parsed.documents[0]?.root, 'Resources');
    const keys = resources?.kind === 'map' ? resources.entries.map((e) => [e.key, e.keyRange.start.line, e.keyRange.start.column]) : [];
    expect(keys).toEqual([
      ['Key', 2, 3],
      ['Next', 7, 3],
      ['Plain', 10, 3],
    ]);
    expect(child(child(child(resources, 'Key'), 'Properties'), 'UserName')?.range).toEqual({ start: { line: 5, column: 17 }, end: { line: 5, column: 22 } });
  });

  it('evaluates the values without the comments; a # inside a plain scalar stays text', async () => {
    expect(keysOf(await loadOne('t.yaml', template))).toEqual(['Key ops Inactive', 'Next ops Active', 'Plain ops#1 Active']);
  });

  it('still reports other errors where they are written', () => {
    const parsed = parseYamlTemplate('t.yaml', "Resources:\n  A: 'x'#c\n   B: 1\n");
    expect(parsed.documents).toEqual([]);
    expect(parsed.diagnostics.map((d) => d.location.range.start.line)).toEqual([2]);
  });
});
