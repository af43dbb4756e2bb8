/**
 * Reading one instance of a block whose instances are unknown (`indexed-instance.ts`): where an
 * invalid index fails the plan, the scope's instance object is the value; where Terraform catches
 * the failure or an empty list is no error, the value stays unknown.
 */
import { describe, expect, it } from 'vitest';
import { evaluate, type EvalScope, type RootReference } from '../../src/terraform/expr/evaluate.js';
import { parseExpression } from '../../src/terraform/expr/parse-expression.js';
import { Unknown, isUnknown, type TfValue } from '../../src/terraform/expr/value.js';
import { indexedInstance } from '../../src/terraform/module/expand-instances.js';
import { scope as baseScope } from '../support/terraform-expr-scope.js';

interface Asked {
  readonly ref: string;
  readonly key: TfValue | undefined;
  readonly byPosition: boolean;
}

/** `aws_iam_user.maybe` and `module.maybe` have unknown instances; instance 0 (or key "ana") is `{ name = "ops" }`. */
function scopeAsking(asked: Asked[]): EvalScope {
  return {
    resolve: (ref: RootReference) =>
      (ref.kind === 'resource' || ref.kind === 'module') && ref.name === 'maybe'
        ? new Unknown('count is unknown: var.create has no value')
        : baseScope.resolve(ref),
    resolveInstance: (ref, key, byPosition) => {
      const name = ref.kind === 'resource' ? `${ref.type}.${ref.name}` : ref.kind === 'module' ? `module.${ref.name}` : ref.kind;
      asked.push({ ref: name, key, byPosition });
      return key === 0 || key === 'ana' ? { name: 'ops' } : undefined;
    },
  };
}

function run(source: string): { value: TfValue; asked: Asked[] } {
  const parsed = parseExpression(source);
  if (!parsed.ok) throw new Error(`${source} did not parse: ${parsed.message}`);
  const asked: Asked[] = [];
  return { value: evaluate(parsed.expr, scopeAsking(asked)), asked };
}

describe('an index into a block whose instances are unknown', () => {
  it.each([
    ['aws_iam_user.maybe[0].name', false],
    ['aws_iam_user.maybe.0.name', false],
    ['aws_iam_user.maybe["ana"].name', false],
    ['"${aws_iam_user.maybe[0].name}"', false],
    ['module.maybe[0].name', false],
    ['aws_iam_user.maybe.*.name[0]', true],
    ['(aws_iam_user.maybe[*].name)[0]', true],
    ['element(aws_iam_user.maybe.*.name, 0)', true],
    ['element(aws_iam_user.maybe[*].name, 0)', true],
    ['element(aws_iam_user.maybe, 0).name', true],
    ['[for i in [0] : aws_iam_user.maybe[i].name][0]', false],
    ['false ? "other" : aws_iam_user.maybe[0].name', false],
  ])('%s is that instance where the plan would fail without it', (source, byPosition) => {
    const { value, asked } = run(source);
    expect(value).toBe('ops');
    expect(asked[0]?.byPosition).toBe(byPosition);
  });

  it.each([
    'try(aws_iam_user.maybe[0].name, "x")',
    'try(aws_iam_user.maybe.*.name[0], "x")',
    'try(element(aws_iam_user.maybe.*.name, 0), "x")',
    'can(aws_iam_user.maybe[0].name)',
    'element(concat(aws_iam_user.maybe.*.name, [""]), 0)',
    'concat(aws_iam_user.maybe.*.name, [""])[0]',
    'one(aws_iam_user.maybe[*].name)',
    'length(aws_iam_user.maybe)',
    'aws_iam_user.maybe[*].name',
    'aws_iam_user.maybe[*].name[0]',
    'element(aws_iam_user.maybe.*.name, 1)',
    'aws_iam_user.maybe[var.unknown].name',
    'var.unknown ? aws_iam_user.maybe[0].name : "ops"',
  ])('%s stays unknown: the failure is caught, an empty list is no error, or the index is unknown', (source) => {
    const { value, asked } = run(source);
    expect(isUnknown(value)).toBe(true);
    // Only a read the plan cannot survive may ask; none of these did and got an answer.
    expect(asked.every((a) => a.key !== 0 && a.key !== 'ana')).toBe(true);
  });

  it('does not read an instance in the result of a conditional that is not taken, whose failure is ignored', () => {
    expect(run('true ? "x" : aws_iam_user.maybe[0].name')).toEqual({ value: 'x', asked: [] });
  });

  it('keeps the known fallback of try, as without the instance', () => {
    expect(run('try(aws_iam_user.maybe[0].name, "x")').value).toEqual(new Unknown('count is unknown: var.create has no value'));
  });

  it('reads an index the scope refuses as before', () => {
    const { value, asked } = run('aws_iam_user.maybe[1].name');
    expect(asked).toEqual([{ ref: 'aws_iam_user.maybe', key: 1, byPosition: false }]);
    expect(value).toEqual(new Unknown('count is unknown: var.create has no value'));
  });

  it('does not ask for a known block, or with a sensitive key', () => {
    expect(run('aws_iam_user.counted[0].name')).toEqual({ value: 'u0', asked: [] });
    expect(run('aws_iam_user.maybe[sensitive("ana")].name').asked).toEqual([]);
  });
});

describe('the instance an index selects in a block of unknown instances', () => {
  const reason = (): TfValue => new Unknown('for_each is unknown');

  it('is one the count can reach, by index or position', () => {
    expect(indexedInstance({ count: '${var.create ? 1 : 0}' }, 0, false, 1, reason)).toEqual({ keySuffix: '[0]', context: { countIndex: 0 } });
    expect(indexedInstance({ count: '${var.n}' }, '3', true, undefined, reason)).toEqual({ keySuffix: '[3]', context: { countIndex: 3 } });
    for (const key of [1, -1, 0.5, 'a', true, null])
      expect(indexedInstance({ count: '${var.create ? 1 : 0}' }, key, false, 1, reason), String(key)).toBeUndefined();
  });

  it('of a for_each is a string key, with each.value unknown, never a position', () => {
    expect(indexedInstance({ for_each: '${var.names}' }, 'ana', false, undefined, reason)).toEqual({
      keySuffix: '["ana"]',
      context: { each: { key: 'ana', value: new Unknown('for_each is unknown') } },
    });
    expect(indexedInstance({ for_each: '${var.names}' }, 0, true, undefined, reason)).toBeUndefined();
    expect(indexedInstance({ for_each: '${var.names}' }, 'ana', true, undefined, reason)).toBeUndefined();
  });

  it('does not exist in a block without count or for_each', () => {
    expect(indexedInstance({ name: 'ops' }, 0, false, undefined, reason)).toBeUndefined();
  });
});
