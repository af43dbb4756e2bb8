import type * as ts from 'typescript';
import type { Evaluator } from './evaluator.js';
import { cdkImport } from './iam-api.js';
import type { Declaration } from './resolve-declaration.js';
import { EMPTY_CONTEXT, opaque, unknown, type StaticValue } from './static-value.js';
import { snippet } from './source-location.js';

/**
 * Imports and exports across the project's files: `import { ana } from './users'` evaluates the
 * exported declaration in its own file (at top level, without loop bindings), following
 * `export { x } from`, `export * from` and `export default`; imports of `aws-cdk-lib` are the IAM API
 * or CDK tokens (`iam-api.ts`); other packages are not analysed. CommonJS's `require` of a project
 * file is read the same way.
 */
export class ModuleValues {
  constructor(private readonly evaluator: Evaluator) {}

  /**
   * What an import is: the IAM API, a CDK token, a project file's export, or unknown. `writesSeen`:
   * the writes the walk had recorded where the import is read (`Context.writesSeen`), for what a
   * module fills in place (`filled-objects.ts`).
   */
  importValue(fromFile: ts.SourceFile, module: string, imported: string, name: string, writesSeen?: number): StaticValue {
    const cdk = cdkImport(module, imported);
    if (cdk === 'token') return opaque(name, true);
    if (cdk) return cdk;
    const target = this.projectFile(fromFile, module);
    if (!target) return unknown(`${name} is imported from '${module}', which is not analysed`, name);
    if (imported === '*') return { kind: 'module', file: target };
    return this.exported(target, imported, name, new Set(), writesSeen);
  }

  projectFile(fromFile: ts.SourceFile, module: string): ts.SourceFile | undefined {
    const fileName = this.evaluator.host.resolveImport(fromFile.fileName, module);
    return fileName === undefined ? undefined : this.evaluator.host.sourceFile(fileName);
  }

  /** The declaration a project file exports under a name, following re-exports (for `import { stack }`). */
  exportedDeclaration(file: ts.SourceFile, exportName: string, seen = new Set<ts.SourceFile>()): Declaration | undefined {
    if (seen.has(file) || seen.size > 50) return undefined;
    seen.add(file);
    const { named, star } = this.evaluator.host.index.exportsOf(file);
    const target = named.get(exportName);
    if (target?.kind === 'declaration') return target.declaration;
    if (target?.kind === 'reexport') {
      const next = this.projectFile(target.sourceFile, target.module);
      return next && target.imported !== '*' ? this.exportedDeclaration(next, target.imported, seen) : undefined;
    }
    if (target) return undefined;
    for (const module of star) {
      const next = this.projectFile(file, module);
      const found = next ? this.exportedDeclaration(next, exportName, seen) : undefined;
      if (found) return found;
    }
    return undefined;
  }

  /** A project file's export by name, following `export { x } from`, `export * from` and `export default`. */
  exported(file: ts.SourceFile, exportName: string, name: string, seen: Set<ts.SourceFile>, writesSeen?: number): StaticValue {
    if (seen.has(file) || seen.size > 50) return unknown(`${name} is re-exported in a cycle`);
    seen.add(file);
    const { named, star } = this.evaluator.host.index.exportsOf(file);
    const target = named.get(exportName);
    // Evaluated at the top of its module, without loop bindings; only what the reader had seen of the walk goes with it.
    const context = writesSeen === undefined ? EMPTY_CONTEXT : { ...EMPTY_CONTEXT, writesSeen };
    if (target?.kind === 'declaration') return this.evaluator.declaration(target.declaration, name, context);
    if (target?.kind === 'expression') return this.evaluator.guarded(target.node, name, () => this.evaluator.evaluate(target.node, context));
    if (target?.kind === 'reexport') {
      const cdk = cdkImport(target.module, target.imported);
      if (cdk === 'token') return opaque(name, true);
      if (cdk) return cdk;
      const next = this.projectFile(target.sourceFile, target.module);
      if (!next) return unknown(`${name} is re-exported from '${target.module}', which is not analysed`, name);
      return target.imported === '*' ? { kind: 'module', file: next } : this.exported(next, target.imported, name, seen, writesSeen);
    }
    for (const module of star) {
      const through = this.starExport(file, module, exportName, new Set(seen));
      if (through === undefined) continue;
      return 'project' in through ? this.exported(through.project, exportName, name, seen, writesSeen) : through;
    }
    return unknown(`${name} is not exported by ${file.fileName.split('/').pop() ?? file.fileName}`, name);
  }

  /**
   * Whether `export * from module` in `file` gives `exportName`: the IAM API when the module is aws-cdk-lib's
   * IAM module (or aws-cdk-lib itself, for `aws_iam`), as Node resolves a barrel that re-exports it (a barrel
   * `export * from 'aws-cdk-lib/aws-iam'` made `new AccessKey(...)` through it no key at all); the project file
   * the module is when it exports the name, by name or through stars of its own (`index.ts` → `mid.ts` → `users.ts`).
   * `export *` never re-exports a default (https://tc39.es/ecma262/#sec-getexportednames).
   */
  private starExport(
    file: ts.SourceFile,
    module: string,
    exportName: string,
    seen: Set<ts.SourceFile>,
  ): StaticValue | { readonly project: ts.SourceFile } | undefined {
    if (exportName === 'default') return undefined;
    const cdk = cdkImport(module, exportName);
    if (cdk !== undefined) return cdk !== 'token' && cdk.kind === 'iam' ? cdk : undefined;
    const next = this.projectFile(file, module);
    if (!next || seen.has(next) || seen.size > 50) return undefined;
    seen.add(next);
    const { named, star } = this.evaluator.host.index.exportsOf(next);
    if (named.has(exportName) || star.some((inner) => this.starExport(next, inner, exportName, seen) !== undefined)) return { project: next };
    return undefined;
  }

  /** What an imported name is, for `MutatedVariables` and `MethodTargets`: a project file's declaration, a project file imported whole, or a package's. */
  importTarget(identifier: ts.Identifier): { declaration?: ts.Node; file?: ts.SourceFile; package?: true } | undefined {
    const declaration = this.evaluator.host.index.find(identifier);
    if (declaration?.kind !== 'import') return undefined;
    const file = this.projectFile(declaration.sourceFile, declaration.module);
    if (!file) return declaration.module.startsWith('.') || declaration.module.startsWith('/') ? {} : { package: true };
    if (declaration.imported === '*') return { file };
    return { declaration: this.exportedDeclaration(file, declaration.imported)?.node };
  }

  /**
   * `require('./config/team.json')`, CommonJS's own `require` (no project declaration of that name)
   * of aws-cdk-lib (or CDK v1) or of a relative path: what it loads, resolved from the source file as `ts-node` (which `cdk.json`
   * runs) resolves it — a JSON file's whole value, a project file's exports. Undefined for any other
   * call, which `call-results.ts` evaluates.
   */
  required(node: ts.CallExpression): StaticValue | undefined {
    const t = this.evaluator.ts;
    const [argument] = node.arguments;
    if (!t.isIdentifier(node.expression) || node.expression.text !== 'require' || node.arguments.length !== 1) return undefined;
    if (!argument || !t.isStringLiteralLike(argument) || this.evaluator.host.index.find(node.expression)) return undefined;
    // `const iam = require('aws-cdk-lib/aws-iam')`: the module whole, as `import * as iam` gives it (a
    // require of aws-cdk-lib was an unknown call, so a key made through it was no finding and no word).
    const cdk = cdkImport(argument.text, '*');
    if (cdk !== undefined) return cdk === 'token' ? opaque(snippet(node, node.getSourceFile()), true) : cdk;
    if (!/^\.\.?\//.test(argument.text)) return undefined;
    const name = snippet(node, node.getSourceFile());
    const file = this.projectFile(node.getSourceFile(), argument.text);
    if (file?.fileName.endsWith('.json')) return this.exported(file, 'default', name, new Set());
    return this.importValue(node.getSourceFile(), argument.text, '*', name);
  }
}
