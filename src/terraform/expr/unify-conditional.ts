/**
 * The result type of `c ? a : b`: Terraform converts both results to one type that both can convert
 * to, whichever branch is taken, and refuses the expression ("Inconsistent conditional result types")
 * when there is none
 * (https://developer.hashicorp.com/terraform/language/expressions/conditionals#result-types,
 * https://developer.hashicorp.com/terraform/language/expressions/type-constraints#conversion-of-complex-types).
 * So `cond ? ["a", "b"] : toset(["c"])` is a set whichever way `cond` goes, and `for_each` accepts it.
 *
 * The types and their unification are `value-types.ts`'s.
 */
import { aTypeName } from './convert.js';
import { fail } from './convert-value.js';
import { convertToType, type TypeConstraint } from './type-constraints.js';
import { Sensitive, markedIf, unmarkDeep, type TfValue } from './value.js';
import { StepsSpent, sameType, typeOf, unify, type Steps } from './value-types.js';

/**
 * The taken branch's value converted to the type both branches unify to, an EvaluationError when they
 * have none, or undefined when the steps ran out (the caller reports that). `trueIsChosen` only orders
 * the message.
 */
export function unifyConditional(chosenValue: TfValue, otherValue: TfValue, trueIsChosen: boolean, steps: Steps): TfValue | undefined {
  let chosenType: TypeConstraint;
  let unified: TypeConstraint | undefined;
  try {
    chosenType = typeOf(chosenValue, steps);
    const otherType = typeOf(otherValue, steps);
    // An operand of a type credlint does not know leaves the taken branch as it is.
    if (chosenType.kind === 'any' || otherType.kind === 'any') return chosenValue;
    unified = unify(chosenType, otherType);
  } catch (error) {
    if (error instanceof StepsSpent) return undefined;
    throw error;
  }
  if (unified === undefined) {
    const [whenTrue, whenFalse] = trueIsChosen ? [chosenValue, otherValue] : [otherValue, chosenValue];
    return fail(`inconsistent conditional result types: the true result is ${aTypeName(plain(whenTrue))} and the false result ${aTypeName(plain(whenFalse))}`);
  }
  if (sameType(unified, chosenType)) return chosenValue;
  // Conversion computes on the plain value; a mark anywhere in it marks the converted result.
  const { value, marked } = unmarkDeep(chosenValue);
  return markedIf(convertToType(value, unified), marked);
}

function plain(value: TfValue): TfValue {
  return value instanceof Sensitive ? value.value : value;
}
