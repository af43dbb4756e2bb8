/**
 * SPEC §8: ts-morph (and the TypeScript it bundles) loads only when a scan has a CDK TypeScript
 * project that can matter. Each case runs the built engine (`npm run build`) in a fresh Node process,
 * whose module cache then shows what was loaded.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const engine = join(import.meta.dirname, '..', 'dist', 'src', 'engine.js');
const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-cdk-lazy-')));
  roots.push(root);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return root;
}

/** Scans `root` in a fresh process; returns the TypeScript packages it loaded and the rule ids found. */
function scan(root: string): { loaded: string[]; findings: string[] } {
  const script = `
    import { createRequire } from 'node:module';
    const { lint } = await import(${JSON.stringify(engine)});
    const result = await lint({ paths: [${JSON.stringify(root)}], cwd: ${JSON.stringify(root)} });
    const loaded = new Set();
    for (const file of Object.keys(createRequire(import.meta.url).cache)) {
      const match = /node_modules[\\\\/]((?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)[\\\\/]/.exec(file);
      const name = match ? match[1].replace(/\\\\/g, '/') : undefined;
      if (name && ['typescript', 'ts-morph', '@ts-morph/common'].includes(name)) loaded.add(name);
    }
    console.log(JSON.stringify({ loaded: [...loaded].sort(), findings: result.findings.map((f) => f.ruleId) }));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: root });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as { loaded: string[]; findings: string[] };
}

const ROOT_KEY = "import * as iam from 'aws-cdk-lib/aws-iam';\nnew iam.CfnAccessKey(s, 'K', { userName: 'root' });\n";

describe('TypeScript loads only for CDK source that can matter', () => {
  it('not for TypeScript that does not use aws-cdk-lib, nor for a CDK app without keys', () => {
    const root = tree({
      'web/package.json': '{}',
      'web/src/index.ts': 'export const AccessKey = 1;\n',
      'infra/cdk.json': '{}',
      'infra/app.ts': "import * as iam from 'aws-cdk-lib/aws-iam';\nnew iam.User(s, 'U', { userName: 'root' });\n",
      'main.tf': 'resource "aws_iam_user" "u" {\n  name = "x"\n}\n',
    });
    expect(scan(root)).toEqual({ loaded: [], findings: [] });
  });

  it('for a CDK app that creates a key', () => {
    const scanned = scan(tree({ 'infra/cdk.json': '{}', 'infra/app.ts': ROOT_KEY }));
    expect(scanned.findings).toEqual(['root-user-access-key']);
    expect(scanned.loaded).toContain('ts-morph');
  });
});
