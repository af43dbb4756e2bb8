/**
 * The prefilter (README, "Performance") passes over a file whose text does not hold a seed word such as
 * `AWS::IAM::AccessKey`; a pull request must not hide a key from it by spelling the word with escapes
 * that the language decodes (docs/security.md, "What credlint bounds"). Each file here declares two
 * active keys for one user with the word spelled so, and must be reported as the same file with the
 * word written plainly: by the CLI (with the prefilter, as a CI job runs it) and by the ESLint plugin.
 *
 * - A line continuation (`\` + line break) in a YAML double-quoted scalar or a JavaScript string: a
 *   lone CR is a line break in YAML (a template written with CRs only) and in JavaScript, where U+2028
 *   and U+2029 are too; the prefilter knew only LF and CRLF.
 * - The ESLint plugin searched CDK source for the literal words only: `new iam.\u0041ccessKey(...)`, or
 *   an escaped `aws-cdk-lib` import specifier, made a file look like it could hold no finding.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type plugin from '../../src/eslint-plugin/index.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

const CLI = path.resolve(import.meta.dirname, '..', '..', 'dist', 'src', 'cli.cjs');

afterAll(() => {
  removeTempTrees();
});

/** A template (CR line breaks only) whose key type is `spelled`. */
function template(spelled: string): string {
  return [
    'Resources:',
    '  U:',
    '    Type: AWS::IAM::User',
    '  K1:',
    `    Type: ${spelled}`,
    '    Properties:',
    '      UserName: !Ref U',
    '  K2:',
    `    Type: ${spelled}`,
    '    Properties:',
    '      UserName: !Ref U',
    '',
  ].join('\r');
}

const HEADER = "import * as cdk from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\nconst s = new cdk.Stack(new cdk.App(), 'S');\n";

/** A CDK app creating two keys for one user through `keyClass` (an expression naming `AccessKey`). */
function app(keyClass: string, header = HEADER): string {
  return `${header}const u = new iam.User(s, 'U');\nnew ${keyClass}(s, 'K1', { user: u });\nnew ${keyClass}(s, 'K2', { user: u });\n`;
}

const TEMPLATES: Record<string, string> = {
  'plain.yaml': template('AWS::IAM::AccessKey'),
  'continued-cr.yaml': template('"AWS::IAM::Access\\\r      Key"'),
};

const APPS: Record<string, string> = {
  'plain.ts': app('iam.AccessKey'),
  'continued-cr.ts': app("(iam as any)['Access\\\rKey']"),
  'continued-ls.ts': app("(iam as any)['Access\\\u2028Key']"),
  'continued-ps.ts': app("(iam as any)['Access\\\u2029Key']"),
  'escaped-identifier.ts': app('iam.\\u0041ccessKey'),
  'escaped-specifiers.ts': app('iam.AccessKey', HEADER.replaceAll('aws-cdk-lib', 'aws-cdk-\\u006cib')),
};

function cli(args: readonly string[], cwd: string): { status: number | null; findings: { ruleId: string }[] } {
  const result = spawnSync(process.execPath, [CLI, '--format', 'json', ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, findings: (JSON.parse(result.stdout) as { findings: { ruleId: string }[] }).findings };
}

describe('the CLI keeps a file whose key type is spelled with a line continuation', () => {
  for (const name of Object.keys(TEMPLATES)) {
    it(`${name}: two active keys reported with and without the prefilter`, () => {
      const repo = tempTree({ '.git/HEAD': 'ref: refs/heads/main\n', [name]: TEMPLATES[name] ?? '' }, 'credlint-escapes-');
      for (const args of [[], ['--no-prefilter']]) {
        const result = cli([...args, name], repo);
        expect(result.findings.map((f) => f.ruleId)).toEqual(['multiple-active-access-keys']);
        expect(result.status).toBe(1);
      }
    });
  }

  for (const name of Object.keys(APPS)) {
    it(`${name}: two active keys reported with and without the prefilter`, () => {
      const repo = tempTree({ '.git/HEAD': 'ref: refs/heads/main\n', 'app/cdk.json': '{}', [`app/${name}`]: APPS[name] ?? '' }, 'credlint-escapes-');
      for (const args of [[], ['--no-prefilter']]) {
        const result = cli([...args, 'app'], repo);
        expect(result.findings.map((f) => f.ruleId)).toEqual(['multiple-active-access-keys']);
        expect(result.status).toBe(1);
      }
    });
  }
});

describe('the ESLint plugin analyses a CDK file whose words are spelled with escapes', () => {
  let credlint: typeof plugin;
  let dir: string;

  beforeAll(async () => {
    // A variable specifier keeps the type checker (which runs before the build) off dist/.
    const specifier = 'credlint/eslint-plugin';
    credlint = ((await import(specifier)) as { default: typeof plugin }).default;
    dir = tempTree({}, 'credlint-escapes-eslint-');
    for (const [name, text] of Object.entries(APPS)) writeFileSync(path.join(dir, name), text);
  });

  for (const name of Object.keys(APPS)) {
    it(`${name}: reported`, async () => {
      const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: [credlint.configs.recommended] });
      const [result] = await eslint.lintFiles([name]);
      expect(result?.messages.map((m) => m.ruleId)).toEqual(['credlint/multiple-active-access-keys']);
    });
  }
});
