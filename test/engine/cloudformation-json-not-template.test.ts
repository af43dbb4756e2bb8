/**
 * A JSON file that names AWS resource types and has a `"Resources": {` object somewhere passes the
 * template sniff, yet may be no template at all: a CloudFormation resource specification or JSON schema
 * runs to megabytes. Its structure is checked with the platform's JSON parser before the positional
 * parse, so it costs no positional parse and never exhausts the node budget (which made the scan
 * report a parse error and exit 2).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/core/limits.js';
import { loadCloudFormation } from '../../src/formats/cloudformation/load-templates.js';
import { keysOf, loadOptions, writeTree } from '../support/cloudformation-harness.js';

/** A schema-like document: every resource type under `definitions`, one with a nested `Resources` object. */
function schema(types: number): string {
  const definitions: Record<string, unknown> = {};
  for (let i = 0; i < types; i++) {
    definitions[`AWS::Example::Thing${String(i)}`] = {
      properties: { Type: { enum: [`AWS::Example::Thing${String(i)}`] }, Condition: { type: 'string' } },
    };
  }
  definitions['AWS::IAM::AccessKey'] = { properties: { Resources: { Type: 'AWS::IAM::AccessKey', items: { type: 'string' } } } };
  return JSON.stringify({ $schema: 'http://json-schema.org/draft-04/schema#', definitions, Resources: ['AWS::IAM::AccessKey'] }, null, 2);
}

const TEMPLATE = JSON.stringify(
  {
    Resources: {
      Ops: { Type: 'AWS::IAM::User', Properties: { UserName: 'ops', LoginProfile: { Password: 'x' } } },
      OpsKey: { Type: 'AWS::IAM::AccessKey', Properties: { UserName: { Ref: 'Ops' } } },
    },
  },
  null,
  2,
);

async function load(files: Record<string, string>, parseNodes: number) {
  const dir = writeTree(files);
  const options = { ...loadOptions(dir), limits: { ...DEFAULT_LIMITS, parseNodes } };
  return loadCloudFormation(
    Object.keys(files).map((f) => path.join(dir, f)),
    options,
  );
}

describe('JSON files that are not templates', () => {
  it('drops a large schema naming AWS types without spending the node budget', async () => {
    const { units, diagnostics } = await load({ 'spec.json': schema(2_000), 'iam.template': TEMPLATE }, 5_000);
    expect(diagnostics).toEqual([]);
    expect(units.map((u) => u.id)).toEqual(['cloudformation:iam.template']);
    expect(keysOf(units[0]!)).toEqual(['OpsKey ops Active']);
  });

  it('still spends the node budget on a real template', async () => {
    const { units, diagnostics } = await load({ 'big.json': TEMPLATE.replace('"Resources"', `"Metadata": ${schema(2_000)},\n  "Resources"`) }, 5_000);
    expect(units).toEqual([]);
    expect(diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('analysis limit reached')]);
  });

  it('leaves text that is not plain JSON to the positional parser, which reports the error', async () => {
    const broken = TEMPLATE.replace('"Resources": {', '"Resources": { // a comment\n');
    const { units, diagnostics } = await load({ 't.json': broken }, DEFAULT_LIMITS.parseNodes);
    expect(units).toEqual([]);
    expect(diagnostics.map((d) => [d.kind, d.location.range.start.line])).toEqual([['parse-error', 2]]);
  });

  it('keeps the last of duplicate Resources keys, as CloudFormation does', async () => {
    const text = `{"Resources": {"K": {"Type": "AWS::IAM::AccessKey", "Properties": {"UserName": "ops"}}},\n "Resources": {"Settings": {"Type": "Other"}}}`;
    const { units } = await load({ 'dup.json': text }, DEFAULT_LIMITS.parseNodes);
    expect(units).toEqual([]);
  });
});
