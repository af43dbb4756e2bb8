/**
 * An early exit that throws with nothing to catch it (`if (!config) throw new Error(...)` in the app's
 * entry, or in a stack's constructor the entry calls) stops `cdk synth`: no template is written, so in
 * every synthesis that succeeds the code after it runs, and what it creates is certain. An exit that may
 * be caught (a `try`, an `async` function whose rejection a caller handles, a function walked on its own)
 * or that returns leaves what follows it of unknown existence.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

const PEOPLE =
  "import { SecretValue, Stack } from 'aws-cdk-lib';\nimport { AccessKey, User } from 'aws-cdk-lib/aws-iam';\nimport { Construct } from 'constructs';\n" +
  'export interface PeopleProps { readonly team?: string }\n' +
  'export class People extends Stack {\n  constructor(scope: Construct, id: string, props: PeopleProps = {}) {\n    super(scope, id);\n' +
  "    if (props.team === undefined) {\n      console.error('no team');\n      throw new Error('team');\n    }\n" +
  "    const user = new User(this, 'Ana', { userName: 'ana', password: SecretValue.unsafePlainText('x') });\n    new AccessKey(this, 'Key', { user });\n  }\n}\n";

async function findings(main: string): Promise<string[]> {
  const root = tempTree(
    {
      'package.json': '{"dependencies": {"aws-cdk-lib": "2.0.0"}}',
      'cdk.json': '{"app": "npx ts-node --prefer-ts-exts bin/main.ts", "context": {}}',
      'lib/people.ts': PEOPLE,
      'bin/main.ts': "import { App } from 'aws-cdk-lib';\nimport { People } from '../lib/people';\nconst app = new App();\n" + main,
    },
    'credlint-aborting-throw-',
  );
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.severity} ${f.location.file.slice(root.length + 1)}:${f.location.range.start.line} ${f.message}`);
}

const ERROR = 'error lib/people.ts:13 IAM user "ana" has a console password (People/Ana.password) and an active access key (People/Key).';

describe('an early exit that throws with nothing to catch it', () => {
  it('at the top of the entry, leaves what follows it certain', async () => {
    expect(
      await findings("const team = app.node.tryGetContext('team');\nif (!team) throw new Error('pass -c team=...');\nnew People(app, 'People', { team });\n"),
    ).toEqual([ERROR]);
  });

  it('in a constructor the entry calls (in a loop, through a forEach), leaves what follows it certain', async () => {
    expect(await findings("for (const s of ['a']) [s].forEach(() => new People(app, 'People', { team: app.node.tryGetContext('team') }));\n")).toEqual([ERROR]);
  });

  it('inside a try, leaves what follows it unknown', async () => {
    const [finding] = await findings(
      "try {\n  const team = app.node.tryGetContext('team');\n  if (!team) throw new Error('team');\n  new People(app, 'People', { team });\n} catch {\n  console.error('no team');\n}\n",
    );
    expect(finding).toMatch(/^warning lib\/people\.ts:12 .*created only if the early exit at line 6 of main\.ts \(when !team\) is not taken/);
  });

  it('in an async function whose rejection the entry handles, leaves what follows it unknown', async () => {
    const [finding] = await findings(
      "async function main(): Promise<void> {\n  const team = app.node.tryGetContext('team');\n  if (!team) throw new Error('team');\n  new People(app, 'People', { team });\n}\nmain().catch((e) => console.error(e));\n",
    );
    expect(finding).toMatch(/^warning lib\/people\.ts:12 .*early exit at line 6 of main\.ts \(when !team\)/);
  });

  it('that may return instead, leaves what follows it unknown', async () => {
    const [finding] = await findings(
      "function main(): void {\n  const team = app.node.tryGetContext('team');\n  if (!team) {\n    if (process.env.CI) return;\n    throw new Error('team');\n  }\n  new People(app, 'People', { team });\n}\nmain();\n",
    );
    expect(finding).toMatch(/^warning lib\/people\.ts:12 .*early exit at line 6 of main\.ts \(when !team\)/);
  });

  it('in a function walked on its own, leaves what follows it unknown', async () => {
    const [finding] = await findings(
      // Handed on (not left uncalled), so it may run: walked on its own.
      "export function build(team: string | undefined): void {\n  if (!team) throw new Error('team');\n  new People(app, 'People', { team });\n}\nexport const builders = [build];\n",
    );
    expect(finding).toMatch(/^warning lib\/people\.ts:12 .*early exit at line 5 of main\.ts \(when !team\)/);
  });
});
