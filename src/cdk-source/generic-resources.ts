import type * as ts from 'typescript';
import { note, type Diagnostic } from '../core/diagnostic.js';
import { cdkModule, CDK_ROOT_MODULE } from './iam-api.js';
import { searchSyntax } from './search-syntax.js';
import { nodeLocation, snippet } from './source-location.js';
import type { StaticValue } from './static-value.js';
import { importedNames } from './unanalysed-imports.js';
import { unwrapExpression } from './unwrap-expression.js';

/** CDK v1's core module, which exports `CfnResource` as aws-cdk-lib does (https://docs.aws.amazon.com/cdk/api/v1/docs/@aws-cdk_core.CfnResource.html). */
const V1_CORE_MODULE = '@aws-cdk/core';

/** The resource types the rules read: a user (its `LoginProfile`, its name) and an access key. */
const IAM_TYPES: ReadonlySet<string> = new Set(['AWS::IAM::User', 'AWS::IAM::AccessKey']);

/**
 * Notes for `new CfnResource(scope, id, { type, properties })` (aws-cdk-lib's generic L1,
 * https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.CfnResource.html), which synthesizes a
 * resource of whatever `type` it is given with its `properties` as written: when that type is
 * `AWS::IAM::User` or `AWS::IAM::AccessKey`, or is not known statically, the user, console password or
 * key it creates is not in the model, so a run without findings must not read as a pass (README, "CDK
 * TypeScript source"). `CfnResource` is seen where it is imported by name or reached through a namespace
 * import of the root module (`cdk.CfnResource`); `type` is evaluated as a constant (`evaluate`).
 */
export function genericIamResourceNotes(
  t: typeof import('typescript'),
  files: Iterable<ts.SourceFile>,
  evaluate: (expression: ts.Expression) => StaticValue,
): Diagnostic[] {
  const notes: Diagnostic[] = [];
  for (const sourceFile of files) {
    const classNames = new Set<string>();
    const namespaces = new Set<string>();
    for (const statement of sourceFile.statements) {
      const found = importedNames(t, statement);
      const module = found && cdkModule(found.module.text);
      if (!found || (module !== CDK_ROOT_MODULE && module !== V1_CORE_MODULE)) continue;
      for (const name of found.names) {
        const local = localName(t, name.node);
        if (local === undefined) continue;
        if (name.imported === 'CfnResource') classNames.add(local);
        else if (name.imported === '*' || name.imported === 'default') namespaces.add(local);
      }
    }
    if (classNames.size === 0 && namespaces.size === 0) continue;
    const isCfnResource = (callee: ts.Expression): boolean => {
      const node = unwrapExpression(t, callee);
      if (t.isIdentifier(node)) return classNames.has(node.text);
      return t.isPropertyAccessExpression(node) && node.name.text === 'CfnResource' && t.isIdentifier(node.expression) && namespaces.has(node.expression.text);
    };
    searchSyntax(t, [sourceFile], (node) => {
      if (!t.isNewExpression(node) || !isCfnResource(node.expression)) return undefined;
      const type = resourceType(t, node, evaluate);
      if (type.kind === 'known' && !IAM_TYPES.has(type.type)) return undefined;
      const message =
        type.kind === 'known'
          ? `new ${snippet(node.expression, sourceFile)}(...) creates an ${type.type}: credlint does not analyse resources made through the generic CfnResource, so the IAM user, console password or access key it creates is not checked`
          : `the type of new ${snippet(node.expression, sourceFile)}(...) is not known statically (${type.reason}): if it is AWS::IAM::User or AWS::IAM::AccessKey, the IAM user, console password or access key it creates is not checked`;
      notes.push(note(nodeLocation(node, sourceFile), message));
      return undefined;
    });
  }
  return notes;
}

/** The identifier an import binds (`CfnResource`, `cdk` of `import * as cdk`). */
function localName(t: typeof import('typescript'), node: ts.Node): string | undefined {
  if (t.isIdentifier(node)) return node.text;
  if (t.isImportSpecifier(node) || t.isNamespaceImport(node)) return node.name.text;
  if (t.isImportEqualsDeclaration(node)) return node.name.text;
  return undefined;
}

/** The `type` a `new CfnResource(...)` is given: known (a string), or why not. */
function resourceType(
  t: typeof import('typescript'),
  node: ts.NewExpression,
  evaluate: (expression: ts.Expression) => StaticValue,
): { kind: 'known'; type: string } | { kind: 'unknown'; reason: string } {
  const sourceFile = node.getSourceFile();
  const args = node.arguments ?? [];
  if (args.slice(0, 3).some((a) => t.isSpreadElement(a))) return { kind: 'unknown', reason: 'its arguments are spread' };
  const props = args[2] && unwrapExpression(t, args[2]);
  if (!props) return { kind: 'unknown', reason: 'it has no props' };
  if (!t.isObjectLiteralExpression(props)) {
    const value = evaluate(props);
    const type = value.kind === 'object' ? value.entries.get('type') : undefined;
    if (type?.kind === 'string') return { kind: 'known', type: type.value };
    return { kind: 'unknown', reason: `its props ${snippet(props, sourceFile)} are not read` };
  }
  // The last writer wins, as in JavaScript: a later spread or computed key may be the one that writes `type`.
  for (let i = props.properties.length - 1; i >= 0; i -= 1) {
    const property = props.properties[i] as ts.ObjectLiteralElementLike;
    if (t.isSpreadAssignment(property)) {
      // `{ type: 'AWS::SQS::Queue', ...base }`: a spread object known to have no `type` leaves it as written before.
      const spread = evaluate(property.expression);
      const type = spread.kind === 'object' ? spread.entries.get('type') : undefined;
      if (spread.kind === 'object' && type === undefined && !spread.rest) continue;
      if (type?.kind === 'string') return { kind: 'known', type: type.value };
      return { kind: 'unknown', reason: `${snippet(property, sourceFile)} may write it` };
    }
    const name = property.name;
    const key = t.isIdentifier(name) || t.isStringLiteralLike(name) || t.isNumericLiteral(name) ? name.text : undefined;
    if (key === undefined) return { kind: 'unknown', reason: `${snippet(property, sourceFile)} may write it` };
    if (key !== 'type') continue;
    const value = t.isPropertyAssignment(property)
      ? evaluate(property.initializer)
      : t.isShorthandPropertyAssignment(property)
        ? evaluate(property.name)
        : undefined;
    if (value?.kind === 'string') return { kind: 'known', type: value.value };
    return { kind: 'unknown', reason: `${snippet(property, sourceFile)} is not a string known statically` };
  }
  return { kind: 'unknown', reason: 'it has no type' };
}
