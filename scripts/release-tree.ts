/**
 * Writes the tree of a release commit: the npm package exactly as `npm pack` builds it (compiled
 * `dist/`, README, LICENSE, rule docs), with a `package.json` that has no devDependencies and no
 * scripts, plus the pre-commit hook manifest and the GitHub action. Release tags point at such commits.
 *
 * Why: pre-commit's node language installs a hook from its own clone of the repository at the tag:
 * it runs `npm install` with devDependencies included, then `npm pack`, then installs the tarball
 * (https://github.com/pre-commit/pre-commit/blob/v3.0.4/pre_commit/languages/node.py). On a
 * development commit that means every devDependency (aws-cdk-lib, the SARIF validator, vitest) and a
 * TypeScript compile; on a release commit it means the runtime dependencies only and no compile.
 *
 * Usage: `npm run release-tree -- <empty output directory>`, then commit that directory's contents
 * (DEVELOPERS.md, "Releasing").
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../src/core/package-info.js';

/** Files of the repository that are not part of the npm package but are read from a release tag. */
export const RELEASE_EXTRA_FILES = ['.pre-commit-hooks.yaml', 'action.yml'] as const;

/** Packs `repo` (its `prepare` builds `dist/` when stale) and writes the release tree into `out`. */
export function writeReleaseTree(out: string, repo = packageRoot()): void {
  mkdirSync(out, { recursive: true });
  if (readdirSync(out).some((name) => name !== '.git')) throw new Error(`${out} is not empty`);
  const scratch = mkdtempSync(path.join(tmpdir(), 'credlint-pack-'));
  try {
    const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: repo, encoding: 'utf8' })) as {
      filename: string;
    }[];
    const tarball = path.join(scratch, packed[0]?.filename ?? '');
    // npm tarballs hold one top-level directory, `package/`.
    execFileSync('tar', ['-xzf', tarball, '-C', out, '--strip-components=1']);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const manifestPath = path.join(out, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
  delete manifest['devDependencies'];
  delete manifest['scripts'];
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  for (const file of RELEASE_EXTRA_FILES) copyFileSync(path.join(repo, file), path.join(out, file));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const out = process.argv[2];
  if (out === undefined) {
    process.stderr.write('usage: npm run release-tree -- <empty output directory>\n');
    process.exitCode = 2;
  } else {
    writeReleaseTree(path.resolve(out));
  }
}
