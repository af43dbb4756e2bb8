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

/**
 * The same under compact sequence entries (`- - Fn::Join: [`, `- Key: [`): the collection's lines were
 * re-indented past the line's leading spaces only, short of the node the `- ` indicators open, so the
 * retry failed and the template was a parse error. PyYAML 6.0.3 reads both; the names are what it reads.
 */
describe('flow collections continued under compact sequence entries', () => {
  it.each([
    ['a compact mapping in a nested compact sequence', '        Fn::Join:\n        - ""\n        - - Fn::Join: ["", [ro,\n  ot]]', 'root'],
    ['a compact mapping in a sequence', '        Fn::If:\n        - Never\n        - x\n        - Fn::Join: ["", [a,\n  b]]', 'ab'],
  ])('reads %s as PyYAML does', async (_, userName, user) => {
    const text = `Conditions:\n  Never: !Equals [a, b]\nResources:\n  Key:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName:\n${userName}\n`;
    expect(parseYamlTemplate('t.yaml', text).diagnostics).toEqual([]);
    const unit = await loadOne('t.yaml', text);
    expect(keysOf(unit)).toEqual([`Key ${user} Active`]);
  });
});
