/**
 * A change written in a loop over keys (`keys.forEach((k, i) => { if (i > 0) k.status = 'Inactive'; })`,
 * `loop-runs.ts`) is placed in each run of the loop's body. The runs are listed once per change (not once
 * per key), their receivers evaluated once, and each key finds its runs through an index by construct:
 * twice the keys cost about twice the time, not four times. These tests time CPU, so they live in the
 * `engine` layer, where each file has a process of its own.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { scanCpuMilliseconds } from '../support/scan-cpu.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

/** `n` keys of one user in an array; a `forEach` retires every key but the first, another reads each by index. */
function app(n: number): Record<string, string> {
  const lines = ["import { App, Stack } from 'aws-cdk-lib';", "import * as iam from 'aws-cdk-lib/aws-iam';", "const stack = new Stack(new App(), 'S');"];
  for (let i = 0; i < n; i += 1) lines.push(`const k${String(i)} = new iam.CfnAccessKey(stack, 'K${String(i)}', { userName: 'ci' });`);
  lines.push(
    `const keys = [${Array.from({ length: n }, (_, i) => `k${String(i)}`).join(', ')}];`,
    "keys.forEach((key, position) => {\n  if (position > 0) key.addPropertyOverride('Status', 'Inactive');\n});",
    "keys.forEach((_, position) => {\n  if (position > 0) keys[position].status = 'Inactive';\n});",
  );
  return { 'package.json': '{}', 'app.ts': [...lines, ''].join('\n') };
}

describe('changes placed in the runs of a loop over keys', () => {
  it('retire every key but the first', async () => {
    const result = await lint({ paths: [tempTree(app(50))], reportUnknown: true });
    expect(result.findings.map((finding) => `${finding.ruleId}: ${finding.message}`)).toEqual([]);
  });

  // A retry absorbs a burst of load from the other test processes.
  it('cost time about proportional to the keys', { retry: 2 }, async () => {
    const small = tempTree(app(300));
    const large = tempTree(app(600));
    await scanCpuMilliseconds(small); // loads typescript and warms the code
    const smallCost = Math.min(await scanCpuMilliseconds(small), await scanCpuMilliseconds(small));
    const largeCost = await scanCpuMilliseconds(large);
    // Twice the keys: about twice the time when each key meets its own runs; four times when it meets every run.
    expect(largeCost / smallCost).toBeLessThan(3.2);
  });
});
