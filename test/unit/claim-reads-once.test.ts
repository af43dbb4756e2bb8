import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ClaimReads } from '../../src/formats/claim-reads.js';
import { cloudFormation } from '../../src/formats/cloudformation/index.js';
import { FileReader } from '../../src/io/file-reader.js';
import { registeredSeeds } from '../support/registered-seeds.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

const SEEDS = registeredSeeds(cloudFormation);
const TEMPLATE = 'Resources:\n  Key:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: ana\n';
const DATA = '{ "name": "not a template" }\n';
const CHANGED = '# changed on disk\n';

function setUp() {
  const root = tempTree({ 'template.yaml': TEMPLATE, 'data.json': DATA }, 'credlint-claim-reads-');
  const reader = new FileReader([root], 10 * 1024 * 1024);
  const reads = new ClaimReads(reader, SEEDS);
  const file = (name: string) => join(root, name);
  // Changed after the claims' first read: a read that opens the file again sees the change.
  const change = () => {
    for (const name of ['template.yaml', 'data.json']) writeFileSync(file(name), CHANGED);
  };
  const text = (name: string) => {
    const read = reader.readSource(file(name));
    return read.ok ? read.text : undefined;
  };
  return { reads, file, change, text };
}

describe('ClaimReads: a data file is opened once per scan', () => {
  it('gives the text of a file holding a seed word from the bytes its word search read', () => {
    const { reads, file, change } = setUp();
    expect(reads.holdsNone(file('template.yaml'), SEEDS)).toBe(false);
    expect(reads.holdsNone(file('data.json'), SEEDS)).toBe(true);
    change();
    const source = reads.source(file('template.yaml'));
    expect(source.ok && source.text).toBe(TEMPLATE);
    // Asked again: the same text, without a read.
    expect(reads.source(file('template.yaml'))).toBe(source);
    // Nothing was kept of a file without a seed word: its text, were it asked, is read from disk.
    const data = reads.source(file('data.json'));
    expect(data.ok && data.text).toBe(CHANGED);
  });

  it("hands a claimed file's bytes to its loader's first read, and to no later one", () => {
    const { reads, file, change, text } = setUp();
    reads.holdsNone(file('template.yaml'), SEEDS);
    reads.source(file('template.yaml'));
    reads.handOver(file('template.yaml'));
    change();
    expect(text('template.yaml')).toBe(TEMPLATE);
    expect(text('template.yaml')).toBe(CHANGED);
  });

  it('shows the text of a file read from kept bytes (it was read by this scan)', () => {
    const { reads, file } = setUp();
    reads.holdsNone(file('template.yaml'), SEEDS);
    reads.source(file('template.yaml'));
    expect(reads.reader.displaySource(file('template.yaml'))).toBe(TEMPLATE);
  });
});
