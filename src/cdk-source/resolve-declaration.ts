import type * as ts from 'typescript';
import { parentOf } from './parent-of.js';

/**
 * Light symbol resolution without a type checker (the ESLint plugin parses without type information):
 * an identifier is looked up in the lexical scopes around it, innermost first, and a project file's
 * exports by name. Enough for CDK code, which names constructs with `const`s, class properties and
 * imports; `var` hoisting and `with` are not modelled (a `var` is found in its block only).
 */

export type Declaration =
  /** `const x = ...`, `let x`, or a name inside a destructuring pattern (`path` leads to it). */
  | { readonly kind: 'variable'; readonly node: ts.VariableDeclaration; readonly leaf: ts.Node; readonly path: readonly ts.BindingElement[] }
  | { readonly kind: 'parameter'; readonly node: ts.ParameterDeclaration; readonly leaf: ts.Node }
  | { readonly kind: 'import'; readonly node: ts.Node; readonly module: string; readonly imported: string; readonly sourceFile: ts.SourceFile }
  | { readonly kind: 'enum'; readonly node: ts.EnumDeclaration }
  | { readonly kind: 'class'; readonly node: ts.ClassLikeDeclaration }
  | { readonly kind: 'other'; readonly node: ts.Node };

/** What a project file exports under a name. */
export type ExportTarget =
  | { readonly kind: 'declaration'; readonly declaration: Declaration }
  | { readonly kind: 'expression'; readonly node: ts.Expression }
  | { readonly kind: 'reexport'; readonly module: string; readonly imported: string; readonly sourceFile: ts.SourceFile };

/**
 * What `DeclarationIndex` found per scope and per file: functions of the syntax alone, kept for as long
 * as the tree lives, so the apps of a project (which share their parsed files) look each scope up once.
 */
const scopeDeclarations = new WeakMap<ts.Node, Map<string, Declaration>>();
const fileExports = new WeakMap<ts.SourceFile, { named: Map<string, ExportTarget>; star: string[] }>();

export class DeclarationIndex {
  private readonly scopes = scopeDeclarations;
  private readonly exports = fileExports;
  /** Per syntax kind, whether its nodes are scopes (`isScope`). */
  private readonly scopeKinds: (boolean | undefined)[] = [];

  constructor(private readonly ts: typeof import('typescript')) {}

  /** The declaration an identifier in an expression refers to, or undefined for a global (`process`, `JSON`). */
  find(identifier: ts.Identifier): Declaration | undefined {
    const name = identifier.text;
    for (let scope = parentOf(identifier); scope !== undefined; scope = parentOf(scope)) {
      if (!this.isScope(scope)) continue;
      const found = this.declarationsOf(scope).get(name);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * The nodes that can declare names (the cases of `collect`); other ancestors are skipped cheaply.
   * Every test below reads the syntax kind alone, so the answer is worked out once per kind: `find`
   * asks it of every ancestor of every identifier evaluated.
   */
  private isScope(node: ts.Node): boolean {
    let scope = this.scopeKinds[node.kind];
    if (scope === undefined) {
      scope = this.isScopeKind(node);
      this.scopeKinds[node.kind] = scope;
    }
    return scope;
  }

  private isScopeKind(node: ts.Node): boolean {
    const t = this.ts;
    return (
      t.isSourceFile(node) ||
      t.isBlock(node) ||
      t.isModuleBlock(node) ||
      t.isCaseClause(node) ||
      t.isDefaultClause(node) ||
      t.isForStatement(node) ||
      t.isForOfStatement(node) ||
      t.isForInStatement(node) ||
      t.isFunctionLike(node) ||
      t.isCatchClause(node) ||
      t.isClassExpression(node)
    );
  }

  /** The declarations of a file's top-level scope. */
  topLevel(sourceFile: ts.SourceFile): ReadonlyMap<string, Declaration> {
    return this.declarationsOf(sourceFile);
  }

  /** `export const x`, `export { a as x }`, `export default ...`; `export * from` modules are in `star`. */
  exportsOf(sourceFile: ts.SourceFile): { readonly named: ReadonlyMap<string, ExportTarget>; readonly star: readonly string[] } {
    let cached = this.exports.get(sourceFile);
    if (!cached) {
      cached = this.collectExports(sourceFile);
      this.exports.set(sourceFile, cached);
    }
    return cached;
  }

  private declarationsOf(scope: ts.Node): Map<string, Declaration> {
    let cached = this.scopes.get(scope);
    if (!cached) {
      cached = new Map();
      this.collect(scope, cached);
      this.scopes.set(scope, cached);
    }
    return cached;
  }

  private collect(scope: ts.Node, into: Map<string, Declaration>): void {
    const t = this.ts;
    const add = (name: string, declaration: Declaration) => {
      if (!into.has(name)) into.set(name, declaration);
    };
    if (t.isSourceFile(scope) || t.isBlock(scope) || t.isModuleBlock(scope) || t.isCaseClause(scope) || t.isDefaultClause(scope)) {
      for (const statement of scope.statements) this.collectStatement(statement, add);
    } else if (
      (t.isForStatement(scope) || t.isForOfStatement(scope) || t.isForInStatement(scope)) &&
      scope.initializer &&
      t.isVariableDeclarationList(scope.initializer)
    ) {
      for (const declaration of scope.initializer.declarations) this.collectVariable(declaration, add);
    } else if (t.isFunctionLike(scope)) {
      for (const parameter of scope.parameters) {
        this.collectBindingNames(parameter.name, [], (name, leaf) => {
          add(name, { kind: 'parameter', node: parameter, leaf });
        });
      }
      if ((t.isFunctionExpression(scope) || t.isFunctionDeclaration(scope)) && scope.name) add(scope.name.text, { kind: 'other', node: scope });
    } else if (t.isCatchClause(scope) && scope.variableDeclaration) {
      this.collectBindingNames(scope.variableDeclaration.name, [], (name) => {
        add(name, { kind: 'other', node: scope });
      });
    } else if (t.isClassExpression(scope) && scope.name) {
      add(scope.name.text, { kind: 'class', node: scope });
    }
  }

  private collectStatement(statement: ts.Statement, add: (name: string, declaration: Declaration) => void): void {
    const t = this.ts;
    if (t.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) this.collectVariable(declaration, add);
    } else if (t.isClassDeclaration(statement) && statement.name) {
      add(statement.name.text, { kind: 'class', node: statement });
    } else if (t.isEnumDeclaration(statement)) {
      add(statement.name.text, { kind: 'enum', node: statement });
    } else if ((t.isFunctionDeclaration(statement) || t.isModuleDeclaration(statement)) && statement.name && t.isIdentifier(statement.name)) {
      add(statement.name.text, { kind: 'other', node: statement });
    } else if (t.isImportDeclaration(statement) && t.isStringLiteral(statement.moduleSpecifier) && statement.importClause) {
      const module = statement.moduleSpecifier.text;
      const sourceFile = statement.getSourceFile();
      const clause = statement.importClause;
      if (clause.name) add(clause.name.text, { kind: 'import', node: clause, module, imported: 'default', sourceFile });
      const bindings = clause.namedBindings;
      if (bindings && t.isNamespaceImport(bindings)) add(bindings.name.text, { kind: 'import', node: bindings, module, imported: '*', sourceFile });
      if (bindings && t.isNamedImports(bindings)) {
        for (const specifier of bindings.elements) {
          const imported = specifier.propertyName ?? specifier.name;
          add(specifier.name.text, { kind: 'import', node: specifier, module, imported: imported.text, sourceFile });
        }
      }
    } else if (
      t.isImportEqualsDeclaration(statement) &&
      t.isExternalModuleReference(statement.moduleReference) &&
      t.isStringLiteral(statement.moduleReference.expression)
    ) {
      // `import iam = require('aws-cdk-lib/aws-iam')`
      add(statement.name.text, {
        kind: 'import',
        node: statement,
        module: statement.moduleReference.expression.text,
        imported: '*',
        sourceFile: statement.getSourceFile(),
      });
    }
  }

  private collectVariable(declaration: ts.VariableDeclaration, add: (name: string, declaration: Declaration) => void): void {
    this.collectBindingNames(declaration.name, [], (name, leaf, path) => {
      add(name, { kind: 'variable', node: declaration, leaf, path });
    });
  }

  private collectBindingNames(
    name: ts.BindingName,
    path: readonly ts.BindingElement[],
    found: (name: string, leaf: ts.Node, path: readonly ts.BindingElement[]) => void,
  ): void {
    const t = this.ts;
    if (t.isIdentifier(name)) {
      found(name.text, path.length > 0 ? (path[path.length - 1] as ts.BindingElement) : name.parent, path);
      return;
    }
    for (const element of name.elements) {
      if (t.isBindingElement(element)) this.collectBindingNames(element.name, [...path, element], found);
    }
  }

  private collectExports(sourceFile: ts.SourceFile): { named: Map<string, ExportTarget>; star: string[] } {
    const t = this.ts;
    const named = new Map<string, ExportTarget>();
    const star: string[] = [];
    // A JSON module (`import config from './users.json'`): its value is the default export, and the
    // properties of a top-level object are named exports, as TypeScript types them.
    if (sourceFile.fileName.endsWith('.json')) {
      const value = sourceFile.statements[0];
      if (value && t.isExpressionStatement(value)) {
        named.set('default', { kind: 'expression', node: value.expression });
        if (t.isObjectLiteralExpression(value.expression))
          for (const property of value.expression.properties)
            if (t.isPropertyAssignment(property) && t.isStringLiteral(property.name) && !named.has(property.name.text))
              named.set(property.name.text, { kind: 'expression', node: property.initializer });
      }
      return { named, star };
    }
    const top = this.declarationsOf(sourceFile);
    const exported = (node: ts.Node) => t.canHaveModifiers(node) && (t.getModifiers(node) ?? []).some((m) => m.kind === t.SyntaxKind.ExportKeyword);
    const isDefault = (node: ts.Node) => t.canHaveModifiers(node) && (t.getModifiers(node) ?? []).some((m) => m.kind === t.SyntaxKind.DefaultKeyword);
    for (const statement of sourceFile.statements) {
      if (t.isVariableStatement(statement) && exported(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          this.collectVariable(declaration, (name, found) => named.set(name, { kind: 'declaration', declaration: found }));
        }
      } else if ((t.isClassDeclaration(statement) || t.isEnumDeclaration(statement) || t.isFunctionDeclaration(statement)) && exported(statement)) {
        const local = statement.name ? top.get(statement.name.text) : undefined;
        const declaration: Declaration = local ?? { kind: 'other', node: statement };
        if (isDefault(statement)) named.set('default', { kind: 'declaration', declaration });
        else if (statement.name) named.set(statement.name.text, { kind: 'declaration', declaration });
      } else if (t.isExportAssignment(statement) && !statement.isExportEquals) {
        // `export default names` of a `const`: that variable's value (the default binding holds the
        // value the name has there, which for a `const` is its one value), so its changes are searched in importers too.
        const local = t.isIdentifier(statement.expression) ? top.get(statement.expression.text) : undefined;
        const constant = local?.kind === 'variable' && (t.getCombinedNodeFlags(local.node) & t.NodeFlags.Const) !== 0;
        named.set('default', constant ? { kind: 'declaration', declaration: local } : { kind: 'expression', node: statement.expression });
      } else if (t.isExportDeclaration(statement) && !statement.isTypeOnly) {
        const module = statement.moduleSpecifier && t.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
        const clause = statement.exportClause;
        if (!clause) {
          if (module !== undefined) star.push(module);
        } else if (t.isNamedExports(clause)) {
          for (const specifier of clause.elements) {
            const local = (specifier.propertyName ?? specifier.name).text;
            if (module !== undefined) named.set(specifier.name.text, { kind: 'reexport', module, imported: local, sourceFile });
            else {
              const declaration = top.get(local);
              if (declaration) named.set(specifier.name.text, { kind: 'declaration', declaration });
            }
          }
        } else if (module !== undefined) {
          named.set(clause.name.text, { kind: 'reexport', module, imported: '*', sourceFile });
        }
      }
    }
    return { named, star };
  }
}
