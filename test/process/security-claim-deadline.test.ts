/**
 * The scan deadline in the step that picks each file's format (the claims, docs/security.md,
 * `scanSeconds`): before anything is loaded, the plan claim reads and parses every data file, the
 * Terraform prefilter reads every module directory, and the CDK source claim reads TypeScript files
 * to find the CDK apps. None of them looked at the deadline: with `--limit scanSeconds=1`, 120 plans of
 * 8.4 MB ran 6 s, 300 Terraform module directories 16 s, and 1,500 TypeScript files 8 s (exit 0, no
 * word of the deadline). Each now stops at the deadline with one `scanSeconds` parse-error naming the
 * first file it did not read, and counting the inputs it had found (loaded past the deadline, their
 * loader reported them in a second error). `test/engine/claim-deadline-work.test.ts` counts the reads. The big files are hard links to one file: one copy on disk.
 */
import { spawnSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/fixture-cases.js';

const CLI = join(repoRoot, 'dist', 'src', 'cli.cjs');
/** The deadline's second, the file being read when it passed, start-up and reporting, on a loaded machine. */
const CLOSE_TO_DEADLINE_MS = 4_500;

let roots: string[] = [];
afterEach(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
  roots = [];
});

/** A git work tree holding `count` hard links to one file of `text`, at the paths `name(i)` gives. */
function linkedTree(text: string, count: number, name: (i: number) => string, extra: Record<string, string> = {}): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-claim-deadline-')));
  roots.push(root);
  mkdirSync(join(root, '.git'));
  writeFileSync(join(root, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  for (const [path, content] of Object.entries(extra)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  for (let i = 0; i < count; i++) {
    const path = join(root, name(i));
    mkdirSync(dirname(path), { recursive: true });
    if (i === 0) writeFileSync(path, text);
    else linkSync(join(root, name(0)), path);
  }
  return root;
}

function scan(cwd: string) {
  const started = Date.now();
  const result = spawnSync(process.execPath, [CLI, '--format', 'json', '--limit', 'scanSeconds=1', '.'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const findings = (JSON.parse(result.stdout) as { findings: { ruleId: string; message: string; location: { file: string } }[] }).findings;
  return { code: result.status, ms: Date.now() - started, deadline: findings.filter((f) => f.ruleId === 'parse-error' && f.message.includes('scanSeconds')) };
}

const pad = (i: number): string => String(i).padStart(4, '0');

describe('the scan deadline while each file format is picked', () => {
  it('stops reading Terraform plans to tell them from templates', () => {
    const plan = `{"format_version":"1.2","planned_values":{"v":"${'\\u0061'.repeat(1_400_000)}"},"resource_changes":[{"type":"aws_iam_access_key"}]}\n`;
    // A small plan first, found before the deadline: not loaded past it, it is counted in the one error
    // (its loader reported it in a second one).
    const small = '{"format_version":"1.2","planned_values":{"root_module":{}},"resource_changes":[{"type":"aws_iam_access_key"}]}\n';
    const { code, ms, deadline } = scan(linkedTree(plan, 120, (i) => `plans/p${pad(i)}.json`, { 'plans/a.json': small }));
    expect(code).toBe(2);
    expect(ms).toBeLessThan(CLOSE_TO_DEADLINE_MS);
    expect(deadline).toHaveLength(1);
    expect(deadline[0]?.message).toMatch(
      /while the data files were read to pick their format; \d+ data files were not read, this one first, and the \d+ Terraform plans? found before it (was|were) not analysed/,
    );
    expect(deadline[0]?.location.file).toMatch(/^plans\/p\d{4}\.json$/);
  }, 120_000);

  it('stops reading Terraform module directories in the prefilter', () => {
    const module = `resource "aws_iam_access_key" "k" {\n  user = "u"\n}\n${'module "m" { source = "./x" }\n'.repeat(20_000)}${'#\n'.repeat(3_000_000)}`;
    const { code, ms, deadline } = scan(linkedTree(module, 300, (i) => `m${pad(i)}/main.tf`));
    expect(code).toBe(2);
    expect(ms).toBeLessThan(CLOSE_TO_DEADLINE_MS);
    const claim = deadline.find((f) => f.message.includes('while the Terraform module directories were read'));
    expect(claim?.message).toMatch(/; \d+ module directories were not read, this one first/);
    // A directory left is named by its first file, or (a called module not read yet) by itself.
    expect(claim?.location.file).toMatch(/^m\d{4}\/(main\.tf|x)$/);
  }, 120_000);

  it('stops reading TypeScript files to find the CDK apps', () => {
    const source = `export const x = 1;\n${'// iam.AccessKey new User\n'.repeat(320_000)}`;
    // A small app first, found before the deadline: its project is counted in the one error (the loader
    // reported it not analysed in a second one).
    const app =
      "import * as cdk from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\nconst app = new cdk.App();\nnew iam.AccessKey(new cdk.Stack(app, 'S'), 'K', { user: iam.User.fromUserName(app, 'U', 'u') });\n";
    const cdkJson = '{"app":"npx ts-node bin/app.ts"}\n';
    const root = linkedTree(source, 1_500, (i) => `z/lib/f${pad(i)}.ts`, { 'a/cdk.json': cdkJson, 'a/bin/app.ts': app, 'z/cdk.json': cdkJson });
    const { code, ms, deadline } = scan(root);
    expect(code).toBe(2);
    expect(ms).toBeLessThan(CLOSE_TO_DEADLINE_MS);
    expect(deadline).toHaveLength(1);
    expect(deadline[0]?.message).toMatch(
      /while the TypeScript files were read to find the CDK apps; \d+ TypeScript files were not read, this one first, and the CDK source project found before it was not analysed/,
    );
    expect(deadline[0]?.location.file).toMatch(/^z\/lib\/f\d{4}\.ts$/);
  }, 120_000);
});
