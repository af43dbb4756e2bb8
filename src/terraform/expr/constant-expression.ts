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
import type { Expr, TemplatePart } from './ast.js';
import { chainOf } from './traverse-value.js';

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
  return check(expr, new Set(), false, spans);
}

type Spans = Parameters<typeof notConstant>[1];

function check(expr: Expr, bound: ReadonlySet<string>, inFor: boolean, spans: Spans): NotConstant | undefined {
  const within = (child: Expr, names: ReadonlySet<string> = bound, inner = inFor) => check(child, names, inner, spans);
  switch (expr.kind) {
    case 'literal':
    case 'splat-item':
      return undefined;
    case 'parens':
      return within(expr.expr);
    case 'template':
      return parts(expr.parts, bound, inFor, spans);
    case 'tuple':
      return first(expr.items.map((item) => () => within(item)));
    case 'object':
      return first(expr.items.flatMap((item) => [() => within(item.key), () => within(item.value)]));
    case 'variable':
    case 'traverse': {
      const { root, steps } = chainOf(expr);
      const problem = root.kind === 'variable' ? reference(root.name, root.offset, bound, inFor) : within(root);
      return problem ?? first(steps.map((step) => () => (step.kind === 'index' ? within(step.key) : undefined)));
    }
    case 'splat':
      return within(expr.target) ?? within(expr.each);
    case 'call': {
      const span = spans?.get(expr);
      const length = span === undefined ? expr.name.length : span.end - span.start;
      return { offset: expr.offset, length, summary: 'Function calls not allowed', detail: 'functions may not be called here' };
    }
    case 'unary':
      return within(expr.operand);
    case 'binary':
      return within(expr.left) ?? within(expr.right);
    case 'conditional':
      return within(expr.condition) ?? within(expr.then) ?? within(expr.else);
    case 'for': {
      const inner = withNames(bound, expr.keyVar, expr.valueVar);
      return (
        within(expr.collection) ??
        (expr.keyExpr === undefined ? undefined : within(expr.keyExpr, inner, true)) ??
        within(expr.valueExpr, inner, true) ??
        (expr.condition === undefined ? undefined : within(expr.condition, inner, true))
      );
    }
  }
}

function reference(name: string, offset: number, bound: ReadonlySet<string>, inFor: boolean): NotConstant | undefined {
  if (bound.has(name)) return undefined;
  if (inFor) return { offset, length: name.length, summary: 'Unknown variable', detail: `there is no variable named "${name}"` };
  return { offset, length: name.length, summary: 'Variables not allowed', detail: 'variables may not be used here' };
}

function parts(list: readonly TemplatePart[], bound: ReadonlySet<string>, inFor: boolean, spans: Spans): NotConstant | undefined {
  for (const part of list) {
    let problem: NotConstant | undefined;
    if (part.kind === 'interpolation') problem = check(part.expr, bound, inFor, spans);
    else if (part.kind === 'if')
      problem = check(part.condition, bound, inFor, spans) ?? parts(part.then, bound, inFor, spans) ?? parts(part.else, bound, inFor, spans);
    else if (part.kind === 'for')
      problem = check(part.collection, bound, inFor, spans) ?? parts(part.body, withNames(bound, part.keyVar, part.valueVar), true, spans);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function first(checks: readonly (() => NotConstant | undefined)[]): NotConstant | undefined {
  for (const run of checks) {
    const problem = run();
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function withNames(bound: ReadonlySet<string>, keyVar: string | undefined, valueVar: string): ReadonlySet<string> {
  const inner = new Set(bound);
  if (keyVar !== undefined) inner.add(keyVar);
  inner.add(valueVar);
  return inner;
}
