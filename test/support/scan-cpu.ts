/**
 * This process's CPU time for one `lint()` of a tree, for the engine tests that hold a search's cost
 * proportional to its input (CPU, not wall time: the other test processes load the machine). The
 * scan must find nothing: a finding would mean the timed input is not the one the test built.
 * `process.cpuUsage` counts every thread of the process, so only the `engine` layer (a process per
 * file) may call it; the unit layer's guard refuses it.
 */
import { expect } from 'vitest';
import { lint, type LintOptions } from '../../src/engine.js';

export async function scanCpuMilliseconds(root: string, options: Pick<LintOptions, 'reportUnknown'> = {}): Promise<number> {
  const before = process.cpuUsage();
  const result = await lint({ paths: [root], cwd: root, ...options });
  const used = process.cpuUsage(before);
  expect(result.findings).toEqual([]);
  return (used.user + used.system) / 1000;
}
