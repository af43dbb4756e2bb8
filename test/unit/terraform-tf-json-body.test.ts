import { describe, expect, it } from 'vitest';
import { parseJsonTree } from '../../src/core/json-tree.js';
import { tfJsonBody } from '../../src/terraform/module/tf-json-body.js';

function read(text: string): ReturnType<typeof tfJsonBody> {
  const { root, error } = parseJsonTree(text, 'strict');
  if (root === undefined || error !== undefined) throw new Error('test input is not JSON');
  return tfJsonBody(root);
}

function body(text: string): unknown {
  const result = read(text);
  if (!result.ok) throw new Error(`refused: ${result.message}`);
  return result.body;
}

/** The refusal's message and the text from its offset on, so each case shows where it points. */
function refused(text: string): [string, string] {
  const result = read(text);
  if (result.ok) throw new Error('accepted');
  return [result.message, text.slice(result.offset, result.offset + 12)];
}

// What Terraform 1.11.4 does with each input was checked with `terraform plan` on `terraform_data`
// configurations of the same shape (HCL's json/structure.go: `collectDeepAttrs`, `unpackBlock`,
// `PartialContent`, `JustAttributes`, `expression.Value`).
describe('tfJsonBody: a .tf.json file read as HCL reads JSON', () => {
  it('reads a block type or label written twice as more blocks, not as a replacement', () => {
    expect(body('{"resource": {"t": {"a": {"x": 1}}}, "resource": {"t": {"b": {"x": 2}}}}')).toEqual({
      resource: { t: { a: [{ x: 1 }], b: [{ x: 2 }] } },
    });
    expect(body('{"resource": {"t": {"a": {"x": 1}}, "t": {"b": {"x": 2}}}}')).toEqual({ resource: { t: { a: [{ x: 1 }], b: [{ x: 2 }] } } });
    expect(body('{"locals": {"a": 1}, "locals": {"b": 2}}')).toEqual({ locals: [{ a: 1 }, { b: 2 }] });
    // Two bodies under one name are two blocks (which Terraform then refuses as a duplicate resource).
    expect(body('{"resource": {"t": {"a": {"x": 1}, "a": [{"x": 2}]}}}')).toEqual({ resource: { t: { a: [{ x: 1 }, { x: 2 }] } } });
  });

  it('reads arrays of objects at the root and at every label level', () => {
    expect(body('[{"variable": {"v": {}}}, {"resource": [{"t": [{"a": {"x": 1}}]}, {"t": {"b": [{"x": 2}, {"x": 3}]}}]}]')).toEqual({
      variable: { v: [{}] },
      resource: { t: { a: [{ x: 1 }], b: [{ x: 2 }, { x: 3 }] } },
    });
    expect(body('{"resource": {"t": {"a": null, "b": [null]}}}')).toEqual({ resource: { t: { a: [], b: [{}] } } });
  });

  it('ignores "//" at the root and in locals, keeps it in other bodies, and reads it as a label elsewhere', () => {
    expect(body('{"//": "c", "locals": {"//": "c", "a": 1}, "resource": {"t": {"a": {"//": {"metadata": {"path": "s/a"}}}}}}')).toEqual({
      locals: [{ a: 1 }],
      resource: { t: { a: [{ '//': { metadata: { path: 's/a' } } }] } },
    });
    expect(refused('{"resource": {"//": "comment", "t": {}}}')).toEqual([
      'a "resource" block\'s labels must be a JSON object or an array of objects, not a string',
      '"comment", "',
    ]);
    expect(refused('{"resource": {"t": {"//": "comment"}}}')).toEqual(['a "resource" block body must be a JSON object, not a string', '"comment"}}}']);
    expect(refused('["resource"]')[0]).toBe('a .tf.json file must be a JSON object or an array of objects, not a string');
  });

  it('refuses an argument written twice in a body, at the second one', () => {
    const text = '{"resource": {"aws_iam_access_key": {"k": {"user": "a", "status": "Inactive", "status": "Active"}}}}';
    expect(refused(text)).toEqual(['the argument "status" is written twice in this block; Terraform refuses a repeated argument', '"status": "A']);
    expect(refused('{"locals": {"n": {"a": 1}, "n": {"b": 1}}}')[1]).toBe('"n": {"b": 1');
    expect(refused('{"module": {"m": {"source": "./m", "users": {}, "users": {}}}}')[1]).toBe('"users": {}}');
    expect(refused('{"resource": {"t": {"k": {"count": [], "count": []}}}}')[1]).toBe('"count": []}');
    expect(refused('{"resource": {"t": {"k": {"lifecycle": {}, "lifecycle": {}}}}}')).toEqual([
      'a second "lifecycle" block; Terraform refuses more than one in a block',
      '"lifecycle":',
    ]);
  });

  it('refuses a key written twice in an object an argument holds', () => {
    expect(refused('{"resource": {"t": {"k": {"for_each": {"ana": "a", "ana": "b"}}}}}')[1]).toBe('"ana": "b"}}');
    expect(refused('{"locals": {"users": [{"ana": {"x": 1, "x": 2}}]}}')[1]).toBe('"x": 2}}]}}');
    expect(refused('{"variable": {"v": {"default": {"a": 1, "a": 2}}}}')[1]).toBe('"a": 2}}}}');
  });

  it('merges a nested block written twice where it may be one (provisioners, a provider schema block)', () => {
    expect(
      body('{"resource": {"t": {"k": {"provisioner": {"local-exec": {}}, "provisioner": {"file": {}}, "ingress": {"a": 1}, "ingress": [{"a": 2}]}}}}'),
    ).toEqual({
      resource: { t: { k: [{ provisioner: [{ 'local-exec': {} }, { file: {} }], ingress: [{ a: 1 }, { a: 2 }] }] } },
    });
    expect(refused('{"resource": {"t": {"k": {"ingress": {"a": 1}, "ingress": "x"}}}}')[1]).toBe('"ingress": "');
  });

  it('refuses a template where Terraform reads a type expression or a reference', () => {
    expect(refused('{"variable": {"n": {"type": "${number}"}}}')).toEqual([
      'a variable\'s "type" (a type expression) is read without templates in JSON syntax: write it without "${ }"',
      '"${number}"}',
    ]);
    expect(refused('{"resource": {"t": {"k": {"provider": "${aws.west}"}}}}')[1]).toBe('"${aws.west}');
    expect(refused('{"resource": {"t": {"k": {"depends_on": ["aws_iam_user.u", "${aws_iam_user.v}"]}}}}')[1]).toBe('"${aws_iam_u');
    expect(refused('{"provider": {"aws": [{"alias": "${var.a}"}]}}')[1]).toBe('"${var.a}"}]');
    expect(body('{"variable": {"n": {"type": "list(number)"}}, "resource": {"t": {"k": {"provider": "aws.west", "depends_on": ["aws_iam_user.u"]}}}}')).toEqual(
      {
        variable: { n: [{ type: 'list(number)' }] },
        resource: { t: { k: [{ provider: 'aws.west', depends_on: ['aws_iam_user.u'] }] } },
      },
    );
  });
});
