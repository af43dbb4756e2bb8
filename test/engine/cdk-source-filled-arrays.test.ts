/**
 * An array of plain values filled by `push` or `unshift` (`names.push('ci')`) before code that
 * creates users reads it: the walk runs those writes in order, as it runs a Set's `add`
 * (`filled-objects.ts`), so the array is known there. Where a write may run after a read, or runs
 * in a function declared beside the array, the array stays unknown. Every expectation below is what
 * `cdk synth` (aws-cdk-lib 2.276) gives, as credlint reads the cloud assembly.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

/** Users named by `names`, the first a console user, each with a key. */
const USERS = `    for (const n of names) {
      const u = new iam.User(this, n, { userName: n, password: n === names[0] ? cdk.SecretValue.unsafePlainText('x') : undefined });
      new iam.AccessKey(this, \`\${n}Key\`, { user: u });
    }`;

function app(top: string, body: string): string {
  return `import * as cdk from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
${top}
class OpsStack extends cdk.Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
${body}
  }
}
new OpsStack(new cdk.App(), 'Ops');
`;
}

async function findings(files: Record<string, string>): Promise<string[]> {
  const root = tempTree(
    { 'app/cdk.json': '{}', ...Object.fromEntries(Object.entries(files).map(([name, text]) => [`app/${name}`, text])) },
    'credlint-cdk-arrays-',
  );
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.severity} ${f.ruleId} ${f.message.replace(/: .*/, '')}`);
}

const consoleUser = (name: string) =>
  `error console-user-with-access-key IAM user "${name}" has a console password (OpsStack/${name}.password) and an active access key (OpsStack/${name}Key).`;

describe('arrays filled with plain values', () => {
  it.each([
    ['one push at a time', "    const names: string[] = [];\n    names.push('ci');\n    names.push('deploy');", 'ci'],
    ['a push of several values', "    const names: string[] = [];\n    names.push('ci', 'deploy');", 'ci'],
    ['unshift, which puts its values in front', "    const names = ['deploy'];\n    names.push('audit');\n    names.unshift('ci', 'ops');", 'ci'],
    ['a spread push', "    const other = ['ci', 'deploy'];\n    const names: string[] = [];\n    names.push(...other);", 'ci'],
    ['a push in a counting loop', '    const names: string[] = [];\n    for (let i = 0; i < 2; i++) names.push(`svc${i}`);', 'svc0'],
    ['a push in a loop over known values', "    const names: string[] = [];\n    for (const t of ['ci', 'deploy']) {\n      names.push(t);\n    }", 'ci'],
    ['a push in a forEach callback', "    const names: string[] = [];\n    ['ci', 'deploy'].forEach((t) => names.push(t));", 'ci'],
    ['a copy made by concat after the pushes', "    const base: string[] = [];\n    base.push('ci');\n    const names = base.concat(['deploy']);", 'ci'],
    ['a concat taking it after the pushes', "    const extra: string[] = [];\n    extra.push('deploy');\n    const names = ['ci'].concat(extra);", 'ci'],
  ])('are known after %s (warnings before)', async (_, fill, first) => {
    expect(await findings({ 'app.ts': app('', `${fill}\n${USERS}`) })).toEqual([consoleUser(first)]);
  });

  it('are known when filled at the top of the module and read in a class declared after the writes', async () => {
    expect(await findings({ 'app.ts': app("const names: string[] = [];\nnames.push('ci');\nnames.push('deploy');", USERS) })).toEqual([consoleUser('ci')]);
  });

  it('hold objects pushed as literals', async () => {
    const body = `    const users: { name: string; console: boolean }[] = [];
    users.push({ name: 'ci', console: true });
    users.push({ name: 'deploy', console: false });
    for (const p of users) {
      const u = new iam.User(this, p.name, { userName: p.name, password: p.console ? cdk.SecretValue.unsafePlainText('x') : undefined });
      new iam.AccessKey(this, \`\${p.name}Key\`, { user: u });
    }`;
    expect(await findings({ 'app.ts': app('', body) })).toEqual([consoleUser('ci')]);
  });

  it('stay unknown where a copy is made before a push', async () => {
    const body = `    const names: string[] = ['ci'];
    const copy = [...names];
    names.push('root');
    for (const n of copy) new iam.AccessKey(this, \`\${n}Key\`, { user: iam.User.fromUserName(this, \`\${n}User\`, n) });`;
    expect(await findings({ 'app.ts': app('', body) })).toEqual([
      'warning multiple-active-access-keys Cannot tell whether OpsStack/`${n}Key` is a second active access key of a user',
      'warning root-user-access-key Cannot tell whether access key OpsStack/`${n}Key` is for the root user',
    ]);
  });

  it('stay unknown where a loop pushes after it reads', async () => {
    const body = `    const names: string[] = ['ci'];
    for (const k of ['a', 'b']) {
      for (const n of names) new iam.AccessKey(this, n + k, { user: iam.User.fromUserName(this, n + k + 'User', n) });
      names.push('root');
    }`;
    expect((await findings({ 'app.ts': app('', body) })).filter((f) => f.startsWith('error'))).toEqual([]);
  });

  it('stay unknown when filled by a function declared beside them, which may run at another time', async () => {
    const fill = "    const names: string[] = [];\n    function add(n: string) {\n      names.push(n);\n    }\n    add('ci');";
    expect(await findings({ 'app.ts': app('', `${fill}\n${USERS}`) })).toEqual([
      'warning console-user-with-access-key Cannot tell whether OpsStack/n.password belongs to a console user with an active access key',
      'warning root-user-access-key Cannot tell whether access key OpsStack/`${n}Key` is for the root user',
    ]);
  });

  it('stay unknown when a class reading them is declared before the writes', async () => {
    const source = app('const names: string[] = [];', USERS).replace(
      "new OpsStack(new cdk.App(), 'Ops');",
      "names.push('ci');\nnew OpsStack(new cdk.App(), 'Ops');",
    );
    expect((await findings({ 'app.ts': source })).map((f) => f.split(' ')[0])).toEqual(['warning', 'warning']);
  });

  it('are known when the app creating the stack is in another file: the module filling them runs first (cdk-source-module-order)', async () => {
    const stack = app("const names: string[] = [];\nnames.push('ci');", USERS)
      .replace('class OpsStack', 'export class OpsStack')
      .replace("new OpsStack(new cdk.App(), 'Ops');\n", '');
    const main = "import * as cdk from 'aws-cdk-lib';\nimport { OpsStack } from './stack';\nnew OpsStack(new cdk.App(), 'Ops');\n";
    expect(await findings({ 'main.ts': main, 'stack.ts': stack })).toEqual([consoleUser('ci')]);
  });
});

describe('a module variable read by code the app runs from a file importing it', () => {
  it('is filled, the module having run first (a Map of constructs: nothing was reported before, then warnings)', async () => {
    const stack = `import * as cdk from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
export const app = new cdk.App();
const base = new cdk.Stack(app, 'Base');
const users = new Map<string, iam.User>();
users.set('ci', new iam.User(base, 'Ci', { userName: 'ci', password: cdk.SecretValue.unsafePlainText('x') }));
export class KeyStack extends cdk.Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const u = users.get('ci');
    if (u) new iam.AccessKey(this, 'K', { user: u });
  }
}
`;
    // cdk synth: the console user ci has the access key Keys/K.
    const result = await findings({ 'main.ts': "import { app, KeyStack } from './stack';\nnew KeyStack(app, 'Keys');\n", 'stack.ts': stack });
    expect(result).toEqual([
      'error console-user-with-access-key IAM user "ci" has a console password (Base/Ci.password) and an active access key (KeyStack/K).',
    ]);
  });
});

describe('arrays filled by many writes', () => {
  /** `n` pushes of one value each, then a loop over the array: past 1000 elements it is cut off, in time proportional to `n`. */
  function pushes(n: number): Record<string, string> {
    const lines = ["import * as cdk from 'aws-cdk-lib';", "import * as iam from 'aws-cdk-lib/aws-iam';", "const stack = new cdk.Stack(new cdk.App(), 'S');"];
    lines.push('const names: string[] = [];');
    for (let i = 0; i < n; i += 1) lines.push(`names.push('u${String(i)}');`);
    lines.push("for (const n of names) new iam.AccessKey(stack, n, { user: iam.User.fromUserName(stack, n + 'U', n) });");
    return { 'cdk.json': '{}', 'app.ts': [...lines, ''].join('\n') };
  }

  it('give the loop over 10,000 pushes up as too long to evaluate', async () => {
    const result = await lint({ paths: [tempTree(pushes(10_000))], reportUnknown: true });
    expect(result.findings.map((f) => f.ruleId)).toContain('parse-error');
    expect(result.findings.find((f) => f.ruleId === 'parse-error')?.message).toContain('more than 1000 elements');
  });

  it('stop counting a push in a loop too long to expand', async () => {
    const source =
      "import * as cdk from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\nconst stack = new cdk.Stack(new cdk.App(), 'S');\n" +
      'const names: string[] = [];\nfor (let i = 0; i < 1000000; i++) names.push(`u${i}`);\n' +
      "new iam.AccessKey(stack, 'K', { user: iam.User.fromUserName(stack, 'U', names[0]) });\n";
    const result = await lint({ paths: [tempTree({ 'cdk.json': '{}', 'app.ts': source })], reportUnknown: true });
    expect(result.findings.map((f) => f.message.replace(/:.*/, ''))).toContain('Cannot tell whether access key S/K is for the root user');
  });

  /** This process's CPU time for one scan of `root`, which must give up on the array past 1000 elements (the input is the one built). */
  async function cpuMilliseconds(root: string): Promise<number> {
    const before = process.cpuUsage();
    const result = await lint({ paths: [root], cwd: root });
    const used = process.cpuUsage(before);
    expect(result.findings.map((f) => f.ruleId)).toEqual(['parse-error']);
    return (used.user + used.system) / 1000;
  }

  // A retry absorbs a burst of load from the other test processes.
  it('cost time about proportional to the writes', { retry: 2 }, async () => {
    const small = tempTree(pushes(10_000));
    const large = tempTree(pushes(20_000));
    await cpuMilliseconds(small); // loads typescript and warms the code
    const smallCost = Math.min(await cpuMilliseconds(small), await cpuMilliseconds(small));
    const largeCost = await cpuMilliseconds(large);
    // Twice the writes: about twice the time; four times if each write or read went through every write.
    expect(largeCost / smallCost).toBeLessThan(3.2);
  });
});
