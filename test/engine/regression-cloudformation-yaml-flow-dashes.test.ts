import { describe, expect, it } from 'vitest';
import { parseYamlTemplate } from '../../src/cloudformation/parse-yaml-template.js';
import { child } from '../../src/cloudformation/template-node.js';
import { keysOf, loadOne } from '../support/cloudformation-harness.js';

/**
 * Found by the sweep (a VPC template naming subnets `!Join [-, [private-az1, ...]]`): a lone `-` as an
 * entry of a flow collection. PyYAML and SnakeYAML read it as the string `-`; YAML 1.2 strictness made
 * the whole file a parse-error.
 */
describe('a lone dash as a flow entry', () => {
  const template = `Resources:
  Key:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: !Join [-, [ci, deploy]]
      Status: !Select [1, [-, Active, -]]
  Next:
    Type: AWS::IAM::AccessKey
    Properties: { UserName: !Join [-, [ci, ops, -]], Status: { "Fn::Join": ["", [Inac, tive]] } }
`;

  it('reads it as the string "-", with positions in the file as written', () => {
    const parsed = parseYamlTemplate('t.yaml', template);
    expect(parsed.diagnostics).toEqual([]);
    const resources = child(parsed.documents[0]?.root, 'Resources');
    expect(child(child(child(resources, 'Key'), 'Properties'), 'Status')?.range).toEqual({ start: { line: 6, column: 23 }, end: { line: 6, column: 42 } });
    expect(child(child(resources, 'Next'), 'Type')?.range.start).toEqual({ line: 8, column: 11 });
  });

  it('evaluates the values with it', async () => {
    expect(keysOf(await loadOne('t.yaml', template))).toEqual(['Key ci-deploy Active', 'Next ci-ops-- Inactive']);
  });

  it('still reports a dash followed by a space, which PyYAML refuses too', () => {
    const parsed = parseYamlTemplate('t.yaml', 'Resources:\n  A: [- , b]\n');
    expect(parsed.documents).toEqual([]);
    expect(parsed.diagnostics.map((d) => d.location.range.start.line)).toEqual([2]);
  });
});
