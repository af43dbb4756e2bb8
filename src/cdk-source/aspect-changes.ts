import type * as ts from 'typescript';
import { isAspectsAdd, scopesOf, sureScopesOf, treeWalkOf, type AspectAdd, type AspectScopes } from './aspect-scopes.js';
import type { PropertyChange } from './escape-hatches.js';
import { candidatesIn, type ChangeMatch } from './hatch-candidates.js';
import type { ExpressionEvaluator } from './evaluate-expression.js';
import { parentOf } from './parent-of.js';
import { snippet } from './source-location.js';
import { EMPTY_CONTEXT, type StaticValue } from './static-value.js';
import { unwrapExpression } from './unwrap-expression.js';

/** A change an Aspect may make, and the scopes it is added to (`aspect-scopes.ts`). */
export interface AspectChange extends PropertyChange {
  readonly scopes: AspectScopes;
  /** Set for an Aspect, which does not visit constructs inside a Stage below its scope; a walk of `node.findAll()` does. */
  readonly stopsAtStages: boolean;
  /**
   * The scopes where the change certainly runs on each L1 resource (`sureScopesOf`): the Aspect is
   * certainly added there, and the change is a statement of `visit` run for every `CfnAccessKey`
   * (`CfnUser`), under no other test (`if (node instanceof iam.CfnAccessKey) node.status = 'Inactive'`).
   */
  readonly surely: AspectScopes;
}

/**
 * What the project's Aspects may change. An Aspect's `visit(node)` runs on the construct passed to
 * `Aspects.of(scope)` and every construct below it, after the app's code and before the templates are
 * written (https://docs.aws.amazon.com/cdk/v2/guide/aspects.html), so an escape hatch written there
 * (`if (node instanceof iam.CfnAccessKey) node.status = 'Inactive'`) may change any key or user of its
 * scopes; an Aspect never added changes nothing. Which of them it changes depends on run-time checks
 * credlint does not follow: each change is one that may run, for every construct of its scopes, writing what its value is
 * without the visited construct (`'Inactive'`, `undefined`; `node.status` or a call is unknown). An Aspect is the `visit`
 * method of a class that implements `IAspect`, or of an object literal passed to `Aspects.of(...).add(...)`,
 * whose body names the L1 resource (`CfnAccessKey` or `AWS::IAM::AccessKey` for `Status`, `CfnUser` or
 * `AWS::IAM::User` for `LoginProfile`) or the L2 construct whose L1 resource it may reach
 * (`if (node instanceof iam.AccessKey) (node.node.defaultChild as CfnResource).addPropertyOverride(...)`).
 */
export function aspectChanges(
  t: typeof import('typescript'),
  files: Iterable<ts.SourceFile>,
  match: (node: ts.Node) => ChangeMatch,
  resource: RegExp,
  l1Class: 'CfnAccessKey' | 'CfnUser',
  evaluator: ExpressionEvaluator,
  adds: readonly AspectAdd[],
  evaluate: (expression: ts.Expression) => StaticValue,
): AspectChange[] {
  const changes: AspectChange[] = [];
  // `named`: the code that must name the resource (a walk may test the class in a `.filter` before its body).
  const collect = (
    body: ts.Node,
    scopes: AspectScopes,
    owner: string,
    file: ts.SourceFile,
    named: ts.Node = body,
    visit?: { readonly method: ts.FunctionLikeDeclaration; readonly sure: AspectScopes },
  ) => {
    if (scopes.length === 0 || !resource.test(named.getText(file))) return;
    for (const node of candidatesIn(t, body)) {
      const found = match(node);
      if (found === undefined || testsOtherClass(t, evaluator, node, found.receiver, body, l1Class)) continue;
      const value = typeof found.value === 'string' ? found.value : evaluate(found.value);
      const guarded = visit !== undefined && visit.sure.length > 0 && runsForEvery(t, evaluator, visit.method, node, found.receiver, l1Class);
      changes.push({
        node,
        value,
        certain: false,
        text: `${owner} (${snippet(node, file)})`,
        scopes,
        stopsAtStages: visit !== undefined,
        surely: guarded ? visit.sure : [],
      });
    }
  };
  // A class is an Aspect where it says `implements IAspect`, and where an instance of it is added
  // (`Aspects.of(scope).add(new Rename())`): TypeScript types structurally, so the clause is optional.
  const added = new Set<ts.Node>();
  for (const add of adds) if (add.aspect !== undefined && t.isClassLike(add.aspect)) added.add(add.aspect);
  for (const file of files) {
    if (!file.text.includes('visit')) continue;
    for (const method of visitMethods(t, file, added)) {
      if (method.body)
        collect(method.body, scopesOf(t, evaluator, adds, method), `the Aspect ${aspectName(t, method)}`, file, method.body, {
          method,
          sure: sureScopesOf(t, adds, method),
        });
    }
  }
  // A loop over `scope.node.findAll()` changes constructs of the scope as an Aspect would (`TreeWalk`).
  const walks = new Map<ts.Node, AspectScopes[number][]>();
  for (const add of adds) if (add.aspect !== undefined && treeWalkOf(t, add.aspect)) walks.set(add.aspect, [...(walks.get(add.aspect) ?? []), add.scope]);
  for (const [node, scopes] of walks) {
    const walk = treeWalkOf(t, node);
    if (walk) collect(walk.body, scopes, `the loop over ${snippet(walk.over, node.getSourceFile(), 40)}`, node.getSourceFile(), node);
  }
  return changes;
}

/**
 * Whether a change in an Aspect's `visit(node)` runs for every `l1Class` resource it visits, on that
 * resource: a statement of the method's body, or of the `then` branch of `if (node instanceof
 * iam.<l1Class>)` (nested in blocks), with no `return` or `throw` before it on the way, whose receiver
 * is `node` itself.
 */
function runsForEvery(
  t: typeof import('typescript'),
  evaluator: ExpressionEvaluator,
  visit: ts.FunctionLikeDeclaration,
  change: ts.Node,
  receiver: ts.Expression,
  l1Class: 'CfnAccessKey' | 'CfnUser',
): boolean {
  const parameter = visit.parameters[0]?.name;
  const target = unwrapExpression(t, receiver);
  if (!parameter || !t.isIdentifier(parameter) || !t.isIdentifier(target) || target.text !== parameter.text) return false;
  const isParameter = (expression: ts.Expression) => {
    const node = unwrapExpression(t, expression);
    return t.isIdentifier(node) && node.text === parameter.text;
  };
  const testsClass = (condition: ts.Expression): boolean => {
    const test = unwrapExpression(t, condition);
    if (!t.isBinaryExpression(test) || test.operatorToken.kind !== t.SyntaxKind.InstanceOfKeyword || !isParameter(test.left)) return false;
    const cls = evaluator.evaluate(test.right, EMPTY_CONTEXT);
    return cls.kind === 'iam' && cls.entity === l1Class;
  };
  let current = parentOf(change);
  if (!current || !t.isExpressionStatement(current)) return false;
  for (let parent = parentOf(current); parent; current = parent, parent = parentOf(parent)) {
    if (t.isBlock(parent)) {
      const before = parent.statements.slice(0, parent.statements.indexOf(current as ts.Statement));
      if (before.some((s) => /\b(?:return|throw)\b/.test(s.getText()))) return false;
      if (parent === visit.body) return true;
    } else if (!(t.isIfStatement(parent) && parent.thenStatement === current && testsClass(parent.expression))) return false;
  }
  return false;
}

/**
 * The IAM classes whose L1 resource is (or whose L2 construct holds) `l1Class`; and `CfnResource`, the
 * class of every L1 resource (`CfnAccessKey` extends it) and of a generic one of its type.
 */
const SAME_RESOURCE = { CfnAccessKey: ['CfnAccessKey', 'AccessKey', 'CfnResource'], CfnUser: ['CfnUser', 'User', 'CfnResource'] } as const;

/**
 * Whether a change sits in the `then` branch of an `if (x instanceof iam.<C>)` (up to `body`), `x` the
 * name the change is made through, whose class is another IAM resource's: `if (node instanceof iam.CfnUser) node.userName = 'root'` never runs
 * on a `CfnAccessKey`, though the same Aspect may name both classes.
 */
function testsOtherClass(
  t: typeof import('typescript'),
  evaluator: ExpressionEvaluator,
  change: ts.Node,
  receiver: ts.Expression,
  body: ts.Node,
  l1Class: 'CfnAccessKey' | 'CfnUser',
): boolean {
  // The name the change is made through (`node` of `node.userName`, of `(node.node.defaultChild as CfnUser).userName`).
  let root = unwrapExpression(t, receiver);
  while (t.isPropertyAccessExpression(root) || t.isElementAccessExpression(root) || t.isCallExpression(root)) root = unwrapExpression(t, root.expression);
  if (!t.isIdentifier(root)) return false;
  let current = change;
  for (let parent = parentOf(current); parent && current !== body; current = parent, parent = parentOf(parent)) {
    if (!t.isIfStatement(parent) || parent.thenStatement !== current) continue;
    const test = unwrapExpression(t, parent.expression);
    const tests = t.isBinaryExpression(test) && test.operatorToken.kind === t.SyntaxKind.AmpersandAmpersandToken ? [test.left, test.right] : [test];
    for (const part of tests.map((e) => unwrapExpression(t, e))) {
      if (!t.isBinaryExpression(part) || part.operatorToken.kind !== t.SyntaxKind.InstanceOfKeyword) continue;
      const tested = unwrapExpression(t, part.left);
      if (!t.isIdentifier(tested) || tested.text !== root.text) continue;
      const cls = evaluator.evaluate(part.right, EMPTY_CONTEXT);
      if (cls.kind === 'iam' && !(SAME_RESOURCE[l1Class] as readonly string[]).includes(cls.entity)) return true;
    }
  }
  return false;
}

/**
 * The Status a key gets: `CfnAccessKey`, the resource type an Aspect may test instead, or the L2
 * `AccessKey` (a whole word: not `AccessKeyStatus`), whose L1 resource it may change through `node.node.defaultChild`.
 */
export const ACCESS_KEY_RESOURCE = /CfnAccessKey|AWS::IAM::AccessKey|\bAccessKey\b/;
/**
 * The LoginProfile a user gets: `CfnUser`, the resource type an Aspect may test instead, or the L2 `User`
 * (a whole word: not `UserPool`), whose L1 resource it may change through `node.node.defaultChild`.
 */
export const USER_RESOURCE = /CfnUser|AWS::IAM::User|\bUser\b/;

/**
 * The `visit` methods of Aspects in a file (iteratively: generated code nests deeply): of classes that
 * implement `IAspect` or are among `added` (classes whose instances are added as Aspects), and of
 * object literals passed to `Aspects.of(...).add(...)`.
 */
function visitMethods(t: typeof import('typescript'), file: ts.SourceFile, added: ReadonlySet<ts.Node>): (ts.MethodDeclaration | ts.FunctionLikeDeclaration)[] {
  const found: ts.FunctionLikeDeclaration[] = [];
  const pending: ts.Node[] = [file];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (t.isClassLike(node) && (implementsAspect(t, node) || added.has(node))) {
      for (const member of node.members) if (t.isMethodDeclaration(member) && propertyNameText(t, member.name) === 'visit') found.push(member);
    } else if (t.isCallExpression(node) && isAspectsAdd(t, node)) {
      for (const argument of node.arguments) {
        const object = unwrapExpression(t, argument);
        if (!t.isObjectLiteralExpression(object)) continue;
        for (const property of object.properties) {
          if (t.isMethodDeclaration(property) && propertyNameText(t, property.name) === 'visit') found.push(property);
          else if (t.isPropertyAssignment(property) && propertyNameText(t, property.name) === 'visit') {
            const value = unwrapExpression(t, property.initializer);
            if (t.isArrowFunction(value) || t.isFunctionExpression(value)) found.push(value);
          }
        }
      }
    }
    t.forEachChild(node, (child) => {
      pending.push(child);
    });
  }
  return found;
}

/** `class X implements IAspect` (also `cdk.IAspect`). */
function implementsAspect(t: typeof import('typescript'), node: ts.ClassLikeDeclaration): boolean {
  return (node.heritageClauses ?? []).some(
    (clause) =>
      clause.token === t.SyntaxKind.ImplementsKeyword &&
      clause.types.some((type) => {
        const expression = type.expression;
        const name = t.isPropertyAccessExpression(expression) ? expression.name.text : t.isIdentifier(expression) ? expression.text : undefined;
        return name === 'IAspect';
      }),
  );
}

function propertyNameText(t: typeof import('typescript'), name: ts.PropertyName): string | undefined {
  return t.isIdentifier(name) || t.isStringLiteralLike(name) ? name.text : undefined;
}

/** The class an Aspect method belongs to, for messages; `Aspects.of(...).add({ visit })` is anonymous. */
function aspectName(t: typeof import('typescript'), visit: ts.FunctionLikeDeclaration): string {
  for (let node = parentOf(visit); node; node = parentOf(node)) if (t.isClassLike(node)) return node.name?.text ?? '(anonymous class)';
  return 'passed to Aspects.of(...).add';
}
