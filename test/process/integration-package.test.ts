/**
 * The npm package as a user installs it: `npm pack` of this checkout, installed with `npm install
 * <tarball>` into an empty project. Checks what the tarball holds (compiled code, declarations, the
 * docs the READMEs link to; no source maps, no tests), that a Terraform-only install pulls only
 * credlint's runtime dependencies, that `npx credlint` finds a positive `.tf` (exit 1), that a missing
 * optional package is named, and runs the README's API snippet.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, type ExpectStatic } from 'vitest';
import { OPTIONAL_PACKAGES } from '../../src/core/optional-package.js';
import { fixturesRoot, repoRoot } from '../support/fixture-cases.js';
import { docSnippet, readmeSnippet } from '../support/readme-snippets.js';

interface PackedFile {
  readonly path: string;
}

const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
};

const scratch = realpathSync(mkdtempSync(path.join(tmpdir(), 'credlint-package-')));
const project = path.join(scratch, 'project');
let packed: string[] = [];
let tarball = '';

/** The environment without colour: NO_COLOR set, FORCE_COLOR removed (Node warns when both are set). */
function plainEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  return env;
}

function run(command: string, args: readonly string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: plainEnv(), timeout: 300_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `run` without blocking this process, for the projects set up side by side. */
function runAsync(command: string, args: readonly string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: plainEnv(), timeout: 300_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => resolve({ code: null, stdout, stderr: `${stderr}${error.message}` }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(() => {
  // `npm pack` runs `prepare` (tsc -b: nothing to do when dist/ is current, as after `npm test`'s build).
  const pack = run('npm', ['pack', '--json', '--pack-destination', scratch], repoRoot);
  if (pack.code !== 0) throw new Error(`npm pack failed: ${pack.stderr}`);
  const [info] = JSON.parse(pack.stdout) as { filename: string; size: number; unpackedSize: number; files: PackedFile[] }[];
  if (info === undefined) throw new Error('npm pack printed no package');
  packed = info.files.map((f) => f.path);
  tarball = path.join(scratch, info.filename);
  console.log(`npm pack: ${info.filename} ${info.size} bytes, ${info.unpackedSize} bytes unpacked, ${packed.length} files`);

  mkdirSync(project);
  expect(run('npm', ['init', '-y'], project).code).toBe(0);
  const install = run('npm', ['install', '--no-audit', '--no-fund', tarball], project);
  if (install.code !== 0) throw new Error(`npm install ${tarball} failed: ${install.stderr}`);
}, 300_000);

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('holds the compiled code with its declarations, the LICENSE and the docs, and no maps or tests', () => {
    for (const file of [
      'package.json',
      'README.md',
      'LICENSE',
      'dist/src/cli.cjs',
      'dist/src/cli.js',
      'dist/src/core/own-module.cjs',
      'dist/cjs/src/core/own-module.cjs',
      'dist/src/index.js',
      'dist/src/index.d.ts',
      'dist/src/eslint-plugin/index.js',
      'dist/src/eslint-plugin/require.cjs',
      'dist/src/eslint-plugin/require.d.cts',
      'schema/credlint.config.schema.json',
    ])
      expect(packed).toContain(file);
    expect(packed.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(packed.filter((f) => /(^|\/)(test|fixtures|scripts)\//.test(f))).toEqual([]);
    expect(packed.filter((f) => /\.[cm]?tsx?$/.test(f) && !/\.d\.[cm]?ts$/.test(f))).toEqual([]);
  });

  it('holds every file the README, the rule READMEs and the docs link to', () => {
    const documents = packed.filter((f) => f.endsWith('.md'));
    expect(documents.length).toBeGreaterThan(3);
    for (const doc of documents) {
      // Code is not Markdown: `x['fill'](names)` in a code span or block links to nothing.
      const text = readFileSync(path.join(repoRoot, doc), 'utf8')
        .replace(/^```[\s\S]*?^```/gm, '')
        .replace(/(`+)[\s\S]*?\1/g, '');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (target === undefined || /^[a-z]+:/.test(target) || target.startsWith('#')) continue;
        const linked = path.posix.normalize(path.posix.join(path.posix.dirname(doc), target.replace(/#.*$/, '')));
        expect(packed, `${doc} links to ${target}`).toContain(linked);
      }
    }
  });

  it('declares LICENSE as package.json says (Apache-2.0)', () => {
    expect(readFileSync(path.join(repoRoot, 'LICENSE'), 'utf8')).toContain('Apache License\n                           Version 2.0, January 2004');
    expect((JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { license: string }).license).toBe('Apache-2.0');
  });
});

describe('installed into an empty project', () => {
  it('pulls only the runtime dependencies (no TypeScript, typescript-eslint or ESLint)', () => {
    const lock = JSON.parse(readFileSync(path.join(project, 'node_modules', '.package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
    const names = new Set(Object.keys(lock.packages).map((p) => p.replace(/^.*node_modules\//, '')));
    for (const dependency of Object.keys(pkg.dependencies)) expect(names).toContain(dependency);
    for (const heavy of ['typescript', 'ts-morph', '@typescript-eslint/parser', '@typescript-eslint/utils', 'eslint', 'aws-cdk-lib'])
      expect(names).not.toContain(heavy);
    // credlint, its six dependencies and their few own (9 when measured: npm 11.19, the packed tarball); a new heavy one fails here.
    expect(names.size).toBeLessThanOrEqual(20);
  });

  it('runs `npx credlint` on a positive Terraform module: the finding, exit 1', () => {
    cpSync(path.join(fixturesRoot, 'multiple-active-access-keys/terraform/positive/count-two'), path.join(project, 'infra'), { recursive: true });
    const result = run('npx', ['credlint', 'infra/main.tf'], project);
    expect(result.stdout).toContain('multiple-active-access-keys');
    expect(result.code).toBe(1);
  });

  it('runs the README API snippet', () => {
    if (!existsSync(path.join(project, 'infra')))
      cpSync(path.join(fixturesRoot, 'multiple-active-access-keys/terraform/positive/count-two'), path.join(project, 'infra'), { recursive: true });
    writeFileSync(path.join(project, 'api.mjs'), readmeSnippet('## Programmatic API', 'ts'));
    const result = run(process.execPath, ['api.mjs'], project);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^multiple-active-access-keys IAM user "svc"/m);
  });

  it('gives the same API to CommonJS through require, as the README says', () => {
    if (!existsSync(path.join(project, 'infra')))
      cpSync(path.join(fixturesRoot, 'multiple-active-access-keys/terraform/positive/count-two'), path.join(project, 'infra'), { recursive: true });
    const body = readmeSnippet('## Programmatic API', 'ts')
      .replace(/^import \{ (.*) \} from 'credlint';$/m, "const { $1 } = require('credlint');\n(async () => {")
      .concat('})();\n');
    expect(body).toContain("require('credlint')");
    writeFileSync(path.join(project, 'api.cjs'), body);
    const result = run(process.execPath, ['api.cjs'], project);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^multiple-active-access-keys IAM user "svc"/m);
  });

  it('reports a CDK project as not analysed, naming typescript, when typescript is not installed (exit 2)', () => {
    cpSync(path.join(fixturesRoot, 'multiple-active-access-keys/cdk-source/positive/loop-over-literal-array'), path.join(project, 'cdk'), { recursive: true });
    const result = run('npx', ['credlint', 'cdk/app.ts'], project);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(`npm install --save-dev typescript@'${OPTIONAL_PACKAGES.typescript.install}'`);
    expect(result.stdout + result.stderr).not.toMatch(/\n\s+at /);
    // Run from outside the project that installed it (as npx's cache or a global install runs it),
    // installing typescript in the scanned project would not reach credlint: the hint says so. (By
    // the executable's former path, `dist/src/cli.js`, which runs it, as scripts may.)
    const elsewhere = path.join(scratch, 'elsewhere');
    cpSync(path.join(project, 'cdk'), elsewhere, { recursive: true });
    const outside = run(process.execPath, [path.join(project, 'node_modules', 'credlint', 'dist', 'src', 'cli.js'), 'app.ts'], elsewhere);
    expect(outside.code).toBe(2);
    expect(outside.stdout).toContain(
      `credlint runs from ${path.join(project, 'node_modules')} (npx's cache or a global install) and loads typescript only from there: npm install --save-dev credlint typescript@'${OPTIONAL_PACKAGES.typescript.install}' in the project`,
    );
  });

  it('names the missing parser when the ESLint plugin is loaded without typescript-eslint', () => {
    const result = run(process.execPath, ['--input-type=module', '-e', "await import('credlint/eslint-plugin')"], project);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('npm install --save-dev @typescript-eslint/parser@');
  });
});

/**
 * A CDK project whose `typescript` credlint cannot read CDK source with (7, a native compiler without a
 * JavaScript API; or older than 4.9): credlint installs beside it, names what to add, and scans once
 * that is there, while the project's own `tsc` stays the one it builds with (README, "What installing
 * costs").
 */
async function besideOldOrNativeTypeScript(expect: ExpectStatic, dir: string, typescript: string, version: RegExp, why: RegExp) {
  mkdirSync(dir);
  expect((await runAsync('npm', ['init', '-y'], dir)).code).toBe(0);
  expect((await runAsync('npm', ['install', '--no-audit', '--no-fund', '--save-dev', typescript], dir)).code).toBe(0);
  const install = await runAsync('npm', ['install', '--no-audit', '--no-fund', '--save-dev', tarball], dir);
  expect(install.stderr).not.toMatch(/ERESOLVE/);
  expect(install.code).toBe(0);
  cpSync(path.join(fixturesRoot, 'multiple-active-access-keys/cdk-source/positive/loop-over-literal-array'), path.join(dir, 'cdk'), { recursive: true });

  const without = await runAsync('npx', ['credlint', 'cdk/app.ts'], dir);
  expect(without.code).toBe(2);
  expect(without.stdout).toMatch(why);
  const hint = /npm install --save-dev (--no-bin-links) typescript6@'(npm:typescript@[^']+)'/.exec(without.stdout);
  expect(hint?.[2]).toBe(OPTIONAL_PACKAGES.typescript6.install);
  expect(without.stdout + without.stderr).not.toMatch(/internal error|\n\s+at /);

  // The hint as a shell would pass it (the quotes are the shell's): the project's tsc stays its own,
  // also after a full install.
  const beside = await runAsync('npm', ['install', '--no-audit', '--no-fund', '--save-dev', hint?.[1] ?? '', `typescript6@${hint?.[2] ?? ''}`], dir);
  expect(beside.code).toBe(0);
  expect((await runAsync('npx', ['tsc', '--version'], dir)).stdout).toMatch(version);
  rmSync(path.join(dir, 'node_modules'), { recursive: true, force: true });
  expect((await runAsync('npm', ['ci', '--no-audit', '--no-fund'], dir)).code).toBe(0);
  expect((await runAsync('npx', ['tsc', '--version'], dir)).stdout).toMatch(version);
  const scanned = await runAsync('npx', ['credlint', 'cdk/app.ts'], dir);
  expect(scanned.stdout).toContain('multiple-active-access-keys');
  expect(scanned.code).toBe(1);
}

// Each of these sets up a project of its own from the registry and the tarball: mostly npm and tsc, one
// core each, so they run side by side (the test files of a run go one at a time on a 2-core machine).
describe.concurrent('installed into CDK projects of other TypeScript versions', () => {
  describe('installed into a project whose typescript is 7, as `cdk init` sets one up', () => {
    it('installs beside typescript 7, says what to add for CDK source, scans it once that is there, and tsc stays 7', async ({ expect }) => {
      await besideOldOrNativeTypeScript(
        expect,
        path.join(scratch, 'ts7'),
        'typescript@7',
        /^Version 7\./,
        /TypeScript project not analysed: typescript 7\.\d+\.\d+ is installed, which has no JavaScript API/,
      );
    }, 300_000);
  });

  describe('installed into a project whose typescript is 3.9, as `cdk init` set one up until late 2022', () => {
    it('installs without ERESOLVE, says what to add for CDK source, scans it once that is there, and tsc stays 3.9', async ({ expect }) => {
      await besideOldOrNativeTypeScript(
        expect,
        path.join(scratch, 'ts39'),
        'typescript@~3.9.7',
        /^Version 3\.9\./,
        /TypeScript project not analysed: typescript 3\.9\.\d+ is installed, whose JavaScript API is older than the 4\.9 credlint reads/,
      );
    }, 300_000);
  });

  describe('the ESLint plugin in a project on TypeScript 7, installed as docs/eslint-plugin.md says', () => {
    const project7 = path.join(scratch, 'eslint-ts7');

    it("installs without ERESOLVE, keeps TypeScript 7's tsc, and lints and scans CDK source with TypeScript 6's API", async ({ expect }) => {
      mkdirSync(project7);
      expect((await runAsync('npm', ['init', '-y'], project7)).code).toBe(0);
      // What `cdk init app --language typescript` of aws-cdk 2.1149 pins.
      expect((await runAsync('npm', ['install', '--no-audit', '--no-fund', '--save-dev', 'typescript@~7.0.2'], project7)).code).toBe(0);
      // The command as the document writes it, one line of words in single quotes or none; credlint is the tarball.
      const command = docSnippet('docs/eslint-plugin.md', '### In a project on TypeScript 7', 'sh').trim();
      const words = [...command.matchAll(/'([^']*)'|(\S+)/g)].map((match) => match[1] ?? match[2] ?? '');
      expect(words.slice(0, 3)).toEqual(['npm', 'install', '--save-dev']);
      const packages = words.slice(3).map((word) => (word === 'credlint' ? tarball : word));
      expect(packages).toContain(tarball);
      const install = await runAsync('npm', ['install', '--no-audit', '--no-fund', '--save-dev', ...packages], project7);
      expect(install.stderr).not.toMatch(/ERESOLVE/);
      expect(install.code, install.stderr).toBe(0);
      expect((await runAsync('npx', ['tsc', '--version'], project7)).stdout).toMatch(/^Version 7\./);

      writeFileSync(path.join(project7, 'eslint.config.mjs'), docSnippet('docs/eslint-plugin.md', '## Configure', 'js'));
      cpSync(path.join(fixturesRoot, 'multiple-active-access-keys/cdk-source/positive/loop-over-literal-array'), path.join(project7, 'cdk'), {
        recursive: true,
      });
      const linted = await runAsync('npx', ['eslint', 'cdk'], project7);
      expect(linted.stdout + linted.stderr).toContain('credlint/multiple-active-access-keys');
      expect(linted.code).toBe(1);
      const scanned = await runAsync('npx', ['credlint', 'cdk'], project7);
      expect(scanned.stdout).toContain('multiple-active-access-keys');
      expect(scanned.code).toBe(1);

      // A credlint rule set for every file, as docs/eslint-plugin.md shows: `eslint .` lints the config
      // file and the JavaScript copy of the app, where the rule reports nothing, as the CLI analyses none.
      writeFileSync(
        path.join(project7, 'eslint.config.mjs'),
        docSnippet('docs/eslint-plugin.md', '#### Setting a credlint rule for every file', 'js').replace('root-user-access-key', 'multiple-active-access-keys'),
      );
      writeFileSync(path.join(project7, 'cdk', 'app.mjs'), readFileSync(path.join(project7, 'cdk', 'app.ts'), 'utf8'));
      const everyFile = await runAsync('npx', ['eslint', '--format', 'json', '.'], project7);
      expect(everyFile.stderr).toBe('');
      const results = JSON.parse(everyFile.stdout) as { filePath: string; messages: { ruleId: string | null; severity: number }[] }[];
      expect(results.map((r) => [path.relative(project7, r.filePath), r.messages.map((m) => `${m.ruleId ?? 'fatal'} ${String(m.severity)}`)])).toEqual([
        ['cdk/app.mjs', []],
        ['cdk/app.ts', ['credlint/multiple-active-access-keys 1']],
        ['eslint.config.mjs', []],
      ]);
      expect(everyFile.code).toBe(0);
    }, 300_000);
  });

  describe('installed into a CDK project pinned to TypeScript 4.9, as `cdk init` set one up in 2022 and 2023', () => {
    const ts49 = path.join(scratch, 'ts49');

    it('installs without ERESOLVE and scans CDK source with that TypeScript', async ({ expect }) => {
      mkdirSync(ts49);
      expect((await runAsync('npm', ['init', '-y'], ts49)).code).toBe(0);
      expect((await runAsync('npm', ['install', '--no-audit', '--no-fund', '--save-dev', 'typescript@~4.9.5'], ts49)).code).toBe(0);
      const install = await runAsync('npm', ['install', '--no-audit', '--no-fund', '--save-dev', tarball], ts49);
      expect(install.stderr).not.toMatch(/ERESOLVE/);
      expect(install.code).toBe(0);
      expect((await runAsync('npx', ['tsc', '--version'], ts49)).stdout).toMatch(/^Version 4\.9\./);
      cpSync(path.join(fixturesRoot, 'multiple-active-access-keys/cdk-source/positive/loop-over-literal-array'), path.join(ts49, 'positive'), {
        recursive: true,
      });
      cpSync(path.join(fixturesRoot, 'multiple-active-access-keys/cdk-source/negative/key-subclass-forced-inactive'), path.join(ts49, 'negative'), {
        recursive: true,
      });
      const positive = await runAsync('npx', ['credlint', 'positive'], ts49);
      expect(positive.stdout).toContain('multiple-active-access-keys');
      expect(positive.code).toBe(1);
      const negative = await runAsync('npx', ['credlint', 'negative'], ts49);
      expect(negative.stdout).toMatch(/^No problems found in \d+ files?\.$/m);
      expect(negative.code).toBe(0);
    }, 300_000);
  });
});

describe('the README quick start', () => {
  it('runs the built CLI straight after `npm ci`, with nothing installed or compiled on the way (exit 1 on its example)', () => {
    const [install, command] = (readmeSnippet('## Quick start', 'sh').split('\n')[0] ?? '')
      .replace(/#.*$/, '')
      .split('&&')
      .map((part) => part.trim());
    expect(install).toBe('npm ci');
    const [program, ...args] = (command ?? '').split(/\s+/);
    expect(program).toBe('node');
    const result = run(process.execPath, args, repoRoot);
    expect(result.stdout).toContain('multiple-active-access-keys');
    expect(result.code).toBe(1);
  });
});

describe('optional packages', () => {
  it('are optional peer dependencies with the ranges credlint names in its messages', () => {
    for (const [name, { range }] of Object.entries(OPTIONAL_PACKAGES)) {
      expect(pkg.peerDependencies[name], name).toBe(range);
      expect(pkg.peerDependenciesMeta[name]?.optional, name).toBe(true);
      expect(pkg.dependencies[name], name).toBeUndefined();
    }
  });
});
