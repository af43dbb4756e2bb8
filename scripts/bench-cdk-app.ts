/**
 * A deterministic CDK TypeScript app for `npm run bench`'s ESLint rows: one entry (`bin/app.ts`,
 * named by `cdk.json`) that instantiates `stacks` stack classes, one file each (`lib/stack-N.ts`),
 * importing shared props from `lib/shared.ts`. Most stacks create buckets, queues and roles; every
 * `keyEvery`-th stack creates an IAM user with two access keys (a `multiple-active-access-keys`
 * finding). Beside it, three ESLint flat configs: the TypeScript parser alone, the parser with one of
 * ESLint's core rules (as any real configuration has: a rule with options makes ESLint load its option
 * validator, Ajv), and the parser with credlint's `recommended`; each with and without type
 * information (`projectService`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface CdkAppConfigs {
  readonly parserOnly: string;
  readonly parserWithCoreRule: string;
  readonly credlint: string;
  readonly parserOnlyTyped: string;
  readonly parserWithCoreRuleTyped: string;
  readonly credlintTyped: string;
}

function write(root: string, path: string, text: string): void {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, text);
}

function stackFile(index: number, withKeys: boolean): string {
  const name = `Stack${String(index)}`;
  const iam = withKeys
    ? `
    const user = new iam.User(this, 'Deployer', { userName: \`deployer-\${props.stage}-${String(index)}\` });
    new iam.AccessKey(this, 'KeyA', { user });
    new iam.AccessKey(this, 'KeyB', { user });`
    : '';
  return `import { Duration, Stack, aws_iam as iam, aws_s3 as s3, aws_sqs as sqs } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { type SharedProps, tagsFor } from './shared';

/** Storage and queues of service ${String(index)}. */
export class ${name} extends Stack {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: SharedProps) {
    super(scope, id, props);
    this.bucket = new s3.Bucket(this, 'Data', { versioned: true, enforceSSL: true });
    const dead = new sqs.Queue(this, 'Dead', { retentionPeriod: Duration.days(14) });
    const queue = new sqs.Queue(this, 'Work', { visibilityTimeout: Duration.seconds(${String(30 + (index % 5) * 30)}), deadLetterQueue: { queue: dead, maxReceiveCount: 3 } });
    const role = new iam.Role(this, 'Worker', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    this.bucket.grantReadWrite(role);
    queue.grantConsumeMessages(role);
    for (const [key, value] of Object.entries(tagsFor(props.stage, '${name}'))) this.tags.setTag(key, value);${iam}
  }
}
`;
}

/** Writes the app and its ESLint configs into `root`; returns the config files. */
export function generateCdkApp(root: string, repoRoot: string, stacks = 200, keyEvery = 25): CdkAppConfigs {
  write(root, 'cdk.json', JSON.stringify({ app: 'npx ts-node bin/app.ts' }, null, 2));
  write(
    root,
    'tsconfig.json',
    JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, skipLibCheck: true }, include: ['bin', 'lib'] }, null, 2),
  );
  write(
    root,
    'lib/shared.ts',
    `import type { StackProps } from 'aws-cdk-lib';

export interface SharedProps extends StackProps {
  readonly stage: string;
}

export function tagsFor(stage: string, service: string): Record<string, string> {
  return { stage, service, owner: 'platform' };
}
`,
  );
  const imports: string[] = [];
  const instances: string[] = [];
  for (let index = 1; index < stacks; index += 1) {
    write(root, `lib/stack-${String(index)}.ts`, stackFile(index, index % keyEvery === 0));
    imports.push(`import { Stack${String(index)} } from '../lib/stack-${String(index)}';`);
    instances.push(`new Stack${String(index)}(app, 'Stack${String(index)}', { stage });`);
  }
  write(
    root,
    'bin/app.ts',
    `import { App } from 'aws-cdk-lib';\n${imports.join('\n')}\n\nconst app = new App();\nconst stage = 'prod';\n${instances.join('\n')}\n`,
  );
  const requireFromRepo = createRequire(join(repoRoot, 'package.json'));
  const parser = pathToFileURL(requireFromRepo.resolve('@typescript-eslint/parser')).href;
  const plugin = pathToFileURL(join(repoRoot, 'dist', 'src', 'eslint-plugin', 'index.js')).href;
  const typed = `{ languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: ${JSON.stringify(root)} } } }`;
  const parserOnly = `import parser from ${JSON.stringify(parser)};\nexport default [{ files: ['**/*.ts'], languageOptions: { parser } }`;
  // `no-debugger` never fires here, and costs nothing per file; it only makes ESLint validate options.
  const parserWithCoreRule = `import parser from ${JSON.stringify(parser)};\nexport default [{ files: ['**/*.ts'], languageOptions: { parser }, rules: { 'no-debugger': 'error' } }`;
  const credlint = `import credlint from ${JSON.stringify(plugin)};\nexport default [credlint.configs.recommended`;
  const configs: CdkAppConfigs = {
    parserOnly: join(root, 'eslint.parser-only.mjs'),
    parserWithCoreRule: join(root, 'eslint.parser-core-rule.mjs'),
    credlint: join(root, 'eslint.credlint.mjs'),
    parserOnlyTyped: join(root, 'eslint.parser-only-typed.mjs'),
    parserWithCoreRuleTyped: join(root, 'eslint.parser-core-rule-typed.mjs'),
    credlintTyped: join(root, 'eslint.credlint-typed.mjs'),
  };
  writeFileSync(configs.parserOnly, `${parserOnly}];\n`);
  writeFileSync(configs.parserWithCoreRule, `${parserWithCoreRule}];\n`);
  writeFileSync(configs.credlint, `${credlint}];\n`);
  writeFileSync(configs.parserWithCoreRuleTyped, `${parserWithCoreRule}, ${typed}];\n`);
  writeFileSync(configs.parserOnlyTyped, `${parserOnly}, ${typed}];\n`);
  writeFileSync(configs.credlintTyped, `${credlint}, ${typed}];\n`);
  return configs;
}
