// Copies of a file parsed for their module calls' notes share one parse (parse-hcl.ts, SharedParses):
// each copy still gets its own notes and parse errors, as without the prefilter (every file loaded).
import { relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

const CALLS = 'module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n  cidr   = "10.0.0.0/16"\n}\n';
const BROKEN = 'module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n  cidr   = (1 +\n}\n';

describe('copies of a file parsed for the notes of their module calls', () => {
  it('each give their notes and their parse error, with and without the prefilter', async () => {
    const root = tempTree({
      'a/main.tf': CALLS,
      'b/main.tf': CALLS,
      'c/main.tf': BROKEN,
      'd/main.tf': BROKEN,
    });
    const filtered = await lint({ paths: [root], cwd: root });
    const whole = await lint({ paths: [root], cwd: root, prefilter: false });
    const at = (location: { file: string; range: { start: { line: number; column: number } } }) =>
      `${relative(root, location.file)}:${location.range.start.line}:${location.range.start.column}`;
    const where = (result: typeof filtered) => ({
      notes: result.notes.map((note) => `${at(note.location)} ${note.message}`),
      errors: result.findings.map((finding) => `${at(finding.location)} ${finding.message}`),
    });
    expect(where(filtered)).toEqual(where(whole));
    const { notes, errors } = where(filtered);
    expect(notes.filter((note) => note.startsWith('a/main.tf:1:1 ') || note.startsWith('b/main.tf:1:1 '))).toHaveLength(2);
    expect(errors.map((error) => error.split(' ')[0])).toEqual(['c/main.tf:4:1', 'd/main.tf:4:1']);
  });
});
