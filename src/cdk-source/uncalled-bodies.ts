import type * as ts from 'typescript';
import { isStatic } from './member-syntax.js';
import { parentOf } from './parent-of.js';
import { createsApp } from './cdk-apps.js';

/** What the call-site search knows of the project's uses of a name (`CallSites`, after `collect`). */
export interface NameUses {
  isCalled(node: ts.Node): boolean;
  /** Identifiers and strings spelling `name` in the project's files. */
  nameCount(name: string): number;
  /** `x.name` and `x['name']`; undefined where the search could not list them all. */
  readonly uses: { accessesNamed(name: string): readonly ts.Node[] | undefined };
  /** The files analysed together (one app's). */
  readonly files: readonly ts.SourceFile[];
}

const appFiles = new WeakMap<ts.SourceFile, boolean>();

/**
 * Why a body that the app's code never calls may not run at all, or undefined where it may well run once
 * (so it keeps being walked as if called once, with its parameters unknown). Such a body runs only if code
 * credlint does not see calls it (the framework calling an Aspect's `visit`); walked as if called once, what
 * it creates would be counted beside what the app's own calls create: `static create(scope) { return new
 * UsersStack(scope, 'U'); }` beside `new UsersStack(app, 'U2')` is one stack at synth, not two. Covered:
 * - a method, static or not, of a class the app instantiates, whose name no `x.name` or `x['name']` uses;
 * - an arrow function or function expression held by a static property of such a class (`static readonly
 *   create = (scope) => ...`), the same;
 * - an exported top-level function whose name the files spell nowhere else (no import of it, no call, no string).
 * The last two only where the files make an App: a construct library's factories, with no app to call them,
 * keep being walked as run once (so is a class the app never instantiates).
 * A name used through `bind`, `this[name]()`, a quoted key or `Object.assign` is used: the body may run.
 */
export function uncalledBodyReason(t: typeof import('typescript'), calls: NameUses, node: ts.Node): string | undefined {
  const member = t.isMethodDeclaration(node) ? node : staticPropertyOf(t, node);
  if (member) {
    const owner = member.parent;
    if (!t.isIdentifier(member.name) || !t.isClassLike(owner) || !calls.isCalled(owner)) return undefined;
    const name = member.name.text;
    if (calls.uses.accessesNamed(name)?.length !== 0) return undefined;
    // A static member is also reached through destructuring (`const { create } = UsersStack`): no other spelling at all.
    if (isStatic(t, member) && (calls.nameCount(name) !== declarationsNamed(t, owner, name) || !makesApp(t, calls))) return undefined;
    return `nothing in the project calls or names ${name}, so it runs only if code credlint does not see calls it`;
  }
  const declaration = exportedFunctionOf(t, node);
  if (!declaration?.name || !t.isIdentifier(declaration.name)) return undefined;
  const name = declaration.name.text;
  if (calls.nameCount(name) !== 1 || !makesApp(t, calls)) return undefined;
  return `nothing in the project calls or imports ${name}, so it runs only if code credlint does not see calls it`;
}

/** `static readonly create = (scope) => ...`: the static property holding the function. */
function staticPropertyOf(t: typeof import('typescript'), node: ts.Node): ts.PropertyDeclaration | undefined {
  if (!t.isArrowFunction(node) && !t.isFunctionExpression(node)) return undefined;
  const parent = parentOf(node);
  return parent && t.isPropertyDeclaration(parent) && parent.initializer === node && isStatic(t, parent) ? parent : undefined;
}

function declarationsNamed(t: typeof import('typescript'), owner: ts.ClassLikeDeclaration, name: string): number {
  return owner.members.filter((m) => m.name !== undefined && t.isIdentifier(m.name) && m.name.text === name).length;
}

/** `export function f() {}` or `export const f = () => ...` at the top level of a module. */
function exportedFunctionOf(t: typeof import('typescript'), node: ts.Node): ts.FunctionDeclaration | ts.VariableDeclaration | undefined {
  let declaration: ts.FunctionDeclaration | ts.VariableDeclaration | undefined;
  let statement: ts.Statement | undefined;
  if (t.isFunctionDeclaration(node)) statement = declaration = node;
  else if (t.isArrowFunction(node) || t.isFunctionExpression(node)) {
    const parent = parentOf(node);
    if (parent && t.isVariableDeclaration(parent) && parent.initializer === node && t.isVariableStatement(parent.parent.parent)) {
      declaration = parent;
      statement = parent.parent.parent;
    }
  }
  if (!statement || statement.parent !== statement.getSourceFile()) return undefined;
  const exported = t.canHaveModifiers(statement) && t.getModifiers(statement)?.some((m) => m.kind === t.SyntaxKind.ExportKeyword) === true;
  return exported ? declaration : undefined;
}

/** Whether the files analysed together make a CDK App: they are an app's code, not only a library's. */
function makesApp(t: typeof import('typescript'), calls: NameUses): boolean {
  return calls.files.some((file) => {
    let makes = appFiles.get(file);
    if (makes === undefined) {
      makes = createsApp(t, file);
      appFiles.set(file, makes);
    }
    return makes;
  });
}
