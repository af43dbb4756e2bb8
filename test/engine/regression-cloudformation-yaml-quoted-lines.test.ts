import { describe, expect, it } from 'vitest';
import { parseYamlTemplate } from '../../src/cloudformation/parse-yaml-template.js';
import { child } from '../../src/cloudformation/template-node.js';
import { loadOne } from '../support/cloudformation-harness.js';

/**
 * Found on the perf corpus (an AWS Quick Start template): quoted scalars continued on lines indented
 * no deeper than their key. PyYAML and CloudFormation accept and fold them; yaml 1.2 strictness did not.
 */
describe('quoted scalars continued on under-indented lines', () => {
  const template = `Parameters:
  ConfigSetName:
    Type: String
    Description: "(Optional) Name used to map parameters,
    the name must match."
  Who:
    Type: String
    Default: 'ro
ot'
Resources:
  Key:
    Type: AWS::IAM::AccessKey
    Properties: { UserName: !Ref Who }
`;

  it('reads them as PyYAML does, with positions in the file as written', () => {
    const parsed = parseYamlTemplate('t.yaml', template);
    expect(parsed.diagnostics).toEqual([]);
    const root = parsed.documents[0]?.root;
    const description = child(child(child(root, 'Parameters'), 'ConfigSetName'), 'Description');
    expect(description).toMatchObject({ kind: 'scalar', value: '(Optional) Name used to map parameters, the name must match.' });
    expect(description?.range).toEqual({ start: { line: 4, column: 18 }, end: { line: 5, column: 26 } });
    const resources = child(root, 'Resources');
    expect(resources?.kind === 'map' ? resources.entries[0]?.keyRange : undefined).toEqual({ start: { line: 11, column: 3 }, end: { line: 11, column: 6 } });
  });

  it('evaluates the folded value: the key is for user "ro ot", not root', async () => {
    const unit = await loadOne('t.yaml', template);
    expect(unit.accessKeys.map((k) => k.location.range.start.line)).toEqual([11]);
    expect(JSON.stringify(unit.accessKeys[0]?.user)).toContain('ro ot');
  });

  // Found on aws-samples/serverless-patterns (MSKAndKafkaClientEC2.yaml): after the first such scalar the
  // lexer read its closing quote as an opening one, so the second scalar was never re-indented and a
  // template PyYAML reads was a parse error.
  it.each([
    ["'", "'"],
    ['"', '"'],
  ])('reads two such scalars one after the other (quote %s)', (open, close) => {
    const scalar = (action: string) => `${open}{
              Action: ${action}
        }${close}`;
    const text = `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      Policies:
        - PolicyName: read
          PolicyDocument: !Sub ${scalar('s3:Get*')}
        - PolicyName: write
          PolicyDocument: !Sub ${scalar('s3:Put*')}   # written by hand
  Key:
    Type: AWS::IAM::AccessKey
    Properties: { UserName: ops }
`;
    const parsed = parseYamlTemplate('t.yaml', text);
    expect(parsed.diagnostics).toEqual([]);
    const policies = child(child(child(child(parsed.documents[0]?.root, 'Resources'), 'Role'), 'Properties'), 'Policies');
    const documents = policies?.kind === 'seq' ? policies.items.map((p) => child(child(p, 'PolicyDocument'), 'Fn::Sub')) : [];
    expect(documents.map((d) => (d?.kind === 'scalar' ? d.value : d))).toEqual(['{ Action: s3:Get* }', '{ Action: s3:Put* }']);
    expect(documents[1]?.range).toEqual({ start: { line: 11, column: 32 }, end: { line: 13, column: 11 } });
    const resources = child(parsed.documents[0]?.root, 'Resources');
    expect(resources?.kind === 'map' ? resources.entries[1]?.keyRange : undefined).toEqual({ start: { line: 14, column: 3 }, end: { line: 14, column: 6 } });
  });

  it('still reports a quote that never closes (yaml points at the end of the file)', () => {
    const parsed = parseYamlTemplate('t.yaml', 'Resources:\n  A:\n    Type: "AWS::IAM::User\n  B: 1\n');
    expect(parsed.documents).toEqual([]);
    expect(parsed.diagnostics.map((d) => [d.location.range.start.line, d.message])).toEqual([[5, 'invalid YAML: Missing closing "quote']]);
  });
});

/**
 * Found in a public template repository: a `Fn::Join` whose list item, written in the compact form
 * `- - '…`, is a quoted scalar continued on a line at column 0. The re-indentation put such lines one
 * column past the line's leading spaces, but the scalar's node sits past the `- ` indicators (and past
 * the key of a compact `- Key:` mapping), so the retry failed too and the template was a parse error.
 * PyYAML 6.0.3 reads the three templates below; the user names are the values it reads.
 */
describe('quoted scalars continued under compact sequence entries', () => {
  const template = (userName: string) => `Conditions:
  Never: !Equals [a, b]
Resources:
  Key:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName:
${userName}
`;

  it.each([
    ['a nested compact sequence', "        Fn::Join:\n        - ''\n        - - 'ro\n\n'\n          - ot", 'ro\not'],
    ['a compact mapping in a nested compact sequence', "        Fn::Join:\n        - ''\n        - - Fn::Sub: 'ro\n  ot'", 'ro ot'],
    ['a compact mapping in a sequence', "        Fn::If:\n        - Never\n        - x\n        - Fn::Sub: 'ro\n  ot'", 'ro ot'],
  ])('reads %s as PyYAML does', async (_, userName, user) => {
    const text = template(userName);
    expect(parseYamlTemplate('t.yaml', text).diagnostics).toEqual([]);
    const unit = await loadOne('t.yaml', text);
    expect(unit.accessKeys.map((k) => k.location.range.start.line)).toEqual([4]);
    expect(JSON.stringify(unit.accessKeys[0]?.user)).toContain(JSON.stringify(user));
  });
});
