/**
 * The one place evaluated Terraform values become model facts (`stringFact`, `userFact`), and the
 * symbolic value of an argument written as variables and literal text (`variableSymbol`), for
 * `build-iam-model.ts`.
 */
import type { SourceLocation } from '../../core/location.js';
import { symbolicConcat, type SymbolicPart, type SymbolicValue } from '../../core/symbolic-value.js';
import type { Fact, UserRef } from '../../model/model.js';
import { knownFact, sensitiveFact, unknownFact } from '../../model/model.js';
import { formatNumber } from '../expr/convert.js';
import { isEvaluationError, isSensitive, isUnknown, unmark, type TfValue } from '../expr/value.js';
import { parseTemplate, variableName, type Expr } from './expr-api.js';
import type { ModuleInstance } from './module-instance.js';
import { writtenEnabled } from './expand-instances.js';

/** `aws_iam_user.x`, `module.a["k"].aws_iam_user.x[0]`: a managed `aws_iam_user` instance address (not `data.aws_iam_user.x`). */
const USER_ADDRESS = /(?:^|\.)(?<!data\.)aws_iam_user\.[A-Za-z_][\w-]*(?:\[[^\]]*\])?$/;

/** The value's type, never the value: it may come from a sensitive variable, `TF_VAR_` or `--var`. */
function describe(value: TfValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : typeof value === 'boolean' ? 'a bool' : `a ${typeof value}`;
}

/** Root names whose attributes are not one value per module instance (`each`, `count`, `self`) or are not resources. */
const NOT_ONE_VALUE = new Set(['var', 'local', 'each', 'count', 'self', 'path', 'terraform', 'ephemeral']);

/**
 * A reference to an attribute of a resource, data source or module call that the module declares
 * without `count`, `for_each` or OpenTofu's `lifecycle { enabled }` (`random_pet.suffix.id`,
 * `data.aws_caller_identity.current.account_id`, `module.naming.prefix`), as text: the block has
 * one instance wherever the module instance exists, so its attribute is one value there, wherever
 * it is written, though it may be known only after apply. Anything else (an index, an `each` or
 * `count` key, a local, a block that may have no instance or several) is undefined: such a read may
 * fail the plan ("Invalid index") as often as it names one value.
 */
function resourceAttributeReference(module: ModuleInstance, expr: Expr): string | undefined {
  const names: string[] = [];
  let current = expr;
  while (current.kind === 'traverse') {
    if (current.step.kind !== 'attr') return undefined;
    names.unshift(current.step.name);
    current = current.target;
  }
  if (current.kind !== 'variable' || NOT_ONE_VALUE.has(current.name)) return undefined;
  const [first, second] = names;
  const declared =
    current.name === 'data'
      ? names.length > 2 && module.config.resources.get(`data.${first ?? ''}.${second ?? ''}`)
      : current.name === 'module'
        ? names.length > 1 && module.config.moduleCalls.get(first ?? '')
        : names.length > 1 && module.config.resources.get(`${current.name}.${first ?? ''}`);
  if (!declared) return undefined;
  const body = declared.body;
  if (Object.hasOwn(body, 'count') || Object.hasOwn(body, 'for_each') || writtenEnabled(body) !== undefined) return undefined;
  return [current.name, ...names].join('.');
}

/**
 * The symbolic value of an argument written as variables, attributes of single resource instances,
 * local values written so, and literal text only (`var.deployer`, `"${var.team}-ci"`, `local.name`
 * with `name = "deployer-${var.env}"`, `"${var.deployer}"` in 0.11 style or JSON,
 * `"ci-${random_pet.suffix.id}"`): one module instance has one value for each of its variables,
 * local values and each such attribute, so two arguments written alike name the same user even when
 * a variable has no value (a required variable not given) or the attribute is known only after
 * apply, as CloudFormation `!Ref`s and `!Sub`s of one parameter do (`core/symbolic-value.ts`); a
 * local value is what is written for it, so `local.name` and `"deployer-${var.env}"` are alike.
 * Anything else written (a function call such as `lower(var.deployer)`, `var.users[count.index]`, a
 * `%{ }` directive) has none.
 */
export function variableSymbol(module: ModuleInstance, written: unknown): SymbolicValue | undefined {
  if (typeof written !== 'string' || !written.includes('${')) return undefined;
  const pieces = symbolicPieces(module, written, 0);
  return pieces === undefined ? undefined : symbolicConcat(pieces);
}

/** Local values followed into one argument's symbolic value, one inside another, at most. */
const MAX_LOCAL_DEPTH = 8;

function symbolicPieces(module: ModuleInstance, written: string, depth: number): SymbolicPart[] | undefined {
  const parsed = parseTemplate(written);
  if (!parsed.ok) return undefined;
  // A template that is one interpolation is that expression itself.
  const parts = parsed.expr.kind === 'template' ? parsed.expr.parts : [{ kind: 'interpolation' as const, expr: parsed.expr }];
  const pieces: SymbolicPart[] = [];
  for (const part of parts) {
    if (part.kind === 'text') {
      pieces.push(part.value);
      continue;
    }
    if (part.kind !== 'interpolation') return undefined;
    const expr = part.expr.kind === 'parens' ? part.expr.expr : part.expr;
    // A string written alone (a local value `prefix = "deployer"`) is its text.
    if (expr.kind === 'literal' && typeof expr.value === 'string') {
      pieces.push(expr.value);
      continue;
    }
    const name = variableName(expr);
    if (name !== undefined) {
      pieces.push({ atom: `terraform:${module.addressPrefix}var.${name}`, text: `\${var.${name}}` });
      continue;
    }
    const local = localName(expr);
    if (local !== undefined) {
      const value = depth < MAX_LOCAL_DEPTH ? module.config.locals.get(local)?.value : undefined;
      const inner = typeof value === 'string' ? symbolicPieces(module, value, depth + 1) : undefined;
      if (inner === undefined) return undefined;
      pieces.push(...inner);
      continue;
    }
    const reference = resourceAttributeReference(module, expr);
    if (reference === undefined) return undefined;
    pieces.push({ atom: `terraform:${module.addressPrefix}${reference}`, text: `\${${reference}}` });
  }
  return pieces;
}

/** The name of a reference to a local value written alone (`local.name`). */
function localName(expr: Expr): string | undefined {
  return expr.kind === 'traverse' && expr.step.kind === 'attr' && expr.target.kind === 'variable' && expr.target.name === 'local' ? expr.step.name : undefined;
}

/**
 * `symbol`, unless the value failed: a variable whose value fails (a module argument that fails to
 * evaluate or is missing, a value that does not convert to its type) has no value to be the same
 * wherever it is written, and Terraform refuses the plan (README, "Rules").
 */
function symbolOf(value: TfValue, symbol: SymbolicValue | undefined): SymbolicValue | undefined {
  return isEvaluationError(value) ? undefined : symbol;
}

/**
 * The one place evaluated Terraform values become model facts: a marked (sensitive) value becomes a
 * known fact flagged sensitive, so it still links and counts but output never shows it. `symbol`
 * marks an unknown value that is the same wherever it is written (`variableSymbol`; `symbolOf`).
 */
export function stringFact(marked: TfValue, location: SourceLocation, what: string, symbol?: SymbolicValue): Fact<string> {
  const value = unmark(marked);
  const known = isSensitive(marked) ? sensitiveFact<string> : knownFact<string>;
  if (isUnknown(value)) return unknownFact(value.reason, location, isSensitive(marked) ? undefined : value.known, symbolOf(value, symbol));
  if (typeof value === 'string') return known(value, location);
  const text = primitiveText(value);
  if (text !== undefined) return known(text, location);
  return unknownFact(`${what} is ${describe(value)}, not a string`, location);
}

/**
 * A number or bool given to a string argument, as Terraform converts it to the provider's string type
 * before the provider sees it (`user = 5` is user `"5"`, `1e2` is `"100"`, `true` is `"true"`;
 * https://developer.hashicorp.com/terraform/language/expressions/types#type-conversion).
 */
function primitiveText(value: TfValue): string | undefined {
  if (typeof value === 'number') return formatNumber(value);
  return typeof value === 'boolean' ? String(value) : undefined;
}

export function userFact(marked: TfValue, location: SourceLocation, what: string, symbol?: SymbolicValue): Fact<UserRef> {
  const value = unmark(marked);
  const name = typeof value === 'string' ? value : primitiveText(value);
  if (name !== undefined) return (isSensitive(marked) ? sensitiveFact<UserRef> : knownFact<UserRef>)({ kind: 'name', name }, location);
  if (isUnknown(value) && value.resourceAddress !== undefined && USER_ADDRESS.test(value.resourceAddress)) {
    return knownFact({ kind: 'user', userId: value.resourceAddress }, location);
  }
  if (isUnknown(value)) return unknownFact(value.reason, location, isSensitive(marked) ? undefined : value.known, symbolOf(value, symbol));
  return unknownFact(`${what} is ${describe(value)}, not a user name`, location);
}
