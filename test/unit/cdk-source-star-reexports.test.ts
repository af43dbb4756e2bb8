import { describe, expect, it } from 'vitest';
import { summarise as summary } from '../support/cdk-source-harness.js';

const APP =
  "import { App, SecretValue, Stack } from 'aws-cdk-lib';\nimport { AccessKey, User } from '../lib';\n" +
  "const stack = new Stack(new App(), 'S');\nconst ana = new User(stack, 'Ana', { userName: 'ana', password: SecretValue.unsafePlainText('x') });\n" +
  "new AccessKey(stack, 'Key', { user: ana });\n";

describe('CDK source: IAM constructs a project file re-exports with export *', () => {
  it("follows `export * from 'aws-cdk-lib/aws-iam'` in a project barrel, as Node resolves it", () => {
    const result = summary({ 'lib/index.ts': "export * from 'aws-cdk-lib/aws-iam';\n", 'bin/app.ts': APP });
    expect(result.users).toEqual(['S/Ana | ana']);
    expect(result.keys).toEqual(['S/Key | user S/Ana | Active']);
  });

  it("follows `export * from 'aws-cdk-lib'` for aws_iam, and stars of stars", () => {
    const result = summary({
      'lib/index.ts': "export * from './mid';\n",
      'lib/mid.ts': "export * from './iam';\n",
      'lib/iam.ts': "export * from 'aws-cdk-lib/aws-iam';\n",
      'lib/root.ts': "export * from 'aws-cdk-lib';\n",
      'bin/app.ts':
        "import { App, SecretValue, Stack } from 'aws-cdk-lib';\nimport { User } from '../lib';\nimport { aws_iam } from '../lib/root';\n" +
        "const stack = new Stack(new App(), 'S');\nconst ana = new User(stack, 'Ana', { userName: 'ana', password: SecretValue.unsafePlainText('x') });\n" +
        "new aws_iam.AccessKey(stack, 'Key', { user: ana });\n",
    });
    expect(result.users).toEqual(['S/Ana | ana']);
    expect(result.keys).toEqual(['S/Key | user S/Ana | Active']);
  });

  it('takes no default export from a star (export * re-exports none)', () => {
    const result = summary({
      'lib/index.ts': "export * from 'aws-cdk-lib/aws-iam';\n",
      'bin/app.ts':
        "import { App, Stack } from 'aws-cdk-lib';\nimport iam from '../lib';\nconst stack = new Stack(new App(), 'S');\nnew iam.CfnAccessKey(stack, 'Key', { userName: 'ana' });\n",
    });
    expect(result.keys).toEqual([]);
  });
});
