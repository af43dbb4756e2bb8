import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ESLint, Linter } from 'eslint';
import { defineConfig } from 'eslint/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type plugin from '../../src/eslint-plugin/index.js';

/**
 * The plugin as users get it: `credlint/eslint-plugin` resolved through package.json `exports` to the
 * built `dist/src/eslint-plugin/index.js` (`npm test` builds first), run by the real ESLint class with
 * the two-line flat config of docs/eslint-plugin.md.
 */
let credlint: typeof plugin;
let dir: string;

const HEADER = "import * as cdk from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\n";

const files: Record<string, string> = {
  // Line 5: a root key; line 6: a second key for the same user, silenced with ESLint's own comment.
  'stack.ts':
    HEADER +
    "const app = new cdk.App();\nconst stack = new cdk.Stack(app, 'Team');\n" +
    "new iam.AccessKey(stack, 'RootKey', { user: iam.User.fromUserName(stack, 'Root', 'root') });\n" +
    "new iam.AccessKey(stack, 'RootKey2', { user: iam.User.fromUserName(stack, 'Root2', 'root') }); // eslint-disable-line credlint/root-user-access-key, credlint/multiple-active-access-keys\n",
  // A user with a console password, exported; its key is in keys.ts.
  'users.ts':
    HEADER +
    "export const app = new cdk.App();\nexport const stack = new cdk.Stack(app, 'People');\n" +
    "export const ana = new iam.User(stack, 'Ana', { userName: 'ana', password: cdk.SecretValue.unsafePlainText('initial') });\n",
  'keys.ts': `${HEADER}import { ana, stack } from './users.js';\n\nnew iam.AccessKey(stack, 'AnaKey', { user: ana });\n`,
  // Not CDK: a class that happens to be called AccessKey.
  'plain.ts': "class AccessKey { constructor(readonly user: string) {} }\nexport const key = new AccessKey('root');\n",
  'broken.ts': `${HEADER}new iam.AccessKey(stack, 'K', { user: 'root' ;\n`,
  // A CDK app in JavaScript, which the CLI does not analyse either, and a script naming no CDK construct.
  'app.mjs':
    "import * as cdk from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\nconst app = new cdk.App();\nconst stack = new cdk.Stack(app, 'S');\nnew iam.AccessKey(stack, 'RootKey', { user: iam.User.fromUserName(stack, 'Root', 'root') });\n",
  'other.js': 'export const x = 1;\n',
  'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', target: 'es2022', noEmit: true }, include: ['*.ts'] }),
};

beforeAll(async () => {
  // A variable specifier keeps the type checker (which runs before the build) off dist/.
  const specifier = 'credlint/eslint-plugin';
  credlint = ((await import(specifier)) as { default: typeof plugin }).default;
  dir = mkdtempSync(path.join(tmpdir(), 'credlint-eslint-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** `ruleId line:column-endLine:endColumn` of every message, per file name. */
async function lint(config: Linter.Config[]): Promise<Record<string, string[]>> {
  const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config });
  const results = await eslint.lintFiles(['*.ts']);
  return Object.fromEntries(
    results.map((r) => [
      path.basename(r.filePath),
      r.messages.map((m) => `${m.ruleId ?? (m.fatal ? 'fatal' : '?')} ${m.line}:${m.column}-${m.endLine ?? '?'}:${m.endColumn ?? '?'}`),
    ]),
  );
}

describe('credlint/eslint-plugin with the ESLint class', () => {
  it('has the documented shape: name, version, three rules, recommended for TypeScript files', () => {
    expect(credlint.meta.name).toBe('credlint');
    expect(credlint.meta.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(Object.keys(credlint.rules).sort()).toEqual(['console-user-with-access-key', 'multiple-active-access-keys', 'root-user-access-key']);
    expect(credlint.meta.namespace).toBe('credlint');
    const { recommended } = credlint.configs;
    expect(recommended.name).toBe('credlint/recommended');
    expect(recommended.files).toEqual(['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts']);
    expect(recommended.plugins?.['credlint']).toBe(credlint);
    expect((recommended.languageOptions?.parser as { meta?: { name?: string } } | undefined)?.meta?.name).toBe('typescript-eslint/parser');
    expect(recommended.rules).toEqual({
      'credlint/console-user-with-access-key': 'error',
      'credlint/multiple-active-access-keys': 'error',
      'credlint/root-user-access-key': 'error',
    });
    const meta = credlint.rules['root-user-access-key']?.meta;
    expect(meta).toMatchObject({
      type: 'problem',
      docs: { description: 'Access key for the root user' },
      // Checked by the rule itself, so that ESLint need not start Ajv for credlint (see the options test).
      schema: false,
      defaultOptions: [{ ignoreInactive: false }],
    });
    expect(meta?.docs?.url).toMatch(/^file:\/\/.*\/rules\/root-user-access-key\/README\.md$/);
  });

  it("type-checks in a user's eslint.config.ts (ESLint's own types, defineConfig)", () => {
    const config = defineConfig([
      credlint.configs.recommended,
      { files: ['legacy/**/*.ts'], plugins: { credlint }, rules: { 'credlint/root-user-access-key': ['error', { ignoreInactive: true }] } },
    ]);
    expect(config).toHaveLength(2);
  });

  // `recommended` makes the plugin known for the TypeScript files it applies to (it sets their parser,
  // which one config object can only scope together with the plugin): a later object setting a credlint
  // rule for every file registers the plugin itself, as docs/eslint-plugin.md says.
  describe('every way of writing the configuration, with a later object setting a rule without files', () => {
    // A function: the plugin is imported in beforeAll.
    const warn = (): Linter.Config => ({ plugins: { credlint }, rules: { 'credlint/root-user-access-key': 'warn' } });
    const ways: Record<string, () => Linter.Config[]> = {
      'a config array': () => [credlint.configs.recommended, warn()],
      'defineConfig with the config': () => defineConfig([credlint.configs.recommended, warn()]),
      'defineConfig, extends: [recommended]': () => defineConfig({ extends: [credlint.configs.recommended] }, warn()),
      "defineConfig, extends: ['credlint/recommended']": () => defineConfig({ plugins: { credlint }, extends: ['credlint/recommended'] }, warn()),
    };
    it.each(Object.keys(ways))('%s: the rule applies to TypeScript files only, as in the CLI (not to a JavaScript CDK app)', async (way) => {
      const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: ways[way]?.() ?? [] });
      const results = await eslint.lintFiles(['stack.ts', 'plain.ts', 'other.js', 'app.mjs']);
      const messages = Object.fromEntries(
        results.map((r) => [path.basename(r.filePath), r.messages.map((m) => `${m.ruleId ?? 'fatal'} ${m.severity} ${m.line}:${m.column}`)]),
      );
      expect(messages).toEqual({ 'app.mjs': [], 'other.js': [], 'plain.ts': [], 'stack.ts': ['credlint/root-user-access-key 1 5:1'] });
    });

    it('a plugin registered under another name: extends renames the rules of recommended to it', async () => {
      mkdirSync(path.join(dir, 'renamed'), { recursive: true });
      writeFileSync(path.join(dir, 'renamed', 'root.ts'), `${HEADER}new iam.AccessKey(s, 'K', { user: iam.User.fromUserName(s, 'R', 'root') });\n`);
      const lintRenamed = async (rules: Linter.RulesRecord) => {
        const config = defineConfig({ plugins: { iam: credlint }, extends: ['iam/recommended'] }, { rules });
        const [result] = await new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config }).lintFiles(['renamed/root.ts']);
        return result?.messages.map((m) => `${m.ruleId ?? 'fatal'} ${m.severity}`);
      };
      expect(await lintRenamed({})).toEqual(['iam/root-user-access-key 2']);
      expect(await lintRenamed({ 'iam/root-user-access-key': 'warn' })).toEqual(['iam/root-user-access-key 1']);
      expect(await lintRenamed({ 'iam/root-user-access-key': 'off' })).toEqual([]);
    });

    it('recommended spread into an object narrowing its files, or its rules spread into a config of ones own', async () => {
      const { recommended } = credlint.configs;
      const spread: Linter.Config[] = [{ ...recommended, files: ['stack.ts'] }];
      const rulesSpread: Linter.Config[] = [
        { files: ['stack.ts'], plugins: { credlint }, languageOptions: { parser: recommended.languageOptions?.parser }, rules: { ...recommended.rules } },
      ];
      for (const config of [spread, rulesSpread]) {
        const results = await new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config }).lintFiles(['stack.ts', 'app.mjs']);
        expect(results.map((r) => r.messages.map((m) => `${m.ruleId ?? 'fatal'} ${m.line}:${m.column}`))).toEqual([['credlint/root-user-access-key 5:1'], []]);
      }
    });
  });

  it('lints with the two-line config: findings per file, eslint-disable honoured, parse errors left to ESLint', async () => {
    const messages = await lint([credlint.configs.recommended]);
    expect(messages).toEqual({
      'broken.ts': ['fatal 3:45-?:?'],
      // Without type information keys.ts cannot see the user it imports: unknown is not true.
      'keys.ts': [],
      'plain.ts': [],
      'stack.ts': ['credlint/root-user-access-key 5:1-5:92'],
      'users.ts': [],
    });
  });

  it('links across files when parserOptions.projectService is on', async () => {
    const messages = await lint([credlint.configs.recommended, { languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: dir } } }]);
    expect(messages['keys.ts']).toEqual(['credlint/console-user-with-access-key 5:1-5:50']);
    expect(messages['stack.ts']).toEqual(['credlint/root-user-access-key 5:1-5:92']);
    expect(messages['users.ts']).toEqual([]);
  }, 20_000);

  it('validates rule options as the CLI validates a configuration, on any linted file', () => {
    const linter = new Linter({ cwd: dir });
    const config = (id: string, ...options: unknown[]): Linter.Config[] => [
      credlint.configs.recommended,
      { rules: { [`credlint/${id}`]: ['error', ...options] } },
    ];
    const inactiveRootKey = `${HEADER}new iam.AccessKey(s, 'K', { user: iam.User.fromUserName(s, 'R', 'root'), status: iam.AccessKeyStatus.INACTIVE });\n`;
    expect(linter.verify(inactiveRootKey, config('root-user-access-key', {}), 'a.ts').map((m) => m.ruleId)).toEqual(['credlint/root-user-access-key']);
    expect(linter.verify(inactiveRootKey, config('root-user-access-key', { ignoreInactive: true }), 'a.ts')).toEqual([]);
    expect(() => linter.verify(inactiveRootKey, config('root-user-access-key', { ignoreInactiv: true }), 'a.ts')).toThrow(
      'Invalid options for credlint/root-user-access-key: rule "root-user-access-key" has no option "ignoreInactiv" (did you mean "ignoreInactive"?); its options are ignoreInactive',
    );
    expect(() => linter.verify(inactiveRootKey, config('root-user-access-key', { ignoreInactive: 'yes' }), 'a.ts')).toThrow(
      'option "ignoreInactive" must be a boolean (true or false), got "yes"',
    );
    expect(() => linter.verify(inactiveRootKey, config('root-user-access-key', {}, {}), 'a.ts')).toThrow(/credlint\/root-user-access-key/);
    // A rule without options refuses one, also in a file that never mentions IAM.
    expect(() => linter.verify('export const x = 1;\n', config('multiple-active-access-keys', { max: 2 }), 'b.ts')).toThrow(
      'rule "multiple-active-access-keys" takes no options, got "max"',
    );
    expect(linter.verify('export const x = 1;\n', config('multiple-active-access-keys'), 'b.ts')).toEqual([]);
  });

  it('analyses the text itself under any parser, and reports nothing for a syntax error', () => {
    // A parser that accepts anything: credlint must not rely on typescript-eslint's AST.
    const lenient: Linter.Parser = {
      parse: (text: string) => ({
        type: 'Program',
        body: [],
        sourceType: 'module',
        range: [0, text.length],
        loc: { start: { line: 1, column: 0 }, end: { line: text.split('\n').length, column: 0 } },
        tokens: [],
        comments: [],
      }),
    };
    const linter = new Linter({ cwd: dir });
    const config: Linter.Config[] = [credlint.configs.recommended, { languageOptions: { parser: lenient } }];
    const rootKey = `${HEADER}new iam.AccessKey(s, 'K', { user: iam.User.fromUserName(s, 'R', 'root') });\n`;
    expect(linter.verify(rootKey, config, 'a.ts').map((m) => `${m.ruleId} ${m.line}:${m.column}`)).toEqual(['credlint/root-user-access-key 3:1']);
    expect(linter.verify(`${HEADER}new iam.AccessKey(s, 'K', { user: 'root' ;\n`, config, 'b.ts')).toEqual([]);
  });
});

describe('a CDK file in a subdirectory', () => {
  it('is matched by the recommended files patterns (.mts too)', async () => {
    mkdirSync(path.join(dir, 'lib'), { recursive: true });
    writeFileSync(path.join(dir, 'lib', 'team.mts'), `${HEADER}new iam.CfnAccessKey(s, 'K', { userName: 'root' });\n`);
    const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: [credlint.configs.recommended] });
    const [result] = await eslint.lintFiles(['lib/team.mts']);
    expect(result?.messages.map((m) => `${m.ruleId} ${m.line}:${m.column}-${m.endLine}:${m.endColumn}`)).toEqual(['credlint/root-user-access-key 3:1-3:51']);
  });
});

// As the CLI (test/engine/cdk-source-cdk-json-context.test.ts): a cdk.json nested past what credlint parses,
// which the CDK CLI reads, gave no context and no word, and the key its context creates was no message.
describe('a cdk.json nested deeper than credlint parses, with type information', () => {
  it('is reported by every rule as an incomplete analysis at the top of the file', async () => {
    const app =
      `${HEADER}const app = new cdk.App();\nconst stack = new cdk.Stack(app, 'S');\n` +
      "const user = new iam.User(stack, 'U', { password: cdk.SecretValue.unsafePlainText('x') });\n" +
      "if (app.node.tryGetContext('createKey') === true) new iam.AccessKey(stack, 'K', { user });\n";
    // One project each: the project service keeps a program per directory for the whole process.
    const run = async (pad: string) => {
      const project = mkdtempSync(path.join(tmpdir(), 'credlint-eslint-cdk-json-'));
      try {
        writeFileSync(path.join(project, 'app.ts'), app);
        writeFileSync(path.join(project, 'tsconfig.json'), files['tsconfig.json'] ?? '');
        writeFileSync(path.join(project, 'cdk.json'), `{\n  "app": "npx ts-node app.ts",\n  "context": { "createKey": true, "pad": ${pad} }\n}\n`);
        const eslint = new ESLint({
          cwd: project,
          overrideConfigFile: true,
          overrideConfig: [credlint.configs.recommended, { languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: project } } }],
        });
        const [result] = await eslint.lintFiles(['app.ts']);
        return result?.messages.map((m) => `${m.ruleId} ${m.line}:${m.column} ${m.message.slice(0, 200)}`);
      } finally {
        rmSync(project, { recursive: true, force: true });
      }
    };
    expect(await run('[]')).toEqual([
      'credlint/console-user-with-access-key 6:51 IAM user S/U has a console password (S/U.password) and an active access key (S/K).',
    ]);
    expect(await run(`${'['.repeat(300)}${']'.repeat(300)}`)).toEqual(
      ['console-user-with-access-key', 'multiple-active-access-keys', 'root-user-access-key'].map(
        (rule) =>
          `credlint/${rule} 1:1 credlint could not analyse this file completely, so findings of this rule may be missing: cdk.json is nested deeper than 200 levels and is not read: the app it runs and the context it gives it are unk`,
      ),
    );
  }, 30_000);
});
