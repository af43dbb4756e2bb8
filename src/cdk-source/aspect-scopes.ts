import type * as ts from 'typescript';
import type { ExpressionEvaluator } from './evaluate-expression.js';
import { parentOf } from './parent-of.js';
import { surelyAdded } from './aspect-sure-adds.js';
import type { Declaration } from './resolve-declaration.js';
import { scopeTarget, THROUGH_CONSTS, variableInitializer } from './scope-chain.js';
import { FunctionCalls } from './function-calls.js';
import { EMPTY_CONTEXT, truthiness } from './static-value.js';
import { unwrapExpression } from './unwrap-expression.js';

/** Scopes and base classes followed outward before giving up. */
export const MAX_DEPTH = 20;

/**
 * The scopes an Aspect is added to, each the `new ...(...)` that creates the construct passed to
 * `Aspects.of(scope)`, the class whose instance `this` is there (`Aspects.of(this)` in a stack class:
 * each of its instances), or undefined where that construct is not known statically. An Aspect visits
 * that construct and every construct below it in the construct tree
 * (https://docs.aws.amazon.com/cdk/v2/guide/aspects.html): none when it is never added.
 */
export type AspectScopes = readonly AspectScope[];
type AspectScope = ts.NewExpression | ts.ClassLikeDeclaration | undefined;

/**
 * One `Aspects.of(scope).add(aspect)` of the project: the Aspect (its class or object; undefined: not
 * known) and the scope; or one walk of a construct tree (`treeWalkOf`), the loop or call that walks it.
 */
export interface AspectAdd {
  readonly aspect: ts.ClassLikeDeclaration | ts.ObjectLiteralExpression | TreeWalk | undefined;
  readonly scope: AspectScope;
  /** Set when the add certainly runs for its scope (`surelyAdded`). */
  readonly sure?: true;
}

/**
 * A walk of a construct tree: `for (const c of scope.node.findAll())` or `scope.node.children.forEach((c) => ...)`
 * (also `findAll().filter(...)`, `.map`, ...). Like an Aspect's `visit`, its body runs on constructs of
 * the scope (https://docs.aws.amazon.com/cdk/api/v2/docs/constructs.Node.html#findwbrall): those
 * created before it runs, which credlint does not tell apart, so what it changes there may change
 * any of them.
 */
export type TreeWalk = ts.ForOfStatement | ts.CallExpression;

/**
 * The scope expression whose tree `node` walks, the constructs walked (`over`), and the code that runs per construct: a `for...of`
 * over `X.node.findAll()` or `X.node.children` (its statement), or an array method called on one with
 * an inline callback (its body).
 */
export function treeWalkOf(
  t: typeof import('typescript'),
  node: ts.Node,
): { readonly scope: ts.Expression; readonly over: ts.Expression; readonly body: ts.Node } | undefined {
  if (t.isForOfStatement(node)) {
    const scope = treeOf(t, node.expression);
    return scope ? { scope, over: node.expression, body: node.statement } : undefined;
  }
  if (!t.isCallExpression(node) || !t.isPropertyAccessExpression(node.expression) || !EACH_ELEMENT.has(node.expression.name.text)) return undefined;
  const callback = node.arguments[0] === undefined ? undefined : unwrapExpression(t, node.arguments[0]);
  if (!callback || !(t.isArrowFunction(callback) || t.isFunctionExpression(callback))) return undefined;
  const scope = treeOf(t, node.expression.expression);
  return scope ? { scope, over: node.expression.expression, body: callback.body } : undefined;
}

/** `X.node.findAll()`, `X.node.children`, and either through array methods that keep constructs (`.filter(...)`): X. */
function treeOf(t: typeof import('typescript'), expression: ts.Expression): ts.Expression | undefined {
  let current = unwrapExpression(t, expression);
  for (let depth = 0; depth < MAX_DEPTH; depth += 1) {
    if (t.isCallExpression(current) && t.isPropertyAccessExpression(current.expression)) {
      const method = current.expression.name.text;
      if (method === 'findAll') return nodeOwner(t, current.expression.expression);
      if (!KEEPS_ELEMENTS.has(method)) return undefined;
      current = unwrapExpression(t, current.expression.expression);
    } else if (t.isPropertyAccessExpression(current) && current.name.text === 'children') {
      return nodeOwner(t, current.expression);
    } else return undefined;
  }
  return undefined;
}

/** Array methods whose result holds (some of) the elements they are called on. */
const KEEPS_ELEMENTS: ReadonlySet<string> = new Set(['filter', 'slice', 'reverse', 'toReversed', 'sort', 'toSorted', 'concat']);

/** X of `X.node`. */
function nodeOwner(t: typeof import('typescript'), expression: ts.Expression): ts.Expression | undefined {
  const node = unwrapExpression(t, expression);
  return t.isPropertyAccessExpression(node) && node.name.text === 'node' ? node.expression : undefined;
}

/** Every `Aspects.of(...).add(...)` of the files, and CDK v1's `node.applyAspect(...)` (its scope not followed). */
export function aspectAdds(t: typeof import('typescript'), evaluator: ExpressionEvaluator, files: Iterable<ts.SourceFile>): AspectAdd[] {
  const adds: AspectAdd[] = [];
  const all = [...files];
  const calls = new FunctionCalls(t, evaluator, all);
  for (const file of all) {
    if (!file.text.includes('Aspect') && !file.text.includes('findAll') && !file.text.includes('children')) continue;
    const pending: ts.Node[] = [file];
    for (let node = pending.pop(); node; node = pending.pop()) {
      const walk = (t.isForOfStatement(node) || t.isCallExpression(node)) && treeWalkOf(t, node);
      if (walk && !inSkippedBranch(t, evaluator, node)) {
        for (const target of scopesNamed(t, evaluator, calls, walk.scope, 0)) adds.push({ aspect: node as TreeWalk, scope: target });
      } else if (t.isCallExpression(node) && !inSkippedBranch(t, evaluator, node)) {
        const argument = node.arguments[0];
        if (isAspectsAdd(t, node)) {
          const of = unwrapExpression(t, (node.expression as ts.PropertyAccessExpression).expression) as ts.CallExpression;
          const scope = of.arguments[0];
          // Added after the App's first `synth()`: aws-cdk-lib never runs it.
          if (scope && evaluator.host.addedAfterSynth?.(node, scope) === true) continue;
          const aspect = argument ? aspectOf(t, evaluator, argument, 0) : undefined;
          const sure = scope !== undefined && surelyAdded(t, evaluator, calls, node, scope);
          for (const target of scope ? scopesNamed(t, evaluator, calls, scope, 0) : [undefined])
            adds.push({ aspect, scope: target, ...(sure ? { sure } : {}) });
        } else if (t.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'applyAspect') {
          adds.push({ aspect: argument ? aspectOf(t, evaluator, argument, 0) : undefined, scope: undefined });
        }
      }
      t.forEachChild(node, (child) => {
        pending.push(child);
      });
    }
  }
  return adds;
}

/**
 * Whether a node is in code that never runs: the branch of an `if`, `?:`, `&&`, `||` or `??` (at any
 * depth, across function bodies: a function declared there cannot be called from elsewhere) that its
 * condition, known without any call's arguments (`const retire = false`), rules out. The construct
 * walk skips such a branch the same way (`walk-constructs.ts`); an Aspect added there is never added.
 */
function inSkippedBranch(t: typeof import('typescript'), evaluator: ExpressionEvaluator, node: ts.Node): boolean {
  let child: ts.Node = node;
  for (let parent = parentOf(child); parent; child = parent, parent = parentOf(parent)) {
    if (t.isIfStatement(parent) && child !== parent.expression) {
      if (truthiness(evaluator.evaluate(parent.expression, EMPTY_CONTEXT)) === (child === parent.elseStatement)) return true;
    } else if (t.isConditionalExpression(parent) && child !== parent.condition) {
      if (truthiness(evaluator.evaluate(parent.condition, EMPTY_CONTEXT)) === (child === parent.whenFalse)) return true;
    } else if (t.isBinaryExpression(parent) && child === parent.right) {
      const operator = parent.operatorToken.kind;
      const left = evaluator.evaluate(parent.left, EMPTY_CONTEXT);
      const truth = truthiness(left);
      // `a && b` runs b when a is truthy, `a || b` when falsy, `a ?? b` when a is undefined or null.
      if (operator === t.SyntaxKind.AmpersandAmpersandToken && truth === false) return true;
      if (operator === t.SyntaxKind.BarBarToken && truth === true) return true;
      if (operator === t.SyntaxKind.QuestionQuestionToken && left.kind !== 'unknown' && left.kind !== 'undefined' && left.kind !== 'null') return true;
    }
  }
  return false;
}

/**
 * The scopes the Aspect whose `visit` method this is is added to: every add of its class (or of a
 * subclass), of its object, or of an Aspect whose class is not known.
 */
export function scopesOf(t: typeof import('typescript'), evaluator: ExpressionEvaluator, adds: readonly AspectAdd[], visit: ts.Node): AspectScopes {
  let owner: ts.Node | undefined = parentOf(visit);
  while (owner && !t.isClassLike(owner) && !t.isObjectLiteralExpression(owner)) owner = parentOf(owner);
  if (!owner) return [undefined];
  return adds.filter((add) => add.aspect === undefined || add.aspect === owner || derivesFrom(t, evaluator, add.aspect, owner)).map((add) => add.scope);
}

/** Whether the Aspect added runs `owner`'s `visit`: its class may extend `owner` (`class-hierarchy.ts`, `mayExtend`). */
function derivesFrom(t: typeof import('typescript'), evaluator: ExpressionEvaluator, added: ts.Node, owner: ts.Node): boolean {
  return t.isClassLike(added) && t.isClassLike(owner) && evaluator.classes.mayExtend(added, owner);
}

/** The class of `new RetireKeys()`, or the object literal `{ visit(node) { ... } }`; undefined when not known. */
function aspectOf(
  t: typeof import('typescript'),
  evaluator: ExpressionEvaluator,
  argument: ts.Expression,
  depth: number,
): ts.ClassLikeDeclaration | ts.ObjectLiteralExpression | undefined {
  const expression = unwrapExpression(t, argument);
  if (t.isObjectLiteralExpression(expression)) return expression;
  if (t.isNewExpression(expression)) {
    const callee = evaluator.evaluate(expression.expression, EMPTY_CONTEXT);
    return callee.kind === 'callable' && t.isClassLike(callee.node) ? callee.node : undefined;
  }
  const initializer = depth < MAX_DEPTH && t.isIdentifier(expression) ? variableInitializer(t, evaluator, expression, false) : undefined;
  return initializer ? aspectOf(t, evaluator, initializer, depth + 1) : undefined;
}

/**
 * The scopes an `Aspects.of(...)` argument may name (`scopeOf`); a parameter of a function
 * (`function retire(scope: Construct) { Aspects.of(scope).add(...) }`) names the argument of each of
 * the function's calls when every use of the function is a call that passes it (`FunctionCalls`),
 * and a loop variable or an array method's callback parameter each element it is given (`elementsTaken`).
 */
function scopesNamed(t: typeof import('typescript'), evaluator: ExpressionEvaluator, calls: FunctionCalls, scope: ts.Expression, depth: number): AspectScope[] {
  const expression = unwrapExpression(t, scope);
  const declaration = t.isIdentifier(expression) ? evaluator.host.index.find(expression) : undefined;
  const loop = declaration?.kind === 'variable' && isLoopVariable(t, declaration.node);
  if (declaration?.kind !== 'parameter' && !loop) return [scopeOf(t, evaluator, scope)];
  if (depth >= MAX_DEPTH) return [undefined];
  const passed =
    declaration.kind === 'parameter' && !isCallbackParameter(t, declaration.node)
      ? calls.argumentsFor(declaration.node, declaration.leaf)
      : elementsTaken(t, evaluator, declaration);
  return passed ? passed.flatMap((argument) => scopesNamed(t, evaluator, calls, argument, depth + 1)) : [undefined];
}

/** The array methods that call their callback with each element as its first argument. */
const EACH_ELEMENT: ReadonlySet<string> = new Set(['forEach', 'map', 'flatMap', 'filter', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex']);

/** A variable of a `for...of` or `for...in` (or a name destructured there). */
function isLoopVariable(t: typeof import('typescript'), variable: ts.VariableDeclaration): boolean {
  const statement = variable.parent.parent;
  return t.isForOfStatement(statement) || t.isForInStatement(statement);
}

/** The first parameter of a function written as an argument of a call (`xs.forEach((s) => ...)`). */
function isCallbackParameter(t: typeof import('typescript'), parameter: ts.ParameterDeclaration): boolean {
  const callback = parameter.parent;
  if (!(t.isArrowFunction(callback) || t.isFunctionExpression(callback)) || callback.parameters[0] !== parameter) return false;
  let argument: ts.Node = callback;
  while (t.isParenthesizedExpression(argument.parent)) argument = argument.parent;
  return t.isCallExpression(argument.parent) && argument.parent.arguments.includes(argument as ts.Expression);
}

/**
 * The elements a loop variable or a callback parameter is given, one by one: those of the array
 * literal a `for...of` goes over, or whose method (`forEach`, `map`, `filter`, ...) calls the callback
 * with each (`for (const stack of [a, b])`, `[a, b].forEach((stack) => ...)`), also through a `const`
 * holding the literal that is never changed. Undefined otherwise: another array, a spread element or a
 * hole, `for...in` (keys), `for await`, a destructured variable, another method (`reduce`), a callback
 * handed to anything else.
 */
function elementsTaken(t: typeof import('typescript'), evaluator: ExpressionEvaluator, declaration: Declaration): ts.Expression[] | undefined {
  if (declaration.kind === 'variable') {
    const statement = declaration.node.parent.parent;
    if (declaration.path.length > 0 || !t.isForOfStatement(statement) || statement.awaitModifier) return undefined;
    return arrayElements(t, evaluator, statement.expression);
  }
  if (declaration.kind !== 'parameter' || declaration.leaf !== declaration.node) return undefined;
  let argument: ts.Node = declaration.node.parent;
  while (t.isParenthesizedExpression(argument.parent)) argument = argument.parent;
  const call = argument.parent;
  if (!t.isCallExpression(call) || call.arguments[0] !== argument) return undefined;
  const callee = unwrapExpression(t, call.expression);
  if (!t.isPropertyAccessExpression(callee) || !EACH_ELEMENT.has(callee.name.text)) return undefined;
  return arrayElements(t, evaluator, callee.expression);
}

/** The elements of an array literal, written out or held by a `const` never changed; undefined with a spread element or a hole. */
function arrayElements(t: typeof import('typescript'), evaluator: ExpressionEvaluator, expression: ts.Expression): ts.Expression[] | undefined {
  let array = unwrapExpression(t, expression);
  if (t.isIdentifier(array)) {
    const declaration = evaluator.host.index.find(array);
    const initializer = variableInitializer(t, evaluator, array, false);
    if (declaration?.kind !== 'variable' || !initializer || evaluator.changeOf(declaration.node) !== undefined) return undefined;
    array = unwrapExpression(t, initializer);
  }
  if (!t.isArrayLiteralExpression(array) || array.elements.some((element) => t.isSpreadElement(element) || t.isOmittedExpression(element))) return undefined;
  return [...array.elements];
}

/** The scope an `Aspects.of(...)` argument names: a construct's `new`, or `this` of a class's constructor or method. */
function scopeOf(t: typeof import('typescript'), evaluator: ExpressionEvaluator, scope: ts.Expression): AspectScope {
  const target = scopeTarget(t, evaluator, scope, THROUGH_CONSTS);
  if (!target || !('self' in target)) return target;
  let container: ts.Node | undefined = parentOf(target.self);
  while (container && (!t.isFunctionLike(container) || t.isArrowFunction(container))) container = parentOf(container);
  const member = container && (t.isConstructorDeclaration(container) || t.isMethodDeclaration(container)) ? container : undefined;
  if (!member || !t.isClassLike(member.parent)) return undefined;
  const isStatic = t.canHaveModifiers(member) && (t.getModifiers(member) ?? []).some((m) => m.kind === t.SyntaxKind.StaticKeyword);
  return isStatic ? undefined : member.parent;
}

/**
 * The scopes where an Aspect whose `visit` method this is certainly runs: each add that certainly runs
 * (`surelyAdded`) of exactly its class (a subclass may declare `visit` again) or object.
 */
export function sureScopesOf(t: typeof import('typescript'), adds: readonly AspectAdd[], visit: ts.Node): AspectScopes {
  let owner: ts.Node | undefined = parentOf(visit);
  while (owner && !t.isClassLike(owner) && !t.isObjectLiteralExpression(owner)) owner = parentOf(owner);
  return owner ? adds.filter((add) => add.sure === true && add.aspect === owner && add.scope !== undefined).map((add) => add.scope) : [];
}

/** `Aspects.of(scope).add(...)` (also `cdk.Aspects.of(...)`). */
export function isAspectsAdd(t: typeof import('typescript'), node: ts.CallExpression): boolean {
  const callee = node.expression;
  if (!t.isPropertyAccessExpression(callee) || callee.name.text !== 'add') return false;
  const of = unwrapExpression(t, callee.expression);
  if (!t.isCallExpression(of) || !t.isPropertyAccessExpression(of.expression) || of.expression.name.text !== 'of') return false;
  const aspects = unwrapExpression(t, of.expression.expression);
  const name = t.isPropertyAccessExpression(aspects) ? aspects.name.text : t.isIdentifier(aspects) ? aspects.text : undefined;
  return name === 'Aspects';
}
