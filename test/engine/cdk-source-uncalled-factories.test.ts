/**
 * A static method, a function held by a static property, or an exported function that nothing in an
 * app's project calls or names runs only if code credlint does not see calls it: synth (aws-cdk-lib
 * 2.276) writes nothing of `static create(scope) { return new UsersStack(scope, 'Spare'); }` beside the
 * app's own `new UsersStack(app, 'Main')`. Walked as if called once, its stack's key was a second one.
 * Where the name is used some other way the body may run, and a library with no App keeps its factories
 * walked as run once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

const STACK =
  "import { App, Stack } from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\nimport type { Construct } from 'constructs';\n" +
  'export class UsersStack extends Stack {\n' +
  '  constructor(scope: Construct, id: string) {\n    super(scope, id);\n' +
  "    new iam.AccessKey(this, 'Key', { user: new iam.User(this, 'Ci', { userName: 'ci' }) });\n  }\n";

async function findings(files: Record<string, string>, withCdkJson = true): Promise<string[]> {
  const root = tempTree(
    { 'package.json': '{"dependencies": {"aws-cdk-lib": "2.0.0"}}', ...(withCdkJson ? { 'cdk.json': '{"app": "npx ts-node app.ts"}' } : {}), ...files },
    'credlint-uncalled-factories-',
  );
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.severity} ${f.ruleId} ${f.message}`);
}

const severities = (found: string[]): string[] => found.map((f) => f.split(' ').slice(0, 2).join(' '));

describe('a body nothing in an app calls', () => {
  it.each([
    ['a static method', "  static create(scope: Construct): UsersStack {\n    return new UsersStack(scope, 'Spare');\n  }\n}\n", 'create'],
    ['an arrow function in a static property', "  static readonly create = (scope: Construct): UsersStack => new UsersStack(scope, 'Spare');\n}\n", 'create'],
    ['an exported function', "}\nexport function spare(scope: Construct): UsersStack {\n  return new UsersStack(scope, 'Spare');\n}\n", 'spare'],
  ])('is %s that creates a stack of unknown existence', async (_, rest, name) => {
    const found = await findings({ 'app.ts': `${STACK}${rest}new UsersStack(new App(), 'Main');\n` });
    expect(severities(found)).toEqual(['warning multiple-active-access-keys']);
    expect(found[0]).toContain(`nothing in the project calls or ${name === 'spare' ? 'imports' : 'names'} ${name}`);
  });

  it.each([
    ['called through an element access', "UsersStack['create'](app);"],
    ['taken by destructuring', 'const { create } = UsersStack;\ncreate(app);'],
    ['bound', 'UsersStack.create.bind(UsersStack)(app);'],
  ])('is not a static method %s', async (_, use) => {
    const rest = "  static create(scope: Construct): UsersStack {\n    return new UsersStack(scope, 'Spare');\n  }\n}\n";
    const found = await findings({ 'app.ts': `${STACK}${rest}const app = new App();\nnew UsersStack(app, 'Main');\n${use}\n` });
    expect(severities(found)).toEqual(['error multiple-active-access-keys']);
  });

  it('is not a factory of a library that makes no App', async () => {
    const library = STACK.replace('import { App, Stack }', 'import { Stack }');
    const rest = "  static create(scope: Construct): UsersStack {\n    return new UsersStack(scope, 'Spare');\n  }\n}\n";
    expect(severities(await findings({ 'users.ts': `${library}${rest}` }, false))).toEqual([]);
    const found = await findings(
      { 'users.ts': `${library}${rest}export function pair(scope: Construct): void {\n  UsersStack.create(scope);\n  UsersStack.create(scope);\n}\n` },
      false,
    );
    expect(severities(found)).toEqual(['error multiple-active-access-keys']);
  });
});
