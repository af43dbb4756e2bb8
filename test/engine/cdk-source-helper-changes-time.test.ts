/**
 * A change written in a function a construct is handed to (`retire(key)`, `escape-hatches.ts`) is
 * looked for through the calls that may hand it a construct: those of functions that write such a
 * change, indexed once per scope by the construct a `const` argument holds. Each key meets its own
 * calls, not every call of the file, so twice the keys and calls cost about twice the time, not four
 * times. These tests time CPU, so they live in the `engine` layer, where each file has a process of its own.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { scanCpuMilliseconds } from '../support/scan-cpu.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

/** `n` users with two keys each, the first of which is handed to `retire`; `n` calls of a function that changes nothing. */
function app(n: number): Record<string, string> {
  const lines = [
    "import { App, Stack } from 'aws-cdk-lib';",
    "import * as iam from 'aws-cdk-lib/aws-iam';",
    "const stack = new Stack(new App(), 'S');",
    'const settings = { tags: { team: 1 } };',
    'function retire(key: iam.AccessKey): void {\n  (key.node.defaultChild as iam.CfnAccessKey).status = iam.AccessKeyStatus.INACTIVE;\n}',
    'function note(value: unknown, other: unknown): unknown[] {\n  return [value, other];\n}',
  ];
  for (let i = 0; i < n; i += 1) {
    const at = String(i);
    lines.push(
      `const u${at} = new iam.User(stack, 'U${at}', { userName: 'u${at}' });`,
      `const old${at} = new iam.AccessKey(stack, 'Old${at}', { user: u${at} });`,
      `new iam.AccessKey(stack, 'New${at}', { user: u${at} });`,
      `retire(old${at});`,
      `note(settings.tags, settings.tags.team);`,
    );
  }
  return { 'package.json': '{}', 'app.ts': [...lines, ''].join('\n') };
}

describe('changes searched through the functions constructs are handed to', () => {
  // A retry absorbs a burst of load from the other test processes.
  it('cost time about proportional to the constructs and calls', { retry: 2 }, async () => {
    const small = tempTree(app(200));
    const large = tempTree(app(400));
    await scanCpuMilliseconds(small); // loads typescript and warms the code
    const smallCost = Math.min(await scanCpuMilliseconds(small), await scanCpuMilliseconds(small));
    const largeCost = await scanCpuMilliseconds(large);
    // Twice the code: about twice the time when each key meets its own calls; four times when it meets every call.
    expect(largeCost / smallCost).toBeLessThan(3.2);
  });
});
