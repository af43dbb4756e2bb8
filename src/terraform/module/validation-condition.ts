/**
 * A `validation` condition of a string variable read as a test its value passes (`core/value-tests.ts`):
 * Terraform refuses the plan where the condition is false
 * (https://developer.hashicorp.com/terraform/language/values/variables#custom-validation-rules). Each
 * form read gives an exact test, so `!`, `&&` and `||` of them are exact too; a part that cannot be read
 * is dropped from an `&&` (what the rest says still holds) and makes `||` and `!` say nothing.
 */
import { compileTestPattern, type ValueTest } from '../../core/value-tests.js';
import { builtInName, type Expr } from '../expr/ast.js';
import { references } from '../expr/references.js';
import { unmark, type TfValue } from '../expr/value.js';

type Evaluate = (expr: Expr) => TfValue;

/**
 * What a condition is about: the variable `var.<variable>` itself, or the name a `for` binds to each of
 * its elements (`v` in `alltrue([for v in var.names : ...])`); `variable` is the variable's name either way.
 */
export interface Subject {
  readonly variable: string;
  readonly element?: string;
  /** The condition is about this attribute of the variable (`var.user.name`), an object. */
  readonly attribute?: string;
}

const unwrapped = (expr: Expr): Expr => (expr.kind === 'parens' ? unwrapped(expr.expr) : expr);

/** `var.<name>` itself (in parentheses, or as the template `"${var.<name>}"`). */
export function namesVariable(expr: Expr, name: string): boolean {
  const current = unwrapped(expr);
  if (current.kind === 'template' && current.parts.length === 1 && current.parts[0]?.kind === 'interpolation')
    return namesVariable(current.parts[0].expr, name);
  return (
    current.kind === 'traverse' &&
    current.target.kind === 'variable' &&
    current.target.name === 'var' &&
    current.step.kind === 'attr' &&
    current.step.name === name
  );
}

/** The subject itself: `var.<variable>` (`.<attribute>`), or the element's bound name alone. */
function namesSubject(expr: Expr, subject: Subject): boolean {
  const current = unwrapped(expr);
  if (subject.attribute !== undefined) {
    const whole: Subject = subject.element === undefined ? { variable: subject.variable } : { variable: subject.variable, element: subject.element };
    return current.kind === 'traverse' && current.step.kind === 'attr' && current.step.name === subject.attribute && namesSubject(current.target, whole);
  }
  if (subject.element === undefined) return namesVariable(expr, subject.variable);
  if (current.kind === 'template' && current.parts.length === 1 && current.parts[0]?.kind === 'interpolation')
    return namesSubject(current.parts[0].expr, subject);
  return current.kind === 'variable' && current.name === subject.element;
}

/** A call of a built-in function (`core::` or not) with `count` arguments written out, or undefined. */
function callOf(expr: Expr, count: number): { readonly name: string; readonly args: readonly Expr[] } | undefined {
  const current = unwrapped(expr);
  if (current.kind !== 'call' || current.expandFinal || current.args.length !== count) return undefined;
  return { name: builtInName(current.name), args: current.args };
}

/**
 * How the condition sees the variable: `var.x` (the test as is), `lower(var.x)` or `upper(var.x)`
 * (the test of the mapped value); undefined for anything else.
 */
function subjectOf(expr: Expr, name: Subject): ((test: ValueTest) => ValueTest) | undefined {
  if (namesSubject(expr, name)) return (test) => test;
  const call = callOf(expr, 1);
  const [argument] = call?.args ?? [];
  if (argument === undefined || !namesSubject(argument, name)) return undefined;
  if (call?.name === 'lower') return (test) => ({ kind: 'lower', test });
  if (call?.name === 'upper') return (test) => ({ kind: 'upper', test });
  return undefined;
}

/** The value an expression gives, where it does not read the variable itself (it would be evaluated inside its own evaluation). */
function valueOf(evaluate: Evaluate, expr: Expr, name: Subject): TfValue | undefined {
  if (references(expr).some((ref) => ref.kind === 'var' && ref.name === name.variable)) return undefined;
  return unmark(evaluate(expr));
}

function textOf(evaluate: Evaluate, expr: Expr, name: Subject): string | undefined {
  const value = valueOf(evaluate, expr, name);
  return typeof value === 'string' ? value : undefined;
}

function stringsOf(evaluate: Evaluate, expr: Expr, name: Subject): string[] | undefined {
  const value = valueOf(evaluate, expr, name);
  if (!Array.isArray(value)) return undefined;
  const strings = (value as readonly TfValue[]).map((item) => unmark(item));
  return strings.every((item): item is string => typeof item === 'string') ? strings : undefined;
}

/** `length(...)` of a string compared with a number, as a range of lengths. */
function lengthRange(operator: string, bound: number): { readonly min: number; readonly max?: number } | undefined {
  if (operator === '>') return { min: Math.floor(bound) + 1 };
  if (operator === '>=') return { min: Math.ceil(bound) };
  if (operator === '<') return { min: 0, max: Math.ceil(bound) - 1 };
  if (operator === '<=') return { min: 0, max: Math.floor(bound) };
  if (operator === '==') return Number.isInteger(bound) ? { min: bound, max: bound } : { min: 1, max: 0 };
  return undefined;
}

/** `a > b` read as `b < a`. */
const MIRRORED: Readonly<Record<string, string>> = { '>': '<', '>=': '<=', '<': '>', '<=': '>=', '==': '==', '!=': '!=' };

/** A comparison of `length(var.x)` (a length test) or `length(regexall(p, var.x))` (a match test) with a number. */
function lengthTest(measured: Expr, operator: string, other: Expr, evaluate: Evaluate, name: Subject): ValueTest | undefined {
  const [argument] = callOf(measured, 1)?.name === 'length' ? (callOf(measured, 1)?.args ?? []) : [];
  const bound = argument === undefined ? undefined : valueOf(evaluate, other, name);
  if (argument === undefined || typeof bound !== 'number' || !Number.isFinite(bound)) return undefined;
  const negated = operator === '!=';
  const range = lengthRange(negated ? '==' : operator, bound);
  if (range === undefined) return undefined;
  const subject = subjectOf(argument, name);
  let test: ValueTest | undefined;
  if (subject !== undefined) test = subject({ kind: 'length', ...range });
  const all = callOf(argument, 2);
  const [pattern, searched] = all?.name === 'regexall' ? all.args : [];
  const matched = pattern === undefined || searched === undefined ? undefined : matchTest(pattern, searched, evaluate, name);
  // The number of matches is 0 (no match) or more: only a range that tells these apart says something.
  if (matched !== undefined && (range.max === undefined || range.max === 0))
    test = range.min === 0 ? { kind: 'not', test: matched } : range.min === 1 ? matched : undefined;
  return test === undefined ? undefined : negated ? { kind: 'not', test } : test;
}

/** `regex(pattern, <subject>)` finds a match, with a pattern RE2 compiles. */
function matchTest(pattern: Expr, searched: Expr, evaluate: Evaluate, name: Subject): ValueTest | undefined {
  const subject = subjectOf(searched, name);
  const text = subject === undefined ? undefined : textOf(evaluate, pattern, name);
  if (subject === undefined || text === undefined || compileTestPattern(text) === undefined) return undefined;
  return subject({ kind: 'matches', pattern: text });
}

function comparisonTest(operator: string, left: Expr, right: Expr, evaluate: Evaluate, name: Subject): ValueTest | undefined {
  for (const [measured, op, other] of [
    [left, operator, right],
    [right, MIRRORED[operator] ?? operator, left],
  ] as const) {
    if (op !== '==' && op !== '!=') {
      const test = lengthTest(measured, op, other, evaluate, name);
      if (test !== undefined) return test;
      continue;
    }
    const subject = subjectOf(measured, name);
    const mapping = callOf(measured, 1);
    // `lower(var.x) == var.x`: the value is its own lowercase.
    if ((mapping?.name === 'lower' || mapping?.name === 'upper') && namesSubject(other, name) && mapping.args.every((arg) => namesSubject(arg, name))) {
      const test: ValueTest = { kind: mapping.name === 'lower' ? 'lowercase' : 'uppercase' };
      return op === '!=' ? { kind: 'not', test } : test;
    }
    const value = subject === undefined ? undefined : valueOf(evaluate, other, name);
    // A string value is never null: `var.x == null` is false for every name.
    const equal =
      value === null
        ? { kind: 'one-of' as const, values: [] }
        : typeof value === 'string' && subject !== undefined
          ? subject({ kind: 'one-of', values: [value] })
          : undefined;
    const test = equal ?? lengthTest(measured, op, other, evaluate, name);
    if (test !== undefined) return op === '!=' && equal !== undefined ? { kind: 'not', test } : test;
  }
  return undefined;
}

/** The test a condition states of a string `subject`, or undefined when it states none credlint reads. */
export function conditionTest(condition: Expr, name: Subject, evaluate: Evaluate): ValueTest | undefined {
  const expr = unwrapped(condition);
  if (expr.kind === 'unary' && expr.operator === '!') {
    const test = conditionTest(expr.operand, name, evaluate);
    return test === undefined ? undefined : { kind: 'not', test };
  }
  if (expr.kind === 'binary' && (expr.operator === '&&' || expr.operator === '||')) {
    const sides = [conditionTest(expr.left, name, evaluate), conditionTest(expr.right, name, evaluate)];
    const known = sides.filter((side) => side !== undefined);
    if (expr.operator === '||') return known.length === 2 ? { kind: 'any', tests: known } : undefined;
    return known.length === 2 ? { kind: 'all', tests: known } : known[0];
  }
  if (expr.kind === 'binary') return comparisonTest(expr.operator, expr.left, expr.right, evaluate, name);
  if (expr.kind !== 'call' || expr.expandFinal) return undefined;
  const callName = builtInName(expr.name);
  const [first, second] = expr.args;
  if ((callName === 'alltrue' || callName === 'anytrue') && expr.args.length === 1 && first !== undefined) {
    const list = unwrapped(first);
    if (list.kind !== 'tuple' || list.items.length === 0) return undefined;
    const tests = list.items.map((item) => conditionTest(item, name, evaluate));
    const known = tests.filter((test) => test !== undefined);
    if (callName === 'anytrue') return known.length === tests.length ? { kind: 'any', tests: known } : undefined;
    return known.length === 0 ? undefined : { kind: 'all', tests: known };
  }
  if (callName === 'can' && expr.args.length === 1 && first !== undefined) {
    const inner = callOf(first, 2);
    const [pattern, searched] = inner?.name === 'regex' ? inner.args : [];
    return pattern === undefined || searched === undefined ? undefined : matchTest(pattern, searched, evaluate, name);
  }
  if (expr.args.length !== 2 || first === undefined || second === undefined) return undefined;
  if (callName === 'contains') {
    const subject = subjectOf(second, name);
    const values = subject === undefined ? undefined : stringsOf(evaluate, first, name);
    return subject === undefined || values === undefined ? undefined : subject({ kind: 'one-of', values });
  }
  const kind = callName === 'startswith' ? 'starts-with' : callName === 'endswith' ? 'ends-with' : callName === 'strcontains' ? 'holds' : undefined;
  const subject = kind === undefined ? undefined : subjectOf(first, name);
  const text = subject === undefined ? undefined : textOf(evaluate, second, name);
  return kind === undefined || subject === undefined || text === undefined ? undefined : subject({ kind, text });
}
