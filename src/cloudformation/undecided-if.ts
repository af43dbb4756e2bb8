import type { ConditionWork } from '../core/exclusive-conditions.js';
import { polarConditionKey } from '../core/condition-key.js';
import { knownPartsOfOneOf } from '../core/known-parts.js';
import { symbolicAtom } from '../core/symbolic-value.js';
import type { ConditionFormulas } from './condition-formulas.js';
import type { TemplateNode } from './template-node.js';
import type { TemplateValue } from './template-values.js';
import { NO_VALUE, Secret, Unknown, UserReference, isPlainMap } from './template-values.js';

/** Above this many values visited, two branches are not compared (each may be a large list or map). */
const MAX_COMPARED = 1024;

/** An `Fn::If` whose condition is not known: the condition's name and why, and its two values. */
export interface UndecidedIf {
  readonly name: string;
  readonly truth: Unknown;
  readonly whenTrue: TemplateNode;
  readonly whenFalse: TemplateNode;
}

/**
 * `Fn::If` under an unknown condition is one of its two values: where they are equal (the same
 * string, user, parameter or value built of them, also through nested `Fn::If`s), it is that value,
 * whichever the condition picks; where both are strings (or
 * unknown strings of known `AllowedValues`), it is one of them (`!If [IsProd, prod-ci, dev-ci]`
 * ends with `-ci`, and is never `root`); otherwise nothing is known of it but its symbol (`chosenSymbol`).
 */
export function eitherBranch(
  evaluator: { evaluate(node: TemplateNode): TemplateValue; readonly formulas: ConditionFormulas },
  /** Asked for the steps of keying the condition (`conditionSteps`, reported at this `Fn::If`). */
  work: ConditionWork,
  /** The stack's id prefix (`evaluator-hooks.ts`): a condition is one truth in one stack. */
  idPrefix: string,
  { name, truth, whenTrue, whenFalse }: UndecidedIf,
): TemplateValue {
  const candidates = (value: TemplateValue): readonly string[] | undefined =>
    typeof value === 'string' ? [value] : value instanceof Unknown ? value.oneOf : undefined;
  const first: TemplateValue = evaluator.evaluate(whenTrue);
  const second: TemplateValue = evaluator.evaluate(whenFalse);
  if (sameValue(first, second, { left: MAX_COMPARED })) return first;
  const [firstKey, secondKey] = [branchKey(first), branchKey(second)];
  const symbol = firstKey && secondKey ? chosenSymbol(evaluator.formulas, work, idPrefix, name, firstKey, secondKey) : undefined;
  const a = candidates(first);
  const b = candidates(second);
  if (a === undefined || b === undefined) return symbol ? new Unknown(truth.reason, undefined, symbol) : truth;
  const values = [...new Set([...a, ...b])];
  if (values.length === 1 && values[0] !== undefined) return values[0];
  return new Unknown(truth.reason, knownPartsOfOneOf(values), symbol, values);
}

/** How a branch is keyed in a symbol: a string as written, a value not known by its own symbol (else none). */
function branchKey(value: TemplateValue): { readonly key: unknown; readonly text: string } | undefined {
  if (typeof value === 'string') return { key: value, text: value };
  return value instanceof Unknown && value.symbol !== undefined ? { key: { symbol: value.symbol.key }, text: value.symbol.text } : undefined;
}

/**
 * Two values chosen by one condition are one value in a deployment, as the condition is one truth
 * there (every condition is true or false:
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/conditions-section-structure.html):
 * two keys of `UserName: !If [IsProd, alice, bob]` are keys of one user, whichever it is. So are
 * values that are each one value in the stack themselves (a parameter without a value, another such
 * `Fn::If`: `!If [IsProd, alice, !If [IsDev, bob, carol]]`). The condition is keyed by what it
 * computes (`core/condition-key.ts`), so that conditions named differently but equal
 * (`Prod2: !Equals [prod, !Ref Env]`, `Alias: !Condition IsProd`) choose alike, and a negated one with
 * its branches swapped (`!If [NotProd, bob, alice]`) too; by its name, in this stack, where keying the
 * formula runs out of `conditionSteps` (then reported: an equal condition under another name is not seen to be). A formula names what it compares by symbols, which say in which stacks they are
 * one value (a parameter a parent passes to its nested stack is the parent's value there), and by this
 * stack where it has none (`condition-formulas.ts`): so a nested stack's `!If [ProdStage, alice, bob]`,
 * `ProdStage: !Equals [prod, !Ref Env]` over the `Env` its parent passes (`Env: !Ref Env`), is the
 * parent's `!If [IsProd, alice, bob]`.
 */
function chosenSymbol(
  formulas: ConditionFormulas,
  work: ConditionWork,
  idPrefix: string,
  name: string,
  first: ReturnType<typeof branchKey> & object,
  second: typeof first,
) {
  const polar = polarConditionKey(formulas.condition(name), work);
  const [condition, whenTrue, whenFalse] =
    polar === undefined
      ? [`name:${idPrefix}\0${name}`, first.key, second.key]
      : polar.negated
        ? [`formula:${polar.key}`, second.key, first.key]
        : [`formula:${polar.key}`, first.key, second.key];
  return symbolicAtom(`Fn::If\0${JSON.stringify([condition, whenTrue, whenFalse])}`, `\${Fn::If [${name}, ${first.text}, ${second.text}]}`);
}

/**
 * Whether two values are one value in every deployment: equal strings, `AWS::NoValue` twice, one user
 * referenced twice, values of one symbol (`!Ref Owner` and `!Sub '${Owner}'`: `core/symbolic-value.ts`),
 * and lists and maps of such. False where either is not known by a symbol, and past the budget.
 */
function sameValue(a: TemplateValue, b: TemplateValue, budget: { left: number }): boolean {
  if (--budget.left < 0) return false;
  if (typeof a === 'string' || a === NO_VALUE) return a === b;
  if (a instanceof Unknown) return b instanceof Unknown && a.symbol !== undefined && a.symbol.key === b.symbol?.key;
  if (a instanceof UserReference) return b instanceof UserReference && a.userId === b.userId;
  if (a instanceof Secret) return b instanceof Secret && a.description === b.description && sameValue(a.value, b.value, budget);
  if (Array.isArray(a)) {
    const list = a as readonly TemplateValue[];
    if (!Array.isArray(b) || list.length !== b.length) return false;
    return list.every((item, i) => sameValue(item, (b as readonly TemplateValue[])[i] as TemplateValue, budget));
  }
  if (!isPlainMap(a) || !isPlainMap(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && sameValue(a[key] as TemplateValue, b[key] as TemplateValue, budget));
}
