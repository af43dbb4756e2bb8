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
 * is known of an unknown name counts), as CloudFormation's `AllowedValues`; one validated by
 * `startswith(var.role, "svc-")`, `endswith(...)` or `strcontains(...)` starts with, ends with or holds
 * that text. Only these forms are read, with lists and texts that `evaluate` knows (literals, locals,
 * other variables); several blocks all hold. Undefined when no block says anything, or the variable
 * is not a string.
 */
export function validatedValues(decl: VariableDecl, evaluate: (expr: Expr) => TfValue): KnownParts | undefined {
  if (decl.type !== undefined && decl.type.trim() !== 'string') return undefined;
  const written = decl.body['validation'];
  const blocks: unknown[] = Array.isArray(written) ? written : written === undefined ? [] : [written];
  let allowed: string[] | undefined;
  const starts: string[] = [];
  const ends: string[] = [];
  const holds: string[] = [];
  for (const block of blocks) {
    const condition = typeof block === 'object' && block !== null ? (block as Record<string, unknown>)['condition'] : undefined;
    const parsed = typeof condition === 'string' ? parseTemplate(condition) : undefined;
    let expr = parsed?.ok === true ? parsed.expr : undefined;
    while (expr?.kind === 'parens') expr = expr.expr;
    if (expr?.kind !== 'call' || expr.expandFinal || expr.args.length !== 2) continue;
    const name = builtInName(expr.name);
    const [first, second] = expr.args;
    const text = name === 'contains' || second === undefined ? undefined : textOf(evaluate, second, decl.name);
    if (first !== undefined && text !== undefined && namesVariable(first, decl.name)) {
      if (name === 'startswith') starts.push(text);
      if (name === 'endswith') ends.push(text);
      if (name === 'strcontains') holds.push(text);
      continue;
    }
    if (name !== 'contains') continue;
    const [list, value] = [first, second];
    if (list === undefined || value === undefined || !namesVariable(value, decl.name)) continue;
    // A list that reads the variable itself tells nothing (and would be evaluated inside its own evaluation).
    if (references(list).some((ref) => ref.kind === 'var' && ref.name === decl.name)) continue;
    const values = unmark(evaluate(list));
    if (!Array.isArray(values)) continue;
    const strings = (values as readonly TfValue[]).map((item) => unmark(item));
    if (strings.length === 0 || !strings.every((item): item is string => typeof item === 'string')) continue;
    allowed = allowed === undefined ? strings : allowed.filter((item) => strings.includes(item));
  }
  // Of two texts a value starts with, one starts with the other (else no value passes, and nothing is said).
  const prefix = longestOfNested(starts, (a, b) => a.startsWith(b));
  const suffix = longestOfNested(ends, (a, b) => a.endsWith(b));
  if (prefix === undefined || suffix === undefined) return undefined;
  if (allowed !== undefined) {
    const passing = allowed.filter((item) => item.startsWith(prefix) && item.endsWith(suffix) && holds.every((part) => item.includes(part)));
    return passing.length === 0 ? undefined : knownPartsOfOneOf(passing);
  }
  if (prefix === '' && suffix === '' && holds.length === 0) return undefined;
  const infixes = holds.filter((part) => part !== '');
  return {
    prefix,
    suffix,
    minLength: Math.max(prefix.length, suffix.length, ...infixes.map((part) => part.length)),
    ...(infixes.length > 0 ? { infixes } : {}),
  };
}

/** The longest of `texts` when each of them `extends` the shorter ones (`''` when there are none); undefined when two disagree. */
function longestOfNested(texts: readonly string[], extendsOther: (longer: string, shorter: string) => boolean): string | undefined {
  const longest = texts.reduce((a, b) => (b.length > a.length ? b : a), '');
  return texts.every((text) => extendsOther(longest, text)) ? longest : undefined;
}

/** The known string an expression gives (not reading `var.<name>` itself), if it gives one. */
function textOf(evaluate: (expr: Expr) => TfValue, expr: Expr, name: string): string | undefined {
  if (references(expr).some((ref) => ref.kind === 'var' && ref.name === name)) return undefined;
  const value = unmark(evaluate(expr));
  return typeof value === 'string' ? value : undefined;
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
