/**
 * Global setup: everything a test run writes outside the checkout goes into one directory of the run,
 * removed at its end. Child processes and the test workers (started after this) inherit both variables.
 * - `TMPDIR`: the temporary trees of the tests (`os.tmpdir()` reads it at each call), and those of the
 *   programs they start (pre-commit's environments, npm's scratch files), so a test that forgets to
 *   remove its tree, or stops half-way, leaves nothing in the machine's `/tmp`.
 * - `XDG_CACHE_HOME`: the compiled-code cache of the CLIs the tests run (README, "Performance"), never
 *   the developer's `~/.cache/credlint`, which every temporary install of the package would otherwise
 *   fill with entries of directories that are deleted afterwards.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const run = mkdtempSync(path.join(tmpdir(), 'credlint-test-run-'));
  for (const [variable, dir] of [
    ['TMPDIR', 'tmp'],
    ['XDG_CACHE_HOME', 'cache'],
  ] as const) {
    mkdirSync(path.join(run, dir));
    process.env[variable] = path.join(run, dir);
  }
  return () => rmSync(run, { recursive: true, force: true });
}
