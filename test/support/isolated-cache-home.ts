/**
 * Global setup: the CLIs the tests run keep their compiled-code cache (README, "Performance") in a
 * directory of this test run, removed at its end, never in the developer's `~/.cache/credlint`:
 * every temporary install a test makes (the packed tarball's scratch project, each pre-commit
 * environment) would otherwise leave an entry there. Child processes inherit the variable.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const home = mkdtempSync(path.join(tmpdir(), 'credlint-test-cache-'));
  process.env['XDG_CACHE_HOME'] = home;
  return () => rmSync(home, { recursive: true, force: true });
}
