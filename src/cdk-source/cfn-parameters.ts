import type * as ts from 'typescript';
import { namesCdkClass } from './names-cdk-class.js';
import type { Evaluator } from './evaluator.js';
import { str, unknown, type StaticValue } from './static-value.js';
import { unwrapExpression } from './unwrap-expression.js';

const CFN_PARAMETER: ReadonlySet<string> = new Set(['CfnParameter']);
const STACK: ReadonlySet<string> = new Set(['Stack']);
/** The props a parameter may have for its `Default` to be the value deployed: none of them constrains or hides it. */
const PLAIN_PROPS: ReadonlySet<string> = new Set(['type', 'default', 'description']);
/** Reads of the parameter that leave its declaration as written (a write to `p.default` or a hand-off to a function may not). */
const READS: ReadonlySet<string> = new Set(['valueAsString', 'valueAsNumber', 'valueAsList', 'value', 'logicalId']);
/** aws-cdk-lib's limit on a logical id made from a single path component (`makeUniqueId`). */
const MAX_LOGICAL_ID = 255;

/**
 * `p.valueAsString` of a `String` [CfnParameter](https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.CfnParameter.html)
 * with a literal `default`, created as `const p = new CfnParameter(this, 'Id', { default: '...' })` in the
 * constructor of a class extending `Stack`: CloudFormation deploys the `Default` of a parameter no value is
 * given for ([Parameters](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html)),
 * which is the value a scan of the synthesized template uses. Such a parameter's logical id is its construct id
 * without the characters that are not letters or digits (aws-cdk-lib's `makeUniqueId` for a resource at the
 * top of its stack); where `--parameter` (or the configuration's `parameters`) names it, the value given there
 * is not read from source: unknown. Undefined for any other parameter (the read stays what it was).
 */
export function cfnParameterDefault(
  t: typeof import('typescript'),
  evaluator: Evaluator,
  objectNode: ts.Expression,
  given: ReadonlySet<string>,
  text: string,
): StaticValue | undefined {
  const created = stackConstant(t, evaluator, objectNode, CFN_PARAMETER);
  if (!created) return undefined;
  const value = plainDefault(t, created.props);
  if (value === undefined || !onlyUsed(t, evaluator, created, isRead)) return undefined;
  const logicalId = created.id.replace(/[^A-Za-z0-9]/g, '');
  if (logicalId === '' || logicalId.length > MAX_LOGICAL_ID) return undefined;
  if (given.has(logicalId))
    return unknown(
      `${text} is parameter ${logicalId}, whose value --parameter (or the configuration's "parameters") gives; CDK source scanning does not read it`,
    );
  return str(value);
}

/** A `const` holding `new C(this, 'Id', props)` of aws-cdk-lib class `C`, declared in a stack class's constructor. */
export interface StackConstant {
  readonly variable: ts.VariableDeclaration;
  readonly constructor: ts.ConstructorDeclaration;
  /** The construct id, as written. */
  readonly id: string;
  readonly props: ts.Expression;
}

/**
 * What `expression` names when it is a `const` declared in the constructor of a class extending `Stack` as
 * `new C(this, 'Id', props)`, `C` one of `names` and not a project class; undefined for anything else.
 */
export function stackConstant(
  t: typeof import('typescript'),
  evaluator: Evaluator,
  expression: ts.Expression,
  names: ReadonlySet<string>,
): StackConstant | undefined {
  // An Aspect or `findChild` may reach the construct without its variable and rewrite it.
  if (evaluator.host.cfnDeclarationsRewritable !== false) return undefined;
  const identifier = unwrapExpression(t, expression);
  if (!t.isIdentifier(identifier)) return undefined;
  const declaration = evaluator.host.index.find(identifier);
  if (declaration?.kind !== 'variable' || declaration.path.length > 0) return undefined;
  const variable = declaration.node;
  const list = variable.parent;
  if (!t.isVariableDeclarationList(list) || (list.flags & t.NodeFlags.Const) === 0 || !t.isIdentifier(variable.name)) return undefined;
  const created = variable.initializer && unwrapExpression(t, variable.initializer);
  if (!created || !t.isNewExpression(created) || !namesCdkClass(t, created.expression, names)) return undefined;
  // A project class of that name is not aws-cdk-lib's.
  if (evaluator.calleeValue(created).kind !== 'unknown') return undefined;
  const block = list.parent.parent;
  const constructor = block.parent;
  if (!t.isVariableStatement(list.parent) || !t.isBlock(block) || !t.isConstructorDeclaration(constructor) || !inStackClass(t, constructor)) return undefined;
  const [scope, id, props, ...rest] = created.arguments ?? [];
  if (!scope || scope.kind !== t.SyntaxKind.ThisKeyword || !id || !t.isStringLiteralLike(id) || !props || rest.length > 0) return undefined;
  return { variable, constructor, id: id.text, props: unwrapExpression(t, props) };
}

/** Whether the constructor is that of a class whose `extends` names aws-cdk-lib's `Stack` (`this` is the stack). */
function inStackClass(t: typeof import('typescript'), constructor: ts.ConstructorDeclaration): boolean {
  const heritage = constructor.parent.heritageClauses?.find((clause) => clause.token === t.SyntaxKind.ExtendsKeyword);
  return namesCdkClass(t, heritage?.types[0]?.expression, STACK);
}

/** The literal `default` of props `{ type: 'String', default: '...' }` (type left out means `String`), else undefined. */
function plainDefault(t: typeof import('typescript'), props: ts.Expression): string | undefined {
  if (!t.isObjectLiteralExpression(props)) return undefined;
  let value: string | undefined;
  for (const property of props.properties) {
    if (!t.isPropertyAssignment(property) || !(t.isIdentifier(property.name) || t.isStringLiteral(property.name))) return undefined;
    const name = property.name.text;
    if (!PLAIN_PROPS.has(name)) return undefined;
    const written = unwrapExpression(t, property.initializer);
    if (!t.isStringLiteralLike(written)) return undefined;
    if (name === 'type' && written.text !== 'String') return undefined;
    if (name === 'default') value = written.text;
  }
  return value;
}

/** `p.valueAsString` and the other reads of `READS`, never written to. */
function isRead(t: typeof import('typescript'), reference: ts.Identifier): boolean {
  const read = reference.parent;
  if (!t.isPropertyAccessExpression(read) || read.expression !== reference || !READS.has(read.name.text)) return false;
  const outer = read.parent;
  return !(
    t.isBinaryExpression(outer) &&
    outer.left === read &&
    outer.operatorToken.kind >= t.SyntaxKind.FirstAssignment &&
    outer.operatorToken.kind <= t.SyntaxKind.LastAssignment
  );
}

/** Whether every reference to the constant's variable in its constructor is one `use` accepts (nothing else can see it). */
export function onlyUsed(
  t: typeof import('typescript'),
  evaluator: Evaluator,
  constant: StackConstant,
  use: (t: typeof import('typescript'), reference: ts.Identifier) => boolean,
): boolean {
  const { variable, constructor } = constant;
  const name = (variable.name as ts.Identifier).text;
  let only = true;
  const visit = (node: ts.Node): void => {
    if (!only) return;
    if (t.isIdentifier(node) && node.text === name && node !== variable.name && evaluator.host.index.find(node)?.node === variable) {
      only = use(t, node);
      return;
    }
    t.forEachChild(node, visit);
  };
  if (constructor.body) visit(constructor.body);
  return only;
}
