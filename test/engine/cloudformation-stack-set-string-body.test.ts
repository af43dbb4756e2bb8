/**
 * CloudFormation's `TemplateBody` is a string holding a JSON or YAML template
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudformation-stackset.html).
 * A stack set's body written as a literal block (`TemplateBody: |`) was analysed as a template of its
 * own, but the same template written as a quoted, plain or folded string, or as the string of a JSON
 * template, was only noted ("not analysed"): a console user with an active key deployed in every target
 * account was no finding, exit 0. And a body too deeply nested to parse was dropped without a word.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostileWorkspaces, scanHostile } from '../support/hostile-workspace.js';

const workspace = hostileWorkspaces('credlint-stack-set-string-body-');

const BODY_YAML =
  'Resources:\n  User:\n    Type: AWS::IAM::User\n    Properties:\n      UserName: alice\n      LoginProfile:\n        Password: x\n  Key:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: !Ref User\n';
const BODY_JSON = JSON.stringify({
  Resources: {
    User: { Type: 'AWS::IAM::User', Properties: { UserName: 'alice', LoginProfile: { Password: 'x' } } },
    Key: { Type: 'AWS::IAM::AccessKey', Properties: { UserName: { Ref: 'User' } } },
  },
});
const MESSAGE = 'IAM user "alice" has a console password (Set/User.LoginProfile) and an active access key (Set/Key).';
const NOTE =
  'stack set Set: its template (written inline in TemplateBody) is deployed as stacks of their own, in the accounts the stack set targets; not analysed';

const yamlStackSet = (body: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Set:
    Type: AWS::CloudFormation::StackSet
    Properties:
      StackSetName: users
      PermissionModel: SELF_MANAGED
      TemplateBody: ${body}
`;
const jsonStackSet = (body: unknown) =>
  JSON.stringify(
    {
      Resources: { Set: { Type: 'AWS::CloudFormation::StackSet', Properties: { StackSetName: 'users', PermissionModel: 'SELF_MANAGED', TemplateBody: body } } },
    },
    null,
    2,
  );

async function scan(file: string, text: string, limits?: { parseNodes: number }) {
  const root = workspace({ [file]: text });
  const result = await scanHostile(root, limits ? { limits } : {});
  const here = (f: { location: { file: string } }) => f.location.file === join(root, file);
  return {
    findings: result.findings.filter(here).map((f) => [f.ruleId, f.message, f.location.range.start.line, f.location.range.start.column]),
    notes: result.notes.filter(here).map((d) => d.message),
  };
}

describe('a stack set template written as a string', () => {
  it.each([
    ['a double-quoted YAML string with short-form tags', 'org.yaml', yamlStackSet(JSON.stringify(BODY_YAML)), 'Key:'],
    ['a single-quoted JSON string', 'org.yaml', yamlStackSet(`'${BODY_JSON}'`), '"Key"'],
    ['a YAML string in a JSON template', 'org.json', jsonStackSet(BODY_YAML), 'Key:'],
    ['a JSON string in a JSON template', 'org.json', jsonStackSet(BODY_JSON), '\\"Key\\"'],
  ])('is analysed as the same template, at the column of the quoted line that writes it (%s)', async (_, file, text, key) => {
    const { findings, notes } = await scan(file, text);
    const column = (text.split('\n')[7] ?? '').indexOf(key) + 1;
    expect(column).toBeGreaterThan(20);
    expect(findings).toEqual([['console-user-with-access-key', MESSAGE, 8, column]]);
    expect(notes).toEqual([]);
  });

  it.each([
    ['a folded YAML block holding JSON', yamlStackSet(`>\n        ${BODY_JSON}`)],
    ['a double-quoted string continued on the next line', yamlStackSet(`"${BODY_JSON.replaceAll('"', '\\"').replace(',', ',\n        ')}"`)],
  ])("is analysed as the same template, located at the TemplateBody key where its lines are not the file's (%s)", async (_, text) => {
    const { findings, notes } = await scan('org.yaml', text);
    expect(findings).toEqual([['console-user-with-access-key', MESSAGE, 8, 7]]);
    expect(notes).toEqual([]);
  });

  it('written as a literal block holding JSON, is located where the block writes each line', async () => {
    const { findings } = await scan('org.yaml', yamlStackSet(`|\n        ${JSON.stringify(JSON.parse(BODY_JSON), null, 2).replaceAll('\n', '\n        ')}`));
    expect(findings).toEqual([['console-user-with-access-key', MESSAGE, 20, 13]]);
  });

  it.each([
    ['Fn::Sub', `!Sub |\n        Resources:\n          Key:\n            Type: AWS::IAM::AccessKey\n            Properties:\n              UserName: \${User}`],
    ['Fn::Join', `!Join ["", ["Resources: {Key: {Type: AWS::IAM::AccessKey, Properties: {UserName: ", !Ref User, "}}}"]]`],
  ])('built with %s stays a note', async (_, body) => {
    const { findings, notes } = await scan('org.yaml', yamlStackSet(body));
    expect(findings).toEqual([]);
    expect(notes).toEqual([NOTE.replace('written inline in TemplateBody', 'a computed TemplateBody')]);
  });

  it.each([
    ['a literal block, at the line and column of the nesting', `|\n        Resources: ${'['.repeat(5000)}${']'.repeat(5000)}`, 9, 219],
    ['a quoted string, at its column', JSON.stringify(`Resources: ${'['.repeat(5000)}${']'.repeat(5000)}`), 8, 232],
    ['a folded string, at the TemplateBody key', `>\n        Resources: ${'['.repeat(5000)}${']'.repeat(5000)}`, 8, 7],
  ])('nested too deeply to parse is a parse-error on the file (%s)', async (_, body, line, column) => {
    const { findings } = await scan('org.yaml', yamlStackSet(body));
    expect(findings).toEqual([['parse-error', 'invalid YAML: nesting deeper than 200 levels', line, column]]);
  });

  it.each([
    // YAML's node count counts a line break three times: the escaped ones are line breaks only in the body.
    ['a YAML body in a quoted string', 'org.yaml', yamlStackSet(JSON.stringify(`Resources: {}\n${'# line\n'.repeat(100)}`)), 8, 563],
    [
      'a JSON body in a JSON template',
      'org.json',
      jsonStackSet(JSON.stringify({ Resources: {}, Metadata: { X: Array.from({ length: 300 }, (_, i) => i) } })),
      8,
      722,
    ],
  ])('too big for the parse budget is a parse-error on the file, at the column where the body crossed it (%s)', async (_, file, text, line, column) => {
    const { findings, notes } = await scan(file, text, { parseNodes: 200 });
    expect(findings.map(([rule, message, ...at]) => [rule, String(message).replace(/YAML nodes|JSON values/, 'nodes'), ...at])).toEqual([
      [
        'parse-error',
        'analysis limit reached: the file has too many nodes to parse; it is not analysed (limit parseNodes = 200; raise it with --limit parseNodes=N)',
        line,
        column,
      ],
    ]);
    expect(notes).toEqual([]);
  });
});
