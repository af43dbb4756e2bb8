/**
 * The CLI reads one configuration file, found from the current directory up (README, "Configuration").
 * `credlint infra` from the repository root passed over `infra/credlint.config.json` in silence: its
 * `vars` did not apply, so the root run found nothing where `cd infra && credlint` found a key, and
 * nothing said why. Such a file now gets a note (the exit code is unchanged), also when a file argument
 * (what pre-commit passes) lies below it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { gitProject, runCli as run } from '../support/cli-process.js';
import { removeTempTrees } from '../support/temp-tree.js';

afterAll(removeTempTrees);

const KEYS = [
  'variable "env" {\n  type = string\n}\n',
  'resource "aws_iam_user" "u" {\n  name = "ci"\n}\n',
  'resource "aws_iam_access_key" "a" {\n  count = var.env == "prod" ? 2 : 1\n  user  = aws_iam_user.u.name\n}\n',
].join('\n');
const NOTE =
  'configuration file not used: credlint reads the one found from the current directory up to the repository root (none was found there); run credlint from this directory, or pass --config';

describe('a configuration file the run does not read', () => {
  it('is noted when a scanned directory or a file argument lies under it, and not when it is the one read', () => {
    const dir = gitProject({ 'infra/main.tf': KEYS, 'infra/credlint.config.json': '{ "vars": { "env": "prod" } }\n' }, 'credlint-unused-config-');
    for (const paths of [['infra'], ['infra/main.tf'], []]) {
      const { code, stdout } = run(['--format', 'json', ...paths], dir);
      const report = JSON.parse(stdout) as { findings: unknown[]; notes: { message: string; location: { file: string } }[] };
      expect(report.findings, paths.join(' ')).toEqual([]);
      expect(report.notes.map((n) => [n.location.file, n.message])).toEqual([['infra/credlint.config.json', NOTE]]);
      expect(code).toBe(0);
    }
    const given = JSON.parse(run(['--format', 'json', '--config', 'infra/credlint.config.json', 'infra'], dir).stdout) as {
      notes: unknown[];
      findings: unknown[];
    };
    expect(given.notes).toEqual([]);
    expect(given.findings).toHaveLength(1);
    const below = JSON.parse(run(['--format', 'json', '.'], `${dir}/infra`).stdout) as { notes: unknown[]; findings: unknown[] };
    expect(below.notes).toEqual([]);
    expect(below.findings).toHaveLength(1);
  });

  it('is not noted for a directory, a FIFO or a link to a directory bearing the name, and is for a link to a file or leading out', () => {
    // The directories between a file argument and the current directory are looked in by name: a
    // directory or a FIFO named like a configuration file was noted as a configuration file not used.
    const dir = gitProject({ 'a/main.tf': KEYS, 'b/main.tf': KEYS, 'b/config.json': '{}\n', 'c/main.tf': KEYS, 'd/main.tf': KEYS }, 'credlint-unused-config-');
    mkdirSync(`${dir}/a/credlint.config.json`);
    execFileSync('mkfifo', [`${dir}/a/.credlintrc.json`]);
    symlinkSync('config.json', `${dir}/b/credlint.config.json`);
    symlinkSync('../a', `${dir}/c/.credlintrc.yaml`);
    // Leading out of the repository: counted whatever is there, never looked at (docs/security.md).
    symlinkSync('../../credlint-absent-target/credlint.config.json', `${dir}/d/credlint.config.json`);
    const { code, stdout } = run(['--format', 'json', 'a/main.tf', 'b/main.tf', 'c/main.tf', 'd/main.tf'], dir);
    const report = JSON.parse(stdout) as { notes: { message: string; location: { file: string } }[] };
    expect(report.notes.map((n) => [n.location.file, n.message])).toContainEqual(['b/credlint.config.json', NOTE]);
    expect(report.notes.map((n) => [n.location.file, n.message])).toContainEqual(['d/credlint.config.json', NOTE]);
    expect(report.notes.map((n) => n.location.file).filter((file) => /^[ac]\//.test(file))).toEqual([]);
    expect(code).toBe(0);
  });

  it('names the file read when there is one', () => {
    const dir = gitProject(
      { '.credlintrc.yaml': 'rules: {}\n', 'infra/main.tf': KEYS, 'infra/.credlintrc.yaml': 'vars:\n  env: prod\n' },
      'credlint-unused-config-',
    );
    const { stdout } = run(['infra'], dir);
    expect(stdout).toContain(
      'infra/.credlintrc.yaml:1:1  configuration file not used: credlint reads the one found from the current directory up to the repository root (it reads .credlintrc.yaml)',
    );
  });

  it("is noted when it has a name credlint never reads (ESLint's credlint.config.js shape), found from a subdirectory too", () => {
    const dir = gitProject({ 'infra/main.tf': KEYS, 'credlint.config.js': 'export default { vars: { env: "prod" } };\n' }, 'credlint-unused-config-');
    const unread =
      'configuration file not read: credlint reads credlint.config.json, .credlintrc.json, .credlintrc.yaml or .credlintrc.yml (JSON or YAML, never a JavaScript configuration, which would run code); rename it';
    for (const [cwd, shown] of [
      [dir, 'credlint.config.js'],
      [`${dir}/infra`, '../credlint.config.js'],
    ] as const) {
      const { code, stdout } = run(['--format', 'json'], cwd);
      const report = JSON.parse(stdout) as { notes: { message: string; location: { file: string } }[] };
      expect(report.notes.map((n) => [n.location.file, n.message])).toEqual([[shown, unread]]);
      expect(code).toBe(0);
    }
  });

  it('notes a .credlintrc-style ignore file (.credlintignore), which credlint never reads, with or without a configuration', () => {
    const dir = gitProject({ 'main.tf': KEYS, '.credlintignore': 'legacy/\n', 'credlint.config.json': '{}\n' }, 'credlint-unused-config-');
    const report = JSON.parse(run(['--format', 'json'], dir).stdout) as { notes: { message: string; location: { file: string } }[] };
    expect(report.notes.map((n) => [n.location.file, n.message])).toEqual([
      [
        '.credlintignore',
        'ignore file not read: credlint has no ignore file; put its patterns in the configuration\'s "ignore" (or --ignore-pattern), beside .gitignore, which is honoured',
      ],
    ]);
  });
});
