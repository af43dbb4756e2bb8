import type * as ts from 'typescript';
import { parentOf } from './parent-of.js';
import { snippet } from './source-location.js';

/**
 * Why what an async function creates after its first `await` may be missing from the cloud assembly, for
 * a call the caller does not wait for (`main();`, `void main();`, `main().catch(...)`) after which the
 * caller's own statements call `app.synth()`: the call returns at that `await`, the caller goes on and
 * synthesizes, and the rest of the body runs afterwards, in a later job
 * (https://tc39.es/ecma262/#await), adding to an App whose assembly is already written (aws-cdk-lib
 * 2.276 writes one key where the body adds a second after `await load()`). Undefined otherwise: without
 * an `app.synth()` there, the App synthesizes when the process is about to exit, after the body is done.
 */
export function synthBeforeResume(t: typeof import('typescript'), site: ts.Node, callee: ts.Node): string | undefined {
  if (!t.isCallExpression(site) || !isAsync(t, callee)) return undefined;
  const statement = detachedStatement(t, site);
  const list = statement && parentOf(statement);
  if (!statement || !list || !(t.isBlock(list) || t.isSourceFile(list) || t.isModuleBlock(list))) return undefined;
  const later = list.statements.slice(list.statements.indexOf(statement) + 1);
  const synth = later.map((s) => synthCall(t, s)).find((call) => call !== undefined);
  if (!synth) return undefined;
  const sourceFile = synth.getSourceFile();
  const line = sourceFile.getLineAndCharacterOfPosition(synth.getStart(sourceFile)).line + 1;
  return `created after an await in ${snippet(site, site.getSourceFile(), 40)}, which the app does not wait for before ${snippet(synth, sourceFile, 40)} at line ${line}`;
}

/** Whether a statement waits (`await`, `for await`) outside the functions it declares: the call has returned by its end. */
export function holdsAwait(t: typeof import('typescript'), statement: ts.Statement): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || t.isFunctionLike(node) || t.isClassLike(node)) return;
    if (t.isAwaitExpression(node) || (t.isForOfStatement(node) && node.awaitModifier !== undefined)) found = true;
    else t.forEachChild(node, visit);
  };
  visit(statement);
  return found;
}

function isAsync(t: typeof import('typescript'), callee: ts.Node): boolean {
  return (
    (t.isFunctionDeclaration(callee) || t.isFunctionExpression(callee) || t.isArrowFunction(callee) || t.isMethodDeclaration(callee)) &&
    t.getModifiers(callee)?.some((m) => m.kind === t.SyntaxKind.AsyncKeyword) === true
  );
}

/** The expression statement a call's promise is dropped in: `f();`, `void f();`, `f().catch(...);`. */
function detachedStatement(t: typeof import('typescript'), site: ts.CallExpression): ts.ExpressionStatement | undefined {
  let node: ts.Node = site;
  for (;;) {
    const parent = parentOf(node);
    if (!parent) return undefined;
    if (t.isExpressionStatement(parent)) return parent;
    if (t.isVoidExpression(parent) || t.isParenthesizedExpression(parent)) node = parent;
    else if (
      t.isPropertyAccessExpression(parent) &&
      parent.expression === node &&
      ['then', 'catch', 'finally'].includes(parent.name.text) &&
      parentOf(parent) !== undefined &&
      t.isCallExpression(parentOf(parent) as ts.Node)
    )
      node = parentOf(parent) as ts.Node;
    else return undefined;
  }
}

/** `app.synth()` written as a statement of its own. */
function synthCall(t: typeof import('typescript'), statement: ts.Statement): ts.CallExpression | undefined {
  if (!t.isExpressionStatement(statement)) return undefined;
  const call = statement.expression;
  return t.isCallExpression(call) && t.isPropertyAccessExpression(call.expression) && call.expression.name.text === 'synth' ? call : undefined;
}
