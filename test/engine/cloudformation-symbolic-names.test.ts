/**
 * CloudFormation names that are unknown before deployment but written alike — a parameter without a
 * value, a pseudo parameter, literal text joined with them — name one user within one stack
 * (`src/core/symbolic-value.ts`); values of two stacks, and values computed from them by functions
 * other than Fn::Sub and Fn::Join, say nothing.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

async function scan(files: Readonly<Record<string, string>>, reportUnknown = false): Promise<string[]> {
  const root = tempTree(files, 'credlint-symbolic-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown });
  return result.findings.map((f) => `${f.ruleId} ${f.severity}: ${f.message}`).sort();
}

const keys = (...names: string[]) =>
  names.map((name, i) => `  Key${String(i + 1)}:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: ${name}\n`).join('');

const template = (parameters: string, resources: string) => `AWSTemplateFormatVersion: "2010-09-09"\nParameters:\n${parameters}Resources:\n${resources}`;

describe('names unknown before deployment but written alike', () => {
  it('links two keys of one parameter without a value, and names the user as written', async () => {
    expect(await scan({ 'template.yaml': template('  Name: { Type: String }\n', keys('!Ref Name', '!Sub "${Name}"')) })).toEqual([
      'multiple-active-access-keys error: IAM user "${Name}" has 2 active access keys (Key1, Key2); at most one may be active.',
    ]);
  });

  it('links a user with a console password to a key through a pseudo parameter in Fn::Sub and Fn::Join', async () => {
    const user = '  Ops:\n    Type: AWS::IAM::User\n    Properties:\n      UserName: !Sub "ops-${AWS::Region}"\n      LoginProfile: { Password: x }\n';
    expect(await scan({ 'template.yaml': template('  Unused: { Type: String }\n', user + keys('!Join ["", [ops-, !Ref "AWS::Region"]]')) })).toEqual([
      'console-user-with-access-key error: IAM user Ops has a console password (Ops.LoginProfile) and an active access key (Key1).',
    ]);
  });

  it('does not link a parameter to text around it that may be a dynamic reference, replaced at deploy time', async () => {
    const parameters = '  A: { Type: String }\n';
    for (const around of ['!Sub "{{resolve:ssm:/users/${A}}}"', '!Join ["", ["{", !Ref A, "}"]]', '!Sub "${A}${!B}"']) {
      expect(await scan({ 'template.yaml': template(parameters, keys('!Ref A', around)) }), around).toEqual([]);
    }
  });

  it('does not link different parameters, different literal text, or a value computed by Fn::Select', async () => {
    const parameters = '  A: { Type: String }\n  B: { Type: String }\n';
    expect(await scan({ 'template.yaml': template(parameters, keys('!Ref A', '!Ref B')) })).toEqual([]);
    expect(await scan({ 'template.yaml': template(parameters, keys('!Sub "${A}-x"', '!Sub "${A}-y"')) })).toEqual([]);
    expect(await scan({ 'template.yaml': template(parameters, keys('!Select [0, !Split [",", !Ref A]]', '!Select [1, !Split [",", !Ref A]]')) })).toEqual([]);
    // A value looked up or joined with an unknown key or delimiter is not that key or delimiter.
    const mappings = 'Mappings:\n  M:\n    x: { First: one, Second: two }\n';
    expect(await scan({ 'template.yaml': mappings + template(parameters, keys('!FindInMap [M, !Ref A, First]', '!FindInMap [M, !Ref A, Second]')) })).toEqual(
      [],
    );
    expect(await scan({ 'template.yaml': template(parameters, keys('!Join [!Ref A, [x, y]]', '!Join [!Ref A, [p, q]]')) })).toEqual([]);
  });

  it('still warns under --report-unknown that keys of two unknown names may be of one user', async () => {
    const found = await scan({ 'template.yaml': template('  A: { Type: String }\n  B: { Type: String }\n', keys('!Ref A', '!Ref B')) }, true);
    expect(found.filter((f) => f.startsWith('multiple-active-access-keys'))).toEqual([
      'multiple-active-access-keys warning: Cannot tell whether Key1 is a second active access key of a user: parameter A has no value (no Default, not given by --parameter).',
      'multiple-active-access-keys warning: Cannot tell whether Key2 is a second active access key of a user: parameter B has no value (no Default, not given by --parameter).',
    ]);
  });

  it('gives one warning, not two, for a key linked to its user both ways under --report-unknown', async () => {
    const user = '  Ops:\n    Type: AWS::IAM::User\n    Properties:\n      UserName: !Ref Name\n';
    expect(await scan({ 'template.yaml': template('  Name: { Type: String }\n', user + keys('!Ref Name', '!Ref Ops')) }, true)).toEqual([
      'multiple-active-access-keys error: IAM user Ops has 2 active access keys (Key1, Key2); at most one may be active.',
      'root-user-access-key warning: Cannot tell whether access key Key1 is for the root user: parameter Name has no value (no Default, not given by --parameter).',
      'root-user-access-key warning: Cannot tell whether access key Key2 is for the root user: parameter Name has no value (no Default, not given by --parameter).',
    ]);
  });

  it('links a nested stack key to its parent through a parameter passed on, not through a parameter of the same name', async () => {
    const child = template('  Owner: { Type: String }\n', keys('!Ref Owner'));
    const parent = (passed: string) =>
      template(
        '  Owner: { Type: String }\n',
        keys('!Ref Owner') + `  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: child.yaml\n${passed}`,
      );
    expect(await scan({ 'parent.yaml': parent('      Parameters: { Owner: !Ref Owner }\n'), 'child.yaml': child })).toEqual([
      'multiple-active-access-keys error: IAM user "${Owner}" has 2 active access keys (Child/Key1, Key1); at most one may be active.',
    ]);
    expect(await scan({ 'parent.yaml': parent(''), 'child.yaml': child })).toEqual([]);
  });

  // An export name is unique in the account and Region, and an export a stack imports cannot change:
  // two imports of one name in a stack are one value.
  it('links keys and a console user through imports of one export name, literal or written alike', async () => {
    const parameters = '  Env: { Type: String }\n';
    expect(await scan({ 'template.yaml': template(parameters, keys('!ImportValue ci-user', '{ "Fn::ImportValue": ci-user }')) })).toEqual([
      'multiple-active-access-keys error: IAM user "${Fn::ImportValue ci-user}" has 2 active access keys (Key1, Key2); at most one may be active.',
    ]);
    expect(
      await scan({
        'template.yaml': template(parameters, keys('!ImportValue { "Fn::Sub": "${Env}-user" }', '!ImportValue { "Fn::Join": ["", [!Ref Env, -user]] }')),
      }),
    ).toEqual([
      'multiple-active-access-keys error: IAM user "${Fn::ImportValue ${Env}-user}" has 2 active access keys (Key1, Key2); at most one may be active.',
    ]);
    const user = '  Ops:\n    Type: AWS::IAM::User\n    Properties:\n      UserName: !ImportValue ops-name\n      LoginProfile: { Password: x }\n';
    expect(await scan({ 'template.yaml': template(parameters, user + keys('!Sub ["${Name}", { Name: !ImportValue ops-name }]')) })).toEqual([
      'console-user-with-access-key error: IAM user Ops has a console password (Ops.LoginProfile) and an active access key (Key1).',
    ]);
  });

  it('does not link imports of two export names, an import to a parameter, or imports of two parameters', async () => {
    const parameters = '  Name: { Type: String }\n';
    expect(await scan({ 'template.yaml': template(parameters, keys('!ImportValue ci-user', '!ImportValue cd-user')) })).toEqual([]);
    expect(await scan({ 'template.yaml': template(parameters, keys('!ImportValue ci-user', '!Ref Name')) })).toEqual([]);
    expect(await scan({ 'template.yaml': template(parameters, keys('!ImportValue { Ref: Name }', '!ImportValue { "Fn::Sub": "${Name}-x" }')) })).toEqual([]);
  });

  it('links imports of one export name in a stack and its nested stack, deployed in one account and Region', async () => {
    const parameters = '  Name: { Type: String }\n';
    const child = template(parameters, keys('!ImportValue ci-user'));
    const parent = template(
      parameters,
      keys('!ImportValue ci-user') + '  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: child.yaml\n',
    );
    expect(await scan({ 'parent.yaml': parent, 'child.yaml': child })).toEqual([
      'multiple-active-access-keys error: IAM user "${Fn::ImportValue ci-user}" has 2 active access keys (Child/Key1, Key1); at most one may be active.',
    ]);
  });
});
