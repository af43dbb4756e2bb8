import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { AnalysisBudget } from '../../src/cdk-source/analysis-budget.js';
import { ExpressionEvaluator } from '../../src/cdk-source/evaluate-expression.js';
import { resolveRelativeImport } from '../../src/cdk-source/index.js';
import { DeclarationIndex } from '../../src/cdk-source/resolve-declaration.js';
import { EMPTY_CONTEXT, unknown } from '../../src/cdk-source/static-value.js';
import { DEFAULT_LIMITS } from '../../src/core/limits.js';

const FILES: Record<string, string> = {
  '/app/lib/tags.ts': 'export function tagsFor(stage: string) {\n  return { stage };\n}\n',
  '/app/lib/stack.ts':
    "import { Duration, aws_s3 as s3 } from 'aws-cdk-lib';\nimport { tagsFor } from './tags';\n\n" +
    "new s3.Bucket(undefined, 'Data');\nDuration.days(14);\nObject.entries({});\nhelper();\ntagsFor('prod');\nnew s3.Bucket.Nested();\n",
};

/** An evaluator over FILES whose unit may spend `walkSteps` steps (the files' own allowance left out). */
function evaluatorWith(walkSteps: number): { evaluator: ExpressionEvaluator; budget: AnalysisBudget; sites: (ts.NewExpression | ts.CallExpression)[] } {
  const files = new Map(Object.entries(FILES).map(([name, text]) => [name, ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true)]));
  const names = new Set(files.keys());
  const budget = new AnalysisBudget({ ...DEFAULT_LIMITS, walkSteps }, 0);
  const evaluator = new ExpressionEvaluator(
    ts,
    {
      index: new DeclarationIndex(ts),
      sourceFile: (name) => files.get(name),
      resolveImport: (from, specifier) => resolveRelativeImport(names, from, specifier),
      instanceFor: () => unknown('not under test'),
      addressOf: (instance) => instance.id,
    },
    budget,
  );
  const stack = files.get('/app/lib/stack.ts');
  const sites = (stack?.statements ?? []).flatMap((statement) =>
    ts.isExpressionStatement(statement) && (ts.isNewExpression(statement.expression) || ts.isCallExpression(statement.expression))
      ? [statement.expression]
      : [],
  );
  return { evaluator, budget, sites };
}

/** The steps a budget has left (spent one by one until it runs out), and where it ran out. */
function remaining(budget: AnalysisBudget, at: ts.Node): { left: number; ranOutAt: string[] } {
  const ranOutAt = budget.exhausted().map((e) => e.node.getText());
  let left = 0;
  while (budget.step(at)) left += 1;
  return { left, ranOutAt };
}

describe('CDK source call-site search: callees that cannot be project code', () => {
  it('finds only the project function among package, global and undeclared callees', () => {
    const { evaluator, sites } = evaluatorWith(DEFAULT_LIMITS.walkSteps);
    expect(sites.map((site) => evaluator.calls.calleeOf(site)?.name?.getText())).toEqual([undefined, undefined, undefined, undefined, 'tagsFor', undefined]);
  });

  it('spends exactly the steps that evaluating the callee spends, and runs out at the same node', () => {
    // The first five callees are names or `name.member` (the last, `s3.Bucket.Nested`, is never evaluated).
    for (let walkSteps = 0; walkSteps <= 3; walkSteps += 1) {
      for (let index = 0; index < 5; index += 1) {
        const evaluated = evaluatorWith(walkSteps);
        const evaluatedSite = evaluated.sites[index];
        const searched = evaluatorWith(walkSteps);
        const searchedSite = searched.sites[index];
        if (!evaluatedSite || !searchedSite) throw new Error('missing call site');
        evaluated.evaluator.evaluate(evaluatedSite.expression, EMPTY_CONTEXT);
        searched.evaluator.calls.calleeOf(searchedSite);
        expect(remaining(searched.budget, searchedSite), `site ${String(index)}, walkSteps ${String(walkSteps)}`).toEqual(
          remaining(evaluated.budget, evaluatedSite),
        );
      }
    }
  });
});
