import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ownDirectory } from './own-module.cjs';

let cached: { root: string; version: string } | undefined;

/** credlint's own package.json, found by walking up from this module (works from `src/` and `dist/src/`). */
function packageJson(): { root: string; version: string } {
  if (cached) return cached;
  let dir = ownDirectory;
  for (;;) {
    try {
      const parsed = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (parsed.name === 'credlint') {
        cached = { root: dir, version: parsed.version ?? '0.0.0' };
        return cached;
      }
    } catch {
      // Keep walking up.
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('credlint: package.json not found above ' + ownDirectory);
    dir = parent;
  }
}

export function packageVersion(): string {
  return packageJson().version;
}

/** The directory holding credlint's package.json. */
export function packageRoot(): string {
  return packageJson().root;
}
