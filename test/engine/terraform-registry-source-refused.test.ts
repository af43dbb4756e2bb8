// A module call with a `version` whose source is no registry address is one `terraform init` refuses
// ("Invalid registry module source address", terraform 1.11.4): its note says so, with the prefilter
// (the call's directory parsed for its calls' notes only) as without it (every file loaded).
import { relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

describe('a module call with a version whose source is no registry address', () => {
  it('is noted as refused by terraform init, with and without the prefilter', async () => {
    const root = tempTree({
      'wrapper/main.tf': [
        'module "user" {',
        '  source                = "wrapper-iam//modules/iam-user"',
        '  version               = "5.39.0"',
        '  create_iam_access_key = true',
        '}',
        'module "listed" {',
        '  source  = "example/iam/aws//modules/iam-user"',
        '  version = "5.39.0"',
        '}',
        '',
      ].join('\n'),
    });
    const notes = async (prefilter: boolean) =>
      (await lint({ paths: [root], cwd: root, prefilter })).notes.map(
        (note) => `${relative(root, note.location.file)}:${note.location.range.start.line} ${note.message}`,
      );
    const expected = [
      'wrapper/main.tf:1 module.user: source "wrapper-iam//modules/iam-user" has a version, so it must be a module registry address, but a registry address has three or four slash-separated parts; terraform init refuses the call; not analysed',
      'wrapper/main.tf:6 module.listed: source "example/iam/aws//modules/iam-user" is not local and is not listed in .terraform/modules/modules.json (run terraform init to analyse it); not analysed',
    ];
    expect(await notes(true)).toEqual(expected);
    expect(await notes(false)).toEqual(expected);
  });
});
