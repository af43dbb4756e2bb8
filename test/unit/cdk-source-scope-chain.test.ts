import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { AnalysisBudget } from '../../src/cdk-source/analysis-budget.js';
import { ExpressionEvaluator } from '../../src/cdk-source/evaluate-expression.js';
import { DeclarationIndex } from '../../src/cdk-source/resolve-declaration.js';
import { AS_WRITTEN, scopeChain, THROUGH_CONSTS, type ScopeRules } from '../../src/cdk-source/scope-chain.js';
import { EMPTY_CONTEXT, unknown } from '../../src/cdk-source/static-value.js';
import { DEFAULT_LIMITS } from '../../src/core/limits.js';

const STACKS = Array.from({ length: 22 }, (_, i) => `const s${String(i + 1)} = new cdk.Stack(s${String(i)}, 'S${String(i + 1)}');\n`).join('');

const APP =
  "import * as cdk from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\n" +
  "const app = new cdk.App();\nconst stack = new cdk.Stack(app, 'S');\nlet moved = new cdk.Stack(app, 'M');\n" +
  "new iam.CfnAccessKey(stack, 'Const', {});\n" +
  "new iam.CfnAccessKey(moved, 'Let', {});\n" +
  "new iam.CfnAccessKey(stack!, 'Wrapped', {});\n" +
  "new iam.CfnAccessKey(new cdk.Stack(app, 'Inline'), 'Inline', {});\n" +
  "new iam.CfnAccessKey(this, 'This', {});\n" +
  "export function make(scope: cdk.Stack) {\n  new iam.CfnAccessKey(scope, 'Parameter', {});\n}\n" +
  'const s0 = new cdk.App();\n' +
  STACKS +
  "new iam.CfnAccessKey(s22, 'Deep', {});\n";

/** The chain of the key whose id is `id`: each construct's id (or `App`) and how it is reached, then why the walk stops. */
function chain(id: string, rules: ScopeRules): string[] {
  const file = ts.createSourceFile('/app/bin/app.ts', APP, ts.ScriptTarget.Latest, true);
  const evaluator = new ExpressionEvaluator(
    ts,
    {
      index: new DeclarationIndex(ts),
      sourceFile: (name) => (name === file.fileName ? file : undefined),
      resolveImport: () => undefined,
      instanceFor: () => unknown('not under test'),
      addressOf: (instance) => instance.id,
    },
    new AnalysisBudget(DEFAULT_LIMITS, 0),
  );
  const keys: ts.NewExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isNewExpression(node) && node.expression.getText() === 'iam.CfnAccessKey') keys.push(node);
    ts.forEachChild(node, visit);
  };
  visit(file);
  const node = keys.find((key) => key.arguments?.[1]?.getText() === `'${id}'`);
  if (!node) throw new Error(`no key ${id}`);
  const instance = { node, sourceFile: file, constructClass: 'CfnAccessKey' as const, context: EMPTY_CONTEXT, id };
  const walk = scopeChain(ts, evaluator, instance, rules);
  const seen: string[] = [];
  for (let step = walk.next(); ; step = walk.next()) {
    if (step.done) return [...seen, `stops: ${step.value.kind}`];
    const name = step.value.site.arguments?.[1];
    seen.push(`${name && ts.isStringLiteral(name) ? name.text : 'App'} ${step.value.via}`);
  }
}

describe('the construct scope chain: each construct outward, and why the walk stops', () => {
  it('follows a const and an inline new up to the App, which has no scope argument', () => {
    for (const rules of [AS_WRITTEN, THROUGH_CONSTS]) {
      expect(chain('Const', rules)).toEqual(['Const instance', 'S scope', 'App scope', 'stops: root']);
      expect(chain('Inline', rules)).toEqual(['Inline instance', 'Inline scope', 'App scope', 'stops: root']);
    }
  });

  it('follows a let and a wrapped scope by the rules that allow it, and stops as not known by the others', () => {
    expect(chain('Let', AS_WRITTEN)).toEqual(['Let instance', 'M scope', 'App scope', 'stops: root']);
    expect(chain('Let', THROUGH_CONSTS)).toEqual(['Let instance', 'stops: unknown']);
    expect(chain('Wrapped', AS_WRITTEN)).toEqual(['Wrapped instance', 'stops: unknown']);
    expect(chain('Wrapped', THROUGH_CONSTS)).toEqual(['Wrapped instance', 'S scope', 'App scope', 'stops: root']);
  });

  it('stops at a parameter, at a `this` no frame creates, and past 21 scopes in one run', () => {
    for (const rules of [AS_WRITTEN, THROUGH_CONSTS]) {
      expect(chain('Parameter', rules)).toEqual(['Parameter instance', 'stops: unknown']);
      expect(chain('This', rules)).toEqual(['This instance', 'stops: this']);
    }
    const deep = chain('Deep', AS_WRITTEN);
    expect(deep).toHaveLength(23);
    expect(deep.slice(0, 2)).toEqual(['Deep instance', 'S22 scope']);
    expect(deep.slice(-2)).toEqual(['S2 scope', 'stops: too-deep']);
  });
});
