/**
 * The construct walk visits only syntax that can create an IAM construct (`construct-relevance.ts`):
 * code around buckets, queues and tags costs no budget, and a construct reached through any chain of
 * project calls is still found in every context it is created in.
 */
import { describe, expect, it } from 'vitest';
import { HEADER, summarise } from '../support/cdk-source-harness.js';

const ids = `[${Array.from({ length: 1000 }, (_, i) => String(i)).join(', ')}]`;

describe('CDK source walk: only what can create an IAM construct', () => {
  it('spends no loop budget on code that creates no IAM construct', () => {
    // A million iterations of tagging, ten times the loop budget, before the user and its key.
    const app =
      `${HEADER}const app = new cdk.App();\nconst stack = new cdk.Stack(app, 'Tags');\nconst ids = ${ids};\n` +
      'for (const a of ids) for (const b of ids) cdk.Tags.of(stack).add(`t${a}`, `${b}`);\n' +
      "const user = new iam.User(stack, 'Ops', { password: cdk.SecretValue.unsafePlainText('x') });\n" +
      "new iam.AccessKey(stack, 'Key', { user });\n";
    expect(summarise({ 'app.ts': app })).toEqual({
      diagnostics: [],
      users: ['Tags/Ops'],
      profiles: ['Tags/Ops.password'],
      keys: ['Tags/Key | user Tags/Ops | Active'],
    });
  });

  it('still spends the budget on loops that create IAM constructs', () => {
    const app = `${HEADER}const app = new cdk.App();\nconst stack = new cdk.Stack(app, 'Many');\nconst ids = ${ids};\nfor (const a of ids) for (const b of ids) new iam.User(stack, \`u\${a}-\${b}\`);\n`;
    expect(summarise({ 'app.ts': app }).diagnostics).not.toEqual([]);
  });

  it('follows a construct through property initializers, callbacks, implicit super calls and recursion', () => {
    const app =
      `${HEADER}const app = new cdk.App();\n` +
      // The key is created in Base's constructor, which Keyed reaches only through its implicit super call.
      "class Base extends cdk.Stack {\n  constructor(scope: cdk.App, id: string) {\n    super(scope, id);\n    new iam.AccessKey(this, 'Key', { user: iam.User.fromUserName(this, 'U', id) });\n  }\n}\n" +
      'class Keyed extends Base {}\n' +
      // A function reaching it from a callback, and a pair of functions reaching it through recursion.
      "function viaCallback(scope: cdk.App) {\n  ['a'].forEach((s) => new Keyed(scope, `cb-${s}`));\n}\n" +
      "function even(n: number): void {\n  if (n > 0) odd(n - 1);\n}\nfunction odd(n: number): void {\n  new Keyed(app, 'odd');\n  even(n);\n}\n" +
      // A class whose instance property initializer calls it; its method, never called, creates nothing.
      'class Holder {\n  readonly made = viaCallback(app);\n  describe() {\n    return new cdk.Stack(app, `unused`);\n  }\n}\n' +
      'new Holder();\neven(1);\n';
    const { diagnostics, keys } = summarise({ 'app.ts': app });
    expect(diagnostics).toEqual([]);
    expect(keys).toEqual([
      'Holder@27:1/viaCallback@22:19/cb-a/Key | name cb-a | Active',
      'even@28:1/odd@15:14/odd/Key | name odd | Active',
      'odd@15:14/odd/Key | name odd | Active | created in a recursive call of even, which credlint does not follow',
    ]);
  });
});
