/**
 * An escape hatch (https://docs.aws.amazon.com/cdk/v2/guide/cfn_layer.html) written outside the
 * function that creates the construct: where the call that created it returns to (the app after
 * `new TeamStack(...)`, a stack after calling a helper that made the key), in this file or another,
 * and at the top of a module importing a construct another module exports. Applied when its receiver
 * is the construct, a change that may be of it when credlint cannot tell its receiver. Every
 * expectation is what `cdk synth` (aws-cdk-lib 2.276, the app compiled to CommonJS by tsc and run by
 * node, CDK_VALIDATION=false) gives, as credlint reads the cloud assembly.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

async function findings(files: Record<string, string>): Promise<string[]> {
  const root = tempTree(
    { 'app/cdk.json': '{ "app": "npx ts-node main.ts" }', ...Object.fromEntries(Object.entries(files).map(([name, text]) => [`app/${name}`, text])) },
    'credlint-cdk-cross-file-hatches-',
  );
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.severity} ${f.ruleId} ${f.message.replace(/: .*/, '')}`);
}

const IMPORTS = "import * as cdk from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\nimport { Construct } from 'constructs';\n";

/** A stack with the user ci and two keys, the first kept as `oldKey` (and `botKey` of the user bot). */
const STACK = `${IMPORTS}export class TeamStack extends cdk.Stack {
  readonly oldKey: iam.AccessKey;
  readonly botKey: iam.AccessKey;
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const user = new iam.User(this, 'Ci', { userName: 'ci' });
    this.oldKey = new iam.AccessKey(this, 'OldKey', { user });
    new iam.AccessKey(this, 'NewKey', { user });
    this.botKey = new iam.AccessKey(this, 'BotKey', { user: new iam.User(this, 'Bot', { userName: 'bot' }) });
  }
}
`;

const app = (after: string) =>
  `${IMPORTS}import { TeamStack } from './stack';\nimport { retire } from './retire';\nconst stack = new TeamStack(new cdk.App(), 'Team');\n${after}\n`;

const RETIRE =
  "import * as iam from 'aws-cdk-lib/aws-iam';\nexport function retire(key: iam.AccessKey): void {\n  (key.node.defaultChild as iam.CfnAccessKey).addPropertyOverride('Status', 'Inactive');\n}\n";

const TWO_KEYS = 'error multiple-active-access-keys IAM user "ci" has 2 active access keys (TeamStack/OldKey, TeamStack/NewKey); at most one may be active.';

describe('an escape hatch written where the call creating the construct returns to', () => {
  it('is applied to a stack property changed by the app in another file (an error before)', async () => {
    const main = app("(stack.oldKey.node.defaultChild as iam.CfnAccessKey).status = 'Inactive';");
    expect(await findings({ 'main.ts': main, 'stack.ts': STACK, 'retire.ts': RETIRE })).toEqual([]);
  });

  it('is applied through a helper of a third file the app hands the key to (an error before)', async () => {
    expect(await findings({ 'main.ts': app('retire(stack.oldKey);'), 'stack.ts': STACK, 'retire.ts': RETIRE })).toEqual([]);
  });

  it('leaves the keys unknown when the app finds the key by id (an error before)', async () => {
    const main = app("(stack.node.findChild('OldKey').node.defaultChild as iam.CfnAccessKey).status = 'Inactive';");
    const result = await findings({ 'main.ts': main, 'stack.ts': STACK, 'retire.ts': RETIRE });
    expect(result.filter((f) => f.startsWith('error'))).toEqual([]);
    expect(result).toContain('warning multiple-active-access-keys IAM user "ci" may have 2 active access keys (TeamStack/OldKey, TeamStack/NewKey)');
  });

  it('changes only the construct it is written on', async () => {
    const main = app("(stack.botKey.node.defaultChild as iam.CfnAccessKey).status = 'Inactive';");
    expect(await findings({ 'main.ts': main, 'stack.ts': STACK, 'retire.ts': RETIRE })).toEqual([TWO_KEYS]);
  });

  it('is applied to a key a helper of another file creates, changed by the stack calling it (an error before)', async () => {
    const keys = `${IMPORTS}export function createKey(scope: Construct, id: string, user: iam.IUser): iam.AccessKey {\n  return new iam.AccessKey(scope, id, { user });\n}\n`;
    const main = `${IMPORTS}import { createKey } from './keys';
class TeamStack extends cdk.Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const user = new iam.User(this, 'Ci', { userName: 'ci' });
    const oldKey = createKey(this, 'OldKey', user);
    (oldKey.node.defaultChild as iam.CfnAccessKey).status = 'Inactive';
    createKey(this, 'NewKey', user);
  }
}
new TeamStack(new cdk.App(), 'Team');
`;
    expect(await findings({ 'main.ts': main, 'keys.ts': keys })).toEqual([]);
  });
});

describe('an escape hatch at the top of a module importing the construct', () => {
  const users = `${IMPORTS}export const app = new cdk.App();
export const stack = new cdk.Stack(app, 'Team');
const user = new iam.User(stack, 'Ci', { userName: 'ci' });
export const oldKey = new iam.AccessKey(stack, 'OldKey', { user });
new iam.AccessKey(stack, 'NewKey', { user });
`;

  it('is applied: the module runs after the one creating it (an error before)', async () => {
    const main =
      "import * as iam from 'aws-cdk-lib/aws-iam';\nimport { oldKey } from './users';\n(oldKey.node.defaultChild as iam.CfnAccessKey).status = 'Inactive';\n";
    expect(await findings({ 'main.ts': main, 'users.ts': users })).toEqual([]);
  });

  it('is a change that may run when the two modules import each other', async () => {
    const main =
      "import * as iam from 'aws-cdk-lib/aws-iam';\nimport { oldKey } from './users';\nexport const retired = 'OldKey';\n(oldKey.node.defaultChild as iam.CfnAccessKey).status = 'Inactive';\n";
    const result = await findings({ 'main.ts': main, 'users.ts': `import { retired } from './main';\n${users}` });
    expect(result.filter((f) => f.startsWith('error'))).toEqual([]);
    expect(result).toEqual(['warning multiple-active-access-keys IAM user "ci" has an active access key and access key Team/OldKey may be active too']);
  });
});

describe('escape hatches where many calls return to', () => {
  it('evaluate each receiver there once, not once per construct (150 keys made by a helper: the walk steps ran out before)', async () => {
    const keys = `${IMPORTS}export function createKey(scope: Construct, id: string, user: iam.IUser): iam.AccessKey {\n  return new iam.AccessKey(scope, id, { user });\n}\n`;
    const lines: string[] = [];
    for (let i = 0; i < 150; i += 1)
      lines.push(
        `    const u${i} = new iam.User(this, 'U${i}', { userName: 'u${i}' });`,
        `    createKey(this, 'A${i}', u${i});`,
        `    const k${i} = createKey(this, 'K${i}', u${i});`,
        `    (k${i}.node.defaultChild as iam.CfnAccessKey).status = 'Inactive';`,
      );
    const main = `${IMPORTS}import { createKey } from './keys';
class TeamStack extends cdk.Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
${lines.join('\n')}
  }
}
new TeamStack(new cdk.App(), 'Team');
`;
    expect(await findings({ 'main.ts': main, 'keys.ts': keys })).toEqual([]);
  });
});
