import { knownPartsOfOneOf, type KnownParts } from '../../core/known-parts.js';
import { builtInName, type Expr } from '../expr/ast.js';
import { parseTemplate } from '../expr/parse-expression.js';
import { references } from '../expr/references.js';
import { unmark, type TfValue } from '../expr/value.js';
import type { VariableDecl } from './module-config.js';

/**
 * What a variable's `validation` blocks tell of its value where credlint does not know it
 * (https://developer.hashicorp.com/terraform/language/values/variables#custom-validation-rules).
 * Terraform stops the plan where a condition is false, so a variable validated by
 * `contains(["ci", "deploy"], var.role)` is one of those strings, whatever is given (README, "Rules": what
 * is known of an unknown name counts), as CloudFormation's `AllowedValues`. Only that form is read, with a list of strings
 * that `evaluate` knows (literals, locals, other variables); of several such blocks, the values all of
 * them allow. Undefined when no block says so, or the variable is not a string.
 */
export function validatedValues(decl: VariableDecl, evaluate: (expr: Expr) => TfValue): KnownParts | undefined {
  if (decl.type !== undefined && decl.type.trim() !== 'string') return undefined;
  const written = decl.body['validation'];
  const blocks: unknown[] = Array.isArray(written) ? written : written === undefined ? [] : [written];
  let allowed: string[] | undefined;
  for (const block of blocks) {
    const condition = typeof block === 'object' && block !== null ? (block as Record<string, unknown>)['condition'] : undefined;
    const parsed = typeof condition === 'string' ? parseTemplate(condition) : undefined;
    let expr = parsed?.ok === true ? parsed.expr : undefined;
    while (expr?.kind === 'parens') expr = expr.expr;
    if (expr?.kind !== 'call' || builtInName(expr.name) !== 'contains' || expr.expandFinal || expr.args.length !== 2) continue;
    const [list, value] = expr.args;
    if (list === undefined || value === undefined || !namesVariable(value, decl.name)) continue;
    // A list that reads the variable itself tells nothing (and would be evaluated inside its own evaluation).
    if (references(list).some((ref) => ref.kind === 'var' && ref.name === decl.name)) continue;
    const values = unmark(evaluate(list));
    if (!Array.isArray(values)) continue;
    const strings = (values as readonly TfValue[]).map((item) => unmark(item));
    if (strings.length === 0 || !strings.every((item): item is string => typeof item === 'string')) continue;
    allowed = allowed === undefined ? strings : allowed.filter((item) => strings.includes(item));
  }
  return allowed === undefined || allowed.length === 0 ? undefined : knownPartsOfOneOf(allowed);
}

/** `var.<name>` itself (or in parentheses). */
function namesVariable(expr: Expr, name: string): boolean {
  let current = expr;
  while (current.kind === 'parens') current = current.expr;
  return (
    current.kind === 'traverse' &&
    current.target.kind === 'variable' &&
    current.target.name === 'var' &&
    current.step.kind === 'attr' &&
    current.step.name === name
  );
}
