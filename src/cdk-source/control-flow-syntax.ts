import type * as ts from 'typescript';
import { isAssignment, isIncrement } from './operator-syntax.js';
import { isNamedMemberAccess, memberNameOf } from './member-syntax.js';
import { parentOf } from './parent-of.js';
import { UNDEFINED, type StaticValue } from './static-value.js';

// Questions the construct walk asks about control-flow syntax, answered from the syntax alone.

/** `&&`, `||`, `??`: operators whose right side runs only for some values of the left. */
export function isShortCircuit(t: typeof import('typescript'), kind: ts.SyntaxKind): boolean {
  return kind === t.SyntaxKind.AmpersandAmpersandToken || kind === t.SyntaxKind.BarBarToken || kind === t.SyntaxKind.QuestionQuestionToken;
}

/** `items.forEach((item, i) => ...)`, `.map`, `.flatMap` (or `items['map'](...)`) with an inline callback. */
export function isIteratingCall(t: typeof import('typescript'), node: ts.CallExpression): boolean {
  const callee = node.expression;
  const callback = node.arguments[0];
  return (
    isNamedMemberAccess(t, callee) &&
    ['forEach', 'map', 'flatMap'].includes(memberNameOf(t, callee)) &&
    callback !== undefined &&
    (t.isArrowFunction(callback) || t.isFunctionExpression(callback))
  );
}

/**
 * A function written as an argument of a call (`names.forEach((n) => …)`, `keys.map(function (k) { … })`):
 * the walk runs it where the call is, as part of the code around the call.
 */
export function isInlineCallback(t: typeof import('typescript'), node: ts.Node): boolean {
  const call = parentOf(node);
  return (t.isArrowFunction(node) || t.isFunctionExpression(node)) && call !== undefined && t.isCallExpression(call) && call.arguments.includes(node);
}

/** Whether control certainly leaves a statement list at `statement` (`return`, `throw`, `continue`, `break`, or both branches of an `if`). */
export function alwaysExits(t: typeof import('typescript'), statement: ts.Statement): boolean {
  if (t.isReturnStatement(statement) || t.isThrowStatement(statement) || t.isContinueStatement(statement) || t.isBreakStatement(statement)) return true;
  if (t.isBlock(statement)) return statement.statements.some((s) => alwaysExits(t, s));
  if (t.isIfStatement(statement))
    return statement.elseStatement !== undefined && alwaysExits(t, statement.thenStatement) && alwaysExits(t, statement.elseStatement);
  return false;
}

/**
 * What a `switch` entered at clause `entry` does once it runs the clauses from there on, falling through
 * (https://tc39.es/ecma262/#sec-runtime-semantics-caseblockevaluation): `exits` when it certainly leaves
 * the statement list around the `switch` (a `return`, `throw`, `continue`, or a labelled `break`) before an
 * unlabelled `break` ends the `switch` itself, `ends` when control certainly goes on after the `switch`
 * (a `break`, or the last clause's end), `may` otherwise (an exit under an `if`, a loop, ...).
 */
export function switchOutcome(t: typeof import('typescript'), clauses: readonly ts.CaseOrDefaultClause[], entry: number): 'exits' | 'ends' | 'may' {
  const outcomes = sequenceOutcomes(
    t,
    clauses.slice(entry).flatMap((clause) => clause.statements),
  );
  // Running off the last clause goes on after the `switch`, as a `break` does.
  const exits = outcomes.has('exits');
  const ends = outcomes.has('ends') || outcomes.has('next');
  return exits && ends ? 'may' : exits ? 'exits' : 'ends';
}

/**
 * Inside a `switch` clause, what may become of control: it leaves the list around the `switch`
 * (`exits`), ends the `switch` (`ends`, an unlabelled `break`), or goes on to the next statement
 * (`next`). An `if` whose branch breaks and whose other branch goes on may do either, and only the
 * statements after it tell whether it may also leave the list.
 */
type Outcome = 'exits' | 'ends' | 'next';

function sequenceOutcomes(t: typeof import('typescript'), statements: readonly ts.Statement[]): Set<Outcome> {
  const outcomes = new Set<Outcome>();
  for (const statement of statements) {
    const own = statementOutcomes(t, statement);
    for (const outcome of own) if (outcome !== 'next') outcomes.add(outcome);
    if (!own.has('next')) return outcomes;
  }
  outcomes.add('next');
  return outcomes;
}

function statementOutcomes(t: typeof import('typescript'), statement: ts.Statement): Set<Outcome> {
  if (t.isBreakStatement(statement)) return new Set([statement.label ? 'exits' : 'ends']);
  if (t.isReturnStatement(statement) || t.isThrowStatement(statement) || t.isContinueStatement(statement)) return new Set(['exits']);
  if (t.isBlock(statement)) return sequenceOutcomes(t, statement.statements);
  if (t.isIfStatement(statement)) {
    const otherwise: ReadonlySet<Outcome> = statement.elseStatement ? statementOutcomes(t, statement.elseStatement) : new Set(['next']);
    return new Set([...statementOutcomes(t, statement.thenStatement), ...otherwise]);
  }
  // A loop or a nested `switch` may hold exits of their own (an unlabelled `break` there leaves them only).
  if (t.isIterationStatement(statement, false) || t.isSwitchStatement(statement) || t.isLabeledStatement(statement) || t.isTryStatement(statement))
    return new Set(containsExit(t, statement) ? ['exits', 'next'] : ['next']);
  return new Set(['next']);
}

/** Whether a statement holds a `return`, `throw`, `continue` or `break` outside any function inside it. */
function containsExit(t: typeof import('typescript'), node: ts.Node): boolean {
  let found = false;
  const pending: ts.Node[] = [node];
  for (let current = pending.pop(); current && !found; current = pending.pop()) {
    if (t.isReturnStatement(current) || t.isThrowStatement(current) || t.isContinueStatement(current) || t.isBreakStatement(current)) found = true;
    else if (current === node || !t.isFunctionLike(current))
      t.forEachChild(current, (child) => {
        pending.push(child);
      });
  }
  return found;
}

/** The next value of a counter: `i++`, `++i`, `i--`, `i += n`, `i -= n`; anything else is unknown. */
export function counterStep(t: typeof import('typescript'), incrementor: ts.Expression, declaration: ts.VariableDeclaration, value: StaticValue): StaticValue {
  if (value.kind !== 'number') return UNDEFINED;
  const isCounter = (n: ts.Node) => t.isIdentifier(n) && t.isIdentifier(declaration.name) && n.text === declaration.name.text;
  if ((t.isPostfixUnaryExpression(incrementor) || t.isPrefixUnaryExpression(incrementor)) && isCounter(incrementor.operand)) {
    if (incrementor.operator === t.SyntaxKind.PlusPlusToken) return { kind: 'number', value: value.value + 1 };
    if (incrementor.operator === t.SyntaxKind.MinusMinusToken) return { kind: 'number', value: value.value - 1 };
  }
  if (t.isBinaryExpression(incrementor) && isCounter(incrementor.left) && t.isNumericLiteral(incrementor.right)) {
    const by = Number(incrementor.right.text);
    if (incrementor.operatorToken.kind === t.SyntaxKind.PlusEqualsToken && by > 0) return { kind: 'number', value: value.value + by };
    if (incrementor.operatorToken.kind === t.SyntaxKind.MinusEqualsToken && by > 0) return { kind: 'number', value: value.value - by };
  }
  return UNDEFINED;
}

/**
 * Whether a loop holds a `break` or `continue` that leaves it early: an unlabelled `break` of this
 * loop (not of an inner loop or switch), or a labelled `break` or `continue` naming a statement around
 * this loop (`break outer` from an inner loop leaves it too). Past the depth limit, one is assumed.
 */
export function hasBreak(t: typeof import('typescript'), loop: ts.Node, depth: number): boolean {
  const own = new Set<string>();
  for (let parent = parentOf(loop); parent !== undefined && t.isLabeledStatement(parent); parent = parentOf(parent)) own.add(parent.label.text);
  return leavesLoop(t, loop, depth, { own, inner: new Set(), nested: false });
}

interface JumpScope {
  /** Labels of the loop asked about: `continue` naming one goes on with it. */
  readonly own: ReadonlySet<string>;
  /** Labels of statements inside the loop: a jump naming one stays inside. */
  readonly inner: ReadonlySet<string>;
  /** Inside an inner loop or switch, which an unlabelled `break` leaves instead. */
  readonly nested: boolean;
}

function leavesLoop(t: typeof import('typescript'), node: ts.Node, depth: number, scope: JumpScope): boolean {
  let found = false;
  t.forEachChild(node, (child) => {
    if (found) return;
    if (depth > 200) found = true;
    else if (t.isBreakStatement(child) || t.isContinueStatement(child)) {
      const label = child.label?.text;
      if (label === undefined) found = t.isBreakStatement(child) && !scope.nested;
      else found = !scope.inner.has(label) && !(t.isContinueStatement(child) && scope.own.has(label));
    } else if (t.isFunctionLike(child)) return;
    else if (t.isLabeledStatement(child)) found = leavesLoop(t, child, depth + 1, { ...scope, inner: new Set([...scope.inner, child.label.text]) });
    else {
      const nested = scope.nested || t.isIterationStatement(child, false) || t.isSwitchStatement(child);
      found = leavesLoop(t, child, depth + 1, nested === scope.nested ? scope : { ...scope, nested });
    }
  });
  return found;
}

/**
 * The counter of a `while (i < n) { ...; i++; }` or `do { ...; i++; } while (i < n)` loop, when its
 * values can be told from the syntax: `i` is a `let` declared with a value in the statement list the
 * loop is in, before it (so it starts from that value each time the loop is reached); the body's last
 * statement steps it (`counterStep`); nothing else assigns it; and no `continue` of this loop skips
 * the step. Undefined otherwise.
 */
export function loopCounter(
  t: typeof import('typescript'),
  loop: ts.WhileStatement | ts.DoStatement,
  declarationOf: (identifier: ts.Identifier) => ts.Node | undefined,
): { readonly declaration: ts.VariableDeclaration; readonly step: ts.Expression } | undefined {
  if (!t.isBlock(loop.statement)) return undefined;
  const last = loop.statement.statements.at(-1);
  if (!last || !t.isExpressionStatement(last)) return undefined;
  const step = last.expression;
  const target = t.isPostfixUnaryExpression(step) || t.isPrefixUnaryExpression(step) ? step.operand : t.isBinaryExpression(step) ? step.left : undefined;
  if (!target || !t.isIdentifier(target)) return undefined;
  const declaration = declarationOf(target);
  if (!declaration || !t.isVariableDeclaration(declaration) || !t.isIdentifier(declaration.name) || !declaration.initializer) return undefined;
  const list = declaration.parent;
  if (!t.isVariableDeclarationList(list) || (list.flags & t.NodeFlags.Let) === 0 || !t.isVariableStatement(list.parent)) return undefined;
  const statements = list.parent.parent;
  if (!(t.isBlock(statements) || t.isSourceFile(statements)) || loop.parent !== statements) return undefined;
  if (statements.statements.indexOf(list.parent) >= statements.statements.indexOf(loop)) return undefined;
  const isCounter = (identifier: ts.Identifier) => declarationOf(identifier) === declaration;
  return assignsVariable(t, statements, isCounter, step) || hasContinue(t, loop.statement, 0) ? undefined : { declaration, step };
}

/**
 * Whether `node` holds an assignment of a variable `is` accepts, other than `except`: `x = …`,
 * `x += …`, `x++`, `--x`, a destructuring assignment (`[x] = …`, `({ x } = …)`, `({ k: x } = …)`), or
 * `for (x of …)` / `for (x in …)`. Past the depth limit, one is assumed.
 */
export function assignsVariable(t: typeof import('typescript'), node: ts.Node, is: (identifier: ts.Identifier) => boolean, except?: ts.Node): boolean {
  const visit = (current: ts.Node, depth: number): boolean =>
    depth > 500 ||
    (current !== except && assignedTargets(t, current).some((target) => targetAssigns(t, target, is, 0))) ||
    t.forEachChild(current, (child) => visit(child, depth + 1) || undefined) === true;
  return visit(node, 0);
}

/** The expressions `node` assigns to, as written (an identifier, a pattern, a property access). */
function assignedTargets(t: typeof import('typescript'), node: ts.Node): readonly ts.Expression[] {
  if (isAssignment(t, node)) return [node.left];
  if (t.isPrefixUnaryExpression(node) || t.isPostfixUnaryExpression(node)) {
    const increments = isIncrement(t, node.operator);
    return increments ? [node.operand] : [];
  }
  if ((t.isForOfStatement(node) || t.isForInStatement(node)) && !t.isVariableDeclarationList(node.initializer)) return [node.initializer];
  return [];
}

/** Whether assigning to `target` assigns a variable `is` accepts (through any destructuring pattern). */
function targetAssigns(t: typeof import('typescript'), target: ts.Expression, is: (identifier: ts.Identifier) => boolean, depth: number): boolean {
  if (depth > 100) return true;
  const inner = (expression: ts.Expression) => targetAssigns(t, expression, is, depth + 1);
  if (t.isParenthesizedExpression(target) || t.isSpreadElement(target)) return inner(target.expression);
  if (t.isIdentifier(target)) return is(target);
  // `[x = 1] = …`: the default's target.
  if (t.isBinaryExpression(target) && target.operatorToken.kind === t.SyntaxKind.EqualsToken) return inner(target.left);
  if (t.isArrayLiteralExpression(target)) return target.elements.some(inner);
  if (t.isObjectLiteralExpression(target))
    return target.properties.some(
      (property) =>
        (t.isShorthandPropertyAssignment(property) && is(property.name)) ||
        (t.isPropertyAssignment(property) && inner(property.initializer)) ||
        (t.isSpreadAssignment(property) && inner(property.expression)),
    );
  return false;
}

/** Whether a loop body holds a `continue` of this loop (an unlabelled one outside inner loops, or any labelled one). */
function hasContinue(t: typeof import('typescript'), node: ts.Node, depth: number): boolean {
  let found = false;
  t.forEachChild(node, (child) => {
    if (found || depth > 200) return;
    if (t.isContinueStatement(child)) found = true;
    else if (t.isFunctionLike(child)) return;
    else if (t.isIterationStatement(child, false)) found = hasLabelledContinue(t, child, depth + 1);
    else found = hasContinue(t, child, depth + 1);
  });
  return found;
}

function hasLabelledContinue(t: typeof import('typescript'), node: ts.Node, depth: number): boolean {
  let found = false;
  t.forEachChild(node, (child) => {
    if (found || depth > 200) return;
    if (t.isContinueStatement(child) && child.label !== undefined) found = true;
    else if (!t.isFunctionLike(child)) found = hasLabelledContinue(t, child, depth + 1);
  });
  return found;
}
