import { describe, expect, it } from 'vitest';
import { HEADER, summarise } from '../support/cdk-source-harness.js';

// `cdk synth` of each app (aws-cdk-lib 2.276) applies the loop's change to the constructs of the walked
// scope that exist when it runs; credlint does not tell which, so they may be changed, never certainly not.
describe('CDK source extractor: loops over a construct tree (`node.findAll()`, `node.children`)', () => {
  it('may change the keys and users of the walked scope, and of no other scope', () => {
    const result = summarise({
      'app.ts':
        HEADER +
        'const app = new cdk.App();\n' +
        "const stack = new cdk.Stack(app, 'S');\n" +
        "const user = new iam.User(stack, 'U', { userName: 'ci', password: cdk.SecretValue.unsafePlainText('x') });\n" +
        "new iam.AccessKey(stack, 'K', { user });\n" +
        "for (const c of stack.node.findAll()) if (c instanceof iam.CfnAccessKey) c.addPropertyOverride('Status', 'Inactive');\n" +
        "user.node.children.filter((c) => c instanceof iam.CfnUser).forEach((c) => (c as iam.CfnResource).addPropertyDeletionOverride('LoginProfile'));\n" +
        "const other = new cdk.Stack(app, 'O');\n" +
        "const ops = new iam.User(other, 'U', { userName: 'ops', password: cdk.SecretValue.unsafePlainText('x') });\n" +
        "new iam.AccessKey(other, 'K', { user: ops });\n",
    });
    expect(result.keys).toEqual([
      "S/K | user S/U | ? the loop over stack.node.findAll() (c.addPropertyOverride('Status', 'Inactive')) may change its Status",
      'O/K | user O/U | Active',
    ]);
    expect(result.profiles).toEqual([
      "S/U.password | the loop over user.node.children.filter((c) => c inst… ((c as iam.CfnResource).addPropertyDeletionOverride('LoginPr…) may remove it",
      'O/U.password',
    ]);
  });

  it('changes nothing where the loop names neither resource, or walks something else', () => {
    const result = summarise({
      'app.ts':
        HEADER +
        "const stack = new cdk.Stack(new cdk.App(), 'S');\n" +
        "const user = new iam.User(stack, 'U', { userName: 'ci' });\n" +
        "new iam.AccessKey(stack, 'K', { user });\n" +
        "for (const c of stack.node.findAll()) if (c instanceof cdk.CfnResource && c.cfnResourceType === 'AWS::SQS::Queue') c.addPropertyOverride('Status', 'x');\n" +
        "for (const c of [stack]) if (c instanceof iam.CfnAccessKey) c.status = 'Inactive';\n",
    });
    expect(result.keys).toEqual(['S/K | user S/U | Active']);
  });
});
