import { describe, expect, it } from 'vitest';
import { looksLikeTerraformPlan } from '../../src/tf-plan/detect-plan.js';
import { formatTraversal, moduleCallPath, parseTraversal } from '../../src/tf-plan/plan-addresses.js';

describe('parseTraversal', () => {
  it('splits names and instance keys, including quoted keys holding dots, brackets and escapes', () => {
    expect(parseTraversal('module.a["x.y]"].module.b[0].aws_iam_user.u')).toEqual([
      { name: 'module' },
      { name: 'a' },
      { key: 'x.y]' },
      { name: 'module' },
      { name: 'b' },
      { key: 0 },
      { name: 'aws_iam_user' },
      { name: 'u' },
    ]);
    expect(parseTraversal('aws_iam_user.u["a\\"b"].name')).toEqual([{ name: 'aws_iam_user' }, { name: 'u' }, { key: 'a"b' }, { name: 'name' }]);
  });

  it('rejects what is not an address', () => {
    expect(parseTraversal('aws_iam_user..u')).toBeUndefined();
    expect(parseTraversal('aws_iam_user.u[')).toBeUndefined();
    expect(parseTraversal('aws_iam_user.u[true]')).toBeUndefined();
  });

  it('round-trips through formatTraversal', () => {
    const address = 'module.a["x.y"].module.b[0].aws_iam_access_key.k["ana"]';
    expect(formatTraversal(parseTraversal(address) ?? [])).toBe(address);
  });
});

describe('moduleCallPath', () => {
  it('drops instance keys to name the module calls of the configuration', () => {
    expect(moduleCallPath('')).toEqual([]);
    expect(moduleCallPath('module.team')).toEqual(['team']);
    expect(moduleCallPath('module.team["a"].module.member[2]')).toEqual(['team', 'member']);
    expect(moduleCallPath('aws_iam_user.u')).toBeUndefined();
  });
});

describe('looksLikeTerraformPlan', () => {
  it('accepts plan JSON with planned_values or resource_changes', () => {
    expect(looksLikeTerraformPlan({ format_version: '1.2', planned_values: {} })).toBe(true);
    expect(looksLikeTerraformPlan({ format_version: '0.1', resource_changes: [] })).toBe(true);
  });

  it('rejects state JSON, CloudFormation and other JSON', () => {
    expect(looksLikeTerraformPlan({ format_version: '1.0', values: { root_module: {} } })).toBe(false);
    expect(looksLikeTerraformPlan({ planned_values: {} })).toBe(false);
    expect(looksLikeTerraformPlan({ format_version: 1, planned_values: {} })).toBe(false);
    expect(looksLikeTerraformPlan({ AWSTemplateFormatVersion: '2010-09-09', Resources: {} })).toBe(false);
    expect(looksLikeTerraformPlan([{ format_version: '1.0', planned_values: {} }])).toBe(false);
    expect(looksLikeTerraformPlan(null)).toBe(false);
  });
});
