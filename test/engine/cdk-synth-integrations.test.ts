import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Aspects, CfnParameter, CfnResource, NestedStack, SecretValue, Stack, Stage, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { afterAll, describe, expect, it } from 'vitest';
import { CredlintChecks, CredlintPlugin, type CredlintCdkOptions } from '../../src/cdk/index.js';
import { RecordingPlugin } from '../support/recording-cdk-plugin.js';
import { SYNTH_CONTEXT } from '../../scripts/synth-fixtures.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'credlint-cdk-synth-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let apps = 0;

function newApp(props: ConstructorParameters<typeof App>[0] = {}): App {
  process.env.CDK_VALIDATION = 'false';
  apps += 1;
  return new App({ outdir: path.join(scratch, `app-${String(apps)}`), context: { ...SYNTH_CONTEXT }, ...props });
}

/** Synthesizes with the plugin; what the CDK did with its report (it throws the report when synthesis fails under a test runner). */
function withPlugin(
  define: (app: App) => void,
  options?: CredlintCdkOptions,
  register: 'addPlugins' | 'props' = 'addPlugins',
  context: Record<string, unknown> = {},
) {
  const plugin = new RecordingPlugin(options);
  const props = { context: { ...SYNTH_CONTEXT, ...context } };
  const app = register === 'props' ? newApp({ ...props, policyValidationBeta1: [plugin] }) : newApp(props);
  if (register === 'addPlugins') Validations.of(app).addPlugins(plugin);
  define(app);
  let failure: string | undefined;
  try {
    app.synth();
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  }
  const violations = plugin.reports.flatMap((r) => r.violations);
  return {
    failure,
    violations: violations.map((v) => ({
      rule: v.ruleName,
      severity: v.severity,
      paths: v.violatingResources.map((r) => (r as { constructPath?: string }).constructPath),
    })),
    raw: violations,
  };
}

/** Synthesizes with the Aspect on the app and on every Stage; the annotations in the cloud assembly. */
function withAspect(define: (app: App) => void, options?: CredlintCdkOptions, props: ConstructorParameters<typeof App>[0] = {}) {
  const app = newApp(props);
  define(app);
  for (const scope of [app, ...app.node.findAll().filter((c) => Stage.isStage(c))]) Aspects.of(scope).add(new CredlintChecks(options));
  const assembly = app.synth();
  return assembly.stacksRecursively
    .flatMap((stack) =>
      stack.messages.filter((m) => String(m.entry.data).includes('credlint')).map((m) => ({ path: m.id, level: m.level, text: String(m.entry.data) })),
    )
    .sort((a, b) => a.path.localeCompare(b.path));
}

function consoleUser(app: Construct): { stack: Stack; key: iam.AccessKey } {
  const stack = new Stack(app, 'People');
  const user = new iam.User(stack, 'Ana', { userName: 'ana', password: SecretValue.secretsManager('pw') });
  return { stack, key: new iam.AccessKey(stack, 'Key', { user }) };
}

function twoKeys(app: Construct): void {
  const stack = new Stack(app, 'Ci');
  const user = new iam.User(stack, 'Ci', { userName: 'ci' });
  new iam.AccessKey(stack, 'First', { user });
  new iam.AccessKey(stack, 'Second', { user });
}

function rootKey(status?: iam.AccessKeyStatus) {
  return (app: Construct): void => {
    const stack = new Stack(app, 'Account');
    new iam.AccessKey(stack, 'RootKey', { user: iam.User.fromUserName(stack, 'Root', 'root'), ...(status ? { status } : {}) });
  };
}

function suppressed(reason: string | undefined) {
  return (app: App): void => {
    const { key } = consoleUser(app);
    (key.node.defaultChild as CfnResource).addMetadata('credlint', {
      ignore: [{ rule: 'console-user-with-access-key', ...(reason === undefined ? {} : { reason }) }],
    });
  };
}

describe('CredlintPlugin', () => {
  it('fails synthesis on a console user with a key, naming the rule, the fix and the construct (Validations.of(app).addPlugins)', () => {
    const result = withPlugin((app) => consoleUser(app));
    expect(result.violations).toEqual([{ rule: 'console-user-with-access-key', severity: 'error', paths: ['People/Key/Resource'] }]);
    const [violation] = result.raw;
    expect(violation?.description).toContain('"ana"');
    expect(violation?.fix).toMatch(/rules\/console-user-with-access-key\/README\.md$/);
    expect(violation?.violatingResources[0]).toMatchObject({
      resourceLogicalId: expect.stringMatching(/^Key/),
      templatePath: expect.stringMatching(/People\.template\.json$/),
    });
    expect(result.failure).toMatch(/credlint/);
    expect(result.failure).toContain('console-user-with-access-key');
  });

  it('works registered through new App({ policyValidationBeta1 })', () => {
    const result = withPlugin(twoKeys, {}, 'props');
    expect(result.violations).toEqual([{ rule: 'multiple-active-access-keys', severity: 'error', paths: ['Ci/Second/Resource'] }]);
    expect(result.failure).toContain('multiple-active-access-keys');
  });

  it('reports a root key, and lets synthesis pass when there is nothing to report', () => {
    expect(withPlugin(rootKey()).violations).toEqual([{ rule: 'root-user-access-key', severity: 'error', paths: ['Account/RootKey/Resource'] }]);
    const clean = withPlugin((app) => {
      const stack = new Stack(app, 'Account');
      new iam.AccessKey(stack, 'Key', { user: iam.User.fromUserName(stack, 'Chroot', 'chroot') });
    });
    expect(clean).toMatchObject({ failure: undefined, violations: [] });
  });

  it('takes rule settings like the configuration file: off, warning, and options', () => {
    expect(withPlugin(twoKeys, { rules: { 'multiple-active-access-keys': 'off' } })).toMatchObject({ failure: undefined, violations: [] });
    const warned = withPlugin(twoKeys, { rules: { 'multiple-active-access-keys': 'warning' } });
    expect(warned.failure).toBeUndefined();
    expect(warned.violations).toEqual([{ rule: 'multiple-active-access-keys', severity: 'warning', paths: ['Ci/Second/Resource'] }]);
    expect(withPlugin(rootKey(iam.AccessKeyStatus.INACTIVE)).violations).toHaveLength(1);
    expect(withPlugin(rootKey(iam.AccessKeyStatus.INACTIVE), { rules: { 'root-user-access-key': ['error', { ignoreInactive: true }] } }).violations).toEqual(
      [],
    );
  });

  it('refuses rule settings the configuration file would refuse', () => {
    expect(() => new CredlintPlugin({ rules: { 'no-such-rule': 'error' } })).toThrow(/unknown rule "no-such-rule"/);
    expect(() => new CredlintChecks({ rules: { 'root-user-access-key': 'fatal' as 'error' } })).toThrow(/the level must be off, note, warning or error/);
  });

  it('refuses a now that is not a valid Date, which would otherwise fail only inside validate', () => {
    expect(() => new CredlintPlugin({ now: '2027-01-02' as unknown as Date })).toThrow(
      `credlint/cdk: invalid now option: expected a valid Date, such as new Date('2026-12-31'), got the string "2027-01-02"`,
    );
    expect(() => new CredlintChecks({ now: new Date('2027-13-45') })).toThrow(/got an invalid Date/);
  });

  it('fails synthesis with an error violation when checking throws: the CDK CLI lets a failed plugin pass', () => {
    const now = new Date('2027-01-02');
    const checked = withPlugin(
      (app) => {
        twoKeys(app);
        // Broken after the constructor checked it: checking then throws inside validate.
        now.setTime(Number.NaN);
      },
      { now },
    );
    expect(checked.failure).toMatch(/^ERROR internal error while analysing the cloud assembly: RangeError: Invalid time value \(credlint\)/);
    expect(checked.violations).toEqual([{ rule: 'parse-error', severity: 'error', paths: [undefined] }]);
    expect(checked.raw[0]?.description).toMatch(/^internal error while analysing the cloud assembly: RangeError: Invalid time value$/);
    expect(checked.raw[0]?.fix).toMatch(/^See the README of credlint, "Exit codes", "Limits": https:\/\/unpkg\.com\/credlint@[^/]+\/README\.md$/);
  });

  it('evaluates CloudFormation parameters with the values given', () => {
    const app = (app: App) => {
      const stack = new Stack(app, 'Keys');
      const who = new CfnParameter(stack, 'KeyUser', { default: 'ops' });
      new iam.CfnAccessKey(stack, 'Key', { userName: who.valueAsString });
    };
    expect(withPlugin(app).violations).toEqual([]);
    expect(withPlugin(app, { parameters: { KeyUser: 'root' } }).violations).toEqual([{ rule: 'root-user-access-key', severity: 'error', paths: ['Keys/Key'] }]);
  });

  it('honours credlint metadata suppressions written with addMetadata, and reports one without a reason', () => {
    expect(withPlugin(suppressed('break-glass user, key rotated by the vault'))).toMatchObject({ failure: undefined, violations: [] });
    const invalid = withPlugin(suppressed(undefined));
    expect(invalid.violations).toEqual([
      { rule: 'console-user-with-access-key', severity: 'error', paths: ['People/Key/Resource'] },
      { rule: 'invalid-suppression', severity: 'warning', paths: ['People/Key/Resource'] },
    ]);
    expect(invalid.failure).toBeDefined();
  });

  it("honours the CDK's own acknowledgement, Validations.of(construct).acknowledge({ id: 'credlint::<rule>' })", () => {
    const result = withPlugin((app) => {
      const { key } = consoleUser(app);
      Validations.of(key).acknowledge({ id: 'credlint::console-user-with-access-key', reason: 'migration user, removed in Q3' });
    });
    expect(result.failure).toBeUndefined();
  });

  it('reports a key in a nested stack and in a Stage', () => {
    const nestedApp = (app: App) => {
      const stack = new Stack(app, 'Platform');
      const user = new iam.User(stack, 'Ops', { userName: 'ops', password: SecretValue.secretsManager('pw') });
      const keys = new NestedStack(stack, 'Keys');
      new iam.AccessKey(keys, 'OpsKey', { user });
    };
    const expected = [{ rule: 'console-user-with-access-key', severity: 'error', paths: ['Platform/Keys/OpsKey/Resource'] }];
    expect(withPlugin(nestedApp).violations).toEqual(expected);
    // Without `aws:cdk:enable-asset-metadata` (an app synthesized outside the CDK CLI) only the manifest names the nested template.
    expect(withPlugin(nestedApp, undefined, 'addPlugins', { 'aws:cdk:enable-asset-metadata': false }).violations).toEqual(expected);
    const staged = withPlugin((app) => {
      twoKeys(new Stage(app, 'Prod'));
    });
    expect(staged.violations).toEqual([{ rule: 'multiple-active-access-keys', severity: 'error', paths: ['Prod/Ci/Second/Resource'] }]);
  });
  it('registered on a Stage, reports on the stacks of that Stage only', () => {
    const plugin = new RecordingPlugin();
    const app = newApp();
    twoKeys(app);
    const stage = new Stage(app, 'Prod');
    Validations.of(stage).addPlugins(plugin);
    rootKey()(stage);
    expect(() => app.synth()).toThrow(/root-user-access-key/);
    expect(plugin.reports.flatMap((r) => r.violations.map((v) => v.ruleName))).toEqual(['root-user-access-key']);
  });
});

describe('CredlintChecks', () => {
  it('adds an error annotation with the rule id and message on the access-key construct', () => {
    expect(withAspect((app) => consoleUser(app))).toEqual([
      { path: '/People/Key', level: 'error', text: expect.stringMatching(/^credlint\/console-user-with-access-key: .*"ana"/) },
    ]);
    expect(withAspect(twoKeys)).toEqual([{ path: '/Ci/Second', level: 'error', text: expect.stringMatching(/^credlint\/multiple-active-access-keys: /) }]);
    expect(withAspect(rootKey())).toEqual([{ path: '/Account/RootKey', level: 'error', text: expect.stringMatching(/^credlint\/root-user-access-key: /) }]);
  });

  it('is silent on compliant apps, suppressed and acknowledged constructs, and takes the same options', () => {
    expect(withAspect(rootKey(iam.AccessKeyStatus.INACTIVE), { rules: { 'root-user-access-key': ['error', { ignoreInactive: true }] } })).toEqual([]);
    expect(withAspect(suppressed('break-glass user'))).toEqual([]);
    expect(
      withAspect((app) => {
        const { key } = consoleUser(app);
        Validations.of(key).acknowledge({ id: 'credlint::console-user-with-access-key', reason: 'migration user' });
      }),
    ).toEqual([]);
    expect(withAspect(twoKeys, { rules: { 'multiple-active-access-keys': 'warning' } })).toEqual([
      { path: '/Ci/Second', level: 'warning', text: expect.stringContaining('credlint/multiple-active-access-keys') },
    ]);
  });

  it('reports a suppression without a reason as a warning on the construct, and the finding it fails to suppress', () => {
    expect(withAspect(suppressed(undefined))).toEqual([
      { path: '/People/Key', level: 'error', text: expect.stringContaining('credlint/console-user-with-access-key') },
      { path: '/People/Key', level: 'warning', text: expect.stringMatching(/no reason/) },
    ]);
  });

  it('on the App alone, fails synthesis on a finding inside a Stage, which it can no longer annotate, naming its construct path', () => {
    const app = newApp();
    twoKeys(new Stage(app, 'Prod'));
    new Stack(app, 'Empty');
    Aspects.of(app).add(new CredlintChecks());
    expect(() => app.synth()).toThrow(/credlint\/multiple-active-access-keys at \/Prod\/Ci\/Second\/Resource: IAM user "ci" has 2 active access keys/);
  });

  it('checks nested stacks (with or without asset metadata) and Stages', () => {
    const nested = (app: App) => {
      const stack = new Stack(app, 'Platform');
      const user = new iam.User(stack, 'Ops', { userName: 'ops', password: SecretValue.secretsManager('pw') });
      const keys = new NestedStack(stack, 'Keys');
      new iam.AccessKey(keys, 'OpsKey', { user });
    };
    const expected = [{ path: '/Platform/Keys/OpsKey', level: 'error', text: expect.stringContaining('credlint/console-user-with-access-key') }];
    expect(withAspect(nested)).toEqual(expected);
    // Without `aws:cdk:enable-asset-metadata` (an app synthesized outside the CDK CLI) the parent does not name the nested template.
    expect(withAspect(nested, {}, { context: { 'aws:cdk:enable-asset-metadata': false } })).toEqual(expected);
    expect(
      withAspect((app) => {
        twoKeys(new Stage(app, 'Prod'));
      }),
    ).toEqual([{ path: '/Prod/Ci/Second', level: 'error', text: expect.stringContaining('credlint/multiple-active-access-keys') }]);
  });
});
