/**
 * `--report-unknown` on `root-user-access-key`: a name with a known literal part that excludes `root`
 * (case-insensitively) is never "possibly root"; one whose known parts do not exclude it still is
 * (README, "Rules"). `<root_account>` is no name IAM accepts, so no value known only at deployment is it.
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
    ['Terraform join', tf('join("-", ["smtp", var.id])')],
    ['Terraform format', tf('format("svc-%s-%d", var.id, 3)')],
    ['Terraform lower', tf('lower("Admin_${var.id}")')],
    ['Terraform upper', tf('upper("${var.id}-ci")')],
    ['Terraform trimprefix keeps the rest of the prefix', tf('trimprefix("admin_${var.id}", "ad")')],
    ['Terraform trimsuffix keeps the rest of the suffix', tf('trimsuffix("${var.id}-ci-x", "-x")')],
    ['Terraform replace of a literal', tf('replace("admin_${var.id}", "_", "-")')],
    ['Terraform template of a partially known local', { 'main.tf': tf('"${local.base}${var.id}"')['main.tf'] + 'locals {\n  base = "svc_${var.id}"\n}\n' }],
    ['Terraform format of a template', tf('format("%s", "x${var.id}")')],
    ['Terraform substr truncating a name to its first characters', tf('substr("ci-runner-${var.id}", 0, 63)')],
    ['Terraform substr to the end keeps the rest of the prefix and the suffix', tf('substr("xadmin_${var.id}-ci", 1, -1)')],
    ['Terraform substr within the known prefix', tf('substr("deploy-${var.id}", 0, 3)')],
    ['CloudFormation Fn::Sub suffix', cfn('!Sub "${AWS::AccountId}-ci"')],
    ['CloudFormation Fn::Join prefix', cfn('!Join ["-", ["smtp", !Ref App]]')],
    ['CloudFormation Fn::Sub with a variable map', cfn('!Sub ["${Env}-deploy", { Env: !Ref App }]')],
    ['CloudFormation Fn::Sub of a partially known variable', cfn('!Sub ["${Name}", { Name: !Sub "svc-${App}" }]')],
    ['CloudFormation Fn::Join of a Fn::Sub', cfn('!Join ["", [!Sub "ci-${App}", !Ref App]]')],
    [
      'CloudFormation JSON Fn::Sub',
      {
        'template.json':
          '{"Parameters": {"App": {"Type": "String"}}, "Resources": {"Key": {"Type": "AWS::IAM::AccessKey", "Properties": {"UserName": {"Fn::Sub": ["x-${A}", {"A": {"Ref": "App"}}]}}}}}',
      },
    ],
    ['CDK template literal', cdk('`${ctx}-dev-api`')],
    ['CDK string + unknown', cdk("'x' + ctx")],
    ['CDK array join', cdk("['smtp', ctx].join('-')")],
    ['CDK string concat', cdk("'ci-'.concat(ctx)")],
    ['CDK array concat, then join', cdk("['ci'].concat([ctx]).join('-')")],
    ['CDK Fn.join', cdk("cdk.Fn.join('-', ['ci', ctx])")],
    ['CDK Fn.sub with variables', cdk("cdk.Fn.sub('${Env}-deploy', { Env: ctx })")],
    ['CDK Fn.sub of a pseudo parameter', cdk("cdk.Fn.sub('svc-${AWS::AccountId}')")],
    ['CDK nested template literal', cdk('`${`svc-${ctx}`}`')],
    ['CDK toLowerCase of a partially known string', cdk('`Admin-${ctx}`.toLowerCase()')],
    // Literal text between two unknown parts is in the name too: neither root nor <root_account> holds `-` or `.`.
    ['Terraform template with text between two unknowns', tf('"${var.id}-${var.id}"')],
    ['Terraform join of unknowns with a separator', tf('join(".", [var.id, var.id])')],
    ['Terraform format with text between verbs', tf('format("%s.%s", var.id, var.id)')],
    ['Terraform lower of a template with an infix', tf('lower("${var.id}-X-${var.id}")')],
    ['Terraform template of two partially known locals', { 'main.tf': tf('"${local.a}${local.a}"')['main.tf'] + 'locals {\n  a = "${var.id}-${var.id}"\n}\n' }],
    ['CloudFormation Fn::Sub with text between two parameters', cfn('!Sub "${App}-${App}"')],
    ['CloudFormation Fn::Join of two parameters', cfn('!Join ["-", [!Ref App, !Ref App]]')],
    ['CDK template literal with text between two unknowns', cdk('`${ctx}-${ctx}`')],
    // IAM refuses `<root_account>` as a user name: a value known only at deployment is never it.
    ['Terraform prefix <ROOT_ (only <root_account> would fit)', tf('"<ROOT_${var.id}"')],
    ['Terraform format with an infix only <root_account> holds', tf('format("%s_%s", var.id, var.id)')],
    // CloudFormation refuses a String parameter value shorter than its MinLength.
    [
      'CloudFormation parameter with a MinLength over 4',
      { 'template.yaml': `Parameters:\n  Who: { Type: String, MinLength: 6 }\n${cfn('!Ref Who')['template.yaml'].replace(/^Parameters:\n/, '')}` },
    ],
  ])('%s: no warning', async (_, files) => {
    expect(await rootWarnings(files)).toBe(0);
  });

  it.each([
    ['Terraform suffix oot (may be root)', tf('"${var.id}oot"'), 2],
    ['Terraform prefix R, case-insensitive (may be root)', tf('"R${var.id}"'), 2],
    ['Terraform trimprefix of the whole known prefix', tf('trimprefix("x${var.id}", "x")'), 2],
    ['Terraform replace with a regular expression', tf('replace("admin_${var.id}", "/.*/", "")'), 2],
    ['Terraform format with a width', tf('format("%-4s", var.id)'), 2],
    ['Terraform lower of nothing known', tf('lower("${var.id}")'), 2],
    ['Terraform join of unknowns only', tf('join("", [var.id, var.id])'), 2],
    ['Terraform replace that may erase the prefix', tf('replace("ad${var.id}", "admin", "")'), 2],
    ['CloudFormation Fn::Sub prefix r (may be root)', cfn('!Sub "r${App}"'), 1],
    ['CloudFormation Fn::Join of unknowns only', cfn('!Join ["", [!Ref App, !Ref App]]'), 1],
    ['CloudFormation Fn::Sub of a variable map of unknowns', cfn('!Sub ["${X}", { X: !Ref App }]'), 1],
    ['CDK template with nothing known', cdk('`${ctx}`'), 2],
    ['CDK "ro" + unknown (may be root)', cdk("'ro' + ctx"), 2],
    ['CDK join of unknowns only', cdk("[ctx, ctx].join('')"), 2],
    ['CDK Fn.sub of a reference only', cdk("cdk.Fn.sub('${Name}')"), 2],
    ['CDK Fn.join of one unknown', cdk("cdk.Fn.join('', [ctx])"), 2],
    ['CDK concat onto an unknown', cdk("ctx.concat('')"), 2],
    // A value computed from a partially known string is not that string: what was known is dropped.
    ['Terraform substr of a template', tf('substr("admin_${var.id}", 6, 4)'), 2],
    ['Terraform try whose first argument may fail', tf('try("admin_${var.id}", "root")'), 2],
    ['Terraform substr that may keep only "ro…"', tf('substr("ro${var.id}", 0, 63)'), 2],
    ['Terraform substr of a prefix that is "root" itself', tf('substr("roots-${var.id}", 0, 4)'), 2],
    ['Terraform substr from the end', tf('substr("admin_${var.id}", -4, 4)'), 2],
    ['Terraform substr of a non-ASCII prefix (grapheme clusters)', tf('substr("é-${var.id}", 0, 63)'), 2],
    ['CloudFormation Fn::Select of a Fn::Split', cfn('!Select [0, !Split ["-", !Sub "${App}-ci"]]'), 1],
    ['CDK a method call on a template', cdk('`${ctx}-x`.slice(0, 4)'), 2],
    // A function that cuts or rewrites the string may remove the text between the unknown parts.
    ['Terraform replace of the infix', tf('replace("${var.id}-${var.id}", "-", "")'), 2],
    ['Terraform substr of a template with an infix', tf('substr("${var.id}-${var.id}", 0, 4)'), 2],
    ['Terraform trimprefix of a template with an infix', tf('trimprefix("${var.id}-${var.id}", "a-")'), 2],
    ['Terraform template whose infix is in root', tf('"${var.id}oo${var.id}"'), 2],
    [
      'CloudFormation parameter with a MinLength of 4',
      { 'template.yaml': `Parameters:\n  Who: { Type: String, MinLength: 4 }\n${cfn('!Ref Who')['template.yaml'].replace(/^Parameters:\n/, '')}` },
      1,
    ],
  ])('%s: still warns', async (_, files, count) => {
    expect(await rootWarnings(files)).toBe(count);
  });
});

/** `--report-unknown` warnings of the two linking rules. */
async function linkWarnings(files: Readonly<Record<string, string>>): Promise<{ console: number; multiple: number }> {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-partial-link-')));
  roots.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  const count = (ruleId: string) => result.findings.filter((f) => f.ruleId === ruleId && f.severity === 'warning').length;
  return { console: count('console-user-with-access-key'), multiple: count('multiple-active-access-keys') };
}

const OPS_TF =
  'variable "a" {}\nvariable "b" {}\nresource "aws_iam_user" "ops" {\n  name = "ops"\n}\nresource "aws_iam_user_login_profile" "ops" {\n  user = aws_iam_user.ops.name\n}\n' +
  'resource "aws_iam_access_key" "ops" {\n  user   = aws_iam_user.ops.name\n  status = "Inactive"\n}\n';
const keyFor = (label: string, user: string) => `resource "aws_iam_access_key" "${label}" {\n  user = ${user}\n}\n`;

describe('linking keys to users with partially known names (--report-unknown)', () => {
  it.each([
    ['a key of ci-… is not user ops', { 'main.tf': OPS_TF + keyFor('k', '"ci-${var.a}"') }, { console: 0, multiple: 0 }],
    // Not a possible second active key: ops's own key is Inactive, so k would be its only active one.
    ['a key of an unknown name may be user ops', { 'main.tf': OPS_TF + keyFor('k', 'var.a') }, { console: 1, multiple: 0 }],
    // Had "ci-${var.a}" failed (var.a an object), try would give "ops".
    ['a key of try("ci-…", "ops") may be user ops', { 'main.tf': OPS_TF + keyFor('k', 'try("ci-${var.a}", "ops")') }, { console: 1, multiple: 0 }],
    [
      'keys of ci-… and dev-… are of two users',
      { 'main.tf': keyFor('k1', '"ci-${var.a}"') + keyFor('k2', '"dev-${var.b}"') + 'variable "a" {}\nvariable "b" {}\n' },
      { console: 0, multiple: 0 },
    ],
    [
      'keys of ci-… and ci-… may be of one user',
      { 'main.tf': keyFor('k1', '"ci-${var.a}"') + keyFor('k2', '"ci-${var.b}"') + 'variable "a" {}\nvariable "b" {}\n' },
      { console: 0, multiple: 2 },
    ],
    [
      'a key of …-dev is not the console user "${var.env}-ci", whose name is unknown but written alike',
      {
        'main.tf':
          'variable "env" {}\nresource "aws_iam_user" "ci" {\n  name = "${var.env}-ci"\n}\nresource "aws_iam_user_login_profile" "ci" {\n  user = aws_iam_user.ci.name\n}\n' +
          keyFor('k', '"${var.env}-dev"'),
      },
      { console: 0, multiple: 0 },
    ],
    ['a key of …-… is not user ops', { 'main.tf': OPS_TF + keyFor('k', '"${var.a}-${var.b}"') }, { console: 0, multiple: 0 }],
    ['a key of …p… may be user ops', { 'main.tf': OPS_TF + keyFor('k', '"${var.a}p${var.b}"') }, { console: 1, multiple: 0 }],
    [
      'keys of …-ci and …-dev are of two users',
      { 'main.tf': keyFor('k1', '"${var.a}-ci"') + keyFor('k2', '"${var.b}-dev"') + 'variable "a" {}\nvariable "b" {}\n' },
      { console: 0, multiple: 0 },
    ],
    [
      'CloudFormation: a key of a Fn::Sub ci-… is not user ops',
      {
        'template.yaml':
          'Parameters:\n  App: { Type: String }\nResources:\n  Ops:\n    Type: AWS::IAM::User\n    Properties:\n      UserName: ops\n      LoginProfile: { Password: x }\n' +
          '  Key:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: !Sub "ci-${App}"\n',
      },
      { console: 0, multiple: 0 },
    ],
    [
      'CloudFormation: a key of a Ref may be user ops',
      {
        'template.yaml':
          'Parameters:\n  App: { Type: String }\nResources:\n  Ops:\n    Type: AWS::IAM::User\n    Properties:\n      UserName: ops\n      LoginProfile: { Password: x }\n' +
          '  Key:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: !Ref App\n',
      },
      { console: 1, multiple: 0 },
    ],
  ])('%s', async (_, files, expected) => {
    expect(await linkWarnings(files)).toEqual(expected);
  });
});
