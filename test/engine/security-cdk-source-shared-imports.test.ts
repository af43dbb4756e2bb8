/**
 * CDK source apps that import the same files from outside their directories (a monorepo's shared
 * code): each project reads and analyses what it imports, so a pull request of 500 `cdk.json` apps
 * each importing the same 500 small files cost 250,000 reads and parses (some 25 s of CPU, quadratic
 * in the pull request's size). The scan's `cdkImportedFiles` budget bounds those reads for all
 * projects together; past it, the project is not analysed and one error names the limit and how many
 * projects were left (exit 2), as at the scan deadline. Times CPU, so it lives in the `engine` layer.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

/** `apps` CDK apps (each its own `cdk.json`), each importing the same `shared` files, each app's key for user `root`. */
function monorepo(apps: number, shared: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let j = 0; j < shared; j++) files[`shared/f${String(j)}.ts`] = `export const N${String(j)} = 'u${String(j)}';\n`;
  const app = [
    ...Array.from({ length: shared }, (_, j) => `import { N${String(j)} } from '../../../shared/f${String(j)}';`),
    "import { App, Stack } from 'aws-cdk-lib';",
    "import * as iam from 'aws-cdk-lib/aws-iam';",
    "const stack = new Stack(new App(), 'S');",
    `new iam.CfnAccessKey(stack, 'K', { userName: 'root', status: [${Array.from({ length: Math.min(shared, 3) }, (_, j) => `N${String(j)}`).join(', ')}].length > 0 ? 'Active' : 'Inactive' });`,
    '',
  ].join('\n');
  for (let i = 0; i < apps; i++) {
    files[`apps/a${String(i)}/cdk.json`] = '{ "app": "npx ts-node bin/app.ts" }\n';
    files[`apps/a${String(i)}/bin/app.ts`] = app;
  }
  return files;
}

describe('CDK source apps importing the same shared files', () => {
  it('cost bounded CPU: 500 apps each importing the same 500 files', { timeout: 180_000 }, async () => {
    const root = tempTree(monorepo(500, 500));
    const before = process.cpuUsage();
    const result = await lint({ paths: [root], cwd: root });
    const used = process.cpuUsage(before);
    const seconds = (used.user + used.system) / 1e6;
    // Measured: 25 s of CPU when every project read all it imports; about 3 s within the default
    // budget (20,000 reads), typescript's loading included. Generous for a loaded machine.
    expect(seconds).toBeLessThan(10);
    const errors = result.findings.filter((f) => f.ruleId === 'parse-error');
    expect(errors.map((f) => f.message)).toEqual([
      'analysis limit reached: the CDK source projects of this scan read more files from outside their own directories than the limit, so this project is not analysed; this file was not read; 459 more CDK source projects were not analysed (limit cdkImportedFiles = 20000; raise it with --limit cdkImportedFiles=N)',
    ]);
    // The projects analysed within the budget keep their findings.
    expect(result.findings.filter((f) => f.ruleId === 'root-user-access-key')).toHaveLength(40);
  });

  it('the project where the budget runs out and those after it are not analysed; those before are', async () => {
    const root = tempTree(monorepo(3, 3));
    const result = await lint({ paths: [root], cwd: root, limits: { cdkImportedFiles: 5 } });
    expect(result.findings.map((f) => [f.ruleId, f.location.file.slice(root.length + 1), f.message])).toEqual([
      ['root-user-access-key', 'apps/a0/bin/app.ts', expect.stringContaining('root') as string],
      [
        'parse-error',
        'shared/f2.ts',
        'analysis limit reached: the CDK source projects of this scan read more files from outside their own directories than the limit, so this project is not analysed; this file was not read; 1 more CDK source project was not analysed (limit cdkImportedFiles = 5; raise it with --limit cdkImportedFiles=N)',
      ],
    ]);
  });

  it('within the budget, every app is analysed', async () => {
    const root = tempTree(monorepo(3, 3));
    const result = await lint({ paths: [root], cwd: root, limits: { cdkImportedFiles: 9 } });
    expect(result.findings.map((f) => f.ruleId)).toEqual(['root-user-access-key', 'root-user-access-key', 'root-user-access-key']);
  });
});
