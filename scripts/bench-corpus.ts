/**
 * A deterministic synthetic corpus for `npm run bench`: many irrelevant Terraform module directories
 * of mixed sizes, a few IAM-relevant ones (direct, and through local module calls), and
 * CloudFormation templates (YAML and JSON), a handful of which hold IAM users and keys.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Mulberry32: a tiny seeded generator, so every run benchmarks the same bytes. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function write(root: string, path: string, text: string): number {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, text);
  return Buffer.byteLength(text);
}

function bucketFile(rand: () => number, prefix: string, count: number): string {
  let text = '';
  for (let k = 0; k < count; k += 1) {
    const rules = Math.floor(rand() * 4) + 1;
    text += `resource "aws_s3_bucket" "${prefix}_${k}" {\n  bucket = "\${var.prefix}-${prefix}-${k}"\n  tags = {\n    Name = "${prefix}-${k}"\n    Team = local.team\n  }\n}\n\n`;
    text += `resource "aws_security_group" "${prefix}_sg_${k}" {\n  name = "${prefix}-sg-${k}"\n`;
    for (let r = 0; r < rules; r += 1) {
      text += `  ingress {\n    from_port   = ${443 + r}\n    to_port     = ${443 + r}\n    protocol    = "tcp"\n    cidr_blocks = ["10.${r}.0.0/16"]\n  }\n`;
    }
    text += `}\n\n`;
  }
  return text;
}

const VARIABLES = 'variable "prefix" {\n  type    = string\n  default = "bench"\n}\n\nlocals {\n  team = "platform"\n}\n';

/** Relevant Terraform: users with keys and login profiles, directly or through a local module. */
function writeRelevant(root: string, index: number): number {
  const dir = `terraform/iam-${index}`;
  let bytes = 0;
  if (index % 2 === 0) {
    bytes += write(
      root,
      `${dir}/main.tf`,
      `resource "aws_iam_user" "ops" {\n  name = "ops-${index}"\n}\n\nresource "aws_iam_user_login_profile" "ops" {\n  user = aws_iam_user.ops.name\n}\n\nresource "aws_iam_access_key" "ops" {\n  count = 2\n  user  = aws_iam_user.ops.name\n}\n`,
    );
  } else {
    bytes += write(root, `${dir}/main.tf`, `module "member" {\n  source = "./modules/member"\n  name   = "dev-${index}"\n}\n`);
    bytes += write(
      root,
      `${dir}/modules/member/main.tf`,
      `variable "name" {\n  type = string\n}\n\nresource "aws_iam_user" "this" {\n  name = var.name\n}\n\nresource "aws_iam_access_key" "this" {\n  user = aws_iam_user.this.name\n}\n\nresource "aws_iam_user_login_profile" "this" {\n  user = aws_iam_user.this.name\n}\n`,
    );
  }
  bytes += write(root, `${dir}/buckets.tf`, bucketFile(random(index), `iam${index}`, 5));
  return bytes;
}

function template(rand: () => number, index: number, relevant: boolean): { name: string; text: string } {
  const yaml = index % 2 === 0;
  const resources: string[] = [];
  const count = Math.floor(rand() * 30) + 2;
  for (let k = 0; k < count; k += 1) {
    resources.push(
      yaml
        ? `  Bucket${k}:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub "\${AWS::StackName}-b${k}"\n      Tags:\n        - Key: Name\n          Value: b${k}\n`
        : `    "Bucket${k}": {\n      "Type": "AWS::S3::Bucket",\n      "Properties": { "BucketName": { "Fn::Sub": "\${AWS::StackName}-b${k}" } }\n    }`,
    );
  }
  if (relevant) {
    resources.push(
      yaml
        ? `  Ops:\n    Type: AWS::IAM::User\n    Properties:\n      UserName: ops\n      LoginProfile:\n        Password: not-a-real-password\n  OpsKey:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: !Ref Ops\n`
        : `    "Ops": { "Type": "AWS::IAM::User", "Properties": { "UserName": "ops", "LoginProfile": { "Password": "x" } } },\n    "OpsKey": { "Type": "AWS::IAM::AccessKey", "Properties": { "UserName": { "Ref": "Ops" } } }`,
    );
  }
  const text = yaml
    ? `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${resources.join('')}`
    : `{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": {\n${resources.join(',\n')}\n  }\n}\n`;
  return { name: `cfn/stack-${index}.${yaml ? 'yaml' : 'json'}`, text };
}

export interface CorpusSummary {
  readonly files: number;
  readonly bytes: number;
}

export interface CorpusSize {
  /** Irrelevant Terraform module directories (4–5 files each). */
  readonly appDirectories: number;
  /** CloudFormation templates; every 50th holds a user with a key. */
  readonly templates: number;
}

/** The benchmark's default: about 6 MB, 2,400 `.tf` files and 400 templates. */
export const BENCH_CORPUS: CorpusSize = { appDirectories: 600, templates: 400 };

/** Writes the corpus under `root`: the irrelevant bulk, plus 8 IAM-relevant Terraform directories. */
export function generateCorpus(root: string, size: CorpusSize = BENCH_CORPUS): CorpusSummary {
  const rand = random(20_261_122);
  let files = 0;
  let bytes = 0;
  for (let d = 0; d < size.appDirectories; d += 1) {
    const dir = `terraform/app-${d}`;
    bytes += write(root, `${dir}/variables.tf`, VARIABLES);
    files += 1;
    // Mixed sizes: most files small, some tens of KB, a few large.
    const roll = rand();
    const blocks = roll < 0.7 ? 2 : roll < 0.95 ? 20 : 120;
    for (let f = 0; f < 3; f += 1) {
      bytes += write(root, `${dir}/part-${f}.tf`, bucketFile(rand, `d${d}f${f}`, Math.max(1, Math.floor(blocks * rand()))));
      files += 1;
    }
    if (d % 50 === 0 && d + 1 < size.appDirectories) {
      bytes += write(root, `${dir}/app.tf`, `module "shared" {\n  source = "../app-${d + 1}"\n}\n`);
      files += 1;
    }
  }
  for (let r = 0; r < 8; r += 1) {
    bytes += writeRelevant(root, r);
    files += r % 2 === 0 ? 2 : 3;
  }
  for (let t = 0; t < size.templates; t += 1) {
    const { name, text } = template(rand, t, t % 50 === 7);
    bytes += write(root, name, text);
    files += 1;
  }
  return { files, bytes };
}
