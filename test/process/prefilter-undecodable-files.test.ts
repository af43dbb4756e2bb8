/**
 * Files whose bytes are not UTF-8 text (a UTF-16 byte order mark, an invalid UTF-8 sequence, a NUL
 * byte) are parse errors for their loaders. The prefilter searched their bytes for seed words and
 * passed over those without one, so the same repository was exit 0 with the prefilter and a
 * `parse-error`, exit 2, without it. Both modes must report the same.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/core/finding.js';
import { lint } from '../../src/engine.js';

const view = (result: LintResult, root: string) => ({
  findings: result.findings.map((f) => `${f.ruleId} ${f.location.file.slice(root.length + 1)}:${f.location.range.start.line}: ${f.message}`),
  notes: result.notes.map((n) => `${n.location.file.slice(root.length + 1)}: ${n.message}`),
});

/** UTF-16 little-endian text with its byte order mark, as Windows editors and PowerShell save it. */
const utf16 = (text: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');

const S3_TF = 'resource "aws_s3_bucket" "b" {\n  bucket = "café"\n}\n';
const S3_TEMPLATE = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  B:\n    Type: AWS::S3::Bucket # café\n';
const STACK_TS =
  "import * as cdk from 'aws-cdk-lib';\nimport * as s3 from 'aws-cdk-lib/aws-s3';\nexport class S extends cdk.Stack {\n  constructor(app: cdk.App, id: string) {\n    super(app, id);\n    new s3.Bucket(this, 'B'); // café\n  }\n}\n";

function write(root: string, files: Record<string, string | Buffer>): void {
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), content);
  }
}

async function bothWays(root: string, paths: readonly string[]): Promise<{ on: ReturnType<typeof view>; off: ReturnType<typeof view> }> {
  const on = await lint({ paths: paths.map((p) => join(root, p)), cwd: root });
  const off = await lint({ paths: paths.map((p) => join(root, p)), cwd: root, prefilter: false });
  return { on: view(on, root), off: view(off, root) };
}

describe('files that are not UTF-8 text give the same findings with and without the prefilter', () => {
  it('Terraform, CloudFormation, plans and CDK source holding no seed word', async () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-prefilter-undecodable-')));
    try {
      write(root, {
        'tf-utf16/main.tf': utf16(S3_TF),
        'tf-latin1/main.tf': latin1(S3_TF),
        'tf-nul/main.tf': `# a\u0000b\n${S3_TF}`,
        'tf-utf8/main.tf': S3_TF,
        'cfn/utf16.yaml': utf16(S3_TEMPLATE),
        'cfn/latin1.yaml': latin1(S3_TEMPLATE),
        // No template: not credlint's business in either mode.
        'cfn/kubernetes.yaml': utf16('apiVersion: v1\nkind: Pod\n'),
        'cfn/notes.json': latin1('{"note": "café"}\n'),
        'plan/plan.json': latin1('{"format_version": "1.2", "planned_values": {}, "x": "café"}\n'),
        'plan/plan16.json': utf16('{"format_version": "1.2", "planned_values": {}}\n'),
        'app/cdk.json': '{"app": "npx ts-node bin/app.ts"}\n',
        'app/bin/app.ts': "import * as cdk from 'aws-cdk-lib';\nimport { S } from '../lib/s';\nnew S(new cdk.App(), 'S');\n",
        'app/lib/s.ts': utf16(STACK_TS),
        'app/lib/other.ts': latin1("export const name = 'café';\n"),
      });
      const { on, off } = await bothWays(root, ['.']);
      expect(on).toEqual(off);
      expect(off.findings.map((f) => f.split(':')[0])).toEqual([
        'parse-error app/lib/other.ts',
        'parse-error app/lib/s.ts',
        'parse-error cfn/latin1.yaml',
        'parse-error cfn/utf16.yaml',
        'parse-error plan/plan.json',
        'parse-error plan/plan16.json',
        'parse-error tf-latin1/main.tf',
        'parse-error tf-nul/main.tf',
        'parse-error tf-utf16/main.tf',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a called module outside the scanned path', async () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-prefilter-undecodable-call-')));
    try {
      execFileSync('git', ['init', '-q', root]);
      write(root, {
        'roots/app/main.tf': 'module "m" {\n  source = "../../modules/m"\n}\n',
        'modules/m/main.tf': utf16(S3_TF),
      });
      const { on, off } = await bothWays(root, ['roots/app']);
      expect(on).toEqual(off);
      expect(off.findings.map((f) => f.split(':')[0])).toEqual(['parse-error modules/m/main.tf']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
