/**
 * A suppression is a comment (README, "Suppressions"; docs/security.md): text that only looks like one
 * must not suppress anything. Each hostile file declares two active keys for one user, and a line
 * reading `credlint-ignore multiple-active-access-keys -- …` that is not a comment above the second
 * key, or is a comment somewhere else:
 *
 * - inside a YAML block scalar or a double-quoted scalar over several lines (a `UserData` script, a
 *   description) just above the key resource, also in a template written in YAML's flow style
 *   (`{ "Resources": … }`, which CloudFormation reads as YAML when it is not JSON: a `.yaml` or a
 *   `.template` file), whose strings were not looked for because its text starts like JSON;
 * - inside a TypeScript template literal that ends on the line above the `new AccessKey` statement,
 *   written with `//` or `#`;
 * - a real comment below the keys, in a file whose strings hold U+2028: TypeScript counts it as a
 *   line break, and suppression lines were split without it, so the comment landed on the line
 *   above a key statement.
 *
 * The CLI (as a CI job runs it) and the ESLint plugin must report the finding; beside each, a real
 * comment in the same place still suppresses it.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type plugin from '../../src/eslint-plugin/index.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

const CLI = path.resolve(import.meta.dirname, '..', '..', 'dist', 'src', 'cli.cjs');
const DIRECTIVE = 'credlint-ignore multiple-active-access-keys -- approved';

afterAll(() => {
  removeTempTrees();
});

/** A template with two keys for `U`; `between` is written between the topic's properties and `K2`. */
function template(between: string): string {
  return `Resources:\n  U:\n    Type: AWS::IAM::User\n  K1:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: !Ref U\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n${between}  K2:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: !Ref U\n`;
}

const HEADER = "import * as cdk from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\nconst s = new cdk.Stack(new cdk.App(), 'S');\n";
/** The same template in YAML's flow style, JSON-shaped; `between` is written on the line above `K2`. */
function flowTemplate(between: string): string {
  const key = '{ "Type": "AWS::IAM::AccessKey", "Properties": { "UserName": { "Ref": "U" } } }';
  return `{\n  "Resources": {\n    "U": { "Type": "AWS::IAM::User" },\n    "K1": ${key},\n${between}    "K2": ${key}\n  }\n}\n`;
}

/** A CDK app with two keys for one user; `between` is written between the two `new AccessKey` statements. */
function app(between: string, after = ''): string {
  return `${HEADER}const u = new iam.User(s, 'U');\nnew iam.AccessKey(s, 'K1', { user: u });\n${between}new iam.AccessKey(s, 'K2', { user: u });\n${after}`;
}

/** Files where the directive-looking text is not a comment above the key: the finding must stay. */
const NOT_COMMENTS: Record<string, string> = {
  'block-scalar.yaml': template(`      TopicName: |\n        # ${DIRECTIVE}\n`),
  'quoted-scalar.yaml': template(`      TopicName: "a\n        # ${DIRECTIVE}"\n`),
  'flow-quoted-scalar.yaml': flowTemplate(`    "T": { "Type": "AWS::SNS::Topic", "Properties": { "TopicName": "a\n    # ${DIRECTIVE}" } },\n`),
  'flow-quoted-scalar.template': flowTemplate(`    "T": { "Type": "AWS::SNS::Topic", "Properties": { "TopicName": "a\n    # ${DIRECTIVE}" } },\n`),
  'template-literal-slashes.ts': app(`const notes = \`notes:\n// ${DIRECTIVE}\`;\n`),
  'template-literal-hash.ts': app(`const notes = \`notes:\n# ${DIRECTIVE}\`;\n`),
  'line-separators.ts': app(`const a = 'x\u2028y\u2028z';\n`, `// ${DIRECTIVE}\nconst later = 1;\n`),
};

/** The same places with a real comment: the finding is suppressed. */
const COMMENTS: Record<string, string> = {
  'after-block-scalar.yaml': template(`      TopicName: |\n        text\n  # ${DIRECTIVE}\n`),
  'after-flow-quoted-scalar.yaml': flowTemplate(`    "T": { "Type": "AWS::SNS::Topic", "Properties": { "TopicName": "a\n      b" } },\n    # ${DIRECTIVE}\n`),
  'after-flow-quoted-scalar.template': flowTemplate(
    `    "T": { "Type": "AWS::SNS::Topic", "Properties": { "TopicName": "a\n      b" } },\n    # ${DIRECTIVE}\n`,
  ),
  'after-json.template': flowTemplate(`    "T": { "Type": "AWS::SNS::Topic" },\n    # ${DIRECTIVE}\n`),
  'after-template-literal.ts': app(`const notes = \`notes:\n\`;\n// ${DIRECTIVE}\n`),
  'after-line-separators.ts': app(`const a = 'x\u2028y\u2028z';\n// ${DIRECTIVE}\n`),
};

function scan(name: string, text: string): { status: number | null; suppressed: (string | null)[] } {
  const repo = tempTree(
    { '.git/HEAD': 'ref: refs/heads/main\n', [`app/${name}`]: text, ...(name.endsWith('.ts') ? { 'app/cdk.json': '{}' } : {}) },
    'credlint-suppress-',
  );
  const result = spawnSync(process.execPath, [CLI, '--format', 'json', 'app'], { cwd: repo, encoding: 'utf8', timeout: 60_000 });
  const findings = (JSON.parse(result.stdout) as { findings: { ruleId: string; suppressed: { justification: string } | null }[] }).findings;
  expect(findings.map((f) => f.ruleId)).toEqual(['multiple-active-access-keys']);
  return { status: result.status, suppressed: findings.map((f) => f.suppressed?.justification ?? null) };
}

describe('the CLI honours only comments as suppressions', () => {
  for (const [name, text] of Object.entries(NOT_COMMENTS)) {
    it(`${name}: the finding is not suppressed (exit 1)`, () => {
      expect(scan(name, text)).toEqual({ status: 1, suppressed: [null] });
    });
  }
  for (const [name, text] of Object.entries(COMMENTS)) {
    it(`${name}: a real comment suppresses (exit 0)`, () => {
      expect(scan(name, text)).toEqual({ status: 0, suppressed: ['approved'] });
    });
  }
});

describe('the ESLint plugin honours only comments as suppressions', () => {
  let credlint: typeof plugin;
  let dir: string;
  const scripts = (files: Record<string, string>) => Object.entries(files).filter(([name]) => name.endsWith('.ts'));

  beforeAll(async () => {
    // A variable specifier keeps the type checker (which runs before the build) off dist/.
    const specifier = 'credlint/eslint-plugin';
    credlint = ((await import(specifier)) as { default: typeof plugin }).default;
    dir = tempTree({}, 'credlint-suppress-eslint-');
    for (const [name, text] of [...scripts(NOT_COMMENTS), ...scripts(COMMENTS)]) writeFileSync(path.join(dir, name), text);
  });

  const lintRules = async (name: string) => {
    const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: [credlint.configs.recommended] });
    const [result] = await eslint.lintFiles([name]);
    return result?.messages.map((m) => m.ruleId);
  };

  for (const [name] of scripts(NOT_COMMENTS)) {
    it(`${name}: reported`, async () => {
      expect(await lintRules(name)).toEqual(['credlint/multiple-active-access-keys']);
    });
  }
  for (const [name] of scripts(COMMENTS)) {
    it(`${name}: suppressed`, async () => {
      expect(await lintRules(name)).toEqual([]);
    });
  }
});
