/**
 * Temporary workspaces for the hostile-input tests: each holds `good/main.tf`, a module whose
 * console-user-with-access-key finding must survive whatever the hostile files beside it do, and is
 * removed after its test. Large inputs are
 * generated into these directories, never committed.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, expect } from 'vitest';
import type { LintResult } from '../../src/core/finding.js';
import type { Limits } from '../../src/core/limits.js';
import { lint } from '../../src/engine.js';

export const GOOD =
  'resource "aws_iam_user" "ana" {\n  name = "ana"\n}\n\nresource "aws_iam_user_login_profile" "ana" {\n  user = aws_iam_user.ana.name\n}\n\nresource "aws_iam_access_key" "ana" {\n  user = aws_iam_user.ana.name\n}\n';

/**
 * Registers the clean-up hooks of the calling test file and returns its `workspace(files)`: a real
 * temporary directory named `<prefix>…` holding `good/main.tf`, `defaults` and `files` (later wins).
 */
export function hostileWorkspaces(
  prefix: string,
  defaults: Readonly<Record<string, string>> = {},
): (files: Readonly<Record<string, string | Buffer>>) => string {
  let roots: string[] = [];
  afterEach(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
    roots = [];
  });
  return (files) => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
    roots.push(root);
    for (const [path, content] of Object.entries({ 'good/main.tf': GOOD, ...defaults, ...files })) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    }
    return root;
  };
}

/**
 * Scans a hostile workspace through `lint()` with `--report-unknown` and no `TF_VAR_` of this process:
 * it must end within 10 s, under 1 GiB, without a stack trace in any message, and the good module must
 * keep its finding.
 */
export async function scanHostile(
  root: string,
  options: { readonly limits?: Partial<Limits>; readonly env?: Record<string, string> } = {},
): Promise<LintResult> {
  const started = Date.now();
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true, env: options.env ?? {}, ...(options.limits ? { limits: options.limits } : {}) });
  expect(Date.now() - started, 'ends within 10 s').toBeLessThan(10_000);
  expect(process.resourceUsage().maxRSS, 'peak memory under 1 GiB').toBeLessThan(1024 * 1024);
  for (const finding of result.findings) expect(finding.message).not.toMatch(/\n\s+at |RangeError|internal error/);
  const good = result.findings.filter((f) => f.ruleId === 'console-user-with-access-key' && f.location.file === join(root, 'good/main.tf'));
  expect(good, 'the good module keeps its finding').toHaveLength(1);
  return result;
}

/** The parse errors of a scan: file, line and message. */
export function parseErrorsOf(result: LintResult): { file: string; line: number; message: string }[] {
  return result.findings
    .filter((f) => f.ruleId === 'parse-error')
    .map((f) => ({ file: f.location.file, line: f.location.range.start.line, message: f.message }));
}
