/**
 * A key that two conditions written differently share when they compute the same thing: the
 * CloudFormation conditions `IsProd: !Equals [!Ref Env, prod]`, `Prod2: !Equals [prod, !Ref Env]`,
 * `Alias: !Condition IsProd` and `!Not [!Not [!Condition IsProd]]` are one formula once each is
 * written over what it compares (`exclusive-conditions.ts`). The formula is put in negation normal
 * form (negations pushed down to the atoms, De Morgan), `and`/`or` flattened, their operands without
 * repeats and in one order. Equal keys mean equal conditions; different keys say nothing (`A` and
 * `A or (A and B)` keep two keys).
 */
import type { Condition } from './exclusive-conditions.js';

/**
 * Above this many nodes visited a condition has no key. Named conditions are shared objects, so a
 * chain of conditions that each name the previous one twice is a small template but an exponential tree.
 */
const MAX_VISITS = 256;

/**
 * The key of `condition` or of its negation, whichever sorts first, with `negated` saying which:
 * `!If [IsProd, a, b]` and `!If [NotProd, b, a]` (`NotProd: !Not [!Condition IsProd]`) choose alike,
 * and both are keyed as one condition with their branches in one order. Undefined past `MAX_VISITS`.
 */
export function polarConditionKey(condition: Condition): { readonly key: string; readonly negated: boolean } | undefined {
  const budget = { left: MAX_VISITS };
  const positive = normalKey(condition, false, budget);
  const negative = positive === undefined ? undefined : normalKey(condition, true, budget);
  if (positive === undefined || negative === undefined) return undefined;
  return positive <= negative ? { key: positive, negated: false } : { key: negative, negated: true };
}

/** A formula in negation normal form: a (possibly negated) atom keyed, or `and`/`or` of such, flattened. */
type Normal = { readonly kind: 'leaf'; readonly key: string } | { readonly kind: 'and' | 'or'; readonly operands: readonly Normal[] };

/** The key of the condition (negated: of its negation) in negation normal form; undefined once the budget is spent. */
function normalKey(condition: Condition, negated: boolean, budget: { left: number }): string | undefined {
  const normal = normalForm(condition, negated, budget);
  return normal === undefined ? undefined : keyOf(normal);
}

function normalForm(condition: Condition, negated: boolean, budget: { left: number }): Normal | undefined {
  if (--budget.left < 0) return undefined;
  const leaf = (key: string): Normal => ({ kind: 'leaf', key: `${negated ? '!' : ''}${key}` });
  switch (condition.kind) {
    case 'constant':
      return { kind: 'leaf', key: condition.value !== negated ? 'true' : 'false' };
    case 'not':
      return normalForm(condition.operand, !negated, budget);
    case 'and':
    case 'or': {
      // De Morgan: not (a and b) is (not a) or (not b).
      const kind = (condition.kind === 'and') !== negated ? 'and' : 'or';
      const operands: Normal[] = [];
      for (const operand of condition.operands) {
        const normal = normalForm(operand, negated, budget);
        if (normal === undefined) return undefined;
        // `A and (B and C)` is `A and B and C`, also where the inner `and` was a negated `or`.
        if (normal.kind === kind) operands.push(...normal.operands);
        else operands.push(normal);
      }
      return { kind, operands };
    }
    case 'is':
      // The values a subject may take (`oneOf`) belong to the subject, so they are not part of the key.
      return leaf(`is${JSON.stringify([condition.subject, condition.value])}`);
    case 'compare':
      return leaf(`compare${JSON.stringify([condition.subject, condition.operator, condition.value, condition.natural])}`);
    case 'atom':
      return leaf(`atom${JSON.stringify(condition.key)}`);
  }
}

/** The operands of `and` and `or` without repeats and in one order. */
function keyOf(normal: Normal): string {
  if (normal.kind === 'leaf') return normal.key;
  const keys = [...new Set(normal.operands.map(keyOf))].sort();
  return keys.length === 1 ? (keys[0] as string) : `${normal.kind}(${keys.join(',')})`;
}
