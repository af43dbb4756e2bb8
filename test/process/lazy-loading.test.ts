/**
 * README, "Performance" / issue 5: heavy dependencies (hcl2json, yaml, typescript) load only when a scan needs them. Each case runs the built
 * engine in a fresh Node process (module caches are per process) and reports which heavy packages
 * it loaded (`.tf` is parsed in process, so hcl2json, a development dependency, must never load).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

const dist = join(import.meta.dirname, '..', '..', 'dist', 'src');
afterAll(removeTempTrees);

const tree = (files: Readonly<Record<string, string>>): string => tempTree(files, 'credlint-lazy-');

// re2js (Terraform's regex functions) and ignore (.gitignore patterns) are small but cost a pre-commit
// run tens of milliseconds each, so they too load only for a scan that needs them.
const HEAVY = ['yaml', 'typescript', 'ts-morph', '@ts-morph/common', '@cdktf/hcl2json', 'aws-cdk-lib', 'constructs', 're2js', 'ignore'];

/** Scans `root` in a fresh process; returns the heavy packages loaded, and whether Terraform's built-in functions were. */
function scanInFreshProcess(root: string): { loaded: string[]; findings: string[]; functions: boolean } {
  // ES modules never enter require.cache: a resolve hook (on the loader's thread) reports every URL
  // the scan resolves, so a package imported as ESM is seen as well as one required as CommonJS.
  const hooks = encodeURIComponent(
    'let port; export function initialize(data) { port = data.port; } ' +
      'export async function resolve(specifier, context, next) { const result = await next(specifier, context); port.postMessage(result.url); return result; }',
  );
  const script = `
    import { createRequire, register } from 'node:module';
    import { MessageChannel } from 'node:worker_threads';
    const { port1, port2 } = new MessageChannel();
    const urls = [];
    port1.on('message', (url) => urls.push(url));
    register('data:text/javascript,${hooks}', { data: { port: port2 }, transferList: [port2] });
    const { lint } = await import(${JSON.stringify(join(dist, 'engine.js'))});
    const result = await lint({ paths: [${JSON.stringify(root)}], cwd: ${JSON.stringify(root)} });
    await new Promise((done) => setTimeout(done, 50));
    port1.close();
    const heavy = ${JSON.stringify(HEAVY)};
    const loaded = new Set();
    for (const file of [...Object.keys(createRequire(import.meta.url).cache), ...urls]) {
      const match = /node_modules[\\\\/]((?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)[\\\\/]/.exec(file);
      const name = match ? match[1].replace(/\\\\/g, '/') : undefined;
      if (name && heavy.includes(name)) loaded.add(name);
    }
    const functions = urls.some((url) => url.includes('/terraform/expr/functions/'));
    console.log(JSON.stringify({ loaded: [...loaded].sort(), findings: result.findings.map((f) => f.ruleId), functions }));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: root });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as { loaded: string[]; findings: string[]; functions: boolean };
}

const TF_KEY = 'resource "aws_iam_access_key" "k" {\n  user = "root"\n}\n';
const JSON_KEY = JSON.stringify({ Resources: { K: { Type: 'AWS::IAM::AccessKey', Properties: { UserName: 'root' } } } });
const YAML_KEY = 'Resources:\n  K:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: root\n';

describe('heavy dependencies load only when needed', () => {
  it('Terraform alone: nothing heavy (no hcl2json, no yaml, no TypeScript), nor the built-in functions when no file calls one', () => {
    const scan = scanInFreshProcess(tree({ 'main.tf': TF_KEY }));
    expect(scan.findings).toEqual(['root-user-access-key']);
    expect(scan.loaded).toEqual([]);
    expect(scan.functions).toBe(false);
  });

  it('Terraform that calls a function in a variables file only: refused as Terraform refuses it (a variables file holds constants), and the built-in functions never load', () => {
    const scan = scanInFreshProcess(
      tree({
        'main.tf': 'variable "who" {}\nresource "aws_iam_access_key" "k" {\n  user = var.who\n}\n',
        'terraform.tfvars': 'who = lower("ROOT")\n',
      }),
    );
    expect(scan.findings).toEqual(['parse-error']);
    expect(scan.functions).toBe(false);
  });

  it('Terraform that calls regex, in a directory with a .gitignore: re2js, and ignore only for a pattern that is not a plain name', () => {
    const key = 'resource "aws_iam_access_key" "k" {\n  user = regex("^[a-z]+", "root!")\n}\n';
    // In a git work tree: outside one no `.gitignore` is read.
    const globbed = scanInFreshProcess(tree({ '.git/HEAD': '', '.gitignore': 'build/\ndocs/*.md\n', 'main.tf': key }));
    expect(globbed.findings).toEqual(['root-user-access-key']);
    expect(globbed.loaded).toEqual(['ignore', 're2js']);
    expect(globbed.functions).toBe(true);
    // Plain names are looked up in a set, and `*` with a plain ending compared as an ending
    // (src/discover/ignore-patterns.ts): the package is not needed.
    expect(scanInFreshProcess(tree({ '.git/HEAD': '', '.gitignore': 'build/\nnode_modules\n', 'main.tf': key })).loaded).toEqual(['re2js']);
    expect(scanInFreshProcess(tree({ '.git/HEAD': '', '.gitignore': 'build/\n*.log\n*.tsbuildinfo\n', 'main.tf': key })).loaded).toEqual(['re2js']);
  });

  it('a JSON template alone: nothing heavy', () => {
    const scan = scanInFreshProcess(tree({ 'template.json': JSON_KEY }));
    expect(scan.findings).toEqual(['root-user-access-key']);
    expect(scan.loaded).toEqual([]);
  });

  it('a YAML template in the subset credlint reads itself: nothing heavy (docs/performance.md, "CloudFormation YAML without the package")', () => {
    const scan = scanInFreshProcess(tree({ 'template.yaml': YAML_KEY }));
    expect(scan.findings).toEqual(['root-user-access-key']);
    expect(scan.loaded).toEqual([]);
  });

  it('a YAML template with an alias: yaml only', () => {
    const scan = scanInFreshProcess(
      tree({ 'template.yaml': 'Resources:\n  K:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: &u root\n      Tag: *u\n' }),
    );
    expect(scan.findings).toEqual(['root-user-access-key']);
    expect(scan.loaded).toEqual(['yaml']);
  });

  it('TypeScript without aws-cdk-lib, and a CDK app without keys: nothing heavy', () => {
    const scan = scanInFreshProcess(
      tree({
        'web/package.json': '{}',
        'web/src/index.ts': 'export const AccessKey = 1;\n',
        'infra/cdk.json': '{}',
        'infra/app.ts': "import * as iam from 'aws-cdk-lib/aws-iam';\nnew iam.User(s, 'U', { userName: 'root' });\n",
      }),
    );
    expect(scan.findings).toEqual([]);
    expect(scan.loaded).toEqual([]);
  });

  it('a CDK app that creates a key: typescript, nothing else (no second TypeScript copy)', () => {
    const scan = scanInFreshProcess(
      tree({ 'infra/cdk.json': '{}', 'infra/app.ts': "import * as iam from 'aws-cdk-lib/aws-iam';\nnew iam.CfnAccessKey(s, 'K', { userName: 'root' });\n" }),
    );
    expect(scan.findings).toEqual(['root-user-access-key']);
    expect(scan.loaded).toEqual(['typescript']);
  });

  it('Terraform the prefilter rules out: nothing heavy', () => {
    const scan = scanInFreshProcess(
      tree({ 'main.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n', 'template.yaml': 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n' }),
    );
    expect(scan.findings).toEqual([]);
    expect(scan.loaded).toEqual([]);
  });
});

/**
 * Runs the built CLI with `args` in `root` in a fresh process; returns the packages of `HEAVY` and
 * `CLI_LAZY` it loaded, the modules of the CommonJS copy of the CLI's code it loaded (relative to
 * `dist/cjs/src`) and Node's built-in modules it loaded (`process.moduleLoadList`, public and internal
 * ones). The recorder is a CommonJS preload (`--require`): an ES one (`--import`) or module hooks would
 * make Node run the CommonJS executable through its ES module loader, which a real run never starts.
 */
function cliInFreshProcess(root: string, args: readonly string[]): { packages: string[]; modules: string[]; builtins: string[]; code: number } {
  const record = join(root, '.loaded.json');
  const preload = join(root, '.record-loads.cjs');
  writeFileSync(
    preload,
    `
    const { writeFileSync } = require('node:fs');
    process.on('exit', () => {
      const builtins = process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice('NativeModule '.length));
      writeFileSync(${JSON.stringify(record)}, JSON.stringify({ files: Object.keys(require.cache), builtins }));
    });
  `,
  );
  let code = 0;
  try {
    execFileSync(process.execPath, ['--require', preload, join(dist, 'cli.cjs'), ...args], {
      cwd: root,
      stdio: 'ignore',
      env: { ...process.env, NO_COLOR: '1' },
    });
  } catch (error) {
    code = (error as { status: number }).status;
  }
  const { files, builtins } = JSON.parse(readFileSync(record, 'utf8')) as { files: string[]; builtins: string[] };
  const packages = new Set<string>();
  const modules = new Set<string>();
  for (const file of files) {
    const match = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(file);
    if (match?.[1]) packages.add(match[1].replace(/\\/g, '/'));
    if (file.includes('node_modules')) continue;
    const copied = /dist\/cjs\/src\/(.+\.m?js)$/.exec(file);
    if (copied?.[1]) modules.add(copied[1]);
  }
  return {
    packages: [...packages].filter((name) => [...HEAVY, ...CLI_LAZY].includes(name)).sort(),
    modules: [...modules].sort(),
    builtins,
    code,
  };
}

/** What the CLI loads only to print a finding (a code frame in colour). */
const CLI_LAZY = ['@babel/code-frame', 'js-tokens', 'picocolors'];

describe('the CLI on a clean pre-commit scan', () => {
  const CLEAN_TF = 'resource "aws_iam_user" "ops" {\n  name = "ops"\n}\n';

  it('a clean .tf file, stylish output: no heavy package, no code frame (colours only), one reporter, no CDK or CloudFormation analyser', () => {
    const root = tree({ 'main.tf': CLEAN_TF });
    const run = cliInFreshProcess(root, ['main.tf']);
    expect(run.code).toBe(0);
    expect(run.packages).toEqual(['picocolors']);
    expect(run.modules.filter((m) => /^reporters\/(?!load-).*-reporter\.js$/.test(m))).toEqual(['reporters/stylish-reporter.js']);
    expect(run.modules.filter((m) => /^(cdk-source|cloudformation\/parse|tf-plan\/(?!detect))/.test(m))).toEqual([]);
    expect(run.modules).toContain('engine.js');
    // The CLI's code runs from its CommonJS copy, started by a CommonJS executable: no ES module is
    // loaded at all (Node's ES module jobs never start; an ES module executable started them).
    expect(run.builtins).toContain('internal/modules/esm/loader');
    expect(run.builtins).not.toContain('internal/modules/esm/module_job');
  });

  // Node's own modules count too: the first `performance.now()` loads perf_hooks (a dozen internal
  // modules), `node:fs/promises` brings streams and readline; a run reporting to standard output needs
  // neither. Nor Node's CommonJS export scanner, which an ES `import` of a CommonJS package runs
  // (credlint requires its CommonJS dependencies), nor `node:v8`, which only a scan of thousands of
  // files loads to bound its heap's growth (`src/cli/heap-growth.ts`).
  it.each([
    ['a .tf file with a finding', { 'main.tf': TF_KEY }, ['main.tf']],
    ['a YAML template with a finding', { 'template.yaml': YAML_KEY }, ['template.yaml']],
  ])('%s, reported to standard output: neither perf_hooks, node:fs/promises, the CommonJS export scanner nor node:v8', (_, files, args) => {
    const run = cliInFreshProcess(tree(files), args);
    expect(run.code).toBe(1);
    expect(run.builtins).toContain('fs');
    const unwanted = (name: string) =>
      name === 'perf_hooks' || name === 'fs/promises' || name === 'v8' || name.startsWith('internal/perf/performance') || name.includes('cjs-module-lexer');
    expect(run.builtins.filter(unwanted)).toEqual([]);
  });

  it('the same file with a finding, stylish output: the code frame loads, to print it', () => {
    const root = tree({ 'main.tf': TF_KEY });
    const run = cliInFreshProcess(root, ['main.tf']);
    expect(run.code).toBe(1);
    expect(run.packages).toEqual(expect.arrayContaining(['@babel/code-frame']));
    expect(run.packages.filter((name) => HEAVY.includes(name))).toEqual([]);
  });

  it('a YAML template, --format json: no package, and none of the Terraform, CDK or plan analysers (only which file names they read), nor the baseline code', () => {
    const root = tree({ 'template.yaml': YAML_KEY });
    const run = cliInFreshProcess(root, ['--format', 'json', 'template.yaml']);
    expect(run.code).toBe(1);
    expect(run.packages).toEqual([]);
    expect(run.modules).toContain('cloudformation/parse-yaml-template.js');
    expect(run.modules.filter((m) => /^(terraform\/(?!configuration-files)|cdk-source\/|tf-plan\/(?!detect)|suppress\/baseline\.js)/.test(m))).toEqual([]);
    expect(run.modules.filter((m) => /^reporters\/(?!load-).*-reporter\.js$/.test(m))).toEqual(['reporters/json-reporter.js']);
  });

  it('--format json: neither the code frame nor colours', () => {
    const root = tree({ 'main.tf': TF_KEY });
    const run = cliInFreshProcess(root, ['--format', 'json', 'main.tf']);
    expect(run.code).toBe(1);
    expect(run.packages).toEqual([]);
    expect(run.modules.filter((m) => /^reporters\/(?!load-).*-reporter\.js$/.test(m))).toEqual(['reporters/json-reporter.js']);
  });
});

/**
 * Lints `text` as `/app/stack.ts` with ESLint's `Linter` and the built plugin's `recommended`, in a
 * fresh process; returns the rule ids reported and whether the plugin required its CDK analysis
 * (`require` of an ES module enters it in `require.cache`).
 */
function eslintInFreshProcess(text: string): { ruleIds: string[]; analysisLoaded: boolean } {
  const script = `
    import { createRequire } from 'node:module';
    const { Linter } = await import('eslint');
    const { default: credlint } = await import(${JSON.stringify(join(dist, 'eslint-plugin', 'index.js'))});
    const messages = new Linter({ cwd: '/app' }).verify(${JSON.stringify(text)}, [credlint.configs.recommended], '/app/stack.ts');
    const analysisLoaded = Object.keys(createRequire(import.meta.url).cache).some((file) => file.endsWith(${JSON.stringify(join('eslint-plugin', 'analyse-source.js'))}));
    console.log(JSON.stringify({ ruleIds: messages.map((m) => m.ruleId), analysisLoaded }));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: join(dist, '..', '..') });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as { ruleIds: string[]; analysisLoaded: boolean };
}

describe('the ESLint plugin', () => {
  const CDK =
    "import * as cdk from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\nconst app = new cdk.App();\nconst stack = new cdk.Stack(app, 'S');\n";

  it('loads the CDK analysis only for a file that may hold a finding (cost proportional to files naming CDK IAM constructs)', () => {
    expect(eslintInFreshProcess('export const answer: number = 42;\n')).toEqual({ ruleIds: [], analysisLoaded: false });
    expect(eslintInFreshProcess(`${CDK}new iam.Role(stack, 'R', { assumedBy: new iam.AccountRootPrincipal() });\n`)).toEqual({
      ruleIds: [],
      analysisLoaded: false,
    });
    const withKey = eslintInFreshProcess(`${CDK}new iam.AccessKey(stack, 'K', { user: iam.User.fromUserName(stack, 'U', 'root') });\n`);
    expect(withKey).toEqual({ ruleIds: ['credlint/root-user-access-key'], analysisLoaded: true });
  });

  it('runs its rules and its analysis from the CommonJS copy of the build, not as ES modules (docs/performance.md, "The ESLint plugin")', () => {
    const required = requiredByPlugin(`${CDK}new iam.AccessKey(stack, 'K', { user: iam.User.fromUserName(stack, 'U', 'root') });\n`);
    expect(required).toEqual(
      expect.arrayContaining(['cjs/src/eslint-plugin/plugin.js', 'cjs/src/eslint-plugin/analyse-source.js', 'cjs/src/cdk-source/index.js']),
    );
    // `require` of an ES module enters it in `require.cache` too: none of credlint's.
    expect(required.filter((file) => !file.startsWith('cjs/'))).toEqual([]);
  });
});

/** The files of credlint's build (relative to `dist`) in `require.cache` after the built plugin lints `text`, in a fresh process. */
function requiredByPlugin(text: string): string[] {
  const build = join(dist, '..');
  const script = `
    import { createRequire } from 'node:module';
    const { Linter } = await import('eslint');
    const { default: credlint } = await import(${JSON.stringify(join(dist, 'eslint-plugin', 'index.js'))});
    new Linter({ cwd: '/app' }).verify(${JSON.stringify(text)}, [credlint.configs.recommended], '/app/stack.ts');
    const build = ${JSON.stringify(build + sep)};
    console.log(JSON.stringify(Object.keys(createRequire(import.meta.url).cache).filter((file) => file.startsWith(build)).map((file) => file.slice(build.length).split(${JSON.stringify(sep)}).join('/'))));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: join(dist, '..', '..') });
  return JSON.parse(out.trim().split('\n').pop() ?? '[]') as string[];
}

/** The packages of `HEAVY` that importing `entry` (a built module, bound to `entry`) and running `then` loads, in a fresh process. */
function loadedByImport(entry: string, then = ''): string[] {
  const script = `
    import { createRequire } from 'node:module';
    const entry = await import(${JSON.stringify(join(dist, entry))});
    ${then}
    const heavy = ${JSON.stringify(HEAVY)};
    const loaded = new Set();
    for (const file of Object.keys(createRequire(import.meta.url).cache)) {
      const match = /node_modules[\\\\/]((?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)[\\\\/]/.exec(file);
      if (match) loaded.add(match[1].replace(/\\\\/g, '/'));
    }
    console.log(JSON.stringify([...loaded].filter((name) => heavy.includes(name)).sort()));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop() ?? '[]') as string[];
}

describe('aws-cdk-lib and constructs (optional peers of credlint/cdk)', () => {
  it('are loaded by no other entry', () => {
    expect(loadedByImport('index.js')).toEqual([]);
    expect(loadedByImport('eslint-plugin/index.js').filter((name) => name === 'aws-cdk-lib' || name === 'constructs')).toEqual([]);
  });

  it('are not loaded by importing credlint/cdk either: the Aspect requires aws-cdk-lib when it first visits a construct', () => {
    expect(loadedByImport('cdk/index.js')).toEqual([]);
    // The visit itself fails on a non-construct; what matters is that credlint required aws-cdk-lib for it.
    const visit = 'try { new entry.CredlintChecks().visit({}); } catch {}';
    expect(loadedByImport('cdk/index.js', visit)).toEqual(['aws-cdk-lib', 'constructs']);
  });
});
