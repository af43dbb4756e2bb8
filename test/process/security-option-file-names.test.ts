/**
 * Changed files' names passed as arguments (pre-commit, `credlint $(git diff --name-only)`): a pull
 * request chooses them, so a name that is also an option must never act as one (docs/security.md).
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gitProject, runCli } from '../support/cli-process.js';
import { removeTempTrees } from '../support/temp-tree.js';

afterAll(removeTempTrees);

const KEYS = 'resource "aws_iam_user" "svc" {\n  name = "svc"\n}\nresource "aws_iam_access_key" "svc" {\n  count = 2\n  user  = aws_iam_user.svc.name\n}\n';

describe('a file named like an option, passed as a changed file', () => {
  it.each(['--write-baseline=a.json', '--baseline=b.json', '-o.json', '--output-file=r.json'])(
    '%s is refused (exit 2), neither obeyed nor scanned silently',
    (name) => {
      const dir = gitProject({ 'main.tf': KEYS, 'b.json': '{ "version": 1, "fingerprints": [] }\n' });
      writeFileSync(path.join(dir, name), '{}\n');
      const { code, stdout, stderr } = runCli(['main.tf', name], dir);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain(`argument ${name} is an option and also a file in the current directory`);
      expect(stderr).toContain(`write ./${name} to scan the file`);
      expect(existsSync(path.join(dir, 'a.json'))).toBe(false);
      expect(existsSync(path.join(dir, 'r.json'))).toBe(false);
      // Written as a path, it is scanned beside the others, and the finding still fails the run.
      const asPath = runCli(['main.tf', `./${name}`], dir);
      expect(asPath.code).toBe(1);
      expect(asPath.stdout).toContain('multiple-active-access-keys');
    },
  );

  it('an option that names no file works as before', () => {
    const dir = gitProject({ 'main.tf': KEYS });
    const { code, stdout } = runCli(['main.tf', '--format=json'], dir);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ version: 1 });
  });
});
