/**
 * What the one instance of a block switched by its `count` may take for granted: it exists only where
 * the condition holds (https://developer.hashicorp.com/terraform/language/meta-arguments/count), so a
 * value the condition equates with a literal is that literal inside the instance. With
 * `count = var.user_name == "None" ? 1 : 0`, `user = var.user_name` is "None" wherever the key exists:
 * never root, and never another user's key. Only comparisons that must hold are taken: the condition's
 * own, each term of `&&`, and each negated term of `||` under a negation (`var.user_name != "ci" ? 0 : 1`
 * is `var.user_name == "ci"`). Terraform's `==` compares type and value (`"1" == 1` is false), so the
 * value is the literal itself. A value compared otherwise (`!=` alone, `length(...) > 0`) is not one
 * value: `var.user_name != "root"` still lets `Root` through, which IAM takes for the same name.
 */
import type { Condition } from '../../core/exclusive-conditions.js';
import type { TfValue } from '../expr/value.js';
import { existenceCondition, type CountOperands } from './exclusive-counts.js';

/** What the one instance of a call or block whose `count` is `written` may take for granted, where that count is a switch. */
export function countAssumptions(written: unknown, operands: CountOperands): ReadonlyMap<string, TfValue> | undefined {
  const when = existenceCondition(written, operands);
  return when === undefined ? undefined : assumedValues(when);
}

/** The values a condition's holding pins, by the shape of the reference compared (`expressionShape`): only references (`var.x`, `data.d.x.result["k"]`). */
export function assumedValues(when: Condition): ReadonlyMap<string, TfValue> {
  const found = new Map<string, string | undefined>();
  collect(when, true, found);
  const assumed = new Map<string, TfValue>();
  for (const [subject, value] of found) {
    // Two literals for one value: the condition never holds, and the instance never exists.
    if (value === undefined || !isReference(subject)) continue;
    assumed.set(subject, JSON.parse(value) as TfValue);
  }
  return assumed;
}

/** Adds to `into` the `is` comparisons that hold wherever `condition` is `holds`; a subject met with two values maps to undefined. */
function collect(condition: Condition, holds: boolean, into: Map<string, string | undefined>): void {
  switch (condition.kind) {
    case 'is':
      if (holds) into.set(condition.subject, into.has(condition.subject) && into.get(condition.subject) !== condition.value ? undefined : condition.value);
      return;
    case 'not':
      collect(condition.operand, !holds, into);
      return;
    case 'and':
    case 'or':
      // `a && b` holding, or `a || b` failing, says something of each of them.
      if ((condition.kind === 'and') === holds) for (const operand of condition.operands) collect(operand, holds, into);
      return;
    default:
      return;
  }
}

/** Whether a shape is that of a reference: a root name and the steps after it. */
function isReference(subject: string): boolean {
  const parsed: unknown = JSON.parse(subject);
  return typeof parsed === 'object' && parsed !== null && 'kind' in parsed && parsed.kind === 'traverse';
}
