/**
 * Several `App`s in one project's source (`src/cdk-source/construct-app.ts`): each is synthesized and
 * deployed on its own, so users of one name in two apps are two users; where a construct's app cannot
 * be followed, its users stay linked with every app's, as before apps were told apart.
 */
import { describe, expect, it } from 'vitest';
import { linkCredentials } from '../../src/model/link-credentials.js';
import { extract } from '../support/cdk-source-harness.js';

const HEAD = "import { App, Stack, Stage } from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\n";

/** The app of each key (by the line of its `new App`), and the identities linking gives (display name: key count). */
function apps(source: string) {
  const { unit } = extract({ 'app.ts': HEAD + source });
  if (!unit) return undefined;
  return {
    keys: unit.accessKeys.map((k) => (k.app === undefined ? '-' : `App@${/:(\d+):\d+$/.exec(k.app)?.[1] ?? '?'}`)),
    identities: linkCredentials(unit).identities.map((i) => `${i.displayName}: ${i.accessKeys.length}`),
  };
}

const KEYS_STACK =
  "class KeysStack extends Stack {\n  constructor(scope: App | Stage, id: string) {\n    super(scope, id);\n    new iam.AccessKey(this, 'Key', { user: iam.User.fromUserName(this, 'U', 'ops') });\n  }\n}\n";

describe('CDK source: one user per App', () => {
  it('follows scopes through variables, stage and stack classes, and an App passed inline', () => {
    const result = apps(
      `${KEYS_STACK}class Env extends Stage {\n  constructor(scope: App, id: string) {\n    super(scope, id);\n    new KeysStack(this, 'Keys');\n  }\n}\n` +
        "const prod = new App();\nnew Env(prod, 'Prod');\nconst dev = new App();\nconst devStack = new Stack(dev, 'Dev');\n" +
        "new iam.AccessKey(devStack, 'Key', { user: iam.User.fromUserName(devStack, 'U', 'ops') });\nnew KeysStack(new App(), 'Preview');\n",
    );
    expect(result).toEqual({ keys: ['App@15', 'App@17', 'App@20'], identities: ['"ops": 1', '"ops": 1', '"ops": 1'] });
  });

  it('a project subclass of App is an App', () => {
    const result = apps(`${KEYS_STACK}class OpsApp extends App {}\nnew KeysStack(new OpsApp(), 'A');\nnew KeysStack(new OpsApp(), 'B');\n`);
    expect(result?.identities).toEqual(['"ops": 1', '"ops": 1']);
  });

  it('one App: no app is recorded, and its keys stay one user', () => {
    const result = apps(`${KEYS_STACK}const app = new App();\nnew KeysStack(app, 'A');\nnew KeysStack(app, 'B');\n`);
    expect(result).toEqual({ keys: ['-', '-'], identities: ['"ops": 2'] });
  });

  it('follows a scope parameter to the argument its call passed: an App given to a helper per call', () => {
    const helper = 'function build(scope: App, id: string) {\n  new KeysStack(scope, id);\n}\n';
    expect(apps(`${KEYS_STACK}${helper}build(new App(), 'A');\nbuild(new App(), 'B');\n`)).toEqual({
      keys: ['App@12', 'App@13'],
      identities: ['"ops": 1', '"ops": 1'],
    });
    // One App given to every call: one app, its keys one user.
    expect(apps(`${KEYS_STACK}${helper}const app = new App();\nbuild(app, 'A');\nbuild(app, 'B');\n`)).toEqual({
      keys: ['-', '-'],
      identities: ['"ops": 2'],
    });
  });

  it('a key whose app cannot be followed (a parameter of a callback credlint does not follow) keeps the users of every app linked', () => {
    const result = apps(
      `${KEYS_STACK}function addKey(stack: Stack) {\n  new iam.AccessKey(stack, 'Extra', { user: iam.User.fromUserName(stack, 'X', 'ops') });\n}\n` +
        "new KeysStack(new App(), 'A');\nnew KeysStack(new App(), 'B');\nconst c = new Stack(new App(), 'C');\n[c].forEach((stack) => addKey(stack));\n",
    );
    expect(result?.keys).toEqual(['App@12', 'App@13', '-']);
    expect(result?.identities).toEqual(['"ops": 3']);
  });
});
