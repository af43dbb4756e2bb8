/**
 * Terraform's file functions (`file`, `fileexists`, `fileset`, `templatefile`) on a stranger's pull
 * request (docs/security.md): the pull request writes the paths and patterns, so they must not hang or
 * crash the scan, read what git keeps for the CI machine, or tell the pull request which files exist
 * outside the repository. Each case runs through `lint()` beside a good module whose finding must
 * survive; large inputs are generated here, never committed.
 */
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostileWorkspaces, parseErrorsOf as parseErrors, scanHostile as scan } from '../support/hostile-workspace.js';

const workspace = hostileWorkspaces('credlint-tf-files-');

/** A module whose users are named by `names` (a set or list expression), each with a key and a console password. */
function usersNamedBy(names: string, locals = ''): string {
  return [
    `locals {\n${locals}}`,
    `resource "aws_iam_user" "u" {\n  for_each = toset(${names})\n  name     = each.key\n}`,
    'resource "aws_iam_access_key" "k" {\n  for_each = aws_iam_user.u\n  user     = each.value.name\n}',
    'resource "aws_iam_user_login_profile" "p" {\n  for_each = aws_iam_user.u\n  user     = each.value.name\n}',
    '',
  ].join('\n\n');
}

describe('fileset() patterns a pull request writes', () => {
  it.each([
    ['200,000 empty alternatives "{}" (each copied the rest of the pattern: out of memory)', `${'{}'.repeat(200_000)}a.txt`],
    ['200,000 stars in one component', `${'*'.repeat(200_000)}a.txt`],
    ['alternatives nested 100,000 deep', `${'{a,'.repeat(100_000)}}`],
  ])('%s: bounded, and the scan says it is incomplete', async (_what, pattern) => {
    const root = workspace({
      'bad/pattern.txt': pattern,
      'bad/a.txt': '',
      'bad/main.tf': usersNamedBy('local.files', '  files = fileset(path.module, file("${path.module}/pattern.txt"))\n'),
    });
    const result = await scan(root);
    const errors = parseErrors(result);
    // A malformed pattern is Terraform's own error (the plan fails), not an incomplete scan.
    if (pattern.endsWith('}') && !pattern.endsWith('{}')) return;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: join(root, 'bad/main.tf'), line: 2 });
    expect(errors[0]?.message).toMatch(
      /^cannot evaluate local\.files: fileset\(\): matching the pattern ".*" takes more than \d+ steps, beyond credlint's limit$/s,
    );
  });

  it('a pattern of 200,000 components is matched without copying it per directory entry', async () => {
    const root = workspace({
      'bad/pattern.txt': `${'*/'.repeat(200_000)}a.txt`,
      ...Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`bad/d/f${i}`, ''])),
      'bad/main.tf': usersNamedBy('local.files', '  files = fileset("${path.module}/d", file("${path.module}/pattern.txt"))\n'),
    });
    expect(parseErrors(await scan(root))).toEqual([]);
  });

  it('a glob credlint cannot complete (a name that is not UTF-8) is a parse-error, not an unknown that exits 0', async () => {
    const root = workspace({ 'bad/users/a.yaml': 'x\n', 'bad/main.tf': usersNamedBy('local.files', '  files = fileset(path.module, "users/*.yaml")\n') });
    writeFileSync(Buffer.concat([Buffer.from(join(root, 'bad/users/')), Buffer.from([0xff, 0x2e, 0x79, 0x61, 0x6d, 0x6c])]), 'x\n');
    const errors = parseErrors(await scan(root)).filter((e) => e.file === join(root, 'bad/main.tf'));
    expect(errors).toEqual([
      { file: join(root, 'bad/main.tf'), line: 2, message: 'cannot evaluate local.files: fileset(): "users" holds a name that is not valid UTF-8' },
    ]);
  });
});

describe('file(), filebase64() and fileexists() of a link leading out say the same whether its target exists', () => {
  it.each(['file', 'filebase64', 'fileexists'])('%s()', async (fn) => {
    const outside = workspace({ 'present.txt': 'x\n' });
    const said = [join(outside, 'present.txt'), join(outside, 'absent.txt'), join(outside, 'absent-dir/x.txt'), join(outside, 'present.txt/x')].map(
      async (target) => {
        const names = fn === 'fileexists' ? '[fileexists("${path.module}/link") ? "a" : "b"]' : `[${fn}("\${path.module}/link")]`;
        const root = workspace({ 'bad/main.tf': usersNamedBy(names) });
        symlinkSync(target, join(root, 'bad/link'));
        const result = await scan(root);
        return result.findings.filter((f) => f.location.file === join(root, 'bad/main.tf')).map((f) => `${f.ruleId}: ${f.message}`);
      },
    );
    const messages = await Promise.all(said);
    expect(messages[0]?.join('\n')).toContain(`${fn}(): "link" is outside the repository and is not read`);
    for (const other of messages.slice(1)) expect(other).toEqual(messages[0]);
  });

  it('a directory link leading out, for file()', async () => {
    const outside = workspace({ 'etc/passwd': 'x\n' });
    const said = [join(outside, 'etc'), join(outside, 'nothing')].map(async (target) => {
      const root = workspace({ 'bad/main.tf': usersNamedBy('[file("${path.module}/out/passwd")]') });
      symlinkSync(target, join(root, 'bad/out'));
      const result = await scan(root);
      return result.findings.filter((f) => f.location.file === join(root, 'bad/main.tf')).map((f) => f.message);
    });
    const [present, absent] = await Promise.all(said);
    expect(present?.join('\n')).toContain('file(): "out/passwd" is outside the repository and is not read');
    expect(absent).toEqual(present);
  });
});

describe('a path holding a NUL character', () => {
  it('is an error of file() and fileexists() naming it, not an internal error', async () => {
    const root = workspace({ 'bad/main.tf': usersNamedBy('[file("x\\u0000"), fileexists("y\\u0000") ? "a" : "b"]') });
    const result = await scan(root);
    const said = result.findings.filter((f) => f.location.file === join(root, 'bad/main.tf')).map((f) => f.message);
    expect(said.join('\n')).toContain('file(): "x\\u0000" is not a valid path: it holds a NUL character');
    expect(said.join('\n')).not.toContain('internal error');
  });
});

describe('a path starting with ~ (Terraform expands it to the home directory of whoever runs it)', () => {
  it.each([
    ['file()', 'file("~/name.txt")'],
    ['filebase64()', 'base64decode(filebase64("~/name.txt"))'],
    ['fileexists()', 'fileexists("~/name.txt") ? "root" : "ops"'],
    ['templatefile()', 'templatefile("~/name.txt", {})'],
  ])('%s does not read a directory named ~ that the pull request commits', async (_what, expression) => {
    const root = workspace({ 'bad/~/name.txt': 'root', 'bad/main.tf': usersNamedBy(`[${expression}]`) });
    const result = await scan(root);
    const said = result.findings.filter((f) => f.location.file === join(root, 'bad/main.tf'));
    // Before, the committed bad/~/name.txt was read as the user's name: a root-user-access-key error.
    expect(said.filter((f) => f.severity === 'error')).toEqual([]);
    expect(said.map((f) => f.message).join('\n')).toContain(
      '"~/name.txt" is in the home directory of whoever runs Terraform, outside the repository, and is not read',
    );
  });

  it('~user/… is an error, as in Terraform', async () => {
    const root = workspace({ 'bad/~x/name.txt': 'root', 'bad/main.tf': usersNamedBy('[file("~x/name.txt")]') });
    const said = (await scan(root)).findings.filter((f) => f.location.file === join(root, 'bad/main.tf'));
    expect(said.filter((f) => f.severity === 'error')).toEqual([]);
    expect(said.map((f) => f.message).join('\n')).toContain('failed to expand ~: cannot expand user-specific home dir');
  });

  it('fileset() does not expand it (Terraform lists a directory named ~ in the module)', async () => {
    const root = workspace({ 'bad/~/root': '', 'bad/main.tf': usersNamedBy('fileset("${path.module}/~", "*")') });
    const said = (await scan(root)).findings.filter((f) => f.location.file === join(root, 'bad/main.tf'));
    expect(said.map((f) => f.ruleId)).toContain('root-user-access-key');
  });
});

// Resolved against the machine's directories, a path leading out lost the `..` past the file system's
// root, and the message then told how deep the CI machine keeps its checkout (`"../../../etc/passwd"`
// for a root module three levels down, whether written `/etc/passwd` or with twenty `..`).
describe('a path leading out is named as written, not as seen from the machine', () => {
  it.each([
    ['/etc/passwd', '"/etc/passwd"'],
    ['/etc/../etc/passwd', '"/etc/passwd"'],
    ['${path.module}/../../../../../../../../../../../../../../../../../../../../etc/passwd', `"${'../'.repeat(20)}etc/passwd"`],
    ['../../outside/x.txt', '"../../outside/x.txt"'],
  ])('file("%s") is %s', async (written, shown) => {
    const root = workspace({ 'bad/main.tf': usersNamedBy(`[file("${written}")]`) });
    const result = await scan(root);
    const messages = result.findings.filter((f) => f.location.file === join(root, 'bad/main.tf')).map((f) => f.message);
    expect(messages.join('\n')).toContain(`file(): ${shown} is outside the repository and is not read`);
  });
});
