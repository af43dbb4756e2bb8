import type * as ts from 'typescript';
import path from 'node:path';
import type { ExpressionEvaluator } from './evaluate-expression.js';
import { snippet, startOf } from './source-location.js';
import { strictlyEqual, truthiness, type Context, type StaticValue } from './static-value.js';
import { alwaysExits, isShortCircuit, switchOutcome } from './control-flow-syntax.js';
import { narrowTruthy } from './narrow-truthy.js';
import { abortsTheApp, alwaysThrows } from './app-aborting-throw.js';
import { decidedBy, withExistence, type WalkVisitor } from './walk-context.js';

/**
 * Branches in the construct walk (`walk-constructs.ts`): `if`, `?:`, `&&`, `||`, `??` and `switch`
 * take a branch whose condition is known and skip the others; under an undecidable condition what a
 * branch creates is of unknown existence. Statements run in order, an early exit (`return`, `throw`,
 * `break`, a `switch` that leaves) ending, or making unknown, the ones after it; a `catch` block runs
 * only maybe.
 */
export class BranchWalk {
  constructor(
    private readonly ts: typeof import('typescript'),
    private readonly evaluator: ExpressionEvaluator,
    private readonly walker: WalkVisitor,
  ) {}

  /** `pausedAfter`: why the statements after one (an `await`, `detached-async-calls.ts`) may not run before the app is synthesized. */
  visitStatementList(
    node: ts.SourceFile | ts.Block | ts.ModuleBlock | ts.CaseOrDefaultClause,
    context: Context,
    depth: number,
    pausedAfter?: (statement: ts.Statement) => string | undefined,
  ): void {
    if (this.ts.isCaseClause(node)) this.walker.visit(node.expression, context, depth);
    this.visitStatements(node.statements, context, depth, pausedAfter);
  }

  visitIf(node: ts.IfStatement, context: Context, depth: number): void {
    this.walker.visit(node.expression, context, depth);
    const condition = this.evaluator.evaluate(node.expression, context);
    const truth = truthiness(condition);
    if (truth !== false) this.walker.visit(node.thenStatement, truth === true ? context : this.unless(context, node.expression, condition, true), depth);
    if (truth !== true && node.elseStatement)
      this.walker.visit(node.elseStatement, truth === false ? context : this.unless(context, node.expression, condition, false), depth);
  }

  visitConditional(node: ts.ConditionalExpression, context: Context, depth: number): void {
    this.walker.visit(node.condition, context, depth);
    const condition = this.evaluator.evaluate(node.condition, context);
    const truth = truthiness(condition);
    if (truth !== false) this.walker.visit(node.whenTrue, truth === true ? context : this.unless(context, node.condition, condition, true), depth);
    if (truth !== true) this.walker.visit(node.whenFalse, truth === false ? context : this.unless(context, node.condition, condition, false), depth);
  }

  /** `a && b`, `a || b`, `a ?? b`: the right side is walked as it runs; other operators walk both sides. */
  visitBinary(node: ts.BinaryExpression, context: Context, depth: number): void {
    const t = this.ts;
    const operator = node.operatorToken.kind;
    if (!isShortCircuit(this.ts, operator)) {
      this.walker.visitChildren(node, context, depth);
      // `users[name] = new iam.User(...)`: what an object filled in place holds from here on.
      if (operator === t.SyntaxKind.EqualsToken) this.evaluator.filled.record(node, context, this.evaluator);
      return;
    }
    this.walker.visit(node.left, context, depth);
    const left = this.evaluator.evaluate(node.left, context);
    // Whether the right side runs: `a && b` when a is truthy, `a || b` when falsy, `a ?? b` when nullish.
    const runs =
      operator === t.SyntaxKind.QuestionQuestionToken
        ? left.kind === 'unknown'
          ? undefined
          : left.kind === 'undefined' || left.kind === 'null'
        : ((truth) => (truth === undefined ? undefined : truth === (operator === t.SyntaxKind.AmpersandAmpersandToken)))(truthiness(left));
    if (runs !== false)
      this.walker.visit(node.right, runs === true ? context : this.unless(context, node.left, left, operator === t.SyntaxKind.AmpersandAmpersandToken), depth);
  }

  visitSwitch(node: ts.SwitchStatement, context: Context, depth: number): void {
    const t = this.ts;
    this.walker.visit(node.expression, context, depth);
    const taken = this.switchEntry(node, context);
    if (taken === undefined) {
      const inCase = decidedBy(
        withExistence(context, `created in one case of switch (${snippet(node.expression, node.getSourceFile())}), which credlint does not decide`),
        node.expression,
        this.evaluator.evaluate(node.expression, context),
      );
      for (const clause of node.caseBlock.clauses) this.walker.visit(clause, inCase, depth);
      return;
    }
    const clauses = node.caseBlock.clauses;
    for (const clause of clauses.slice(0, taken.compared)) if (t.isCaseClause(clause)) this.walker.visit(clause.expression, context, depth);
    // Control falls through the clauses after the entry until a `break` (or another exit) ends them.
    if (taken.entry !== undefined)
      this.visitStatements(
        clauses.slice(taken.entry).flatMap((clause) => [...clause.statements]),
        context,
        depth,
      );
  }

  visitCatch(node: ts.CatchClause, context: Context, depth: number): void {
    this.walker.visit(node.block, withExistence(context, 'created only when an exception is caught'), depth);
  }

  /**
   * Where a `switch` on a known value starts: the first `case` strictly equal to it (cases are compared
   * in order, `===`), else `default`, else nowhere; `compared` is how many clauses were tested.
   * Undefined when the value, or a case tested before the match, cannot be compared statically.
   * (ECMAScript CaseBlockEvaluation: https://tc39.es/ecma262/#sec-runtime-semantics-caseblockevaluation)
   */
  private switchEntry(node: ts.SwitchStatement, context: Context): { entry: number | undefined; compared: number } | undefined {
    const t = this.ts;
    const value = this.evaluator.evaluate(node.expression, context);
    if (value.kind === 'unknown') return undefined;
    const clauses = node.caseBlock.clauses;
    for (const [index, clause] of clauses.entries()) {
      if (!t.isCaseClause(clause)) continue;
      const equal = strictlyEqual(value, this.evaluator.evaluate(clause.expression, context));
      if (equal === undefined) return undefined;
      if (equal) return { entry: index, compared: index + 1 };
    }
    const fallback = clauses.findIndex((clause) => t.isDefaultClause(clause));
    return { entry: fallback < 0 ? undefined : fallback, compared: clauses.length };
  }

  /** Statements in order; an early exit ends (or, when undecidable, makes unknown) the ones after it. */
  private visitStatements(
    statements: readonly ts.Statement[],
    context: Context,
    depth: number,
    pausedAfter: (statement: ts.Statement) => string | undefined = () => undefined,
  ): void {
    let current = context;
    for (const statement of statements) {
      this.walker.visit(statement, current, depth);
      const exit = this.exitAfter(statement, current);
      if (exit === true) return;
      if (typeof exit === 'string') current = withExistence(current, exit);
      const paused = current.existence === undefined ? pausedAfter(statement) : undefined;
      if (paused !== undefined) current = withExistence(current, paused);
    }
  }

  /** Whether control certainly (true) or possibly (the reason) leaves the statement list after `statement`. */
  private exitAfter(statement: ts.Statement, context: Context): boolean | string {
    const t = this.ts;
    if (alwaysExits(t, statement)) return true;
    if (t.isSwitchStatement(statement)) return this.switchExit(statement, context);
    if (!t.isIfStatement(statement)) return false;
    const thenExits = alwaysExits(t, statement.thenStatement);
    const elseExits = statement.elseStatement !== undefined && alwaysExits(t, statement.elseStatement);
    if (!thenExits && !elseExits) return false;
    const truth = truthiness(this.evaluator.evaluate(statement.expression, context));
    if (truth !== undefined) return truth ? thenExits : elseExits;
    // `if (!config) throw new Error(...)` with nothing to catch it: taken, the app fails and deploys
    // nothing, so in every synthesis that succeeds the code after it runs.
    const exiting = thenExits ? statement.thenStatement : statement.elseStatement;
    if (exiting && alwaysThrows(t, exiting) && abortsTheApp(t, statement, context)) return false;
    // Named by its file too: the exit is often in the app's entry file, the construct in a stack's.
    const sourceFile = statement.getSourceFile();
    const line = sourceFile.getLineAndCharacterOfPosition(startOf(statement, sourceFile)).line + 1;
    const when = `${thenExits ? '' : 'not '}${snippet(statement.expression, sourceFile)}`;
    return `created only if the early exit at line ${line} of ${path.basename(sourceFile.fileName)} (when ${when}) is not taken, which is not known statically`;
  }

  /**
   * Whether control certainly (true) or possibly (the reason) leaves the statement list at a `switch`:
   * through the clause a known value enters (none when no `case` matches and there is no `default`),
   * or, for a value not known statically, through every clause it may enter.
   */
  private switchExit(statement: ts.SwitchStatement, context: Context): boolean | string {
    const t = this.ts;
    const clauses = statement.caseBlock.clauses;
    const taken = this.switchEntry(statement, context);
    const entries = taken ? (taken.entry === undefined ? [] : [taken.entry]) : [...clauses.keys()];
    const outcomes = new Set(entries.map((entry) => switchOutcome(t, clauses, entry)));
    // A value that matches no case of a switch without `default` runs no clause.
    if (!taken && !clauses.some((clause) => t.isDefaultClause(clause))) outcomes.add('ends');
    if (outcomes.size === 0 || (outcomes.size === 1 && outcomes.has('ends'))) return false;
    if (outcomes.size === 1 && outcomes.has('exits')) return true;
    const sourceFile = statement.getSourceFile();
    const line = sourceFile.getLineAndCharacterOfPosition(startOf(statement, sourceFile)).line + 1;
    return `created only if the switch (${snippet(statement.expression, sourceFile)}) at line ${line} of ${path.basename(sourceFile.fileName)} does not leave early, which is not known statically`;
  }

  /** The context of a branch taken only if `condition` is (`when`) truthy, which is not known. */
  private unless(context: Context, node: ts.Expression, condition: StaticValue, when: boolean): Context {
    const text = snippet(node, node.getSourceFile());
    const because = condition.kind === 'unknown' && condition.subject !== text ? `: ${condition.reason}` : ', which is not known statically';
    const decided = decidedBy(withExistence(context, `created only if ${when ? '' : 'not '}${text}${because}`), node, condition);
    return narrowTruthy(this.ts, this.evaluator.host.index, (expression, at) => this.evaluator.evaluate(expression, at), decided, node, when);
  }
}
