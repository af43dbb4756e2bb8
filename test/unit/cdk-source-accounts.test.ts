import { describe, expect, it } from 'vitest';
import { linkCredentials } from '../../src/model/link-credentials.js';
import { extract } from '../support/cdk-source-harness.js';

const DEPLOY_STACK =
  "import { App, Stack, Stage, StackProps } from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\n" +
  'class DeployStack extends Stack {\n  constructor(scope: Stage, id: string, props?: StackProps) {\n    super(scope, id, props);\n' +
  "    new iam.AccessKey(this, 'Key', { user: iam.User.fromUserName(this, 'U', 'deploy') });\n  }\n}\n" +
  'class Env extends Stage {\n  constructor(scope: App, id: string, props: { env: { account?: string } }) {\n    super(scope, id, props);\n' +
  "    new DeployStack(this, 'Deploy');\n  }\n}\nconst app = new App();\n";

/** The accounts of the keys, and the identities linking gives (identity: key count, account warning). */
function accounts(files: Record<string, string>) {
  const { unit } = extract(files);
  if (!unit) return undefined;
  return {
    keys: unit.accessKeys.map((k) => (k.account === undefined ? 'agnostic' : k.account.known ? k.account.value : `? ${k.account.unknownReason}`)),
    identities: linkCredentials(unit).identities.map((i) => `${i.displayName}: ${i.accessKeys.length}${i.accountUnknown ? ` (${i.accountUnknown})` : ''}`),
  };
}

describe('CDK source: accounts split identities', () => {
  it('takes a stack class account from its stage subclass, and splits users by known, different accounts', () => {
    const result = accounts({
      'app.ts': `${DEPLOY_STACK}new Env(app, 'Prod', { env: { account: '111111111111' } });\nnew Env(app, 'Dev', { env: { account: '222222222222' } });\n`,
    });
    expect(result).toEqual({
      keys: ['111111111111', '222222222222'],
      identities: ['"deploy" in account 111111111111: 1', '"deploy" in account 222222222222: 1'],
    });
  });

  it('links the same account twice as one user', () => {
    const result = accounts({
      'app.ts': `${DEPLOY_STACK}new Env(app, 'Prod', { env: { account: '111111111111' } });\nnew Env(app, 'Dev', { env: { account: '111111111111' } });\n`,
    });
    expect(result?.identities).toEqual(['"deploy": 2']);
  });

  it('keeps one user where an account is unknown, and says why', () => {
    const result = accounts({
      'app.ts': `${DEPLOY_STACK}new Env(app, 'Prod', { env: { account: '111111111111' } });\nnew Env(app, 'Dev', { env: { account: process.env.CDK_DEFAULT_ACCOUNT } });\n`,
    });
    expect(result?.keys[1]).toMatch(/^\? the env.account of Dev/);
    expect(result?.identities).toHaveLength(1);
    expect(result?.identities[0]).toMatch(/^"deploy": 2 \(the env.account of Dev is not known statically: process\.env\.CDK_DEFAULT_ACCOUNT/);
  });

  it('takes stacks reading their account from one environment variable as one account (one value while the app is synthesized)', () => {
    const env = (first: string, second: string) =>
      accounts({
        'app.ts': `${DEPLOY_STACK}new Env(app, 'Dev', { env: { account: ${first} } });\nnew Env(app, 'Test', { env: { account: ${second} } });\n`,
      });
    expect(env('process.env.CDK_DEFAULT_ACCOUNT', 'process.env.CDK_DEFAULT_ACCOUNT')?.identities).toEqual(['"deploy": 2']);
    // Two variables may hold two accounts: one user, and why that may be wrong.
    const two = env('process.env.CDK_DEFAULT_ACCOUNT', 'process.env.TEST_ACCOUNT')?.identities;
    expect(two).toHaveLength(1);
    expect(two?.[0]).toMatch(/^"deploy": 2 \(the env.account of Dev is not known statically/);
    // A variable beside a known account may hold another account.
    expect(env("'111111111111'", 'process.env.CDK_DEFAULT_ACCOUNT')?.identities[0]).toMatch(/^"deploy": 2 \(the env.account of Test/);
  });

  it('shares the account only when process is the global one and the app never writes that variable', () => {
    // One user either way; shared when no warning says the accounts may differ.
    const shared = (prefix: string, first: string, second = first) => {
      const identities = accounts({
        'app.ts': `${DEPLOY_STACK}${prefix}new Env(app, 'Dev', { env: { account: ${first} } });\nnew Env(app, 'Test', { env: { account: ${second} } });\n`,
      })?.identities;
      expect(identities).toHaveLength(1);
      return identities?.[0] === '"deploy": 2';
    };
    const read = 'process.env.CDK_DEFAULT_ACCOUNT';
    expect(shared('', read)).toBe(true);
    expect(shared('', "process.env['CDK_DEFAULT_ACCOUNT']", read)).toBe(true);
    expect(shared('const account = process.env.CDK_DEFAULT_ACCOUNT!;\n', 'account', read)).toBe(true);
    // Reads of the environment do not change it.
    expect(shared("const { CDK_DEFAULT_REGION } = process.env;\nconst all = { ...process.env };\nif ('X' in process.env) console.log(all);\n", read)).toBe(
      true,
    );
    // A name process declared in the app is not Node's global.
    const parameter = accounts({
      'app.ts':
        `${DEPLOY_STACK}function place(process: { env: Record<string, string> }, id: string) {\n` +
        `  new Env(app, id, { env: { account: ${read} } });\n}\n` +
        `place(readSettings(), 'Dev');\nnew Env(app, 'Test', { env: { account: ${read} } });\n`,
    })?.identities;
    expect(parameter).toHaveLength(1);
    expect(parameter?.[0]).toMatch(/^"deploy": 2 \(the env.account of new Env\(app, id, /);
    expect(shared("import { process } from './settings';\n", read)).toBe(false);
    expect(shared('const process = { env: readSettings() };\n', read)).toBe(false);
    // The app writes the variable (between the stacks or before them): two reads may see two values.
    for (const write of [
      "process.env.CDK_DEFAULT_ACCOUNT = '222222222222';",
      "process.env['CDK_DEFAULT_ACCOUNT'] ??= '222222222222';",
      'delete process.env.CDK_DEFAULT_ACCOUNT;',
      "Object.assign(process.env, { CDK_DEFAULT_ACCOUNT: '222222222222' });",
      "const env = process.env;\nenv.CDK_DEFAULT_ACCOUNT = '222222222222';",
      "[process.env.CDK_DEFAULT_ACCOUNT] = ['222222222222'];",
      "process.env = { CDK_DEFAULT_ACCOUNT: '222222222222' };",
      "(process.env as Record<string, string>)[`CDK_${'DEFAULT'}_ACCOUNT`] = '222222222222';",
    ])
      expect(shared(`${write}\n`, read), write).toBe(false);
    // Another variable written does not change this one.
    expect(shared("process.env.OTHER = '1';\n", read)).toBe(true);
    // Syntax nested past the search's depth may hide a write.
    expect(shared(`const deep = ${'['.repeat(1100)}0${']'.repeat(1100)};\n`, read)).toBe(false);
    expect(shared(`const shallow = ${'['.repeat(900)}0${']'.repeat(900)};\n`, read)).toBe(true);
  });

  it('reads stacks and stages bound to variables, a stack env over its stage, and environment-agnostic stacks', () => {
    const result = accounts({
      'app.ts':
        "import { App, Stack, Stage } from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\nconst app = new App();\n" +
        "const prod = new Stage(app, 'Prod', { env: { account: '111111111111', region: 'eu-west-1' } });\n" +
        "const inProd = new Stack(prod, 'S');\nconst own = new Stack(prod, 'Own', { env: { account: '333333333333' } });\nconst free = new Stack(app, 'Free');\n" +
        "for (const s of [inProd, own, free]) new iam.AccessKey(s, 'Key', { user: iam.User.fromUserName(s, 'U', 'ci') });\n" +
        "new iam.AccessKey(inProd, 'K1', { user: iam.User.fromUserName(inProd, 'U1', 'a') });\nnew iam.AccessKey(own, 'K2', { user: iam.User.fromUserName(own, 'U2', 'a') });\n" +
        "new iam.AccessKey(free, 'K3', { user: iam.User.fromUserName(free, 'U3', 'b') });\n",
    });
    expect(result?.keys.slice(3)).toEqual(['111111111111', '333333333333', 'agnostic']);
    expect(result?.identities.slice(0, 2)).toEqual(['"a" in account 111111111111: 1', '"a" in account 333333333333: 1']);
  });

  it('prefers the env of a stack created in a stage subclass over that of the stage', () => {
    const result = accounts({
      'app.ts':
        "import { App, Stack, Stage, StageProps } from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\n" +
        'class Env extends Stage {\n  constructor(scope: App, id: string, props: StageProps) {\n    super(scope, id, props);\n' +
        "    const own = new Stack(this, 'Own', { env: { account: '333333333333' } });\n    const inherits = new Stack(this, 'Inherits');\n" +
        "    new iam.AccessKey(own, 'A', { user: iam.User.fromUserName(own, 'U', 'x') });\n" +
        "    new iam.AccessKey(inherits, 'B', { user: iam.User.fromUserName(inherits, 'U', 'x') });\n  }\n}\n" +
        "new Env(new App(), 'Prod', { env: { account: '111111111111' } });\n",
    });
    expect(result?.keys).toEqual(['333333333333', '111111111111']);
  });

  it('takes the account of the innermost stack on the scope chain, past construct classes and plain constructs created elsewhere', () => {
    const result = accounts({
      'app.ts':
        "import { App, Stack } from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\nimport { Construct } from 'constructs';\n" +
        "class Group extends Construct {\n  constructor(scope: Construct, id: string) {\n    super(scope, id);\n    new iam.CfnAccessKey(this, 'K', { userName: 'deploy' });\n  }\n}\n" +
        'class Outer extends Stack {\n  constructor(scope: App, id: string) {\n' +
        "    super(scope, id, { env: { account: '111111111111' } });\n    const other = new Stack(scope, 'Other', { env: { account: '222222222222' } });\n" +
        "    new Group(other, 'G');\n    const plain = new Construct(other, 'P');\n    new iam.CfnAccessKey(plain, 'K1', { userName: 'deploy' });\n" +
        "    new iam.CfnAccessKey(this, 'K2', { userName: 'deploy' });\n  }\n}\nnew Outer(new App(), 'Outer');\n",
    });
    expect(result).toEqual({
      keys: ['222222222222', '222222222222', '111111111111'],
      identities: ['"deploy" in account 111111111111: 1', '"deploy" in account 222222222222: 2'],
    });
  });

  it('gives a stack without env the account of its stage, not of a stack it is created in; a nested stack that of its parent', () => {
    const result = accounts({
      'app.ts':
        "import { App, NestedStack, Stack, Stage } from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\nconst app = new App();\n" +
        "const prod = new Stage(app, 'Prod', { env: { account: '111111111111' } });\n" +
        "const outer = new Stack(prod, 'Outer', { env: { account: '333333333333' } });\nconst inner = new Stack(outer, 'Inner');\n" +
        "const nested = new NestedStack(outer, 'Nested');\nconst free = new Stack(new Stack(app, 'Top', { env: { account: '444444444444' } }), 'Free');\n" +
        "new iam.CfnAccessKey(inner, 'K', { userName: 'a' });\nnew iam.CfnAccessKey(nested, 'K', { userName: 'a' });\n" +
        "new iam.CfnAccessKey(free, 'K', { userName: 'a' });\n",
    });
    expect(result?.keys).toEqual(['111111111111', '333333333333', 'agnostic']);
  });

  it('reads the props a stack class met as a scope hands to super(...), not those it is given', () => {
    const result = accounts({
      'app.ts':
        "import { App, Stack, StackProps } from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\n" +
        'class ToolsStack extends Stack {\n  constructor(scope: App, id: string, props?: StackProps) {\n' +
        "    super(scope, id, { ...props, env: { account: '222222222222' } });\n  }\n}\n" +
        'class Passes extends Stack {\n  constructor(scope: App, id: string, props?: StackProps) {\n    super(scope, id, props);\n  }\n}\n' +
        'class Forced extends ToolsStack {}\nclass Plain extends Stack {}\nconst app = new App();\n' +
        "const tools = new ToolsStack(app, 'Tools', { env: { account: '111111111111' } });\n" +
        "const forced = new Forced(app, 'Forced', { env: { account: '111111111111' } });\n" +
        "const passes = new Passes(app, 'Passes', { env: { account: '333333333333' } });\n" +
        "const plain = new Plain(app, 'Plain', { env: { account: '444444444444' } });\n" +
        "new iam.CfnAccessKey(tools, 'K1', { userName: 'a' });\nnew iam.CfnAccessKey(forced, 'K2', { userName: 'a' });\n" +
        "new iam.CfnAccessKey(passes, 'K3', { userName: 'a' });\nnew iam.CfnAccessKey(plain, 'K4', { userName: 'a' });\n",
    });
    expect(result?.keys).toEqual(['222222222222', '222222222222', '333333333333', '444444444444']);
  });

  it('follows a scope parameter to the argument its call passed: a helper function, a construct class keying its own scope', () => {
    const result = accounts({
      'app.ts':
        "import { App, Stack, Stage, StageProps } from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\nimport { Construct } from 'constructs';\n" +
        "function deployKey(scope: Construct) {\n  new iam.CfnAccessKey(scope, 'Key', { userName: 'deploy' });\n}\n" +
        "class Sibling extends Construct {\n  constructor(scope: Construct, id: string) {\n    super(scope, id);\n    new iam.CfnAccessKey(scope, 'K', { userName: 'ops' });\n  }\n}\n" +
        'class DeployStack extends Stack {\n  constructor(scope: Construct, id: string) {\n    super(scope, id);\n    deployKey(this);\n' +
        "    new Sibling(new Stack(scope, 'Other', { env: { account: '333333333333' } }), 'S');\n  }\n}\n" +
        "class Env extends Stage {\n  constructor(scope: Construct, id: string, props: StageProps) {\n    super(scope, id, props);\n    new DeployStack(this, 'Deploy');\n  }\n}\n" +
        "const app = new App();\nnew Env(app, 'Prod', { env: { account: '111111111111' } });\n",
    });
    expect(result?.keys).toEqual(['111111111111', '333333333333']);
  });
});
