/** A small module's worth of values for the expression tests, and helpers to evaluate source text. */
import { expect } from 'vitest';
import { evaluate, type EvalScope, type RootReference } from '../../src/terraform/expr/evaluate.js';
import { parseExpression } from '../../src/terraform/expr/parse-expression.js';
import { TfSet, Unknown, isUnknown, type TfValue } from '../../src/terraform/expr/value.js';

const variables: Record<string, TfValue> = {
  x: 'X',
  k: 'kk',
  create: true,
  l: ['a', 'b'],
  nums: [1, 2, 3],
  m: { b: 2, a: 1 },
  tags: { Team: 'iam', 'Cost Center': '42' },
  set: new TfSet(['z', 'a']),
  nothing: null,
  empty: [],
  unknown: new Unknown('var.unknown has no value'),
  mixed: ['known', new Unknown('var.mixed[1] has no value')],
  users: [
    { name: 'alice', groups: ['admins', 'devs'], console: true },
    { name: 'bob', groups: ['devs'], console: false },
  ],
  words: ['apple', 'avocado', 'banana'],
};

const locals: Record<string, TfValue> = { prefix: 'corp-', names: ['svc', 'ci'] };

const resources: Record<string, TfValue> = {
  'aws_iam_user.single': { name: 'alice', arn: new Unknown('aws_iam_user.single.arn is known after apply', 'aws_iam_user.single') },
  'aws_iam_user.counted': [{ name: 'u0' }, { name: 'u1' }],
  'aws_iam_user.each': { ci: { name: 'ci-user' }, svc: { name: 'svc-user' } },
};

export const scope: EvalScope = {
  resolve(ref: RootReference): TfValue {
    switch (ref.kind) {
      case 'var':
        return Object.hasOwn(variables, ref.name) ? (variables[ref.name] ?? null) : new Unknown(`var.${ref.name} is not declared`);
      case 'local':
        return locals[ref.name] ?? new Unknown(`local.${ref.name} is not declared`);
      case 'resource':
        return resources[`${ref.type}.${ref.name}`] ?? new Unknown(`${ref.type}.${ref.name} is not declared`);
      case 'data':
        return { account_id: '123456789012', arn: `arn:aws:iam::123456789012:${ref.type}/${ref.name}` };
      case 'ephemeral':
        return new Unknown(`ephemeral.${ref.type}.${ref.name} is ephemeral`);
      case 'module':
        return { names: ['m0', 'm1'], module_name: ref.name };
      case 'count':
        return { index: 1 };
      case 'each':
        return { key: 'svc', value: { name: 'svc-user' } };
      case 'self':
        return { name: 'self-name' };
      case 'path':
        return ref.name === 'module' ? '.' : `<path.${ref.name}>`;
      case 'terraform':
        return ref.name === 'workspace' ? 'default' : new Unknown(`terraform.${ref.name} is not supported`);
    }
  },
};

/** Parses `source` as a native expression (failing the test if it does not parse) and evaluates it. */
export function evalSource(source: string): TfValue {
  const parsed = parseExpression(source);
  if (!parsed.ok) throw new Error(`${source} did not parse: ${parsed.message} at ${parsed.offset}`);
  return evaluate(parsed.expr, scope);
}

/** Asserts that a value is unknown with a reason matching `reason`, and returns it. */
export function expectUnknown(value: TfValue, reason: RegExp): Unknown {
  expect(isUnknown(value), `expected an unknown value, got ${JSON.stringify(value)}`).toBe(true);
  const unknown = value as Unknown;
  expect(unknown.reason).toMatch(reason);
  return unknown;
}
