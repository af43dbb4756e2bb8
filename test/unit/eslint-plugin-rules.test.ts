import { RuleTester } from '@typescript-eslint/rule-tester';
import { afterAll, describe, expect, it } from 'vitest';
import { analyseSource } from '../../src/eslint-plugin/analyse-source.js';
import type { RuleModule } from '@typescript-eslint/utils/ts-eslint';
import type { RuleOptions } from '../../src/eslint-plugin/eslint-rule.js';
import credlint from '../../src/eslint-plugin/index.js';

// typescript-eslint's RuleTester runs each case as a test of the framework it is given.
RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/** No type information: the rules parse the linted text themselves (the default parser is typescript-eslint's). */
const ruleTester = new RuleTester();

const rule = (id: string) => {
  const found = credlint.rules[id];
  if (!found) throw new Error(`no rule ${id}`);
  // The plugin publishes ESLint's rule type (`schema: false`); typescript-eslint's RuleTester takes its own.
  return found as unknown as RuleModule<string, RuleOptions>;
};

/** Four lines of CDK app; the statements under test start on line 5. */
const cdk = (body: string) =>
  "import * as cdk from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\nconst app = new cdk.App();\nconst stack = new cdk.Stack(app, 'Team');\n" +
  body;

const ROOT_KEY = "new iam.AccessKey(stack, 'RootKey', { user: iam.User.fromUserName(stack, 'Root', 'root') });\n";
/** The span of ROOT_KEY on line 5: the `new` expression, without the semicolon. */
const ROOT_KEY_SPAN = { line: 5, column: 1, endLine: 5, endColumn: 92 };

ruleTester.run('root-user-access-key', rule('root-user-access-key'), {
  valid: [
    // `groot` is an ordinary user: the root names match exactly.
    cdk("new iam.AccessKey(stack, 'K', { user: iam.User.fromUserName(stack, 'U', 'groot') });\n"),
    // The same code without aws-cdk-lib: AccessKey is someone else's class, the file is not analysed.
    "import { AccessKey, User } from './my-constructs';\nnew AccessKey(stack, 'K', { user: User.fromUserName(stack, 'U', 'root') });\n",
    {
      code: cdk("new iam.AccessKey(stack, 'Old', { user: iam.User.fromUserName(stack, 'R', 'root'), status: iam.AccessKeyStatus.INACTIVE });\n"),
      options: [{ ignoreInactive: true }],
    },
    // A valid suppression on the line above the statement, with a doc comment between.
    cdk(`// credlint-ignore root-user-access-key until=2999-12-31 -- break-glass key, removed in OPS-7\n/** The old pipeline's key. */\n${ROOT_KEY}`),
    // The user comes from another file: without type information it is unknown, and unknown is not true.
    cdk("import { rootUser } from './users.js';\nnew iam.AccessKey(stack, 'K', { user: rootUser });\n"),
  ],
  invalid: [
    { code: cdk(ROOT_KEY), errors: [{ messageId: 'rootKey', data: { key: 'Team/RootKey', user: 'root' }, ...ROOT_KEY_SPAN }] },
    {
      // Whatever its status by default (CIS: no root key may exist), across lines, and for CfnAccessKey.
      code: cdk(
        "new iam.AccessKey(stack, 'Old', {\n  user: iam.User.fromUserName(stack, 'R', 'root'),\n  status: iam.AccessKeyStatus.INACTIVE,\n});\n" +
          "class Legacy extends cdk.Stack {\n  constructor(scope: cdk.App) {\n    super(scope, 'Legacy');\n    new iam.CfnAccessKey(this, 'Legacy', { userName: '<root_account>' });\n  }\n}\nnew Legacy(app);\n",
      ),
      errors: [
        { messageId: 'rootKey', line: 5, column: 1, endLine: 8, endColumn: 3 },
        { messageId: 'rootKey', data: { key: 'Legacy/Legacy', user: '<root_account>' }, line: 12, column: 5, endLine: 12, endColumn: 73 },
      ],
    },
    {
      code: cdk("new iam.AccessKey(stack, 'Old', { user: iam.User.fromUserName(stack, 'R', 'ROOT') });\n"),
      options: [{ ignoreInactive: true }],
      errors: [{ messageId: 'rootKey', data: { key: 'Team/Old', user: 'ROOT' }, line: 5, column: 1, endLine: 5, endColumn: 85 }],
    },
    {
      // A suppression without a reason does not suppress, and says why.
      code: cdk(`// credlint-ignore root-user-access-key\n${ROOT_KEY}`),
      errors: [
        {
          messageId: 'invalidSuppression',
          data: { message: 'Suppression has no reason (write "-- <reason>" after the rule ids), so it suppresses nothing.' },
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 40,
        },
        { messageId: 'rootKey', line: 6, column: 1, endLine: 6, endColumn: 92 },
      ],
    },
    {
      code: cdk(`  // credlint-ignore root-user-access-key until=2020-01-31 -- rotation\n${ROOT_KEY}`),
      errors: [
        {
          messageId: 'invalidSuppression',
          data: { message: 'Suppression expired on 2020-01-31, so it suppresses nothing.' },
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 71,
        },
        { messageId: 'rootKey', line: 6, column: 1, endLine: 6, endColumn: 92 },
      ],
    },
    {
      code: cdk(`// credlint-ignore root-user-access-key,root-key -- typo in the second id\n${ROOT_KEY}`),
      errors: [
        {
          messageId: 'invalidSuppression',
          data: { message: 'Suppression names unknown rule "root-key", so it suppresses nothing.' },
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 74,
        },
        { messageId: 'rootKey', line: 6, column: 1, endLine: 6, endColumn: 92 },
      ],
    },
    {
      // Suppressing another rule does not suppress this one (and that directive is the other rule's business).
      code: cdk(`// credlint-ignore multiple-active-access-keys -- rotation\n${ROOT_KEY}`),
      errors: [{ messageId: 'rootKey', line: 6, column: 1, endLine: 6, endColumn: 92 }],
    },
  ],
});

const OPS = "const ops = new iam.User(stack, 'Ops', { userName: 'ops' });\n";

ruleTester.run('multiple-active-access-keys', rule('multiple-active-access-keys'), {
  valid: [
    cdk(`${OPS}new iam.AccessKey(stack, 'First', { user: ops });\n`),
    // During a rotation the old key is Inactive.
    cdk(`${OPS}new iam.AccessKey(stack, 'First', { user: ops, status: iam.AccessKeyStatus.INACTIVE });\nnew iam.AccessKey(stack, 'Second', { user: ops });\n`),
    cdk(
      `${OPS}new iam.AccessKey(stack, 'First', { user: ops });\n/* eslint-disable-next-line */\nconst second = new iam.AccessKey(stack, 'Second', { user: ops });\n`,
    ),
  ],
  invalid: [
    {
      // Reported at the key that takes the count past one; linked by reference and by name alike.
      code: cdk(
        `${OPS}new iam.AccessKey(stack, 'First', { user: ops });\nconst second = new iam.AccessKey(stack, 'Second', { user: iam.User.fromUserName(stack, 'Imported', 'OPS') });\n`,
      ),
      errors: [
        {
          messageId: 'multipleActiveKeys',
          data: { user: '"ops"', count: 2, keys: 'Team/First, Team/Second' },
          line: 7,
          column: 16,
          endLine: 7,
          endColumn: 109,
        },
      ],
    },
  ],
});

const ANA = "const ana = new iam.User(stack, 'Ana', { userName: 'ana', password: cdk.SecretValue.unsafePlainText('initial') });\n";

const SMTP_USER =
  'class SmtpUser extends iam.User {\n  constructor(scope: cdk.Stack, id: string, props: iam.UserProps) {\n    super(scope, id, props);\n' +
  "    new iam.AccessKey(this, 'Key', { user: this });\n  }\n}\n";

ruleTester.run('console-user-with-access-key', rule('console-user-with-access-key'), {
  valid: [
    cdk(ANA),
    // The same subclass given no password: no console user.
    cdk(SMTP_USER + "new SmtpUser(stack, 'Smtp', { userName: 'smtp' });\n"),
    cdk(`${ANA}new iam.AccessKey(stack, 'AnaKey', { user: ana, status: iam.AccessKeyStatus.INACTIVE });\n`),
    cdk(
      `${ANA}// credlint-ignore console-user-with-access-key,root-user-access-key -- migrating ana to SSO (OPS-12)\nnew iam.AccessKey(stack, 'AnaKey', { user: ana });\n`,
    ),
  ],
  invalid: [
    {
      code: cdk(`${ANA}new iam.AccessKey(stack, 'AnaKey', { user: ana });\n`),
      errors: [{ messageId: 'consoleUserWithKey', line: 6, column: 1, endLine: 6, endColumn: 50 }],
    },
    {
      // A project class extending iam.User is a user, in the linted file alone: `this` inside it, the
      // password forwarded through super(...) as a whole props object.
      code: cdk(SMTP_USER + "new SmtpUser(stack, 'Smtp', { userName: 'smtp', password: cdk.SecretValue.unsafePlainText('initial') });\n"),
      errors: [
        {
          messageId: 'consoleUserWithKey',
          data: { user: '"smtp"', profile: 'Team/Smtp.password', key: 'SmtpUser/Key' },
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 51,
        },
      ],
    },
  ],
});

describe('the analysis the rules share', () => {
  it('is made once per SourceCode (one lint pass), for all three rules', () => {
    const source = { text: cdk(ROOT_KEY) };
    const first = analyseSource(source, '/app/stack.ts');
    expect(first?.fileName).toBe('/app/stack.ts');
    expect(first?.units[0]?.unit.accessKeys.map((k) => k.address)).toEqual(['Team/RootKey']);
    expect(analyseSource(source, '/app/stack.ts')).toBe(first);
    // The next pass (after a fix) has a new SourceCode and is analysed afresh.
    expect(analyseSource({ text: source.text }, '/app/stack.ts')).not.toBe(first);
  });

  it('is absent for a file that declares no IAM resource or does not parse', () => {
    expect(analyseSource({ text: cdk('new cdk.Stack(app, "Other");\n') }, '/app/other.ts')).toBeUndefined();
    expect(analyseSource({ text: cdk(ROOT_KEY.replace('});', '};')) }, '/app/broken.ts')).toBeUndefined();
  });
});
