/**
 * `node.tryGetContext('key')` reads the `"context"` of the cdk.json that runs the app: `cdk synth`
 * hands the app those values (below `-c` on the command line, above `cdk.context.json` and
 * `new App({ context })`). A key cdk.json does not give, a key the app writes itself
 * (`node.setContext`, `postCliContext`) and an app cdk.json does not run stay unknown.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

const CDK_JSON = (context: object) => JSON.stringify({ app: 'npx ts-node --prefer-ts-exts bin/app.ts', context }, null, 2);

const APP = `import * as cdk from 'aws-cdk-lib';
import { UsersStack } from '../lib/users-stack';

const app = new cdk.App();
new UsersStack(app, 'Users');
`;

const STACK = (extra = '') => `import * as cdk from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

export class UsersStack extends cdk.Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);${extra}
    const names: string[] = this.node.tryGetContext('serviceUsers') ?? [];
    const rotated: string | undefined = this.node.tryGetContext('rotatedUser');
    for (const name of names) {
      const user = new iam.User(this, name, { userName: name });
      new iam.AccessKey(this, \`\${name}Key\`, { user });
      if (name === rotated) new iam.AccessKey(this, \`\${name}Key2\`, { user });
    }
  }
}
`;

async function findings(files: Record<string, string>): Promise<string[]> {
  const root = tempTree(files, 'credlint-cdk-context-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.ruleId} ${f.severity} ${f.message.replace(/:.*/, '')}`);
}

describe("cdk.json's context", () => {
  it('gives tryGetContext its value: a second key of the user it names is an error', async () => {
    expect(
      await findings({
        'cdk.json': CDK_JSON({ serviceUsers: ['ci', 'backup'], rotatedUser: 'ci' }),
        'bin/app.ts': APP,
        'lib/users-stack.ts': STACK(),
      }),
    ).toEqual(['multiple-active-access-keys error IAM user "ci" has 2 active access keys (UsersStack/ciKey, UsersStack/ciKey2); at most one may be active.']);
  });

  it('gives no finding when the user it names has one key', async () => {
    expect(
      await findings({ 'cdk.json': CDK_JSON({ serviceUsers: ['ci', 'backup'], rotatedUser: 'ops' }), 'bin/app.ts': APP, 'lib/users-stack.ts': STACK() }),
    ).toEqual([]);
  });

  it('leaves a key cdk.json does not give unknown (cdk synth -c may give it)', async () => {
    expect(await findings({ 'cdk.json': CDK_JSON({ serviceUsers: ['ci', 'backup'] }), 'bin/app.ts': APP, 'lib/users-stack.ts': STACK() })).toEqual([
      'multiple-active-access-keys warning Cannot tell whether UsersStack/backupKey2 is a second active access key of a user',
      'multiple-active-access-keys warning Cannot tell whether UsersStack/ciKey2 is a second active access key of a user',
    ]);
  });

  it('leaves a key the app writes itself unknown', async () => {
    const context = { serviceUsers: ['ci'], rotatedUser: 'ci' };
    expect(
      await findings({ 'cdk.json': CDK_JSON(context), 'bin/app.ts': APP, 'lib/users-stack.ts': STACK("\n    this.node.setContext('rotatedUser', 'ops');") }),
    ).toEqual(['multiple-active-access-keys warning Cannot tell whether UsersStack/ciKey2 is a second active access key of a user']);
    // A key not known statically may be any key: every context value is unknown.
    expect(await findings({ 'cdk.json': CDK_JSON(context), 'bin/app.ts': APP, 'lib/users-stack.ts': STACK('\n    this.node.setContext(id, 1);') })).toEqual([
      'multiple-active-access-keys warning Cannot tell whether UsersStack/`${name}Key` is a second active access key of a user',
      'root-user-access-key warning Cannot tell whether access key UsersStack/`${name}Key` is for the root user',
      'multiple-active-access-keys warning Cannot tell whether UsersStack/`${name}Key2` is a second active access key of a user',
      'root-user-access-key warning Cannot tell whether access key UsersStack/`${name}Key2` is for the root user',
    ]);
    const postCli = APP.replace('new cdk.App()', "new cdk.App({ postCliContext: { rotatedUser: 'ops' } })");
    expect(await findings({ 'cdk.json': CDK_JSON(context), 'bin/app.ts': postCli, 'lib/users-stack.ts': STACK() })).toContain(
      'multiple-active-access-keys warning Cannot tell whether UsersStack/`${name}Key2` is a second active access key of a user',
    );
    // Another key written leaves this one known.
    expect(
      await findings({ 'cdk.json': CDK_JSON(context), 'bin/app.ts': APP, 'lib/users-stack.ts': STACK("\n    this.node.setContext('other', 1);") }),
    ).toEqual(['multiple-active-access-keys error IAM user "ci" has 2 active access keys (UsersStack/ciKey, UsersStack/ciKey2); at most one may be active.']);
    // A write may hide in syntax nested past the search's depth: the key is not taken as known then, and
    // the nesting is reported (by the walk, or by the parser where the stack runs out first: which one
    // depends on the stack the test runs on); known below that depth.
    const nested = (levels: number) => STACK(`\n    this.node.setContext('other', ${'['.repeat(levels)}1${']'.repeat(levels)});`);
    const deep = await findings({ 'cdk.json': CDK_JSON(context), 'bin/app.ts': APP, 'lib/users-stack.ts': nested(1100) });
    expect(deep).not.toContain(
      'multiple-active-access-keys error IAM user "ci" has 2 active access keys (UsersStack/ciKey, UsersStack/ciKey2); at most one may be active.',
    );
    expect(deep.some((finding) => finding.startsWith('parse-error error '))).toBe(true);
    expect(await findings({ 'cdk.json': CDK_JSON(context), 'bin/app.ts': APP, 'lib/users-stack.ts': nested(900) })).toEqual([
      'multiple-active-access-keys error IAM user "ci" has 2 active access keys (UsersStack/ciKey, UsersStack/ciKey2); at most one may be active.',
    ]);
  });

  // CDK synth (aws-cdk-lib 2.276) writes the second key for each of these: the app's own write of the
  // context wins over cdk.json's. Each was read as cdk.json's value, no finding even with --report-unknown.
  it.each([
    ['setContext spelled with an identifier escape', APP, STACK("\n    this.node.s\\u0065tContext('rotatedUser', 'ci');")],
    ['setContext called through call()', APP, STACK("\n    this.node.setContext.call(this.node, 'rotatedUser', 'ci');")],
    ['setContext named by a string', APP, STACK("\n    const write = 'setContext';\n    (this.node as any)[write]('rotatedUser', 'ci');")],
    ['postCliContext as a quoted key', APP.replace('new cdk.App()', "new cdk.App({ 'postCliContext': { rotatedUser: 'ci' } })"), STACK()],
    ['postCliContext as a computed key', APP.replace('new cdk.App()', "new cdk.App({ ['postCliContext']: { rotatedUser: 'ci' } })"), STACK()],
    ['postCliContext spelled with an identifier escape', APP.replace('new cdk.App()', "new cdk.App({ p\\u006fstCliContext: { rotatedUser: 'ci' } })"), STACK()],
    ['postCliContext spelled with a string escape', APP.replace('new cdk.App()', "new cdk.App({ 'post\\x43liContext': { rotatedUser: 'ci' } })"), STACK()],
  ])('leaves a key the app writes itself unknown however the write is spelled (%s)', async (_, app, stack) => {
    const result = await findings({ 'cdk.json': CDK_JSON({ serviceUsers: ['ci'], rotatedUser: 'ops' }), 'bin/app.ts': app, 'lib/users-stack.ts': stack });
    expect(result.some((f) => f.startsWith('multiple-active-access-keys warning ') && f.includes('Key2'))).toBe(true);
  });

  it('is read whatever escapes spell its keys (JSON.parse decodes them)', async () => {
    const cdkJson = CDK_JSON({ serviceUsers: ['ci'], rotatedUser: 'ci' }).replace('"context"', '"c\\u006fntext"');
    expect(await findings({ 'cdk.json': cdkJson, 'bin/app.ts': APP, 'lib/users-stack.ts': STACK() })).toEqual([
      'multiple-active-access-keys error IAM user "ci" has 2 active access keys (UsersStack/ciKey, UsersStack/ciKey2); at most one may be active.',
    ]);
  });

  it('does not reach an app cdk.json does not run', async () => {
    const other = APP.replace("'Users'", "'Other'");
    const result = await findings({
      'cdk.json': CDK_JSON({ serviceUsers: ['ci'], rotatedUser: 'ci' }),
      'bin/app.ts': APP.replace("new UsersStack(app, 'Users');", ''),
      'bin/other-app.ts': other,
      'lib/users-stack.ts': STACK(),
    });
    expect(result.filter((f) => f.includes(' error '))).toEqual([]);
  });

  // The CDK CLI reads a cdk.json nested 300 levels deep (JSON.parse), credlint refuses it past 200: read as
  // naming nothing, the context's user was unknown, the second key only a warning --report-unknown showed.
  it('nested past what credlint reads is a parse error at the bracket, never a context silently dropped', async () => {
    const padded = CDK_JSON({ serviceUsers: ['ci'], rotatedUser: 'ci' }).replace(
      '"context": {',
      `"context": {\n    "pad": ${'['.repeat(300)}${']'.repeat(300)},`,
    );
    const root = tempTree({ 'cdk.json': padded, 'bin/app.ts': APP, 'lib/users-stack.ts': STACK() }, 'credlint-cdk-context-');
    const result = await lint({ paths: [root], cwd: root });
    expect(
      result.findings.map(
        (f) => `${f.location.file.slice(root.length + 1)}:${f.location.range.start.line}:${f.location.range.start.column} ${f.ruleId} ${f.message}`,
      ),
    ).toEqual([
      'cdk.json:4:210 parse-error cdk.json is nested deeper than 200 levels and is not read: the app it runs and the context it gives it are unknown, so findings may be missing',
    ]);
    // A tsconfig.json likewise: the import paths it declares are unknown.
    const deepTsconfig = tempTree(
      { 'tsconfig.json': `{"compilerOptions": {"x": ${'['.repeat(300)}${']'.repeat(300)}}}`, 'bin/app.ts': APP, 'lib/users-stack.ts': STACK() },
      'credlint-cdk-context-',
    );
    expect((await lint({ paths: [deepTsconfig], cwd: deepTsconfig })).findings.map((f) => `${f.ruleId} ${f.message}`)).toEqual([
      'parse-error tsconfig.json is nested deeper than 200 levels and is not read: the import paths it declares are unknown, so findings may be missing',
    ]);
  });
});
