/**
 * The files credlint writes (docs/security.md, "What credlint reads"): a report or baseline whose path
 * lies inside the repository being scanned must not be written through a symlink that a pull request
 * committed there. The GitHub action writes `credlint.sarif` in the workspace by default; a pull request
 * that commits `credlint.sarif` as a link to a file elsewhere on the CI machine, or `reports` as a link
 * to another directory, made credlint overwrite or create that file. Each case checks, in a child
 * process as a CI job runs it, that the run stops with exit 2 before scanning and that nothing outside
 * changed; paths outside the repository, and links that stay inside, are still written as named.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

const CLI = path.resolve(import.meta.dirname, '..', '..', 'dist', 'src', 'cli.cjs');
const PRECIOUS = 'precious bytes outside the repository\n';

const GOOD =
  'resource "aws_iam_user" "ana" {\n  name = "ana"\n}\n\nresource "aws_iam_user_login_profile" "ana" {\n  user = aws_iam_user.ana.name\n}\n\nresource "aws_iam_access_key" "ana" {\n  user = aws_iam_user.ana.name\n}\n';

afterAll(() => {
  removeTempTrees();
});

/** `<base>/repo`, a git work tree with a finding, and `<base>/outside/victim`, a file it must not touch. */
function scratch(): { repo: string; outside: string } {
  const base = tempTree({ 'repo/.git/HEAD': 'ref: refs/heads/main\n', 'repo/main.tf': GOOD, 'outside/victim': PRECIOUS }, 'credlint-output-');
  return { repo: path.join(base, 'repo'), outside: path.join(base, 'outside') };
}

function link(target: string, at: string): void {
  mkdirSync(path.dirname(at), { recursive: true });
  symlinkSync(target, at);
}

function run(args: readonly string[], cwd: string): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 20_000 });
  return { status: result.status, stderr: result.stderr };
}

const WRITES: readonly { readonly flag: string; readonly args: (file: string) => string[] }[] = [
  { flag: '--output sarif=<file> (the GitHub action)', args: (file) => ['--format', 'stylish', '--output', `sarif=${file}`] },
  { flag: '--output-file', args: (file) => ['-o', file] },
  { flag: '--output <file> (format from the extension)', args: (file) => ['--output', file] },
  { flag: '--write-baseline', args: (file) => ['--write-baseline', file] },
];

describe('a report or baseline path in the repository that a symlink leads outside', () => {
  for (const write of WRITES) {
    it(`${write.flag}: a link to a file outside is not written through (exit 2, the file unchanged)`, () => {
      const { repo, outside } = scratch();
      link('../outside/victim', path.join(repo, 'credlint.sarif.json'));
      const result = run([...write.args('credlint.sarif.json'), '.'], repo);
      expect(result.stderr).toContain(`credlint.sarif.json: it leads outside the repository being scanned (to ${path.join(outside, 'victim')})`);
      expect(result.status).toBe(2);
      expect(readFileSync(path.join(outside, 'victim'), 'utf8')).toBe(PRECIOUS);
    });

    it(`${write.flag}: a directory linked outside gets no file (nor directories) created in it`, () => {
      const { repo, outside } = scratch();
      link('../outside', path.join(repo, 'reports'));
      const result = run([...write.args('reports/new/credlint.json'), '.'], repo);
      expect(result.stderr).toContain(`it leads outside the repository being scanned (to ${outside})`);
      expect(result.status).toBe(2);
      expect(existsSync(path.join(outside, 'new'))).toBe(false);
    });

    it(`${write.flag}: a dangling link, whose target the write would create, is refused`, () => {
      const { repo, outside } = scratch();
      link('../outside/created.json', path.join(repo, 'credlint.json'));
      const result = run([...write.args('credlint.json'), '.'], repo);
      expect(result.stderr).toContain('credlint.json is a symbolic link whose target does not exist');
      expect(result.status).toBe(2);
      expect(existsSync(path.join(outside, 'created.json'))).toBe(false);
    });
  }

  it('--prune-baseline does not rewrite a baseline linked outside', () => {
    const { repo, outside } = scratch();
    link('../outside/victim', path.join(repo, 'baseline.json'));
    const result = run(['--baseline', 'baseline.json', '--prune-baseline', '.'], repo);
    expect(result.status).toBe(2);
    expect(readFileSync(path.join(outside, 'victim'), 'utf8')).toBe(PRECIOUS);
  });
});

describe('report paths that do not lead out of the repository are written as named', () => {
  it('a path outside the repository, written on the command line, is trusted', () => {
    const { repo, outside } = scratch();
    const result = run(['--output', `json=${path.join(outside, 'new', 'report.json')}`, '.'], repo);
    expect(result.status).toBe(1);
    expect(JSON.parse(readFileSync(path.join(outside, 'new', 'report.json'), 'utf8'))).toMatchObject({ summary: { errors: 1 } });
  });

  it('a link inside the repository to a place inside it is followed, missing directories created', () => {
    const { repo } = scratch();
    link('out/latest', path.join(repo, 'reports'));
    mkdirSync(path.join(repo, 'out', 'latest'), { recursive: true });
    const result = run(['--output', 'sarif=reports/ci/credlint.sarif', '.'], repo);
    expect(result.status).toBe(1);
    expect(existsSync(path.join(repo, 'out', 'latest', 'ci', 'credlint.sarif'))).toBe(true);
  });
});
