/**
 * A module's top-level code runs before the body of the module importing it (depth first, in the
 * order the imports are written, each module once), so a list a module fills at its top with push,
 * add or set is full wherever a module importing it reads it. The walk runs the files in that order
 * (`module-order.ts`). Where an import cycle makes the order depend on which file loads first, the
 * list stays unknown. Every expectation is what `cdk synth` (aws-cdk-lib 2.276, the app compiled to
 * CommonJS by tsc and run by node) gives, as credlint reads the cloud assembly.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

/** A stack file creating a user per element of `loop` (binding `n`, and `c`: whether a console user), each with a key. */
function stackFile(imports: string, loop: string, console: string): string {
  return `import * as cdk from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
${imports}
export class OpsStack extends cdk.Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    for (${loop}) {
      const u = new iam.User(this, n, { userName: n, password: ${console} ? cdk.SecretValue.unsafePlainText('x') : undefined });
      new iam.AccessKey(this, \`\${n}Key\`, { user: u });
    }
  }
}
`;
}

const MAIN = "import * as cdk from 'aws-cdk-lib';\nimport { OpsStack } from './stack';\nnew OpsStack(new cdk.App(), 'Ops');\n";

async function findings(files: Record<string, string>): Promise<string[]> {
  const root = tempTree(
    { 'app/cdk.json': '{ "app": "npx ts-node main.ts" }', ...Object.fromEntries(Object.entries(files).map(([name, text]) => [`app/${name}`, text])) },
    'credlint-cdk-module-order-',
  );
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.severity} ${f.ruleId} ${f.message.replace(/: .*/, '')}`);
}

const CI_ERROR = 'error console-user-with-access-key IAM user "ci" has a console password (OpsStack/ci.password) and an active access key (OpsStack/ciKey).';

describe('a list filled at the top of one module and read in a module importing it', () => {
  it('is known: an exported array filled by push (warnings before)', async () => {
    const names = "export const names: string[] = [];\nnames.push('ci');\nnames.push('deploy');\n";
    const stack = stackFile("import { names } from './names';", 'const n of names', "n === 'ci'");
    expect(await findings({ 'main.ts': MAIN, 'names.ts': names, 'stack.ts': stack })).toEqual([CI_ERROR]);
  });

  it('is known: an exported Set read in the props of a user (warnings before)', async () => {
    const users = "export const consoleUsers = new Set<string>();\nconsoleUsers.add('ci');\n";
    const stack = stackFile("import { consoleUsers } from './users';", "const n of ['ci', 'deploy']", 'consoleUsers.has(n)');
    expect(await findings({ 'main.ts': MAIN, 'users.ts': users, 'stack.ts': stack })).toEqual([CI_ERROR]);
  });

  it('is known: a Map re-exported by an index.ts barrel and read through a namespace import', async () => {
    const users = "export const consoleUsers = new Map<string, boolean>();\nconsoleUsers.set('ci', true);\nconsoleUsers.set('deploy', false);\n";
    const stack = stackFile("import * as config from './index';", 'const [n, c] of config.consoleUsers', 'c');
    expect(await findings({ 'main.ts': MAIN, 'users.ts': users, 'index.ts': "export * from './users';\n", 'stack.ts': stack })).toEqual([CI_ERROR]);
  });

  it('is known: an array exported by export default and by export { }', async () => {
    const fill = "const names: string[] = [];\nnames.push('ci');\nnames.push('deploy');\n";
    const byDefault = stackFile("import names from './names';", 'const n of names', "n === 'ci'");
    expect(await findings({ 'main.ts': MAIN, 'names.ts': `${fill}export default names;\n`, 'stack.ts': byDefault })).toEqual([CI_ERROR]);
    const byName = stackFile("import { names as list } from './names';", 'const n of list', "n === 'ci'");
    expect(await findings({ 'main.ts': MAIN, 'names.ts': `${fill}export { names };\n`, 'stack.ts': byName })).toEqual([CI_ERROR]);
  });

  it('is known in a class of its own module that the app creates from another file (nothing was reported before: read as declared)', async () => {
    const stack = stackFile("const consoleUsers = new Set<string>();\nconsoleUsers.add('ci');", "const n of ['ci', 'deploy']", 'consoleUsers.has(n)');
    expect(await findings({ 'main.ts': MAIN, 'stack.ts': stack })).toEqual([CI_ERROR]);
  });

  it('stays unknown where an import cycle lets code read it before the writes (synth: the user deploy alone, no finding)', async () => {
    const names = "import { register } from './stack';\nexport const names: string[] = ['deploy'];\nregister();\nnames.push('ci');\n";
    const stack = `import * as cdk from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { names } from './names';
export const app = new cdk.App();
const stack = new cdk.Stack(app, 'Ops');
export function register() {
  for (const n of names) {
    const u = new iam.User(stack, n, { userName: n, password: n === 'ci' ? cdk.SecretValue.unsafePlainText('x') : undefined });
    new iam.AccessKey(stack, \`\${n}Key\`, { user: u });
  }
}
`;
    const main = "import './names';\nimport { app } from './stack';\napp.synth();\n";
    const result = await findings({ 'main.ts': main, 'names.ts': names, 'stack.ts': stack });
    expect(result.filter((f) => f.startsWith('error'))).toEqual([]);
    expect(result).toContain('warning console-user-with-access-key Cannot tell whether Ops/n.password belongs to a console user with an active access key');
  });

  it('stays unknown when the module importing it pushes to it before creating the stack', async () => {
    const main =
      "import * as cdk from 'aws-cdk-lib';\nimport { OpsStack } from './stack';\nimport { names } from './names';\nnames.push('ci');\nnew OpsStack(new cdk.App(), 'Ops');\n";
    const stack = stackFile("import { names } from './names';", 'const n of names', "n === 'ci'");
    const result = await findings({ 'main.ts': main, 'names.ts': "export const names: string[] = ['deploy'];\n", 'stack.ts': stack });
    expect(result.filter((f) => f.startsWith('error'))).toEqual([]);
    expect(result).toContain(
      'warning console-user-with-access-key Cannot tell whether OpsStack/n.password belongs to a console user with an active access key',
    );
  });

  it('stays unknown when a function of its module fills it, which may run at any time', async () => {
    const names = "export const names: string[] = [];\nexport function addCi() {\n  names.push('ci');\n}\n";
    const main = MAIN.replace("import { OpsStack } from './stack';", "import { OpsStack } from './stack';\nimport { addCi } from './names';\naddCi();");
    const stack = stackFile("import { names } from './names';", 'const n of names', "n === 'ci'");
    const result = await findings({ 'main.ts': main, 'names.ts': names, 'stack.ts': stack });
    expect(result.filter((f) => f.startsWith('error'))).toEqual([]);
    expect(result.length).toBeGreaterThan(0);
  });
});
