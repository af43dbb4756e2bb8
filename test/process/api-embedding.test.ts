/**
 * The API as a host embeds it (README, "Programmatic API"): concurrent `lint()` calls, a process that
 * ends by itself once they are done, and `dispose()` for long-lived hosts. Each case runs in a child
 * process with a timeout, because a leaked worker thread or handle shows only as a process that never
 * exits.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/fixture-cases.js';

const API = pathToFileURL(path.join(repoRoot, 'dist', 'src', 'index.js')).href;
const scratch = realpathSync(mkdtempSync(path.join(tmpdir(), 'credlint-embed-')));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function tree(name: string, files: Record<string, string>): string {
  const dir = path.join(scratch, name);
  mkdirSync(path.join(dir, '.git'), { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** Runs an ES module script against the built package; a script that does not end within 30 s is killed. */
function runScript(script: string, cwd: string) {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd, encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL' });
  return { code: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

const ROOT_KEY = 'resource "aws_iam_access_key" "k" {\n  user = "root"\n}\n';

describe('the API embedded in a host', () => {
  it('answers two concurrent lint() calls on one Terraform file each, and the process then exits by itself', () => {
    // Before: the second hcl2json worker, started for the second call and never used, kept the process alive.
    const dir = tree('concurrent', { 'a/main.tf': ROOT_KEY, 'b/main.tf': ROOT_KEY });
    const { code, signal, stdout, stderr } = runScript(
      `import path from 'node:path';
import { lint } from ${JSON.stringify(API)};
const [a, b] = await Promise.all([lint({ paths: ['a'] }), lint({ paths: ['b'] })]);
console.log(a.findings.map((f) => f.ruleId + ' ' + path.relative(process.cwd(), f.location.file)).join(','), b.findings.map((f) => f.ruleId + ' ' + path.relative(process.cwd(), f.location.file)).join(','));`,
      dir,
    );
    expect(stderr).toBe('');
    expect(signal).toBeNull();
    expect(stdout.trim()).toBe('root-user-access-key a/main.tf root-user-access-key b/main.tf');
    expect(code).toBe(0);
  });

  it('answers many concurrent calls over mixed formats with the findings of each call alone', () => {
    const dir = tree('mixed', {
      'tf/main.tf': ROOT_KEY,
      'cfn/template.yaml': 'Resources:\n  Key:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: root\n',
    });
    const { code, signal, stdout } = runScript(
      `import path from 'node:path';
import { lint } from ${JSON.stringify(API)};
const results = await Promise.all([0, 1, 2, 3, 4, 5].map((n) => lint({ paths: [n % 2 === 0 ? 'tf' : 'cfn'] })));
console.log(results.map((r) => r.findings.map((f) => path.relative(process.cwd(), f.location.file)).join('+')).join(' '));`,
      dir,
    );
    expect(signal).toBeNull();
    expect(stdout.trim()).toBe('tf/main.tf cfn/template.yaml tf/main.tf cfn/template.yaml tf/main.tf cfn/template.yaml');
    expect(code).toBe(0);
  });

  it('dispose() releases the parser while a host keeps running, and a later lint() starts afresh', () => {
    const dir = tree('dispose', { 'main.tf': ROOT_KEY });
    // The host keeps itself alive with a timer; after dispose() only that timer may be left, beside
    // the standard streams every printing host has (opened here first, so they are not counted).
    const { code, signal, stdout, stderr } = runScript(
      `import { lint, dispose } from ${JSON.stringify(API)};
void process.stdout;
void process.stderr;
const stdio = process.getActiveResourcesInfo().filter((kind) => kind === 'PipeWrap' || kind === 'TTYWrap');
const host = setInterval(() => {}, 1000);
const first = await lint({ paths: ['.'] });
await dispose();
const second = await lint({ paths: ['.'] });
await dispose();
await new Promise((resolve) => setTimeout(resolve, 100));
const left = process.getActiveResourcesInfo().filter((kind) => kind !== 'Timeout' && kind !== 'CloseReq');
for (const kind of stdio) if (left.includes(kind)) left.splice(left.indexOf(kind), 1);
console.log(first.findings.length, second.findings.length, JSON.stringify(left));
clearInterval(host);`,
      dir,
    );
    expect(stderr).toBe('');
    expect(signal).toBeNull();
    expect(stdout.trim()).toBe('1 1 []');
    expect(code).toBe(0);
  });
});
