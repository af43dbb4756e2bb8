/**
 * `ephemeralasnull` returns its argument only in a module where nothing can be ephemeral: no variable
 * and no output of a called module declared `ephemeral` (README, "Terraform evaluation").
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

async function findings(files: Record<string, string>): Promise<string[]> {
  const root = tempTree(files, 'credlint-ephemeral-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.ruleId} ${f.location.range.start.line} ${f.unknown ? 'unknown' : 'definite'}`);
}

const ROOT = `module "session" {
  source = "./session"
}

resource "aws_iam_access_key" "a" {
  user = "deploy"
}

resource "aws_iam_access_key" "b" {
  user = ephemeralasnull(module.session.user)
}
`;

const child = (ephemeral: boolean) => `output "user" {
  value = "deploy"${ephemeral ? '\n  ephemeral = true' : ''}
}
`;

describe('ephemeralasnull of a called module output', () => {
  it('is the output where the output is not ephemeral', async () => {
    expect(await findings({ 'main.tf': ROOT, 'session/main.tf': child(false) })).toEqual(['multiple-active-access-keys 9 definite']);
  });

  it('is unknown where the output is declared ephemeral (Terraform makes it null)', async () => {
    expect(await findings({ 'main.tf': ROOT, 'session/main.tf': child(true) })).toEqual([
      'multiple-active-access-keys 9 unknown',
      'root-user-access-key 9 unknown',
    ]);
  });
});
