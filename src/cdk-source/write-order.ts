import type * as ts from 'typescript';
import type { CallSites } from './call-sites.js';
import type { ClassHierarchy } from './class-hierarchy.js';
import { isPrivate, isStatic } from './member-syntax.js';
import { parentOf } from './parent-of.js';
import { snippet } from './source-location.js';
import type { Context } from './static-value.js';
import { unwrapExpression } from './unwrap-expression.js';

/** Methods between the constructor and the one write (`constructor → this.init() → this.createUser()`) followed, at most. */
const MAX_CHAIN = 4;

/**
 * Whether a class property declared without an initializer has certainly been given its one value
 * (`this.user = new iam.User(...)`) when the code reads it (README, "CDK TypeScript source"). Until that
 * statement runs the property is `undefined`, so its value holds only where the write certainly ran
 * before the read:
 * - the write is a plain statement of the constructor, or of a method whose one use in the project is a
 *   call credlint follows that is itself such a statement (of the constructor, or of another such method);
 * - the read comes after it: outside the class (the instance exists, its constructor has returned), in a
 *   method run after the constructor, or in the constructor (or in a method it calls) after that statement.
 *
 * A write under a condition, in a loop or callback, in a method nothing calls, and a read before the
 * write (also in a property initializer, which runs before the constructor's body) leave it unknown.
 */
export class WriteOrder {
  private readonly chains = new WeakMap<ts.Node, readonly ts.Statement[] | null>();

  constructor(
    private readonly ts: typeof import('typescript'),
    private readonly calls: CallSites,
    private readonly classes: ClassHierarchy,
  ) {}

  /**
   * Why the write storing `value` (`this.name = value`) in `cls` may not have run when `read` is
   * evaluated in `context` (`read` undefined: a read through an instance, outside the class); undefined
   * when it certainly has. Writes in setters and other members are not asked (their own rules apply).
   */
  notWrittenYet(cls: ts.ClassLikeDeclaration, value: ts.Expression, read: ts.Node | undefined, context: Context, text: string): string | undefined {
    const t = this.ts;
    const statement = writeStatement(value);
    const write = statement ? snippet(statement, statement.getSourceFile()) : text;
    if (statement && read && this.followsInOneBody(cls, statement, read)) return undefined;
    const chain = this.chainOf(cls, value);
    if (!chain) return `${text} is assigned only where it may not run (${write})`;
    // Where the read happens in the constructor's run: the call sites of the frames it is evaluated in
    // that lie in the class (from the one in the constructor inward), then the read itself.
    const points: ts.Node[] = [];
    for (const frame of context.frames) if (frame.call && memberOf(t, frame.loop, cls)) points.push(frame.loop);
    if (read && memberOf(t, read, cls)) points.push(read);
    const start = points.findIndex((p) => memberOf(t, p, cls)?.kind === t.SyntaxKind.Constructor);
    if (start < 0) {
      // An instance property's initializer runs before the constructor's body.
      const first = points[0] && memberOf(t, points[0], cls);
      return first && t.isPropertyDeclaration(first) && !isStatic(t, first) ? `${text} is read before its one assignment (${write}) runs` : undefined;
    }
    for (let i = 0; ; i += 1) {
      const anchor = chain[i];
      const point = points[start + i];
      if (!anchor || !point || memberOf(t, point, cls) !== memberOf(t, anchor, cls)) return `${text} may be read before its one assignment (${write}) runs`;
      if (point.pos >= anchor.end) return undefined;
      if (point.end <= anchor.pos) return `${text} is read before its one assignment (${write}) runs`;
    }
  }

  /**
   * Whether the read comes after the write in the same run of one instance method or constructor of
   * `cls`: the write a plain statement of its body, the read later in that body, reached through no
   * function but arrow functions (created there, so run after the write). Whenever the read runs, the
   * write has run just before it, however many times the method itself is called.
   */
  private followsInOneBody(cls: ts.ClassLikeDeclaration, statement: ts.Node, read: ts.Node): boolean {
    const t = this.ts;
    const block = parentOf(statement);
    const member = block && t.isBlock(block) ? parentOf(block) : undefined;
    if (!t.isExpressionStatement(statement) || !member || parentOf(member) !== cls || read.pos < statement.end) return false;
    if (!(t.isConstructorDeclaration(member) || (t.isMethodDeclaration(member) && !isStatic(t, member)))) return false;
    for (let node = parentOf(read); node; node = parentOf(node)) {
      if (node === block) return true;
      if (t.isClassLike(node) || (t.isFunctionLike(node) && !t.isArrowFunction(node))) return false;
    }
    return false;
  }

  /**
   * The statements that lead from the constructor's body to the write, one per function: the
   * constructor's statement first, the write's own statement last. Null when the write is not a plain
   * statement of a member run exactly once that way.
   */
  private chainOf(cls: ts.ClassLikeDeclaration, value: ts.Expression): readonly ts.Statement[] | null {
    const cached = this.chains.get(value);
    if (cached !== undefined) return cached;
    const statement = writeStatement(value);
    const found = statement && this.ts.isExpressionStatement(statement) ? this.chainTo(cls, statement, 0) : null;
    this.chains.set(value, found);
    return found;
  }

  private chainTo(cls: ts.ClassLikeDeclaration, statement: ts.Statement, depth: number): ts.Statement[] | null {
    const t = this.ts;
    const block = parentOf(statement);
    const member = block && t.isBlock(block) ? parentOf(block) : undefined;
    if (!member || parentOf(member) !== cls || returnsBefore(t, block as ts.Block, statement)) return null;
    if (t.isConstructorDeclaration(member)) return [statement];
    if (depth >= MAX_CHAIN || !t.isMethodDeclaration(member) || isStatic(t, member)) return null;
    if (!(t.isIdentifier(member.name) || t.isPrivateIdentifier(member.name))) return null;
    // The method's one use in the project: a call that certainly runs it (`this.createUser(...)`).
    const uses = this.calls.uses.accessesNamed(member.name.text)?.filter((use) => this.mayReach(use, member, cls));
    const use = uses?.length === 1 ? uses[0] : undefined;
    const call = use && parentOf(use);
    if (!call || !t.isCallExpression(call) || call.expression !== use || this.calls.calleeOf(call) !== member) return null;
    const outer = callStatement(t, call);
    const chain = outer ? this.chainTo(cls, outer, depth + 1) : null;
    return chain ? [...chain, statement] : null;
  }

  /**
   * Whether a use of a method's name may reach the method: a private one only from its own class (as
   * TypeScript checks), another also from anywhere, except through the `this` of a class outside its
   * hierarchy (the name of another class's method).
   */
  private mayReach(use: ts.Node, method: ts.MethodDeclaration, cls: ts.ClassLikeDeclaration): boolean {
    if (isPrivate(this.ts, method)) return memberOf(this.ts, use, cls) !== undefined;
    const receiver = (use as ts.PropertyAccessExpression | ts.ElementAccessExpression).expression;
    if (unwrapExpression(this.ts, receiver).kind !== this.ts.SyntaxKind.ThisKeyword) return true;
    const owner = this.calls.thisCalls.thisClassOf(use);
    return !owner || owner === cls || this.classes.mayExtend(owner, cls) || this.classes.mayExtend(cls, owner);
  }
}

/** Whether a statement of `block` before `statement` may return from the function (`if (!props.named) return;`), so that it may not run. */
function returnsBefore(t: typeof import('typescript'), block: ts.Block, statement: ts.Statement): boolean {
  const returns = (node: ts.Node): boolean =>
    t.isReturnStatement(node) || (!t.isFunctionLike(node) && !t.isClassLike(node) && t.forEachChild(node, (child) => returns(child) || undefined) === true);
  return block.statements.some((s) => s.end <= statement.pos && returns(s));
}

/** The statement a call is the whole of: `this.init();` or `const x = this.init();`. */
function callStatement(t: typeof import('typescript'), call: ts.CallExpression): ts.Statement | undefined {
  const parent = parentOf(call);
  if (parent && t.isExpressionStatement(parent)) return parent;
  const list = parent && t.isVariableDeclaration(parent) && parent.initializer === call ? parentOf(parent) : undefined;
  const statement = list && t.isVariableDeclarationList(list) && list.declarations.length === 1 ? parentOf(list) : undefined;
  return statement && t.isVariableStatement(statement) ? statement : undefined;
}

/** The member of `cls` whose code holds `node` (not through a nested class), if any. */
function memberOf(t: typeof import('typescript'), node: ts.Node, cls: ts.ClassLikeDeclaration): ts.ClassElement | undefined {
  let current = node;
  for (let parent = parentOf(current); parent; parent = parentOf(current)) {
    if (parent === cls) return current as ts.ClassElement;
    if (t.isClassLike(parent)) return undefined;
    current = parent;
  }
  return undefined;
}

/** Calls followed outward from a read to the scope of the variable it reads, at most. */
const MAX_CALLS_OUT = 20;

/**
 * Why a `let` (or `var`) declared without an initializer may not yet hold its one assignment
 * (`let name; … name = 'ci';`) when `read` is evaluated in `context`; undefined when it certainly does.
 * Until the assignment runs the variable is `undefined`, so its value holds only where the assignment
 * is a plain statement of the block that declares the variable, after the declaration, and the read
 * runs after it: later in that block, in a function or class body called from there later (the call
 * frames say where), or in another module importing it (a module's body has run by then). A read in a
 * function declaration (hoisted: callable before the assignment) that no followed call reaches is unknown.
 */
export function notAssignedYet(
  t: typeof import('typescript'),
  variable: ts.VariableDeclaration,
  value: ts.Expression,
  read: ts.Node | undefined,
  context: Context,
  name: string,
): string | undefined {
  const statement = writeStatement(value);
  const write = statement ? snippet(statement, statement.getSourceFile()) : name;
  const declared = parentOf(variable.parent);
  const block = declared && parentOf(declared);
  if (!statement || !t.isExpressionStatement(statement) || !declared || !block || parentOf(statement) !== block || statement.pos < declared.end)
    return `${name} is assigned only where it may not run (${write})`;
  // Read from another module (an import): the declaring module's body has run.
  if (!read) return t.isSourceFile(block) ? undefined : `${name} may be read before its one assignment (${write}) runs`;
  if (read.getSourceFile() !== block.getSourceFile())
    return t.isSourceFile(block) ? undefined : `${name} may be read before its one assignment (${write}) runs`;
  let point: ts.Node = read;
  for (let calls = 0; calls <= MAX_CALLS_OUT; calls += 1) {
    const step = stepOut(t, point, block, context);
    if (step === undefined) return `${name} is read where credlint cannot tell whether its one assignment (${write}) has run`;
    if ('statement' in step) {
      if (step.statement.pos >= statement.end) return undefined;
      return step.statement === statement
        ? `${name} may be read before its one assignment (${write}) runs`
        : `${name} is read before its one assignment (${write}) runs`;
    }
    point = step.site;
  }
  return `${name} is read where credlint cannot tell whether its one assignment (${write}) has run`;
}

/**
 * From a node inside `block`, the statement of `block` that runs it: found by walking up, where a
 * function or class body on the way runs when it is called (the call site of a frame of `context`
 * calling it), an arrow function or function expression without one where it is created (it cannot
 * run earlier), and a function declaration or class member without one at a time not known (undefined).
 */
function stepOut(t: typeof import('typescript'), node: ts.Node, block: ts.Node, context: Context): { statement: ts.Node } | { site: ts.Node } | undefined {
  let current = node;
  for (let parent = parentOf(current); parent; parent = parentOf(current)) {
    if (parent === block) return { statement: current };
    if (t.isFunctionLike(parent) || t.isClassLike(parent)) {
      const callee = t.isConstructorDeclaration(parent) ? parentOf(parent) : parent;
      const frame = context.frames.findLast((f) => f.call?.callee === callee);
      if (frame) return { site: frame.loop };
      if (!(t.isArrowFunction(parent) || t.isFunctionExpression(parent) || t.isClassLike(parent))) return undefined;
    }
    current = parent;
  }
  return undefined;
}

/** The node holding the assignment that stores `value` (`name = value`): its statement, when it is one. */
function writeStatement(value: ts.Expression): ts.Node | undefined {
  const assignment = parentOf(value);
  return assignment && parentOf(assignment);
}
