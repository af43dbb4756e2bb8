/**
 * A whole number written with more digits than a double keeps is read as its digits: CloudFormation
 * reads template numbers exactly, so an access key whose `UserName` is the number 12345678901234567891
 * belongs to the user named "12345678901234567891". Read as a JavaScript number it was
 * 12345678901234567000, which named no user: the user's console password and key were no finding,
 * exit 0, even with --report-unknown.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

const NAME = '12345678901234567891';

const JSON_TEMPLATE = `{
  "Resources": {
    "User": { "Type": "AWS::IAM::User", "Properties": { "UserName": "${NAME}", "LoginProfile": { "Password": "x" } } },
    "Key": { "Type": "AWS::IAM::AccessKey", "Properties": { "UserName": ${NAME} } },
    "Other": { "Type": "AWS::IAM::AccessKey", "Properties": { "UserName": 12345678901234567000 } }
  }
}
`;

// The subset reader takes block YAML; a flow mapping of a key's properties goes to the yaml package.
const yamlTemplate = (keyProperties: string) => `Resources:
  User:
    Type: AWS::IAM::User
    Properties:
      UserName: "${NAME}"
      LoginProfile:
        Password: x
  Key:
    Type: AWS::IAM::AccessKey
    Properties: ${keyProperties}
`;

async function messages(files: Record<string, string>) {
  const dir = tempTree(files);
  const result = await lint({ paths: [dir], cwd: dir, reportUnknown: true });
  return result.findings.map((f) => `${f.ruleId}: ${f.message}`);
}

describe('a whole number past 2^53 as a user name in a template', () => {
  it('names the user its digits spell, in JSON (and the rounded number names another)', async () => {
    expect(await messages({ 'template.json': JSON_TEMPLATE })).toEqual([
      `console-user-with-access-key: IAM user "${NAME}" has a console password (User.LoginProfile) and an active access key (Key).`,
    ]);
  });

  it.each([
    ['block YAML (credlint reader)', `\n      UserName: ${NAME}`],
    ['flow YAML (the yaml package)', `{ UserName: ${NAME} }`],
  ])('names the user its digits spell, in %s', async (_name, keyProperties) => {
    expect(await messages({ 'template.yaml': yamlTemplate(keyProperties) })).toEqual([
      `console-user-with-access-key: IAM user "${NAME}" has a console password (User.LoginProfile) and an active access key (Key).`,
    ]);
  });
});
