import type * as ts from 'typescript';
import { note, type Diagnostic } from '../core/diagnostic.js';
import { cdkModule, unanalysedIamImport } from './iam-api.js';
import { nodeLocation, snippet } from './source-location.js';

/**
 * Notes for imports that look like CDK IAM constructs but are not analysed (`iam-api.ts`,
 * `unanalysedIamImport`): whatever they create is invisible to the rules, so a run without findings
 * must not read as a pass (README, "CDK TypeScript source"); and for `CfnInclude`, whose template
 * credlint analyses apart from the app (`includesTemplates`). Only the import statements at the top
 * of each file are read (imports are top-level by the language's grammar); type-only imports create
 * nothing and are left out, and so are imports of project files (`isProjectFile`), which are analysed.
 */
export function unanalysedImportNotes(
  t: typeof import('typescript'),
  files: Iterable<ts.SourceFile>,
  isProjectFile: (fromFile: ts.SourceFile, specifier: string) => boolean,
): Diagnostic[] {
  const notes: Diagnostic[] = [];
  for (const sourceFile of files) {
    for (const statement of sourceFile.statements) {
      const found = importedNames(t, statement);
      if (!found) continue;
      for (const name of found.names.filter((n) => includesTemplates(found.module.text, n.imported)))
        notes.push(
          note(
            nodeLocation(name.node, sourceFile),
            `${name.imported === '*' || name.imported === 'default' ? 'the module' : name.imported} is imported from ${snippet(found.module, sourceFile)}: a template it includes is analysed as a CloudFormation template of its own, so its IAM users and access keys are not linked with the ones this app creates`,
          ),
        );
      const names = found.names.filter((name) => unanalysedIamImport(found.module.text, name.imported));
      if (names.length === 0 || isProjectFile(sourceFile, found.module.text)) continue;
      for (const name of names) {
        const what = name.imported === '*' || name.imported === 'default' ? 'the module' : name.imported;
        notes.push(
          note(
            nodeLocation(name.node, sourceFile),
            `${what} is imported from ${snippet(found.module, sourceFile)}, which credlint does not analyse: IAM users, console passwords and access keys it creates are not checked`,
          ),
        );
      }
    }
  }
  return notes;
}

/**
 * Whether an import brings `CfnInclude` (https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.cloudformation_include-readme.html),
 * which merges an existing template into a stack at synthesis: credlint reads that template as a unit
 * of its own (README, "CDK TypeScript source"), so a key in the app for a user of the template, or two
 * keys split between them, is not found. The import is what is seen: a construct reached through the
 * root namespace (`cdk.cloudformation_include.CfnInclude`) is not.
 */
function includesTemplates(specifier: string, imported: string): boolean {
  const module = cdkModule(specifier);
  if (module === 'aws-cdk-lib') return imported === 'cloudformation_include';
  if (module !== 'aws-cdk-lib/cloudformation-include' && module !== '@aws-cdk/cloudformation-include') return false;
  return imported === 'CfnInclude' || imported === '*' || imported === 'default';
}

export interface ImportedName {
  readonly imported: string;
  readonly node: ts.Node;
}

/** The names an import statement binds, by what they import (`*` for a namespace), without type-only ones. */
export function importedNames(t: typeof import('typescript'), statement: ts.Statement): { module: ts.StringLiteral; names: ImportedName[] } | undefined {
  if (t.isImportEqualsDeclaration(statement)) {
    if (statement.isTypeOnly || !t.isExternalModuleReference(statement.moduleReference) || !t.isStringLiteral(statement.moduleReference.expression))
      return undefined;
    return { module: statement.moduleReference.expression, names: [{ imported: '*', node: statement }] };
  }
  if (!t.isImportDeclaration(statement) || !t.isStringLiteral(statement.moduleSpecifier) || !statement.importClause) return undefined;
  const clause = statement.importClause;
  // `import type`: TypeScript 5.9 says so in `phaseModifier`, earlier versions (the ESLint plugin may run one) in `isTypeOnly`.
  if (clause.phaseModifier === t.SyntaxKind.TypeKeyword || (clause as { readonly isTypeOnly?: boolean }).isTypeOnly === true) return undefined;
  const names: ImportedName[] = [];
  if (clause.name) names.push({ imported: 'default', node: clause.name });
  const bindings = clause.namedBindings;
  if (bindings && t.isNamespaceImport(bindings)) names.push({ imported: '*', node: bindings });
  if (bindings && t.isNamedImports(bindings))
    for (const specifier of bindings.elements)
      if (!specifier.isTypeOnly) names.push({ imported: (specifier.propertyName ?? specifier.name).text, node: specifier });
  return { module: statement.moduleSpecifier, names };
}
