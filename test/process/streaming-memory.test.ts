/**
 * README, "Performance" / docs/architecture.md, "Streaming": units are analysed and released as they
 * load, so a scan's memory grows with its largest unit, not with the repository. The same corpus is
 * generated twice, with N small Terraform root modules (each calling a module of its own) and with 4N,
 * both holding the same largest unit; the CLI scans each with `--no-prefilter` in a child process
 * whose heap is limited. Streamed, both scans complete in 48 MB of old-generation heap (measured);
 * the same scan keeping every unit until the rules run (the loaders before a67398a) runs out of memory
 * on the 4N corpus even with 256 MB. The limit sits at 192 MB, four times what streaming needs and
 * below what keeping the units needs.
 */
import { afterAll, describe, it } from 'vitest';
import { expectBothScansWithinHeap, unitsCorpus } from '../support/streaming-scan.js';
import { removeTempTrees } from '../support/temp-tree.js';

afterAll(removeTempTrees);

/** `count` resources that parse and evaluate like a real configuration's, none of IAM. */
function filler(prefix: string, count: number): string {
  const blocks: string[] = [];
  for (let i = 0; i < count; i++) {
    blocks.push(
      `resource "aws_s3_bucket" "${prefix}_${i}" {\n  bucket = "\${var.env}-${prefix}-${i}"\n  tags = {\n    Name  = "${prefix} bucket ${i}"\n    Team  = local.team\n    Index = ${i}\n  }\n}\n`,
    );
  }
  return blocks.join('\n');
}

/** One unit: a root module with an access key of the root user (one finding) calling a module of its own. */
function unitFiles(name: string, size: number): Record<string, string> {
  return {
    [`roots/${name}/main.tf`]:
      `variable "env" {\n  default = "dev"\n}\n\nlocals {\n  team = "platform"\n}\n\nmodule "buckets" {\n  source = "../../modules/${name}"\n  env    = var.env\n}\n\n` +
      `resource "aws_iam_access_key" "k" {\n  user = "root"\n}\n\n${filler('root', size)}`,
    [`modules/${name}/main.tf`]: `variable "env" {}\n\nlocals {\n  team = "storage"\n}\n\n${filler('mod', size)}`,
  };
}

const corpus = (units: number): string => unitsCorpus(unitFiles, units, { largest: 3000, each: 250 }, 'u');

describe('a --no-prefilter scan streams its units', () => {
  it('completes in the same small heap with four times the units', { timeout: 600_000 }, () => {
    // Every unit analysed: one finding each, the largest unit's included.
    expectBothScansWithinHeap(corpus, 60, 192);
  });
});
