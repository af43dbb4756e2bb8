/** `--report-unknown` on `multiple-active-access-keys`: a key whose user is unknown may be a second key only when the unit has another key. */
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';

const roots: string[] = [];
afterAll(async () => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

async function unknownWarnings(mainTf: string): Promise<string[]> {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-unknown-')));
  roots.push(root);
  writeFileSync(join(root, 'main.tf'), mainTf);
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.filter((f) => f.ruleId === 'multiple-active-access-keys').map((f) => `${f.severity} ${f.location.range.start.line}: ${f.message}`);
}

describe('multiple-active-access-keys with --report-unknown', () => {
  it('says nothing of the only key of a unit, even beside a login profile whose user is unknown too', async () => {
    expect(
      await unknownWarnings(
        'variable "who" {}\nresource "aws_iam_user_login_profile" "p" {\n  user = var.who\n}\nresource "aws_iam_access_key" "k" {\n  user = var.who\n}\n',
      ),
    ).toEqual([]);
  });

  it('warns of a key whose user is unknown when another key exists', async () => {
    const warnings = await unknownWarnings(
      'variable "who" {}\nresource "aws_iam_access_key" "known" {\n  user = "ops"\n}\nresource "aws_iam_access_key" "k" {\n  user = var.who\n}\n',
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^warning 5: .*aws_iam_access_key\.k.*var\.who has no value/);
  });
});

describe('root-user-access-key with --report-unknown', () => {
  async function rootWarnings(mainTf: string): Promise<string[]> {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-unknown-root-')));
    roots.push(root);
    writeFileSync(join(root, 'main.tf'), mainTf);
    const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
    return result.findings.filter((f) => f.ruleId === 'root-user-access-key').map((f) => `${f.severity} ${f.location.range.start.line}: ${f.message}`);
  }

  it('warns of a key linked by reference to a user whose name is unknown', async () => {
    expect(
      await rootWarnings(
        'variable "who" {}\nresource "aws_iam_user" "u" {\n  name = var.who\n}\nresource "aws_iam_access_key" "k" {\n  user = aws_iam_user.u.name\n}\n',
      ),
    ).toEqual(['warning 5: Cannot tell whether access key aws_iam_access_key.k is for the root user: var.who has no value.']);
  });

  it('says nothing when the user name is known and not root', async () => {
    expect(
      await rootWarnings('resource "aws_iam_user" "u" {\n  name = "ops"\n}\nresource "aws_iam_access_key" "k" {\n  user = aws_iam_user.u.name\n}\n'),
    ).toEqual([]);
  });
});
