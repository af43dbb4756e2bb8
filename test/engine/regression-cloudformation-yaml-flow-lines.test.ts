import { describe, expect, it } from 'vitest';
import { parseYamlTemplate } from '../../src/cloudformation/parse-yaml-template.js';
import { child } from '../../src/cloudformation/template-node.js';
import { keysOf, loadOne } from '../support/cloudformation-harness.js';

/**
 * Found in a public template repository (an AWS Solutions template): a flow collection spanning lines
 * whose closing brackets sit at the indentation of the key that opens it. PyYAML and CloudFormation read
 * it; the yaml package's YAML 1.2 strictness made the whole template a parse error.
 */
describe('flow collections closed on under-indented lines', () => {
  const template = `Resources:
  Key:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: !Join ["", [
        "ro",
  "ot"
      ]]
      Status: !If [Retired, Inactive,
      Active]
  Other:
    Type: AWS::IAM::AccessKey
    Properties: {
      UserName: ops
    }
Conditions:
  Retired: !Equals [a, b]
`;

  it('reads them as PyYAML does, with positions in the file as written', () => {
    const parsed = parseYamlTemplate('t.yaml', template);
    expect(parsed.diagnostics).toEqual([]);
    const root = parsed.documents[0]?.root;
    const userName = child(child(child(child(root, 'Resources'), 'Key'), 'Properties'), 'UserName');
    expect(userName?.range).toEqual({ start: { line: 5, column: 23 }, end: { line: 8, column: 9 } });
    const other = child(child(root, 'Resources'), 'Other');
    expect(child(child(other, 'Properties'), 'UserName')).toMatchObject({ kind: 'scalar', value: 'ops', range: { start: { line: 14, column: 17 } } });
  });

  it('evaluates the template: the first key is an active root key', async () => {
    const unit = await loadOne('t.yaml', template);
    expect(keysOf(unit)).toEqual(['Key root Active', 'Other ops Active']);
  });

  it('still reports a flow collection that never closes', () => {
    const parsed = parseYamlTemplate('t.yaml', 'Resources:\n  A:\n    Type: [AWS::IAM::User,\n  B: 1\n');
    expect(parsed.documents).toEqual([]);
    expect(parsed.diagnostics).toHaveLength(1);
    expect(parsed.diagnostics[0]?.message).toMatch(/^invalid YAML: /);
  });
});
