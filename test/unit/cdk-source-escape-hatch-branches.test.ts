import { describe, expect, it } from 'vitest';
import { HEADER, summarise } from '../support/cdk-source-harness.js';

// `cdk synth` (aws-cdk-lib 2.276) of the same app: K1 and K2 Active, K3 Inactive.
describe('CDK source extractor: an escape hatch under an `if` decided where the construct is created', () => {
  it('applies it when the condition holds for that call, and not when it does not', () => {
    const result = summarise({
      'app.ts':
        HEADER +
        "import type { Construct } from 'constructs';\n" +
        'function makeKey(scope: Construct, id: string, user: iam.IUser, active: boolean) {\n' +
        '  const key = new iam.AccessKey(scope, id, { user });\n' +
        "  if (!active) (key.node.defaultChild as iam.CfnAccessKey).addPropertyOverride('Status', 'Inactive');\n" +
        "  else if (process.env.RETIRE) { (key.node.defaultChild as iam.CfnAccessKey).addPropertyOverride('Status', 'Inactive'); }\n" +
        '}\n' +
        "const stack = new cdk.Stack(new cdk.App(), 'S');\n" +
        "const user = iam.User.fromUserName(stack, 'U', 'ci');\n" +
        "makeKey(stack, 'K1', user, true);\n" +
        "makeKey(stack, 'K3', user, false);\n",
    });
    expect(result.keys).toEqual([
      // The `else` branch runs for K1, its own condition not known (no RETIRE variable at synth: Active).
      'S/K1 | name ci | ? (key.node.defaultChild as iam.CfnAccessKey).addPropertyOver… may change its Status',
      'S/K3 | name ci | Inactive',
    ]);
  });
});
