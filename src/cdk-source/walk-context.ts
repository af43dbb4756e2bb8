import type * as ts from 'typescript';
import { isCutOff, type Context, type StaticValue } from './static-value.js';

/** What the loop and branch walks (`walk-loops.ts`, `walk-branches.ts`) need of the construct walk: to walk a node, or its children, in a context. */
export interface WalkVisitor {
  visit(node: ts.Node, context: Context, depth: number): void;
  visitChildren(node: ts.Node, context: Context, depth: number): void;
}

/** `context` noting that `value`, when cut off at a size limit, decides whether its code runs (`Context.cutOff`). */
export function decidedBy(context: Context, node: ts.Node, value: StaticValue): Context {
  return isCutOff(value) && !context.cutOff ? { ...context, cutOff: { node, reason: value.reason } } : context;
}

/** `context` with its code's existence unknown for `reason` (the first reason stands). */
export function withExistence(context: Context, reason: string): Context {
  return context.existence === undefined ? { ...context, existence: reason } : context;
}

/** Code that may run any number of times (`Context.repeated`), existence unknown for `reason`. */
export function withRepetition(context: Context, reason: string): Context {
  return { ...withExistence(context, reason), repeated: { reason } };
}
