/**
 * `require.main === module` in a CDK app: true in the entry cdk.json runs through ts-node or tsx as
 * CommonJS (its `main()` runs under cdk synth), false in the files it imports; unknown for an ES module
 * entry, another runner, or an app cdk.json does not run. Checked against ts-node 10 and tsx 4 running
 * the same apps with aws-cdk-lib 2.276.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

const ENTRY =
  "import { App } from 'aws-cdk-lib';\nimport { TeamStack } from '../lib/team-stack';\n\n" +
  "export function main(): App {\n  const app = new App();\n  new TeamStack(app, 'Team');\n  return app;\n}\n\n";

const STACK = (extra: string) =>
  "import { SecretValue, Stack } from 'aws-cdk-lib';\nimport type { Construct } from 'constructs';\nimport * as iam from 'aws-cdk-lib/aws-iam';\n\n" +
  'export class TeamStack extends Stack {\n  constructor(scope: Construct, id: string) {\n    super(scope, id);\n' +
  "    const user = new iam.User(this, 'Ana', { userName: 'ana' });\n    new iam.AccessKey(this, 'AnaKey', { user });\n" +
  extra +
  '  }\n}\n';

async function findings(files: Record<string, string>): Promise<string[]> {
  const root = tempTree(files, 'credlint-main-module-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.ruleId} ${f.severity} ${f.message}`);
}

const TS_NODE = '{ "app": "npx ts-node --prefer-ts-exts bin/app.ts" }';
const SECOND_KEY = "    if (require.main === module) new iam.AccessKey(this, 'Extra', { user });\n";
const TWO_KEYS = 'multiple-active-access-keys error IAM user "ana" has 2 active access keys (TeamStack/AnaKey, TeamStack/Extra); at most one may be active.';

describe('require.main === module', () => {
  it('is true in the entry cdk.json runs with ts-node: main() runs', async () => {
    const stack = STACK("    new iam.AccessKey(this, 'Extra', { user });\n");
    expect(await findings({ 'cdk.json': TS_NODE, 'bin/app.ts': `${ENTRY}if (require.main === module) main();\n`, 'lib/team-stack.ts': stack })).toEqual([
      TWO_KEYS,
    ]);
    expect(
      await findings({
        'cdk.json': '{ "app": "npx tsx bin/app.ts" }',
        'bin/app.ts': `${ENTRY}if (module === require.main) {\n  main();\n}\n`,
        'lib/team-stack.ts': stack,
      }),
    ).toEqual([TWO_KEYS]);
    expect(
      await findings({
        'cdk.json': TS_NODE,
        'package.json': '{ "type": "commonjs" }',
        'bin/app.ts': `${ENTRY}if (require.main != module) {} else main();\n`,
        'lib/team-stack.ts': stack,
      }),
    ).toEqual([TWO_KEYS]);
  });

  it('is false in a file the entry imports', async () => {
    const app = `${ENTRY}main();\n`;
    expect(await findings({ 'cdk.json': TS_NODE, 'bin/app.ts': app, 'lib/team-stack.ts': STACK(SECOND_KEY) })).toEqual([]);
    const negated = STACK("    if (require.main !== module) new iam.AccessKey(this, 'Extra', { user });\n");
    expect(await findings({ 'cdk.json': TS_NODE, 'bin/app.ts': app, 'lib/team-stack.ts': negated })).toEqual([TWO_KEYS]);
  });

  it('stays unknown for an ES module entry, another runner, an app cdk.json does not run, and a declared name', async () => {
    const app = `${ENTRY}main();\n`;
    const unknownSecondKey = (why: string) => [
      `multiple-active-access-keys warning Cannot tell whether TeamStack/Extra is a second active access key of a user: created only if require.main === module: ${why}.`,
    ];
    const notKnown = 'which file runs as the main module is known only for the entry cdk.json runs with ts-node or tsx as CommonJS';
    expect(await findings({ 'cdk.json': TS_NODE, 'package.json': '{ "type": "module" }', 'bin/app.ts': app, 'lib/team-stack.ts': STACK(SECOND_KEY) })).toEqual(
      unknownSecondKey(notKnown),
    );
    expect(await findings({ 'cdk.json': '{ "app": "node bin/app.ts" }', 'bin/app.ts': app, 'lib/team-stack.ts': STACK(SECOND_KEY) })).toEqual(
      unknownSecondKey(notKnown),
    );
    expect(await findings({ 'cdk.json': '{ "app": "npx ts-node --esm bin/app.ts" }', 'bin/app.ts': app, 'lib/team-stack.ts': STACK(SECOND_KEY) })).toEqual(
      unknownSecondKey(notKnown),
    );
    expect(await findings({ 'bin/app.ts': app, 'lib/team-stack.ts': STACK(SECOND_KEY) })).toEqual(unknownSecondKey(notKnown));
    const declared = STACK(SECOND_KEY).replace('export class', 'declare const module: { id: string };\nexport class');
    expect((await findings({ 'cdk.json': TS_NODE, 'bin/app.ts': app, 'lib/team-stack.ts': declared }))[0]).toMatch(
      /warning .*require\.main is not known statically/,
    );
  });
});
