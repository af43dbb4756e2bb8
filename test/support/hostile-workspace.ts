/**
 * Temporary workspaces for the hostile-input tests: each holds `good/main.tf`, a module whose
 * console-user-with-access-key finding must survive whatever the hostile files beside it do, and is
 * removed after its test. Large inputs are
 * generated into these directories, never committed.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';

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
