/**
 * A CDK app written in JavaScript is not read from source (README, "CDK TypeScript source"): its
 * `cdk.json` gets a note saying so and how to check it, where before the scan passed it without a word
 * ("No problems found"). An app compiled from TypeScript before it runs (`node dist/bin/app.js`) has
 * its sources beside it, which are analysed: no note there.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

const STACK_JS =
  "const cdk = require('aws-cdk-lib');\nconst iam = require('aws-cdk-lib/aws-iam');\nconst app = new cdk.App();\nconst s = new cdk.Stack(app, 'S');\n" +
  "const user = new iam.User(s, 'Ana', { userName: 'ana', password: cdk.SecretValue.unsafePlainText('x') });\nnew iam.AccessKey(s, 'Key', { user });\n";
const STACK_TS = STACK_JS.replace(
  "const cdk = require('aws-cdk-lib');\nconst iam = require('aws-cdk-lib/aws-iam');",
  "import * as cdk from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';",
);

async function scan(files: Record<string, string>): Promise<{ notes: string[]; findings: string[] }> {
  const root = tempTree(files, 'credlint-cdk-js-');
  const result = await lint({ paths: [root], cwd: root });
  return {
    notes: result.notes.map((n) => `${n.location.file.slice(root.length + 1)}:${String(n.location.range.start.line)}: ${n.message}`),
    findings: result.findings.map((f) => `${f.ruleId} ${f.location.file.slice(root.length + 1)}`),
  };
}

describe('a CDK app in Python, Java, C# or Go', () => {
  it('gets a note at its cdk.json naming the command, where it passed in silence', async () => {
    const note = (command: string, file: string) =>
      `${file}:1: cdk.json runs "${command}", a CDK app that credlint does not analyse (it reads CDK apps from TypeScript source): check its cloud assembly (cdk synth, then credlint cdk.out), or every synth with credlint cdk-app in cdk.json (docs/cdk.md, "Any CDK language")`;
    const python =
      "import aws_cdk as cdk\nfrom aws_cdk import aws_iam as iam\napp = cdk.App()\ns = cdk.Stack(app, 'S')\niam.AccessKey(s, 'A', user=iam.User.from_user_name(s, 'U', 'root'))\napp.synth()\n";
    expect(
      await scan({
        'py/cdk.json': '{ "app": "python3 app.py" }',
        'py/app.py': python,
        'java/cdk.json': '{ "app": "mvn -e -q compile exec:java" }',
        'go/cdk.json': `{ "app": "go mod download && go run ${'x'.repeat(130)}.go" }`,
      }),
    ).toEqual({
      notes: [
        note(`go mod download && go run ${'x'.repeat(94)}...`, 'go/cdk.json'),
        note('mvn -e -q compile exec:java', 'java/cdk.json'),
        note('python3 app.py', 'py/cdk.json'),
      ],
      findings: [],
    });
  });
});

describe('a CDK app in JavaScript', () => {
  it('gets a note at its cdk.json, in every module system', async () => {
    const note = (script: string, file = 'cdk.json') =>
      `${file}:1: cdk.json runs ${script}, a CDK app in JavaScript, which credlint does not analyse (it reads CDK apps from TypeScript source): check its cloud assembly (cdk synth, then credlint cdk.out), or every synth with credlint/cdk`;
    expect(
      await scan({
        'cdk.json': '{ "app": "node bin/app.js" }',
        'bin/app.js': STACK_JS,
        'esm/cdk.json': '{ "app": "node \\"app.mjs\\"", /* lenient, as the CDK CLI reads it */ }',
        'esm/app.mjs': STACK_JS,
        'cjs/cdk.json': '{ "app": "node --enable-source-maps main.cjs" }',
        'cjs/main.cjs': STACK_JS,
      }),
    ).toEqual({ notes: [note('bin/app.js'), note('main.cjs', 'cjs/cdk.json'), note('app.mjs', 'esm/cdk.json')], findings: [] });
  });

  it('gets none when its TypeScript sources are there, analysed instead, or when credlint cdk-app checks every synth', async () => {
    expect(
      await scan({
        'compiled/cdk.json': '{ "app": "node dist/bin/app.js" }',
        'compiled/src/bin/app.ts': STACK_TS,
        'tsnode/cdk.json': '{ "app": "npx ts-node --prefer-ts-exts bin/app.ts" }',
        'tsnode/bin/app.ts': STACK_TS,
        'wrapped/cdk.json': '{ "app": "npx credlint cdk-app -- node bin/app.js" }',
        'wrapped/bin/app.js': STACK_JS,
        'python/cdk.json': '{ "app": "npx credlint cdk-app -- python3 app.py" }',
        'python/app.py': '',
        'empty/cdk.json': '{ "app": " " }',
        'broken/cdk.json': '{ "app": ',
      }),
    ).toEqual({ notes: [], findings: ['console-user-with-access-key compiled/src/bin/app.ts', 'console-user-with-access-key tsnode/bin/app.ts'] });
  });
});
