/**
 * `--report-unknown` and a user declared with a name not known statically (a CDK stack's hashed name,
 * a Terraform value known only after apply): it is counted by its own identity, and the login profiles
 * and keys that name a user in text are counted apart. Where what is known of the two names (a
 * suffix), their apps and accounts do not rule it out, they may be one user, and each rule warns where
 * the two together may break it: a silent no otherwise. Here for CDK source (a stack's hashed name) and Terraform.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

async function findings(files: Record<string, string>): Promise<string[]> {
  const root = tempTree(files, 'credlint-unknown-user-names-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.severity} ${f.ruleId} ${f.message}`);
}

/** A CDK app: a user named after a stack below a plain construct (a hashed name), and what `rest` adds. */
const cdkApp = (user: string, rest: string): Record<string, string> => ({
  'app/cdk.json': '{}',
  'app/app.ts':
    "import { App, SecretValue, Stack } from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\nimport { Construct } from 'constructs';\n" +
    "const s = new Stack(new Construct(new App(), 'Group'), 'Prod');\n" +
    `const u = new iam.User(s, 'U', { userName: \`\${s.stackName}-operator\`${user} });\n${rest}\n`,
});

const PASSWORD = ", password: SecretValue.secretsManager('initial')";

describe('a user whose name is not known and the users other resources name in text', () => {
  it('CDK: a console user and a key naming a user of the same suffix', async () => {
    const result = await findings(cdkApp(PASSWORD, "new iam.CfnAccessKey(s, 'K', { userName: 'GroupProd-operator' });"));
    expect(result).toHaveLength(1);
    expect(result[0]).toMatch(
      /^warning console-user-with-access-key Cannot tell whether Prod\/K belongs to a console user with an active access key: its user "GroupProd-operator" may be IAM user Prod\/U, whose name is not known statically: s\.stackName /,
    );
    // Another suffix rules the user out; an Inactive key is not the key this rule reports.
    expect(await findings(cdkApp(PASSWORD, "new iam.CfnAccessKey(s, 'K', { userName: 'GroupProd-ci' });"))).toEqual([]);
    expect(await findings(cdkApp(PASSWORD, "new iam.CfnAccessKey(s, 'K', { userName: 'GroupProd-operator', status: 'Inactive' });"))).toEqual([]);
  });

  it('CDK: the same pair under both rules, each where the two together may break it', async () => {
    const result = await findings(
      cdkApp(PASSWORD, "new iam.AccessKey(s, 'Own', { user: u });\nnew iam.CfnAccessKey(s, 'K', { userName: 'GroupProd-operator' });"),
    );
    // The user's own key makes the console finding already; the key named in text may be its second.
    expect(result.map((f) => f.split(' ').slice(0, 2).join(' '))).toEqual(['error console-user-with-access-key', 'warning multiple-active-access-keys']);
  });

  it('Terraform: a key of a user named after a value known only after apply, and a login profile naming a user in text', async () => {
    const main =
      'data "aws_caller_identity" "me" {}\n\n' +
      'resource "aws_iam_user" "ops" {\n  name = "ops-${data.aws_caller_identity.me.account_id}"\n}\n\n' +
      'resource "aws_iam_access_key" "ops" {\n  user = aws_iam_user.ops.name\n}\n\n' +
      'resource "aws_iam_user_login_profile" "console" {\n  user = "ops-123456789012"\n}\n';
    expect(await findings({ 'main.tf': main })).toEqual([
      'warning console-user-with-access-key Cannot tell whether aws_iam_access_key.ops belongs to a console user with an active access key: IAM user aws_iam_user.ops, whose name is not known statically: data.aws_caller_identity.me.account_id is known only after apply; it may be user "ops-123456789012", who has a console password.',
    ]);
    expect(await findings({ 'main.tf': main.replace('"ops-123456789012"', '"auditor-123456789012"') })).toEqual([]);
  });
});
