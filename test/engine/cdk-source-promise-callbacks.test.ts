/**
 * A promise's `.then` or `.finally` handler that makes the App runs once in every synthesis that writes
 * the app's cloud assembly, and the executor of `new Promise(...)` runs once before the `new` returns
 * (checked with aws-cdk-lib's synth: the stack is there); a handler adding to an App made outside it
 * may run after `app.synth()` (synth then writes nothing of it), or never, so what it creates stays of
 * unknown existence.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

const HEAD =
  "import * as cdk from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\n" +
  'async function load(): Promise<string> {\n  return "dev";\n}\n' +
  'function people(app: cdk.App): void {\n' +
  "  const stack = new cdk.Stack(app, 'People');\n" +
  "  const ana = new iam.User(stack, 'Ana', { userName: 'ana', password: cdk.SecretValue.unsafePlainText('x') });\n" +
  "  new iam.AccessKey(stack, 'AnaKey', { user: ana });\n}\n";

async function findings(body: string): Promise<string[]> {
  const root = tempTree({ 'cdk.json': '{"app": "npx ts-node app.ts"}', 'app.ts': HEAD + body }, 'credlint-promise-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.ruleId} ${f.severity}${f.unknown ? ' unknown' : ''}`);
}

const FINDING = ['console-user-with-access-key error'];
const UNKNOWN = ['console-user-with-access-key warning unknown'];

describe('a .then handler', () => {
  it('that makes the App: what it creates is certain, whatever handles a rejection', async () => {
    expect(await findings('load().then((env) => {\n  const app = new cdk.App();\n  people(app);\n}).catch(() => process.exit(1));\n')).toEqual(FINDING);
    expect(await findings('load().then((env) => {\n  const app = new cdk.App();\n  people(app);\n}).catch(() => undefined);\n')).toEqual(FINDING);
    expect(await findings('void load().then(async function () {\n  const app = new cdk.App();\n  await load();\n  people(app);\n});\n')).toEqual(FINDING);
  });

  it('that adds to an App made outside it, or makes the App only under an if: unknown', async () => {
    expect(await findings('const app = new cdk.App();\nload().then(() => people(app));\napp.synth();\n')).toEqual(UNKNOWN);
    expect(await findings('const app = new cdk.App();\nload().then(() => {\n  people(app);\n});\n')).toEqual(UNKNOWN);
    expect(await findings("load().then((env) => {\n  if (env === 'dev') {\n    const app = new cdk.App();\n    people(app);\n  }\n});\n")).toEqual(UNKNOWN);
  });

  it('as the rejection handler, or of a .then credlint cannot take for a promise: unknown', async () => {
    expect(await findings('load().then(undefined, () => {\n  const app = new cdk.App();\n  people(app);\n});\n')).toEqual(UNKNOWN);
    expect(
      await findings('const steps = { then(cb: () => void) {\n  cb();\n  cb();\n} };\nsteps.then(() => {\n  const app = new cdk.App();\n  people(app);\n});\n'),
    ).toEqual(UNKNOWN);
  });
});

describe('a .finally handler', () => {
  it('that makes the App: what it creates is certain', async () => {
    expect(await findings("load().catch(() => 'prod').finally(() => {\n  const app = new cdk.App();\n  people(app);\n});\n")).toEqual(FINDING);
  });

  it('that adds to an App synthesized before it runs: unknown', async () => {
    expect(await findings('const app = new cdk.App();\nload().finally(() => {\n  people(app);\n});\napp.synth();\n')).toEqual(UNKNOWN);
  });
});

describe('the executor of new Promise', () => {
  it('runs once, at once: what it creates is certain, whether it makes the App or adds to one', async () => {
    expect(await findings('void new Promise<void>((resolve) => {\n  const app = new cdk.App();\n  people(app);\n  resolve();\n});\n')).toEqual(FINDING);
    expect(
      await findings(
        'async function main(): Promise<void> {\n  const app = new cdk.App();\n  await new Promise<void>((resolve) => {\n    people(app);\n    resolve();\n  });\n  app.synth();\n}\nvoid main();\n',
      ),
    ).toEqual(FINDING);
  });

  it('of a Promise the project declares: unknown', async () => {
    expect(
      await findings(
        'class Promise {\n  constructor(run: (done: () => void) => void) {\n    void run;\n  }\n}\nnew Promise(() => {\n  const app = new cdk.App();\n  people(app);\n});\n',
      ),
    ).toEqual(UNKNOWN);
  });
});
