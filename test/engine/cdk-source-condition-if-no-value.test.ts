/**
 * `Fn.conditionIf(condition, value, Aws.NO_VALUE)` is CloudFormation's `Fn::If`: the condition picks
 * a branch at deploy time, and `AWS::NoValue` leaves the property out. A `loginProfile` so written
 * may not exist, so a key beside it is undecided (a warning with --report-unknown), never an error.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

async function findings(statements: string): Promise<string[]> {
  const source =
    "import * as cdk from 'aws-cdk-lib';\nimport { Aws, Fn } from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\n" +
    "const app = new cdk.App();\nconst stack = new cdk.Stack(app, 'S');\n" +
    "const isProd = new cdk.CfnCondition(stack, 'IsProd', { expression: Fn.conditionEquals(new cdk.CfnParameter(stack, 'Env').valueAsString, 'prod') });\n" +
    statements +
    "new iam.CfnAccessKey(stack, 'K', { userName: user.ref });\n";
  const root = tempTree({ 'app/cdk.json': '{}', 'app/app.ts': source }, 'credlint-cdk-condition-if-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.severity} ${f.ruleId} ${f.message}`);
}

describe('Fn.conditionIf with Aws.NO_VALUE', () => {
  it('a loginProfile that may be AWS::NoValue is undecided (an error before)', async () => {
    expect(
      await findings(
        "const user = new iam.CfnUser(stack, 'U', { userName: 'ana', loginProfile: cdk.Fn.conditionIf(isProd.logicalId, Aws.NO_VALUE, { password: 'x' }) as any });\n",
      ),
    ).toEqual([
      'warning console-user-with-access-key Cannot tell whether S/U.loginProfile belongs to a console user with an active access key: loginProfile: cdk.Fn.conditionIf(isProd.logicalId, Aws.NO_VALUE, { passwo… may be AWS::NoValue, which leaves the property out, as a CloudFormation condition decides at deploy time.',
    ]);
  });

  it('the same through an escape hatch is undecided (an error before)', async () => {
    const expected = [
      "warning console-user-with-access-key Cannot tell whether S/U.loginProfile belongs to a console user with an active access key: user.addPropertyOverride('LoginProfile', Fn.conditionIf(isP… may leave it out.",
    ];
    expect(
      await findings(
        "const user = new iam.CfnUser(stack, 'U', { userName: 'ana' });\nuser.addPropertyOverride('LoginProfile', Fn.conditionIf(isProd.logicalId, { Password: 'x' }, cdk.Aws.NO_VALUE));\n",
      ),
    ).toEqual(expected);
  });

  it('a branch of each kind of value is still a login profile', async () => {
    expect(
      await findings(
        "const user = new iam.CfnUser(stack, 'U', { userName: 'ana', loginProfile: Fn.conditionIf(isProd.logicalId, { password: 'x' }, { password: 'y' }) as any });\n",
      ),
    ).toEqual(['error console-user-with-access-key IAM user "ana" has a console password (S/U.loginProfile) and an active access key (S/K).']);
  });
});
