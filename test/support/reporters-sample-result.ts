import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Finding, LintResult, ReportContext } from '../../src/core/finding.js';
import { range } from '../../src/core/location.js';
import type { RuleMeta } from '../../src/core/rule-meta.js';

/** A Terraform root module where user `ops` has a console password and an active key. */
export const MAIN_TF = `resource "aws_iam_user" "ops" {
  name = "ops"
}

resource "aws_iam_user_login_profile" "ops" {
  user = aws_iam_user.ops.name
}

resource "aws_iam_access_key" "ops" {
  user = aws_iam_user.ops.name
}

# credlint-ignore root-user-access-key -- break-glass key, rotated by hand
resource "aws_iam_access_key" "root" {
  user = "root"
}
`;

/** A file Terraform rejects: the attribute has no value. */
export const BROKEN_TF = `resource "aws_iam_user" "x" {
  name =
}
`;

const CIS = 'CIS AWS Foundations Benchmark';

export const consoleUserMeta: RuleMeta = {
  id: 'console-user-with-access-key',
  title: 'IAM user with a console password also has an active access key',
  rationale: 'Keys created with a console user are unused, unrotated secrets.',
  remediation: 'Remove the access key from the code that creates the console user.',
  defaultSeverity: 'error',
  securitySeverity: 5.3,
  mappings: [
    { framework: CIS, versions: 'v1.3.0–v4.0.1', control: '1.11' },
    { framework: CIS, versions: 'v6.0.0', control: '2.10' },
  ],
  references: [{ title: 'Managing access keys for IAM users', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html' }],
  formats: ['terraform'],
  reports: ['access-key'],
  messages: { consoleUserWithKey: 'IAM user "{{user}}" has a console password and an active access key.' },
  defaultOptions: {},
};

export const rootKeyMeta: RuleMeta = {
  id: 'root-user-access-key',
  title: 'Access key for the root user',
  rationale: 'The root user must have no access keys.',
  remediation: 'Delete the key and deny iam:CreateAccessKey for root with an SCP.',
  defaultSeverity: 'error',
  securitySeverity: 9.8,
  mappings: [{ framework: CIS, versions: 'v5.0.0', control: '1.3' }],
  references: [],
  formats: ['terraform'],
  reports: ['access-key'],
  messages: { rootKey: 'Access key {{key}} belongs to the root user.' },
  defaultOptions: {},
};

export interface SampleProject {
  readonly cwd: string;
  readonly mainTf: string;
  readonly brokenTf: string;
  readonly result: LintResult;
  readonly context: (color: boolean) => ReportContext;
}

const created: string[] = [];

/** Removes every directory `sampleProject` created (call from `afterAll`). */
export function removeSampleProjects(): void {
  for (const directory of created.splice(0)) rmSync(directory, { recursive: true, force: true });
}

/** Writes the sample files to a fresh temporary directory and builds the result an engine would. */
export function sampleProject(): SampleProject {
  // realpath: on macOS the temporary directory is behind a symlink, and the engine reports real paths.
  const cwd = realpathSync(mkdtempSync(path.join(tmpdir(), 'credlint-reporters-')));
  created.push(cwd);
  const mainTf = path.join(cwd, 'infra', 'main.tf');
  const brokenTf = path.join(cwd, 'broken', 'main.tf');
  mkdirSync(path.dirname(mainTf), { recursive: true });
  mkdirSync(path.dirname(brokenTf), { recursive: true });
  writeFileSync(mainTf, MAIN_TF);
  writeFileSync(brokenTf, BROKEN_TF);

  const parseError: Finding = {
    ruleId: 'parse-error',
    severity: 'error',
    message: 'Invalid expression: expected the start of an expression, but found "}".',
    location: { file: brokenTf, range: range(3, 1, 3, 2) },
    related: [],
    fingerprint: 'f0000000000000000000000000000001',
  };
  const consoleUser: Finding = {
    ruleId: 'console-user-with-access-key',
    severity: 'error',
    message: 'IAM user "ops" has a console password (aws_iam_user_login_profile.ops) and an active access key (aws_iam_access_key.ops).',
    // `resource "aws_iam_access_key" "ops"`: 35 characters from column 1.
    location: { file: mainTf, range: range(9, 1, 9, 36), logicalPath: 'resource.aws_iam_access_key.ops' },
    related: [
      { location: { file: mainTf, range: range(5, 1, 5, 44) }, message: 'console login profile aws_iam_user_login_profile.ops' },
      { location: { file: mainTf, range: range(1, 1, 1, 30) }, message: 'IAM user aws_iam_user.ops' },
    ],
    unitId: 'terraform:infra',
    address: 'aws_iam_access_key.ops',
    fingerprint: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  };
  const rootKey: Finding = {
    ruleId: 'root-user-access-key',
    severity: 'error',
    message: 'Access key aws_iam_access_key.root belongs to the root user.',
    location: { file: mainTf, range: range(15, 10, 15, 16), logicalPath: 'resource.aws_iam_access_key.root.user' },
    related: [],
    unitId: 'terraform:infra',
    address: 'aws_iam_access_key.root',
    suppression: {
      kind: 'inline',
      justification: 'break-glass key, rotated by hand',
      location: { file: mainTf, range: range(13, 1, 13, 75) },
    },
    fingerprint: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
  };
  const result: LintResult = {
    findings: [parseError, consoleUser, rootKey],
    notes: [
      {
        kind: 'note',
        message: 'module "vpc" from the registry was not scanned: run `terraform init` to download it.',
        location: { file: mainTf, range: range(1, 1, 1, 1) },
      },
    ],
    rules: [rootKeyMeta, consoleUserMeta],
    filesScanned: 2,
    cwd,
  };
  const context = (color: boolean): ReportContext => ({
    cwd,
    color,
    readSource(file) {
      try {
        return readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    },
  });
  return { cwd, mainTf, brokenTf, result, context };
}
