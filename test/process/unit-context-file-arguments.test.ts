/**
 * A file argument scans every deployment unit the file belongs to (what pre-commit relies on: it
 * passes only the changed files): a Terraform child module with the root modules that call it, a
 * nested-stack template with its parent templates, a CDK helper with the app that imports it. Run
 * through the real CLI, from the repository root and from a subdirectory of scratch git repositories.
 */
import { spawnSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Deadline } from '../../src/core/deadline.js';
import { walkRules } from '../../src/formats/walk-rules.js';
import { discoverFiles } from '../../src/discover/discover-files.js';
import { lint } from '../../src/engine.js';
import { namedTemplatePaths } from '../../src/formats/cloudformation/template-parents.js';
import { repoRoot } from '../support/fixture-cases.js';
import { readmeSnippet } from '../support/readme-snippets.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

const CLI = path.join(repoRoot, 'dist', 'src', 'cli.cjs');

interface JsonFinding {
  readonly ruleId: string;
  readonly message: string;
  readonly location: { readonly file: string; readonly startLine: number };
  readonly unitId: string;
}

function credlint(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, '--format', 'json', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
    timeout: 60_000,
  });
  expect(result.stderr).not.toMatch(/\n\s+at /);
  const findings = result.stdout ? ((JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings ?? []) : [];
  return { code: result.status, findings, stdout: result.stdout, stderr: result.stderr };
}

/** A scratch git work tree (a `.git` directory with `HEAD` is what marks one). */
function repository(files: Readonly<Record<string, string>>): string {
  return tempTree({ '.git/HEAD': 'ref: refs/heads/main\n', ...files }, 'credlint-unit-context-');
}

const rules = (findings: readonly JsonFinding[]) => findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.startLine} ${f.unitId}`).sort();

/** A module declaring a user and its key; the login profile is its caller's. */
const USER_WITH_KEY = `variable "name" {}

resource "aws_iam_user" "u" {
  name = var.name
}

resource "aws_iam_access_key" "k" {
  user = aws_iam_user.u.name
}

output "name" {
  value = aws_iam_user.u.name
}
`;

const rootCalling = (source: string, name: string) => `module "user" {
  source = "${source}"
  name   = "${name}"
}

resource "aws_iam_user_login_profile" "console" {
  user = module.user.name
}
`;

describe('a Terraform child module file scans the root modules that call it', () => {
  const repo = repository({
    'main.tf': rootCalling('./modules/user', 'ana'),
    'modules/user/main.tf': USER_WITH_KEY,
    'modules/user/README.tf.md': 'not a module file',
  });

  it('from the child directory: the root finding, at the key in the child file (exit 1), analysed once', () => {
    const { code, findings } = credlint(path.join(repo, 'modules/user'), 'main.tf');
    expect(code).toBe(1);
    expect(rules(findings)).toEqual(['console-user-with-access-key main.tf:7 terraform:../..']);
    expect(findings[0]?.message).toContain('module.user.aws_iam_access_key.k');
  });

  it('from the repository root, the same', () => {
    const { code, findings } = credlint(repo, 'modules/user/main.tf');
    expect(code).toBe(1);
    expect(rules(findings)).toEqual(['console-user-with-access-key modules/user/main.tf:7 terraform:.']);
  });

  it('reports a finding whose primary location is in another file of the unit (the root)', () => {
    const other = repository({
      'main.tf': `module "person" {
  source = "./modules/person"
}

resource "aws_iam_access_key" "k" {
  user = module.person.name
}
`,
      'modules/person/main.tf': `resource "aws_iam_user" "u" {
  name = "bo"
}

resource "aws_iam_user_login_profile" "p" {
  user = aws_iam_user.u.name
}

output "name" {
  value = aws_iam_user.u.name
}
`,
    });
    const { code, findings } = credlint(other, 'modules/person/main.tf');
    expect(code).toBe(1);
    expect(rules(findings)).toEqual(['console-user-with-access-key main.tf:5 terraform:.']);
  });

  it('two roots calling the same child: both units are scanned, each with its own finding', () => {
    const two = repository({
      'envs/dev/main.tf': rootCalling('../../modules/user', 'dev-ana'),
      'envs/prod/main.tf': rootCalling('../../modules/user', 'prod-ana'),
      'envs/other/main.tf': rootCalling('../../modules/unrelated', 'nobody'),
      'modules/unrelated/main.tf': USER_WITH_KEY,
      'modules/user/main.tf': USER_WITH_KEY,
    });
    const { code, findings } = credlint(path.join(two, 'envs'), '../modules/user/main.tf');
    expect(code).toBe(1);
    expect(rules(findings)).toEqual([
      'console-user-with-access-key ../modules/user/main.tf:7 terraform:dev',
      'console-user-with-access-key ../modules/user/main.tf:7 terraform:prod',
    ]);
    expect(findings.map((f) => f.message).join('\n')).toMatch(/dev-ana[\s\S]*prod-ana/);
  });

  it('a module called through two levels (and through a .tf.json root) is scanned from its root', () => {
    const deep = repository({
      'live/main.tf.json': JSON.stringify({ module: { team: { source: '../modules/team' } } }),
      'modules/team/main.tf': `module "member" {
  source = "../member"
  name   = "cy"
}

resource "aws_iam_user_login_profile" "p" {
  user = module.member.name
}
`,
      'modules/member/main.tf': USER_WITH_KEY,
    });
    const { code, findings } = credlint(deep, 'modules/member/main.tf');
    expect(code).toBe(1);
    expect(rules(findings)).toEqual(['console-user-with-access-key modules/member/main.tf:7 terraform:live']);
    expect(findings[0]?.message).toContain('module.team.module.member.aws_iam_access_key.k');
  });

  // The byte tests before a .tf.json file is parsed must let a key written with \u escapes through.
  // For "module": no other `module` in the file either (a source of `../modules/team` would hold one).
  it.each([
    ['"module"', '{ "\\u006dodule": { "team": { "source": "../team", "name": "ana" } } }\n'],
    ['"source"', '{ "module": { "team": { "\\u0073ource": "../team", "name": "ana" } } }\n'],
  ])('a .tf.json root whose %s key is written with \\u escapes still calls the module', (_key, root) => {
    const escaped = repository({
      'live/main.tf.json': root,
      'team/main.tf': `${USER_WITH_KEY}
resource "aws_iam_user_login_profile" "p" {
  user = aws_iam_user.u.name
}
`,
    });
    const { code, findings } = credlint(escaped, 'team/main.tf');
    expect(code).toBe(1);
    expect(rules(findings)).toEqual(['console-user-with-access-key team/main.tf:7 terraform:live']);
  });

  it('negative: the child alone would be wrong (its default makes two keys); its root passes one, so exit 0', () => {
    const negative = repository({
      'main.tf': `module "keys" {
  source = "./modules/keys"
  key_count = 1
}
`,
      'modules/keys/main.tf': `variable "key_count" {
  default = 2
}

resource "aws_iam_user" "u" {
  name = "ops"
}

resource "aws_iam_access_key" "k" {
  count = var.key_count
  user  = aws_iam_user.u.name
}
`,
    });
    const { code, findings } = credlint(path.join(negative, 'modules'), 'keys/main.tf');
    expect(findings).toEqual([]);
    expect(code).toBe(0);
    // Without a caller the same directory is its own root, as before: its default applies.
    const alone = repository({
      'keys/main.tf': `variable "key_count" {\n  default = 2\n}\n\nresource "aws_iam_access_key" "k" {\n  count = var.key_count\n  user  = "ops"\n}\n`,
    });
    expect(credlint(alone, 'keys/main.tf').code).toBe(1);
  });

  it('does not follow callers outside the repository boundary (a caller directory, or a symlink to one)', () => {
    const parent = tempTree({
      'outside/main.tf': rootCalling('../repo/modules/user', 'outsider'),
      'repo/.git/HEAD': 'ref: refs/heads/main\n',
      'repo/modules/user/main.tf': USER_WITH_KEY,
    });
    symlinkSync(path.join(parent, 'outside'), path.join(parent, 'repo', 'linked'));
    const { code, findings, stdout } = credlint(path.join(parent, 'repo'), 'modules/user/main.tf');
    expect(findings).toEqual([]);
    expect(stdout).not.toContain('outsider');
    expect(code).toBe(0);
  });

  it('a cycle of modules ends, and the unit is still analysed', () => {
    const cycle = repository({
      'a/main.tf': `module "b" {\n  source = "../b"\n}\n\nresource "aws_iam_access_key" "k1" {\n  user = "loop"\n}\n\nresource "aws_iam_access_key" "k2" {\n  user = "loop"\n}\n`,
      'b/main.tf': `module "a" {\n  source = "../a"\n}\n`,
    });
    const started = performance.now();
    const { code, findings } = credlint(cycle, 'b/main.tf');
    expect(performance.now() - started).toBeLessThan(10_000);
    expect([1, 2]).toContain(code);
    expect(findings.some((f) => f.ruleId === 'multiple-active-access-keys' && f.location.file === 'a/main.tf')).toBe(true);
  });
});

const NESTED = (url: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Child:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: ${url}
`;

describe('a nested-stack template scans its parent templates', () => {
  it('a nested child: the parent unit finding (the child is analysed once, inside its parent)', () => {
    const repo = repository({
      'stacks/template.yaml': NESTED('./keys.yaml'),
      'stacks/keys.yaml': `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  User:
    Type: AWS::IAM::User
    Properties:
      UserName: dee
  K1:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: !Ref User
  K2:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: !Ref User
`,
    });
    const { code, findings } = credlint(path.join(repo, 'stacks'), 'keys.yaml');
    expect(code).toBe(1);
    expect(rules(findings)).toEqual(['multiple-active-access-keys keys.yaml:11 cloudformation:template.yaml']);
  });

  it('a nested child of a child (JSON parent, quoted URL): linked with the top template by name', () => {
    const repo = repository({
      'top.json': JSON.stringify({
        Resources: {
          User: { Type: 'AWS::IAM::User', Properties: { UserName: 'eve', LoginProfile: { Password: 'x' } } },
          Mid: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'nested/mid.yaml' } },
        },
      }),
      'nested/mid.yaml': NESTED("'leaf.yaml'"),
      'nested/leaf.yaml': `Resources:
  Key:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: eve
`,
      'unrelated.yaml': NESTED('https://example.com/leaf.yaml'),
    });
    const { code, findings } = credlint(repo, 'nested/leaf.yaml');
    expect(code).toBe(1);
    expect(rules(findings)).toEqual(['console-user-with-access-key nested/leaf.yaml:2 cloudformation:top.json']);
  });

  it('a cycle of nested templates ends', () => {
    const repo = repository({ 'a.yaml': NESTED('./b.yaml'), 'b.yaml': NESTED('./a.yaml') });
    const { code } = credlint(repo, 'a.yaml');
    expect([0, 2]).toContain(code);
  });
});

/** A template whose user's console password comes from a local `AWS::Include` snippet, and whose key is written. */
const INCLUDING = (location: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Operator:
    Type: AWS::IAM::User
    Properties:
      Fn::Transform:
        Name: AWS::Include
        Parameters:
          Location: ${location}
  OperatorKey:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: !Ref Operator
`;

describe('a snippet that AWS::Include inserts scans the templates that include it', () => {
  const SNIPPET = 'LoginProfile:\n  Password: "{{resolve:secretsmanager:initial}}"\n';

  it('a snippet of properties (no AWS type in it): the including template finding', () => {
    const repo = repository({ 'infra/template.yaml': INCLUDING('../snippets/console.yaml'), 'snippets/console.yaml': SNIPPET });
    const { code, findings } = credlint(repo, 'snippets/console.yaml');
    expect(code).toBe(1);
    expect(rules(findings)).toEqual(['console-user-with-access-key infra/template.yaml:10 cloudformation:infra/template.yaml']);
  });

  it('a file that !Rain::Include inserts (through another included file): the including template finding', () => {
    const repo = repository({
      'infra/template.yaml': `Resources:
  Operator:
    Type: AWS::IAM::User
    Properties: !Rain::Include ../users/operator.yaml
  OperatorKey:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: !Ref Operator
`,
      'users/operator.yaml': 'UserName: operator\nLoginProfile: !Rain::Include console/profile.yaml\n',
      'users/console/profile.yaml': 'Password: "{{resolve:secretsmanager:initial}}"\n',
    });
    const { code, findings } = credlint(repo, 'users/console/profile.yaml');
    expect(code).toBe(1);
    expect(rules(findings)).toEqual(['console-user-with-access-key infra/template.yaml:5 cloudformation:infra/template.yaml']);
  });

  it('a JSON snippet of resources, included by a nested template: the top template finding, run from a subdirectory', () => {
    const repo = repository({
      'top.yaml': NESTED('stacks/users.yaml'),
      'stacks/users.yaml': `Resources:
  Operator:
    Type: AWS::IAM::User
    Properties:
      LoginProfile:
        Password: x
  Fn::Transform:
    Name: AWS::Include
    Parameters:
      Location: "snippets/key.json"
`,
      'stacks/snippets/key.json': JSON.stringify({ OperatorKey: { Type: 'AWS::IAM::AccessKey', Properties: { UserName: { Ref: 'Operator' } } } }, null, 2),
    });
    const { code, findings } = credlint(path.join(repo, 'stacks'), 'snippets/key.json');
    expect(code).toBe(1);
    expect(rules(findings)).toEqual(['console-user-with-access-key snippets/key.json:2 cloudformation:../top.yaml']);
  });

  it('negative: a file naming none of the words a snippet that changes a finding spells is not searched for (a snippet of Mappings)', () => {
    const repo = repository({
      'template.yaml': `${INCLUDING('snippets/console.yaml')}Mappings:
  Fn::Transform:
    Name: AWS::Include
    Parameters:
      Location: snippets/teams.yaml
`,
      'snippets/console.yaml': SNIPPET,
      'snippets/teams.yaml': 'Teams:\n  ops:\n    Lead: ana\n',
    });
    // The same template is scanned through its property snippet: the search itself finds it.
    expect(rules(credlint(repo, 'snippets/console.yaml').findings)).toEqual(['console-user-with-access-key template.yaml:10 cloudformation:template.yaml']);
    const { code, findings } = credlint(repo, 'snippets/teams.yaml');
    expect(code).toBe(0);
    expect(findings).toEqual([]);
  });

  it('negative: a YAML file nothing includes adds no template (the one with a finding stays out)', () => {
    const repo = repository({ 'infra/template.yaml': INCLUDING('../snippets/console.yaml'), 'snippets/console.yaml': SNIPPET, 'other.yaml': SNIPPET });
    const { code, findings } = credlint(repo, 'other.yaml');
    expect(code).toBe(0);
    expect(findings).toEqual([]);
  });
});

describe('a CDK TypeScript helper scans the app that imports it', () => {
  it('a helper under lib/ imported by bin/app.ts: the app finding, at the helper', () => {
    const repo = repository({
      'cdk.json': '{ "app": "npx ts-node bin/app.ts" }\n',
      'bin/app.ts': `import { App, Stack } from 'aws-cdk-lib';
import { addKeys } from '../lib/keys';

const stack = new Stack(new App(), 'Ci');
addKeys(stack);
`,
      'lib/keys.ts': `import type { Stack } from 'aws-cdk-lib';
import { AccessKey, User } from 'aws-cdk-lib/aws-iam';

export function addKeys(stack: Stack): void {
  const user = new User(stack, 'Ci', { userName: 'ci' });
  new AccessKey(stack, 'First', { user });
  new AccessKey(stack, 'Second', { user });
}
`,
    });
    const { code, findings } = credlint(path.join(repo, 'lib'), 'keys.ts');
    expect(code).toBe(1);
    expect(findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.startLine}`)).toEqual(['multiple-active-access-keys keys.ts:7']);
  });
});

describe('the README example', () => {
  it('is what the CLI prints for a child module file run from its directory', () => {
    const snippet = readmeSnippet('Findings are reported for the whole unit', '');
    const [, rootText, expected] = /^\$ cat main\.tf\n([\s\S]*?)\$ cd modules\/user && credlint main\.tf\n([\s\S]*)$/.exec(snippet) ?? [];
    expect(rootText).toBeDefined();
    const repo = repository({ 'main.tf': rootText ?? '', 'modules/user/main.tf': USER_WITH_KEY });
    const result = spawnSync(process.execPath, [CLI, 'main.tf'], {
      cwd: path.join(repo, 'modules/user'),
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe(expected);
  });
});

describe('the search for callers and parents, within the discovery step', () => {
  it('stops at the scan deadline with a scanSeconds parse-error, and still scans the file itself', async () => {
    const repo = repository({ 'main.tf': rootCalling('./modules/user', 'ana'), 'modules/user/main.tf': USER_WITH_KEY });
    const file = path.join(repo, 'modules/user/main.tf');
    const expired = await discoverFiles([file], { rules: walkRules, cwd: repo, noIgnore: false, deadline: Deadline.after(0) });
    expect(expired.files).toEqual([file]);
    expect(expired.diagnostics.map((d) => `${d.kind} ${d.message}`)).toEqual([
      expect.stringMatching(/^parse-error analysis limit reached: the scan deadline passed .*scanSeconds/),
    ]);
    const inTime = await discoverFiles([file], { rules: walkRules, cwd: repo, noIgnore: false, deadline: Deadline.after(60) });
    expect(inTime.files).toEqual([path.join(repo, 'main.tf'), file]);
    expect(inTime.diagnostics).toEqual([]);
  });

  it("lint({ unitContext: false }) analyses the file's module directory as a root of its own (as the corpus script needs)", async () => {
    const repo = repository({ 'main.tf': rootCalling('./modules/user', 'ana'), 'modules/user/main.tf': USER_WITH_KEY });
    const withContext = await lint({ cwd: repo, paths: ['modules/user/main.tf'], env: {} });
    expect(withContext.findings.map((f) => f.ruleId)).toEqual(['console-user-with-access-key']);
    const alone = await lint({ cwd: repo, paths: ['modules/user/main.tf'], env: {}, unitContext: false });
    expect(alone.findings).toEqual([]);
  });

  it('adds the callers found under --no-ignore only then: an ignored caller is not searched', async () => {
    const repo = repository({
      '.gitignore': 'generated/\n',
      'generated/main.tf': rootCalling('../modules/user', 'gen'),
      'modules/user/main.tf': USER_WITH_KEY,
    });
    const file = path.join(repo, 'modules/user/main.tf');
    expect((await discoverFiles([file], { rules: walkRules, cwd: repo, noIgnore: false })).files).toEqual([file]);
    expect((await discoverFiles([file], { rules: walkRules, cwd: repo, noIgnore: true })).files).toEqual([path.join(repo, 'generated/main.tf'), file]);
  });
});

describe('namedTemplatePaths', () => {
  it('reads literal local paths in YAML and JSON, skipping URLs, intrinsics and SAR applications', () => {
    const text = [
      'TemplateURL: ./a.yaml',
      "TemplateURL: 'b.yaml' # comment",
      '"TemplateURL": "c.json",',
      'Location: d.yaml',
      'TemplateURL: https://example.com/x.yaml',
      'TemplateURL: !Sub "${Bucket}/x.yaml"',
      'TemplateURL: { "Fn::Sub": "x" }',
      'Location:',
      '  ApplicationId: arn:aws:serverlessrepo:x',
      '"TemplateURL": "\\u002e/e.yaml"',
      '  Key: !Rain::Include keys/f.yaml',
      "  Properties: !Rain::Include 'g.yaml' # comment",
    ].join('\n');
    expect(namedTemplatePaths(text)).toEqual(['./a.yaml', 'b.yaml', 'c.json', 'd.yaml', './e.yaml', 'keys/f.yaml', 'g.yaml']);
  });
});
