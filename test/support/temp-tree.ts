/**
 * Temporary directory trees for tests: `tempTree(files)` writes each relative path (a `null` value
 * makes an empty directory) under a fresh directory and returns its real path (on macOS the temporary
 * directory is behind a symlink, and the engine reports real paths). `removeTempTrees()` deletes
 * every tree made so far; call it from `afterAll`.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const made: string[] = [];

export function tempTree(files: Readonly<Record<string, string | Buffer | null>>, prefix = 'credlint-test-'): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  made.push(root);
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    if (content === null) {
      mkdirSync(full, { recursive: true });
    } else {
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    }
  }
  return root;
}

export function removeTempTrees(): void {
  for (const root of made.splice(0)) rmSync(root, { recursive: true, force: true });
}
