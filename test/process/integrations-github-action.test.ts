/**
 * The composite GitHub Action (action.yml), run locally the way the Actions runner runs it: each
 * step's `${{ inputs.* }}` and `${{ steps.*.outputs.* }}` substituted into its `env:` (composite
 * actions get no `INPUT_*` variables), each `run:` written to a file and executed with
 * `bash --noprofile --norc -eo pipefail {0}` in the workspace, with GITHUB_ACTION_PATH, GITHUB_WORKSPACE,
 * RUNNER_TEMP, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY set, stopping at the first failing step. The
 * inputs are those of the workflow in README.md, on a scratch repository holding what that workflow
 * names. The package the action installs is this checkout, packed (`CREDLINT_PACKAGE`), with its
 * production dependencies from npm's cache.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fixturesRoot, repoRoot } from '../support/fixture-cases.js';

interface ActionStep {
  readonly name?: string;
  readonly id?: string;
  readonly uses?: string;
  readonly shell?: string;
  readonly run?: string;
  readonly env?: Record<string, string>;
}
interface Action {
  readonly inputs: Record<string, { readonly description: string; readonly default?: string }>;
  readonly outputs: Record<string, { readonly value: string }>;
  readonly runs: { readonly using: string; readonly steps: readonly ActionStep[] };
}
interface WorkflowStep {
  readonly uses?: string;
  readonly if?: string;
  readonly with?: Record<string, string>;
}
interface Workflow {
  readonly permissions: Record<string, string>;
  readonly jobs: Record<string, { readonly steps: readonly WorkflowStep[] }>;
}

const action = parse(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as Action;
const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  version: string;
  engines: { node: string };
  devDependencies: Record<string, string>;
};

/** The README's workflow: the YAML block that uses the action. */
function readmeWorkflow(): Workflow {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1] ?? '').filter((block) => /uses: <owner>\/credlint@/.test(block));
  expect(blocks).toHaveLength(1);
  return parse(blocks[0]!) as Workflow;
}

const workflow = readmeWorkflow();
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
const credlintStep = steps.find((step) => step.uses?.startsWith('<owner>/credlint@'));
const uploadStep = steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'));

type Outputs = Record<string, Record<string, string>>;

/** What the runner substitutes in a composite step's `env:`; anything else would be a mistake here. */
function substitute(value: string, inputs: Record<string, string>, outputs: Outputs): string {
  return value.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_whole, expression: string) => {
    const input = /^inputs\.([\w-]+)$/.exec(expression);
    if (input) return inputs[input[1]!] ?? '';
    const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expression);
    if (output) return outputs[output[1]!]?.[output[2]!] ?? '';
    throw new Error(`the action uses an expression this test does not emulate: ${expression}`);
  });
}

/** `name=value` lines of a GITHUB_OUTPUT file (and the `name<<DELIMITER` form). */
function readOutputFile(file: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      values[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) {
      values[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return values;
}

interface StepRun {
  readonly name: string;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

interface ActionRun {
  readonly steps: readonly StepRun[];
  readonly outputs: Record<string, string>;
  readonly summary: string;
}

/** An environment like a runner's: no npm lifecycle variables from the test's own `npm test`. */
function runnerEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env))
    if (!/^npm_/i.test(name) && !['NO_COLOR', 'FORCE_COLOR', 'INIT_CWD'].includes(name)) env[name] = value;
  return { ...env, ...extra };
}

function runAction(withInputs: Record<string, string>, workspace: string, runnerTemp: string, extraEnv: Record<string, string>): ActionRun {
  for (const name of Object.keys(withInputs)) expect(Object.keys(action.inputs), `input ${name}`).toContain(name);
  const inputs: Record<string, string> = {};
  for (const [name, input] of Object.entries(action.inputs)) inputs[name] = withInputs[name] ?? input.default ?? '';
  const summary = path.join(runnerTemp, 'step-summary.md');
  writeFileSync(summary, '');
  const outputs: Outputs = {};
  const ran: StepRun[] = [];
  for (const [index, step] of action.runs.steps.entries()) {
    const script = path.join(runnerTemp, `step-${index}.sh`);
    writeFileSync(script, step.run ?? '');
    const outputFile = path.join(runnerTemp, `output-${index}`);
    writeFileSync(outputFile, '');
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([name, value]) => [name, substitute(String(value), inputs, outputs)]));
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: workspace,
      encoding: 'utf8',
      timeout: 240_000,
      env: runnerEnvironment({
        ...extraEnv,
        GITHUB_ACTIONS: 'true',
        GITHUB_ACTION_PATH: repoRoot,
        GITHUB_WORKSPACE: workspace,
        RUNNER_TEMP: runnerTemp,
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summary,
        ...stepEnv,
      }),
    });
    ran.push({ name: step.name ?? `step ${index}`, status: result.status, stdout: result.stdout, stderr: result.stderr });
    if (step.id !== undefined) outputs[step.id] = readOutputFile(outputFile);
    if (result.status !== 0) break;
  }
  const actionOutputs = Object.fromEntries(Object.entries(action.outputs).map(([name, output]) => [name, substitute(output.value, inputs, outputs)]));
  return { steps: ran, outputs: actionOutputs, summary: readFileSync(summary, 'utf8') };
}

const TERRAFORM = `# Positive only with infra/prod.tfvars: user "ci" gets a console password and an access key.
variable "create_key" {
  type    = bool
  default = false
}

resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_user_login_profile" "ci" {
  user = aws_iam_user.ci.name
}

resource "aws_iam_access_key" "ci" {
  count = var.create_key ? 1 : 0
  user  = aws_iam_user.ci.name
}
`;

const TEMPLATE = `# Positive: two active keys for user "deploy".
Resources:
  Deploy:
    Type: AWS::IAM::User
    Properties:
      UserName: deploy
  KeyOne:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: !Ref Deploy
  KeyTwo:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: !Ref Deploy
`;

const created: string[] = [];
let runnerTemp = '';
let tarball = '';

function scratchRepository(): string {
  const workspace = realpathSync(mkdtempSync(path.join(tmpdir(), 'credlint-action-workspace-')));
  created.push(workspace);
  const files: Record<string, string> = {
    'infra/main.tf': TERRAFORM,
    'infra/prod.tfvars': 'create_key = true\n',
    'stacks/my app/template.yaml': TEMPLATE,
    'unscanned/main.tf': 'resource "aws_iam_access_key" "k" {\n  user = "root"\n}\n',
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(workspace, name)), { recursive: true });
    writeFileSync(path.join(workspace, name), text);
  }
  if (spawnSync('git', ['init', '-q', workspace]).status !== 0) {
    mkdirSync(path.join(workspace, '.git'));
    writeFileSync(path.join(workspace, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  }
  return workspace;
}

beforeAll(() => {
  runnerTemp = realpathSync(mkdtempSync(path.join(tmpdir(), 'credlint-action-runner-temp-')));
  created.push(runnerTemp);
  // The package as npm would publish it (dist is built by `npm test`); no lifecycle script runs.
  const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', runnerTemp], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: runnerEnvironment({}),
    timeout: 120_000,
  });
  expect(pack.status, pack.stderr).toBe(0);
  tarball = path.join(runnerTemp, pack.stdout.trim().split('\n').pop() ?? '');
  expect(existsSync(tarball)).toBe(true);
}, 130_000);

afterAll(() => {
  for (const directory of created) rmSync(directory, { recursive: true, force: true });
});

describe('README workflow', () => {
  it('grants what code scanning needs and uploads the SARIF the action writes, even when the step fails', () => {
    expect(workflow.permissions).toEqual({ contents: 'read', 'security-events': 'write', actions: 'read' });
    expect(credlintStep?.uses).toBe(`<owner>/credlint@v${pkg.version}`);
    expect(uploadStep?.if).toBe('always()');
    expect(uploadStep?.with?.['sarif_file']).toBe(credlintStep?.with?.['sarif-file'] ?? action.inputs['sarif-file']?.default);
    // upload-sarif's category would be ignored: credlint's log carries automationDetails.id.
    expect(uploadStep?.with?.['category']).toBeUndefined();
  });
});

describe('action.yml', () => {
  it('is a composite action of bash scripts only: no setup-node, no npm ci, no compile, inputs never spliced into a script', () => {
    expect(action.runs.using).toBe('composite');
    for (const step of action.runs.steps) {
      expect(step.uses, step.name).toBeUndefined();
      expect(step.shell, step.name).toBe('bash');
      expect(step.run ?? '', step.name).not.toMatch(/\$\{\{/);
      expect(step.run ?? '', step.name).not.toMatch(/\bnpm (ci|run|rebuild)\b|\btsc\b/);
    }
    // The install step reads the supported Node versions from package.json in the form it understands.
    expect(pkg.engines.node).toMatch(/^(?:(?:>=|\^)\d+\.\d+\.\d+)(?: \|\| (?:>=|\^)\d+\.\d+\.\d+)*$/);
  });

  it('installs the typescript credlint is tested with (the pre-commit hook pins the same one)', () => {
    const install = action.runs.steps.find((step) => step.id === 'install')?.run ?? '';
    expect(install).toContain(`typescript="typescript@${pkg.devDependencies['typescript']}"`);
  });
});

describe('the action run locally as the runner runs it', () => {
  it('prints the stylish report, annotates the findings, writes SARIF and fails the step, in one credlint run', () => {
    const workspace = scratchRepository();
    const result = runAction(credlintStep?.with ?? {}, workspace, runnerTemp, { CREDLINT_PACKAGE: tarball, npm_config_prefer_offline: 'true' });
    const [install, scan] = result.steps;
    expect(install?.status, `${install?.stdout}\n${install?.stderr}`).toBe(0);
    expect(scan?.stderr).toBe('');
    // Findings fail the step (exit 1), as --fail-level error says.
    expect(scan?.status).toBe(1);

    const log = (scan?.stdout ?? '').replace(/\u001b\[[0-9;]*m/g, '');
    const humanLines = log.split('\n').filter((line) => !line.startsWith('::'));
    const annotations = log.split('\n').filter((line) => line.startsWith('::'));
    // The stylish report: both paths were scanned (one with a space), the var file reached Terraform.
    expect(humanLines.join('\n')).toContain('infra/main.tf');
    expect(humanLines.join('\n')).toContain('stacks/my app/template.yaml');
    expect(humanLines.join('\n')).toMatch(/✖ 2 problems \(2 errors, 0 warnings\)/);
    expect(log).not.toContain('unscanned/');
    expect(annotations).toEqual([
      expect.stringMatching(/^::error file=infra\/main\.tf,line=15,col=1,endLine=15,endColumn=\d+,title=console-user-with-access-key::IAM user "ci"/),
      expect.stringMatching(/^::error file=stacks\/my app\/template\.yaml,line=\d+,.*title=multiple-active-access-keys::/),
    ]);

    const sarifFile = path.join(workspace, 'credlint.sarif');
    expect(result.outputs['sarif-file']).toBe(sarifFile);
    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8')) as {
      runs: {
        automationDetails: { id: string };
        originalUriBaseIds: Record<string, { uri: string }>;
        results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
      }[];
    };
    const [run] = sarif.runs;
    expect(run?.automationDetails.id).toBe('credlint/');
    const uris = run?.results.map((r) => [r.ruleId, r.locations[0]?.physicalLocation.artifactLocation.uri]);
    expect(uris).toEqual([
      ['console-user-with-access-key', 'infra/main.tf'],
      ['multiple-active-access-keys', 'stacks/my%20app/template.yaml'],
    ]);
    for (const [, uri] of uris ?? []) expect(existsSync(fileURLToPath(new URL(uri ?? '', run?.originalUriBaseIds['%SRCROOT%']?.uri)))).toBe(true);
    expect(result.summary).toBe('');

    // Installed outside the workspace, production dependencies only, nothing compiled.
    expect(['node_modules', 'package.json', 'package-lock.json'].filter((name) => existsSync(path.join(workspace, name)))).toEqual([]);
    const cli = readOutputFile(path.join(runnerTemp, 'output-0'))['cli'] ?? '';
    const modules = path.resolve(cli, '..', '..', '..', '..');
    expect(path.basename(modules)).toBe('node_modules');
    expect(existsSync(path.join(modules, 'yaml', 'package.json'))).toBe(true);
    for (const devDependency of ['vitest', 'aws-cdk-lib', '@microsoft/sarif-multitool', '@types/node', 'fast-check']) {
      expect(existsSync(path.join(modules, devDependency)), devDependency).toBe(false);
    }
    expect(existsSync(path.join(modules, 'credlint', 'src'))).toBe(false);
  }, 300_000);

  it('passes every line of args as one argument, and honours annotations, sarif-file and category', () => {
    const workspace = scratchRepository();
    const result = runAction(
      {
        paths: '  infra  \n\n',
        args: '--var\ncreate_key=true\n--report-unknown\n--fail-level=note\n',
        annotations: 'false',
        'sarif-file': 'reports/credlint infra.sarif',
        category: 'credlint/infra',
      },
      workspace,
      runnerTemp,
      { CREDLINT_PACKAGE: tarball, npm_config_prefer_offline: 'true' },
    );
    const scan = result.steps[1];
    expect(scan?.status, scan?.stderr).toBe(1);
    expect(scan?.stdout).not.toMatch(/^::/m);
    expect(scan?.stdout).toContain('infra/main.tf');
    const sarifFile = path.join(workspace, 'reports', 'credlint infra.sarif');
    expect(result.outputs['sarif-file']).toBe(sarifFile);
    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8')) as { runs: { automationDetails: { id: string }; results: { ruleId: string }[] }[] };
    expect(sarif.runs[0]?.automationDetails.id).toBe('credlint/infra/');
    expect(sarif.runs[0]?.results.map((r) => r.ruleId)).toEqual(['console-user-with-access-key']);
  }, 300_000);

  it('analyses CDK TypeScript source: typescript comes with credlint, not from the scanned repository', () => {
    const workspace = scratchRepository();
    cpSync(path.join(fixturesRoot, 'multiple-active-access-keys/cdk-source/positive/loop-over-literal-array'), path.join(workspace, 'cdk'), {
      recursive: true,
    });
    const result = runAction({ paths: 'cdk', annotations: 'false' }, workspace, runnerTemp, { CREDLINT_PACKAGE: tarball, npm_config_prefer_offline: 'true' });
    const scan = result.steps[1];
    expect(scan?.stdout).not.toContain('not analysed');
    expect(scan?.stdout).toContain('multiple-active-access-keys');
    expect(scan?.status, scan?.stderr).toBe(1);
  }, 300_000);

  /** The action run with a `node` that reports `version` but still runs the scripts the check needs. */
  function runWithNodeVersion(version: string, packageSpec = 'credlint@0.0.0-must-not-install'): ReturnType<typeof runAction> {
    const workspace = scratchRepository();
    const bin = path.join(runnerTemp, `node-${version}-bin`);
    mkdirSync(bin, { recursive: true });
    writeFileSync(path.join(bin, 'node'), `#!/bin/sh\nif [ "$1" = --version ]; then echo ${version}; exit 0; fi\nexec '${process.execPath}' "$@"\n`);
    chmodSync(path.join(bin, 'node'), 0o755);
    return runAction({}, workspace, runnerTemp, {
      PATH: `${bin}${path.delimiter}${process.env['PATH'] ?? ''}`,
      CREDLINT_PACKAGE: packageSpec,
      npm_config_offline: 'true',
    });
  }

  // Node 22.0 to 22.11 cannot require() an ES module (credlint/cdk is loaded that way by CDK apps), so
  // they are refused like an old 20.
  it.each(['v20.18.3', 'v21.7.3', 'v22.11.0', 'v18.20.4'])(
    "stops with a clear error, before installing anything, on node %s, which package.json's engines exclude",
    (version) => {
      const result = runWithNodeVersion(version);
      expect(result.steps).toHaveLength(1);
      expect(result.steps[0]?.status).toBe(1);
      expect(result.steps[0]?.stdout).toBe(
        `::error title=credlint::credlint ${pkg.version} needs Node.js ${pkg.engines.node} but the runner's node is ${version}; add actions/setup-node (node-version: 22 or later) before this step.\n`,
      );
    },
  );

  it.each(['v20.19.0', 'v22.12.0', 'v24.1.0'])('goes on to install the package on node %s', (version) => {
    const absent = path.join(runnerTemp, 'absent', 'credlint.tgz');
    const result = runWithNodeVersion(version, absent);
    // Past the version check: npm's install of the absent tarball is what fails.
    expect(result.steps[0]?.stdout ?? '').not.toContain('needs Node.js');
    expect(result.steps[0]?.status).not.toBe(0);
    expect(result.steps[0]?.stderr ?? '').toContain(absent);
  });
});
