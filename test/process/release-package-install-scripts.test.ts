/**
 * The package as published from a release commit (`npm run release-tree`, DEVELOPERS.md "Releasing"),
 * installed the way npm 12 installs dependencies: a dependency's install scripts (`prepare` among them)
 * run only where the project allows them, and `--strict-allow-scripts` (npm 11.16 and later; the
 * default policy of npm 12) fails an install that meets one. A development checkout's tarball carries
 * `prepare` (it builds `dist/` for `npm ci`), so it must not be what is published: a security team
 * installing credlint under a strict policy would be stopped by it.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeReleaseTree } from '../../scripts/release-tree.js';

const scratch = realpathSync(mkdtempSync(path.join(tmpdir(), 'credlint-release-install-')));

function run(command: string, args: readonly string[], cwd: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env, timeout: 300_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Whether this npm knows the allowScripts policy (npm 11.16 and later). */
function npmHasScriptPolicy(): boolean {
  const [major = 0, minor = 0] = run('npm', ['--version'], scratch).stdout.trim().split('.').map(Number);
  return major > 11 || (major === 11 && minor >= 16);
}

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('the package published from a release commit', () => {
  it.skipIf(!npmHasScriptPolicy())(
    'installs under --strict-allow-scripts: its package.json has no scripts for npm to block',
    () => {
      const tree = path.join(scratch, 'release');
      writeReleaseTree(tree);
      const manifest = JSON.parse(readFileSync(path.join(tree, 'package.json'), 'utf8')) as { scripts?: unknown };
      expect(manifest.scripts).toBeUndefined();
      const pack = run('npm', ['pack', '--json', '--pack-destination', scratch], tree);
      expect(pack.code).toBe(0);
      const [info] = JSON.parse(pack.stdout) as { filename: string }[];
      const project = path.join(scratch, 'project');
      mkdirSync(project);
      expect(run('npm', ['init', '-y'], project).code).toBe(0);
      const install = run('npm', ['install', '--strict-allow-scripts', '--no-audit', '--no-fund', path.join(scratch, info?.filename ?? '')], project);
      expect(install.stderr).not.toMatch(/install scripts/);
      expect(install.code).toBe(0);
      const version = run('npx', ['credlint', '--version'], project);
      expect(version.code).toBe(0);
    },
    300_000,
  );
});
