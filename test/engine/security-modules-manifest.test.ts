/**
 * A `.terraform/modules/modules.json` that cannot be read or parsed (over the size limit, invalid or
 * nested past the JSON bound): the registry and git modules it lists are not analysed, which is an
 * incomplete scan. It was passed over without a word, and each call's note then said the module was
 * not listed and to run `terraform init`, which changes nothing; a committed manifest could so hide
 * what a downloaded module creates behind an exit code of 0 or 1.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostileWorkspaces, scanHostile } from '../support/hostile-workspace.js';

const workspace = hostileWorkspaces('credlint-modules-manifest-');

const ROOT = 'module "team" {\n  source = "acme/team/aws"\n}\n\nresource "aws_iam_access_key" "k" {\n  user = "ops"\n}\n';

describe('a modules.json that cannot be read', () => {
  it.each([
    ['invalid JSON', '{"Modules": [', 'not valid JSON (Unexpected end of JSON input)'],
    [
      'JSON nested 100,000 deep',
      `{"Modules":[${'['.repeat(100_000)}${']'.repeat(100_000)}]}`,
      'not valid JSON (nesting deeper than 200 levels at position 210)',
    ],
    [
      'over the size limit',
      `{"Modules":[${'{"Key":"x","Dir":"."},'.repeat(600_000)}{}]}`,
      'file is 13200016 bytes, over the 10485760-byte limit (--max-file-size)',
    ],
  ])('%s is a parse-error saying the modules it lists are not analysed', async (_what, manifest, problem) => {
    const root = workspace({ 'infra/main.tf': ROOT, 'infra/.terraform/modules/modules.json': manifest });
    const result = await scanHostile(root);
    const errors = result.findings.filter((f) => f.ruleId === 'parse-error').map((f) => [f.location.file, f.message]);
    expect(errors).toEqual([[join(root, 'infra/.terraform/modules/modules.json'), `${problem}: the registry and git modules it lists are not analysed`]]);
    // The call's note says why it is not analysed, not to run `terraform init`, which would change nothing.
    expect(result.notes.map((note) => note.message)).toEqual([
      'module.team: source "acme/team/aws" is not local, and .terraform/modules/modules.json, which would say where terraform init put it, was not read; not analysed',
    ]);
  });

  it('a valid one listing nothing gives no error, and the call is not listed in it', async () => {
    const root = workspace({ 'infra/main.tf': ROOT, 'infra/.terraform/modules/modules.json': '{"Modules": []}' });
    const result = await scanHostile(root);
    expect(result.findings.filter((f) => f.ruleId === 'parse-error')).toEqual([]);
    expect(result.notes.map((note) => note.message)).toEqual([
      'module.team: source "acme/team/aws" is not local and is not listed in .terraform/modules/modules.json (run terraform init to analyse it); not analysed',
    ]);
  });
});
