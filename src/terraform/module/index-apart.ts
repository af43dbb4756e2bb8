/**
 * Whether a block's `user`, written as the instance's `count.index` set among parts every instance
 * shares (`"ci-${count.index}"`, `"${var.prefix}-${count.index + 1}"`, `format("ci-%02d", count.index)`,
 * `upper("ci-${count.index}")`), names a different user in every instance, however many there are.
 *
 * Every instance of one module instance evaluates the same expression with its own `count.index`, 0 to
 * the count less one (https://developer.hashicorp.com/terraform/language/meta-arguments/count); what
 * does not read `count`, `each` or `self`, nor call a function whose result changes from call to call
 * (`uuid`, `timestamp`, `bcrypt`), is the same text in every instance. So two instances' names are
 * `A + f(i) + B` and `A + f(j) + B` with `i` different from `j`, and they differ where `f(i)` and `f(j)`
 * differ. IAM compares user names ignoring case
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names)
 * and allows only ASCII letters, digits and `+=,.@_-` in them, so case maps each character alone: `f`
 * must give texts that differ ignoring case. A number's text (digits, `.`, `-`, a lower-case `e`) is
 * the same number's only, and `upper`/`lower` keep texts apart ignoring case.
 *
 * Not `each.key`: for_each keys are distinct strings but may differ only in case (`"Ana"` and `"ana"`),
 * one IAM user.
 */
import { builtInName } from '../expr/ast.js';
import { parseTemplate, visitExpression, type Expr } from './expr-api.js';

/** Functions whose result is not the same from one call to the next: their text may differ between instances. */
const IMPURE = new Set(['uuid', 'uuidv5', 'timestamp', 'bcrypt']);

/** Wrappers that keep texts apart ignoring case: ASCII case mapping, and a number or string as text. */
const KEEPS_APART = new Set(['upper', 'lower', 'tostring']);

/** A `format` verb for one value as text, without an explicit argument index or precision: `%d`, `%02d`, `%s`, `%v`. */
const VERB = /%(?:%|([-+ 0#]*\d*)([a-zA-Z]))/gu;
/** The verbs that print a whole number in full, padding aside. */
const WHOLE_NUMBER_VERBS = new Set(['d', 'v', 's']);

/** See the module comment. */
export function userApartPerIndex(written: unknown): boolean {
  if (typeof written !== 'string') return false;
  const parsed = parseTemplate(written);
  return parsed.ok && apartPerIndex(parsed.expr);
}

/** Whether `expr` gives texts that differ, ignoring case, for different values of `count.index`. */
function apartPerIndex(expr: Expr): boolean {
  switch (expr.kind) {
    case 'parens':
      return apartPerIndex(expr.expr);
    case 'traverse':
      return expr.target.kind === 'variable' && expr.target.name === 'count' && expr.step.kind === 'attr' && expr.step.name === 'index';
    case 'binary':
      // count.index + 1, 100 - count.index: numbers as far apart as the indexes. Only by a literal of
      // few digits: Terraform's numbers keep 512 bits, so 1e300 + 0 and 1e300 + 1 would be one number.
      if (expr.operator !== '+' && expr.operator !== '-') return false;
      return (apartPerIndex(expr.left) && smallNumber(expr.right)) || (smallNumber(expr.left) && apartPerIndex(expr.right));
    case 'template': {
      // Text and shared interpolations around exactly one that keeps instances apart.
      let apart = 0;
      for (const part of expr.parts) {
        if (part.kind === 'text') continue;
        if (part.kind !== 'interpolation') return false;
        if (apartPerIndex(part.expr)) apart++;
        else if (!shared(part.expr)) return false;
      }
      return apart === 1;
    }
    case 'call': {
      if (expr.expandFinal) return false;
      const name = builtInName(expr.name);
      if (KEEPS_APART.has(name)) return expr.args.length === 1 && expr.args[0] !== undefined && apartPerIndex(expr.args[0]);
      return name === 'format' && formatApart(expr.args);
    }
    default:
      return false;
  }
}

/**
 * `format("ci-%d", count.index)`: a literal format whose verbs each take the next argument, one of
 * them a whole-number verb taking the argument that keeps instances apart, every other argument shared
 * (https://developer.hashicorp.com/terraform/language/functions/format).
 */
function formatApart(args: readonly Expr[]): boolean {
  const [spec, ...values] = args;
  const text = spec === undefined ? undefined : literalText(spec);
  if (text === undefined) return false;
  let next = 0;
  let apart = 0;
  for (const match of text.matchAll(VERB)) {
    const verb = match[2];
    if (verb === undefined) continue; // %%
    const value = values[next++];
    if (value === undefined) return false;
    if (apartPerIndex(value)) {
      if (!WHOLE_NUMBER_VERBS.has(verb)) return false;
      apart++;
    } else if (!shared(value)) return false;
  }
  // Every `%` is a verb or `%%` (no `%[2]d`, no precision), and every argument is taken.
  return apart === 1 && next === values.length && !text.replace(VERB, '').includes('%');
}

/** A number literal well within the integers a double holds exactly. */
function smallNumber(expr: Expr): boolean {
  const inner = expr.kind === 'parens' ? expr.expr : expr;
  return (
    inner.kind === 'literal' &&
    inner.inexact === undefined &&
    typeof inner.value === 'number' &&
    Number.isInteger(inner.value) &&
    Math.abs(inner.value) < 2 ** 31
  );
}

/** The text of a string literal, or of a template of text only. */
function literalText(expr: Expr): string | undefined {
  if (expr.kind === 'literal') return typeof expr.value === 'string' ? expr.value : undefined;
  if (expr.kind !== 'template') return undefined;
  let text = '';
  for (const part of expr.parts) {
    if (part.kind !== 'text') return undefined;
    text += part.value;
  }
  return text;
}

/** Whether `expr` gives the same value in every instance of its block: it reads no `count`, `each` or `self`, and calls nothing impure. */
export function shared(expr: Expr): boolean {
  const dependent = visitExpression<true>(
    expr,
    {
      name: (name) => (name === 'count' || name === 'each' || name === 'self' ? true : undefined),
      call: (call) => (IMPURE.has(builtInName(call.name)) ? true : undefined),
    },
    new Set(),
  );
  return dependent === undefined;
}
