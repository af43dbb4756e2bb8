/**
 * `credlint cdk-app` as a CDK user meets it (docs/cdk.md, "Any CDK language"): the real CDK CLI
 * (`aws-cdk`, a devDependency) runs `cdk synth` in a scratch project whose `cdk.json` wraps the app
 * command, offline (`--no-notices`, `CDK_DISABLE_VERSION_CHECK`). The apps: a JavaScript app with
 * aws-cdk-lib, and a Python script that writes a cloud assembly into `$CDK_OUTDIR` as any CDK
 * language's synthesizer does (aws-cdk-lib for Python is not installed here; the script is skipped
 * where `python3` is missing).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, gitProject } from '../support/cli-process.js';
import { repoRoot } from '../support/fixture-cases.js';
import { HAS_PYTHON, PYTHON_APP } from '../support/python-cdk-app.js';
import { environment, wrapper, type Run } from '../support/cdk-app-process.js';
import { removeTempTrees } from '../support/temp-tree.js';

afterAll(removeTempTrees);

const CDK = path.join(repoRoot, 'node_modules', 'aws-cdk', 'bin', 'cdk');
const WRAPPER = `node ${JSON.stringify(CLI)} cdk-app`;

/** `cdk synth` in `project`, as a user types it; without blocking this process, as the cases run side by side. */
function cdkSynth(project: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CDK, 'synth', '--no-notices', ...args], { cwd: project, env: environment(), timeout: 180_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => resolve({ code: null, stdout, stderr: `${stderr}${error.message}` }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A scratch project: its files, `cdk.json` with `app`, and the repository's node_modules (aws-cdk-lib) linked in. */
function project(app: string, files: Readonly<Record<string, string>>): string {
  const dir = gitProject({ 'cdk.json': JSON.stringify({ app }), ...files }, 'credlint-cdk-app-');
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/** A JavaScript CDK app: stack `Bad` gives user "ci" two active keys unless `clean`; stack `Good` gives "deploy" one. */
function javascriptApp(options: { clean?: boolean; suppress?: boolean } = {}): string {
  return `const { App, Stack } = require('aws-cdk-lib');
const iam = require('aws-cdk-lib/aws-iam');
const app = new App();
const good = new Stack(app, 'Good');
new iam.AccessKey(good, 'Only', { user: new iam.User(good, 'Deploy', { userName: 'deploy' }) });
${
  options.clean
    ? ''
    : `const bad = new Stack(app, 'Bad');
const user = new iam.User(bad, 'Ci', { userName: 'ci' });
new iam.AccessKey(bad, 'First', { user });
const second = new iam.AccessKey(bad, 'Second', { user });
${options.suppress ? "second.node.defaultChild.addMetadata('credlint', { ignore: [{ rule: 'multiple-active-access-keys', reason: 'rotation in progress' }] });" : ''}`
}
app.synth();
`;
}

// Each case runs the CDK CLI (about 5 s on an idle machine, several times that on a loaded one), mostly
// one core, in a project of its own: the cases run side by side.
describe.concurrent('cdk synth with "app": "credlint cdk-app -- node app.js" (JavaScript, aws-cdk-lib)', { timeout: 240_000 }, () => {
  it('fails on the violating stack, naming rule, message, construct path, logical id, template and docs; the clean stack is not reported', async ({
    expect,
  }) => {
    const dir = project(`${WRAPPER} -- node app.js`, { 'app.js': javascriptApp() });
    const result = await cdkSynth(dir, '--quiet');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      '[Error at /Bad/Second/Resource] credlint/multiple-active-access-keys: IAM user "ci" has 2 active access keys (Bad/First8D4707F1, Bad/Second394350F9); at most one may be active.',
    );
    expect(result.stderr).toContain('    resource Second394350F9 in cdk.out/Bad.template.json:');
    expect(result.stderr).toMatch(/^ {4}docs: https:\/\/unpkg\.com\/credlint@[^/]+\/rules\/multiple-active-access-keys\/README\.md$/m);
    expect(result.stderr).toContain('credlint: 1 error, 0 warnings in the cloud assembly (2 templates): synthesis stops (exit 1)');
    expect(result.stderr).not.toContain('/Good/');
    // The CDK CLI stops on the wrapper's status, as on a failing app.
    expect(result.stderr).toContain('cdk-app -- node app.js: Subprocess exited with error 1');
  });

  it('checks the whole app, Stages included: one user keyed in two Stages of the same account is reported', async ({ expect }) => {
    const stages = `const { App, Stack, Stage } = require('aws-cdk-lib');
const iam = require('aws-cdk-lib/aws-iam');
const app = new App();
for (const id of ['Prod', 'Dev']) {
  const stack = new Stack(new Stage(app, id, { env: { account: '111111111111', region: 'eu-west-1' } }), 'Deploy');
  new iam.AccessKey(stack, 'Key', { user: iam.User.fromUserName(stack, 'Deployer', 'deploy') });
}
app.synth();
`;
    const dir = project(`${WRAPPER} -- node app.js`, { 'app.js': stages });
    const result = await cdkSynth(dir, '--quiet');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(
      /^\[Error at \/(Prod|Dev)\/Deploy\/Key\/Resource\] credlint\/multiple-active-access-keys: IAM user "deploy" has 2 active access keys/m,
    );
  });

  it('a clean app synthesizes: the CDK prints the template and credlint one summary line', async ({ expect }) => {
    const dir = project(`${WRAPPER} -- node app.js`, { 'app.js': javascriptApp({ clean: true }) });
    const result = await cdkSynth(dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('AWS::IAM::AccessKey');
    expect(result.stderr).toContain('credlint: 0 errors, 0 warnings in the cloud assembly (1 template): synthesis goes on');
  });

  it('a construct suppressed with addMetadata is not reported and does not stop synthesis', async ({ expect }) => {
    const dir = project(`${WRAPPER} -- node app.js`, { 'app.js': javascriptApp({ suppress: true }) });
    const result = await cdkSynth(dir, '--quiet');
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('[Error');
    expect(result.stderr).toContain('credlint: 0 errors, 0 warnings, 1 suppressed in the cloud assembly (2 templates): synthesis goes on');
  });

  it("an app of two commands joined by && (cdk init's TypeScript template, prefixed) says the shell ran only the first under credlint, and how to wrap both", async ({
    expect,
  }) => {
    // `check.js` stands for `npx tsc`, which type-checks and writes nothing, as in `cdk init app --language typescript`.
    const split = project(`${WRAPPER} -- node check.js && node app.js`, { 'check.js': '', 'app.js': javascriptApp() });
    const result = await cdkSynth(split, '--quiet');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      `cdk.json's "app" runs through a shell, where "&&" ends the command credlint wraps: credlint ran only "node check.js", not "node app.js", which the shell runs outside credlint, unchecked.`,
    );
    // The fix the message gives is a working cdk.json: the same synthesis then fails on the finding.
    const fix = /Wrap a shell instead: (.*? -- sh -c '.*?'), or move/.exec(result.stderr)?.[1];
    expect(fix).toBe(`${WRAPPER} -- sh -c 'node check.js && node app.js'`);
    const wrapped = project(fix!, { 'check.js': '', 'app.js': javascriptApp() });
    const fixed = await cdkSynth(wrapped, '--quiet');
    expect(fixed.code).not.toBe(0);
    expect(fixed.stderr).toContain('[Error at /Bad/Second/Resource] credlint/multiple-active-access-keys:');
  });

  it('reports what `credlint cdk.out` reports on the same assembly (parity), options and config applying', async ({ expect }) => {
    const dir = project(`${WRAPPER} --rule 'multiple-active-access-keys: warning' --output json=wrapper.json -- node app.js`, {
      'app.js': javascriptApp(),
      'credlint.config.json': JSON.stringify({ rules: { 'console-user-with-access-key': 'error' } }),
    });
    const result = await cdkSynth(dir, '--quiet');
    // A rule set to warning is printed and does not stop synthesis.
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('[Warning at /Bad/Second/Resource] credlint/multiple-active-access-keys:');
    const wrapper = JSON.parse(readFileSync(path.join(dir, 'wrapper.json'), 'utf8')) as { findings: unknown[] };
    const cli = spawnSync(process.execPath, [CLI, '--format', 'json', '--rule', 'multiple-active-access-keys: warning', 'cdk.out'], {
      cwd: dir,
      encoding: 'utf8',
      env: environment(),
    });
    expect(cli.status).toBe(0);
    expect(wrapper.findings).toHaveLength(1);
    expect(wrapper.findings).toEqual((JSON.parse(cli.stdout) as { findings: unknown[] }).findings);
  });
});

describe.skipIf(!HAS_PYTHON)(
  'cdk synth with "app": "credlint cdk-app -- python3 app.py" (an app in another CDK language)',
  { timeout: 240_000, concurrent: true },
  () => {
    it('fails on the console user with a key, as `credlint cdk.out` reports it', async ({ expect }) => {
      const dir = project(`${WRAPPER} --output json=wrapper.json -- python3 app.py`, { 'app.py': PYTHON_APP });
      const result = await cdkSynth(dir);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('synthesized People');
      expect(result.stderr).toContain('[Error at /People/Key/Resource] credlint/console-user-with-access-key: IAM user "ana"');
      expect(result.stderr).toContain('    resource Key9E2D1F00 in cdk.out/People.template.json:');
      const cli = spawnSync(process.execPath, [CLI, '--format', 'json', 'cdk.out'], { cwd: dir, encoding: 'utf8', env: environment() });
      expect(cli.status).toBe(1);
      const wrapper = JSON.parse(readFileSync(path.join(dir, 'wrapper.json'), 'utf8')) as { findings: unknown[] };
      expect(wrapper.findings).toEqual((JSON.parse(cli.stdout) as { findings: unknown[] }).findings);
    });

    it('honours credlint Metadata written on the resource (add_metadata in Python): synthesis goes on', async ({ expect }) => {
      const dir = project(`${WRAPPER} -- python3 app.py suppress`, { 'app.py': PYTHON_APP });
      const result = await cdkSynth(dir);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('AWS::IAM::AccessKey');
      expect(result.stderr).toContain('credlint: 0 errors, 0 warnings, 1 suppressed in the cloud assembly (1 template): synthesis goes on');
    });

    it('a failing app fails cdk synth with its own status and output, and credlint prints nothing', async ({ expect }) => {
      const dir = project(`${WRAPPER} -- python3 app.py fail`, { 'app.py': PYTHON_APP });
      const result = await cdkSynth(dir);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain("app.py: cannot resolve context value 'vpc-id'");
      expect(result.stderr).toContain('Subprocess exited with error 3');
      expect(result.stderr).not.toContain('credlint:');
      expect(existsSync(path.join(dir, 'cdk.out', 'manifest.json'))).toBe(false);
    });
  },
);

describe('the wrapped app command', () => {
  const dir = gitProject({}, 'credlint-cdk-app-');

  it("passes standard input and output through, and returns the app's exit status when it fails", () => {
    const script = 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{process.stdout.write("got "+s);process.stderr.write("oops\\n");process.exit(7)})';
    expect(wrapper(['--', process.execPath, '-e', script], dir, 'hello')).toEqual({ code: 7, stdout: 'got hello', stderr: 'oops\n' });
  });

  it('ends with the signal that ended the app', () => {
    const result = spawnSync(process.execPath, [CLI, 'cdk-app', '--', process.execPath, '-e', 'process.kill(process.pid, "SIGTERM")'], {
      cwd: dir,
      env: environment({ CDK_OUTDIR: 'cdk.out' }),
    });
    expect(result.signal).toBe('SIGTERM');
  });

  it.skipIf(process.platform === 'win32')('passes a SIGTERM sent to it on to the app, and waits for the app to end', async () => {
    const child = spawn(
      process.execPath,
      [
        CLI,
        'cdk-app',
        '--',
        process.execPath,
        '-e',
        'process.on("SIGTERM",()=>{console.log("app got SIGTERM");process.exit(143)});console.log("ready");setTimeout(()=>{},60000)',
      ],
      { cwd: dir, env: environment({ CDK_OUTDIR: 'cdk.out' }) },
    );
    let stdout = '';
    const ready = new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('ready')) resolve();
      });
    });
    await ready;
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stdout).toContain('app got SIGTERM');
    expect(code).toBe(143);
  });

  it('refuses to run without CDK_OUTDIR, without an app command, with a path or a scan-only option', () => {
    const unset = spawnSync(process.execPath, [CLI, 'cdk-app', '--', 'true'], { cwd: dir, encoding: 'utf8', env: environment() });
    expect(unset.status).toBe(2);
    expect(unset.stderr).toContain('CDK_OUTDIR');
    expect(wrapper([], dir).stderr).toContain('cdk-app needs the app command after "--"');
    expect(wrapper(['cdk.out', '--', 'true'], dir).stderr).toContain('takes no paths');
    expect(wrapper(['--format', 'json', '--', 'true'], dir).stderr).toContain(
      'cdk-app does not take -f, --format <name> (write reports with --output <format>=<file>)',
    );
    expect(wrapper(['--', 'no-such-command-credlint'], dir)).toMatchObject({
      code: 127,
      stderr: 'credlint: cannot run the app command "no-such-command-credlint" (ENOENT)\n',
    });
  });

  it('checks its flags and configuration file before it runs the app: a typo costs no synthesis', () => {
    const typo = wrapper(['--rule', 'multiple-active-acess-keys: off', '--', process.execPath, '-e', 'console.log("app ran")'], dir);
    expect(typo).toMatchObject({ code: 2, stdout: '' });
    expect(typo.stderr).toContain('did you mean "multiple-active-access-keys"?');
    const config = gitProject({ 'credlint.config.json': '{"rules": {"root-user-access-key": "sometimes"}}' }, 'credlint-cdk-app-');
    expect(wrapper(['--', process.execPath, '-e', 'console.log("app ran")'], config)).toMatchObject({ code: 2, stdout: '' });
  });

  it('--help gives the usage and only the options cdk-app takes; the main help points to it', () => {
    const help = wrapper(['--help'], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: credlint cdk-app \[options\] -- <app command> \[arguments\.\.\.\]$/m);
    expect(help.stdout).toContain('--rule');
    expect(help.stdout).toContain('--output <format>=<file>');
    expect(help.stdout).not.toContain('--format');
    expect(help.stdout).not.toContain('--list-rules');
    const main = spawnSync(process.execPath, [CLI, '--help'], { cwd: dir, encoding: 'utf8' });
    expect(main.stdout).toContain('       credlint cdk-app [options] -- <app command> [arguments...]');
  });

  it('fails when the app succeeds but writes no cloud assembly', () => {
    const result = wrapper(['--', process.execPath, '-e', ''], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('wrote no cloud assembly');
  });

  it('fails when the app writes nothing over the cloud assembly an earlier synthesis left, rather than checking that one', () => {
    // The CDK CLI does not empty cdk.out before it runs the app: `npx tsc && ...` wrapped alone, or an
    // app that forgets app.synth(), leaves the last synthesis's manifest and templates in place.
    const stale = gitProject(
      {
        'cdk.out/manifest.json': JSON.stringify({
          version: '55.0.0',
          artifacts: { Old: { type: 'aws:cloudformation:stack', properties: { templateFile: 'Old.template.json' } } },
        }),
        'cdk.out/Old.template.json': JSON.stringify({ Resources: { K: { Type: 'AWS::IAM::AccessKey', Properties: { UserName: 'root' } } } }),
      },
      'credlint-cdk-app-',
    );
    const result = wrapper(['--', process.execPath, '-e', ''], stale);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('wrote no cloud assembly (manifest.json in CDK_OUTDIR=cdk.out is the one left before the app ran)');
    expect(result.stderr).not.toContain('root-user-access-key');
    // An app that writes its assembly over the old one is checked as always.
    const rewrite = `require("fs").writeFileSync("cdk.out/manifest.json", require("fs").readFileSync("cdk.out/manifest.json"))`;
    expect(wrapper(['--', process.execPath, '-e', rewrite], stale).stderr).toContain('credlint/root-user-access-key');
  });
});
