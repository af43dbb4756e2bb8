/**
 * The prefilter must be sound: findings and notes with and without it are identical, over the
 * repository's fixtures and over a generated corpus (the benchmark's generator, scaled down).
 */
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/core/finding.js';
import { lint } from '../../src/engine.js';
import { generateCorpus } from '../../scripts/bench-corpus.js';

/** Findings and notes: a "not analysed" note must not depend on the prefilter either. */
const view = (result: LintResult) => ({
  findings: result.findings.map((f) => ({ ruleId: f.ruleId, file: f.location.file, range: f.location.range, message: f.message, fingerprint: f.fingerprint })),
  notes: result.notes.map((n) => ({ file: n.location.file, range: n.location.range, message: n.message })),
});

/**
 * With `--report-unknown` and `--report-unused-suppressions` too: the prefilter keeps what those can
 * report (undecidable keys, suppressions in units without a key).
 */
async function bothWays(
  dir: string,
  extra: { reportUnknown?: boolean; reportUnusedSuppressions?: boolean } = {},
): Promise<{ on: LintResult; off: LintResult }> {
  const on = await lint({ paths: [dir], cwd: dir, ...extra });
  const off = await lint({ paths: [dir], cwd: dir, prefilter: false, ...extra });
  return { on, off };
}

describe('prefilter on and off give identical findings', () => {
  it('over a generated corpus, while analysing far fewer files', async () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-prefilter-corpus-')));
    try {
      generateCorpus(root, { appDirectories: 40, templates: 60 });
      const { on, off } = await bothWays(root);
      expect(view(on)).toEqual(view(off));
      expect(on.findings.filter((f) => f.ruleId !== 'parse-error').length).toBeGreaterThanOrEqual(8);
      expect(on.filesScanned).toBeLessThan(off.filesScanned / 4);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  const fixtures = join(import.meta.dirname, '..', '..', 'fixtures');
  it.skipIf(!existsSync(fixtures))('over the repository fixtures', async () => {
    const { on, off } = await bothWays(fixtures);
    expect(view(on)).toEqual(view(off));
    expect(on.findings.length).toBeGreaterThan(0);
  });

  it('over units without keys that hold suppressions, and undecidable keys, reporting both', async () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-prefilter-options-')));
    const files: Record<string, string> = {
      // No key in the unit: the suppression is unused, the one without a reason invalid.
      'tf-unused/main.tf': '# credlint-ignore console-user-with-access-key -- reviewed\nresource "aws_iam_user" "u" {\n  name = "ana"\n}\n',
      'tf-invalid/main.tf': '# credlint-ignore console-user-with-access-key\nresource "aws_iam_user_login_profile" "p" {\n  user = "ana"\n}\n',
      // A key whose user is a required variable without a value: undecidable.
      'tf-unknown/main.tf':
        'variable "who" {}\nresource "aws_iam_user_login_profile" "p" {\n  user = var.who\n}\nresource "aws_iam_access_key" "k" {\n  user = var.who\n}\n',
      'tf-user-only/main.tf': 'resource "aws_iam_user" "u" {\n  name = "ops"\n}\n',
      'cfn/unused.yaml':
        'Resources:\n  U:\n    Type: AWS::IAM::User\n    Metadata:\n      credlint:\n        ignore:\n          - rule: root-user-access-key\n            reason: reviewed\n    Properties:\n      UserName: ana\n',
      'cfn/comment.yaml': 'Resources:\n  # credlint-ignore root-user-access-key -- reviewed\n  U:\n    Type: AWS::IAM::User\n',
      'cfn/user-only.yaml': 'Resources:\n  U:\n    Type: AWS::IAM::User\n    Properties:\n      UserName: root\n',
    };
    try {
      for (const [file, text] of Object.entries(files)) {
        mkdirSync(dirname(join(root, file)), { recursive: true });
        writeFileSync(join(root, file), text);
      }
      const { on, off } = await bothWays(root, { reportUnknown: true, reportUnusedSuppressions: true });
      expect(view(on)).toEqual(view(off));
      const rules = on.findings.map((f) => `${f.ruleId} ${f.location.file.slice(root.length + 1)}`).sort();
      expect(rules).toEqual([
        'console-user-with-access-key tf-unknown/main.tf',
        'invalid-suppression tf-invalid/main.tf',
        'root-user-access-key tf-unknown/main.tf',
        'unused-suppression cfn/comment.yaml',
        'unused-suppression cfn/unused.yaml',
        'unused-suppression tf-unused/main.tf',
      ]);
      expect(on.filesScanned).toBe(off.filesScanned - 2);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('over modules and nested stacks that are not analysed, noting each the same way', async () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-prefilter-notes-')));
    const registry = 'source = "terraform-aws-modules/iam/aws//modules/iam-user"';
    const files: Record<string, string> = {
      // A root whose only IAM content is a registry module that was not downloaded.
      'tf-registry/main.tf': `module "user" {\n  ${registry}\n}\n`,
      'tf-git/main.tf.json': '{"module": {"user": {"source": "git::https://example.com/iam.git"}}}',
      // A root calling a local module that calls a registry module: the root's modules.json decides.
      'tf-nested/main.tf': 'module "team" {\n  source = "../tf-team"\n}\n',
      'tf-team/main.tf': `module "user" {\n  ${registry}\n}\n`,
      // A local module directory that does not exist, and one without configuration.
      'tf-missing/main.tf': 'module "gone" {\n  source = "./gone"\n}\n',
      'tf-empty/main.tf': 'module "none" {\n  source = "./none"\n}\n',
      'tf-empty/none/README.md': 'nothing here\n',
      // Downloaded and listed in modules.json: analysed, nothing to note, nothing to keep.
      'tf-installed/main.tf': `module "user" {\n  ${registry}\n}\n`,
      'tf-installed/.terraform/modules/modules.json': '{"Modules": [{"Key": "", "Source": "", "Dir": "."}, {"Key": "user", "Dir": ".terraform/modules/user"}]}',
      'tf-installed/.terraform/modules/user/main.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n',
      'tf-plain/main.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n',
      // A module with a registry call, called by a root with a key (loaded) and by one without (noted
      // by the prefilter): the same note from both, printed once.
      'tf-shared/main.tf': `module "user" {\n  ${registry}\n}\n`,
      'tf-keyed/main.tf': 'module "shared" {\n  source = "../tf-shared"\n}\nresource "aws_iam_access_key" "k" {\n  user = "ana"\n}\n',
      'tf-unkeyed/main.tf': 'module "shared" {\n  source = "../tf-shared"\n}\n',
      // Only the file with the module block is parsed for the note; a broken one gives its parse error.
      'tf-split/main.tf': `module "user" {\n  ${registry}\n}\n`,
      'tf-split/variables.tf': 'variable "name" {\n  default = "x"\n}\n',
      'tf-broken/main.tf': `module "user" {\n  ${registry}\n`,
      'cfn/remote.yaml':
        'Resources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: https://s3.amazonaws.com/b/child.yaml\n',
      'cfn/intrinsic.json':
        '{"Resources": {"Child": {"Type": "AWS::CloudFormation::Stack", "Properties": {"TemplateURL": {"Fn::Sub": "https://${B}.s3.amazonaws.com/c.yaml"}}}}}',
      'cfn/sar.yaml':
        'Transform: AWS::Serverless-2016-10-31\nResources:\n  App:\n    Type: AWS::Serverless::Application\n    Properties:\n      Location:\n        ApplicationId: arn:aws:serverlessrepo:us-east-1:1:applications/x\n        SemanticVersion: 1.0.0\n',
      'cfn/bucket.yaml': 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n',
    };
    try {
      for (const [file, text] of Object.entries(files)) {
        mkdirSync(dirname(join(root, file)), { recursive: true });
        writeFileSync(join(root, file), text);
      }
      const { on, off } = await bothWays(root);
      expect(view(on)).toEqual(view(off));
      const noted = [...new Set(on.notes.map((n) => n.location.file.slice(root.length + 1)))].sort();
      expect(noted).toEqual([
        'cfn/intrinsic.json',
        'cfn/remote.yaml',
        'cfn/sar.yaml',
        'tf-empty/main.tf',
        'tf-git/main.tf.json',
        'tf-missing/main.tf',
        'tf-registry/main.tf',
        'tf-shared/main.tf',
        'tf-split/main.tf',
        'tf-team/main.tf',
      ]);
      expect(on.notes.filter((n) => n.location.file.endsWith('tf-shared/main.tf'))).toHaveLength(1);
      expect(on.findings.filter((f) => f.ruleId === 'parse-error').map((f) => f.location.file.slice(root.length + 1))).toEqual(['tf-broken/main.tf']);
      // Nothing to analyse or note: left unparsed, as is a file of a noted module without module blocks.
      expect(on.filesScanned).toBe(off.filesScanned - 4);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
