/**
 * credlint/cdk as a CDK user meets it (docs/cdk.md): the packed package installed with aws-cdk-lib and
 * constructs into an empty project, and a JavaScript CDK app there synthesized with `node`, as
 * `cdk synth` runs it; and TypeScript apps with the compiler options `cdk init` has written over the
 * years, type-checked against the installed package and run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/fixture-cases.js';
import { HAS_PYTHON, PYTHON_APP } from '../support/python-cdk-app.js';
import { readmeSnippet } from '../support/readme-snippets.js';

const devDependencies = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies;
const scratch = realpathSync(mkdtempSync(path.join(tmpdir(), 'credlint-cdk-package-')));
const project = path.join(scratch, 'project');

function userEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  // Outside a test runner: the CDK prints the validation report and fails as under `cdk synth`.
  const environment: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', CDK_VALIDATION: 'false', ...env };
  delete environment.NODE_ENV;
  delete environment.VITEST;
  delete environment.FORCE_COLOR;
  return environment;
}

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(command, args, { cwd: project, encoding: 'utf8', env: userEnvironment(env), timeout: 300_000 });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

/** `run` without blocking this process (for cases that run side by side); `cwd` defaults to the project. */
function runAsync(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd ?? project, env: options.env ?? userEnvironment({}), timeout: 300_000 });
    let output = '';
    let errors = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
    child.on('error', (error) => resolve({ code: null, output: `${output}${errors}${error.message}` }));
    child.on('close', (code) => resolve({ code, output: `${output}${errors}` }));
  });
}

beforeAll(() => {
  const pack = spawnSync('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: repoRoot, encoding: 'utf8' });
  if (pack.status !== 0) throw new Error(`npm pack failed: ${pack.stderr}`);
  const [info] = JSON.parse(pack.stdout) as { filename: string }[];
  if (info === undefined) throw new Error('npm pack printed no package');
  mkdirSync(project);
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'infra', private: true, type: 'module' }));
  const cdk = [`aws-cdk-lib@${devDependencies['aws-cdk-lib'] ?? ''}`, `constructs@${devDependencies.constructs ?? ''}`];
  const install = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', path.join(scratch, info.filename), ...cdk]);
  if (install.code !== 0) throw new Error(`npm install failed: ${install.output}`);
}, 600_000);

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/**
 * A JavaScript CDK app: `head` creates `app` (and registers credlint), then user "ana" gets a console
 * password, and an access key unless `withKey` is false.
 */
function app(head: string, withKey = true): string {
  return `${head}
import cdk from 'aws-cdk-lib';
import iam from 'aws-cdk-lib/aws-iam';
const stack = new cdk.Stack(app, 'People');
const user = new iam.User(stack, 'Ana', { userName: 'ana', password: cdk.SecretValue.secretsManager('initial-password') });
${withKey ? "new iam.AccessKey(stack, 'Key', { user });" : ''}
const assembly = app.synth();
for (const stack of assembly.stacksRecursively) for (const message of stack.messages) console.log(message.level, message.id, message.entry.data);
`;
}

/** The README's snippet: it is TypeScript without types, so it runs as JavaScript too. */
const README_PLUGIN = readmeSnippet('**CDK synthesis**', 'ts');
const ASPECT = `import { App, Aspects } from 'aws-cdk-lib';
import { CredlintChecks } from 'credlint/cdk';
const app = new App();
Aspects.of(app).add(new CredlintChecks());`;

describe('credlint/cdk installed beside aws-cdk-lib', { timeout: 240_000 }, () => {
  it('CredlintPlugin, registered as the README shows, fails the synthesis of a JavaScript app with a console user holding a key, and passes it without the key', () => {
    writeFileSync(path.join(project, 'plugin.mjs'), app(README_PLUGIN));
    const failing = run(process.execPath, ['plugin.mjs']);
    expect(failing.code).not.toBe(0);
    expect(failing.output).toContain('credlint');
    expect(failing.output).toContain('IAM user "ana"');
    expect(failing.output).toContain('People/Key/Resource');
    expect(failing.output).toContain('credlint::console-user-with-access-key');
    writeFileSync(path.join(project, 'plugin-clean.mjs'), app(README_PLUGIN, false));
    expect(run(process.execPath, ['plugin-clean.mjs'])).toMatchObject({ code: 0 });
  });

  it('`npx credlint cdk-app` in cdk.json (docs/cdk.md, "Any CDK language") stops `cdk synth` of the same app, and lets it through without the key', () => {
    const cdk = path.join(repoRoot, 'node_modules', 'aws-cdk', 'bin', 'cdk');
    const synth = (file: string) => {
      writeFileSync(path.join(project, 'cdk.json'), JSON.stringify({ app: `npx credlint cdk-app -- node ${file}` }));
      return run(process.execPath, [cdk, 'synth', '--no-notices', '--quiet'], { CDK_DISABLE_VERSION_CHECK: '1' });
    };
    const head = "import { App } from 'aws-cdk-lib';\nconst app = new App();";
    writeFileSync(path.join(project, 'wrapped.mjs'), app(head));
    const failing = synth('wrapped.mjs');
    expect(failing.code).not.toBe(0);
    expect(failing.output).toContain('[Error at /People/Key/Resource] credlint/console-user-with-access-key: IAM user "ana"');
    writeFileSync(path.join(project, 'wrapped-clean.mjs'), app(head, false));
    const passing = synth('wrapped-clean.mjs');
    expect(passing.output).toContain('credlint: 0 errors, 0 warnings in the cloud assembly (1 template): synthesis goes on');
    expect(passing.code).toBe(0);
  });

  it.skipIf(!HAS_PYTHON)("the README's cdk.json for a Python app stops `cdk synth` on the app's finding", () => {
    const cdk = path.join(repoRoot, 'node_modules', 'aws-cdk', 'bin', 'cdk');
    writeFileSync(path.join(project, 'cdk.json'), readmeSnippet('**CDK synthesis in any language**', 'json'));
    writeFileSync(path.join(project, 'app.py'), PYTHON_APP);
    const result = run(process.execPath, [cdk, 'synth', '--no-notices'], { CDK_DISABLE_VERSION_CHECK: '1' });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('[Error at /People/Key/Resource] credlint/console-user-with-access-key: IAM user "ana"');
    expect(result.output).toContain('npx credlint cdk-app -- python3 app.py: Subprocess exited with error 1');
  });

  // `cdk init app --language typescript` writes `"module": "NodeNext"` today; projects created before it
  // say `"module": "commonjs"`, which TypeScript 5 resolves as `node10`: it ignores `exports`, so
  // `credlint/cdk` resolves only through `typesVersions`. TypeScript 6 deprecates `node10` (hence
  // `ignoreDeprecations`), but the TypeScript 5 releases those projects pin resolve the same way.
  // Each case compiles (tsc reads aws-cdk-lib's declarations: seconds of one core) and synthesizes in
  // a directory of its own, so the three run side by side.
  it.concurrent.for([
    ['NodeNext', 'commonjs', { module: 'NodeNext', moduleResolution: 'NodeNext' }],
    ['commonjs (node10 resolution)', 'commonjs', { module: 'commonjs', moduleResolution: 'node10', ignoreDeprecations: '6.0' }],
    ['bundler', 'module', { module: 'preserve', moduleResolution: 'bundler' }],
  ] as const)(
    'a TypeScript app with the %s compiler options type-checks against credlint/cdk and credlint/eslint-plugin, and its synthesis fails on the finding',
    async ([, type, options], { expect }) => {
      const dir = path.join(project, `ts-${options.moduleResolution}`);
      mkdirSync(path.join(dir, 'bin'), { recursive: true });
      writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ private: true, type }));
      writeFileSync(
        path.join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: { target: 'ES2022', strict: true, esModuleInterop: true, skipLibCheck: true, types: [], rootDir: 'bin', outDir: 'out', ...options },
          include: ['bin'],
        }),
      );
      writeFileSync(
        path.join(dir, 'bin', 'app.ts'),
        `import { App, SecretValue, Stack, Validations } from 'aws-cdk-lib';
import { AccessKey, User } from 'aws-cdk-lib/aws-iam';
import { CredlintPlugin } from 'credlint/cdk';

const app = new App();
Validations.of(app).addPlugins(new CredlintPlugin());
const stack = new Stack(app, 'People');
const user = new User(stack, 'Ana', { userName: 'ana', password: SecretValue.secretsManager('initial-password') });
new AccessKey(stack, 'Key', { user });
app.synth();
`,
      );
      // Compiled, not run: as an eslint.config.ts of the same project would use the plugin's type.
      writeFileSync(
        path.join(dir, 'bin', 'eslint-config.ts'),
        "import credlint from 'credlint/eslint-plugin';\n\nexport const rules: string[] = Object.keys(credlint.rules);\n",
      );
      const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
      const compiled = await runAsync(process.execPath, [tsc, '-p', dir], { cwd: dir, env: process.env });
      expect(compiled.output).toBe('');
      expect(compiled.code).toBe(0);
      const synth = await runAsync(process.execPath, [path.join(dir, 'out', 'app.js')]);
      expect(synth.output).toContain('credlint::console-user-with-access-key');
      expect(synth.output).toContain('IAM user "ana"');
      expect(synth.code).not.toBe(0);
    },
  );

  it('CredlintChecks annotates the access key with an error', () => {
    writeFileSync(path.join(project, 'aspect.mjs'), app(ASPECT));
    const result = run(process.execPath, ['aspect.mjs']);
    expect(result.output).toMatch(/^error \/People\/Key credlint\/console-user-with-access-key: IAM user "ana"/m);
  });
});
