import { describe, expect, it } from 'vitest';
import { summarise as summary } from '../support/cdk-source-harness.js';

describe("CDK source: aws-cdk-lib loaded with CommonJS's require", () => {
  it("reads `require('aws-cdk-lib')` and `require('aws-cdk-lib/aws-iam')` as the imports of those modules", () => {
    const result = summary({
      'app.ts':
        "const cdk = require('aws-cdk-lib');\nconst iam = require('aws-cdk-lib/aws-iam');\nconst { AccessKey } = require('aws-cdk-lib/aws-iam');\n" +
        "const stack = new cdk.Stack(new cdk.App(), 'S');\n" +
        "const ana = new iam.User(stack, 'Ana', { userName: 'ana', password: cdk.SecretValue.unsafePlainText('x') });\n" +
        "new AccessKey(stack, 'Key', { user: ana });\nnew cdk.aws_iam.CfnAccessKey(stack, 'Cfn', { userName: 'ana' });\n",
    });
    expect(result.users).toEqual(['S/Ana | ana']);
    expect(result.keys).toEqual(['S/Key | user S/Ana | Active', 'S/Cfn | name ana | Active']);
  });

  it('leaves a project function named require alone', () => {
    const result = summary({
      'app.ts':
        "import * as cdk from 'aws-cdk-lib';\nfunction require(name: string): unknown { return name; }\nconst iam: any = require('aws-cdk-lib/aws-iam');\n" +
        "const stack = new cdk.Stack(new cdk.App(), 'S');\nnew iam.CfnAccessKey(stack, 'Cfn', { userName: 'ana' });\n",
    });
    expect(result.keys).toEqual([]);
  });
});

describe('CDK source: an import whose module is not a string literal', () => {
  it('is a syntax error, as tsc says (String literal expected), not a file read with unknown imports', () => {
    const result = summary({
      'app.ts':
        "import { App, Stack, aws_iam as iam } from `aws-cdk-lib`;\nconst stack = new Stack(new App(), 'S');\nnew iam.CfnAccessKey(stack, 'K', { userName: 'root' });\n",
    });
    expect(result.diagnostics).toEqual(['1:44-1:57 TypeScript syntax error: String literal expected.']);
  });
});
