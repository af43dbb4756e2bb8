import type * as ts from 'typescript';
import { memberNameOf, isNamedMemberAccess } from './member-syntax.js';
import { encloses, parentOf } from './parent-of.js';
import type { Context, Frame } from './static-value.js';

/**
 * Whether every way through `statement` ends in a `throw`: a `throw`, a block reaching one with no
 * `return`, `break` or `continue` before it, or an `if` both of whose branches do. A `try` is none of
 * them (its `catch` may swallow the exception).
 */
export function alwaysThrows(t: typeof import('typescript'), statement: ts.Statement): boolean {
  if (t.isThrowStatement(statement)) return true;
  if (t.isIfStatement(statement))
    return statement.elseStatement !== undefined && alwaysThrows(t, statement.thenStatement) && alwaysThrows(t, statement.elseStatement);
  if (!t.isBlock(statement)) return false;
  for (const inner of statement.statements) {
    if (alwaysThrows(t, inner)) return true;
    if (mayLeave(t, inner)) return false;
  }
  return false;
}

/** Whether a statement holds a `return`, `break`, `continue` or `try` of its own (not one of a function inside it). */
function mayLeave(t: typeof import('typescript'), node: ts.Node): boolean {
  if (t.isReturnStatement(node) || t.isBreakStatement(node) || t.isContinueStatement(node) || t.isTryStatement(node)) return true;
  if (t.isFunctionLike(node) || t.isClassLike(node)) return false;
  return t.forEachChild(node, (child) => (mayLeave(t, child) ? true : undefined)) ?? false;
}

/** Array methods that call an inline callback before they return (the walk expands them per element). */
const SYNCHRONOUS_CALLBACKS = new Set(['forEach', 'map', 'flatMap', 'filter', 'find', 'findLast', 'some', 'every', 'from']);

/**
 * Whether an exception thrown at `node`, walked in `context`, ends the app: nothing between it and the
 * top of a module catches it — no `try` around it, in its own function or in any call that led there,
 * every function on the way synchronous (an `async` function turns the exception into a rejected
 * promise, which the caller may handle) and entered through a call the walk followed (a function walked
 * on its own may be called from inside a `try`). A module's top-level code runs when the app imports
 * it, and an uncaught exception there or in what it calls stops the Node.js process `cdk synth` runs,
 * with an error: no template is written, nothing is deployed (https://nodejs.org/api/process.html#event-uncaughtexception).
 */
export function abortsTheApp(t: typeof import('typescript'), node: ts.Node, context: Context): boolean {
  let frames: readonly Frame[] = context.frames;
  let at: ts.Node = node;
  for (let parent = parentOf(at); ; parent = parentOf(at)) {
    if (parent === undefined) return false;
    if (t.isSourceFile(parent)) return frames.every((frame) => frame.call === undefined);
    if (t.isTryStatement(parent)) return false;
    if (!t.isFunctionLike(parent) && !t.isClassLike(parent)) {
      at = parent;
      continue;
    }
    const boundary = parent;
    if (isAsyncOrGenerator(t, boundary)) return false;
    // The iterations of loops inside the function are frames of their own, after the call's.
    let last = frames.length;
    for (let frame = frames[last - 1]; frame && frame.call === undefined && encloses(boundary, frame.loop); frame = frames[last - 1]) last--;
    const entry = frames[last - 1];
    if (!entry || !enters(t, entry, boundary)) return false;
    frames = frames.slice(0, last - 1);
    at = entry.loop;
  }
}

function isAsyncOrGenerator(t: typeof import('typescript'), node: ts.Node): boolean {
  if ((t.isFunctionDeclaration(node) || t.isFunctionExpression(node) || t.isMethodDeclaration(node)) && node.asteriskToken) return true;
  return t.canHaveModifiers(node) && (t.getModifiers(node) ?? []).some((modifier) => modifier.kind === t.SyntaxKind.AsyncKeyword);
}

/** Whether `frame` is the call that ran `boundary`: its callee (a class for its constructor), or an array method calling it inline. */
function enters(t: typeof import('typescript'), frame: Frame, boundary: ts.Node): boolean {
  if (frame.call) {
    const { callee } = frame.call;
    return callee === boundary || (t.isConstructorDeclaration(boundary) && callee === parentOf(boundary));
  }
  const site = frame.loop;
  return (
    t.isCallExpression(site) &&
    site.arguments.includes(boundary as ts.Expression) &&
    isNamedMemberAccess(t, site.expression) &&
    SYNCHRONOUS_CALLBACKS.has(memberNameOf(t, site.expression))
  );
}
