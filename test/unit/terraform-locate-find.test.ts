import { describe, expect, it } from 'vitest';
import { findAttribute, findBlocks, findNestedBlocks } from '../../src/terraform/locate/find-located.js';
import { locateHclBlocks } from '../../src/terraform/locate/locate-hcl-blocks.js';
import { locateTfJson } from '../../src/terraform/locate/locate-tf-json.js';

const hcl = [
  'resource "aws_iam_user" "a" {',
  '  name = "a"',
  '  lifecycle {',
  '    prevent_destroy = true',
  '  }',
  '  dynamic "tag" {',
  '    content {}',
  '  }',
  '  dynamic "tag" {',
  '    content {}',
  '  }',
  '}',
  'resource "aws_iam_user" "b" {}',
  'resource "aws_iam_access_key" "a" { user = aws_iam_user.a.name }',
  'resource "aws_iam_user" "a" {}',
  'data "aws_iam_user" "a" {}',
].join('\n');

describe('findBlocks / findAttribute / findNestedBlocks', () => {
  const file = locateHclBlocks(hcl);

  it('matches type and labels exactly, keeping duplicates in source order', () => {
    expect(findBlocks(file, 'resource', ['aws_iam_user', 'a']).map((b) => b.headerRange.start.line)).toEqual([1, 15]);
    expect(findBlocks(file, 'data', ['aws_iam_user', 'a']).map((b) => b.headerRange.start.line)).toEqual([16]);
    expect(findBlocks(file, 'resource', ['aws_iam_user', 'c'])).toEqual([]);
  });

  it('treats fewer labels as a prefix', () => {
    expect(findBlocks(file, 'resource', ['aws_iam_user']).map((b) => b.labels[1])).toEqual(['a', 'b', 'a']);
    expect(findBlocks(file, 'resource', [])).toHaveLength(4);
    expect(findBlocks(file, 'resource', ['aws_iam_user', 'a', 'extra'])).toEqual([]);
  });

  it('finds attributes by name and nested blocks by type', () => {
    const [user] = findBlocks(file, 'resource', ['aws_iam_user', 'a']);
    if (user === undefined) throw new Error('user block not located');
    expect(findAttribute(user, 'name')?.valueRange).toEqual({ start: { line: 2, column: 10 }, end: { line: 2, column: 13 } });
    expect(findAttribute(user, 'missing')).toBeUndefined();
    expect(findNestedBlocks(user, 'dynamic').map((b) => b.range.start.line)).toEqual([6, 9]);
    expect(findNestedBlocks(user, 'lifecycle').map((b) => findAttribute(b, 'prevent_destroy')?.valueRange.start)).toEqual([{ line: 4, column: 23 }]);
    expect(findNestedBlocks(user, 'content')).toEqual([]);
    const [key] = findBlocks(file, 'resource', ['aws_iam_access_key', 'a']);
    expect(key === undefined ? undefined : findAttribute(key, 'user')?.range).toEqual({
      start: { line: 14, column: 37 },
      end: { line: 14, column: 63 },
    });
  });

  it('works the same over .tf.json', () => {
    const json = locateTfJson('{"resource": {"aws_iam_user": {"a": {"name": "a"}, "b": [{"name": "b1"}, {"name": "b2"}]}}}');
    expect(findBlocks(json, 'resource', ['aws_iam_user', 'b']).map((b) => findAttribute(b, 'name')?.valueRange.start.column)).toEqual([67, 83]);
  });
});

/** Found by QA: a module of 15,000 blocks took 20 seconds, a filter of every block per lookup. */
describe('findBlocks on a large file', () => {
  it('looks every block up in linear time overall', () => {
    const count = 40_000;
    const text = Array.from({ length: count }, (_, i) => `resource "aws_iam_access_key" "k${i}" {\n  user = "u"\n}\n`).join('');
    const file = locateHclBlocks(text);
    const started = Date.now();
    let found = 0;
    for (let i = 0; i < count; i += 1) found += findBlocks(file, 'resource', ['aws_iam_access_key', `k${i}`]).length;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(found).toBe(count);
    expect(findBlocks(file, 'resource', ['aws_iam_access_key', 'k39999'])[0]?.headerRange.start.line).toBe(3 * 39_999 + 1);
    expect(findBlocks(file, 'resource', ['aws_iam_access_key']).length).toBe(count);
    expect(findBlocks(file, 'resource', []).length).toBe(count);
  }, 60_000);
});
