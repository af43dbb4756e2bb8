import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempTree, removeTempTrees } from '../support/temp-tree.js';
import { afterEach, describe, expect, it } from 'vitest';
import { walkRules } from '../../src/formats/walk-rules.js';
import { discoverFiles } from '../../src/discover/discover-files.js';
import { Deadline } from '../../src/core/deadline.js';

afterEach(removeTempTrees);

const tree = (files: Readonly<Record<string, string | Buffer | null>>): string => tempTree(files, 'credlint-discover-');

const rel = (root: string, files: readonly string[]) => files.map((file) => file.slice(root.length + 1));

describe('discoverFiles: directory walk', () => {
  it('collects the scanned extensions, sorted, and skips node_modules, .git and .terraform', async () => {
    const root = tree({
      '.git/config': '',
      'main.tf': '',
      'b/stack.yaml': '',
      'b/a.yml': '',
      'c/x.tf.json': '',
      'c/prod.tfvars': '',
      'c/prod.tfvars.json': '',
      'c/t.template': '',
      'c/readme.md': '',
      'c/plan.json': '',
      'node_modules/m/main.tf': '',
      '.terraform/modules/x/main.tf': '',
      'd/.git/HEAD.json': '',
    });
    const result = await discoverFiles(['.'], { rules: walkRules, cwd: root, noIgnore: false });
    expect(rel(root, result.files)).toEqual([
      'b/a.yml',
      'b/stack.yaml',
      'c/plan.json',
      'c/prod.tfvars',
      'c/prod.tfvars.json',
      'c/t.template',
      'c/x.tf.json',
      'main.tf',
    ]);
    expect(result.repoRoot).toBe(root);
    expect(result.diagnostics).toEqual([]);
  });

  it('honours nested .gitignore files with negation, ancestors of the scanned directory, and --no-ignore', async () => {
    const root = tree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.git/info/exclude': 'excluded.tf\n',
      '.gitignore': 'generated/\n*.tfvars\n',
      'infra/main.tf': '',
      'infra/excluded.tf': '',
      'infra/generated/g.tf': '',
      'infra/secret.tfvars': '',
      'infra/env/.gitignore': '!keep.tfvars\nlocal.tf\n',
      'infra/env/keep.tfvars': '',
      'infra/env/local.tf': '',
      'infra/env/main.tf': '',
    });
    const scanned = await discoverFiles(['infra'], { rules: walkRules, cwd: root, noIgnore: false });
    expect(rel(root, scanned.files)).toEqual(['infra/env/keep.tfvars', 'infra/env/main.tf', 'infra/main.tf']);
    expect(scanned.repoRoot).toBe(root);
    const all = await discoverFiles(['infra'], { rules: walkRules, cwd: root, noIgnore: true });
    expect(all.files).toHaveLength(7);
  });

  it('honours no .gitignore outside a git work tree, as git does: a checkout without .git cannot hide its files', async () => {
    // A pull request's source archive (no `.git`, so no index of tracked files) that carries a
    // `.gitignore` of `*.tf` hid every file of it, and the scan passed having read nothing.
    const files = { '.gitignore': '*.yaml\n', 'main.tf': '', 'x.yaml': '', 'infra/.gitignore': 'b.tf\n', 'infra/a.tf': '', 'infra/b.tf': '' };
    const outside = tree(files);
    const scanned = await discoverFiles(['.'], { rules: walkRules, cwd: outside, noIgnore: false });
    expect(rel(outside, scanned.files)).toEqual(['infra/a.tf', 'infra/b.tf', 'main.tf', 'x.yaml']);
    // A file argument scans its module directory, by the same rules.
    expect(rel(outside, (await discoverFiles(['infra/a.tf'], { rules: walkRules, cwd: outside, noIgnore: false })).files)).toEqual([
      'infra/a.tf',
      'infra/b.tf',
    ]);
    const inside = tree({ ...files, '.git/HEAD': 'ref: refs/heads/main\n' });
    expect(rel(inside, (await discoverFiles(['.'], { rules: walkRules, cwd: inside, noIgnore: false })).files)).toEqual(['infra/a.tf', 'main.tf']);
  });

  it('always scans a path given explicitly, even when ignored', async () => {
    const root = tree({ '.gitignore': 'generated/\n', 'generated/g.tf': '', 'generated/h.tf': '' });
    const result = await discoverFiles(['generated'], { rules: walkRules, cwd: root, noIgnore: false });
    expect(rel(root, result.files)).toEqual(['generated/g.tf', 'generated/h.tf']);
  });

  it('walks directories named like files as directories', async () => {
    const root = tree({ 'x.tf/inner.tf': '', 't.template.json/nested.yaml': '' });
    const result = await discoverFiles([root], { rules: walkRules, cwd: '/', noIgnore: false });
    expect(rel(root, result.files)).toEqual(['t.template.json/nested.yaml', 'x.tf/inner.tf']);
    expect(result.diagnostics).toEqual([]);
  });

  it('uses the scanned directory as repository root outside git', async () => {
    const root = tree({ 'a/main.tf': '' });
    expect((await discoverFiles(['a'], { rules: walkRules, cwd: root, noIgnore: false })).repoRoot).toBe(join(root, 'a'));
  });

  it('finds the repository root as git does: .git with HEAD, or a gitdir file, never a stray .git directory', async () => {
    const root = tree({
      'stray/.git/.git/x': '',
      'stray/a/main.tf': '',
      'repo/.git/HEAD': 'ref: refs/heads/main\n',
      'repo/a/main.tf': '',
      'worktree/.git': 'gitdir: /elsewhere/.git/worktrees/w\n',
      'worktree/a/main.tf': '',
    });
    const repoRoot = async (dir: string) => (await discoverFiles([join(dir, 'a')], { rules: walkRules, cwd: root, noIgnore: false })).repoRoot;
    expect(await repoRoot('stray')).toBe(join(root, 'stray', 'a'));
    expect(await repoRoot('repo')).toBe(join(root, 'repo'));
    expect(await repoRoot('worktree')).toBe(join(root, 'worktree'));
  });
});

describe('discoverFiles: file arguments', () => {
  it('expands a .tf file to its module directory (with its tfvars), not subdirectories', async () => {
    const root = tree({ 'm/main.tf': '', 'm/vars.tf.json': '', 'm/terraform.tfvars': '', 'm/other.yaml': '', 'm/sub/x.tf': '' });
    const result = await discoverFiles(['m/main.tf'], { rules: walkRules, cwd: root, noIgnore: false });
    expect(rel(root, result.files)).toEqual(['m/main.tf', 'm/terraform.tfvars', 'm/vars.tf.json']);
    expect(result.repoRoot).toBe(join(root, 'm'));
  });

  it('expands a .tfvars file the same way and takes other files alone', async () => {
    const root = tree({ '.git/HEAD': '', 'm/main.tf': '', 'm/prod.tfvars': '', 'cfn/a.yaml': '', 'cfn/b.yaml': '' });
    const result = await discoverFiles(['m/prod.tfvars', 'cfn/a.yaml'], { rules: walkRules, cwd: root, noIgnore: false });
    expect(rel(root, result.files)).toEqual(['cfn/a.yaml', 'm/main.tf', 'm/prod.tfvars']);
    expect(result.repoRoot).toBe(root);
  });

  it('brings in the directories that link a changed Terraform file in, and their callers', async () => {
    const root = tree({
      '.git/HEAD': '',
      'globals.tf': '',
      'unlinked.tf': '',
      'stack/main.tf': '',
      'env/main.tf': 'module "stack" {\n  source = "../stack"\n}\n',
      'other/main.tf': '',
    });
    symlinkSync('../globals.tf', join(root, 'stack/globals.tf'));
    const changed = await discoverFiles(['globals.tf'], { rules: walkRules, cwd: root, noIgnore: false });
    expect(rel(root, changed.files)).toEqual(['env/main.tf', 'globals.tf', 'stack/globals.tf', 'stack/main.tf', 'unlinked.tf']);
    // A file of the same directory that no directory links in brings in only its own directory.
    const unlinked = await discoverFiles(['unlinked.tf'], { rules: walkRules, cwd: root, noIgnore: false });
    expect(rel(root, unlinked.files)).toEqual(['globals.tf', 'unlinked.tf']);
  });

  it('brings in a module that computes a source (OpenTofu) from a quoted path the changed directory is under', async () => {
    const root = tree({
      '.git/HEAD': '',
      'modules/user/main.tf': '',
      'modules/other/main.tf': '',
      'live/locals.tf': 'locals {\n  modules = "../modules"\n}\n',
      'live/main.tf': 'locals {\n  base = "../modules"\n}\nmodule "u" {\n  source = "${local.base}/user"\n}\n',
      'elsewhere/main.tf': '',
    });
    const changed = await discoverFiles(['modules/user/main.tf'], { rules: walkRules, cwd: root, noIgnore: false });
    expect(rel(root, changed.files)).toEqual(['live/locals.tf', 'live/main.tf', 'modules/user/main.tf']);
  });

  it('lists a file reached twice once', async () => {
    const root = tree({ 'm/main.tf': '' });
    const result = await discoverFiles(['m', 'm/main.tf', './m/'], { rules: walkRules, cwd: root, noIgnore: false });
    expect(rel(root, result.files)).toEqual(['m/main.tf']);
  });
});

describe('discoverFiles: problems become diagnostics', () => {
  it('reports a missing path as a parse-error naming it, and goes on', async () => {
    const root = tree({ 'ok/main.tf': '' });
    const result = await discoverFiles(['missing', 'ok'], { rules: walkRules, cwd: root, noIgnore: false });
    expect(rel(root, result.files)).toEqual(['ok/main.tf']);
    expect(result.diagnostics).toEqual([
      {
        kind: 'parse-error',
        message: 'path does not exist',
        location: { file: join(root, 'missing'), range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } } },
      },
    ]);
    expect(result.repoRoot).toBe(join(root, 'missing'));
  });

  it('follows symlinks inside the repository once, and notes the ones leading outside', async () => {
    const outside = tree({ 'secret.tf': '', 'dir/s.tf': '' });
    const root = tree({ '.git/HEAD': '', 'modules/shared/main.tf': '', 'env/main.tf': '', 'templates/a.yaml': '' });
    symlinkSync(join(root, 'modules/shared'), join(root, 'env/shared'));
    symlinkSync(join(root, 'templates/a.yaml'), join(root, 'env/a.yaml'));
    symlinkSync(join(outside, 'secret.tf'), join(root, 'env/secret.tf'));
    symlinkSync(join(outside, 'dir'), join(root, 'env/outdir'));
    const result = await discoverFiles(['.'], { rules: walkRules, cwd: root, noIgnore: false });
    // A linked directory is walked once, and a linked template is one template.
    expect(rel(root, result.files)).toEqual(['env/main.tf', 'modules/shared/main.tf', 'templates/a.yaml']);
    expect(result.diagnostics.map((d) => [d.kind, rel(root, [d.location.file])[0], d.message])).toEqual([
      ['note', 'env/outdir', `symlink not followed: its target ${join(outside, 'dir')} is outside the repository`],
      ['note', 'env/secret.tf', `symlink not followed: its target ${join(outside, 'secret.tf')} is outside the repository`],
    ]);
  });

  it('lists a Terraform file linked into another directory in both, as a file of each module', async () => {
    const root = tree({ '.git/HEAD': '', 'globals.tf': '', 'terraform.tfvars': '', 'stack/main.tf': '', 'other/main.tf': '' });
    symlinkSync('../globals.tf', join(root, 'stack/globals.tf'));
    symlinkSync(join(root, 'terraform.tfvars'), join(root, 'stack/terraform.tfvars'));
    symlinkSync(join(root, 'globals.tf'), join(root, 'stack/also-globals.tf'));
    symlinkSync(join(root, 'stack'), join(root, 'alias'));
    const all = await discoverFiles(['.'], { rules: walkRules, cwd: root, noIgnore: false });
    // The directory linked as `alias` is still walked once: its files are the same module's.
    expect(rel(root, all.files)).toEqual([
      'globals.tf',
      'other/main.tf',
      'stack/also-globals.tf',
      'stack/globals.tf',
      'stack/main.tf',
      'stack/terraform.tfvars',
      'terraform.tfvars',
    ]);
    const argument = await discoverFiles(['stack/main.tf'], { rules: walkRules, cwd: root, noIgnore: false, unitContext: false });
    expect(rel(root, argument.files)).toEqual(['stack/also-globals.tf', 'stack/globals.tf', 'stack/main.tf', 'stack/terraform.tfvars']);
    const linked = await discoverFiles(['stack/globals.tf'], { rules: walkRules, cwd: root, noIgnore: false, unitContext: false });
    expect(rel(root, linked.files)).toEqual(['stack/also-globals.tf', 'stack/globals.tf', 'stack/main.tf', 'stack/terraform.tfvars']);
  });

  it('ends on symlink loops with a parse-error naming the link', async () => {
    const root = tree({ 'a/main.tf': '', 'b/main.tf': '', 'c/d/main.tf': '' });
    symlinkSync(join(root, 'a'), join(root, 'a/back'));
    symlinkSync('self.tf', join(root, 'b/self.tf'));
    // Named from the link's directory, not by the machine's absolute path (which was in the message).
    symlinkSync('../..', join(root, 'c/d/up'));
    const result = await discoverFiles(['.'], { rules: walkRules, cwd: root, noIgnore: false });
    expect(rel(root, result.files)).toEqual(['a/main.tf', 'b/main.tf', 'c/d/main.tf']);
    expect(result.diagnostics.map((d) => [d.kind, rel(root, [d.location.file])[0], d.message])).toEqual([
      ['parse-error', 'a/back', 'symlink loop: the link points back to its own directory'],
      ['parse-error', 'b/self.tf', 'symlink loop: the link never resolves (ELOOP)'],
      ['parse-error', 'c/d/up', 'symlink loop: the link points back to ../.., which contains it'],
    ]);
    expect(result.diagnostics.map((d) => d.message).join('\n')).not.toContain(root);
    // Given as an argument, the same loop is named as the walk names it.
    const given = await discoverFiles(['b/self.tf', 'a/main.tf'], { rules: walkRules, cwd: root, noIgnore: false });
    expect(rel(root, given.files)).toEqual(['a/main.tf']);
    expect(given.diagnostics.map((d) => [d.kind, rel(root, [d.location.file])[0], d.message])).toEqual([
      ['parse-error', 'b/self.tf', 'symlink loop: the link never resolves (ELOOP)'],
    ]);
  });

  it('reports a dangling symlink with a scanned extension: a parse-error for a module file, a note for a data file; nothing for one ignored or of another kind', async () => {
    const root = tree({ '.git/HEAD': '', 'main.tf': '', '.gitignore': 'vendor/\n' });
    mkdirSync(join(root, 'pipelines'));
    mkdirSync(join(root, 'vendor'));
    symlinkSync(join(root, 'gone.tf'), join(root, 'dangling.tf'));
    symlinkSync(join(root, 'gone.md'), join(root, 'dangling.md'));
    // Links into a submodule that is not checked out.
    symlinkSync(join(root, 'submodule', 'stack.yml'), join(root, 'pipelines', 'stack.yml'));
    symlinkSync(join(root, 'submodule', 'template.json'), join(root, 'pipelines', 'template.json'));
    symlinkSync(join(root, 'submodule', 'x.tf'), join(root, 'vendor', 'x.tf'));
    const result = await discoverFiles(['.'], { rules: walkRules, cwd: root, noIgnore: false });
    expect(result.diagnostics.map((d) => [d.kind, rel(root, [d.location.file])[0], d.message])).toEqual([
      ['parse-error', 'dangling.tf', 'cannot follow symlink (ENOENT)'],
      ['note', 'pipelines/stack.yml', 'symlink not followed: its target does not exist'],
      ['note', 'pipelines/template.json', 'symlink not followed: its target does not exist'],
    ]);
  });

  it('never starts a scan inside .terraform', async () => {
    const root = tree({ '.terraform/modules/x/main.tf': '' });
    const result = await discoverFiles(['.terraform/modules'], { rules: walkRules, cwd: root, noIgnore: false });
    expect(result.files).toEqual([]);
    expect(result.diagnostics.map((d) => d.kind)).toEqual(['note']);
  });

  // Linux file systems take any bytes as a name (git checks them out as stored); macOS and Windows refuse invalid UTF-8.
  it.skipIf(process.platform !== 'linux')(
    'reports names that are not valid UTF-8 (a directory, a collected file) as parse-errors, never as unseen files',
    async () => {
      const root = tree({ 'ok/main.tf': '', 'ok/notes\uFFFD.yaml': '' });
      const bytes = (name: string) => Buffer.concat([Buffer.from(`${root}/`), Buffer.from(name, 'latin1')]);
      mkdirSync(bytes('dir\xff'));
      writeFileSync(Buffer.concat([bytes('dir\xff'), Buffer.from('/main.tf')]), '');
      for (const name of ['stack\xe9.yaml', 'main\xc3(.tf', 'photo\xff.png']) writeFileSync(bytes(name), '');
      const result = await discoverFiles(['.'], { rules: walkRules, cwd: root, noIgnore: false });
      // A valid name holding U+FFFD itself is an ordinary file.
      expect(rel(root, result.files)).toEqual(['ok/main.tf', 'ok/notes\uFFFD.yaml']);
      expect(result.diagnostics.map((d) => [d.kind, rel(root, [d.location.file])[0], d.message]).sort()).toEqual([
        ['parse-error', 'dir\uFFFD', 'cannot read: the name is not valid UTF-8 (rename it)'],
        ['parse-error', 'main\uFFFD(.tf', 'cannot read: the name is not valid UTF-8 (rename it)'],
        ['parse-error', 'stack\uFFFD.yaml', 'cannot read: the name is not valid UTF-8 (rename it)'],
      ]);
    },
  );

  // Tests run as root here, and chmod does not stop root from reading: this case only runs as a normal user.
  it.skipIf(process.getuid?.() === 0)('reports an unreadable directory as a parse-error', async () => {
    const root = tree({ 'ok/main.tf': '', 'locked/main.tf': '' });
    chmodSync(join(root, 'locked'), 0o000);
    try {
      const result = await discoverFiles(['.'], { rules: walkRules, cwd: root, noIgnore: false });
      expect(rel(root, result.files)).toEqual(['ok/main.tf']);
      expect(result.diagnostics.map((d) => [d.kind, rel(root, [d.location.file])[0], d.message])).toEqual([
        ['parse-error', 'locked', 'cannot read directory (EACCES)'],
      ]);
    } finally {
      chmodSync(join(root, 'locked'), 0o755);
    }
  });
});

describe('discoverFiles: an explicit path inside an ignored directory', () => {
  it('scans the contents of a directory that an ancestor .gitignore ignores, keeping its other rules', async () => {
    const root = tree({
      '.git/HEAD': '',
      '.gitignore': '.bench/\n',
      '.bench/corpus/.gitignore': 'skip.tf\n',
      '.bench/corpus/a/main.tf': '',
      '.bench/corpus/a/skip.tf': '',
    });
    const result = await discoverFiles(['.bench/corpus'], { rules: walkRules, cwd: root, noIgnore: false });
    expect(rel(root, result.files)).toEqual(['.bench/corpus/a/main.tf']);
    expect((await discoverFiles(['.'], { rules: walkRules, cwd: root, noIgnore: false })).files).toEqual([]);
  });
});

describe('discoverFiles: the scan deadline', () => {
  it('a walk the deadline has passed lists nothing more and says so, a parse-error at the first directory left', async () => {
    // The walk never looked at the clock: nested ignore files of thousands of patterns kept it going
    // 244 s past a 25 s deadline, before the loaders reported the deadline at all.
    const root = tree({ 'main.tf': '', 'infra/x.tf': '' });
    const result = await discoverFiles(['.'], { rules: walkRules, cwd: root, noIgnore: false, deadline: Deadline.after(0) });
    expect(result.files).toEqual([]);
    expect(result.diagnostics.map((d) => [d.kind, d.location.file, d.message])).toEqual([
      [
        'parse-error',
        root,
        'analysis limit reached: the scan deadline passed while listing the files to scan; this directory was not walked, and what it holds is not scanned (limit scanSeconds = 300; raise it with --limit scanSeconds=N)',
      ],
    ]);
  });

  it('a walk within the deadline lists every file', async () => {
    const root = tree({ 'main.tf': '', 'infra/x.tf': '' });
    const result = await discoverFiles(['.'], { rules: walkRules, cwd: root, noIgnore: false, deadline: Deadline.after(60) });
    expect(rel(root, result.files)).toEqual(['infra/x.tf', 'main.tf']);
    expect(result.diagnostics).toEqual([]);
  });
});
