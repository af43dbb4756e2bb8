import { describe, expect, it } from 'vitest';
import { cdkImport, cdkModule, unanalysedIamImport } from '../../src/cdk-source/iam-api.js';
import { mayHoldFindings } from '../../src/eslint-plugin/may-hold-findings.js';
import { summarise as summary } from '../support/cdk-source-harness.js';

describe('CDK source: CDK v1 and Deno module specifiers', () => {
  it('drops the npm: prefix and the version of a Deno specifier', () => {
    expect(cdkModule('npm:aws-cdk-lib')).toBe('aws-cdk-lib');
    expect(cdkModule('npm:aws-cdk-lib@2/aws-iam')).toBe('aws-cdk-lib/aws-iam');
    expect(cdkModule('npm:aws-cdk-lib@2.100.0/aws-iam')).toBe('aws-cdk-lib/aws-iam');
    expect(cdkModule('npm:@aws-cdk/aws-iam@1.204.0')).toBe('@aws-cdk/aws-iam');
    expect(cdkModule('aws-cdk-lib@2')).toBe('aws-cdk-lib@2');
  });

  it('recognises CDK v1 modules: @aws-cdk/aws-iam constructs, other @aws-cdk modules as tokens, alpha modules not', () => {
    expect(cdkImport('@aws-cdk/aws-iam', 'User')).toEqual({ kind: 'iam', entity: 'User' });
    expect(cdkImport('@aws-cdk/aws-iam', '*')).toEqual({ kind: 'iam', entity: 'iam' });
    expect(cdkImport('@aws-cdk/core', 'SecretValue')).toBe('token');
    expect(cdkImport('@aws-cdk/aws-elasticache', 'CfnUser')).toBe('token');
    expect(cdkImport('@aws-cdk/aws-iam-alpha', 'User')).toBeUndefined();
    expect(cdkImport('npm:aws-cdk-lib@2.100.0/aws-iam', 'AccessKey')).toEqual({ kind: 'iam', entity: 'AccessKey' });
    expect(cdkImport('npm:aws-cdk-lib', 'aws_iam')).toEqual({ kind: 'iam', entity: 'iam' });
  });

  it('tells which imports look like IAM constructs that are not analysed', () => {
    expect(unanalysedIamImport('@aws-cdk/aws-iam-alpha', 'User')).toBe(true);
    expect(unanalysedIamImport('@aws-cdk/aws-iam-alpha', '*')).toBe(true);
    expect(unanalysedIamImport('cdk-iam-floyd', 'User')).toBe(true);
    expect(unanalysedIamImport('@acme/constructs', 'CfnAccessKey')).toBe(true);
    expect(unanalysedIamImport('aws-cdk-lib/aws-iam/lib/user', 'User')).toBe(true);
    expect(unanalysedIamImport('@acme/constructs', 'Bucket')).toBe(false);
    expect(unanalysedIamImport('@acme/constructs', '*')).toBe(false);
    expect(unanalysedIamImport('aws-cdk-lib/aws-iam', 'User')).toBe(false);
    expect(unanalysedIamImport('@aws-cdk/aws-iam', 'User')).toBe(false);
    expect(unanalysedIamImport('npm:aws-cdk-lib@2/aws-iam', 'User')).toBe(false);
    expect(unanalysedIamImport('aws-cdk-lib/aws-elasticache', 'CfnUser')).toBe(false);
    expect(unanalysedIamImport('@aws-cdk/aws-transfer', 'CfnUser')).toBe(false);
  });

  it('analyses a CDK v1 app like a v2 one, SecretValue.plainText included', () => {
    const result = summary({
      'app.ts':
        "import * as cdk from '@aws-cdk/core';\nimport * as iam from '@aws-cdk/aws-iam';\n" +
        "const s = new cdk.Stack(new cdk.App(), 'S');\n" +
        "const ana = new iam.User(s, 'Ana', { userName: 'ana', password: cdk.SecretValue.plainText('x') });\n" +
        "new iam.AccessKey(s, 'Key', { user: ana, status: iam.AccessKeyStatus.INACTIVE });\n",
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.users).toEqual(['S/Ana | ana']);
    expect(result.profiles).toEqual(['S/Ana.password']);
    expect(result.keys).toEqual(['S/Key | user S/Ana | Inactive']);
  });

  it('analyses Deno npm: specifiers', () => {
    const result = summary({
      'main.ts':
        "import * as cdk from 'npm:aws-cdk-lib@2';\nimport { AccessKey, User } from 'npm:aws-cdk-lib@2.100.0/aws-iam';\n" +
        "const s = new cdk.Stack(new cdk.App(), 'S');\nnew AccessKey(s, 'Key', { user: new User(s, 'Bot', { userName: 'bot' }) });\n",
    });
    expect(result.keys).toEqual(['S/Key | user S/Bot | Active']);
  });

  it('notes CfnInclude, whose template is analysed apart from the app, however it is imported', () => {
    const result = summary({
      'app.ts':
        "import { App, Stack, cloudformation_include as inc } from 'aws-cdk-lib';\nimport { CfnInclude } from 'aws-cdk-lib/cloudformation-include';\n" +
        "import * as v1 from '@aws-cdk/cloudformation-include';\nimport type { CfnIncludeProps } from 'aws-cdk-lib/cloudformation-include';\n" +
        "new CfnInclude(new Stack(new App(), 'S'), 'T', { templateFile: 'users.yaml' });\n",
    });
    const note = (at: string, what: string, module: string) =>
      `${at} ${what} is imported from '${module}': a template it includes is analysed as a CloudFormation template of its own, so its IAM users and access keys are not linked with the ones this app creates`;
    expect(result.diagnostics).toEqual([
      note('1:22-1:51', 'cloudformation_include', 'aws-cdk-lib'),
      note('2:10-2:20', 'CfnInclude', 'aws-cdk-lib/cloudformation-include'),
      note('3:8-3:15', 'the module', '@aws-cdk/cloudformation-include'),
    ]);
  });

  it('notes an imported IAM-looking construct it does not analyse, never a project file or a type-only import', () => {
    const result = summary({
      'app.ts':
        "import { App, Stack } from 'aws-cdk-lib';\nimport { User } from '@aws-cdk/aws-iam-alpha';\nimport * as floyd from '@acme/aws-iam-wrappers';\n" +
        "import { AccessKey } from './constructs';\nimport type { CfnUser } from '@acme/types';\nimport { CfnUser as Cache } from 'aws-cdk-lib/aws-elasticache';\n" +
        "new User(new Stack(new App(), 'S'), 'U');\n",
      'constructs.ts': 'export class AccessKey {}\n',
    });
    expect(result.users).toEqual([]);
    expect(result.diagnostics).toEqual([
      "2:10-2:14 User is imported from '@aws-cdk/aws-iam-alpha', which credlint does not analyse: IAM users, console passwords and access keys it creates are not checked",
      "3:8-3:18 the module is imported from '@acme/aws-iam-wrappers', which credlint does not analyse: IAM users, console passwords and access keys it creates are not checked",
    ]);
  });

  it('scans CDK v1 files in the ESLint plugin, when they create a key or hold a credlint comment', () => {
    const key = "\nnew iam.AccessKey(this, 'K', { user });";
    expect(mayHoldFindings({ text: `import * as iam from '@aws-cdk/aws-iam';${key}` })).toBe(true);
    expect(mayHoldFindings({ text: "import * as iam from '@aws-cdk/aws-iam';\n// credlint-ignore" })).toBe(true);
    expect(mayHoldFindings({ text: `import * as x from '@acme/other';${key}` })).toBe(false);
    // A bucket stack: nothing a rule reports, so the file costs a few substring searches and no parse.
    expect(mayHoldFindings({ text: "import * as s3 from 'aws-cdk-lib/aws-s3';\nnew s3.Bucket(this, 'B');" })).toBe(false);
  });

  it('reads the words spelled with escapes in the ESLint plugin, as the CLI prefilter does', () => {
    const iam = "import * as iam from 'aws-cdk-lib/aws-iam';\n";
    expect(mayHoldFindings({ text: `${iam}new iam.\\u0041ccessKey(this, 'K', { user });` })).toBe(true);
    expect(mayHoldFindings({ text: `${iam}new iam.\\u{41}ccessKey(this, 'K', { user });` })).toBe(true);
    expect(mayHoldFindings({ text: `${iam}new (iam as any)['Access\\\rKey'](this, 'K', { user });` })).toBe(true);
    expect(mayHoldFindings({ text: `${iam}new (iam as any)['Access\\\u2028Key'](this, 'K', { user });` })).toBe(true);
    expect(mayHoldFindings({ text: "import * as iam from 'aws-cdk-\\u006cib/aws-iam';\nnew iam.AccessKey(this, 'K', { user });" })).toBe(true);
    expect(mayHoldFindings({ text: `${iam}new iam.\\u0055ser(this, 'U');` })).toBe(false);
  });
});
