import { polarConditionKey } from '../core/condition-key.js';
import { knownPartsOfOneOf } from '../core/known-parts.js';
import { symbolicAtom } from '../core/symbolic-value.js';
import type { ConditionFormulas } from './condition-formulas.js';
import type { TemplateNode } from './template-node.js';
import type { TemplateValue } from './template-values.js';
import { Unknown } from './template-values.js';

/** An `Fn::If` whose condition is not known: the condition's name and why, and its two values. */
export interface UndecidedIf {
  readonly name: string;
  readonly truth: Unknown;
  readonly whenTrue: TemplateNode;
  readonly whenFalse: TemplateNode;
}

/**
 * `Fn::If` under an unknown condition is one of its two values: where both are strings (or
 * unknown strings of known `AllowedValues`), it is one of them (`!If [IsProd, prod-ci, dev-ci]`
 * ends with `-ci`, and is never `root`); otherwise nothing is known of it but its symbol (`chosenSymbol`).
 */
export function eitherBranch(
  evaluator: { evaluate(node: TemplateNode): TemplateValue; readonly formulas: ConditionFormulas },
  /** The stack's id prefix (`evaluator-hooks.ts`): a condition is one truth in one stack. */
  idPrefix: string,
  { name, truth, whenTrue, whenFalse }: UndecidedIf,
): TemplateValue {
  const candidates = (value: TemplateValue): readonly string[] | undefined =>
    typeof value === 'string' ? [value] : value instanceof Unknown ? value.oneOf : undefined;
  const first: TemplateValue = evaluator.evaluate(whenTrue);
  const second: TemplateValue = evaluator.evaluate(whenFalse);
  const [firstKey, secondKey] = [branchKey(first), branchKey(second)];
  const symbol = firstKey && secondKey ? chosenSymbol(evaluator.formulas, idPrefix, name, firstKey, secondKey) : undefined;
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
 * its branches swapped (`!If [NotProd, bob, alice]`) too; by its name where the formula is too large to key.
 */
function chosenSymbol(formulas: ConditionFormulas, idPrefix: string, name: string, first: ReturnType<typeof branchKey> & object, second: typeof first) {
  const polar = polarConditionKey(formulas.condition(name));
  const [condition, whenTrue, whenFalse] =
    polar === undefined
      ? [`name:${name}`, first.key, second.key]
      : polar.negated
        ? [`formula:${polar.key}`, second.key, first.key]
        : [`formula:${polar.key}`, first.key, second.key];
  return symbolicAtom(`${idPrefix}\0Fn::If\0${JSON.stringify([condition, whenTrue, whenFalse])}`, `\${Fn::If [${name}, ${first.text}, ${second.text}]}`);
}
