/**
 * Built-in functions whose result depends on more than their arguments' values, so the evaluator
 * calls them itself: `templatefile` and `templatestring` render a template in which only the
 * variables they are given are defined, and `templatestring` also looks at how its first argument is
 * written; `ephemeralasnull` depends on which values of the scope may be ephemeral.
 */
import type { Expr } from './ast.js';
import { fail } from './convert-value.js';
import { primitiveToString } from './convert.js';
import type { Env, EvalIn, EvalScope } from './evaluation-env.js';
import { chainOf, describeReference, rootReference } from './traverse-value.js';
import { TfSet, Unknown, isEvaluationError, isUnknown, markedIf, unmarkAll, type TfValue } from './value.js';

/** Renders template text in an environment (the evaluator's template reader). */
export type RenderIn = (text: string, env: Env) => TfValue;

/**
 * A template variable's name must be an identifier (a letter or `_`, then letters, digits, `_` and
 * `-`), or no template could refer to it.
 */
const IDENTIFIER = /^[\p{ID_Start}_][\p{ID_Continue}-]*$/u;

/**
 * `text` rendered as a template in which only `vars` (a map or object with identifier keys) are
 * defined, as both template functions render it
 * (https://developer.hashicorp.com/terraform/language/functions/templatefile): no `var.`, `local.` or
 * resource reference, no nested `templatefile` or `templatestring`, and a null result is an error.
 * Where the scope holds no ephemeral value, neither do the variables.
 */
export function renderWithVars(fn: string, text: string, vars: TfValue, env: Env, renderIn: RenderIn, withFiles: boolean): TfValue {
  if (isUnknown(vars)) return new Unknown(vars.reason);
  if (vars === null || typeof vars !== 'object' || Array.isArray(vars) || vars instanceof TfSet)
    return fail(`${fn}(): the variables must be a map or an object`);
  const names = new Map(Object.entries(vars as Readonly<Record<string, TfValue>>));
  if ([...names.keys()].some((name) => !IDENTIFIER.test(name)))
    return fail(`${fn}(): a template variable name must start with a letter or "_", followed by letters, digits, "_" and "-"`);
  const { budget, pathFunctions, withoutEphemeralValues } = env.scope;
  const scope: EvalScope = {
    resolve: (ref) => fail(`${fn}(): the template can use only its variables, not ${describeReference(ref)}`),
    ...(budget === undefined ? {} : { budget }),
    ...(withFiles && pathFunctions !== undefined ? { pathFunctions } : {}),
    ...(withoutEphemeralValues === undefined ? {} : { withoutEphemeralValues }),
    insideTemplateFile: true,
  };
  const rendered = renderIn(text, { ...env, scope, locals: names, splatItem: undefined });
  return rendered === null ? fail(`${fn}(): the result of the template is null`) : rendered;
}

/** What `templatestring` accepts as its template: a reference, with attributes, indexes and splats after it. */
function isReference(expr: Expr): boolean {
  if (expr.kind === 'variable') return true;
  return (expr.kind === 'traverse' || expr.kind === 'splat') && isReference(expr.target);
}

/**
 * `templatestring(ref, vars)` (Terraform 1.9): the string `ref` refers to, rendered as a template with
 * only `vars` defined, and converted to a string. The template must be written as a reference to a
 * string declared elsewhere (`local.greeting`, `data.aws_s3_object.t.body`): a literal or a template
 * written in place (`"Hello, $${name}"`, `"${local.greeting}"`) is an error, as is reading files from
 * the template (credlint leaves such calls unknown)
 * (https://developer.hashicorp.com/terraform/language/functions/templatestring).
 */
export function templateStringCall(expr: Extract<Expr, { kind: 'call' }>, env: Env, evalIn: EvalIn, renderIn: RenderIn): TfValue {
  if (env.scope.insideTemplateFile === true) return fail('templatestring(): cannot be called from inside a template');
  const [template, vars, ...others] = expr.args;
  if (template === undefined || vars === undefined || others.length > 0 || expr.expandFinal)
    return fail(`templatestring(): expected 2 arguments, got ${expr.args.length}`);
  if (expr.wrappedArgs?.includes(0) === true || !isReference(template))
    return fail('templatestring(): the template must be a direct reference to a string declared elsewhere, not an expression or a template');
  const args = [evalIn(template, env), evalIn(vars, env)];
  const failed = args.find(isEvaluationError);
  if (failed !== undefined) return failed;
  const { values, marked } = unmarkAll(args);
  const [text = null, names = null] = values;
  // The result is not the template's text: nothing of it is known, and it is no resource's attribute.
  if (isUnknown(text)) return new Unknown(text.reason);
  if (typeof text !== 'string') return fail('templatestring(): the template must be a string');
  const rendered = renderWithVars('templatestring', text, names, env, renderIn, false);
  if (isUnknown(rendered)) return rendered;
  const string = primitiveToString(rendered);
  return string === undefined ? fail('templatestring(): the result of the template is not a string') : markedIf(string, marked);
}

/**
 * `ephemeralasnull(value)` (Terraform 1.10): `value` with every ephemeral value in it replaced by null
 * (https://developer.hashicorp.com/terraform/language/functions/ephemeralasnull). credlint keeps no
 * mark of ephemeral values, so the result is `value` itself only where nothing in scope can be
 * ephemeral (`EvalScope.withoutEphemeralValues`), and unknown elsewhere.
 */
export function ephemeralAsNull(args: readonly TfValue[], env: Env, written: Expr | undefined): TfValue {
  const [value = null, ...others] = args;
  if (args.length === 0 || others.length > 0) return fail(`ephemeralasnull(): expected 1 argument, got ${args.length}`);
  // An argument that is an ephemeral value as a whole is replaced by null whatever it holds.
  if (written !== undefined && namesEphemeralValue(written, env)) return null;
  if (env.scope.withoutEphemeralValues === true || isUnknown(value)) return value;
  return new Unknown('ephemeralasnull(): its argument may hold ephemeral values (a variable or module output declared ephemeral), which it makes null');
}

/**
 * Whether `expr` is a reference, or a traversal of one (`var.session.user`, `module.m.token`,
 * `ephemeral.aws_x.y.attr`), that the scope knows to be ephemeral as a whole: Terraform marks the
 * referenced value ephemeral, and a traversal of it keeps the mark. Names bound by `for` are no
 * references.
 */
function namesEphemeralValue(expr: Expr, env: Env): boolean {
  let node = expr;
  while (node.kind === 'parens') node = node.expr;
  if (node.kind === 'template' && node.parts.length === 1 && node.parts[0]?.kind === 'interpolation') return namesEphemeralValue(node.parts[0].expr, env);
  const { root, steps } = chainOf(node);
  if (root.kind !== 'variable' || env.locals.has(root.name) || env.scope.isEphemeral === undefined) return false;
  const found = rootReference(root.name, steps);
  return typeof found !== 'string' && env.scope.isEphemeral(found.ref, steps.slice(found.consumed));
}

/**
 * `templatefile(path, vars)`: the file read as `file` reads it, rendered as a template in which only
 * `vars` are defined (`renderWithVars`)
 * (https://developer.hashicorp.com/terraform/language/functions/templatefile).
 */
export function templateFileCall(args: readonly TfValue[], readFile: (path: string) => TfValue, env: Env, renderIn: RenderIn): TfValue {
  if (args.length !== 2) return fail(`templatefile(): expected 2 arguments, got ${args.length}`);
  const { values, marked } = unmarkAll(args);
  const [path = null, vars = null] = values;
  if (isUnknown(path)) return new Unknown(path.reason, path.resourceAddress);
  // The path is a string parameter: a number or bool converts.
  const file = primitiveToString(path);
  if (file === undefined) return fail(`templatefile(): the path must be a string, not ${path === null ? 'null' : typeof path}`);
  if (isUnknown(vars)) return new Unknown(vars.reason, vars.resourceAddress);
  if (vars === null || typeof vars !== 'object' || Array.isArray(vars) || vars instanceof TfSet)
    return fail('templatefile(): the variables must be a map or an object');
  const text = readFile(file);
  if (typeof text !== 'string') return text;
  return markedIf(renderWithVars('templatefile', text, vars, env, renderIn, true), marked);
}
