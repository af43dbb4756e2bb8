/**
 * A variable's `default`, read as Terraform reads it: with no evaluation context (hashicorp/terraform
 * `internal/configs/named_values.go`, `decodeVariableBlock`: `attr.Expr.Value(nil)`), as variables files
 * are (`root-variables.ts`). Written in JSON syntax its strings are taken as written, never as templates (a
 * `.tf.json` override keeps that for a `.tf` variable, and a `.tf` override the native reading); in
 * `.tf` a reference or a function call is refused (`../expr/constant-expression.ts`), which credlint
 * reports as a `parse-error` at the default, the variable's default then unknown (README, "Usage").
 */
import { parseError, type Diagnostic } from '../../core/diagnostic.js';
import { EvaluationError, type TfValue } from '../expr/value.js';
import { evaluateJson, literalJson, notConstant, visitJsonExpressions, type EvalScope } from './expr-api.js';
import type { ModuleConfig, VariableDecl } from './module-config.js';
import type { NotConstant } from '../expr/constant-expression.js';

const CONSTANT_SCOPE: EvalScope = { resolve: () => new EvaluationError('a variable default cannot refer to other values') };

const DEFAULTS = new WeakMap<VariableDecl, TfValue>();

/** The default's value (the declaration must have one), computed once per declaration. */
export function variableDefault(decl: VariableDecl): TfValue {
  let value = DEFAULTS.get(decl);
  if (value === undefined) {
    const problem = refused(decl);
    value = problem !== undefined ? new EvaluationError(`var.${decl.name} has no usable default: ${problem.summary} there`) : readDefault(decl);
    DEFAULTS.set(decl, value);
  }
  return value;
}

function readDefault(decl: VariableDecl): TfValue {
  return decl.defaultInJson ? literalJson(decl.default, CONSTANT_SCOPE) : evaluateJson(decl.default, CONSTANT_SCOPE);
}

/** One `parse-error` per variable whose default Terraform refuses, at that default. */
export function constantDefaultDiagnostics(config: ModuleConfig): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const decl of config.variables.values()) {
    if (!decl.hasDefault) continue;
    const problem = refused(decl);
    if (problem === undefined) continue;
    const written = decl.block?.attributes.find((attribute) => attribute.name === 'default');
    const range = written?.valueRange ?? decl.block?.headerRange;
    if (range === undefined) continue;
    diagnostics.push(
      parseError(
        { file: decl.file, range, logicalPath: `variable.${decl.name}.default` },
        `${problem.summary} in the default of variable "${decl.name}": a default is a constant value (${problem.detail}); Terraform refuses it`,
      ),
    );
  }
  return diagnostics;
}

/** What Terraform refuses in a native-syntax default, first in source order (a JSON-syntax default is always constant). */
function refused(decl: VariableDecl): NotConstant | undefined {
  if (!decl.hasDefault || decl.defaultInJson) return undefined;
  // The native parser gives a `.tf` default in Terraform's JSON shape, each expression as a template string.
  return visitJsonExpressions(decl.default, (expr) => notConstant(expr));
}
