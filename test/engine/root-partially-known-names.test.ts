/**
 * `--report-unknown` on `root-user-access-key`: a name with a known literal part that excludes `root`
 * and `<root_account>` (case-insensitively) is never "possibly root"; one whose known parts do not
 * exclude them still is (README, "Rules").
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';

const roots: string[] = [];
afterAll(async () => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

async function rootWarnings(files: Readonly<Record<string, string>>): Promise<number> {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-partial-')));
  roots.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  expect(result.findings.filter((f) => f.ruleId === 'parse-error')).toEqual([]);
  return result.findings.filter((f) => f.ruleId === 'root-user-access-key').length;
}

const tf = (name: string) => ({
  'main.tf': `variable "id" {}\nresource "aws_iam_user" "u" {\n  name = ${name}\n}\nresource "aws_iam_access_key" "k" {\n  user = aws_iam_user.u.name\n}\nresource "aws_iam_access_key" "direct" {\n  user = ${name}\n}\n`,
});
const cfn = (name: string) => ({
  'template.yaml': `Parameters:\n  App: { Type: String }\nResources:\n  Key:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: ${name}\n`,
});
const cdk = (name: string) => ({
  'package.json': '{"dependencies": {"aws-cdk-lib": "2.0.0"}}',
  'lib/stack.ts': `import * as cdk from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\nexport class S extends cdk.Stack {\n  constructor(scope: cdk.App, id: string, ctx: string) {\n    super(scope, id);\n    const user = new iam.User(this, 'U', { userName: ${name} });\n    new iam.AccessKey(this, 'K', { user });\n    new iam.CfnAccessKey(this, 'D', { userName: ${name} });\n  }\n}\n`,
});

describe('root-user-access-key --report-unknown on partially known names', () => {
  it.each([
    ['Terraform template prefix', tf('"admin_${var.id}"')],
    ['Terraform template suffix', tf('"${var.id}-ci"')],
    ['Terraform "Root" prefix too long for root', tf('"Root${var.id}x"')],
    ['CloudFormation Fn::Sub suffix', cfn('!Sub "${AWS::AccountId}-ci"')],
    ['CloudFormation Fn::Join prefix', cfn('!Join ["-", ["smtp", !Ref App]]')],
    ['CDK template literal', cdk('`${ctx}-dev-api`')],
    ['CDK string + unknown', cdk("'x' + ctx")],
  ])('%s: no warning', async (_, files) => {
    expect(await rootWarnings(files)).toBe(0);
  });

  it.each([
    ['Terraform suffix oot (may be root)', tf('"${var.id}oot"'), 2],
    ['Terraform prefix R, case-insensitive (may be root)', tf('"R${var.id}"'), 2],
    ['Terraform prefix <ROOT_ (may be <root_account>)', tf('"<ROOT_${var.id}"'), 2],
    ['CloudFormation Fn::Sub prefix r (may be root)', cfn('!Sub "r${App}"'), 1],
    ['CloudFormation Fn::Join of unknowns only', cfn('!Join ["", [!Ref App, !Ref App]]'), 1],
    ['CDK template with nothing known', cdk('`${ctx}`'), 2],
    ['CDK "ro" + unknown (may be root)', cdk("'ro' + ctx"), 2],
    // A value computed from a partially known string is not that string: what was known is dropped.
    ['Terraform substr of a template', tf('substr("admin_${var.id}", 6, 4)'), 2],
    ['CloudFormation Fn::Select of a Fn::Split', cfn('!Select [0, !Split ["-", !Sub "${App}-ci"]]'), 1],
    ['CDK a method call on a template', cdk('`${ctx}-x`.slice(0, 4)'), 2],
  ])('%s: still warns', async (_, files, count) => {
    expect(await rootWarnings(files)).toBe(count);
  });
});
