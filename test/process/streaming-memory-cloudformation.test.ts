/**
 * docs/architecture.md, "Streaming": CloudFormation templates stream like Terraform root modules. The
 * same corpus is generated twice, with N small templates (each nesting a template of its own through
 * `AWS::CloudFormation::Stack`) and with 4N, both holding the same largest template; the CLI scans
 * each with `--no-prefilter` in a child process, which reports its peak resident set size. Were every
 * template parsed before the first unit is built, the second scan's peak would grow with the three
 * times more parsed templates; streamed, it stays where the largest template puts it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { scanPeakRss as scan, unitsCorpus } from '../support/streaming-scan.js';
import { removeTempTrees } from '../support/temp-tree.js';

afterAll(removeTempTrees);

/** `count` queues, parsed and modelled like any resource, none of IAM. */
function filler(prefix: string, count: number): string {
  const resources: string[] = [];
  for (let i = 0; i < count; i++) {
    resources.push(
      `  ${prefix}${i}:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Sub "\${AWS::StackName}-${prefix}-${i}"\n      Tags:\n        - Key: Index\n          Value: "${i}"\n`,
    );
  }
  return resources.join('');
}

/** One unit: a template nesting a template of its own, which gives the root user an access key (one finding). */
function unitFiles(name: string, size: number): Record<string, string> {
  return {
    [`stacks/${name}/parent.yaml`]: `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./child.yaml\n${filler('Parent', size)}`,
    [`stacks/${name}/child.yaml`]: `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  RootKey:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: root\n${filler('Child', size)}`,
  };
}

const corpus = (units: number): string => unitsCorpus(unitFiles, units, { largest: 4000, each: 300 }, 's');

describe('a --no-prefilter scan streams its CloudFormation templates', () => {
  it('peaks at about the same memory with four times the templates', { timeout: 600_000 }, () => {
    const units = 50;
    const small = scan(corpus(units));
    const large = scan(corpus(4 * units));
    // Every unit analysed, its nested template included: one finding each, the largest unit's too.
    expect(small.findings).toBe(units + 1);
    expect(large.findings).toBe(4 * units + 1);
    // Streamed runs have measured 1.24× to 1.55× depending on when V8 collects (a clean-clone run: 241 →
    // 373 MB), so the bound sits between that spread and the 2.5× of parsing every template first.
    // Parsing every template first, the peak grows 2.5× here (440 → 1120 MB); streamed, about 1.25× (320 → 396 MB).
    expect(large.peakMb / small.peakMb, `peak RSS ${small.peakMb.toFixed(0)} MB → ${large.peakMb.toFixed(0)} MB`).toBeLessThan(1.8);
  });
});
