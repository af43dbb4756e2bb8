import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTemplateUnit } from '../../src/cloudformation/build-template-unit.js';
import { loadOptions } from '../support/cloudformation-harness.js';

const dir = path.join(path.sep, 'virtual');

describe('CloudFormation Properties written as one Fn::If, at scale', () => {
  it('merges branches of tens of thousands of properties in linear time', () => {
    const branch = (prefix: string, extra: Record<string, unknown>) => ({
      ...Object.fromEntries(Array.from({ length: 40_000 }, (_, i) => [`${prefix}${i}`, 'x'])),
      ...extra,
    });
    const template = {
      Conditions: { Yes: { 'Fn::Equals': ['a', 'a'] } },
      Resources: {
        User: { Type: 'AWS::IAM::User', Properties: { 'Fn::If': ['Yes', branch('A', { UserName: 'ana' }), branch('B', {})] } },
        Key: { Type: 'AWS::IAM::AccessKey', Properties: { 'Fn::If': ['Yes', branch('C', { UserName: { Ref: 'User' } }), branch('D', {})] } },
      },
    };
    const file = path.join(dir, 'template.json');
    const started = Date.now();
    const { unit } = buildTemplateUnit({
      unitId: 'u',
      format: 'cloudformation',
      options: loadOptions(dir),
      templates: [{ file, text: JSON.stringify(template) }],
    });
    // A lookup per key in each branch took minutes here; merging by key takes well under a second.
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(unit.users.map((u) => (u.name?.known === true ? u.name.value : undefined))).toEqual(['ana']);
    expect(unit.accessKeys.map((k) => (k.user.known ? k.user.value : undefined))).toEqual([{ kind: 'name', name: 'ana' }]);
  }, 60_000);
});
