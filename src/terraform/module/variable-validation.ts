import type { KnownParts } from '../../core/known-parts.js';
import { knownPartsOfTest } from '../../core/tested-known-parts.js';
import type { ValueTest } from '../../core/value-tests.js';
import type { Expr } from '../expr/ast.js';
import { parseTemplate } from '../expr/parse-expression.js';
import type { TfValue } from '../expr/value.js';
import type { VariableDecl } from './module-config.js';
import { conditionTest } from './validation-condition.js';

/**
 * What a variable's `validation` blocks tell of its value where credlint does not know it
 * (https://developer.hashicorp.com/terraform/language/values/variables#custom-validation-rules).
 * Terraform stops the plan where a condition is false, so a variable validated by
 * `contains(["ci", "deploy"], var.role)` is one of those strings, whatever is given (README, "Rules": what
 * is known of an unknown name counts), as CloudFormation's `AllowedValues`; one validated by
 * `startswith(var.role, "svc-")` starts with that text, one validated by `var.role != "root"` is not
 * `root`; the forms read are in `validation-condition.ts`, with lists and texts that `evaluate` knows
 * (literals, locals, other variables); several blocks all hold. Undefined when no block says anything,
 * when no value passes them all, or when the variable is not a string.
 */
export function validatedValues(decl: VariableDecl, evaluate: (expr: Expr) => TfValue): KnownParts | undefined {
  if (decl.type !== undefined && decl.type.trim() !== 'string') return undefined;
  const written = decl.body['validation'];
  const blocks: unknown[] = Array.isArray(written) ? written : written === undefined ? [] : [written];
  const tests: ValueTest[] = [];
  for (const block of blocks) {
    const condition = typeof block === 'object' && block !== null ? (block as Record<string, unknown>)['condition'] : undefined;
    const parsed = typeof condition === 'string' ? parseTemplate(condition) : undefined;
    const test = parsed?.ok === true ? conditionTest(parsed.expr, decl.name, evaluate) : undefined;
    if (test !== undefined) tests.push(test);
  }
  const [only] = tests;
  if (only === undefined) return undefined;
  return knownPartsOfTest(tests.length === 1 ? only : { kind: 'all', tests });
}
