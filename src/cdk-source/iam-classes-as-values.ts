import type * as ts from 'typescript';
import { note, type Diagnostic } from '../core/diagnostic.js';
import { namesCdkClass } from './names-cdk-class.js';
import { isConstructClass, isGenericResourceClass } from './iam-api.js';
import { parentOf } from './parent-of.js';
import { searchSyntax } from './search-syntax.js';
import { nodeLocation, snippet } from './source-location.js';
import { CONSTRUCT_CLASSES, type StaticValue } from './static-value.js';
import { unwrapExpression } from './unwrap-expression.js';

/** The names an IAM construct class is exported under (`iam-api.ts`), the generic `CfnResource` among them. */
const CLASS_NAMES: ReadonlySet<string> = new Set([...CONSTRUCT_CLASSES, 'CfnResource']);

/**
 * Notes for an IAM construct class handed on as a value: an argument (`Reflect.construct(iam.AccessKey,
 * [...])`, `make(iam.User)`, a mixin `extends Tagged(iam.User)`), an array element (`[iam.AccessKey].forEach((C) =>
 * new C(...))`), or what a function returns. The walk records a construct
 * at a `new` whose class it knows without bindings (`new iam.AccessKey(...)`, `new K(...)` of a `const K`
 * holding the class, or a `const` object's property holding it, a project class extending one); what is created from a class reached another way
 * is not in the model, so a run without findings must not read as a pass (README, "CDK TypeScript
 * source"). Only names spelled like a class (`AccessKey`, `iam.User`) are evaluated, once each, without bindings.
 * A project class extending `CfnResource` (whose `super(...)` gives the type) is not followed either: a note
 * at its `extends` says so.
 */
export function iamClassValueNotes(
  t: typeof import('typescript'),
  files: Iterable<ts.SourceFile>,
  evaluate: (expression: ts.Expression) => StaticValue,
): Diagnostic[] {
  const notes: Diagnostic[] = [];
  searchSyntax(t, files, (node) => {
    if (!namesCdkClass(t, node, CLASS_NAMES)) return undefined;
    const sourceFile = node.getSourceFile();
    const subclass = genericSubclass(t, node as ts.Expression);
    if (subclass) {
      // A project class extending User or AccessKey is that construct; one extending CfnResource is not followed.
      if (isGenericResourceClass(evaluate(node as ts.Expression)))
        notes.push(
          note(
            nodeLocation(node, sourceFile),
            `${subclass.name ? subclass.name.text : 'a class'} extends ${snippet(node, sourceFile)}: the resources its instances write are not analysed, so an IAM user, console password or access key among them is not checked`,
          ),
        );
      return 'skip';
    }
    const use = handedUse(t, node as ts.Expression);
    if (!use) return undefined;
    const value = evaluate(node as ts.Expression);
    if (!isConstructClass(value) && !isGenericResourceClass(value)) return undefined;
    notes.push(
      note(
        nodeLocation(node, sourceFile),
        `${snippet(node, sourceFile)} is handed on as a value (${snippet(use, sourceFile, 60)}): an IAM user or access key created from it where credlint cannot tell the class (a parameter of a callback or a function, Reflect.construct) is not analysed`,
      ),
    );
    // `iam.User` is not searched again as `iam`.
    return 'skip';
  });
  return notes;
}

/** The class whose `extends` clause names `node` (`class Key extends CfnResource`). */
function genericSubclass(t: typeof import('typescript'), node: ts.Expression): ts.ClassLikeDeclaration | undefined {
  const parent = parentOf(node);
  const clause = parent && t.isExpressionWithTypeArguments(parent) ? parentOf(parent) : undefined;
  if (!clause || !t.isHeritageClause(clause) || clause.token !== t.SyntaxKind.ExtendsKeyword) return undefined;
  const cls = parentOf(clause);
  return cls && t.isClassLike(cls) ? cls : undefined;
}

/** The expression a class is handed on in, when it is a value there (not a `new`'s class, an `extends`, a member read, an `instanceof`). */
function handedUse(t: typeof import('typescript'), node: ts.Expression): ts.Node | undefined {
  let inner: ts.Node = node;
  let parent = parentOf(node);
  // `(iam.AccessKey as any)`, `<typeof K>K`: the same value.
  while (parent && t.isExpression(parent) && unwrapExpression(t, parent) !== parent && unwrapExpression(t, parent) === unwrapExpression(t, node)) {
    inner = parent;
    parent = parentOf(parent);
  }
  if (!parent) return undefined;
  if ((t.isCallExpression(parent) || t.isNewExpression(parent)) && parent.arguments?.includes(inner as ts.Expression) === true) return parent;
  if (t.isArrayLiteralExpression(parent) || t.isSpreadElement(parent)) return parent;
  if (t.isReturnStatement(parent) || (t.isArrowFunction(parent) && parent.body === inner)) return parent;
  return undefined;
}
