import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: { name: string; version: string } | undefined;

/** credlint's own package.json, found by walking up from this module (works from `src/` and `dist/src/`). */
function packageJson(): { name: string; version: string } {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const parsed = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (parsed.name === 'credlint') {
        cached = { name: parsed.name, version: parsed.version ?? '0.0.0' };
        return cached;
      }
    } catch {
      // Keep walking up.
    }
    const parent = path.dirname(dir);
    if (parent === dir) return { name: 'credlint', version: '0.0.0' };
    dir = parent;
  }
}

export function packageVersion(): string {
  return packageJson().version;
}
