/**
 * A value held by several others, each held by several others in turn (`const b = [a, a]`,
 * `const c = [b, b]`, …), is searched for changes once per variable and depth asked about, not once
 * per path to it: the paths grow as the width to the power of the levels followed. These tests time
 * CPU, so they live in the `engine` layer, where each file has a process of its own.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { scanCpuMilliseconds } from '../support/scan-cpu.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

const LEVELS = 8;

/** An app whose list `v0` is held `width` times by each of `LEVELS` levels of arrays, then `change` runs. */
function app(width: number, change = ''): Record<string, string> {
  const levels = Array.from(
    { length: LEVELS },
    (_, i) =>
      `const v${String(i + 1)} = [${Array(width)
        .fill(`v${String(i)}`)
        .join(', ')}];`,
  );
  return {
    'package.json': '{}',
    'app.ts': [
      "import { App, Stack } from 'aws-cdk-lib';",
      "import * as iam from 'aws-cdk-lib/aws-iam';",
      "const stack = new Stack(new App(), 'S');",
      "const v0: string[] = ['ci'];",
      ...levels,
      change,
      'for (const n of v0) new iam.CfnAccessKey(stack, `K${n}`, { userName: n });',
      '',
    ].join('\n'),
  };
}

describe('changes searched through values held many times over', () => {
  // A retry absorbs a burst of load from the other test processes; a search of every path fails every try.
  it('cost time about proportional to the references', { retry: 2 }, async () => {
    const small = tempTree(app(4));
    const large = tempTree(app(8));
    await scanCpuMilliseconds(small); // loads typescript and warms the code
    const smallCost = Math.min(await scanCpuMilliseconds(small), await scanCpuMilliseconds(small));
    const largeCost = await scanCpuMilliseconds(large);
    // Twice the width: four times the references at most when each variable is searched once per
    // depth; 2^8 = 256 times the paths (measured: seconds against milliseconds) when every path is.
    expect(largeCost / smallCost).toBeLessThan(6);
  });

  it('still sees a change made through the outermost holder', async () => {
    const root = tempTree(app(8, `v${String(LEVELS)}[1]${'[0]'.repeat(LEVELS - 1)}.push('root');`));
    const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
    expect(result.findings.filter((f) => f.ruleId === 'root-user-access-key').map((f) => f.message)).toEqual([
      expect.stringMatching(
        /^Cannot tell whether access key S\/`K\$\{n\}` is for the root user: .*v0 is changed after it is declared \(v1 = .*v8\[1\]\[0\]\[0\]\[0\]\[0\]\[0\]\[0\]\[0\]\.push\('root'\)\)\.$/,
      ),
    ]);
  });
});
