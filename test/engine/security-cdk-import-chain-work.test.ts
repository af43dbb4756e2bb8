/**
 * A chain of CDK source files, each in a directory one deeper than the last and importing the next,
 * goes below the directory walk's `directoryDepth`: no directory down there has a real path the walk
 * recorded, and each imported file was followed from the repository's root, one component at a time.
 * 400 files of a hundred bytes each took 6.8 s (11 s here), 800 34 s: quadratic system calls, on paths
 * growing with the depth. Now 1.1 s and 2.0 s.
 * Each directory's real path is now resolved once, from its parent's: the file system calls grow
 * linearly with the depth. Counted here (system calls, not time, which varies on a shared machine).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { lint } from '../../src/engine.js';

const calls = { lstat: 0, realpath: 0 };
vi.mock('node:fs', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:fs')>();
  const realpathSync = Object.assign((...args: Parameters<typeof original.realpathSync>) => original.realpathSync(...args), {
    native: (...args: Parameters<typeof original.realpathSync.native>) => {
      calls.realpath += 1;
      return original.realpathSync.native(...args);
    },
  });
  const lstatSync = ((...args: Parameters<typeof original.lstatSync>) => {
    calls.lstat += 1;
    return original.lstatSync(...args);
  }) as typeof original.lstatSync;
  return { ...original, default: { ...original, lstatSync, realpathSync }, lstatSync, realpathSync };
});

/** A CDK app whose stack calls `f0`, in `d/m0.ts`; `d/d/m1.ts` defines `f1`, and so on `levels` deep. */
function chain(levels: number): string {
  const root = fs.realpathSync(fs.mkdtempSync(join(tmpdir(), 'credlint-import-chain-')));
  execFileSync('git', ['init', '-q', root]);
  fs.writeFileSync(join(root, 'cdk.json'), '{"app": "npx ts-node bin/app.ts"}\n');
  fs.mkdirSync(join(root, 'bin'));
  fs.writeFileSync(
    join(root, 'bin', 'app.ts'),
    "import * as cdk from 'aws-cdk-lib';\nimport { f0 } from '../d/m0';\nconst app = new cdk.App();\nf0(new cdk.Stack(app, 'S'));\n",
  );
  let dir = join(root, 'd');
  for (let i = 0; i < levels; i += 1) {
    fs.mkdirSync(dir, { recursive: true });
    const body =
      i < levels - 1
        ? `import { f${String(i + 1)} } from './d/m${String(i + 1)}';\nexport function f${String(i)}(s: cdk.Stack) { f${String(i + 1)}(s); }\n`
        : `export function f${String(i)}(s: cdk.Stack) { new iam.AccessKey(s, 'K', { user: iam.User.fromUserName(s, 'R', 'root') }); }\n`;
    fs.writeFileSync(join(dir, `m${String(i)}.ts`), `import * as cdk from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\n${body}`);
    dir = join(dir, 'd');
  }
  return root;
}

async function workFor(levels: number): Promise<{ lstat: number; realpath: number; ruleIds: string[] }> {
  const root = chain(levels);
  try {
    calls.lstat = 0;
    calls.realpath = 0;
    const result = await lint({ paths: [root], cwd: root });
    return { ...calls, ruleIds: result.findings.map((f) => f.ruleId) };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

describe('a deep chain of CDK imports', () => {
  it('costs file system calls linear in its depth', async () => {
    const short = await workFor(150);
    const long = await workFor(300);
    // The walk stops at its depth (a parse-error); the files below are imported all the same.
    expect(long.ruleIds).toContain('parse-error');
    // A few calls per level (the import's candidates, the file): 150 more levels, some 600 more calls.
    // Before: 3,416 and 37,691, growing with the square of the levels below the walk.
    expect(long.lstat - short.lstat).toBeLessThan(6 * 150);
    expect(long.lstat).toBeLessThan(6 * 300);
    expect(long.realpath).toBeLessThan(6 * 300);
  }, 60_000);
});
