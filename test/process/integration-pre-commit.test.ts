/**
 * The pre-commit hook, installed and run by the real pre-commit (the Debian package, installed here
 * when missing) exactly as a user's `.pre-commit-config.yaml` does it: the README's snippet, pointing
 * at a release commit of this checkout (scripts/release-tree.ts: the packed npm package plus the hook
 * manifest, which is what release tags hold). Scratch git repositories hold positive and negative
 * Terraform, CloudFormation and CDK TypeScript files.
 *
 * Timings: a cold hook install (empty PRE_COMMIT_HOME) must take under 60 s and a hook run on one
 * changed file under 1.5 s. On an oversubscribed machine (1-minute load average above the number of
 * CPUs) a process gets about cpus/load of a CPU, so each budget is scaled by load/cpus there; the
 * figures are printed either way.
 */
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { writeReleaseTree } from '../../scripts/release-tree.js';
import { fixturesRoot, repoRoot } from '../support/fixture-cases.js';
import { readmeSnippet } from '../support/readme-snippets.js';

const COLD_INSTALL_BUDGET_S = 60;
const HOOK_RUN_BUDGET_S = 1.5;

const CASES = {
  'terraform-positive': 'multiple-active-access-keys/terraform/positive/count-two',
  'terraform-negative': 'multiple-active-access-keys/terraform/negative/one-key-each',
  'cloudformation-positive': 'multiple-active-access-keys/cloudformation/positive/two-keys-by-ref',
  'cloudformation-negative': 'multiple-active-access-keys/cloudformation/negative/inactive-second-key',
  'cdk-positive': 'multiple-active-access-keys/cdk-source/positive/loop-over-literal-array',
  'cdk-negative': 'multiple-active-access-keys/cdk-source/negative/generated-names',
} as const;

/** The file of each case that a commit changes. */
const CHANGED: Record<keyof typeof CASES, string> = {
  'terraform-positive': 'terraform-positive/main.tf',
  'terraform-negative': 'terraform-negative/main.tf',
  'cloudformation-positive': 'cloudformation-positive/template.yaml',
  'cloudformation-negative': 'cloudformation-negative/template.yaml',
  'cdk-positive': 'cdk-positive/app.ts',
  'cdk-negative': 'cdk-negative/app.ts',
};

/**
 * Units whose finding needs a file the commit does not change: a root module calling a child module
 * (the login profile in the root, the key in the child), a parent template nesting a child
 * template (the user and its login profile in the parent, the key in the child), and a template
 * including an `AWS::Include` snippet (the user and key in the template, the login profile in the snippet).
 */
const CHILD_UNITS: Record<string, Record<string, string>> = {
  'terraform-child': {
    'main.tf':
      'module "user" {\n  source = "./modules/user"\n  name   = "ana"\n}\n\nresource "aws_iam_user_login_profile" "console" {\n  user = module.user.name\n}\n',
    'modules/user/main.tf':
      'variable "name" {}\n\nresource "aws_iam_user" "u" {\n  name = var.name\n}\n\nresource "aws_iam_access_key" "k" {\n  user = aws_iam_user.u.name\n}\n\noutput "name" {\n  value = aws_iam_user.u.name\n}\n',
  },
  'cloudformation-child': {
    'template.yaml':
      'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  User:\n    Type: AWS::IAM::User\n    Properties:\n      UserName: eve\n      LoginProfile:\n        Password: not-a-real-password\n  Keys:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./keys.yaml\n',
    'keys.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Key:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: eve\n',
  },
  'cloudformation-snippet': {
    'template.yaml':
      'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  User:\n    Type: AWS::IAM::User\n    Properties:\n      UserName: eve\n      Fn::Transform:\n        Name: AWS::Include\n        Parameters:\n          Location: snippets/console.yaml\n  Key:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: eve\n',
    'snippets/console.yaml': 'LoginProfile:\n  Password: not-a-real-password\n',
  },
};

/** The only file a commit changes in each of `CHILD_UNITS`. */
const CHANGED_CHILD = {
  'terraform-child': 'terraform-child/modules/user/main.tf',
  'cloudformation-child': 'cloudformation-child/keys.yaml',
  'cloudformation-snippet': 'cloudformation-snippet/snippets/console.yaml',
} as const;

const scratch = realpathSync(mkdtempSync(path.join(tmpdir(), 'credlint-pre-commit-')));
const releaseRepo = path.join(scratch, 'credlint-release');
const userRepo = path.join(scratch, 'user');
const preCommitHome = path.join(scratch, 'pre-commit-home');
let rev = '';
let coldInstall: Timed;
/** The second of two hook runs on one changed file, right after the cold install. */
let hookRun: Timed;
/** `pre-commit try-repo`, started once the timed runs are done: it builds a store of its own while the other cases run. */
let tryRepo: Promise<AsyncRun> | undefined;

interface Timed extends SpawnSyncReturns<string> {
  readonly wallSeconds: number;
}

/** The environment without colour: NO_COLOR set, FORCE_COLOR removed (Node warns when both are set). */
function plainEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  return env;
}

function run(command: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): Timed {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...plainEnv(), PRE_COMMIT_HOME: preCommitHome, PRE_COMMIT_COLOR: 'never', ...env },
    timeout: 300_000,
  });
  return { ...result, wallSeconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

interface AsyncRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `run` without blocking this process. */
function runAsync(command: string, args: readonly string[], cwd: string): Promise<AsyncRun> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...plainEnv(), PRE_COMMIT_HOME: preCommitHome, PRE_COMMIT_COLOR: 'never' },
      timeout: 300_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => resolve({ status: null, stdout, stderr: `${stderr}${error.message}` }));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function git(cwd: string, ...args: string[]): string {
  const result = run('git', ['-c', 'user.name=credlint test', '-c', 'user.email=test@credlint.invalid', '-c', 'commit.gpgsign=false', ...args], cwd);
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

/** The machine's oversubscription: 1 when idle, load/cpus when more runnable processes than CPUs. */
function loadFactor(): number {
  return Math.max(1, (loadavg()[0] ?? 0) / availableParallelism());
}

function describeLoad(): string {
  return `load average ${(loadavg()[0] ?? 0).toFixed(1)} on ${availableParallelism()} CPUs`;
}

/**
 * pre-commit from the Debian package (3.0.4 in Debian 12), installed when missing, as CI does; the test
 * fails, not skips, when it cannot be installed: a skipped integration test would hide a broken hook.
 */
function ensurePreCommit(): void {
  if (spawnSync('pre-commit', ['--version']).status === 0) return;
  const apt = (args: string[]) =>
    spawnSync('apt-get', args, { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeout: 600_000 });
  const update = apt(['update']);
  const install = update.status === 0 ? apt(['install', '-y', '--no-install-recommends', 'pre-commit']) : update;
  if (spawnSync('pre-commit', ['--version']).status !== 0) {
    throw new Error(
      `pre-commit is not installed and apt-get could not install it (run as root on Debian, or install pre-commit): ${install.error?.message ?? install.stderr}`,
    );
  }
}

/** The README's pre-commit snippet with its repository and rev pointing at the local release commit. */
function configFromReadme(): string {
  const snippet = readmeSnippet('**pre-commit**', 'yaml');
  const config = snippet.replace(/^(\s*- repo: ).*$/m, `$1${releaseRepo}`).replace(/^(\s*rev: )\S+/m, `$1${rev}`);
  const parsed = parse(config) as { repos: { repo: string; rev: string; hooks: { id: string }[] }[] };
  expect(parsed.repos).toEqual([{ repo: releaseRepo, rev, hooks: [{ id: 'credlint' }] }]);
  return config;
}

beforeAll(() => {
  ensurePreCommit();
  writeReleaseTree(releaseRepo);
  git(releaseRepo, 'init', '-q');
  git(releaseRepo, 'add', '-A');
  git(releaseRepo, 'commit', '-q', '-m', 'credlint release');
  rev = git(releaseRepo, 'rev-parse', 'HEAD');

  mkdirSync(userRepo);
  git(userRepo, 'init', '-q');
  for (const [name, fixture] of Object.entries(CASES)) cpSync(path.join(fixturesRoot, fixture), path.join(userRepo, name), { recursive: true });
  for (const [name, files] of Object.entries(CHILD_UNITS)) {
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(userRepo, name, file)), { recursive: true });
      writeFileSync(path.join(userRepo, name, file), text);
    }
  }
  writeFileSync(path.join(userRepo, '.pre-commit-config.yaml'), configFromReadme());
  git(userRepo, 'add', '.pre-commit-config.yaml');
  git(userRepo, 'commit', '-q', '-m', 'pre-commit config');

  coldInstall = run('pre-commit', ['install-hooks'], userRepo);
  if (coldInstall.status !== 0) throw new Error(`pre-commit install-hooks failed:\n${coldInstall.stdout}\n${coldInstall.stderr}`);
  console.log(`pre-commit: cold hook install took ${coldInstall.wallSeconds.toFixed(1)} s (${describeLoad()})`);

  // The hook run timed with nothing else running: a first run, then the one measured.
  run('pre-commit', ['run', '--files', CHANGED['terraform-positive']], userRepo);
  hookRun = run('pre-commit', ['run', '--files', CHANGED['terraform-positive']], userRepo);
  console.log(`pre-commit: a hook run on one changed .tf file took ${hookRun.wallSeconds.toFixed(2)} s (${describeLoad()})`);

  // try-repo installs the hook again into a store of its own (mostly npm on one core): it runs beside
  // the cases below, which only read the scratch repository's files (the git commit case writes .git,
  // which try-repo with --files does not use). Its own case waits for it.
  tryRepo = runAsync('pre-commit', ['try-repo', releaseRepo, 'credlint', '--ref', rev, '--files', ...Object.values(CHANGED)], userRepo);
}, 600_000);

afterAll(async () => {
  await tryRepo;
  rmSync(scratch, { recursive: true, force: true });
});

describe('the pre-commit hook, installed from a release commit by the real pre-commit', () => {
  it(`installs cold (empty PRE_COMMIT_HOME) in under ${COLD_INSTALL_BUDGET_S} s, with credlint's runtime dependencies and typescript only`, () => {
    expect(coldInstall.wallSeconds).toBeLessThan(COLD_INSTALL_BUDGET_S * loadFactor());
    const envs = run('sh', ['-c', 'ls -d */node_env-*'], preCommitHome).stdout.trim().split('\n');
    expect(envs).toHaveLength(1);
    const prefix = { npm_config_prefix: path.join(preCommitHome, envs[0] ?? '') };
    const top = JSON.parse(run('npm', ['ls', '-g', '--depth=0', '--json'], preCommitHome, prefix).stdout) as { dependencies: Record<string, unknown> };
    expect(Object.keys(top.dependencies).sort()).toEqual(['credlint', 'typescript']);
    const all = run('npm', ['ls', '-g', '--all', '--parseable'], preCommitHome, prefix).stdout;
    for (const devOnly of ['aws-cdk-lib', 'constructs', 'vitest', 'eslint', '@microsoft/sarif-multitool', 'typescript-eslint', '@typescript-eslint/parser']) {
      expect(all).not.toMatch(new RegExp(`/node_modules/${devOnly}$`, 'm'));
    }
  });

  it.each(['terraform-positive', 'cloudformation-positive', 'cdk-positive'] as const)('fails on %s, printing the finding', (name) => {
    const result = run('pre-commit', ['run', '--files', CHANGED[name]], userRepo);
    expect(result.status, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toContain('multiple-active-access-keys');
    expect(result.stdout).toContain(CHANGED[name]);
  });

  it.each(['terraform-negative', 'cloudformation-negative', 'cdk-negative'] as const)('passes on %s', (name) => {
    const result = run('pre-commit', ['run', '--files', CHANGED[name]], userRepo);
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/credlint\.+Passed/);
  });

  it.each(Object.keys(CHANGED_CHILD) as (keyof typeof CHANGED_CHILD)[])(
    'fails when the only changed file is a child module, a nested-stack child or an included snippet whose unit has a finding (%s)',
    (name) => {
      const result = run('pre-commit', ['run', '--files', CHANGED_CHILD[name]], userRepo);
      expect(result.status, result.stdout + result.stderr).toBe(1);
      expect(result.stdout).toContain('console-user-with-access-key');
      expect(result.stdout).toContain(CHANGED_CHILD[name]);
    },
  );

  it('blocks a git commit that stages a positive Terraform file, and lets a negative one through', () => {
    expect(run('pre-commit', ['install'], userRepo).status).toBe(0);
    git(userRepo, 'add', 'terraform-negative');
    expect(run('git', ['commit', '-q', '-m', 'negative'], userRepo).status).toBe(0);
    git(userRepo, 'add', 'terraform-positive');
    const blocked = run('git', ['commit', '-q', '-m', 'positive'], userRepo);
    expect(blocked.status).toBe(1);
    expect(blocked.stdout + blocked.stderr).toContain('multiple-active-access-keys');
    git(userRepo, 'reset', '-q');
  });

  it(`runs on one changed file in under ${HOOK_RUN_BUDGET_S} s once installed`, () => {
    expect(hookRun.status).toBe(1);
    expect(hookRun.wallSeconds).toBeLessThan(HOOK_RUN_BUDGET_S * loadFactor());
  });

  it('works through try-repo too (a fresh store, the release commit given by --ref)', async () => {
    const result = await tryRepo!;
    expect(result.status, result.stdout + result.stderr).toBe(1);
    for (const name of ['terraform-positive', 'cloudformation-positive', 'cdk-positive'] as const) expect(result.stdout).toContain(CHANGED[name]);
    for (const name of ['terraform-negative', 'cloudformation-negative', 'cdk-negative'] as const) expect(result.stdout).not.toContain(`${name}/`);
  });

  it('installs the typescript version credlint is developed with', () => {
    const hooks = parse(readFileSync(path.join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as { additional_dependencies?: string[] }[];
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(hooks[0]?.additional_dependencies).toEqual([`typescript@${pkg.devDependencies.typescript}`]);
  });
});
