/**
 * Synthesizes the CDK cloud assembly fixtures (`fixtures/<rule-id>/cdk-assembly/<polarity>/<case>/cdk.out`)
 * from the app definitions below with the pinned aws-cdk-lib, so the fixtures are what `cdk synth`
 * writes rather than hand-made assemblies. Run after changing an app or upgrading aws-cdk-lib:
 * `npm run build && node --enable-source-maps dist/scripts/synth-fixtures.js`;
 * test/engine/cdk-assembly-fixtures.test.ts re-synthesizes and fails when the committed fixtures drift.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, NestedStack, SecretValue, Stack, Stage } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

export interface CdkFixture {
  readonly ruleId: string;
  readonly polarity: 'positive' | 'negative';
  readonly name: string;
  /** What makes the case positive (or why it is negative); written to the case's README. */
  readonly note: string;
  readonly define: (app: App) => void;
}

/** The password comes from Secrets Manager, as a real app would do (a dynamic reference in the template). */
const initialPassword = () => SecretValue.secretsManager('initial-console-password');

export const CDK_FIXTURES: readonly CdkFixture[] = withAccountFixtures([
  {
    ruleId: 'console-user-with-access-key',
    polarity: 'positive',
    name: 'user-with-password-and-key',
    note: 'Positive: iam.User "ana" has a console password (loginProfile) and iam.AccessKey K is created for the same user object.',
    define: (app) => {
      const stack = new Stack(app, 'People');
      const user = new iam.User(stack, 'Ana', { userName: 'ana', password: initialPassword() });
      new iam.AccessKey(stack, 'K', { user });
    },
  },
  {
    ruleId: 'console-user-with-access-key',
    polarity: 'positive',
    name: 'key-in-nested-stack',
    note: 'Positive: the parent stack creates user "ops" with a console password; a nested stack creates an access key for it (the user name reaches the nested stack as a parameter).',
    define: (app) => {
      const stack = new Stack(app, 'Platform');
      const user = new iam.User(stack, 'Ops', { userName: 'ops', password: initialPassword() });
      const keys = new NestedStack(stack, 'Keys');
      new iam.AccessKey(keys, 'OpsKey', { user });
    },
  },
  {
    ruleId: 'console-user-with-access-key',
    polarity: 'negative',
    name: 'password-user-and-key-user-apart',
    note: 'Negative: "ana" has a console password but no key; the service user "deployer" has one key and no password.',
    define: (app) => {
      const stack = new Stack(app, 'People');
      new iam.User(stack, 'Ana', { userName: 'ana', password: initialPassword() });
      const deployer = new iam.User(stack, 'Deployer', { userName: 'deployer' });
      new iam.AccessKey(stack, 'DeployerKey', { user: deployer });
    },
  },
  {
    ruleId: 'multiple-active-access-keys',
    polarity: 'positive',
    name: 'two-keys',
    note: 'Positive: two iam.AccessKey constructs for user "ci", both with the default status (Active).',
    define: (app) => {
      const stack = new Stack(app, 'Ci');
      const user = new iam.User(stack, 'Ci', { userName: 'ci' });
      new iam.AccessKey(stack, 'First', { user });
      new iam.AccessKey(stack, 'Second', { user });
    },
  },
  {
    ruleId: 'multiple-active-access-keys',
    polarity: 'positive',
    name: 'two-keys-in-stage',
    note: 'Positive: inside a CDK Stage (a nested cloud assembly), user "deployer" (generated name) gets two active keys.',
    define: (app) => {
      const stage = new Stage(app, 'Prod');
      const stack = new Stack(stage, 'Deploy');
      const user = new iam.User(stack, 'Deployer');
      new iam.AccessKey(stack, 'Current', { user });
      new iam.AccessKey(stack, 'Next', { user, status: iam.AccessKeyStatus.ACTIVE });
    },
  },
  {
    ruleId: 'multiple-active-access-keys',
    polarity: 'negative',
    name: 'inactive-second-key',
    note: 'Negative: user "ci" has two keys but the old one is INACTIVE, so one is active.',
    define: (app) => {
      const stack = new Stack(app, 'Ci');
      const user = new iam.User(stack, 'Ci', { userName: 'ci' });
      new iam.AccessKey(stack, 'Old', { user, status: iam.AccessKeyStatus.INACTIVE });
      new iam.AccessKey(stack, 'Current', { user });
    },
  },
  {
    ruleId: 'root-user-access-key',
    polarity: 'positive',
    name: 'from-user-name-root',
    note: 'Positive: iam.AccessKey for User.fromUserName(this, "Root", "root").',
    define: (app) => {
      const stack = new Stack(app, 'Account');
      new iam.AccessKey(stack, 'RootKey', { user: iam.User.fromUserName(stack, 'Root', 'root') });
    },
  },
  {
    ruleId: 'root-user-access-key',
    polarity: 'negative',
    name: 'chroot-user',
    note: 'Negative: the key belongs to user "chroot", which is not root.',
    define: (app) => {
      const stack = new Stack(app, 'Account');
      new iam.AccessKey(stack, 'Key', { user: iam.User.fromUserName(stack, 'Chroot', 'chroot') });
    },
  },
]);

/**
 * The context `cdk synth` gives an app by default (path and asset metadata), without version
 * reporting (its `CDKMetadata` resource changes with every aws-cdk-lib release).
 */
export const SYNTH_CONTEXT = {
  'aws:cdk:enable-path-metadata': true,
  'aws:cdk:enable-asset-metadata': true,
  'aws:cdk:version-reporting': false,
} as const;

/** Where the fixtures' creation traces say the repository was (a stable stand-in for the checkout). */
export const TRACE_ROOT = '/home/dev/credlint';

export function synthesize(fixture: CdkFixture, outdir: string): void {
  process.env.CDK_VALIDATION = 'false';
  const app = new App({ outdir, context: { ...SYNTH_CONTEXT, ...fixture.context } });
  fixture.define(app);
  app.synth();
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? files(full) : [full];
  });
}

/**
 * Makes a synthesized assembly independent of the machine: the checkout's path in creation traces
 * becomes `TRACE_ROOT`, and the feature-flag report (a large artifact that lists every flag of the
 * installed aws-cdk-lib and says nothing about the app) is dropped.
 */
export function normalizeAssembly(outdir: string, repoRoot: string): void {
  for (const file of files(outdir)) {
    if (!file.endsWith('.json') && path.basename(file) !== 'cdk.out') continue;
    let text = readFileSync(file, 'utf8').split(repoRoot).join(TRACE_ROOT);
    if (path.basename(file) === 'manifest.json') {
      const manifest = JSON.parse(text) as { artifacts?: Record<string, { type?: string }> };
      for (const [id, artifact] of Object.entries(manifest.artifacts ?? {})) {
        if (artifact.type === 'cdk:feature-flag-report') delete manifest.artifacts?.[id];
      }
      text = `${JSON.stringify(manifest, null, 2)}\n`;
    }
    writeFileSync(file, text);
  }
}

export function fixtureDir(repoRoot: string, fixture: CdkFixture): string {
  return path.join(repoRoot, 'fixtures', fixture.ruleId, 'cdk-assembly', fixture.polarity, fixture.name);
}

/** Writes every fixture case: `cdk.out/`, `README` and `fixture-options.json` (`writeCaseFiles`). */
export function writeFixtures(repoRoot: string): void {
  for (const fixture of CDK_FIXTURES) {
    const dir = fixtureDir(repoRoot, fixture);
    const outdir = path.join(dir, 'cdk.out');
    rmSync(outdir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    synthesize(fixture, outdir);
    normalizeAssembly(outdir, repoRoot);
    writeCaseFiles(dir, fixture);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  // dist/scripts/synth-fixtures.js → the repository root is two levels up.
  writeFixtures(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..'));
}

/** Stages Prod and Dev in the given accounts, each with a stack giving user "deploy" (managed elsewhere) one key. */
function deployStages(app: App, prodAccount: string, devAccount: string): void {
  for (const [id, account] of [
    ['Prod', prodAccount],
    ['Dev', devAccount],
  ] as const) {
    const stage = new Stage(app, id, { env: { account, region: 'eu-west-1' } });
    const stack = new Stack(stage, 'Deploy');
    new iam.AccessKey(stack, 'Key', { user: iam.User.fromUserName(stack, 'Deployer', 'deploy') });
  }
}

/**
 * The fixtures of accounts splitting identities, after the others (and declared down here) so that
 * the creation traces of the others, which name lines of this file, stay where they are.
 */
function withAccountFixtures(fixtures: CdkFixture[]): CdkFixture[] {
  return [
    ...fixtures,
    {
      ruleId: 'multiple-active-access-keys',
      polarity: 'positive',
      name: 'same-account-twice',
      note: 'Positive: two stages in the same account (env.account 111111111111) each give user "deploy" a key: one user, two active keys.',
      define: (app) => {
        deployStages(app, '111111111111', '111111111111');
      },
    },
    {
      ruleId: 'multiple-active-access-keys',
      polarity: 'negative',
      name: 'two-accounts',
      note: 'Negative: user "deploy" gets one key in each of two stages whose env.account differs (manifest environment): two users in two accounts, one key each.',
      define: (app) => {
        deployStages(app, '111111111111', '222222222222');
      },
    },
    ...nestedStackFixtures(),
  ];
}

/**
 * What a fixture may add, declared down here (merged into the interface above) so that the creation traces
 * of the fixtures above, which name lines of this file, stay where they are.
 */
export interface CdkFixture {
  /** Context over `SYNTH_CONTEXT`, as a `cdk.json` or `cdk synth --no-asset-metadata` would set it. */
  readonly context?: Readonly<Record<string, unknown>>;
  /** Lint options of the case, written to its `fixture-options.json` (`test/support/fixture-cases.ts`). */
  readonly options?: Readonly<Record<string, unknown>>;
}

/**
 * Nested stacks synthesized without asset metadata (`cdk synth --no-asset-metadata`, or an app synthesized
 * without the CDK CLI): the parent's nested stack resource then names its template nowhere but in the manifest.
 */
function nestedStackFixtures(): CdkFixture[] {
  const withoutAssetMetadata = { 'aws:cdk:enable-asset-metadata': false };
  return [
    {
      ruleId: 'console-user-with-access-key',
      polarity: 'positive',
      name: 'nested-stack-user-key-in-parent-without-asset-metadata',
      note: 'Positive: a nested stack creates user "Ops" (generated name) with a console password; the parent stack creates an access key for it, reading the name from the nested stack\'s output. Synthesized without asset metadata.',
      context: withoutAssetMetadata,
      define: (app) => {
        const stack = new Stack(app, 'Platform');
        const people = new NestedStack(stack, 'People');
        const user = new iam.User(people, 'Ops', { password: initialPassword() });
        new iam.AccessKey(stack, 'OpsKey', { user });
      },
    },
    {
      ruleId: 'multiple-active-access-keys',
      polarity: 'negative',
      name: 'nested-stack-user-inactive-key-without-asset-metadata',
      note: 'Negative: a nested stack creates user "Ops" (generated name) and an INACTIVE access key; the parent stack creates the one active key, reading the name from the nested stack\'s output. Synthesized without asset metadata; no warning with --report-unknown.',
      context: withoutAssetMetadata,
      options: { reportUnknown: true },
      define: (app) => {
        const stack = new Stack(app, 'Platform');
        const people = new NestedStack(stack, 'People');
        const user = new iam.User(people, 'Ops');
        new iam.AccessKey(people, 'Retired', { user, status: iam.AccessKeyStatus.INACTIVE });
        new iam.AccessKey(stack, 'OpsKey', { user });
      },
    },
    {
      ruleId: 'console-user-with-access-key',
      polarity: 'positive',
      name: 'key-in-nested-stack-of-stage',
      note: 'Positive: inside a CDK Stage (a nested cloud assembly), stack Platform creates user "ops" with a console password and a nested stack creates an access key for it. A pre-commit run given either template alone is analysed with the whole assembly.',
      define: (app) => {
        const stack = new Stack(new Stage(app, 'Prod'), 'Platform');
        const user = new iam.User(stack, 'Ops', { userName: 'ops', password: initialPassword() });
        new iam.AccessKey(new NestedStack(stack, 'Keys'), 'OpsKey', { user });
      },
    },
    {
      ruleId: 'console-user-with-access-key',
      polarity: 'negative',
      name: 'stage-nested-stack-key-inactive',
      note: 'Negative: inside a CDK Stage, stack Platform creates user "ops" with a console password and a nested stack creates an INACTIVE access key for it.',
      define: (app) => {
        const stack = new Stack(new Stage(app, 'Prod'), 'Platform');
        const user = new iam.User(stack, 'Ops', { userName: 'ops', password: initialPassword() });
        new iam.AccessKey(new NestedStack(stack, 'Keys'), 'OpsKey', { user, status: iam.AccessKeyStatus.INACTIVE });
      },
    },
  ];
}

/** The case's `README` (the note) and, where it has options, its `fixture-options.json`. */
function writeCaseFiles(dir: string, fixture: CdkFixture): void {
  writeFileSync(path.join(dir, 'README'), `${fixture.note}\nSynthesized by scripts/synth-fixtures.ts (${fixture.name}); do not edit cdk.out by hand.\n`);
  if (fixture.options) writeFileSync(path.join(dir, 'fixture-options.json'), `${JSON.stringify(fixture.options, null, 2)}\n`);
}
