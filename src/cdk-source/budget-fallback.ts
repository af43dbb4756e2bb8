import type * as ts from 'typescript';
import { parseError, type Diagnostic } from '../core/diagnostic.js';
import { limitReached } from '../core/limits.js';
import type { AnalysisBudget, CdkBudgetName } from './analysis-budget.js';
import { parentOf } from './parent-of.js';
import type { ExpressionEvaluator } from './evaluate-expression.js';
import { isConstructClass, isGenericResourceClass } from './iam-api.js';
import { genericResourceClass } from './generic-resources.js';
import { isNamedMemberAccess, memberNameOf } from './member-syntax.js';
import { searchSyntax } from './search-syntax.js';
import { nodeLocation, positionAt, startOf } from './source-location.js';
import { EMPTY_CONTEXT, MAX_ITERATIONS, type ConstructClass } from './static-value.js';
import { MAX_BASES } from './class-hierarchy.js';

/** Steps allowed to tell whether one `new` creates an IAM construct once the budget ran out (`iam.User` takes three). */
const CLASS_STEPS = 200;

const WHAT: Record<CdkBudgetName, string> = {
  loopIterations:
    'the loops here expand to more iterations than credlint follows; the iterations past the limit were walked once, and what they create may exist',
  constructInstances: 'the code here creates more IAM construct instances than credlint follows; the constructs past the limit may exist',
  walkSteps: 'the code here takes more steps to analyse than credlint spends; the constructs not analysed may exist',
};

/** Where the scan deadline stopped the analysis of an app (`AnalysisBudget.deadlinePassed`). */
const DEADLINE = 'the scan deadline passed while the app was analysed here; the constructs not analysed may exist';

/**
 * The `new User/AccessKey/CfnUser/CfnAccessKey(...)` expressions of the files that the walk never
 * recorded, because a budget ran out before it reached them: each becomes one instance of unknown
 * existence, so that nothing the app may create is taken as absent. One linear look at the syntax,
 * whatever the loops and calls around it.
 */
export function unwalkedConstructs(
  ts: typeof import('typescript'),
  files: Iterable<ts.SourceFile>,
  recorded: ReadonlyMap<ts.NewExpression, unknown>,
  evaluator: ExpressionEvaluator,
): { node: ts.NewExpression; constructClass: ConstructClass; generic?: true }[] {
  const found: { node: ts.NewExpression; constructClass: ConstructClass; generic?: true }[] = [];
  searchSyntax(ts, files, (node) => {
    if (ts.isNewExpression(node) && !recorded.has(node)) {
      const callee = evaluator.budget.withAllowance(CLASS_STEPS, () => evaluator.evaluate(node.expression, EMPTY_CONTEXT));
      // A project class extending an IAM construct class is that construct too.
      const constructClass = isConstructClass(callee)
        ? callee.entity
        : callee.kind === 'callable' && ts.isClassLike(callee.node)
          ? evaluator.budget.withAllowance(CLASS_STEPS, () => evaluator.classes.constructClassOf(callee.node as ts.ClassLikeDeclaration))
          : undefined;
      if (constructClass) found.push({ node, constructClass });
      // A `new CfnResource(...)` whose type is an IAM user's or key's without bindings (`generic-resources.ts`).
      const generic =
        !constructClass && isGenericResourceClass(callee)
          ? evaluator.budget.withAllowance(CLASS_STEPS, () => genericResourceClass(evaluator, node, EMPTY_CONTEXT))
          : undefined;
      if (generic && 'constructClass' in generic) found.push({ node, constructClass: generic.constructClass, generic: true });
    }
  });
  return found;
}

/** Why a construct the walk did not reach may exist. */
export function unwalkedReason(budget: AnalysisBudget): string {
  if (budget.deadlinePassed) return 'not analysed: the scan deadline passed before the analysis reached it (limit scanSeconds)';
  const name = budget.isExhausted('walkSteps') ? 'walkSteps' : 'constructInstances';
  return `not analysed: the analysis ran out of its budget before reaching it (limit ${name})`;
}

/**
 * A `parse-error` per budget that ran out (the unit's analysis is incomplete, docs/security.md), at
 * the outermost loop around the construct it ran out at: nested loops multiply, so that is where the
 * cost comes from. The range is that loop's first line. Then one at the first expression the
 * evaluator left unknown because it was nested deeper than it goes (`AnalysisBudget.tooDeep`): 150
 * parentheses around a key's user made no finding and no exit code said so.
 */
export function budgetDiagnostics(ts: typeof import('typescript'), budget: AnalysisBudget): Diagnostic[] {
  const deep = budget.tooDeep;
  const tooDeep = deep
    ? [parseError(nodeLocation(deep, deep.getSourceFile()), 'expression nested too deeply to evaluate: values that depend on it are unknown')]
    : [];
  const long = budget.tooManyIterations;
  const tooLong = long
    ? [
        parseError(
          firstLine(long),
          `loop of more than ${MAX_ITERATIONS} iterations: credlint expands at most ${MAX_ITERATIONS} iterations of one loop, so it walked this one once and what it creates may exist`,
        ),
      ]
    : [];
  return budget
    .exhausted()
    .map(({ name, node }) =>
      name === 'walkSteps' && budget.deadlinePassed
        ? limitReached(firstLine(node), 'scanSeconds', budget.limits, DEADLINE)
        : limitReached(firstLine(outermostLoop(ts, node) ?? node), name, budget.limits, WHAT[name]),
    )
    .concat(tooDeep, tooLong, cutOffDiagnostics(budget), deepClassDiagnostics(budget));
}

/** Where a value cut off at a size limit decides which IAM constructs are created (`AnalysisBudget.cutOff`). */
function cutOffDiagnostics(budget: AnalysisBudget): Diagnostic[] {
  const cut = budget.cutOff;
  if (!cut) return [];
  return [parseError(firstLine(cut.node), `value cut off at credlint's size limit decides which IAM users or access keys are created here: ${cut.reason}`)];
}

/** Where a chain of project base classes was cut at `MAX_BASES` (`AnalysisBudget.deepClass`). */
function deepClassDiagnostics(budget: AnalysisBudget): Diagnostic[] {
  const cls = budget.deepClass;
  if (!cls) return [];
  return [
    parseError(
      firstLine(cls),
      `class hierarchy deeper than credlint follows: it follows ${MAX_BASES} project base classes, so whether the classes below this one are IAM constructs, and what the constructors of this one and its bases create, is unknown`,
    ),
  ];
}

/** The location of `at`'s first line (a loop's header rather than its whole body). */
function firstLine(at: ts.Node): { file: string; range: { start: { line: number; column: number }; end: { line: number; column: number } } } {
  const sourceFile = at.getSourceFile();
  const startOffset = startOf(at, sourceFile);
  const lineEnd = sourceFile.text.indexOf('\n', startOffset);
  const endOffset = lineEnd >= 0 && lineEnd < at.getEnd() ? lineEnd : at.getEnd();
  const start = positionAt(sourceFile, startOffset);
  const end = endOffset > startOffset ? positionAt(sourceFile, endOffset) : { line: start.line, column: start.column + 1 };
  return { file: sourceFile.fileName, range: { start, end } };
}

function outermostLoop(ts: typeof import('typescript'), node: ts.Node): ts.Node | undefined {
  let loop: ts.Node | undefined;
  for (let current: ts.Node | undefined = node; current && !ts.isSourceFile(current); current = parentOf(current)) {
    if (ts.isIterationStatement(current, false) || isIteratingCall(ts, current)) loop = current;
  }
  return loop;
}

function isIteratingCall(ts: typeof import('typescript'), node: ts.Node): boolean {
  return ts.isCallExpression(node) && isNamedMemberAccess(ts, node.expression) && ['forEach', 'map', 'flatMap'].includes(memberNameOf(ts, node.expression));
}
