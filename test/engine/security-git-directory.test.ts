/**
 * Git's own directory on a stranger's pull request (docs/security.md, "What credlint reads"): no commit
 * can put a file under `.git`, but the CI machine's checkout keeps its credentials there
 * (`actions/checkout` writes the job's token into `.git/config`; GitLab CI puts the job token in the
 * remote URL). A path the pull request writes — Terraform's `file()`, `templatefile()`, `fileset()`, a
 * symlink, a CloudFormation `TemplateURL` or `AWS::Include` `Location` — must not read it into a
 * finding, a message or a code frame.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { formatNames, getReporter } from '../../src/reporters/index.js';
import { hostileWorkspaces } from '../support/hostile-workspace.js';

const workspace = hostileWorkspaces('credlint-git-dir-');

const TOKEN = 'ghs_credlintTestTokenThatMustNeverBePrinted';

/** A checkout as CI leaves it: `.git/config` holding the job's token. */
function checkout(files: Readonly<Record<string, string>>): string {
  const root = workspace(files);
  mkdirSync(join(root, '.git/info'), { recursive: true });
  writeFileSync(join(root, '.git/HEAD'), 'ref: refs/heads/main\n');
  writeFileSync(join(root, '.git/config'), `[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic ${TOKEN}\n`);
  writeFileSync(join(root, '.git/info/exclude'), '# git ls-files --others --exclude-from=.git/info/exclude\n');
  return root;
}

async function printed(root: string): Promise<string> {
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true, env: {} });
  const good = result.findings.filter((f) => f.ruleId === 'console-user-with-access-key' && f.location.file === join(root, 'good/main.tf'));
  expect(good, 'the good module keeps its finding').toHaveLength(1);
  const context = { cwd: root, color: false, readSource: (file: string) => result.readSource?.(file) };
  return formatNames.map((format) => getReporter(format)(result, context)).join('\n');
}

const USER = (name: string, locals = '') =>
  `locals {\n${locals}}\n\nresource "aws_iam_user" "u" {\n  name = ${name}\n}\n\nresource "aws_iam_access_key" "k" {\n  user = aws_iam_user.u.name\n}\n\nresource "aws_iam_user_login_profile" "p" {\n  user = aws_iam_user.u.name\n}\n`;

describe('a path into .git is not read', () => {
  it.each([
    ['file()', USER('file("${path.module}/../.git/config")')],
    ['file() through ..', USER('file("${path.module}/x/../../.git/config")')],
    ['templatefile()', USER('templatefile("${path.module}/../.git/config", {})')],
    ['yamldecode(file())', USER('jsonencode(yamldecode(file("${path.module}/../.git/config")))')],
    ['file() of each fileset() match', USER('join(",", [for f in fileset("${path.module}/../.git", "*") : file("${path.module}/../.git/${f}")])')],
    ['fileexists()', USER('fileexists("${path.module}/../.git/config") ? "has-git-config" : "no-git-config"')],
  ])('Terraform %s', async (_what, tf) => {
    const root = checkout({ 'infra/main.tf': tf });
    const out = await printed(root);
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain('extraheader');
    expect(out).not.toContain('has-git-config');
    expect(out).not.toContain('no-git-config');
  });

  it('Terraform file() of a symlink into .git', async () => {
    const root = checkout({ 'infra/main.tf': USER('file("${path.module}/cfg")') });
    symlinkSync('../.git/config', join(root, 'infra/cfg'));
    const out = await printed(root);
    expect(out).not.toContain(TOKEN);
  });

  it('CloudFormation TemplateURL and AWS::Include Location naming .git/config', async () => {
    const template = [
      'Resources:',
      '  Nested:',
      '    Type: AWS::CloudFormation::Stack',
      '    Properties:',
      '      TemplateURL: .git/config',
      '  Key:',
      '    Type: AWS::IAM::AccessKey',
      '    Properties:',
      '      UserName: bob',
      '  Fn::Transform:',
      '    Name: AWS::Include',
      '    Parameters:',
      '      Location: .git/config',
      '',
    ].join('\n');
    const root = checkout({ 'stack.yaml': template });
    symlinkSync('.git/config', join(root, 'linked.yaml'));
    const out = await printed(root);
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain('extraheader');
  });

  it('a symlink into .git the walk meets is noted as leading there, not as leading outside to itself', async () => {
    const root = checkout({});
    symlinkSync('.git/config', join(root, 'linked.tf'));
    const result = await lint({ paths: [root], cwd: root, env: {} });
    const notes = result.notes.filter((n) => n.location.file === join(root, 'linked.tf')).map((n) => n.message);
    expect(notes).toEqual(["not read: it leads into git's own directory (.git/config), which holds no file of the repository"]);
  });
});
