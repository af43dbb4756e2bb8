/**
 * The search of values changed by the functions and methods they are handed to, or by the callers of
 * the functions returning them, looks up each call's result and each method by name (calls of a
 * function in its module and its importers, the subclasses of a class listed once): twice the
 * functions, methods and classes cost about twice the time, not four times. These tests time CPU, so
 * they live in the `engine` layer, where each file has a process of its own.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { scanCpuMilliseconds } from '../support/scan-cpu.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

/**
 * An app of `n` module arrays each handed out by a function whose result a caller copies, `n` helper
 * classes whose method reads what it is given, and a stack class handing `n` lists to `n` methods of
 * its own, which `n` subclasses declare again; one key per name, every name once.
 */
function app(n: number): Record<string, string> {
  const lines = ["import { App, Stack } from 'aws-cdk-lib';", "import * as iam from 'aws-cdk-lib/aws-iam';", "const stack = new Stack(new App(), 'S');"];
  const methods: string[] = [];
  const calls: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const at = String(i);
    lines.push(
      `const A${at}: string[] = ['a${at}'];`,
      `function f${at}(): string[] {\n  return A${at};\n}`,
      `f${at}().slice().push('x');`,
      `class H${at} {\n  read(list: string[]): number {\n    return list.length;\n  }\n}`,
      `const B${at}: string[] = ['b${at}'];`,
      `new H${at}().read(B${at});`,
      `for (const n of f${at}()) new iam.CfnAccessKey(stack, \`A\${n}\`, { userName: n });`,
      `for (const n of B${at}) new iam.CfnAccessKey(stack, \`B\${n}\`, { userName: n });`,
    );
    methods.push(`  m${at}(list: string[]): number {\n    return list.length;\n  }`);
    calls.push(
      `    const c${at}: string[] = ['c${at}'];\n    this.m${at}(c${at});\n    for (const n of c${at}) new iam.CfnAccessKey(this, \`C\${n}\`, { userName: n });`,
    );
    lines.push(`class Sub${at} extends Keys {\n  override m${at}(list: string[]): number {\n    return list.indexOf('x');\n  }\n}`);
  }
  lines.push(
    `class Keys extends Stack {\n  constructor(scope: App, id: string) {\n    super(scope, id);\n${calls.join('\n')}\n  }\n${methods.join('\n')}\n}`,
    "new Keys(new App(), 'K');",
    '',
  );
  return { 'package.json': '{}', 'app.ts': lines.join('\n') };
}

describe('changes searched through callees and callers', () => {
  // A retry absorbs a burst of load from the other test processes.
  it('cost time about proportional to the functions, methods and classes', { retry: 2 }, async () => {
    const small = tempTree(app(60));
    const large = tempTree(app(120));
    await scanCpuMilliseconds(small, { reportUnknown: true }); // loads typescript and warms the code
    const smallCost = Math.min(await scanCpuMilliseconds(small, { reportUnknown: true }), await scanCpuMilliseconds(small, { reportUnknown: true }));
    const largeCost = await scanCpuMilliseconds(large, { reportUnknown: true });
    // Twice the code: about twice the time when each question looks its callees and callers up by
    // name; four times when it searches the project's calls or classes anew.
    expect(largeCost / smallCost).toBeLessThan(3.2);
  });
});
