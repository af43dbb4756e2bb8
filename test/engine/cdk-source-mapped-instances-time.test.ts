/**
 * An array of constructs built by `map` (`names.map((name) => new iam.User(...))`) creates one instance
 * of the `new` per element, each in its own run of the callback; evaluating the `new` in a run asks for
 * that run's instance (`instances-by-iteration.ts`). Looking it up among all the instances one by one
 * made N elements cost about N² steps, and the walk's budget ran out at some 450 (every later construct
 * unknown); through the index twice the elements cost about twice the time. These tests time CPU, so
 * they live in the `engine` layer, where each file has a process of its own.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { scanCpuMilliseconds } from '../support/scan-cpu.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

/** `n` users built by `map`, each given one key; the last user a second key, `Inactive` where `retired` (a scan without findings, to time). */
function app(n: number, retired = false): Record<string, string> {
  const lines = [
    "import { App, SecretValue, Stack } from 'aws-cdk-lib';",
    "import * as iam from 'aws-cdk-lib/aws-iam';",
    "const stack = new Stack(new App(), 'S');",
    `const names = Array.from({ length: ${String(n)} }, (_, i) => 'member' + i);`,
    'const users = names.map((name) => new iam.User(stack, name, { userName: name }));',
    "users.forEach((user, i) => new iam.AccessKey(stack, 'Key' + i, { user }));",
    `new iam.AccessKey(stack, 'Extra', { user: users[${String(n - 1)}]${retired ? ', status: iam.AccessKeyStatus.INACTIVE' : ''} });`,
    '',
  ];
  return { 'package.json': '{}', 'app.ts': lines.join('\n') };
}

describe('constructs built by map', () => {
  it('are told apart by their run of the callback, also past 450 of them', async () => {
    const result = await lint({ paths: [tempTree(app(600))], reportUnknown: true });
    expect(result.findings.map((finding) => `${finding.ruleId}${finding.unknown ? ' (unknown)' : ''}: ${finding.message}`)).toEqual([
      'multiple-active-access-keys: IAM user "member599" has 2 active access keys (S/Key599, S/Extra); at most one may be active.',
    ]);
  });

  // A retry absorbs a burst of load from the other test processes.
  it('cost time about proportional to their number', { retry: 2 }, async () => {
    const small = tempTree(app(300, true));
    const large = tempTree(app(600, true));
    await scanCpuMilliseconds(small); // loads typescript and warms the code
    const smallCost = Math.min(await scanCpuMilliseconds(small), await scanCpuMilliseconds(small));
    const largeCost = await scanCpuMilliseconds(large);
    // Twice the elements: about twice the time through the index; four times when each looks at every instance.
    expect(largeCost / smallCost).toBeLessThan(3.2);
  });
});
