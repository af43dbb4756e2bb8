/**
 * What Terraform refuses in an expression it evaluates without an evaluation context: the values of
 * a variable definitions file (`.tfvars`) and a `-var`/`TF_VAR_` value parsed as HCL (a variable whose
 * type is not a primitive one). Terraform evaluates these with HCL's `Expression.Value(nil)`
 * (hashicorp/terraform `internal/command/arguments/vars.go`, `unparsedVariableValueExpression.ParseVariableValue`:
 * "nil because no function calls or variable references are allowed here"; `internal/configs/named_values.go`,
 * `VariableParsingMode.Parse`), and with no context HCL fails any reference ("Variables not allowed",
 * hashicorp/hcl `traversal.go`, `Traversal.TraverseAbs`; inside a `for`, whose own names are the only
 * ones there, "Unknown variable") and any function call ("Function calls not allowed",
 * `hclsyntax/expression.go`, `FunctionCallExpr.Value`). Operators, conditionals, templates and `for`
 * expressions over constants are allowed. README, "Terraform evaluation", says how credlint reports it.
 */
import type { Expr } from './ast.js';
import { visitExpression, type ExpressionVisitor } from './visit-expression.js';

/** The first thing Terraform refuses, in source order: where it starts, and its length in the source. */
export interface NotConstant {
  readonly offset: number;
  readonly length: number;
  /** HCL's summary (`Variables not allowed`) and what it says in detail. */
  readonly summary: string;
  readonly detail: string;
}

/** `spans` gives a call's extent (the whole call is what Terraform points at); without it, its name. */
export function notConstant(expr: Expr, spans?: ReadonlyMap<object, { readonly start: number; readonly end: number }>): NotConstant | undefined {
  const visitor: ExpressionVisitor<NotConstant> = {
    // Only a `for`'s own names exist inside it: any other is unknown there.
    name: (name, offset, _steps, inFor) =>
      inFor
        ? { offset, length: name.length, summary: 'Unknown variable', detail: `there is no variable named "${name}"` }
        : { offset, length: name.length, summary: 'Variables not allowed', detail: 'variables may not be used here' },
    call: (call) => {
      const span = spans?.get(call);
      const length = span === undefined ? call.name.length : span.end - span.start;
      return { offset: call.offset, length, summary: 'Function calls not allowed', detail: 'functions may not be called here' };
    },
  };
  return visitExpression(expr, visitor, NO_NAMES);
}

const NO_NAMES: ReadonlySet<string> = new Set();
