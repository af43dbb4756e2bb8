/**
 * Class A of the untrusted-pull-request threat model (docs/security.md): a file in the repository must
 * not make credlint read, or print, a file outside the repository. Every hostile input sits beside a
 * good Terraform module whose finding must survive; a marker string lives only in files outside the
 * scratch repository and must never appear in any output. Devices (`/dev/zero`) must be refused at once.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/core/finding.js';
import { lint } from '../../src/engine.js';
import { FileReader } from '../../src/io/file-reader.js';
import { gitIndexBytes } from '../support/git-index-bytes.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

const CLI = path.resolve(import.meta.dirname, '..', '..', 'dist', 'src', 'cli.cjs');
const MARKER = 'SECRET-MARKER-7f3a';
const FORMATS = ['stylish', 'json', 'sarif', 'github'] as const;
const HAS_DEV_ZERO = existsSync('/dev/zero');

const GOOD =
  'resource "aws_iam_user" "ana" {\n  name = "ana"\n}\n\nresource "aws_iam_user_login_profile" "ana" {\n  user = aws_iam_user.ana.name\n}\n\nresource "aws_iam_access_key" "ana" {\n  user = aws_iam_user.ana.name\n}\n';

/** A root module whose finding names the user from `var.user_name`: a value read from a file outside would appear in the message. */
const NAMED_BY_VARIABLE =
  'variable "user_name" {\n  type    = string\n  default = "placeholder"\n}\n\nresource "aws_iam_user" "u" {\n  name = var.user_name\n}\n\nresource "aws_iam_user_login_profile" "u" {\n  user = aws_iam_user.u.name\n}\n\nresource "aws_iam_access_key" "u" {\n  user = aws_iam_user.u.name\n}\n';

/** Keys for a user named by the marker: read, they would put the marker in a finding. */
const OUTSIDE_MODULE = `resource "aws_iam_user" "s" {\n  name = "${MARKER}-module"\n}\n\nresource "aws_iam_user_login_profile" "s" {\n  user = aws_iam_user.s.name\n}\n\nresource "aws_iam_access_key" "s" {\n  user = aws_iam_user.s.name\n}\n`;
const OUTSIDE_TEMPLATE = `Resources:\n  U:\n    Type: AWS::IAM::User\n    Properties:\n      UserName: ${MARKER}-template\n      LoginProfile:\n        Password: x\n  K:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: !Ref U\n`;

// The first scan in a process loads the engine's modules: do it before the timed cases.
beforeAll(async () => {
  await lint({ cwd: scratch().repo, paths: ['good'] });
}, 60_000);

afterAll(async () => {
  removeTempTrees();
});

/**
 * `<base>/repo` (a git work tree holding `good/main.tf` and `vars/main.tf`) and `<base>/outside`, whose
 * files all carry the marker: a variables file (HCL, broken so that a code frame would show it), a JSON
 * variables file whose value would become a user name, a config that would turn the good finding off,
 * a module, a template and a TypeScript file.
 */
function scratch(files: Record<string, string> = {}): { base: string; repo: string; outside: string } {
  const base = tempTree(
    {
      'repo/.git/HEAD': 'ref: refs/heads/main\n',
      'repo/good/main.tf': GOOD,
      'repo/vars/main.tf': NAMED_BY_VARIABLE,
      'outside/secret.tfvars': `user_name = "${MARKER}-tfvars"\n${MARKER} = = broken\n`,
      'outside/secret.json': JSON.stringify({ user_name: `${MARKER}-json` }),
      'outside/config.json': JSON.stringify({ rules: { 'console-user-with-access-key': 'off' }, varFiles: ['secret.json'] }),
      'outside/ignore': '*.tf\n',
      'outside/mod/main.tf': OUTSIDE_MODULE,
      'outside/x.yaml': OUTSIDE_TEMPLATE,
      'outside/trace.ts': `// ${MARKER}\nnew iam.AccessKey(this, 'K', { user });\n`,
      ...Object.fromEntries(Object.entries(files).map(([file, text]) => [`repo/${file}`, text])),
    },
    'credlint-boundary-',
  );
  return { base, repo: path.join(base, 'repo'), outside: path.join(base, 'outside') };
}

function link(target: string, at: string): void {
  mkdirSync(path.dirname(at), { recursive: true });
  symlinkSync(target, at);
}

function run(args: readonly string[], cwd: string): { status: number | null; output: string; stdout: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 20_000 });
  return { status: result.status, stdout: result.stdout, output: `${result.stdout}\n${result.stderr}` };
}

function jsonOf(stdout: string): { findings: { ruleId: string; message: string }[]; notes: { message: string; location: { file: string } }[] } {
  return JSON.parse(stdout) as ReturnType<typeof jsonOf>;
}

function keysFound(result: LintResult): string[] {
  return result.findings.filter((f) => f.ruleId === 'console-user-with-access-key').map((f) => f.message);
}

function everyText(result: LintResult): string {
  return JSON.stringify({ findings: result.findings, notes: result.notes });
}

const goodSurvives = (messages: readonly string[]) => expect(messages.some((m) => m.includes('"ana"'))).toBe(true);

describe('a config file in the repository names variables files outside it', () => {
  const { repo } = scratch({ 'credlint.config.json': JSON.stringify({ varFiles: ['../outside/secret.json', '../outside/secret.tfvars'] }) });

  for (const format of FORMATS) {
    it(`never reads them: no marker in ${format} output, a note, the findings survive`, () => {
      const result = run(['--format', format], repo);
      expect(result.output).not.toContain(MARKER);
      expect(result.output).not.toMatch(/\n\s+at /);
      expect(result.status).toBe(1);
      if (format === 'json') {
        const json = jsonOf(result.stdout);
        // Noted at the configuration file by their place in its list, never at their own paths outside.
        expect(json.notes.filter((n) => /^varFiles entry [12] leads outside the repository being scanned; not read$/.test(n.message))).toHaveLength(2);
        expect(json.notes.every((n) => !n.location.file.startsWith('..'))).toBe(true);
        goodSurvives(json.findings.map((f) => f.message));
        expect(json.findings.some((f) => f.message.includes('placeholder'))).toBe(true);
      }
    });
  }
});

describe('--var-file names a file in the repository that is a symlink leading outside', () => {
  const { repo, outside } = scratch();
  link(path.join(outside, 'secret.tfvars'), path.join(repo, 'env', 'prod.tfvars'));
  link(path.join(outside, 'secret.json'), path.join(repo, 'env', 'prod.tfvars.json'));

  for (const format of FORMATS) {
    it(`is not followed: no marker in ${format} output, a note, the findings survive`, () => {
      const result = run(['--format', format, '--var-file', 'env/prod.tfvars', '--var-file', 'env/prod.tfvars.json'], repo);
      expect(result.output).not.toContain(MARKER);
      expect(result.status).toBe(1);
      if (format === 'json') {
        const json = jsonOf(result.stdout);
        expect(
          json.notes
            .filter((n) => /^(?:not read|symlink not followed):/.test(n.message))
            .map((n) => n.location.file)
            .sort(),
        ).toEqual(['env/prod.tfvars', 'env/prod.tfvars.json']);
        goodSurvives(json.findings.map((f) => f.message));
      }
    });
  }
});

describe('paths written on the command line outside the repository are trusted', () => {
  it('--var-file outside the repository is read', () => {
    const { repo, outside } = scratch();
    writeFileSync(path.join(outside, 'trusted.tfvars'), 'user_name = "chosen-by-the-runner"\n');
    const result = run(['--format', 'json', '--var-file', path.join(outside, 'trusted.tfvars')], repo);
    expect(result.status).toBe(1);
    expect(jsonOf(result.stdout).findings.some((f) => f.message.includes('chosen-by-the-runner'))).toBe(true);
  });

  it('--config outside the repository is read, and so are the varFiles it names', () => {
    const { repo, outside } = scratch();
    writeFileSync(path.join(outside, 'trusted.json'), JSON.stringify({ user_name: 'named-by-trusted-config' }));
    writeFileSync(path.join(outside, 'runner.json'), JSON.stringify({ rules: { 'root-user-access-key': 'off' }, varFiles: ['trusted.json'] }));
    const result = run(['--format', 'json', '--config', path.join(outside, 'runner.json')], repo);
    expect(result.status).toBe(1);
    const json = jsonOf(result.stdout);
    expect(json.findings.some((f) => f.message.includes('named-by-trusted-config'))).toBe(true);
    goodSurvives(json.findings.map((f) => f.message));
  });

  it('--config inside the repository that is a symlink leading outside is refused', () => {
    const { repo, outside } = scratch();
    link(path.join(outside, 'config.json'), path.join(repo, 'ci', 'credlint.json'));
    const result = run(['--format', 'json', '--config', 'ci/credlint.json'], repo);
    expect(result.status).toBe(2);
    expect(result.output).toMatch(/credlint: ci\/credlint\.json: symlink not followed: its target .*config\.json is outside the repository/);
    expect(result.output).not.toContain(MARKER);
  });
});

describe('a scanned path that the pull request turned into a symlink to another checkout on the machine', () => {
  // The workflow names `infra` (the action's `paths`, or `credlint $(git diff --name-only)`); the pull
  // request makes it, or a directory on the way to it, a link to a git work tree elsewhere. Git would
  // take that work tree as the path's repository; credlint must keep the one holding the link.
  function withLinkedCheckout(): { repo: string } {
    const { repo, outside } = scratch();
    writeFileSync(path.join(outside, '.git'), 'gitdir: /nowhere\n');
    link(outside, path.join(repo, 'infra'));
    link(path.join(outside, 'mod'), path.join(repo, 'mod.tf'));
    return { repo };
  }

  for (const scanned of ['infra', 'infra/mod', 'infra/mod/main.tf', 'mod.tf', './infra/../infra/mod']) {
    for (const format of FORMATS) {
      it(`${scanned} is not followed: no marker in ${format} output, a note, the findings survive`, () => {
        const { repo } = withLinkedCheckout();
        const result = run(['--format', format, 'good', scanned], repo);
        expect(result.output).not.toContain(MARKER);
        expect(result.status).toBe(1);
        if (format === 'json') {
          const json = jsonOf(result.stdout);
          expect(json.notes.map((n) => n.message)).toContainEqual(
            expect.stringMatching(/^symlink not followed: its target .*\/outside(\/mod)? is outside the repository$/),
          );
          goodSurvives(json.findings.map((f) => f.message));
        }
      });
    }
  }

  it('a link inside the repository to another of its directories is followed as before', () => {
    const { repo } = scratch();
    link(path.join(repo, 'good'), path.join(repo, 'alias'));
    const result = run(['--format', 'json', 'alias'], repo);
    expect(result.status).toBe(1);
    goodSurvives(jsonOf(result.stdout).findings.map((f) => f.message));
  });
});

describe("whether a symlink out of a work tree is the repository's content is read from its git index", () => {
  // What a pull request's checkout puts on disk is tracked; a link git does not track is the machine's
  // own: a home directory kept in git, holding `code -> /data/code` where the project's checkout lives.
  function withIndex(tracked: readonly string[]): { repo: string } {
    const { repo, outside } = scratch({ '.git/index': '' });
    writeFileSync(path.join(repo, '.git', 'index'), gitIndexBytes(tracked));
    writeFileSync(path.join(outside, '.git'), 'gitdir: /nowhere\n');
    link(outside, path.join(repo, 'infra'));
    return { repo };
  }

  for (const tracked of [
    ['good/main.tf', 'infra', 'vars/main.tf'],
    ['good/main.tf', 'infra/main.tf', 'vars/main.tf'],
    // A file system that ignores case (macOS, Windows) gives the checkout's `INFRA` to `infra`.
    ['INFRA', 'good/main.tf', 'vars/main.tf'],
  ]) {
    it(`a link the index tracks (${tracked.join(', ')}) is not followed`, () => {
      const { repo } = withIndex(tracked);
      const result = run(['--format', 'json', 'good', 'infra/mod'], repo);
      expect(result.output).not.toContain(MARKER);
      expect(result.status).toBe(1);
      expect(jsonOf(result.stdout).notes.map((n) => n.message)).toContainEqual(expect.stringMatching(/^symlink not followed: /));
    });
  }

  it('a link the index does not track is followed into the checkout it leads to', () => {
    const { repo } = withIndex(['good/main.tf', 'vars/main.tf']);
    const result = run(['--format', 'json', 'infra/mod'], repo);
    expect(result.status).toBe(1);
    const json = jsonOf(result.stdout);
    expect(json.notes.map((n) => n.message)).not.toContainEqual(expect.stringMatching(/^symlink not followed: /));
    expect(json.findings.map((f) => f.message)).toContainEqual(expect.stringContaining(`${MARKER}-module`));
  });

  it('an index that does not parse counts as tracking every link', () => {
    const { repo } = withIndex([]);
    writeFileSync(path.join(repo, '.git', 'index'), 'DIRC not an index');
    const result = run(['--format', 'json', 'good', 'infra/mod'], repo);
    expect(result.output).not.toContain(MARKER);
    expect(jsonOf(result.stdout).notes.map((n) => n.message)).toContainEqual(expect.stringMatching(/^symlink not followed: /));
  });
});

describe('a config file found automatically is a symlink', () => {
  for (const [name, target] of [
    ['to a file outside', 'outside'],
    ['to /dev/zero', '/dev/zero'],
  ] as const) {
    it.skipIf(target === '/dev/zero' && !HAS_DEV_ZERO)(`${name}: not read, a note, the good finding survives`, () => {
      const { repo, outside } = scratch();
      link(target === 'outside' ? path.join(outside, 'config.json') : target, path.join(repo, 'credlint.config.json'));
      const started = Date.now();
      const result = run(['--format', 'json'], repo);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(result.status).toBe(1);
      const json = jsonOf(result.stdout);
      expect(json.notes.some((n) => n.location.file === 'credlint.config.json' && /^(?:not read|symlink not followed):/.test(n.message))).toBe(true);
      // Read, the outside config would have turned this rule off and named the marker as the user.
      goodSurvives(json.findings.filter((f) => f.ruleId === 'console-user-with-access-key').map((f) => f.message));
      expect(result.output).not.toContain(MARKER);
    });
  }
});

// The search from the current directory up to the repository root asked `existsSync`, which follows links:
// a config file linked to a present file outside was a note and ended the search, one linked to an absent
// file was passed over and the search went on to the root's config (here turning the rule off, exit 0).
describe('the config search from a subdirectory meets a config file that leads outside', () => {
  for (const [name, target] of [
    ['a link to a file', 'config.json'],
    ['a link to a directory', 'config-dir'],
    ['a link through a linked directory', 'through'],
  ] as const) {
    it(`${name}: the same output whether the target exists`, () => {
      const outputs = (['absent', 'present'] as const).map((state) => {
        const { repo, outside } = scratch({ 'credlint.config.json': JSON.stringify({ rules: { 'console-user-with-access-key': 'off' } }) });
        if (target === 'through') {
          link(outside, path.join(repo, 'out'));
          link(path.join('..', 'out', 'linked.json'), path.join(repo, 'good', 'credlint.config.json'));
          if (state === 'present') writeFileSync(path.join(outside, 'linked.json'), '{}');
        } else {
          link(path.join(outside, target === 'config.json' ? 'absent.json' : 'absent-dir'), path.join(repo, 'good', 'credlint.config.json'));
          if (state === 'present' && target === 'config.json') writeFileSync(path.join(outside, 'absent.json'), '{}');
          if (state === 'present' && target === 'config-dir') mkdirSync(path.join(outside, 'absent-dir'));
        }
        const result = run(['--format', 'json', '.'], path.join(repo, 'good'));
        return { status: result.status, output: result.output.split(repo).join('<repo>').split(outside).join('<outside>') };
      });
      expect(outputs[1]).toEqual(outputs[0]);
      expect(outputs[0]?.status).toBe(1);
      expect(outputs[0]?.output).toMatch(/not read:|symlink not followed:/);
    });
  }
});

describe.each([
  ['.gitignore', '.gitignore', 'ignore'],
  ['.git/info/exclude', '.git/info/exclude', 'ignore'],
  ['.terraform/modules/modules.json', 'good/.terraform/modules/modules.json', 'modules.json'],
])('%s as a symlink', (_name, at, outsideFile) => {
  for (const target of ['outside', '/dev/zero'] as const) {
    it.skipIf(target === '/dev/zero' && !HAS_DEV_ZERO)(`to ${target}: ends at once with a note, the good finding survives`, async () => {
      const extra: Record<string, string> = at.includes('modules.json') ? { 'good/remote.tf': 'module "remote" {\n  source = "acme/thing/aws"\n}\n' } : {};
      const { repo, outside } = scratch(extra);
      writeFileSync(path.join(outside, 'modules.json'), JSON.stringify({ Modules: [{ Key: 'remote', Source: 'x', Dir: '../../outside/mod' }] }));
      link(target === 'outside' ? path.join(outside, outsideFile) : target, path.join(repo, at));
      const started = Date.now();
      const result = await lint({ cwd: repo, paths: ['.'] });
      expect(Date.now() - started).toBeLessThan(10_000);
      goodSurvives(keysFound(result));
      expect(result.notes.some((n) => n.location.file === path.join(repo, at) && /^(?:not read|symlink not followed):/.test(n.message))).toBe(true);
      expect(everyText(result)).not.toContain(MARKER);
    });
  }
});

describe.skipIf(!HAS_DEV_ZERO)('a .git file that is a symlink to /dev/zero', () => {
  it('is not read: the scan ends at once and the good finding survives', async () => {
    const { repo } = scratch();
    const nested = path.join(repo, 'nested');
    mkdirSync(nested);
    writeFileSync(path.join(nested, 'main.tf'), GOOD.replaceAll('ana', 'bo'));
    symlinkSync('/dev/zero', path.join(nested, '.git'));
    const started = Date.now();
    const result = await lint({ cwd: nested, paths: ['.'] });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(keysFound(result).some((m) => m.includes('"bo"'))).toBe(true);
  });
});

describe('files named by files in the repository', () => {
  it('a module source "../../outside/mod" is not read', async () => {
    const { repo } = scratch({ 'calls/deep/main.tf': 'module "outside" {\n  source = "../../../outside/mod"\n}\n' });
    const result = await lint({ cwd: repo, paths: ['.'] });
    goodSurvives(keysFound(result));
    expect(result.notes.some((n) => n.message.includes('leads outside the repository'))).toBe(true);
    expect(everyText(result)).not.toContain(MARKER);
  });

  it('a nested stack TemplateURL "../../outside/x.yaml" is not read', async () => {
    const parent = 'Resources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ../../outside/x.yaml\n';
    const { repo } = scratch({ 'cfn/parent.yaml': parent });
    const result = await lint({ cwd: repo, paths: ['.'] });
    goodSurvives(keysFound(result));
    expect(result.notes.some((n) => n.location.file === path.join(repo, 'cfn', 'parent.yaml') && n.message.includes('outside the repository'))).toBe(true);
    expect(everyText(result)).not.toContain(MARKER);
  });

  it('a CDK assembly creation trace naming a file outside (directly or through a symlink) gives no location there', async () => {
    const { repo, outside } = scratch();
    link(path.join(outside, 'trace.ts'), path.join(repo, 'app', 'lib', 'linked.ts'));
    const template = {
      Resources: {
        User: {
          Type: 'AWS::IAM::User',
          Properties: { UserName: 'cdkuser', LoginProfile: { Password: 'x' } },
          Metadata: { 'aws:cdk:path': 'Stack/User/Resource' },
        },
        Key: { Type: 'AWS::IAM::AccessKey', Properties: { UserName: { Ref: 'User' } }, Metadata: { 'aws:cdk:path': 'Stack/Key/Resource' } },
      },
    };
    const traceTo = (file: string) => [{ type: 'aws:cdk:logicalId', data: 'Key', trace: [`new AccessKey (${file}:2:1)`] }];
    const manifest = {
      version: '36.0.0',
      artifacts: {
        Stack: {
          type: 'aws:cloudformation:stack',
          properties: { templateFile: 'Stack.template.json' },
          metadata: { '/Stack/Key/Resource': traceTo(path.join(outside, 'trace.ts')), '/Stack/User/Resource': traceTo('/ci/app/lib/linked.ts') },
        },
      },
    };
    mkdirSync(path.join(repo, 'app', 'cdk.out'), { recursive: true });
    writeFileSync(path.join(repo, 'app', 'cdk.out', 'manifest.json'), JSON.stringify(manifest));
    writeFileSync(path.join(repo, 'app', 'cdk.out', 'Stack.template.json'), JSON.stringify(template));
    const result = await lint({ cwd: repo, paths: ['.'] });
    goodSurvives(keysFound(result));
    const cdk = result.findings.filter((f) => f.message.includes('cdkuser'));
    expect(cdk.length).toBeGreaterThan(0);
    const files = cdk.flatMap((f) => [f.location.file, ...f.related.map((r) => r.location.file)]);
    expect(files.every((file) => file.startsWith(path.join(repo, 'app', 'cdk.out')))).toBe(true);
    expect(everyText(result)).not.toContain(MARKER);
  });

  it('code frames show only files the scan read', async () => {
    const { repo, outside } = scratch();
    const result = await lint({ cwd: repo, paths: ['.'] });
    expect(result.readSource?.(path.join(repo, 'good', 'main.tf'))).toBe(GOOD);
    expect(result.readSource?.(path.join(outside, 'secret.tfvars'))).toBeUndefined();
    expect(result.readSource?.(path.join(repo, '.git', 'HEAD'))).toBeUndefined();
  });
});

describe('FileReader', () => {
  it('refuses a FIFO-like non-regular file and a directory without reading, and trusts only paths outside the repository', () => {
    const { repo, outside } = scratch();
    link(path.join(outside, 'secret.tfvars'), path.join(repo, 'linked.tfvars'));
    const reader = new FileReader([repo], 1 << 20);
    expect(reader.readBytes(path.join(repo, 'good'))).toMatchObject({ ok: false, reason: 'not a regular file' });
    expect(reader.readBytes(path.join(outside, 'secret.tfvars'))).toMatchObject({ ok: false, reason: 'outside the repository' });
    expect(reader.readBytes(path.join(repo, 'linked.tfvars'))).toMatchObject({ ok: false, reason: 'outside the repository' });
    expect(reader.readBytes(path.join(repo, 'linked.tfvars'), { trusted: true })).toMatchObject({ ok: false, reason: 'outside the repository' });
    expect(reader.readBytes(path.join(repo, 'vars', '..', '..', 'outside', 'secret.tfvars'))).toMatchObject({ ok: false, reason: 'outside the repository' });
    expect(reader.readSource(path.join(outside, 'secret.tfvars'), { trusted: true }).ok).toBe(true);
    if (HAS_DEV_ZERO) expect(reader.readBytes('/dev/zero', { trusted: true })).toMatchObject({ ok: false, reason: 'not a regular file' });
    // A symlink inside the repository to a file inside it is fine.
    link(path.join(repo, 'good', 'main.tf'), path.join(repo, 'alias.tf'));
    expect(reader.readSource(path.join(repo, 'alias.tf'))).toEqual({ ok: true, text: GOOD });
  });
});

describe('the ESLint plugin', () => {
  it("takes imported files only inside the linted file's repository", async () => {
    const ts = (await import('typescript')).default;
    const { programFiles } = await import('../../src/eslint-plugin/program-files.js');
    const { repo, outside } = scratch({
      'app/user.ts': 'export const inside = 1;\n',
      'app/main.ts': "import { inside } from './user';\nimport { secret } from '../../outside/secret';\nimport { linked } from './linked';\n",
    });
    writeFileSync(path.join(outside, 'secret.ts'), `export const secret = '${MARKER}';\n`);
    link(path.join(outside, 'secret.ts'), path.join(repo, 'app', 'linked.ts'));
    const main = path.join(repo, 'app', 'main.ts');
    const program = ts.createProgram([main], { noLib: true, types: [] });
    const linted = program.getSourceFile(main);
    if (!linted) throw new Error('no source file');
    expect(programFiles(ts, program, linted).files.map((f) => path.relative(repo, f.fileName))).toEqual([
      path.join('app', 'main.ts'),
      path.join('app', 'user.ts'),
    ]);
  });
});
