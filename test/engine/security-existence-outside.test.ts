/**
 * What a scan says about a path leading out of the repository must not depend on whether anything is
 * there (docs/security.md, "What credlint reads"). Loaders that asked `existsSync` before reading a
 * file followed symlinks to do it: a link to a present file outside was a note, a link to an absent one
 * nothing, so a pull request could learn which files exist on the CI machine. Each case below is
 * scanned twice, with the outside file present and absent, and must say the same (a note, never
 * silence).
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { hostileWorkspaces } from '../support/hostile-workspace.js';

const workspace = hostileWorkspaces('credlint-existence-');
let elsewhere: string[] = [];
afterEach(() => {
  for (const dir of elsewhere) rmSync(dir, { recursive: true, force: true });
  elsewhere = [];
});

const CDK_APP = (imports: string) =>
  `import { App, Stack } from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\n${imports}\nconst app = new App();\nconst stack = new Stack(app, 'S');\nnew iam.CfnAccessKey(stack, 'K', { userName: 'ops' });\n`;

interface Case {
  /** The repository's files; `<out>` stands for the outside directory's path relative to the file's directory. */
  readonly files: Readonly<Record<string, string>>;
  /** Symlinks: path in the repository → target inside the outside directory ('' for the directory itself). */
  readonly links?: Readonly<Record<string, string>>;
}

const CASES: readonly (readonly [string, Case])[] = [
  [
    'a Terraform .terraform/environment linked out',
    {
      files: { 'infra/main.tf': 'resource "aws_iam_access_key" "k" {\n  user = "ana-${terraform.workspace}"\n}\n' },
      links: { 'infra/.terraform/environment': 'secret' },
    },
  ],
  [
    'a Terraform .terraform/modules/modules.json linked out',
    { files: { 'infra/main.tf': 'module "m" {\n  source = "app.terraform.io/x/y/aws"\n}\n' }, links: { 'infra/.terraform/modules/modules.json': 'secret' } },
  ],
  ['a CDK project tsconfig.json linked out', { files: { 'infra/bin/app.ts': CDK_APP('') }, links: { 'infra/tsconfig.json': 'secret' } }],
  ['a CDK project cdk.json linked out (the project root follows it)', { files: { 'infra/bin/app.ts': CDK_APP('') }, links: { 'infra/cdk.json': 'secret' } }],
  ['a JSON import by a relative path out of the repository', { files: { 'infra/bin/app.ts': CDK_APP("import names from '<out>/secret.json';") } }],
  ['a JSON require by a relative path out of the repository', { files: { 'infra/bin/app.ts': CDK_APP("const names = require('<out>/secret.json');") } }],
  [
    'a JSON import through a linked directory',
    { files: { 'infra/bin/app.ts': CDK_APP("import names from './linked/secret.json';") }, links: { 'infra/bin/linked': '' } },
  ],
  [
    'a TypeScript import through a linked directory',
    { files: { 'infra/bin/app.ts': CDK_APP("import { NAME } from './linked/secret';") }, links: { 'infra/bin/linked': '' } },
  ],
];

/** Scans the case with the outside file present or absent; paths in the messages made relative. */
async function scan(one: Case, present: boolean): Promise<string[]> {
  const out = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-elsewhere-')));
  elsewhere.push(out);
  if (present) {
    for (const name of ['secret', 'secret.json', 'secret.ts']) writeFileSync(join(out, name), '{ "name": "from-the-ci-machine" }\n');
  }
  const root = workspace({});
  for (const [file, text] of Object.entries(one.files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text.replaceAll('<out>', relative(dirname(join(root, file)), out)));
  }
  for (const [link, target] of Object.entries(one.links ?? {})) {
    mkdirSync(dirname(join(root, link)), { recursive: true });
    symlinkSync(join(out, target), join(root, link));
  }
  const result = await lint({ paths: [root], cwd: root, env: {} });
  const said = [
    ...result.notes.map((d) => `${relative(root, d.location.file)} note: ${d.message}`),
    ...result.findings.map((f) => `${relative(root, f.location.file)} ${f.ruleId}: ${f.message}`),
  ];
  return said.map((line) => line.replaceAll(out, '<out>').replaceAll(root, '<root>').replaceAll(basename(out), '<out>')).sort();
}

describe.skipIf(process.platform === 'win32')('a path leading out is said the same whether anything is there', () => {
  it.each(CASES)('%s', async (_what, one) => {
    const absent = await scan(one, false);
    const present = await scan(one, true);
    expect(present).toEqual(absent);
    expect(absent.some((line) => /outside the repository/.test(line))).toBe(true);
    expect(present.join('\n')).not.toContain('from-the-ci-machine');
  });
});
