// Parsing Terraform type constraints as they reach credlint: written in `.tf` and passed through
// hcl2json (`${list(string)}`), or written in `.tf.json`
// (https://developer.hashicorp.com/terraform/language/expressions/type-constraints).
import { describe, expect, it } from 'vitest';
import { formatTypeConstraint, parseTypeConstraint, type TypeConstraint } from '../../src/terraform/expr/type-constraints.js';

const string: TypeConstraint = { kind: 'string' };
const number: TypeConstraint = { kind: 'number' };
const any: TypeConstraint = { kind: 'any' };

describe('parseTypeConstraint', () => {
  it.each([
    ['string', string],
    ['${string}', string],
    ['"string"', string],
    ['number', number],
    ['bool', { kind: 'bool' }],
    ['any', any],
    ['list(string)', { kind: 'list', element: string }],
    ['${list(string)}', { kind: 'list', element: string }],
    ['set( number )', { kind: 'set', element: number }],
    ['map(any)', { kind: 'map', element: any }],
    ['list', { kind: 'list', element: any }],
    ['map', { kind: 'map', element: any }],
    ['list(list(string))', { kind: 'list', element: { kind: 'list', element: string } }],
    ['tuple([string, number, bool])', { kind: 'tuple', elements: [string, number, { kind: 'bool' }] }],
    ['tuple([])', { kind: 'tuple', elements: [] }],
  ] as const)('%s', (source, expected) => {
    expect(parseTypeConstraint(source)).toStrictEqual(expected);
  });

  it('parses a nested object type with optional attributes and defaults, as hcl2json renders it', () => {
    // The exact string @cdktf/hcl2json produces for a multi-line `type =` with a comment.
    const source = '${map(object({\n    name = string # the name\n    tags = optional(map(string), {})\n    n    = optional(number, 2)\n  }))}';
    expect(parseTypeConstraint(source)).toStrictEqual({
      kind: 'map',
      element: {
        kind: 'object',
        attributes: {
          name: { type: string, optional: false, defaultValue: null },
          tags: { type: { kind: 'map', element: string }, optional: true, defaultValue: {} },
          n: { type: number, optional: true, defaultValue: 2 },
        },
      },
    });
  });

  it('parses the one-line form with commas and every kind of literal default', () => {
    const parsed = parseTypeConstraint('map(object({ name = string, tags = optional(map(string), {}) }))');
    expect(parsed).toStrictEqual({
      kind: 'map',
      element: {
        kind: 'object',
        attributes: {
          name: { type: string, optional: false, defaultValue: null },
          tags: { type: { kind: 'map', element: string }, optional: true, defaultValue: {} },
        },
      },
    });
    const defaults = parseTypeConstraint(
      'object({ a = optional(string), b = optional(string, "x\\n\\"y\\""), c = optional(bool, true), d = optional(number, -1.5), e = optional(list(string), ["k", "v"]), f = optional(object({ g = string }), { g = "h" }), "quoted-name" = optional(any, null) })',
    );
    expect(defaults).toStrictEqual({
      kind: 'object',
      attributes: {
        a: { type: string, optional: true, defaultValue: null },
        b: { type: string, optional: true, defaultValue: 'x\n"y"' },
        c: { type: { kind: 'bool' }, optional: true, defaultValue: true },
        d: { type: number, optional: true, defaultValue: -1.5 },
        e: { type: { kind: 'list', element: string }, optional: true, defaultValue: ['k', 'v'] },
        f: { type: { kind: 'object', attributes: { g: { type: string, optional: false, defaultValue: null } } }, optional: true, defaultValue: { g: 'h' } },
        'quoted-name': { type: any, optional: true, defaultValue: null },
      },
    });
  });

  it.each([
    [''],
    ['strin'],
    ['list(string'],
    ['list(string))'],
    ['map(string, number)'],
    ['object({ a = string b })'],
    ['object({ a = optional(string, var.default) })'],
    ['object({ a = optional(string, "${var.x}") })'],
    ['set'],
    ['${list(string)'],
  ])('rejects %j', (source) => {
    expect(parseTypeConstraint(source)).toBeUndefined();
  });

  it('renders types back the way Terraform writes them', () => {
    const parsed = parseTypeConstraint('map(object({ name = string, tags = optional(map(string), {}), pair = tuple([string, number]) }))');
    expect(parsed).toBeDefined();
    expect(formatTypeConstraint(parsed as TypeConstraint)).toBe('map(object({name = string, tags = optional(map(string)), pair = tuple([string, number])}))');
  });
});
