/**
 * docs/architecture.md, "Streaming": CloudFormation templates stream like Terraform root modules. The
 * same corpus is generated twice, with N small templates (each nesting a template of its own through
 * `AWS::CloudFormation::Stack`) and with 4N, both holding the same largest template; the CLI scans
 * each with `--no-prefilter` in a child process whose heap is limited. Streamed, both complete in 96 MB
 * of old-generation heap (measured; not in 48 MB, the largest template's model needs it); parsing every
 * template before the first unit is built (the loaders before a67398a) runs out of memory on the 4N
 * corpus even with 256 MB. The limit sits at 192 MB, twice what streaming needs and below what parsing
 * everything first needs.
 */
import { afterAll, describe, it } from 'vitest';
import { expectBothScansWithinHeap, unitsCorpus } from '../support/streaming-scan.js';
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
  it('completes in the same small heap with four times the templates', { timeout: 600_000 }, () => {
    // Every unit analysed, its nested template included: one finding each, the largest unit's too.
    expectBothScansWithinHeap(corpus, 50, 192);
  });
});
