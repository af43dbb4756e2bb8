/**
 * A Serverless Framework service includes resource files shaped as templates (`resources: [ ${file(resources/iam.yml)} ]`);
 * the framework replaces their `${self:...}`, `${opt:...}`, `${sls:...}` variables before CloudFormation reads them
 * (`src/cloudformation/serverless-variables.ts`). Such text is an unknown value, the same wherever it is written alike,
 * not the literal name it was read as (which hid a root key and a second key).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { splitServerlessVariables } from '../../src/cloudformation/serverless-variables.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

async function scan(files: Readonly<Record<string, string>>): Promise<string[]> {
  const root = tempTree(files, 'credlint-serverless-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.ruleId} ${f.severity}: ${f.message}`).sort();
}

const key = (id: string, props: string) => `  ${id}:\n    Type: AWS::IAM::AccessKey\n    Properties:\n${props.replace(/^/gm, '      ')}\n`;
const resources = (...entries: string[]) => `Resources:\n${entries.join('')}`;
const service = 'service: users\nprovider:\n  name: aws\nresources:\n  - ${file(resources/iam.yml)}\n';
const why = (variable: string) => `${variable} is a Serverless Framework variable, which serverless resolves when it packages the service.`;

describe('Serverless Framework variables in a resource file', () => {
  it('leaves a user name written as a variable unknown (it may be root, and two variables may be one name)', async () => {
    const iam = resources(key('Owner', 'UserName: ${self:custom.owner}'), key('Ci', "UserName: ${opt:ciUser, 'ci'}"));
    expect(await scan({ 'serverless.yml': service, 'resources/iam.yml': iam })).toEqual([
      `multiple-active-access-keys warning: Cannot tell whether Ci is a second active access key of a user: ${why("${opt:ciUser, 'ci'}")}`,
      `multiple-active-access-keys warning: Cannot tell whether Owner is a second active access key of a user: ${why('${self:custom.owner}')}`,
      `root-user-access-key warning: Cannot tell whether access key Ci is for the root user: ${why("${opt:ciUser, 'ci'}")}`,
      `root-user-access-key warning: Cannot tell whether access key Owner is for the root user: ${why('${self:custom.owner}')}`,
    ]);
  });

  it('links what is written alike, in plain text and in Fn::Sub, and keeps the literal text around a variable', async () => {
    const user = '  Deployer:\n    Type: AWS::IAM::User\n    Properties:\n      UserName: deploy-${sls:stage}\n      LoginProfile: { Password: x }\n';
    const iam = resources(user, key('A', 'UserName: deploy-${sls:stage}'), key('B', 'UserName: !Sub "deploy-${sls:stage}"'));
    expect(await scan({ 'resources/iam.yml': iam })).toEqual([
      'console-user-with-access-key error: IAM user Deployer has a console password (Deployer.LoginProfile) and an active access key (A).',
      'multiple-active-access-keys error: IAM user Deployer has 2 active access keys (A, B); at most one may be active.',
    ]);
  });

  it('reads a status, a parameter Default and a mapping entry written as a variable as unknown', async () => {
    const iam = `Parameters:\n  Who: { Type: String, Default: '\${self:custom.who}' }\nMappings:\n  Users: { dev: { name: '\${self:custom.dev}' } }\n${resources(
      key('A', 'UserName: ops\nStatus: ${self:custom.status}'),
      key('B', 'UserName: ops\nStatus: Active'),
      key('C', 'UserName: !Ref Who'),
      key('D', 'UserName: !FindInMap [Users, dev, name]'),
    )}`;
    const found = await scan({ 'resources/iam.yml': iam });
    expect(found).toContain(
      `multiple-active-access-keys warning: IAM user "ops" has an active access key and access key A may be active too: ${why('${self:custom.status}')}`,
    );
    expect(found).toContain(`root-user-access-key warning: Cannot tell whether access key C is for the root user: ${why('${self:custom.who}')}`);
    expect(found).toContain(`root-user-access-key warning: Cannot tell whether access key D is for the root user: ${why('${self:custom.dev}')}`);
    expect(found.filter((f) => f.includes(' error: '))).toEqual([]);
  });

  it('tells Serverless variables from what CloudFormation reads in Fn::Sub', () => {
    expect(splitServerlessVariables('${AWS::Region}-${Name}-${Res.Arn}-${!Literal}-${name}')).toBeUndefined();
    expect(splitServerlessVariables('a-${self:custom.${sls:stage}.user}-${file(./x.yml):k}-${cf(us-east-1):s.o}-${env:A}')).toEqual([
      'a-',
      { variable: '${self:custom.${sls:stage}.user}' },
      '-',
      { variable: '${file(./x.yml):k}' },
      '-',
      { variable: '${cf(us-east-1):s.o}' },
      '-',
      { variable: '${env:A}' },
    ]);
    expect(splitServerlessVariables('${file(./users.yml)}')).toEqual([{ variable: '${file(./users.yml)}' }]);
    expect(splitServerlessVariables('${self:custom.unclosed')).toBeUndefined();
  });
});
