/**
 * Whether another module changes a top-level variable (`import { names } from './users';
 * names.push('root')`) is looked up in an index of the project's changes built once, not in every
 * file for every variable: a test suite of a thousand files, each reading constants and pushing onto
 * arrays, took 40 s that way. These tests time CPU, so they live in the `engine` layer, where each
 * file has a process of its own.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { scanCpuMilliseconds } from '../support/scan-cpu.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

/** `size` modules, each with a top-level object read through a call and thirty changes of arrays, and an app that imports them all. */
function project(size: number): Record<string, string> {
  const files: Record<string, string> = { 'package.json': '{}' };
  for (let i = 0; i < size; i++) {
    const changes = Array.from({ length: 30 }, (_, j) => `seen.push('${String(j)}');\nlog.lines.push(${String(j)});`).join('\n');
    files[`lib/m${String(i)}.ts`] = [
      "import { Stack } from 'aws-cdk-lib';",
      "import { log } from '../log';",
      `export const settings${String(i)} = { apply(s: Stack) { return s; } };`,
      'const seen: string[] = [];',
      changes,
      `export function use${String(i)}(s: Stack) { settings${String(i)}.apply(s); }`,
      '',
    ].join('\n');
  }
  files['log.ts'] = 'export const log = { lines: [] as number[] };\n';
  files['app.ts'] = [
    "import { App, Stack } from 'aws-cdk-lib';",
    "import * as iam from 'aws-cdk-lib/aws-iam';",
    ...Array.from({ length: size }, (_, i) => `import { use${String(i)} } from './lib/m${String(i)}';`),
    "const stack = new Stack(new App(), 'S');",
    ...Array.from({ length: size }, (_, i) => `use${String(i)}(stack);`),
    "const names = ['ci'];",
    "new iam.CfnAccessKey(stack, 'K', { userName: names[0] });",
    '',
  ].join('\n');
  return files;
}

describe('changes made through imports in a large CDK project', () => {
  // A retry absorbs a burst of load from the other test processes; a quadratic search fails every try.
  it('cost time proportional to the project', { retry: 2 }, async () => {
    const small = tempTree(project(60));
    const large = tempTree(project(240));
    await scanCpuMilliseconds(small); // loads typescript and warms the code
    const smallCost = Math.min(await scanCpuMilliseconds(small), await scanCpuMilliseconds(small));
    const largeCost = await scanCpuMilliseconds(large);
    // Four times the files: about four times the CPU when each variable is looked up in an index
    // (measured 3.0x), sixteen times when every file is searched for each one (measured 12x to 16x).
    expect(largeCost / smallCost).toBeLessThan(7);
  });

  it('still sees a variable changed by a module that imports it, directly or as a namespace', async () => {
    const root = tempTree({
      'package.json': '{}',
      'users.ts': "export const names: string[] = ['ci'];\nexport const admins: string[] = ['ops'];\n",
      'fill.ts': "import { names } from './users';\nimport * as all from './users';\nnames.push('root');\nall.admins.push('root');\n",
      'app.ts': [
        "import { App, Stack } from 'aws-cdk-lib';",
        "import * as iam from 'aws-cdk-lib/aws-iam';",
        "import './fill';",
        "import { admins, names } from './users';",
        "const stack = new Stack(new App(), 'S');",
        'for (const n of names) new iam.CfnAccessKey(stack, `K${n}`, { userName: n });',
        'for (const n of admins) new iam.CfnAccessKey(stack, `A${n}`, { userName: n });',
        '',
      ].join('\n'),
    });
    const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
    expect(result.findings.filter((f) => f.ruleId === 'root-user-access-key').map((f) => f.message)).toEqual([
      "Cannot tell whether access key S/`K${n}` is for the root user: created once per element of names: names is changed after it is declared (names.push('root')).",
      "Cannot tell whether access key S/`A${n}` is for the root user: created once per element of admins: admins is changed after it is declared (all.admins.push('root')).",
    ]);
  });
});
