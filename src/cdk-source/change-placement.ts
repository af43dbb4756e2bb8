import type * as ts from 'typescript';
import { alwaysExits } from './control-flow-syntax.js';
import type { Loop } from './loop-runs.js';
import { parentOf } from './parent-of.js';
import { truthiness, type Context, type StaticValue } from './static-value.js';

/*
 * Where an escape hatch (`escape-hatches.ts`) runs relative to the construct it changes: certainly,
 * never, or maybe, from the statements between them, the conditions around it evaluated where the
 * construct is created, and the loops whose runs are told apart (`loop-runs.ts`).
 */

/** What placing a change needs of the evaluator: the value of a condition. */
export interface ConditionEvaluator {
  evaluate(expression: ts.Expression, context: Context): StaticValue;
}

/**
 * Whether a statement of a called function's body (or of a module's top level) certainly runs when the function does: a statement of
 * the body, or nested there in the branches of `if`s whose conditions, with the call's arguments bound,
 * take that branch, with no `return` or `throw` before it (nor a `continue` or `break` of a loop of
 * `loops`, listed per run, in the run `context` binds); `never` when a condition takes the other branch.
 */
export function bodyPlacement(
  t: typeof import('typescript'),
  evaluator: ConditionEvaluator,
  statement: ts.Node,
  callee: ts.Node,
  context: Context,
  loops: readonly Loop[],
): 'certain' | 'never' | 'may' {
  // A module's top-level code (`callee` a file) runs once, when the module is first imported.
  const body = t.isSourceFile(callee) ? callee : t.isFunctionLike(callee) && 'body' in callee ? (callee.body as ts.Node | undefined) : undefined;
  if (!body) return 'may';
  // An arrow function's expression body runs whenever the function does.
  if (statement === body) return 'certain';
  return placedUpTo(t, evaluator, statement, context, loops, (parent, current, answer) => {
    if (parent !== body) return undefined;
    return (t.isBlock(body) || t.isSourceFile(body)) && !leavesBefore(t, evaluator, body, current, context) ? answer : 'may';
  });
}

/**
 * Where `statement` runs, walking up from it to the statement list `end` recognises (which gives the
 * answer there from the walk's so far): through the blocks between (a `continue`, `break`, `return` or
 * `throw` before it, `exitBefore`), the `if`s whose conditions `context` decides, and the loops of `loops`
 * listed per run; `may` past anything else.
 */
function placedUpTo(
  t: typeof import('typescript'),
  evaluator: ConditionEvaluator,
  statement: ts.Node,
  context: Context,
  loops: readonly Loop[],
  end: (parent: ts.Node, current: ts.Node, answer: 'certain' | 'may') => 'certain' | 'never' | 'may' | undefined,
): 'certain' | 'never' | 'may' {
  let current = statement;
  let answer: 'certain' | 'may' = 'certain';
  for (let parent = parentOf(current); parent; current = parent, parent = parentOf(parent)) {
    const ended = end(parent, current, answer);
    if (ended !== undefined) return ended;
    const through = loopBoundary(t, loops, parent, current);
    if (through === null) return 'may';
    if (through !== undefined) {
      parent = through;
      continue;
    }
    if (t.isBlock(parent)) {
      // A `continue` or `break` of a loop listed per run, or an exit a known condition takes.
      const exit = exitBefore(t, evaluator, parent, parent.pos, current, context);
      if (exit === 'never') return 'never';
      if (exit === 'may') answer = 'may';
      continue;
    }
    if (!t.isIfStatement(parent) || current === parent.expression) return 'may';
    const truth = truthiness(evaluator.evaluate(parent.expression, context));
    if (truth === undefined) return 'may';
    if (truth !== (current === parent.thenStatement)) return 'never';
  }
  return 'may';
}

/**
 * Whether a `return` or `throw` of the function whose body is `body` (not of a function inside it) may
 * run before `statement`: one in a branch of an `if` whose condition, with the call's arguments bound,
 * rules that branch out (`if (allowed) return;` called with `false`) does not.
 */
function leavesBefore(t: typeof import('typescript'), evaluator: ConditionEvaluator, body: ts.Node, statement: ts.Node, context: Context): boolean {
  const pending: ts.Node[] = [body];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (node.pos >= statement.pos) continue;
    if (t.isReturnStatement(node) || t.isThrowStatement(node)) return true;
    if (node !== body && t.isFunctionLike(node)) continue;
    if (t.isIfStatement(node)) {
      const truth = truthiness(evaluator.evaluate(node.expression, context));
      if (truth !== false) pending.push(node.thenStatement);
      if (truth !== true && node.elseStatement) pending.push(node.elseStatement);
      continue;
    }
    t.forEachChild(node, (child) => {
      pending.push(child);
    });
  }
  return false;
}

/**
 * Whether a statement certainly runs after the one that creates the construct (`creation`): a later
 * statement of the same list, or nested there in the branches of `if`s (and blocks) whose conditions,
 * evaluated where the construct is created (a helper's `active` parameter bound to the call's argument),
 * take that branch, also through the body of a loop of `loops` in the run `context` binds
 * (`keys.forEach((k, i) => { if (i > 0) ... })`); `never` when one of them takes the other branch, `may` otherwise.
 */
export function placement(
  t: typeof import('typescript'),
  evaluator: ConditionEvaluator,
  statement: ts.Node,
  creation: ts.Node,
  context: Context,
  loops: readonly Loop[],
): 'certain' | 'never' | 'may' {
  const list = parentOf(creation);
  return placedUpTo(t, evaluator, statement, context, loops, (parent, current, answer) => {
    if (parent !== list) return undefined;
    if (current.pos < creation.end) return 'may';
    return exitBefore(t, evaluator, parent, creation.end, current, context) ?? answer;
  });
}

/**
 * Whether control leaves a statement list between `from` and its statement `current`, so that `current`
 * never runs (`never`: a `return`, `throw`, `continue` or `break` there, also in the branch a known
 * condition takes, as in `if (keepBoth) return;` with `keepBoth` true) or may not run (`may`: one under a
 * condition not known, or in a `switch`, a loop or a `try`); undefined when nothing leaves.
 */
function exitBefore(
  t: typeof import('typescript'),
  evaluator: ConditionEvaluator,
  list: ts.Node,
  from: number,
  current: ts.Node,
  context: Context,
): 'never' | 'may' | undefined {
  const statements = t.isBlock(list) || t.isSourceFile(list) || t.isModuleBlock(list) || t.isCaseClause(list) || t.isDefaultClause(list) ? list.statements : [];
  let answer: 'may' | undefined;
  for (const sibling of statements) {
    if (sibling.pos < from || sibling.end > current.pos) continue;
    if (alwaysExits(t, sibling)) return 'never';
    if (t.isIfStatement(sibling)) {
      const truth = truthiness(evaluator.evaluate(sibling.expression, context));
      const taken = truth === undefined ? undefined : truth ? sibling.thenStatement : sibling.elseStatement;
      if (taken !== undefined && alwaysExits(t, taken)) return 'never';
      if (truth === undefined ? mayLeave(t, sibling) : taken !== undefined && mayLeave(t, taken)) answer = 'may';
      continue;
    }
    if (mayLeave(t, sibling)) answer = 'may';
  }
  return answer;
}

/**
 * Whether a statement holds a `return` or `throw` (not of a function inside it), or a `break` or
 * `continue` that no loop or `switch` inside it takes.
 */
function mayLeave(t: typeof import('typescript'), statement: ts.Node): boolean {
  let found = leaving.get(statement);
  if (found === undefined) leaving.set(statement, (found = searchLeave(t, statement)));
  return found;
}

/** Per statement: `mayLeave`, found once (each construct created before it asks again). */
const leaving = new WeakMap<ts.Node, boolean>();

function searchLeave(t: typeof import('typescript'), statement: ts.Node): boolean {
  const pending: { node: ts.Node; enclosed: boolean }[] = [{ node: statement, enclosed: false }];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const { node, enclosed } = item;
    if (t.isReturnStatement(node) || t.isThrowStatement(node)) return true;
    if ((t.isBreakStatement(node) || t.isContinueStatement(node)) && (!enclosed || node.label !== undefined)) return true;
    if (node !== statement && t.isFunctionLike(node)) continue;
    const inner = enclosed || t.isIterationStatement(node, false) || t.isSwitchStatement(node);
    t.forEachChild(node, (child) => {
      pending.push({ node: child, enclosed: inner });
    });
  }
  return false;
}

/**
 * Where a climb from `current` up to its `parent` goes on when `parent` holds `current` as the body of
 * one of `loops`, whose runs are told apart (`loop-runs.ts`): the loop statement itself, or the
 * statement calling the callback (null when the call is not a statement of its own, so whether it
 * runs is not known); undefined when `parent` is no such loop.
 */
function loopBoundary(t: typeof import('typescript'), loops: readonly Loop[], parent: ts.Node, current: ts.Node): ts.Node | null | undefined {
  for (const loop of loops) {
    if (loop.kind !== 'callback') {
      if (loop.node === parent && loop.node.statement === current) return parent;
    } else if (loop.callback === parent && loop.callback.body === current) return directStatement(t, loop.node) ?? null;
  }
  return undefined;
}

/**
 * The expression statement `node` is part of when nothing between them decides whether it runs (no
 * function, `?:`, `&&`, `||` or `??` in between), else undefined.
 */
export function directStatement(t: typeof import('typescript'), node: ts.Node, loops: readonly Loop[] = [], scope?: ts.Node): ts.Node | undefined {
  for (let previous = node, current = parentOf(node); current; previous = current, current = parentOf(current)) {
    if (t.isExpressionStatement(current)) return current;
    // The expression body of the function searched, or of a loop's callback (`keys.forEach((k) => (k.status = 'Inactive'))`), runs as a statement would.
    if (
      t.isArrowFunction(current) &&
      current.body === previous &&
      (current === scope || loops.some((loop) => loop.kind === 'callback' && loop.callback === current))
    )
      return previous;
    if (t.isFunctionLike(current) || t.isConditionalExpression(current) || !t.isExpression(current)) return undefined;
    if (t.isBinaryExpression(current)) {
      const operator = current.operatorToken.kind;
      if (operator === t.SyntaxKind.AmpersandAmpersandToken || operator === t.SyntaxKind.BarBarToken || operator === t.SyntaxKind.QuestionQuestionToken)
        return undefined;
    }
  }
  return undefined;
}

/** The statement (of a block or file) that holds `node`. */
export function statementIn(t: typeof import('typescript'), node: ts.Node): ts.Node | undefined {
  let current: ts.Node = node;
  for (let parent = parentOf(current); parent; parent = parentOf(current)) {
    if (t.isBlock(parent) || t.isSourceFile(parent) || t.isModuleBlock(parent) || t.isCaseClause(parent) || t.isDefaultClause(parent)) return current;
    current = parent;
  }
  return undefined;
}
