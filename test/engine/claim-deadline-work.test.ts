/**
 * The scan deadline in the claims, counted in work rather than seconds
 * (`test/process/security-claim-deadline.test.ts` times the same steps in the CLI): with a deadline
 * that passes at a chosen look, no claim step reads a file after it has passed, and its one
 * `scanSeconds` error counts exactly the files it left. A step that stops loads nothing, not even the
 * inputs it found before: their loader, run after every claim, would only report them not analysed in
 * a second error (`claimDeadlinePassed`).
 */
import { loadOptionsFor } from '../support/load-options.js';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Deadline } from '../../src/core/deadline.js';
import { ClaimReads } from '../../src/formats/claim-reads.js';
import { cdkSource } from '../../src/formats/cdk-source/index.js';
import { cloudFormation } from '../../src/formats/cloudformation/index.js';
import { tfPlan } from '../../src/formats/tf-plan/index.js';
import type { InputFormat } from '../../src/formats/format.js';
import { seedWords, reportedKinds } from '../../src/formats/relevance.js';
import { terraform } from '../../src/formats/terraform/index.js';
import { FileReader } from '../../src/io/file-reader.js';
import { rules as allRules } from '../../rules/index.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

/** A deadline that passes at its `after`-th look; `passed` tells whether it has. */
function deadlineAt(after: number): Deadline & { passed: () => boolean } {
  let looks = 0;
  const fake = {
    expired() {
      looks += 1;
      return looks >= after;
    },
    passed: () => looks >= after,
    remainingMs: () => 0,
  };
  return fake as unknown as Deadline & { passed: () => boolean };
}

/** A reader that counts the files it opens once `deadline` has passed. */
class CountingReader extends FileReader {
  readsAfterDeadline = 0;
  readsBefore = new Set<string>();
  constructor(
    root: string,
    private readonly deadline: { passed: () => boolean },
  ) {
    super([root], 10 * 1024 * 1024);
  }
  override readBytes(...args: Parameters<FileReader['readBytes']>): ReturnType<FileReader['readBytes']> {
    if (this.deadline.passed()) this.readsAfterDeadline += 1;
    else this.readsBefore.add(args[0]);
    return super.readBytes(...args);
  }
}

async function claimWithDeadline(format: InputFormat, files: Record<string, string>, after: number) {
  const root = tempTree({ '.git/HEAD': 'ref: refs/heads/main\n', ...files });
  const deadline = deadlineAt(after);
  const reader = new CountingReader(root, deadline);
  const options = loadOptionsFor(root, { reader, prefilter: true, deadline });
  const seeds = seedWords(format, reportedKinds(allRules));
  const paths = Object.keys(files)
    .map((file) => path.join(root, file))
    .sort();
  const claim = await format.claim(paths, { options, seeds, reads: new ClaimReads(reader, seeds) });
  const errors = claim.diagnostics.filter((d) => d.message.includes('scanSeconds'));
  return { root, claim, errors, reader };
}

const many = (count: number, name: (i: number) => string, text: string): Record<string, string> =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [name(i), text]));

const PLAN = '{"format_version":"1.2","planned_values":{"root_module":{}},"resource_changes":[{"type":"aws_iam_access_key"}]}\n';
const TEMPLATE = 'Resources:\n  K:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: u\n';
const MODULE = 'resource "aws_iam_access_key" "k" {\n  user = "u"\n}\n';
const APP = "import * as iam from 'aws-cdk-lib/aws-iam';\nnew iam.AccessKey(s, 'K', { user: u });\n";

describe('a claim step stopped by the deadline', () => {
  it('the plan claim reads no data file after it, counts those it left and loads none of the plans it found', async () => {
    const { root, claim, errors, reader } = await claimWithDeadline(
      tfPlan,
      many(20, (i) => `p${String(i).padStart(2, '0')}.json`, PLAN),
      6,
    );
    expect(reader.readsAfterDeadline).toBe(0);
    expect(reader.readsBefore.size).toBeGreaterThan(0);
    const left = 20 - reader.readsBefore.size;
    expect(errors.map((d) => [path.relative(root, d.location.file), d.message])).toEqual([
      [
        `p${String(reader.readsBefore.size).padStart(2, '0')}.json`,
        `analysis limit reached: the scan deadline passed while the data files were read to pick their format; ${String(left)} data files were not read, this one first, and the ${String(reader.readsBefore.size)} Terraform plans found before it were not analysed (limit scanSeconds = 300; raise it with --limit scanSeconds=N)`,
      ],
    ]);
    expect(claim.inputs).toBeUndefined();
  });

  it('the CloudFormation claim likewise', async () => {
    const { claim, errors, reader } = await claimWithDeadline(
      cloudFormation,
      many(20, (i) => `t${String(i).padStart(2, '0')}.yaml`, TEMPLATE),
      6,
    );
    expect(reader.readsAfterDeadline).toBe(0);
    const left = 20 - reader.readsBefore.size;
    expect(errors.map((d) => d.message)).toEqual([
      expect.stringContaining(
        `; ${String(left)} data files were not read, this one first, and the ${String(reader.readsBefore.size)} CloudFormation templates found before it were not analysed`,
      ),
    ]);
    expect(claim.inputs).toBeUndefined();
  });

  it('the Terraform prefilter reads no module directory after it', async () => {
    const { errors, reader } = await claimWithDeadline(
      terraform,
      many(20, (i) => `m${String(i).padStart(2, '0')}/main.tf`, MODULE),
      6,
    );
    expect(reader.readsAfterDeadline).toBe(0);
    const left = 20 - reader.readsBefore.size;
    expect(errors.map((d) => d.message)).toEqual([expect.stringContaining(`; ${String(left)} module directories were not read, this one first`)]);
  });

  it('the search for CDK apps reads no TypeScript file after it, and loads none of the projects it found', async () => {
    const files = {
      ...Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`a${String(i)}/cdk.json`, '{"app":"npx ts-node app.ts"}\n'])),
      ...many(4, (i) => `a${String(i)}/app.ts`, APP),
      ...many(20, (i) => `z/lib/f${String(i).padStart(2, '0')}.ts`, 'export const x = 1;\n'),
    };
    const { root, claim, errors, reader } = await claimWithDeadline(cdkSource, { ...files, 'z/cdk.json': '{}\n' }, 10);
    expect(reader.readsAfterDeadline).toBe(0);
    const read = [...reader.readsBefore].filter((file) => file.endsWith('.ts')).length;
    expect(read).toBeGreaterThan(4);
    expect(errors.map((d) => [path.relative(root, d.location.file), d.message])).toEqual([
      [
        expect.stringMatching(/^z\/lib\/f\d\d\.ts$/),
        expect.stringContaining(
          `while the TypeScript files were read to find the CDK apps; ${String(24 - read)} TypeScript files were not read, this one first, and the 4 CDK source projects found before it were not analysed`,
        ),
      ],
    ]);
    expect(claim.inputs).toBeUndefined();
  });
});
