import type * as ts from 'typescript';
import { parentOf } from './parent-of.js';
import type { Frame } from './static-value.js';
import { unwrapExpression } from './unwrap-expression.js';

/** Calls that run a callback in a later job, never before they return. */
const LATER_PROMISE_HANDLERS: ReadonlySet<string> = new Set(['then', 'catch', 'finally']);
const TIMER_FUNCTIONS: ReadonlySet<string> = new Set(['setTimeout', 'setImmediate', 'setInterval', 'queueMicrotask']);

/**
 * Where the code at `node`, run through `frames`, starts running in a later job than the app's
 * synchronous code: the callback of a promise's `.then`, `.catch` or `.finally`, of `setTimeout`,
 * `setImmediate`, `setInterval`, `queueMicrotask` or `process.nextTick` (they call it after the current
 * job: https://tc39.es/ecma262/#sec-promise.prototype.then, https://nodejs.org/api/timers.html), an
 * `async` function after an `await` before `node`, or a module after a top-level `await`
 * (https://tc39.es/ecma262/#await: what follows runs when the awaited promise settles). Undefined when it
 * runs in the first job, with the app's synchronous code: all of that has run before any deferred code.
 * Calls are followed out through the frames (a function called from a `.then` callback runs late too).
 */
export function deferredBoundary(t: typeof import('typescript'), node: ts.Node, frames: readonly Frame[]): ts.Node | undefined {
  let at = node;
  let outer = frames;
  for (let parent = parentOf(at); parent !== undefined; parent = parentOf(at)) {
    if (t.isSourceFile(parent)) return awaitsBefore(t, parent, at) ? parent : undefined;
    if (!t.isFunctionLike(parent)) {
      at = parent;
      continue;
    }
    if (isDeferredCallback(t, parent) || (isAsync(t, parent) && awaitsBefore(t, parent, at))) return parent;
    // Out of the function: to the call that ran it (a followed call, or an inline array callback), else where it is written.
    const index = outer.findLastIndex((frame) => (frame.call ? runs(t, frame.call.callee, parent) : passes(t, frame.loop, parent)));
    const frame = outer[index];
    if (frame) {
      at = frame.loop;
      outer = outer.slice(0, index);
    } else at = parent;
  }
  return undefined;
}

function runs(t: typeof import('typescript'), callee: ts.Node, body: ts.Node): boolean {
  return callee === body || (t.isConstructorDeclaration(body) && callee === parentOf(body));
}

function passes(t: typeof import('typescript'), site: ts.Node, callback: ts.Node): boolean {
  return t.isCallExpression(site) && site.arguments.some((argument) => argument === callback);
}

/** A function passed to a call that runs it in a later job (`LATER_PROMISE_HANDLERS`, `TIMER_FUNCTIONS`, `process.nextTick`). */
function isDeferredCallback(t: typeof import('typescript'), fn: ts.Node): boolean {
  const call = parentOf(fn);
  if (!call || !t.isCallExpression(call) || !call.arguments.some((argument) => argument === fn)) return false;
  const callee = unwrapExpression(t, call.expression);
  if (t.isIdentifier(callee)) return TIMER_FUNCTIONS.has(callee.text);
  if (!t.isPropertyAccessExpression(callee)) return false;
  const name = callee.name.text;
  if (LATER_PROMISE_HANDLERS.has(name)) return callee.expression.kind !== t.SyntaxKind.ThisKeyword;
  const owner = unwrapExpression(t, callee.expression);
  return t.isIdentifier(owner) && ((owner.text === 'process' && name === 'nextTick') || (owner.text === 'globalThis' && TIMER_FUNCTIONS.has(name)));
}

function isAsync(t: typeof import('typescript'), fn: ts.Node): boolean {
  return t.canHaveModifiers(fn) && (t.getModifiers(fn) ?? []).some((modifier) => modifier.kind === t.SyntaxKind.AsyncKeyword);
}

/** Whether `scope` (a function or a module) waits (`await`, `for await`) outside its nested functions before `at` begins. */
function awaitsBefore(t: typeof import('typescript'), scope: ts.Node, at: ts.Node): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || node.pos >= at.pos || (node !== scope && (t.isFunctionLike(node) || t.isClassLike(node)))) return;
    if ((t.isAwaitExpression(node) || (t.isForOfStatement(node) && node.awaitModifier !== undefined)) && node.end <= at.pos) found = true;
    else t.forEachChild(node, visit);
  };
  visit(scope);
  return found;
}
